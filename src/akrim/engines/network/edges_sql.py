"""The entity graph as SQL: every edge between companies, persons, addresses, bank accounts and
vehicles with the source record behind it (``network.edges``), and the company-to-company links
that threat-actor candidates are grouped by (``network.company_links``)."""

from __future__ import annotations

# The roles of the people who run a company (managing director, chair, owner of a sole
# proprietorship, contact person of a foreign branch). Ordinary board seats do not group
# companies: boards overlap widely in legitimate business.
RUNNING_ROLES = ("DAGL", "LEDE", "INNH", "KONT")
CONTROL = "(" + ", ".join(f"'{r}'" for r in RUNNING_ROLES) + ")"
# A person who runs more companies than this is a professional manager or a service provider;
# linking all their companies would merge unrelated firms.
MAX_COMPANIES_PER_CONTROLLER = 8
# Link kinds that make a threat-actor group. Shared addresses alone do not (business centres),
# nor does a single contract between a client and its supplier (ordinary trade chains every
# firm of a market together): only a subcontract, a link in a chain under another contract,
# or a captive contractor (see below).
GROUPING_KINDS = (
    "control",
    "unit_role",
    "worker_move",
    "subcontract",
    "captive_contractor",
    "payment",
    "succession",
)


def edges_view_sql() -> str:
    parts = [
        "SELECT 'person' AS src_kind, person_key AS src, 'company' AS dst_kind, orgnr AS dst, "
        "'role:' || role AS kind, source_file, record_id FROM network.role_holders "
        "WHERE person_key IS NOT NULL",
        "SELECT 'company', holder_orgnr, 'company', orgnr, 'role:' || role, source_file, "
        "record_id FROM network.role_holders WHERE holder_orgnr IS NOT NULL",
        "SELECT 'person', person_key, 'company', employer, 'employment', source_file, record_id "
        "FROM network.employments WHERE person_key IS NOT NULL",
        "SELECT 'person', person_key, 'company', contractor, 'posted', source_file, record_id "
        "FROM network.posted_workers WHERE person_key IS NOT NULL",
        "SELECT 'company', client, 'company', contractor, 'contract', source_file, record_id "
        "FROM network.contracts WHERE client IS NOT NULL AND contractor IS NOT NULL",
        "SELECT 'company', orgnr, 'address', address_key, 'address', source_file, record_id "
        "FROM network.company_addresses WHERE address_key IS NOT NULL",
        "SELECT 'person', person_key, 'address', address_key, 'address', source_file, record_id "
        "FROM network.residences WHERE address_key IS NOT NULL",
        "SELECT CASE WHEN owner_orgnr IS NOT NULL THEN 'company' ELSE 'person' END, "
        "coalesce(owner_orgnr, owner_person_id), 'account', account_no, 'account_owner', "
        "_source_file, record_id FROM current.bank__transaksjoner "
        "WHERE coalesce(owner_orgnr, owner_person_id) IS NOT NULL",
        "SELECT 'account', account_no, 'account', counterparty_account, 'payment', "
        "_source_file, record_id FROM current.bank__transaksjoner "
        "WHERE counterparty_account IS NOT NULL AND amount_nok < 0",
        "SELECT CASE WHEN owner_orgnr IS NOT NULL THEN 'company' ELSE 'person' END, "
        "coalesce(owner_orgnr, owner_person_id), 'vehicle', reg_no, 'vehicle_owner', "
        "_source_file, record_id FROM current.vegvesen__kjoretoy "
        "WHERE coalesce(owner_orgnr, owner_person_id) IS NOT NULL",
    ]
    return "CREATE OR REPLACE VIEW network.edges AS " + " UNION ALL ".join(parts)


def company_links_sql(worker_moves_sql: str, successions_sql: str) -> str:
    """Company pairs (a, b, kind, source_file, record_id): one row per evidence record."""
    control = (
        f"WITH ctl AS (SELECT * FROM network.role_holders WHERE role IN {CONTROL} "
        "AND person_key IS NOT NULL), "
        "busy AS (SELECT person_key FROM ctl GROUP BY 1 "
        f"HAVING count(DISTINCT orgnr) > {MAX_COMPANIES_PER_CONTROLLER}), "
        "pairs AS (SELECT x.orgnr AS a, y.orgnr AS b, x.source_file AS xf, x.record_id AS xr, "
        "y.source_file AS yf, y.record_id AS yr FROM ctl x JOIN ctl y "
        "ON x.person_key = y.person_key AND x.orgnr < y.orgnr "
        "WHERE x.person_key NOT IN (SELECT person_key FROM busy)) "
        "SELECT a, b, 'control' AS kind, xf AS source_file, xr AS record_id FROM pairs "
        "UNION ALL SELECT a, b, 'control', yf, yr FROM pairs"
    )
    # Payments link two companies only when the payee depends on the payer (at least half of
    # its incoming transfers): ordinary trade with many customers links nobody.
    payments = (
        "WITH t AS (SELECT CASE WHEN amount_nok < 0 THEN owner_orgnr ELSE counterparty_orgnr "
        "END AS payer, CASE WHEN amount_nok < 0 THEN counterparty_orgnr ELSE owner_orgnr END "
        "AS payee, abs(CAST(amount_nok AS DOUBLE)) AS amount, _source_file AS source_file, "
        "record_id FROM current.bank__transaksjoner WHERE kind = 'TRANSFER' "
        "AND owner_orgnr IS NOT NULL AND counterparty_orgnr IS NOT NULL "
        "AND owner_orgnr <> counterparty_orgnr), "
        "income AS (SELECT payee, sum(amount) AS total FROM t GROUP BY 1), "
        "pair AS (SELECT payer, payee, sum(amount) AS amount FROM t GROUP BY 1, 2) "
        "SELECT t.payer, t.payee, t.source_file, t.record_id FROM t "
        "JOIN pair USING (payer, payee) JOIN income USING (payee) "
        "WHERE pair.amount >= 0.5 * income.total"
    )
    # A contractor that works for one client only and has no staff of its own in the employer
    # reports, only posted workers, is the client's labour supply (disguised hiring through a
    # letterbox firm), not an independent supplier: the two are one operation.
    captive_contractors = (
        "WITH c AS (SELECT * FROM network.contracts WHERE client IS NOT NULL "
        "AND contractor IS NOT NULL AND client <> contractor), "
        "sole AS (SELECT contractor FROM c GROUP BY 1 HAVING count(DISTINCT client) = 1) "
        "SELECT c.client, c.contractor, c.source_file, c.record_id FROM c JOIN sole "
        "USING (contractor) WHERE EXISTS (SELECT 1 FROM network.posted_workers p "
        "WHERE p.contractor = c.contractor) AND NOT EXISTS (SELECT 1 FROM "
        "network.employments a WHERE a.employer = c.contractor)"
    )
    shared_address = (
        "WITH ca AS (SELECT * FROM network.company_addresses WHERE address_key IS NOT NULL), "
        "small AS (SELECT address_key FROM ca GROUP BY 1 HAVING count(DISTINCT orgnr) <= 5) "
        "SELECT x.orgnr, y.orgnr, 'shared_address', x.source_file, x.record_id FROM ca x "
        "JOIN ca y USING (address_key) JOIN small USING (address_key) WHERE x.orgnr < y.orgnr"
    )
    return (
        f"SELECT * FROM ({control}) UNION ALL "
        "SELECT holder_orgnr, orgnr, 'unit_role', source_file, record_id "
        "FROM network.role_holders WHERE holder_orgnr IS NOT NULL AND holder_orgnr <> orgnr "
        # Auditors and accountants hold roles in their clients: service, not control.
        "AND role NOT IN ('REVI', 'REGN') AND holder_orgnr IN (SELECT holder_orgnr "
        "FROM network.role_holders WHERE role NOT IN ('REVI', 'REGN') GROUP BY 1 "
        f"HAVING count(DISTINCT orgnr) <= {MAX_COMPANIES_PER_CONTROLLER}) "
        f"UNION ALL SELECT sender, receiver, 'worker_move', source_file, record_id "
        f"FROM ({worker_moves_sql}) "
        "UNION ALL SELECT client, contractor, CASE WHEN parent_contract_id IS NULL "
        "THEN 'contract' ELSE 'subcontract' END, source_file, record_id "
        "FROM network.contracts WHERE client IS NOT NULL AND contractor IS NOT NULL "
        "AND client <> contractor "
        f"UNION ALL SELECT client, contractor, 'captive_contractor', source_file, record_id "
        f"FROM ({captive_contractors}) "
        f"UNION ALL SELECT payer, payee, 'payment', source_file, record_id FROM ({payments}) "
        "UNION ALL SELECT old_orgnr, new_orgnr, 'succession', new_file, new_record "
        f"FROM ({successions_sql}) "
        f"UNION ALL SELECT * FROM ({shared_address})"
    )
