"""SQL for the network-level indicators: evidence that a candidate group as a whole looks like a
threat actor (``actor_id, indicator, source_file, record_id``), read from the group's
company links in ``network.company_links`` and its members in ``network.actor_members``."""

from __future__ import annotations


def _inside(kind: str) -> str:
    return (
        "SELECT ma.actor_id, l.source_file, l.record_id FROM network.company_links l "
        "JOIN network.actor_members ma ON ma.company_id = l.a "
        "JOIN network.actor_members mb ON mb.company_id = l.b AND mb.actor_id = ma.actor_id "
        f"WHERE l.kind = '{kind}'"
    )


def network_shared_control_sql() -> str:
    return f"SELECT *, 'NETWORK_SHARED_CONTROL' AS indicator FROM ({_inside('control')})"


def network_phoenix_chain_sql() -> str:
    # One bankruptcy followed by a new firm of the same owner is often an honest restart (and
    # is already the successor's own indicator). A chain is two or more successions in the
    # group, or a succession the staff moved along with.
    return (
        "WITH s AS (SELECT ma.actor_id, l.a, l.b, l.source_file, l.record_id "
        "FROM network.company_links l JOIN network.actor_members ma ON ma.company_id = l.a "
        "JOIN network.actor_members mb ON mb.company_id = l.b AND mb.actor_id = ma.actor_id "
        "WHERE l.kind = 'succession'), "
        "chained AS (SELECT actor_id FROM s GROUP BY 1 HAVING count(DISTINCT (a, b)) >= 2), "
        "moved AS (SELECT DISTINCT s.actor_id FROM s JOIN network.company_links w "
        "ON w.kind = 'worker_move' AND w.a = s.a AND w.b = s.b) "
        "SELECT actor_id, source_file, record_id, 'NETWORK_PHOENIX_CHAIN' AS indicator FROM s "
        "WHERE actor_id IN (SELECT actor_id FROM chained UNION SELECT actor_id FROM moved)"
    )


def network_money_to_cash_sql() -> str:
    return (
        f"WITH pay AS ({_inside('payment')}), "
        "cash AS (SELECT DISTINCT m.actor_id FROM risk.evidence e "
        "JOIN network.actor_members m ON m.company_id = e.company_id "
        "WHERE e.indicator = 'CASH_AFTER_INCOMING') "
        "SELECT pay.*, 'NETWORK_MONEY_TO_CASH' AS indicator FROM pay JOIN cash USING (actor_id)"
    )


def network_contract_chain_sql() -> str:
    return (
        "WITH c AS (SELECT c.*, m.actor_id FROM network.contracts c "
        "JOIN network.actor_members m ON m.company_id = c.contractor), "
        "deep AS (SELECT c3.actor_id, c3.source_file, c3.record_id, c2.source_file AS f2, "
        "c2.record_id AS r2, c1.source_file AS f1, c1.record_id AS r1 FROM c c3 "
        "JOIN network.contracts c2 ON c2.contract_id = c3.parent_contract_id "
        "JOIN network.contracts c1 ON c1.contract_id = c2.parent_contract_id) "
        "SELECT actor_id, source_file, record_id, 'NETWORK_CONTRACT_CHAIN' AS indicator "
        "FROM deep UNION ALL SELECT actor_id, f2, r2, 'NETWORK_CONTRACT_CHAIN' FROM deep "
        "UNION ALL SELECT actor_id, f1, r1, 'NETWORK_CONTRACT_CHAIN' FROM deep"
    )


NETWORK_INDICATOR_SQL = {
    "NETWORK_SHARED_CONTROL": network_shared_control_sql,
    "NETWORK_PHOENIX_CHAIN": network_phoenix_chain_sql,
    "NETWORK_MONEY_TO_CASH": network_money_to_cash_sql,
    "NETWORK_CONTRACT_CHAIN": network_contract_chain_sql,
}
