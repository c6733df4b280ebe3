"""SQL that turns evidence into contributions and scores. A company contribution is the
indicator's weight, once per company; a network gets each indicator's weight for the first
member firing it and a quarter of it for each further member (at most twice the weight in all),
plus its network-level indicators. Every score is the sum of its contributions."""

from __future__ import annotations

EXTRA_MEMBER_SHARE = 0.25
# An indicator that fires on more than this share of companies says less about each of them:
# its weight is scaled by log(1/share) / log(1/REFERENCE_SHARE) (never above 1).
REFERENCE_SHARE = 0.005
MAX_EXTRA_MEMBERS = 4  # 1 + 4 x 0.25 = twice the weight at most


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
    return (
        "SELECT e.company_id, e.indicator, round(w.weight * r.rarity, 4) AS points, "
        "count(*) AS evidence_records FROM risk.evidence e JOIN risk.weights w USING (indicator) "
        "JOIN risk.indicator_rates r USING (indicator) "
        "WHERE w.weight > 0 GROUP BY e.company_id, e.indicator, w.weight, r.rarity"
    )


def company_scores_sql() -> str:
    return (
        "SELECT c.company_id, sum(c.points) AS score, string_agg(c.indicator, ' ' "
        "ORDER BY c.points DESC, c.indicator) AS indicators "
        "FROM risk.company_contributions c GROUP BY c.company_id"
    )


def network_contributions_sql() -> str:
    return (
        "WITH member AS (SELECT m.actor_id, c.company_id, c.indicator, c.points, "
        "row_number() OVER (PARTITION BY m.actor_id, c.indicator ORDER BY c.company_id) AS k "
        "FROM risk.company_contributions c "
        "JOIN network.actor_members m ON m.company_id = c.company_id) "
        "SELECT actor_id, indicator, company_id, CASE WHEN k = 1 THEN points "
        f"ELSE {EXTRA_MEMBER_SHARE} * points END AS points FROM member "
        f"WHERE k <= {1 + MAX_EXTRA_MEMBERS} "
        "UNION ALL SELECT n.actor_id, n.indicator, '' AS company_id, w.weight FROM "
        "(SELECT DISTINCT actor_id, indicator FROM risk.network_evidence) n "
        "JOIN risk.weights w USING (indicator) WHERE w.weight > 0"
    )


def network_scores_sql() -> str:
    return (
        "WITH per_indicator AS (SELECT actor_id, indicator, sum(points) AS points "
        "FROM risk.network_contributions GROUP BY 1, 2) "
        "SELECT actor_id, sum(points) AS score, string_agg(indicator, ' ' "
        "ORDER BY points DESC, indicator) AS indicators FROM per_indicator GROUP BY actor_id"
    )
