"""One SQL builder per indicator of the catalogue. Each returns a query with the columns
``company_id, source_file, record_id, unit``: one row per source record that is evidence for
the indicator firing on that company (``unit`` is what thresholds count: a person, a record).

Builders read the keyed views of schema ``network`` and the current facts; never a protected
attribute (a test scans every builder's SQL).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from akrim.domain.indicators import load_minimum_wages

CONTROL = "('DAGL', 'LEDE', 'NEST', 'MEDL', 'INNH', 'KONT')"
RUNNING = "('DAGL', 'LEDE', 'INNH', 'KONT')"
A_MELDING = "current.skatteetaten__a_melding"
ENHETER = "current.brreg__enheter"


def _fires(evidence_sql: str, min_units: int = 1) -> str:
    """Evidence rows of companies with at least ``min_units`` distinct units of evidence."""
    return (
        f"WITH ev AS ({evidence_sql}) SELECT DISTINCT company_id, source_file, record_id, unit "
        "FROM ev WHERE company_id IS NOT NULL AND company_id IN (SELECT company_id FROM ev "
        f"GROUP BY company_id HAVING count(DISTINCT unit) >= {min_units})"
    )


def _fires_share(evidence_sql: str, min_units: int, totals_sql: str, min_share: float) -> str:
    """As ``_fires``, and the units must also be at least ``min_share`` of the company's total
    (``totals_sql``: company_id, total): a big employer meets any absolute count by chance."""
    return (
        f"WITH ev AS ({evidence_sql}), totals AS ({totals_sql}), "
        "hit AS (SELECT ev.company_id FROM ev JOIN totals USING (company_id) "
        "GROUP BY ev.company_id, totals.total "
        f"HAVING count(DISTINCT ev.unit) >= {min_units} "
        f"AND count(DISTINCT ev.unit) >= {min_share} * totals.total) "
        "SELECT DISTINCT company_id, source_file, record_id, unit FROM ev "
        "WHERE company_id IN (SELECT company_id FROM hit)"
    )


STAFF_TOTALS = (
    "SELECT employer AS company_id, count(DISTINCT person_key) AS total "
    "FROM network.employments GROUP BY 1"
)
ROW_TOTALS = "SELECT employer AS company_id, count(*) AS total FROM network.employments GROUP BY 1"
SEEN_TOTALS = (
    "SELECT company AS company_id, count(DISTINCT person_key) AS total "
    "FROM network.persons_seen GROUP BY 1"
)
CARD_TOTALS = (
    "SELECT employer AS company_id, count(DISTINCT person_key) AS total "
    "FROM network.hms_cards WHERE blocked_date IS NULL GROUP BY 1"
)


def minimum_wage_rates_sql() -> str:
    """The minimum-wage table as VALUES: (prefix, valid_from, valid_to, rate)."""
    rows = []
    for sector in load_minimum_wages():
        rates = list(sector.rates)
        for i, (valid_from, rate) in enumerate(rates):
            valid_to = rates[i + 1][0] if i + 1 < len(rates) else date(9999, 12, 31)
            for prefix in sector.nace_prefixes:
                rows.append(f"('{prefix}', DATE '{valid_from}', DATE '{valid_to}', {rate})")
    return "SELECT * FROM (VALUES " + ", ".join(rows) + ") r(prefix, valid_from, valid_to, rate)"


# Underpayment that is an actor's business model is deep and lasting: several people, each paid
# far below the lowest adult rate in more than one month. A month's pay cut by unpaid leave, a
# data error or a lawful youth or apprentice rate (at most a third below the adult rate in most
# agreements) stays above this line or touches one month or one person.
DEEP_UNDERPAYMENT = 0.8
UNDERPAID_PERSONS = 3
UNDERPAID_MONTHS = 2


def wage_below_minimum_sql() -> str:
    hours = "coalesce(a.paid_hours, a.position_pct / 100.0 * a.full_time_hours_week * 52.0 / 12.0)"
    return _fires(
        f"WITH rates AS ({minimum_wage_rates_sql()}), "
        f"paid AS (SELECT a.record_id, a.source_file, a.employer, a.person_key, a.month, "
        f"{hours} AS hours, a.gross_pay, e.nace FROM network.employments a "
        f"JOIN {ENHETER} e ON e.orgnr = a.employer "
        "WHERE coalesce(a.employment_type, 'ordinary') = 'ordinary' "
        "AND a.person_key IS NOT NULL), "
        "rated AS (SELECT paid.*, r.rate FROM paid JOIN rates r "
        "ON starts_with(paid.nace, r.prefix) AND paid.month >= r.valid_from "
        "AND paid.month < r.valid_to "
        "QUALIFY row_number() OVER (PARTITION BY paid.record_id "
        "ORDER BY length(r.prefix) DESC) = 1), "
        "low AS (SELECT * FROM rated WHERE hours > 0 AND gross_pay IS NOT NULL "
        f"AND gross_pay / hours < {DEEP_UNDERPAYMENT} * rate), "
        "lasting AS (SELECT employer, person_key FROM low GROUP BY 1, 2 "
        f"HAVING count(DISTINCT month) >= {UNDERPAID_MONTHS}) "
        "SELECT employer AS company_id, source_file, record_id, person_key AS unit FROM low "
        "JOIN lasting USING (employer, person_key)",
        UNDERPAID_PERSONS,
    )


def long_hours_sql() -> str:
    return _fires_share(
        "SELECT employer AS company_id, source_file, record_id, record_id AS unit "
        "FROM network.employments WHERE paid_hours > 230",
        2,
        ROW_TOTALS,
        0.1,
    )


def repeat_bankruptcy_controller_sql() -> str:
    return _fires(
        # The people who run a firm (manager, chair, sole proprietor, contact of a foreign
        # branch), not board members: professional board members sit on many boards, some of
        # which fail, without running any of them.
        f"WITH ctl AS (SELECT * FROM network.role_holders WHERE role IN {RUNNING} "
        "AND person_key IS NOT NULL), "
        f"failed AS (SELECT orgnr, coalesce(bankruptcy_date, deleted_date) AS failed_date "
        f"FROM {ENHETER} WHERE bankrupt OR forced_dissolution), "
        "fc AS (SELECT DISTINCT ctl.person_key, failed.orgnr, failed.failed_date FROM ctl "
        "JOIN failed USING (orgnr)), "
        # Serial failures: two within three years of each other, not two in a lifetime.
        "riders AS (SELECT DISTINCT a.person_key FROM fc a JOIN fc b "
        "ON a.person_key = b.person_key AND a.orgnr < b.orgnr "
        "AND abs(date_diff('day', a.failed_date, b.failed_date)) <= 1095) "
        "SELECT ctl.orgnr AS company_id, ctl.source_file, ctl.record_id, ctl.person_key AS unit "
        "FROM ctl JOIN riders USING (person_key)"
    )


def nace_section_sql(nace: str) -> str:
    """The NACE Rev. 2 section (A-U) of a code, from its two-digit division: the trade."""
    bounds = (
        (3, "A"), (9, "B"), (33, "C"), (35, "D"), (39, "E"), (43, "F"), (47, "G"), (53, "H"),
        (56, "I"), (63, "J"), (66, "K"), (68, "L"), (75, "M"), (82, "N"), (84, "O"), (85, "P"),
        (88, "Q"), (93, "R"), (96, "S"), (98, "T"), (99, "U"),
    )  # fmt: skip
    division = f"TRY_CAST(substr({nace}, 1, 2) AS INTEGER)"
    cases = " ".join(f"WHEN {division} <= {upper} THEN '{section}'" for upper, section in bounds)
    return f"CASE {cases} END"


def successions_sql() -> str:
    """Pairs (old bankrupt company, new company) tied by a controller or the address."""
    # Candidates come from equality joins (a controller of the old firm, or its address), not
    # from every firm of the trade registered near the bankruptcy: that comparison grows with
    # the square of the register (hundreds of millions of pairs at national scale).
    return (
        f"WITH e AS (SELECT e.orgnr, e.record_id, e._source_file AS source_file, "
        "e.registered_date, e.bankruptcy_date, coalesce(e.bankrupt, false) AS bankrupt, "
        f"{nace_section_sql('e.nace')} AS division, a.address_key "
        f"FROM {ENHETER} e LEFT JOIN network.company_addresses a ON a.orgnr = e.orgnr), "
        "old AS (SELECT * FROM e WHERE bankrupt AND bankruptcy_date IS NOT NULL), "
        f"ctl AS (SELECT DISTINCT orgnr, person_key FROM network.role_holders "
        f"WHERE role IN {CONTROL} AND person_key IS NOT NULL), "
        "by_controller AS (SELECT DISTINCT c1.orgnr AS old_orgnr, c2.orgnr AS new_orgnr "
        "FROM ctl c1 JOIN ctl c2 ON c1.person_key = c2.person_key AND c1.orgnr <> c2.orgnr "
        "WHERE c1.orgnr IN (SELECT orgnr FROM old)), "
        "by_place AS (SELECT DISTINCT o.orgnr AS old_orgnr, n.orgnr AS new_orgnr "
        "FROM old o JOIN e n ON n.address_key = o.address_key AND n.orgnr <> o.orgnr "
        "AND n.registered_date >= o.bankruptcy_date - INTERVAL 90 DAY "
        "AND n.registered_date <= o.bankruptcy_date + INTERVAL 90 DAY), "
        "candidates AS (SELECT * FROM by_controller UNION SELECT * FROM by_place), "
        "pairs AS (SELECT o.orgnr AS old_orgnr, o.source_file AS old_file, "
        "o.record_id AS old_record, n.orgnr AS new_orgnr, n.source_file AS new_file, "
        "n.record_id AS new_record, o.address_key = n.address_key AS same_place "
        "FROM candidates c JOIN old o ON o.orgnr = c.old_orgnr "
        "JOIN e n ON n.orgnr = c.new_orgnr AND n.division = o.division "
        "AND n.registered_date >= o.bankruptcy_date - INTERVAL 90 DAY "
        "AND n.registered_date <= o.bankruptcy_date + INTERVAL 90 DAY) "
        "SELECT p.* FROM pairs p WHERE (p.same_place OR EXISTS (SELECT 1 FROM by_controller b "
        "WHERE b.old_orgnr = p.old_orgnr AND b.new_orgnr = p.new_orgnr)) "
        # A phoenix carries the business on: the new firm reports staff or VAT turnover. A
        # shell that never traded (a holding or a dormant company of the same owner) takes
        # nothing over from the bankrupt one.
        "AND (EXISTS (SELECT 1 FROM network.employments a WHERE a.employer = p.new_orgnr) "
        "OR EXISTS (SELECT 1 FROM current.skatteetaten__mva v WHERE v.orgnr = p.new_orgnr "
        "AND v.turnover_nok > 0))"
    )


def successor_after_bankruptcy_sql() -> str:
    return _fires(
        f"WITH s AS ({successions_sql()}) "
        "SELECT new_orgnr AS company_id, new_file AS source_file, new_record AS record_id, "
        "old_orgnr AS unit FROM s UNION ALL "
        "SELECT new_orgnr, old_file, old_record, old_orgnr FROM s"
    )


def worker_moves_sql() -> str:
    """Mass moves: (sender, receiver, month left, movers, evidence) with >= 3 movers who are
    at least half of the sender's staff in the month they left."""
    return (
        "WITH am AS (SELECT employer, person_key, month, source_file, record_id "
        "FROM network.employments WHERE person_key IS NOT NULL AND employer IS NOT NULL), "
        "span AS (SELECT employer, person_key, min(month) AS first_m, max(month) AS last_m "
        "FROM am GROUP BY 1, 2), "
        "staff AS (SELECT employer, month, count(DISTINCT person_key) AS n FROM am "
        "GROUP BY 1, 2), "
        # A move: the worker left the sender (before the last reported month) and started
        # at the receiver from the sender's last month on (a month of overlap is common).
        "window_end AS (SELECT max(month) AS last_month FROM am), "
        "moves AS (SELECT a.employer AS sender, b.employer AS receiver, a.last_m, "
        "b.first_m, a.person_key FROM span a JOIN span b ON a.person_key = b.person_key "
        "AND a.employer <> b.employer AND b.first_m >= a.last_m AND b.first_m > a.first_m "
        "AND b.first_m <= a.last_m + INTERVAL 2 MONTH, window_end "
        "WHERE a.last_m < window_end.last_month), "
        "mass AS (SELECT m.sender, m.receiver, m.last_m FROM moves m JOIN staff s "
        "ON s.employer = m.sender AND s.month = m.last_m GROUP BY 1, 2, 3, s.n "
        "HAVING count(DISTINCT m.person_key) >= 3 "
        "AND count(DISTINCT m.person_key) >= 0.5 * s.n) "
        "SELECT mass.sender, mass.receiver, m.person_key, am.source_file, am.record_id "
        "FROM mass JOIN moves m USING (sender, receiver, last_m) "
        "JOIN am ON am.person_key = m.person_key AND ((am.employer = m.sender "
        "AND am.month = m.last_m) OR (am.employer = m.receiver AND am.month = m.first_m))"
    )


def staff_moved_en_masse_sql() -> str:
    # Staff following their work to a new owner is a lawful transfer of undertaking: the old
    # firm is wound up or carries on, run by other people. The move is a phoenix's when the
    # old firm failed (bankruptcy, forced dissolution) or the same people or premises are on
    # both sides.
    return _fires(
        f"WITH w AS ({worker_moves_sql()}), "
        f"ctl AS (SELECT DISTINCT orgnr, person_key FROM network.role_holders "
        f"WHERE role IN {CONTROL} AND person_key IS NOT NULL), "
        "pair AS (SELECT DISTINCT sender, receiver FROM w), "
        "tied AS (SELECT p.sender, p.receiver FROM pair p "
        f"LEFT JOIN {ENHETER} e ON e.orgnr = p.sender "
        "WHERE coalesce(e.bankrupt, false) OR coalesce(e.forced_dissolution, false) "
        "OR EXISTS (SELECT 1 FROM ctl c1 JOIN ctl c2 ON c1.person_key = c2.person_key "
        "WHERE c1.orgnr = p.sender AND c2.orgnr = p.receiver) "
        "OR EXISTS (SELECT 1 FROM network.company_addresses a1 "
        "JOIN network.company_addresses a2 ON a1.address_key = a2.address_key "
        "WHERE a1.orgnr = p.sender AND a2.orgnr = p.receiver)) "
        "SELECT receiver AS company_id, source_file, record_id, person_key AS unit "
        "FROM w JOIN tied USING (sender, receiver) "
        "UNION ALL SELECT sender, source_file, record_id, person_key "
        "FROM w JOIN tied USING (sender, receiver)",
        3,
    )


KICKBACK_SHARE = 0.05


def wage_kickbacks_sql() -> str:
    # Workers paying rent or repaying an advance to their employer is ordinary; the mark is
    # money going back to the person who runs the firm, a real part of the wages they got.
    return _fires(
        f"WITH staff AS ({_staff_sql()}), "
        "back AS (SELECT * FROM network.transactions WHERE owner_person IS NOT NULL "
        "AND amount < 0 AND kind = 'TRANSFER'), "
        "to_boss AS (SELECT DISTINCT st.employer AS company_id, b.source_file, b.record_id, "
        "st.person_key AS unit, -b.amount AS amount FROM back b "
        "JOIN staff st ON st.person_key = b.owner_person "
        "JOIN network.role_holders h ON h.orgnr = st.employer "
        f"AND h.person_key = b.counterparty_person AND h.role IN {RUNNING}), "
        "wages AS (SELECT st.employer AS company_id, sum(t.amount) AS wages "
        "FROM network.transactions t JOIN staff st ON st.person_key = t.owner_person "
        "WHERE t.amount > 0 AND t.kind = 'SALARY' AND t.counterparty_orgnr = st.employer "
        "AND st.person_key IN (SELECT unit FROM to_boss WHERE company_id = st.employer) "
        "GROUP BY 1), "
        "heavy AS (SELECT company_id FROM to_boss LEFT JOIN wages USING (company_id) "
        f"GROUP BY company_id, wages.wages HAVING sum(amount) >= {KICKBACK_SHARE} "
        "* coalesce(wages.wages, 0)) "
        "SELECT company_id, source_file, record_id, unit FROM to_boss "
        "WHERE company_id IN (SELECT company_id FROM heavy)",
        3,
    )


def money_back_to_client_manager_sql() -> str:
    # A supplier paid by a client that sends money on to the person who runs that client is
    # returning the invoice money (the cash leg of fictitious invoicing) or paying a bribe.
    return _fires(
        "WITH t AS (SELECT * FROM network.transactions WHERE kind = 'TRANSFER' "
        "AND owner_orgnr IS NOT NULL), "
        "paid AS (SELECT DISTINCT CASE WHEN amount > 0 THEN counterparty_orgnr "
        "ELSE owner_orgnr END AS client, CASE WHEN amount > 0 THEN owner_orgnr "
        "ELSE counterparty_orgnr END AS supplier FROM t WHERE counterparty_orgnr IS NOT NULL "
        "AND counterparty_orgnr <> owner_orgnr), "
        "back AS (SELECT DISTINCT p.client, p.supplier, t.source_file, t.record_id FROM paid p "
        "JOIN t ON t.owner_orgnr = p.supplier AND t.amount < 0 "
        "JOIN network.role_holders h ON h.orgnr = p.client "
        f"AND h.person_key = t.counterparty_person AND h.role IN {RUNNING} AND NOT h.resigned) "
        "SELECT supplier AS company_id, source_file, record_id, record_id AS unit FROM back "
        "UNION ALL SELECT client, source_file, record_id, record_id FROM back",
        2,
    )


def kickbacks_in_cash_sql() -> str:
    # Workers taking cash out on payday is common; the manager paying cash into their own
    # account in the same days, payday after payday, is the wages coming back in cash.
    return _fires(
        "WITH sal AS (SELECT owner_person AS person_key, counterparty_orgnr AS employer, date, "
        "amount FROM network.transactions WHERE kind = 'SALARY' AND amount > 0 "
        "AND owner_person IS NOT NULL AND counterparty_orgnr IS NOT NULL), "
        "wd AS (SELECT s.employer, s.person_key, s.date, w.source_file, w.record_id FROM sal s "
        "JOIN network.transactions w ON w.owner_person = s.person_key "
        "AND w.kind = 'CASH_WITHDRAWAL' AND w.amount <= -0.2 * s.amount "
        "AND w.date BETWEEN s.date AND s.date + INTERVAL 3 DAY), "
        "boss AS (SELECT DISTINCT orgnr, person_key FROM network.role_holders "
        f"WHERE role IN {RUNNING} AND NOT resigned AND person_key IS NOT NULL), "
        "dep AS (SELECT wd.*, d.source_file AS d_file, d.record_id AS d_rec FROM wd "
        "JOIN boss b ON b.orgnr = wd.employer JOIN network.transactions d "
        "ON d.owner_person = b.person_key AND d.kind = 'CASH_DEPOSIT' AND d.amount > 0 "
        "AND d.date BETWEEN wd.date AND wd.date + INTERVAL 5 DAY) "
        "SELECT employer AS company_id, source_file, record_id, person_key AS unit FROM dep "
        "UNION ALL SELECT employer, d_file, d_rec, person_key FROM dep",
        3,
    )


def controller_many_companies_sql() -> str:
    # Running several established companies is common (holding structures); fronting a batch
    # of new ones is the straw man's mark.
    return _fires(
        f"WITH ctl AS (SELECT h.*, e.registered_date FROM network.role_holders h "
        f"JOIN {ENHETER} e ON e.orgnr = h.orgnr WHERE h.role IN {RUNNING} "
        "AND NOT h.resigned AND h.person_key IS NOT NULL AND e.registered_date IS NOT NULL), "
        "batch AS (SELECT a.person_key, a.orgnr FROM ctl a JOIN ctl b "
        "ON a.person_key = b.person_key "
        "AND abs(date_diff('day', a.registered_date, b.registered_date)) <= 730 "
        "GROUP BY 1, 2 HAVING count(DISTINCT b.orgnr) >= 3) "
        "SELECT ctl.orgnr AS company_id, ctl.source_file, ctl.record_id, ctl.person_key AS unit "
        "FROM ctl JOIN batch USING (person_key, orgnr)"
    )


def front_without_income_sql() -> str:
    # A person who runs a batch of new firms but earns no wage anywhere and runs no trading
    # business of their own lives on something other than the work of managing: the mark of a
    # name lent to the firms (domain typology: role holder without income of their own).
    return _fires(
        f"WITH batch AS ({controller_many_companies_sql()}), "
        "fronts AS (SELECT DISTINCT unit AS person_key FROM batch b WHERE NOT EXISTS "
        "(SELECT 1 FROM network.employments a WHERE a.person_key = b.unit) "
        "AND NOT EXISTS (SELECT 1 FROM network.role_holders h "
        f"JOIN {ENHETER} e ON e.orgnr = h.orgnr WHERE h.person_key = b.unit "
        "AND h.role = 'INNH' AND e.org_form = 'ENK' AND EXISTS (SELECT 1 "
        "FROM current.skatteetaten__mva v WHERE v.orgnr = h.orgnr AND v.turnover_nok > 0))) "
        "SELECT company_id, source_file, record_id, unit FROM batch "
        "WHERE unit IN (SELECT person_key FROM fronts)"
    )


FRONTED_STAFFED_FIRMS = 2


def front_of_staffed_firms_sql() -> str:
    # A batch of new holding or dormant companies in the name of someone without a wage is
    # common (an investor paid through dividends), and so is an owner who manages firms with a
    # board of other people. Being the only officer (manager and board alike) of several firms
    # that employ staff, while drawing no pay from any of them or anywhere, is lending a name to
    # someone else's operation: the real manager holds no role at all.
    return _fires(
        f"WITH batch AS ({front_without_income_sql()}), "
        "staffed AS (SELECT employer, min(record_id) AS record_id, "
        "any_value(source_file) AS source_file FROM network.employments GROUP BY 1), "
        "alone AS (SELECT DISTINCT b.unit, b.company_id FROM batch b WHERE NOT EXISTS "
        "(SELECT 1 FROM network.role_holders h WHERE h.orgnr = b.company_id "
        f"AND h.role IN {CONTROL} AND NOT h.resigned AND h.person_key <> b.unit)), "
        "fronts AS (SELECT a.unit FROM alone a JOIN staffed s ON s.employer = a.company_id "
        f"GROUP BY 1 HAVING count(*) >= {FRONTED_STAFFED_FIRMS}) "
        "SELECT company_id, source_file, record_id, unit FROM batch "
        "WHERE unit IN (SELECT unit FROM fronts) "
        "UNION ALL SELECT b.company_id, s.source_file, s.record_id, b.unit "
        "FROM (SELECT DISTINCT unit, company_id FROM batch) b "
        "JOIN staffed s ON s.employer = b.company_id WHERE b.unit IN (SELECT unit FROM fronts)"
    )


def handover_after_failure_sql() -> str:
    # A person who ran a firm that failed steps down from another firm and leaves it to
    # someone else: the hand-over that keeps a firm clear of its real manager's record
    # (bankruptcy quarantine is the motive the courts name for straw men).
    return _fires(
        f"WITH ctl AS (SELECT * FROM network.role_holders WHERE role IN {RUNNING} "
        "AND person_key IS NOT NULL), "
        f"failed AS (SELECT orgnr, _source_file AS f_file, record_id AS f_rec FROM {ENHETER} "
        "WHERE bankrupt OR forced_dissolution), "
        "failers AS (SELECT DISTINCT ctl.person_key, failed.orgnr AS failed_orgnr, f_file, f_rec "
        "FROM ctl JOIN failed USING (orgnr)), "
        "left_firm AS (SELECT ctl.* FROM ctl WHERE resigned AND orgnr NOT IN "
        "(SELECT orgnr FROM failed) AND EXISTS (SELECT 1 FROM ctl c2 "
        "WHERE c2.orgnr = ctl.orgnr AND NOT c2.resigned AND c2.person_key <> ctl.person_key)), "
        "hit AS (SELECT l.orgnr, l.person_key, l.source_file, l.record_id, f.f_file, f.f_rec "
        "FROM left_firm l JOIN failers f ON f.person_key = l.person_key "
        "AND f.failed_orgnr <> l.orgnr) "
        "SELECT orgnr AS company_id, source_file, record_id, person_key AS unit FROM hit "
        "UNION ALL SELECT orgnr, f_file, f_rec, person_key FROM hit"
    )


def controller_on_benefits_sql() -> str:
    # The manager claims to be out of work while the company reports staff at work.
    return _fires(
        "WITH ctl AS (SELECT * FROM network.role_holders "
        "WHERE role IN ('DAGL', 'LEDE', 'INNH') AND NOT resigned AND person_key IS NOT NULL), "
        "operating AS (SELECT employer, month FROM network.employments GROUP BY 1, 2 "
        "HAVING count(DISTINCT person_key) >= 2), "
        "hit AS (SELECT DISTINCT ctl.orgnr, ctl.person_key, ctl.source_file AS c_file, "
        "ctl.record_id AS c_rec, y.source_file AS y_file, y.record_id AS y_rec FROM ctl "
        "JOIN network.benefits y ON y.person_key = ctl.person_key "
        "AND y.benefit IN ('DAGPENGER', 'AAP') "
        "JOIN operating o ON o.employer = ctl.orgnr AND y.from_date < o.month + INTERVAL 1 MONTH "
        "AND coalesce(y.to_date, DATE '9999-12-31') >= o.month "
        "WHERE NOT EXISTS (SELECT 1 FROM network.employments a WHERE a.employer = ctl.orgnr "
        "AND a.person_key = ctl.person_key AND a.month = o.month)) "
        "SELECT orgnr AS company_id, y_file AS source_file, y_rec AS record_id, "
        "person_key AS unit FROM hit UNION ALL SELECT orgnr, c_file, c_rec, person_key FROM hit"
    )


def external_services_vs_wages_sql() -> str:
    return _fires(
        "SELECT orgnr AS company_id, _source_file AS source_file, record_id, record_id AS unit "
        "FROM current.brreg__regnskap WHERE external_services_nok >= 1000000 "
        "AND external_services_nok >= 3 * coalesce(wage_costs_nok, 0)"
    )


def vat_turnover_no_employees_sql() -> str:
    return _fires(
        "WITH vat AS (SELECT orgnr, _source_file AS source_file, record_id, turnover_nok "
        "FROM current.skatteetaten__mva), "
        "big AS (SELECT orgnr FROM vat GROUP BY 1 HAVING sum(turnover_nok) >= 1000000) "
        "SELECT v.orgnr AS company_id, v.source_file, v.record_id, v.orgnr AS unit "
        f"FROM vat v JOIN big USING (orgnr) LEFT JOIN {ENHETER} e ON e.orgnr = v.orgnr "
        "WHERE coalesce(e.org_form, '') <> 'ENK' AND NOT EXISTS (SELECT 1 "
        f"FROM {A_MELDING} a WHERE a.employer_orgnr = v.orgnr)"
    )


def auditor_changes_sql() -> str:
    return _fires(
        "SELECT orgnr AS company_id, _source_file AS source_file, record_id, "
        "auditor_orgnr AS unit FROM current.brreg__regnskap WHERE auditor_orgnr IS NOT NULL",
        3,
    )


def cash_after_incoming_sql() -> str:
    return _fires(
        "WITH t AS (SELECT owner_orgnr, account_no, date, CAST(amount_nok AS DOUBLE) AS amount, "
        "kind, _source_file AS source_file, record_id FROM current.bank__transaksjoner "
        "WHERE owner_orgnr IS NOT NULL), "
        "incoming AS (SELECT * FROM t WHERE amount > 0 AND kind IN ('TRANSFER', 'CASH_DEPOSIT')), "
        "cash AS (SELECT * FROM t WHERE amount < 0 AND kind = 'CASH_WITHDRAWAL'), "
        "pairs AS (SELECT c.owner_orgnr, c.source_file AS c_file, c.record_id AS c_rec, "
        "-c.amount AS cash, i.source_file AS i_file, i.record_id AS i_rec FROM cash c "
        "JOIN incoming i ON i.account_no = c.account_no AND i.date <= c.date "
        "AND i.date >= c.date - INTERVAL 7 DAY), "
        "cash_sum AS (SELECT owner_orgnr, sum(cash) AS cash FROM (SELECT DISTINCT owner_orgnr, "
        "c_rec, cash FROM pairs) GROUP BY 1), "
        "in_sum AS (SELECT owner_orgnr, sum(amount) AS incoming FROM incoming GROUP BY 1), "
        "hit AS (SELECT owner_orgnr FROM cash_sum JOIN in_sum USING (owner_orgnr) "
        "WHERE cash >= 100000 AND cash >= 0.5 * incoming) "
        "SELECT owner_orgnr AS company_id, c_file AS source_file, c_rec AS record_id, "
        "owner_orgnr AS unit FROM pairs JOIN hit USING (owner_orgnr) UNION ALL "
        "SELECT owner_orgnr, i_file, i_rec, owner_orgnr FROM pairs JOIN hit USING (owner_orgnr)"
    )


# People met in the field (``network.persons_seen s``, cross-joined with the reports' first
# and last month as ``w``): absence from the employer reports can only be judged inside the
# months they cover, and a person reported by any employer within a month of the day is
# reported.
_SEEN_WITH_REPORTED_MONTHS = (
    "FROM network.persons_seen s, (SELECT min(month) AS first_m, max(month) AS last_m "
    "FROM network.employments) w"
)
_WITHIN_REPORTED_MONTHS = (
    "AND s.seen_date >= w.first_m AND s.seen_date < w.last_m + INTERVAL 1 MONTH"
)
_NOT_REPORTED_AROUND_THE_DAY = (
    "AND NOT EXISTS (SELECT 1 FROM network.employments a "
    "WHERE a.person_key = s.person_key AND a.month >= "
    "date_trunc('month', s.seen_date) - INTERVAL 1 MONTH AND a.month <= "
    "date_trunc('month', s.seen_date) + INTERVAL 1 MONTH)"
)


def workers_seen_not_reported_sql() -> str:
    return _fires_share(
        "SELECT s.company AS company_id, s.source_file, s.record_id, s.person_key AS unit "
        f"{_SEEN_WITH_REPORTED_MONTHS} WHERE s.person_key IS NOT NULL AND s.company IS NOT NULL "
        f"{_WITHIN_REPORTED_MONTHS} "
        # Hired-in staff name the client they work for, and their agency reports them: a
        # person reported by any employer around the day is not undeclared work, nor is a
        # worker on the posting register (reported there, not in the employer reports).
        f"{_NOT_REPORTED_AROUND_THE_DAY} "
        # A posting covers the person only for the firm that posted them, around the day.
        "AND NOT EXISTS (SELECT 1 FROM network.posted_workers p "
        "WHERE p.person_key = s.person_key AND (p.contractor = s.company "
        "OR s.seen_date BETWEEN coalesce(p.first_work_day, DATE '0001-01-01') - INTERVAL 31 DAY "
        "AND coalesce(p.last_work_day, DATE '9999-12-31') + INTERVAL 31 DAY))",
        2,
        SEEN_TOTALS,
        0.3,
    )


def site_workers_unreported_sql() -> str:
    # The firm whose site is inspected answers for who works there: its own staff are in its
    # employer reports, a Norwegian subcontractor's in theirs, and a foreign contractor's on the
    # posting register under a contract the firm reported (RF-1199/RF-1198, the client's duty).
    # People working there for someone else, or for nobody they can name, who are on none of
    # these, are hidden labour on the firm's site (the hidden half of a half-reported contract).
    return _fires(
        "SELECT s.inspected_orgnr AS company_id, s.source_file, s.record_id, s.person_key AS unit "
        f"{_SEEN_WITH_REPORTED_MONTHS} WHERE s.inspected_orgnr IS NOT NULL "
        "AND s.person_key IS NOT NULL AND (s.company IS NULL OR s.company <> s.inspected_orgnr) "
        f"{_WITHIN_REPORTED_MONTHS} "
        f"{_NOT_REPORTED_AROUND_THE_DAY} "
        # Posted under one of the firm's contracts, or a subcontract beneath one (at any time:
        # a posting's dates are often reported late or approximately).
        "AND NOT EXISTS (SELECT 1 FROM network.posted_workers p "
        "JOIN network.contracts c ON c.contract_id = p.contract_id "
        "LEFT JOIN network.contracts parent ON parent.contract_id = c.parent_contract_id "
        "WHERE p.person_key = s.person_key "
        "AND (c.client = s.inspected_orgnr OR parent.client = s.inspected_orgnr)) "
        # A contract row quarantined at ingest was reported, only unreadable.
        "AND NOT EXISTS (SELECT 1 FROM network.posted_workers p "
        "JOIN network.quarantined_contracts q ON q.contract_id = p.contract_id "
        "WHERE p.person_key = s.person_key AND q.client = s.inspected_orgnr)",
        2,
    )


def hms_cards_not_reported_sql() -> str:
    return _fires_share(
        "SELECT h.employer AS company_id, h.source_file, h.record_id, h.person_key AS unit "
        "FROM network.hms_cards h, (SELECT min(month) AS first_m, max(month) AS last_m "
        "FROM network.employments) w WHERE h.blocked_date IS NULL AND h.person_key IS NOT NULL "
        "AND coalesce(h.expiry_date, DATE '9999-12-31') >= w.first_m "
        "AND coalesce(h.issued_date, DATE '0001-01-01') < w.last_m + INTERVAL 1 MONTH "
        "AND NOT EXISTS (SELECT 1 FROM network.employments a WHERE a.employer = h.employer "
        "AND a.person_key = h.person_key) "
        # Posted workers carry ID cards but are reported on the posting register: by the
        # card's employer. A posting by another firm does not report work for this one (the
        # hidden part of a half-reported contract is staff the contractor never posted).
        "AND NOT EXISTS (SELECT 1 FROM network.posted_workers p "
        "WHERE p.person_key = h.person_key AND p.contractor = h.employer)",
        2,
        CARD_TOTALS,
        0.3,
    )


def sole_trader_cluster_sql() -> str:
    return _fires(
        "WITH enk AS (SELECT e.orgnr, e._source_file AS source_file, e.record_id, "
        "e.registered_date, a.address_key FROM current.brreg__enheter e "
        "JOIN network.company_addresses a ON a.orgnr = e.orgnr "
        "WHERE e.org_form = 'ENK' AND a.address_key IS NOT NULL AND (substr(e.nace, 1, 2) "
        "IN ('41', '42', '43') OR starts_with(e.nace, '81.2'))), "
        "near AS (SELECT a.orgnr, a.source_file, a.record_id, count(DISTINCT b.orgnr) AS n "
        "FROM enk a JOIN enk b ON a.address_key = b.address_key "
        "AND abs(date_diff('day', a.registered_date, b.registered_date)) <= 60 GROUP BY 1, 2, 3) "
        "SELECT orgnr AS company_id, source_file, record_id, orgnr AS unit FROM near WHERE n >= 3"
    )


def owner_works_for_client_sql() -> str:
    return _fires(
        "WITH t AS (SELECT b.owner_orgnr, b.counterparty_orgnr, CAST(b.amount_nok AS DOUBLE) "
        "AS amount, b._source_file AS source_file, b.record_id FROM current.bank__transaksjoner b "
        f"JOIN {ENHETER} e ON e.orgnr = b.owner_orgnr "
        "WHERE e.org_form = 'ENK' AND b.amount_nok > 0 AND b.kind <> 'CASH_DEPOSIT'), "
        "one AS (SELECT owner_orgnr FROM t GROUP BY 1 HAVING sum(amount) >= 50000 "
        "AND count(DISTINCT counterparty_orgnr) = 1 AND count(*) = count(counterparty_orgnr)) "
        "SELECT owner_orgnr AS company_id, source_file, record_id, owner_orgnr AS unit "
        "FROM t JOIN one USING (owner_orgnr)"
    )


A1_MISSING_SHARE = 0.5


def posted_without_a1_sql() -> str:
    # A few certificates still pending is ordinary (they are issued after the posting starts);
    # the mark is a contractor that posts most of its workers without one. Its clients carry
    # the evidence of that contractor's postings to them.
    return _fires(
        "WITH w AS (SELECT p.*, c.client FROM network.posted_workers p "
        "LEFT JOIN network.contracts c ON c.contract_id = p.contract_id), "
        "bad AS (SELECT contractor FROM w WHERE contractor IS NOT NULL GROUP BY 1 "
        "HAVING count(DISTINCT CASE WHEN NOT has_a1 THEN record_id END) "
        f">= {A1_MISSING_SHARE} * count(DISTINCT record_id)), "
        "hit AS (SELECT * FROM w JOIN bad USING (contractor) WHERE NOT has_a1) "
        "SELECT contractor AS company_id, source_file, record_id, record_id AS unit FROM hit "
        "UNION ALL SELECT client, source_file, record_id, record_id FROM hit",
        2,
    )


def unreported_contract_sql() -> str:
    return _fires(
        # A contract row that failed validation at ingest was reported, only unreadable: its
        # contract_id, client and contractor are taken from the quarantined raw fields.
        "WITH contracts AS (SELECT contract_id, client, contractor FROM network.contracts "
        "UNION ALL SELECT contract_id, client, contractor FROM network.quarantined_contracts), "
        "orphan AS (SELECT p.* FROM network.posted_workers p WHERE p.contract_id IS NOT NULL "
        "AND NOT EXISTS (SELECT 1 FROM contracts c WHERE c.contract_id = p.contract_id)), "
        "seen AS (SELECT s.* FROM network.persons_seen s WHERE s.inspected_orgnr IS NOT NULL "
        "AND s.company IS NOT NULL AND s.company <> s.inspected_orgnr "
        "AND NOT EXISTS (SELECT 1 FROM contracts c WHERE c.client = s.inspected_orgnr "
        "AND c.contractor = s.company) "
        f"AND NOT EXISTS (SELECT 1 FROM {A_MELDING} a WHERE a.employer_orgnr = s.company "
        "AND a.workplace_orgnr = s.inspected_orgnr) "
        "AND EXISTS (SELECT 1 FROM network.posted_workers p WHERE p.contractor = s.company)) "
        "SELECT contractor AS company_id, source_file, record_id, record_id AS unit FROM orphan "
        "UNION ALL SELECT company, source_file, record_id, record_id FROM seen "
        "UNION ALL SELECT inspected_orgnr, source_file, record_id, record_id FROM seen"
    )


MIN_BENEFIT_MONTHS = 2
# A claimant or two working on the side at an employer are cases for the welfare
# administration; the employer is an actor when at least half of its staff work on benefits:
# then the payroll is arranged around the claims.
BENEFIT_STAFF_SHARE = 1 / 2


def benefits_while_working_sql() -> str:
    hours = "coalesce(a.paid_hours, a.position_pct / 100.0 * a.full_time_hours_week * 52.0 / 12.0)"
    # Each card declares the hours of its own period (two weeks for unemployment benefit): the
    # month's reported hours are compared with the declared hours of the card periods in that
    # month, each in proportion to its days in the month, and only for the part of the month
    # the cards cover. A part-timer who declares the hours the employer reports is honest.
    overlap = (
        "(date_diff('day', greatest(y.from_date, a.month), least(coalesce(y.to_date, "
        "a.month + INTERVAL 1 MONTH - INTERVAL 1 DAY), a.month + INTERVAL 1 MONTH "
        "- INTERVAL 1 DAY)) + 1)"
    )
    period = (
        "(date_diff('day', y.from_date, coalesce(y.to_date, y.from_date + INTERVAL 13 DAY)) + 1)"
    )
    month_days = "date_diff('day', a.month, a.month + INTERVAL 1 MONTH)"
    return _fires_share(
        "WITH y AS (SELECT * FROM network.benefits WHERE benefit IN ('DAGPENGER', 'AAP')), "
        "pm AS (SELECT a.employer, a.person_key, a.source_file AS a_file, "
        "a.record_id AS a_rec, any_value(a.month) AS month, "
        f"any_value({hours}) AS reported, any_value({month_days}) AS days, "
        f"sum(coalesce(y.declared_work_hours, 0) * {overlap} / {period}) AS declared, "
        f"least(sum({overlap}), any_value({month_days})) AS covered, "
        "list(y.source_file) AS y_files, list(y.record_id) AS y_recs "
        "FROM network.employments a JOIN y ON y.person_key = a.person_key "
        "AND y.from_date <= a.month + INTERVAL 1 MONTH - INTERVAL 1 DAY "
        "AND coalesce(y.to_date, DATE '9999-12-31') >= a.month GROUP BY 1, 2, 3, 4), "
        "hit AS (SELECT employer, person_key, a_file, a_rec, unnest(y_files) AS y_file, "
        "unnest(y_recs) AS y_rec FROM pm "
        "WHERE reported * covered / days >= declared + 20), "
        # One month of overlap is the lawful change from a job to benefits: the month the job
        # ends is reported in full, and the claim starts in it. Count a person from two months.
        "months AS (SELECT hit.employer, hit.person_key FROM hit JOIN network.employments a "
        "ON a.record_id = hit.a_rec AND a.source_file = hit.a_file GROUP BY 1, 2 "
        f"HAVING count(DISTINCT a.month) >= {MIN_BENEFIT_MONTHS}) "
        "SELECT employer AS company_id, a_file AS source_file, a_rec AS record_id, "
        "person_key AS unit FROM hit JOIN months USING (employer, person_key) UNION ALL "
        "SELECT employer, y_file, y_rec, person_key FROM hit "
        "JOIN months USING (employer, person_key)",
        2,
        STAFF_TOTALS,
        BENEFIT_STAFF_SHARE,
    )


FICTITIOUS_EMPLOYMENT_SHARE = 0.2


# Public bodies are outside VAT and do not sell anything; their short hires say nothing of
# fictitious employment.
PUBLIC_BODIES = "('KOMM', 'FYLK', 'STAT', 'ORGL', 'SF', 'KF', 'FKF', 'IKS')"


def benefit_after_short_employment_sql() -> str:
    return _fires_share(
        "WITH span AS (SELECT employer, person_key, min(month) AS first_m, max(month) AS last_m, "
        "count(DISTINCT month) AS months, any_value(source_file) AS source_file, "
        # A job from the last day of one month to the first of another is reported in every
        # month it touches: its length in days is what makes it short.
        "date_diff('day', min(coalesce(start_date, month)), "
        "max(coalesce(end_date, last_day(month)))) AS days, "
        "min(record_id) AS record_id FROM network.employments WHERE person_key IS NOT NULL "
        "GROUP BY 1, 2), "
        "vat AS (SELECT orgnr, sum(turnover_nok) AS turnover FROM current.skatteetaten__mva "
        "GROUP BY 1), "
        "claim AS (SELECT person_key, source_file, record_id, from_date FROM network.benefits "
        "WHERE benefit IN ('SYKEPENGER', 'DAGPENGER', 'AAP')), "
        "hit AS (SELECT s.*, y.source_file AS y_file, y.record_id AS y_rec FROM span s "
        "JOIN claim y ON y.person_key = s.person_key "
        "AND y.from_date >= s.first_m AND y.from_date <= s.last_m + INTERVAL 90 DAY "
        f"LEFT JOIN {ENHETER} e ON e.orgnr = s.employer "
        "LEFT JOIN vat ON vat.orgnr = s.employer "
        f"WHERE (s.months <= 4 OR s.days <= 124) AND coalesce(vat.turnover, 0) < 100000 "
        f"AND coalesce(e.org_form, '') NOT IN {PUBLIC_BODIES}) "
        "SELECT employer AS company_id, source_file, record_id, person_key AS unit FROM hit "
        "UNION ALL SELECT employer, y_file, y_rec, person_key FROM hit",
        2,
        STAFF_TOTALS,
        # A firm set up to employ people on paper consists of such employments; a school or
        # a charity outside VAT has a few short hires on benefits among many staff.
        FICTITIOUS_EMPLOYMENT_SHARE,
    )


def hms_card_misuse_sql() -> str:
    return _fires(
        "SELECT s.company AS company_id, s.source_file, s.record_id, s.record_id AS unit "
        "FROM network.persons_seen s JOIN network.hms_cards h ON h.card_no = s.hms_card_no "
        "WHERE s.company IS NOT NULL AND ((h.person_key IS NOT NULL AND s.person_key IS NOT NULL "
        "AND h.person_key <> s.person_key) OR h.blocked_date < s.seen_date) "
        "UNION ALL SELECT s.company, h.source_file, h.record_id, s.record_id "
        "FROM network.persons_seen s JOIN network.hms_cards h ON h.card_no = s.hms_card_no "
        "WHERE s.company IS NOT NULL AND ((h.person_key IS NOT NULL AND s.person_key IS NOT NULL "
        "AND h.person_key <> s.person_key) OR h.blocked_date < s.seen_date)"
    )


def _staff_sql() -> str:
    return (
        "SELECT DISTINCT employer, person_key FROM network.employments "
        "WHERE person_key IS NOT NULL AND employer IS NOT NULL"
    )


# An employer's own premises where it is the only firm (a farm, a plant) often house its
# seasonal staff lawfully; workers registered at an address several firms share is the mark
# of a network housing or registering its workers at one place.
OWN_PREMISES = (
    "(SELECT address_key, min(orgnr) AS orgnr FROM network.company_addresses "
    "WHERE address_key IS NOT NULL GROUP BY 1 HAVING count(DISTINCT orgnr) = 1)"
)


def workers_at_employer_address_sql() -> str:
    return _fires(
        f"WITH staff AS ({_staff_sql()}), own AS {OWN_PREMISES} "
        "SELECT st.employer AS company_id, r.source_file, r.record_id, r.person_key AS unit "
        "FROM staff st JOIN network.residences r ON r.person_key = st.person_key "
        "JOIN network.company_addresses c ON c.orgnr = st.employer "
        "AND c.address_key = r.address_key "
        "WHERE c.address_key NOT IN (SELECT address_key FROM own)",
        3,
    )


def workers_at_crowded_address_sql() -> str:
    return _fires_share(
        f"WITH staff AS ({_staff_sql()}), "
        "crowded AS (SELECT address_key FROM network.residences WHERE address_key IS NOT NULL "
        "GROUP BY 1 HAVING count(DISTINCT person_key) >= 8), "
        f"own AS {OWN_PREMISES}, "
        "here AS (SELECT st.employer, r.* FROM staff st JOIN network.residences r "
        "ON r.person_key = st.person_key JOIN crowded USING (address_key) "
        "WHERE NOT EXISTS (SELECT 1 FROM own WHERE own.address_key = r.address_key "
        "AND own.orgnr = st.employer)), "
        "dense AS (SELECT employer, address_key FROM here GROUP BY 1, 2 "
        "HAVING count(DISTINCT person_key) >= 4) "
        "SELECT here.employer AS company_id, source_file, record_id, person_key AS unit "
        "FROM here JOIN dense USING (employer, address_key)",
        3,
        STAFF_TOTALS,
        0.2,
    )


def low_turnover_per_employee_sql() -> str:
    return _fires(
        "WITH work AS (SELECT employer AS orgnr, count(*) AS employee_months, "
        "count(DISTINCT person_key) AS staff FROM network.employments GROUP BY 1), "
        "vat AS (SELECT orgnr, sum(turnover_nok) AS turnover FROM current.skatteetaten__mva "
        "GROUP BY 1), "
        "firm AS (SELECT w.orgnr, w.staff, CAST(coalesce(v.turnover, 0) AS DOUBLE) "
        "/ w.employee_months AS per_month, substr(e.nace, 1, 2) AS division, "
        "e.record_id, e._source_file AS source_file FROM work w "
        f"JOIN {ENHETER} e ON e.orgnr = w.orgnr LEFT JOIN vat v ON v.orgnr = w.orgnr "
        "WHERE e.vat_registered), "
        "norm AS (SELECT division, median(per_month) AS median_per_month, count(*) AS firms "
        "FROM firm GROUP BY 1) "
        "SELECT f.orgnr AS company_id, f.source_file, f.record_id, f.orgnr AS unit FROM firm f "
        "JOIN norm USING (division) WHERE f.staff >= 3 AND norm.firms >= 5 "
        "AND f.per_month < 0.15 * norm.median_per_month"
    )


# Trades where the work is the product: turnover follows the hours worked.
LABOUR_INTENSIVE = (
    "(substr(e.nace, 1, 2) IN ('41', '42', '43', '55', '56') "
    "OR starts_with(e.nace, '81.2') OR starts_with(e.nace, '45.2'))"
)
HIGH_TURNOVER_FACTOR = 3.0


def high_turnover_per_employee_sql() -> str:
    return _fires(
        "WITH work AS (SELECT employer AS orgnr, count(*) AS employee_months "
        "FROM network.employments GROUP BY 1), "
        "vat AS (SELECT orgnr, sum(turnover_nok) AS turnover, any_value(_source_file) AS v_file, "
        "list(record_id) AS v_recs FROM current.skatteetaten__mva GROUP BY 1), "
        "firm AS (SELECT w.orgnr, CAST(v.turnover AS DOUBLE) / w.employee_months AS per_month, "
        "substr(e.nace, 1, 2) AS division, e.record_id, e._source_file AS source_file, "
        f"v.v_file, v.v_recs FROM work w JOIN {ENHETER} e ON e.orgnr = w.orgnr "
        f"JOIN vat v ON v.orgnr = w.orgnr WHERE e.vat_registered AND {LABOUR_INTENSIVE}), "
        "norm AS (SELECT division, median(per_month) AS median_per_month, count(*) AS firms "
        "FROM firm GROUP BY 1), "
        "hit AS (SELECT f.* FROM firm f JOIN norm USING (division) WHERE norm.firms >= 5 "
        f"AND f.per_month > {HIGH_TURNOVER_FACTOR} * norm.median_per_month) "
        "SELECT orgnr AS company_id, source_file, record_id, orgnr AS unit FROM hit "
        "UNION ALL SELECT orgnr, v_file, unnest(v_recs), orgnr FROM hit"
    )


def foreign_firm_workers_unreported_sql() -> str:
    # A foreign enterprise registered here (NUF) whose workers carry site ID cards must report
    # them somewhere: in the employer reports, or its clients' contracts and its workers on
    # the posting register. One that does neither hides the contract and the workers.
    return _fires(
        "SELECT h.employer AS company_id, h.source_file, h.record_id, h.person_key AS unit "
        f"FROM network.hms_cards h JOIN {ENHETER} e ON e.orgnr = h.employer "
        "WHERE e.org_form = 'NUF' AND h.blocked_date IS NULL AND h.person_key IS NOT NULL "
        "AND NOT EXISTS (SELECT 1 FROM network.employments a WHERE a.employer = h.employer) "
        "AND NOT EXISTS (SELECT 1 FROM network.posted_workers p "
        "WHERE p.contractor = h.employer) "
        "AND NOT EXISTS (SELECT 1 FROM network.contracts c WHERE c.contractor = h.employer)",
        3,
    )


def young_subcontractor_sql() -> str:
    return _fires(
        "SELECT c.contractor AS company_id, c.source_file, c.record_id, c.record_id AS unit "
        f"FROM network.contracts c JOIN {ENHETER} e ON e.orgnr = c.contractor "
        "WHERE c.parent_contract_id IS NOT NULL AND c.start_date IS NOT NULL "
        "AND e.registered_date > c.start_date - INTERVAL 365 DAY"
    )


def subcontractor_without_staff_sql() -> str:
    return _fires(
        "WITH big AS (SELECT contractor FROM network.contracts WHERE contractor IS NOT NULL "
        "GROUP BY 1 HAVING sum(value_nok) >= 500000) "
        "SELECT c.contractor AS company_id, c.source_file, c.record_id, c.record_id AS unit "
        "FROM network.contracts c JOIN big USING (contractor) "
        f"WHERE NOT EXISTS (SELECT 1 FROM {A_MELDING} a WHERE a.employer_orgnr = c.contractor) "
        "AND NOT EXISTS (SELECT 1 FROM network.posted_workers p "
        "WHERE p.contractor = c.contractor)"
    )


def past_inspection_findings_sql() -> str:
    return _fires(
        "SELECT orgnr AS company_id, _source_file AS source_file, record_id, record_id AS unit "
        "FROM current.arbeidstilsynet__tilsyn WHERE reaction IN ('STOP', 'FINE', "
        "'POLICE_REPORT') OR regexp_matches(coalesce(findings, ''), "
        "'(^|;)(UNDERPAID|UNREGISTERED_WORKERS|NO_CONTRACT|HOUSING)(;|$)')"
    )


def police_report_sql() -> str:
    return _fires(
        "WITH r AS (SELECT * FROM network.police_reports "
        "WHERE coalesce(status, '') <> 'dropped') "
        "SELECT subject_orgnr AS company_id, source_file, record_id, "
        "record_id AS unit FROM r WHERE subject_orgnr IS NOT NULL UNION ALL "
        "SELECT h.orgnr, r.source_file, r.record_id, r.record_id FROM r "
        "JOIN network.role_holders h ON h.person_key = r.person_key "
        f"AND h.role IN {RUNNING} AND NOT h.resigned"
    )


def tips_received_sql() -> str:
    return _fires(
        "SELECT mentioned_orgnr AS company_id, _source_file AS source_file, record_id, "
        "record_id AS unit FROM current.arbeidstilsynet__tips"
    )


def roadside_findings_sql() -> str:
    return _fires(
        "SELECT stated_employer_orgnr AS company_id, _source_file AS source_file, record_id, "
        "record_id AS unit FROM current.vegvesen__utekontroller "
        "WHERE regexp_matches(coalesce(findings, ''), "
        "'(^|;)(CABOTAGE|DRIVING_TIME|TACHOGRAPH|NO_LICENCE|NO_CODE95)(;|$)')"
    )


def driver_without_licence_sql() -> str:
    return _fires(
        "WITH haulier AS (SELECT e.orgnr FROM current.brreg__enheter e "
        "WHERE (starts_with(e.nace, '49.3') OR starts_with(e.nace, '49.4')) AND EXISTS "
        "(SELECT 1 FROM current.vegvesen__kjoretoy k WHERE k.owner_orgnr = e.orgnr "
        "AND k.vehicle_class IN ('truck', 'bus'))), "
        "drivers AS (SELECT a.* FROM network.employments a JOIN haulier h "
        "ON h.orgnr = a.employer WHERE starts_with(a.occupation_code, '833')), "
        "heavy AS (SELECT person_key, max(code95_valid_to) AS code95 FROM network.licences "
        "WHERE licence_class IN ('C1', 'C', 'CE', 'D') GROUP BY 1) "
        "SELECT d.employer AS company_id, d.source_file, d.record_id, d.person_key AS unit "
        "FROM drivers d LEFT JOIN heavy USING (person_key) "
        "WHERE heavy.person_key IS NULL OR heavy.code95 IS NULL OR heavy.code95 < d.month",
        2,
    )


def missing_approval_sql() -> str:
    return _fires(
        "WITH firm AS (SELECT e.orgnr, e._source_file AS source_file, e.record_id, "
        "CASE WHEN starts_with(e.nace, '81.2') THEN 'RENHOLD' ELSE 'BILPLEIE' END AS scheme "
        "FROM current.brreg__enheter e WHERE (starts_with(e.nace, '81.2') "
        "OR starts_with(e.nace, '45.2')) AND EXISTS (SELECT 1 FROM "
        f"{A_MELDING} a WHERE a.employer_orgnr = e.orgnr)) "
        "SELECT f.orgnr AS company_id, f.source_file, f.record_id, f.orgnr AS unit FROM firm f "
        "WHERE NOT EXISTS (SELECT 1 FROM current.arbeidstilsynet__godkjenninger g "
        "WHERE g.orgnr = f.orgnr AND g.scheme = f.scheme AND g.status = 'approved') "
        "UNION ALL SELECT g.orgnr, g._source_file, g.record_id, g.orgnr "
        "FROM current.arbeidstilsynet__godkjenninger g JOIN firm f ON f.orgnr = g.orgnr "
        "WHERE g.status IN ('refused', 'revoked') AND NOT EXISTS (SELECT 1 FROM "
        "current.arbeidstilsynet__godkjenninger g2 WHERE g2.orgnr = f.orgnr "
        "AND g2.scheme = f.scheme AND g2.status = 'approved')"
    )


COMPANY_INDICATOR_SQL: dict[str, Callable[[], str]] = {
    "WAGE_BELOW_MINIMUM": wage_below_minimum_sql,
    "LONG_HOURS": long_hours_sql,
    "WAGE_KICKBACKS": wage_kickbacks_sql,
    "KICKBACKS_IN_CASH": kickbacks_in_cash_sql,
    "REPEAT_BANKRUPTCY_CONTROLLER": repeat_bankruptcy_controller_sql,
    "SUCCESSOR_AFTER_BANKRUPTCY": successor_after_bankruptcy_sql,
    "STAFF_MOVED_EN_MASSE": staff_moved_en_masse_sql,
    "CONTROLLER_MANY_COMPANIES": controller_many_companies_sql,
    "FRONT_WITHOUT_INCOME": front_without_income_sql,
    "FRONT_OF_STAFFED_FIRMS": front_of_staffed_firms_sql,
    "HANDOVER_AFTER_FAILURE": handover_after_failure_sql,
    "CONTROLLER_ON_BENEFITS": controller_on_benefits_sql,
    "EXTERNAL_SERVICES_VS_WAGES": external_services_vs_wages_sql,
    "VAT_TURNOVER_NO_EMPLOYEES": vat_turnover_no_employees_sql,
    "AUDITOR_CHANGES": auditor_changes_sql,
    "CASH_AFTER_INCOMING": cash_after_incoming_sql,
    "MONEY_BACK_TO_CLIENT_MANAGER": money_back_to_client_manager_sql,
    "WORKERS_SEEN_NOT_REPORTED": workers_seen_not_reported_sql,
    "HMS_CARDS_NOT_REPORTED": hms_cards_not_reported_sql,
    "SITE_WORKERS_UNREPORTED": site_workers_unreported_sql,
    "SOLE_TRADER_CLUSTER": sole_trader_cluster_sql,
    "OWNER_WORKS_FOR_CLIENT": owner_works_for_client_sql,
    "POSTED_WITHOUT_A1": posted_without_a1_sql,
    "UNREPORTED_CONTRACT": unreported_contract_sql,
    "BENEFITS_WHILE_WORKING": benefits_while_working_sql,
    "BENEFIT_AFTER_SHORT_EMPLOYMENT": benefit_after_short_employment_sql,
    "HMS_CARD_MISUSE": hms_card_misuse_sql,
    "WORKERS_AT_EMPLOYER_ADDRESS": workers_at_employer_address_sql,
    "WORKERS_AT_CROWDED_ADDRESS": workers_at_crowded_address_sql,
    "LOW_TURNOVER_PER_EMPLOYEE": low_turnover_per_employee_sql,
    "HIGH_TURNOVER_PER_EMPLOYEE": high_turnover_per_employee_sql,
    "FOREIGN_FIRM_WORKERS_UNREPORTED": foreign_firm_workers_unreported_sql,
    "YOUNG_SUBCONTRACTOR": young_subcontractor_sql,
    "SUBCONTRACTOR_WITHOUT_STAFF": subcontractor_without_staff_sql,
    "PAST_INSPECTION_FINDINGS": past_inspection_findings_sql,
    "POLICE_REPORT": police_report_sql,
    "TIPS_RECEIVED": tips_received_sql,
    "ROADSIDE_FINDINGS": roadside_findings_sql,
    "DRIVER_WITHOUT_LICENCE": driver_without_licence_sql,
    "MISSING_APPROVAL": missing_approval_sql,
}
