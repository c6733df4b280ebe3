"""The network and risk stage of ``akrim analyse``: keyed views and the entity graph, indicator
evidence, threat-actor candidate groups, contributions and scores, written to the store's
``network`` and ``risk`` schemas (never to ``facts``). Idempotent: every table is replaced."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pyarrow as pa

from akrim.domain.indicators import Catalogue, Level, load_catalogue
from akrim.domain.registers import REGISTER_FILES
from akrim.engines.backend import Backend
from akrim.engines.network.edges_sql import GROUPING_KINDS, company_links_sql, edges_view_sql
from akrim.engines.network.grouping import actor_id, candidate_groups
from akrim.engines.network.keyed_views_sql import keyed_view_statements_sql
from akrim.engines.risk import indicators_sql as ind
from akrim.engines.risk import scores_sql
from akrim.engines.risk.learning import OutcomeModel, learn_from_outcomes
from akrim.engines.risk.network_indicators_sql import NETWORK_INDICATOR_SQL

# A company links into a group only with at least this score: one weak, common signal does not
# make a firm part of a network.
LINKING_SCORE = 1.5


@dataclass(frozen=True, slots=True)
class StageReport:
    catalogue_version: str
    evidence_rows: int
    companies_flagged: int
    actors: int
    company_links: int
    outcome_model: OutcomeModel | None = None


def _evidence_sql(codes: list[str]) -> str:
    parts = [
        f"SELECT '{code}' AS indicator, company_id, source_file, record_id, "
        f"CAST(unit AS VARCHAR) AS unit FROM ({ind.COMPANY_INDICATOR_SQL[code]()})"
        for code in codes
    ]
    return " UNION ALL ".join(parts)


def _write_weights(backend: Backend, catalogue: Catalogue, weights: Mapping[str, float]) -> None:
    table = pa.table(
        {
            "indicator": list(weights),
            "weight": [float(w) for w in weights.values()],
            "catalogue_version": [catalogue.version] * len(weights),
        }
    )
    backend.register_arrow("risk_weights_in", table)
    backend.execute("CREATE OR REPLACE TABLE risk.weights AS SELECT * FROM risk_weights_in")
    backend.unregister("risk_weights_in")


def _known_companies_sql() -> str:
    """Every company any record mentions by org number, foreign contractors by their key."""
    parts = [
        f"SELECT {m.fields['orgnr']} AS company_id FROM current.{f.table} "
        f"WHERE {m.fields['orgnr']} IS NOT NULL"
        for f in REGISTER_FILES
        for m in f.mentions
        if m.kind == "company" and "orgnr" in m.fields
    ]
    parts += [
        "SELECT contractor FROM network.contracts WHERE contractor IS NOT NULL",
        "SELECT contractor FROM network.posted_workers WHERE contractor IS NOT NULL",
        "SELECT company_id FROM risk.evidence",
    ]
    return " UNION ".join(parts)


def _front_batch_links_sql() -> str:
    """The firms of one front person (FRONT_WITHOUT_INCOME) as one group when a firm of the
    batch was handed over to the front by the manager of a failed firm (HANDOVER_AFTER_FAILURE),
    or when several firms of the batch employ staff (FRONT_OF_STAFFED_FIRMS): the batch is then
    one operation run through one borrowed name, although most of its firms show only the
    front's weak marks. (A front who also claims benefits is not enough: on the calibration
    deliveries that tied in honest people's batches.) Each firm is tied to the batch's first
    firm (a star, so the number of links grows with the batch, not its square)."""
    return (
        "WITH batch AS (SELECT DISTINCT unit AS person_key, company_id FROM risk.evidence "
        "WHERE indicator = 'FRONT_WITHOUT_INCOME'), "
        "marked_people AS (SELECT b.person_key FROM batch b "
        "JOIN risk.evidence e ON e.company_id = b.company_id "
        "AND e.indicator = 'HANDOVER_AFTER_FAILURE' "
        "UNION SELECT unit FROM risk.evidence WHERE indicator = 'FRONT_OF_STAFFED_FIRMS'), "
        "hubs AS (SELECT person_key, min(company_id) AS hub FROM batch "
        "WHERE person_key IN (SELECT person_key FROM marked_people) GROUP BY 1) "
        "SELECT hubs.hub AS a, batch.company_id AS b FROM batch JOIN hubs USING (person_key) "
        "WHERE batch.company_id <> hubs.hub"
    )


def _write_groups(
    backend: Backend, include_single_companies: bool, history: tuple[str, ...] = ()
) -> int:
    kinds = ", ".join(f"'{k}'" for k in GROUPING_KINDS)
    # Earlier findings and tips order firms that show a mark, but they do not tie a firm into
    # someone else's network: a client or supplier that was once inspected is not a member.
    not_history = (
        "WHERE indicator NOT IN (" + ", ".join(f"'{c}'" for c in history) + ") " if history else ""
    )
    # Groups form among flagged companies: a link through companies with no signal at all
    # would join unrelated firms. Successions and mass moves of staff tie a company in even
    # when only one side is flagged (the old firm is usually silent once bankrupt), and so
    # does a payer that a flagged payee depends on (the client of sole proprietorships that
    # invoice only it shows nothing of its own).
    links = backend.arrow(
        "WITH flagged AS (SELECT company_id FROM risk.company_contributions "
        f"{not_history}GROUP BY 1 HAVING {scores_sql.exact_sum('points')} >= {LINKING_SCORE}) "
        f"SELECT DISTINCT a, b FROM network.company_links WHERE kind IN ({kinds}) "
        "AND a IS NOT NULL AND b IS NOT NULL AND ("
        "(a IN (SELECT company_id FROM flagged) AND b IN (SELECT company_id FROM flagged)) "
        "OR (kind IN ('succession', 'worker_move', 'payment') "
        "AND (a IN (SELECT company_id FROM flagged) OR b IN (SELECT company_id FROM flagged))))"
    )
    pairs = list(zip(links.column("a").to_pylist(), links.column("b").to_pylist(), strict=True))
    fronts = backend.arrow(_front_batch_links_sql())
    pairs += list(zip(fronts.column("a").to_pylist(), fronts.column("b").to_pylist(), strict=True))
    groups = candidate_groups(pairs)
    if include_single_companies:
        grouped = {c for g in groups for c in g}
        flagged = [r[0] for r in backend.rows("SELECT DISTINCT company_id FROM risk.evidence")]
        groups += [[str(c)] for c in sorted(str(c) for c in flagged) if c not in grouped]
    members = [(actor_id(g), c) for g in groups for c in g]
    table = pa.table(
        {"actor_id": [m[0] for m in members], "company_id": [m[1] for m in members]},
        schema=pa.schema([("actor_id", pa.string()), ("company_id", pa.string())]),
    )
    backend.register_arrow("actor_members_in", table)
    backend.execute(
        "CREATE OR REPLACE TABLE network.actor_members AS SELECT * FROM actor_members_in"
    )
    backend.unregister("actor_members_in")
    return len(groups)


def _priorities_sql(version: str) -> str:
    return (
        "WITH persons AS (SELECT m.actor_id, string_agg(DISTINCT h.source_person_id, ' ' "
        "ORDER BY h.source_person_id) AS person_ids FROM network.actor_members m "
        "JOIN network.role_holders h ON h.orgnr = m.company_id "
        "WHERE h.role IN ('DAGL', 'LEDE', 'NEST', 'MEDL', 'INNH', 'KONT') "
        "AND h.source_person_id IS NOT NULL GROUP BY 1), "
        "orgs AS (SELECT actor_id, string_agg(company_id, ' ' ORDER BY company_id) AS orgnrs "
        "FROM network.actor_members GROUP BY 1) "
        "SELECT row_number() OVER (ORDER BY s.score DESC, s.actor_id) AS rank, s.actor_id, "
        "s.score, o.orgnrs, coalesce(p.person_ids, '') AS person_ids, "
        "array_to_string(list_slice(string_split(s.indicators, ' '), 1, 5), ' ') "
        f"AS indicators, '{version}' AS catalogue_version FROM risk.network_scores s "
        "JOIN orgs o USING (actor_id) LEFT JOIN persons p USING (actor_id) WHERE s.score > 0"
    )


def _companies_sql(version: str) -> str:
    return (
        "WITH known AS (SELECT * FROM risk.known_companies) "
        "SELECT k.company_id AS orgnr, coalesce(s.score, 0) AS score, "
        "coalesce(m.actor_id, '') AS actor_id, coalesce(s.indicators, '') AS indicators, "
        f"'{version}' AS catalogue_version FROM known k "
        "LEFT JOIN risk.company_scores s USING (company_id) "
        "LEFT JOIN (SELECT company_id, min(actor_id) AS actor_id FROM network.actor_members "
        "GROUP BY 1) m USING (company_id) WHERE k.company_id IS NOT NULL"
    )


def _write_outcome_model(backend: Backend, model: OutcomeModel | None) -> None:
    """The learned scorecard and its held-out discrimination, for analysts to compare with
    the prior weights (the prior weights stay in force)."""
    lines = model.scorecard if model else ()
    backend.register_arrow(
        "scorecard_in",
        pa.table(
            {
                "indicator": [line.indicator for line in lines],
                "coefficient": [line.coefficient for line in lines],
                "points": [line.points for line in lines],
            },
            schema=pa.schema(
                [("indicator", pa.string()), ("coefficient", pa.float64()), ("points", pa.int64())]
            ),
        ),
    )
    backend.execute("CREATE OR REPLACE TABLE risk.learned_scorecard AS SELECT * FROM scorecard_in")
    backend.unregister("scorecard_in")
    metrics = (
        {
            "inspected": model.inspected,
            "serious_outcomes": model.positives,
            "held_out": model.held_out,
            "auc": model.auc,
            "average_precision": model.average_precision,
            "prior_auc": model.prior_auc,
            "prior_average_precision": model.prior_average_precision,
            "case_outcomes": model.case_outcomes,
        }
        if model
        else {}
    )
    backend.register_arrow(
        "metrics_in",
        pa.table(
            {"metric": list(metrics), "value": [float(v) for v in metrics.values()]},
            schema=pa.schema([("metric", pa.string()), ("value", pa.float64())]),
        ),
    )
    backend.execute("CREATE OR REPLACE TABLE risk.outcome_model AS SELECT * FROM metrics_in")
    backend.unregister("metrics_in")


def _resolution_ran(backend: Backend) -> bool:
    return bool(
        backend.scalar(
            "SELECT count(*) FROM information_schema.tables "
            "WHERE table_schema = 'resolution' AND table_name = 'identities'"
        )
    )


def _quarantine_keeps_fields(backend: Backend) -> bool:
    """Stores ingested before ingest kept quarantined records' raw fields lack the column."""
    return bool(
        backend.scalar(
            "SELECT count(*) FROM information_schema.columns WHERE table_schema = 'meta' "
            "AND table_name = 'quarantine' AND column_name = 'fields'"
        )
    )


def _count(backend: Backend, sql: str) -> int:
    return int(str(backend.scalar(sql) or 0))


def run_networks_and_scores(
    backend: Backend,
    *,
    catalogue: Catalogue | None = None,
    weights: Mapping[str, float] | None = None,
    include_single_companies: bool = True,
) -> StageReport:
    """Build the graph, evidence, groups and scores from the store's current facts."""
    catalogue = catalogue or load_catalogue()
    weights = dict(weights) if weights is not None else catalogue.weights()
    for statement in keyed_view_statements_sql(
        resolved=_resolution_ran(backend), quarantine_fields=_quarantine_keeps_fields(backend)
    ):
        backend.execute(statement)
    backend.execute("CREATE SCHEMA IF NOT EXISTS risk")
    backend.execute(edges_view_sql())
    _write_weights(backend, catalogue, weights)
    company_codes = [i.code for i in catalogue.indicators if i.level is not Level.NETWORK]
    backend.execute(f"CREATE OR REPLACE TABLE risk.evidence AS {_evidence_sql(company_codes)}")
    backend.execute(
        "CREATE OR REPLACE TABLE network.company_links AS "
        + company_links_sql(ind.worker_moves_sql(), ind.successions_sql())
    )
    backend.execute(f"CREATE OR REPLACE TABLE risk.known_companies AS {_known_companies_sql()}")
    for table, builder in (
        ("indicator_rates", scores_sql.indicator_rates_sql),
        ("company_contributions", scores_sql.company_contributions_sql),
        ("company_scores", scores_sql.company_scores_sql),
    ):
        backend.execute(f"CREATE OR REPLACE TABLE risk.{table} AS {builder()}")
    history = tuple(i.code for i in catalogue.indicators if i.typology == "history")
    actors = _write_groups(backend, include_single_companies, history)
    network_codes = [i.code for i in catalogue.indicators if i.level is Level.NETWORK]
    network_parts = " UNION ALL ".join(
        f"SELECT actor_id, indicator, source_file, record_id FROM ({NETWORK_INDICATOR_SQL[c]()})"
        for c in network_codes
    )
    backend.execute(f"CREATE OR REPLACE TABLE risk.network_evidence AS {network_parts}")
    for table, builder in (
        ("network_contributions", scores_sql.network_contributions_sql),
        ("network_scores", scores_sql.network_scores_sql),
    ):
        backend.execute(f"CREATE OR REPLACE TABLE risk.{table} AS {builder()}")
    backend.execute(
        f"CREATE OR REPLACE TABLE risk.priorities AS {_priorities_sql(catalogue.version)}"
    )
    backend.execute(
        f"CREATE OR REPLACE TABLE risk.companies AS {_companies_sql(catalogue.version)}"
    )
    model = learn_from_outcomes(backend, catalogue)
    _write_outcome_model(backend, model)
    return StageReport(
        outcome_model=model,
        catalogue_version=catalogue.version,
        evidence_rows=_count(backend, "SELECT count(*) FROM risk.evidence"),
        companies_flagged=_count(backend, "SELECT count(DISTINCT company_id) FROM risk.evidence"),
        actors=actors,
        company_links=_count(backend, "SELECT count(*) FROM network.company_links"),
    )
