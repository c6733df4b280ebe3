"""Which company links group companies into a threat actor: a subcontract in a chain does, a
single contract between a client and its supplier does not (ordinary trade would chain every
firm of a market together)."""

from __future__ import annotations

from akrim.engines.network.edges_sql import GROUPING_KINDS
from akrim.engines.risk.stage import run_networks_and_scores

from .fixture_store import FixtureStore
from .typology_cases import OPP, firm

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
