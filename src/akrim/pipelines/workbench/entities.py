"""Entity pages' analysis product: which entity an org number or id names, its label, its
score with each contribution's rationale, and the links that formed its identity.

Nothing here returns register facts (see ``facts`` for those): scores, indicator codes and
the resolved identity with its link explanations are the centres' joint analysis product.
Link explanations name the fields that agreed and the weights, and point to the two
mentions by register and record; they never show a confidential value.
"""

from __future__ import annotations

from dataclasses import dataclass

from akrim.domain.indicators.catalogue import Indicator
from akrim.domain.scoring import Score
from akrim.engines.backend import Backend, BackendError
from akrim.engines.resolution.decisions import MentionRef, latest_decisions_sql
from akrim.engines.risk.explanations import company_score
from akrim.pipelines.workbench import catalogue_facets

MAX_LINKS = 200


@dataclass(frozen=True, slots=True)
class EntityRef:
    entity_id: str
    kind: str  # "company" or "person"
    key: str  # org number for companies that have one, else the entity id
    label: str  # from the open registers; "" when they name it nowhere
    actor_id: str = ""
    score: float | None = None

    @property
    def title(self) -> str:
        return self.label or self.key


@dataclass(frozen=True, slots=True)
class Mention:
    reference: str  # source_file#record_id#role
    source_file: str
    record_id: str
    role: str


@dataclass(frozen=True, slots=True)
class IdentityLink:
    """A pairwise link between two mention profiles of the entity, as resolution made it."""

    left: Mention
    right: Mention
    rule: str
    probability: float | None
    weight: float | None
    explanation: str
    status: str
    decision: str = ""  # an analyst's latest verdict on the pair, if any


@dataclass(frozen=True, slots=True)
class ScoreLine:
    indicator: str
    name: str
    typology: str
    points: float
    rationale: str
    definition: str
    legal_basis: str
    evidence: tuple[tuple[str, str], ...]  # (source_file, record_id)


@dataclass(frozen=True, slots=True)
class ScoreExplanation:
    subject: str
    catalogue_version: str
    total: float
    lines: tuple[ScoreLine, ...]


def company(backend: Backend, key: str) -> EntityRef | None:
    """The company an org number or a company entity id names."""
    rows = backend.rows(
        "SELECT k.entity_id, k.orgnr, l.label FROM workbench.company_keys k "
        "LEFT JOIN workbench.labels l ON l.entity_id = k.entity_id AND l.entity_kind = 'company' "
        "WHERE k.orgnr = ? OR k.entity_id = ? LIMIT 1",
        [key, key],
    )
    if rows:
        entity_id, orgnr, label = (str(v or "") for v in rows[0])
    elif key.startswith("C-") and _entity_exists(backend, key, "company"):
        entity_id, orgnr, label = key, "", ""
    else:
        return None
    actor, score = _company_score(backend, orgnr) if orgnr else ("", None)
    return EntityRef(entity_id, "company", orgnr or entity_id, label, actor, score)


def person(backend: Backend, entity_id: str) -> EntityRef | None:
    if not _entity_exists(backend, entity_id, "person"):
        return None
    label = backend.scalar(
        "SELECT label FROM workbench.labels WHERE entity_id = ? AND entity_kind = 'person'",
        [entity_id],
    )
    return EntityRef(entity_id, "person", entity_id, str(label or ""))


def _entity_exists(backend: Backend, entity_id: str, kind: str) -> bool:
    return bool(
        backend.rows(
            "SELECT 1 FROM workbench.entity_records WHERE entity_id = ? AND entity_kind = ? "
            "LIMIT 1",
            [entity_id, kind],
        )
    )


def _company_score(backend: Backend, orgnr: str) -> tuple[str, float | None]:
    rows = backend.rows("SELECT actor_id, score FROM risk.companies WHERE orgnr = ?", [orgnr])
    if not rows:
        return "", None
    actor, score = rows[0]
    return str(actor or ""), float(str(score))


def score_explanation(backend: Backend, orgnr: str) -> ScoreExplanation:
    """Each contribution to a company's score with its indicator's rationale and the
    references (never the contents) of the records behind it."""
    score: Score = company_score(backend, orgnr)
    lines = []
    for c in sorted(score.contributions, key=lambda c: (-c.points, c.indicator)):
        item: Indicator | None = catalogue_facets.indicator(c.indicator)
        lines.append(
            ScoreLine(
                indicator=c.indicator,
                name=item.name if item else c.indicator,
                typology=item.typology if item else "",
                points=c.points,
                rationale=item.rationale if item else "",
                definition=item.definition if item else "",
                legal_basis=item.legal_basis if item else "",
                evidence=tuple((e.source_file, e.record_id) for e in c.evidence),
            )
        )
    return ScoreExplanation(orgnr, score.catalogue_version, score.total, tuple(lines))


def _mention(reference: str) -> Mention:
    ref = MentionRef.parse(reference)
    return Mention(str(ref), ref.source_file, ref.record_id, ref.role)


def identity_links(backend: Backend, entity_id: str, kind: str) -> tuple[IdentityLink, ...]:
    """The links between the entity's mention profiles (and rejected links to others)."""
    if kind not in ("person", "company"):
        raise ValueError(f"kind must be person or company, not {kind!r}")
    rows = backend.rows(
        "SELECT left_mention, right_mention, rule, match_probability, match_weight, "
        "explanation, status FROM workbench.entity_links WHERE entity_id = ? "
        f"AND entity_kind = ? ORDER BY match_probability, rule, 1, 2 LIMIT {MAX_LINKS}",
        [entity_id, kind],
    )
    decided = _decisions(backend, kind)
    links: list[IdentityLink] = []
    for left, right, rule, probability, weight, explanation, status in rows:
        pair = tuple(sorted((str(left), str(right))))
        links.append(
            IdentityLink(
                left=_mention(str(left)),
                right=_mention(str(right)),
                rule=str(rule),
                probability=None if probability is None else float(str(probability)),
                weight=None if weight is None else float(str(weight)),
                explanation=str(explanation or ""),
                status=str(status),
                decision=decided.get(pair, ""),
            )
        )
    return tuple(links)


def _decisions(backend: Backend, kind: str) -> dict[tuple[str, ...], str]:
    """Analysts' latest verdicts on pairs of mentions (none before the first decision)."""
    try:
        rows = backend.rows(latest_decisions_sql(kind))
    except BackendError:  # no decision recorded yet: the table does not exist
        return {}
    return {tuple(sorted((str(a), str(b)))): str(v) for a, b, v in rows}
