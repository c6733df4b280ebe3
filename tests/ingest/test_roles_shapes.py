"""Flattening the roles file: for lines of any shape, the staged rows are the ones a plain
reading of the contract gives (a Python reference here): one row per role of each group
that is an object with a list of roles, numbered per organisation in file order, each
beside its group's type code; a line without a list of groups becomes one row without a
role (which the rules then quarantine)."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from akrim.engines.backend import Backend
from akrim.engines.duckdb_backend import DuckDBBackend
from akrim.engines.ingest.staging_sql import stage_roles_sql


@pytest.fixture(scope="module")
def backend() -> Iterator[Backend]:
    db = DuckDBBackend()
    yield db
    db.close()


text = st.sampled_from(["INNH", "DAGL", "STYR", "941775195", "974760673", "", "ø", 'a"b'])
odd = st.one_of(st.none(), st.booleans(), st.integers(-3, 99), text, st.just([]), st.just({}))
code_holder = st.one_of(odd, st.fixed_dictionaries({"kode": st.one_of(text, odd)}))
role = st.one_of(
    odd,
    st.fixed_dictionaries(
        {},
        optional={
            "type": code_holder,
            "person": st.one_of(odd, st.fixed_dictionaries({"fodselsdato": text})),
            "fratraadt": st.booleans(),
            "rollegruppe": code_holder,
            "ukjent": odd,
        },
    ),
)
group = st.one_of(
    odd,
    st.fixed_dictionaries(
        {},
        optional={"type": code_holder, "roller": st.one_of(odd, st.lists(role, max_size=3))},
    ),
)
line = st.one_of(
    odd,
    st.fixed_dictionaries(
        {},
        optional={
            "organisasjonsnummer": st.sampled_from(["941775195", "974760673", "1"]),
            "rollegrupper": st.one_of(odd, st.lists(group, max_size=3)),
        },
    ),
)


def _text(value: object) -> str | None:
    """A JSON value's text as staged, for the simple values generated here."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    return json.dumps(value, separators=(",", ":"))


def _code(holder: object) -> str | None:
    return _text(holder.get("kode")) if isinstance(holder, dict) else None


def _expected(lines: list[object]) -> list[tuple[int, str | None, str | None, str | None]]:
    """(line, record_id, role, role_group) of each staged row, in file order."""
    rows: list[tuple[int, str | None, str | None, str | None]] = []
    seen: dict[str | None, int] = {}
    for number, doc in enumerate(lines):
        groups = doc.get("rollegrupper") if isinstance(doc, dict) else None
        org = _text(doc.get("organisasjonsnummer")) if isinstance(doc, dict) else None
        if not isinstance(groups, list):
            rows.append((number, None, None, None))
            continue
        for g in groups:
            roles = g.get("roller") if isinstance(g, dict) else None
            for r in roles if isinstance(roles, list) else []:
                code = _code(r.get("type")) if isinstance(r, dict) else None
                index = seen.get(org, 0)
                seen[org] = index + 1
                record_id = f"{org}:{code or '?'}:{index}" if org is not None else None
                rows.append((number, record_id, code, _code(g.get("type"))))
    return rows


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(line, min_size=1, max_size=6))
@example(  # an organisation on two lines: its roles are numbered on across them
    [
        {"organisasjonsnummer": "941775195", "rollegrupper": [{"roller": [{}, {"type": {}}]}]},
        {"organisasjonsnummer": "974760673", "rollegrupper": [{"roller": [{}]}]},
        {"organisasjonsnummer": "941775195", "rollegrupper": [{"roller": [{}]}]},
    ]
)
def test_staged_roles_follow_the_contract_for_any_shape(
    backend: Backend, lines: list[object]
) -> None:
    backend.execute("CREATE OR REPLACE TEMP TABLE raw_roles (_j JSON)")
    for doc in lines:
        backend.execute("INSERT INTO raw_roles VALUES (?)", [json.dumps(doc)])
    first = backend.rows("SELECT min(rowid) FROM raw_roles")[0][0]
    backend.execute(stage_roles_sql("staged_roles", "raw_roles", f"rowid - {first}"))
    staged = backend.rows(
        'SELECT _line, record_id, "role", role_group FROM staged_roles ORDER BY _rn'
    )
    assert [tuple(r) for r in staged] == _expected(lines)
