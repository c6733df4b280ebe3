"""The network and risk stage end to end on a hand-made store: a planted phoenix network ranks
first above its innocent look-alike, every score is the sum of its contributions, every
contribution names its indicator and source records, and scores record the catalogue version."""

from __future__ import annotations

import networkx as nx
import pytest

from akrim.domain.indicators import load_catalogue
from akrim.engines.network.grouping import connected_groups
from akrim.engines.risk.explanations import company_score, network_score
from akrim.engines.risk.scores_sql import OTHER_MEMBER_SHARE
from akrim.engines.risk.stage import run_networks_and_scores

from .fixture_store import FixtureStore
from .typology_cases import PEOPLE, firm, job, months, role

OLD, NEW, THIRD = "911111111", "922222222", "933333333"
HONEST_OLD, HONEST_NEW = "944444444", "955555555"


def _phoenix_network() -> list:
    rows = [
        firm(OLD, bankrupt=True, bankruptcy_date="2025-05-20"),
        firm(NEW, registered_date="2025-05-02"),
        firm(THIRD, registered_date="2021-01-01"),
        role(OLD, PEOPLE[0]),
        role(NEW, PEOPLE[0], "LEDE"),
        role(THIRD, PEOPLE[0], "DAGL"),
    ]
    rows += [job(OLD, p, m, gross_pay_nok=18000) for p in PEOPLE[1:6] for m in months(1, 5)]
    rows += [job(NEW, p, m, gross_pay_nok=18000) for p in PEOPLE[1:6] for m in months(6, 9)]
    rows += [("skatteetaten/mva.csv", {"orgnr": THIRD, "turnover_nok": 3e6})]
    rows += [
        (
            "brreg/regnskap.csv",
            {"orgnr": THIRD, "external_services_nok": 4e6, "wage_costs_nok": 1e5},
        )
    ]
    # The third firm's invoice money leaves in cash within days.
    account = {"account_no": "t", "owner_orgnr": THIRD}
    rows += [
        ("bank/transaksjoner.csv", {**account, "date": "2025-06-02", "amount_nok": 400000,
                                    "kind": "TRANSFER", "counterparty_account": "x1"}),
        ("bank/transaksjoner.csv", {**account, "date": "2025-06-04", "amount_nok": -300000,
                                    "kind": "CASH_WITHDRAWAL"}),
    ]  # fmt: skip
    return rows


def _honest_look_alike() -> list:
    # A firm that went bankrupt honestly; its workers found jobs at many different firms.
    rows = [
        firm(HONEST_OLD, bankrupt=True, bankruptcy_date="2025-05-20"),
        firm(HONEST_NEW, registered_date="2025-05-02"),
        role(HONEST_OLD, PEOPLE[10]),
        role(HONEST_NEW, PEOPLE[11]),
    ]
    rows += [job(HONEST_OLD, p, m) for p in PEOPLE[12:17] for m in months(1, 5)]
    rows += [job(f"96000000{i}", p, "2025-07") for i, p in enumerate(PEOPLE[12:17])]
    return rows


@pytest.fixture(scope="module")
def store() -> FixtureStore:
    fixture = FixtureStore([*_phoenix_network(), *_honest_look_alike()])
    run_networks_and_scores(fixture.backend)
    return fixture


def test_planted_network_ranks_first(store: FixtureStore) -> None:
    top = store.backend.rows(
        "SELECT orgnrs, indicators, person_ids FROM risk.priorities ORDER BY rank LIMIT 1"
    )[0]
    assert top[0] == " ".join(sorted([OLD, NEW, THIRD]))
    assert "NETWORK_PHOENIX_CHAIN" in str(top[1]).split()
    assert PEOPLE[0] in str(top[2]).split()
    honest = store.backend.rows(
        "SELECT actor_id FROM network.actor_members WHERE company_id = ?", [HONEST_NEW]
    )
    assert honest == []


def test_network_scores_are_sums_of_contributions(store: FixtureStore) -> None:
    for actor, score in store.backend.rows("SELECT actor_id, score FROM risk.priorities"):
        explained = network_score(store.backend, str(actor))
        assert explained.total == pytest.approx(float(str(score)))
        assert explained.catalogue_version == load_catalogue().version
        assert all(c.evidence for c in explained.contributions)
        assert all(c.points >= 0 for c in explained.contributions)


def test_company_scores_are_sums_of_contributions(store: FixtureStore) -> None:
    rows = store.backend.rows("SELECT orgnr, score, catalogue_version FROM risk.companies")
    assert {r[0] for r in rows} >= {OLD, NEW, THIRD, HONEST_OLD, HONEST_NEW}
    for orgnr, score, version in rows:
        explained = company_score(store.backend, str(orgnr))
        assert explained.total == pytest.approx(float(str(score)))
        assert version == load_catalogue().version
        for c in explained.contributions:
            assert c.evidence and all(e.source_file and e.record_id for e in c.evidence)


def test_edges_keep_their_evidence(store: FixtureStore) -> None:
    missing = store.backend.scalar(
        "SELECT count(*) FROM network.edges WHERE source_file IS NULL OR record_id IS NULL"
    )
    assert missing == 0
    kinds = {r[0] for r in store.backend.rows("SELECT DISTINCT kind FROM network.edges")}
    assert {"employment", "role:DAGL", "address"} <= kinds


def test_stage_components_agree_with_networkx(store: FixtureStore) -> None:
    pairs = [
        (str(a), str(b))
        for a, b in store.backend.rows("SELECT DISTINCT a, b FROM network.company_links")
    ]
    oracle = nx.Graph(pairs)
    assert sorted(connected_groups(pairs)) == sorted(
        sorted(c) for c in nx.connected_components(oracle)
    )


def test_stage_is_idempotent(store: FixtureStore) -> None:
    before = store.backend.rows("SELECT * FROM risk.priorities ORDER BY rank")
    run_networks_and_scores(store.backend)
    assert store.backend.rows("SELECT * FROM risk.priorities ORDER BY rank") == before


def test_network_counts_its_strongest_member_in_full(store: FixtureStore) -> None:
    # Per indicator: the strongest member's points in full, each other member's at a share,
    # so a strongly marked company is not diluted by the associated firms in its group.
    rows = store.backend.rows(
        "SELECT m.actor_id, c.indicator, list(c.points ORDER BY c.points DESC), "
        "any_value(n.points) FROM risk.company_contributions c "
        "JOIN network.actor_members m USING (company_id) "
        "JOIN (SELECT actor_id, indicator, sum(points) AS points FROM risk.network_contributions "
        "WHERE company_id <> '' GROUP BY 1, 2) n "
        "ON n.actor_id = m.actor_id AND n.indicator = c.indicator GROUP BY 1, 2"
    )
    assert rows
    for _, _, points, network_points in rows:
        expected = points[0] + OTHER_MEMBER_SHARE * sum(points[1:])
        assert float(network_points) == pytest.approx(float(expected))


def test_one_restart_without_its_staff_is_not_a_phoenix_chain() -> None:
    # The owner of a bankrupt firm starts a new one in the same trade, with new staff: the
    # successor's own indicator fires, the network-level phoenix chain does not.
    rows = [
        firm(OLD, bankrupt=True, bankruptcy_date="2025-05-20"),
        firm(NEW, registered_date="2025-05-02"),
        role(OLD, PEOPLE[0]),
        role(NEW, PEOPLE[0], "LEDE"),
    ]
    rows += [job(OLD, p, m) for p in PEOPLE[1:6] for m in months(1, 5)]
    rows += [job(NEW, p, m) for p in PEOPLE[10:15] for m in months(6, 9)]
    # Other firms in the store, so that a succession is as rare as in a real register.
    rows += [firm(f"97{i:07d}") for i in range(400)]
    fixture = FixtureStore(rows)
    run_networks_and_scores(fixture.backend)
    fired = {r[0] for r in fixture.backend.rows("SELECT indicator FROM risk.network_evidence")}
    grouped = fixture.backend.rows(
        "SELECT count(DISTINCT actor_id) FROM network.actor_members "
        f"WHERE company_id IN ('{OLD}', '{NEW}')"
    )
    assert grouped == [(1,)]  # one candidate group, as before
    assert "NETWORK_PHOENIX_CHAIN" not in fired
    assert NEW in fixture.fired("SUCCESSOR_AFTER_BANKRUPTCY")


def _front_batch(prefix: str, front: str, handed_over_by: str | None, staffed: int = 3) -> list:
    """Three new firms fronted by ``front`` (no wage anywhere), the first ``staffed`` of them
    with staff; when ``handed_over_by`` is given, that person ran a bankrupt firm and stepped
    down from the first firm of the batch."""
    firms = [f"{prefix}{i}" for i in range(3)]
    rows = [firm(o, registered_date=f"2024-0{i + 3}-01") for i, o in enumerate(firms)]
    rows += [role(o, front) for o in firms]
    rows += [job(o, p) for o in firms[:staffed] for p in (f"{o}-w1", f"{o}-w2")]
    if handed_over_by:
        rows += [
            firm(f"{prefix}9", bankrupt=True, bankruptcy_date="2024-01-15"),
            role(f"{prefix}9", handed_over_by),
            role(firms[0], handed_over_by, resigned=True),
        ]
    return rows


def test_a_marked_front_ties_their_batch_into_one_actor() -> None:
    # Three people each front three new firms and earn nothing anywhere. One batch was handed
    # over by the manager of a bankrupt firm, the firms of another all employ staff: each forms
    # one actor although most of its firms show only the front's marks. The third front's
    # firms, one with staff and two holding or dormant companies, stay single rows (nothing
    # ties them into one operation beyond a busy person without a wage).
    rows = (
        _front_batch("98100000", PEOPLE[0], PEOPLE[1], staffed=1)
        + _front_batch("98200000", PEOPLE[2], None, staffed=1)
        + _front_batch("98300000", PEOPLE[3], None)
    )
    rows += [firm(f"97{i:07d}") for i in range(400)]
    fixture = FixtureStore(rows)
    run_networks_and_scores(fixture.backend)
    actors = dict(
        fixture.backend.rows(
            "SELECT company_id, actor_id FROM network.actor_members WHERE company_id LIKE '98%'"
        )
    )
    marked = {actors.get(f"98100000{i}") for i in range(3)}
    assert len(marked) == 1 and None not in marked
    unmarked = {actors.get(f"98200000{i}") for i in range(3)}
    assert len(unmarked) == 3  # each firm its own candidate (or none), never one group
    staffed = {actors.get(f"98300000{i}") for i in range(3)}
    assert len(staffed) == 1 and None not in staffed
    assert fixture.fired("HANDOVER_AFTER_FAILURE") == {"981000000"}
    assert fixture.fired("FRONT_OF_STAFFED_FIRMS") == {f"98300000{i}" for i in range(3)}
