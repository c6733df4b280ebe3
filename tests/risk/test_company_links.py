"""Which company links group companies into a threat actor: a subcontract in a chain does, a
single contract between a client and its supplier does not (ordinary trade would chain every
firm of a market together)."""

from __future__ import annotations

from akrim.engines.network.edges_sql import GROUPING_KINDS
from akrim.engines.risk.stage import run_networks_and_scores

from .fixture_store import FixtureStore
from .typology_cases import BANK, OPP, PEOPLE, TIL, TIPS, UTS, firm, job, months, role

CLIENT, SUPPLIER, SUB = "911111111", "922222222", "933333333"


def test_only_subcontracts_group_companies() -> None:
    store = FixtureStore(
        [
            firm(CLIENT),
            firm(SUPPLIER),
            firm(SUB),
            (OPP, {"contract_id": "K1", "client_orgnr": CLIENT, "contractor_orgnr": SUPPLIER}),
            (
                OPP,
                {
                    "contract_id": "K2",
                    "parent_contract_id": "K1",
                    "client_orgnr": SUPPLIER,
                    "contractor_orgnr": SUB,
                },
            ),
        ]
    )
    run_networks_and_scores(store.backend)
    kinds = set(
        store.backend.rows(
            "SELECT a, b, kind FROM network.company_links WHERE kind LIKE '%contract'"
        )
    )
    assert kinds == {(CLIENT, SUPPLIER, "contract"), (SUPPLIER, SUB, "subcontract")}
    assert "captive_contractor" in GROUPING_KINDS
    assert "subcontract" in GROUPING_KINDS and "contract" not in GROUPING_KINDS


def test_a_dependent_payee_ties_in_its_silent_payer() -> None:
    # Sole proprietorships paid only by one client (false self-employment): the client shows
    # no signal of its own, yet it is the actor the proprietorships belong to.
    enks = ["944444440", "955555550"]
    rows = [firm(CLIENT), *[firm(e, form="ENK") for e in enks]]
    # Other firms in the store, so that the signal is as rare as it is in a real register.
    rows += [firm(f"97{i:07d}") for i in range(400)]
    rows += [
        (
            BANK,
            {
                "account_no": f"acc-{e}",
                "owner_orgnr": e,
                "amount_nok": 30000,
                "kind": "TRANSFER",
                "counterparty_orgnr": CLIENT,
            },
        )
        for e in enks
        for _ in range(3)
    ]
    store = FixtureStore(rows)
    run_networks_and_scores(store.backend)
    groups = store.backend.rows(
        "SELECT actor_id, string_agg(company_id, ' ' ORDER BY company_id) "
        "FROM network.actor_members GROUP BY 1"
    )
    assert " ".join(sorted([CLIENT, *enks])) in {g[1] for g in groups}


def _contracted(contractor_staff: bool, second_client: bool) -> set[tuple[str, str, str]]:
    rows = [
        firm(CLIENT),
        firm(SUB),
        (OPP, {"contract_id": "K1", "client_orgnr": CLIENT, "contractor_orgnr": "LT:300123456"}),
        *[
            (UTS, {"contract_id": "K1", "contractor_orgnr": "LT:300123456", "person_id": p})
            for p in PEOPLE[:3]
        ],
    ]
    if contractor_staff:
        rows += [
            (OPP, {"contract_id": "K3", "client_orgnr": CLIENT, "contractor_orgnr": SUPPLIER}),
            (UTS, {"contract_id": "K3", "contractor_orgnr": SUPPLIER, "person_id": PEOPLE[5]}),
            job(SUPPLIER, PEOPLE[6]),
        ]
    if second_client:
        rows += [
            (OPP, {"contract_id": "K2", "client_orgnr": SUB, "contractor_orgnr": "LT:300123456"})
        ]
    store = FixtureStore(rows)
    run_networks_and_scores(store.backend)
    return set(
        store.backend.rows(
            "SELECT a, b, kind FROM network.company_links WHERE kind = 'captive_contractor'"
        )
    )


def test_a_contractor_with_one_client_and_only_posted_staff_is_captive() -> None:
    # Disguised hiring: a foreign firm that only posts workers to one client is its labour
    # supply. A supplier with its own reported staff, or with other clients, is independent.
    assert _contracted(contractor_staff=True, second_client=False) == {
        (CLIENT, "LT:300123456", "captive_contractor")
    }
    assert _contracted(contractor_staff=False, second_client=True) == set()


def test_earlier_findings_alone_do_not_tie_a_firm_into_a_network() -> None:
    # Two firms run by one person: one underpays its staff, the other has only a history
    # (an inspection with findings, tips). The history orders firms, it does not make the
    # second firm a member of the first one's network.
    marked, historic = CLIENT, SUPPLIER
    rows = [firm(marked), firm(historic), role(marked, PEOPLE[0]), role(historic, PEOPLE[0])]
    rows += [job(marked, p, m, gross_pay_nok=16000) for p in PEOPLE[1:4] for m in months(8, 9)]
    rows += [
        (TIL, {"inspection_id": f"I{i}", "orgnr": historic, "findings": "SAFETY;UNDERPAID"})
        for i in range(2)
    ]
    rows += [(TIPS, {"tip_id": f"T{i}", "mentioned_orgnr": historic}) for i in range(3)]
    rows += [firm(f"97{i:07d}") for i in range(400)]
    store = FixtureStore(rows)
    run_networks_and_scores(store.backend)
    scores = dict(store.backend.rows("SELECT company_id, score FROM risk.company_scores"))
    assert scores[historic] >= 1.5  # it would link by its score alone
    members = dict(store.backend.rows("SELECT company_id, actor_id FROM network.actor_members"))
    assert members[marked] != members[historic]
