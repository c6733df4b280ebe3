"""Which company links group companies into a threat actor: a subcontract in a chain does, a
single contract between a client and its supplier does not (ordinary trade would chain every
firm of a market together)."""

from __future__ import annotations

from akrim.engines.network.edges_sql import GROUPING_KINDS
from akrim.engines.risk.stage import run_networks_and_scores

from .fixture_store import FixtureStore
from .typology_cases import BANK, OPP, firm

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
