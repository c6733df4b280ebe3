"""SQL that turns evidence into contributions and scores. A company contribution is the
indicator's weight scaled by its rarity and the strength of the evidence, once per company; a
network gets, per indicator, its strongest member's contribution in full and a share of the
others', plus its network-level indicators. Every score is the sum of its contributions."""

from __future__ import annotations

# An indicator that fires on more than this share of companies says less about each of them:
# its weight is scaled by log(1/share) / log(1/REFERENCE_SHARE) (never above 1).
REFERENCE_SHARE = 0.005
# In a network, the member showing an indicator most strongly counts in full and every other
# member showing it adds this share: a single-company actor grouped with associated firms is
# not diluted, and a large group of weakly flagged firms does not add up to an actor.
OTHER_MEMBER_SHARE = 0.25


def indicator_rates_sql() -> str:
    """Per indicator: companies it fires on, their share of known companies, and the rarity
    factor applied to its weight."""
    return (
        "WITH known AS (SELECT count(*) AS n FROM risk.known_companies), "
        "fired AS (SELECT indicator, count(DISTINCT company_id) AS companies FROM risk.evidence "
        "GROUP BY 1) "
        "SELECT f.indicator, f.companies, f.companies / greatest(k.n, 1) AS share, "
        f"least(1.0, ln(1.0 / greatest(f.companies / greatest(k.n, 1), {REFERENCE_SHARE})) "
        f"/ ln(1.0 / {REFERENCE_SHARE})) AS rarity FROM fired f, known k"
    )


def company_contributions_sql() -> str:
    """Weight x rarity x strength, where strength is the company's units of evidence (persons,
    records) relative to the typical company the indicator fires on, between 1 and 2."""
    return (
        "WITH u AS (SELECT indicator, company_id, count(DISTINCT unit) AS units, "
        "count(*) AS evidence_records FROM risk.evidence GROUP BY 1, 2), "
        "typical AS (SELECT indicator, median(units) AS typical_units FROM u GROUP BY 1) "
        "SELECT u.company_id, u.indicator, round(w.weight * r.rarity * least(2.0, "
        "greatest(1.0, u.units / t.typical_units)), 4) AS points, u.evidence_records "
        "FROM u JOIN typical t USING (indicator) JOIN risk.weights w USING (indicator) "
        "JOIN risk.indicator_rates r USING (indicator) WHERE w.weight > 0"
    )


def exact_sum(column: str) -> str:
    """A sum of points that does not depend on the order rows arrive in: floating-point
    addition does, and a score must come out the same on every run (ranks follow it)."""
    return f"sum(CAST({column} AS DECIMAL(18, 6)))::DOUBLE"


def company_scores_sql() -> str:
    return (
        f"SELECT c.company_id, {exact_sum('c.points')} AS score, string_agg(c.indicator, ' ' "
        "ORDER BY c.points DESC, c.indicator) AS indicators "
        "FROM risk.company_contributions c GROUP BY c.company_id"
    )


def network_contributions_sql() -> str:
    """Per indicator, the member's contribution that shows it most strongly in full, and
    OTHER_MEMBER_SHARE of each other member's; plus the network-level indicators' weights."""
    return (
        "SELECT m.actor_id, c.indicator, c.company_id, c.points * CASE WHEN row_number() "
        "OVER (PARTITION BY m.actor_id, c.indicator ORDER BY c.points DESC, c.company_id) = 1 "
        f"THEN 1.0 ELSE {OTHER_MEMBER_SHARE} END AS points "
        "FROM risk.company_contributions c "
        "JOIN network.actor_members m ON m.company_id = c.company_id "
        "UNION ALL SELECT n.actor_id, n.indicator, '' AS company_id, w.weight FROM "
        "(SELECT DISTINCT actor_id, indicator FROM risk.network_evidence) n "
        "JOIN risk.weights w USING (indicator) WHERE w.weight > 0"
    )


def network_scores_sql() -> str:
    return (
        f"WITH per_indicator AS (SELECT actor_id, indicator, {exact_sum('points')} AS points "
        "FROM risk.network_contributions GROUP BY 1, 2) "
        f"SELECT actor_id, {exact_sum('points')} AS score, string_agg(indicator, ' ' "
        "ORDER BY points DESC, indicator) AS indicators FROM per_indicator GROUP BY actor_id"
    )
