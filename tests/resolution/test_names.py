"""Name normalisation: known variants meet, and the store's SQL agrees with Python."""

from __future__ import annotations

import duckdb
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from akrim.domain.names import (
    company_name_key,
    has_legal_form,
    normalise_foreign_id,
    normalise_name,
    sorted_name_key,
    split_legal_form,
)
from akrim.engines.resolution.names_sql import (
    company_name_key_sql,
    normalise_name_sql,
    sorted_name_key_sql,
)

LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
DIACRITICS = "ąćęłńóśźżĄĆĘŁŃÓŚŹŻčėįšųūžČĖĮŠŲŪŽāēģīķļņĀĒĢĪĶĻŅășțâîĂȘȚÂÎøæåØÆÅßöüäÖÜÄéèÉ"
CYRILLIC = "ивнпетровсклшщжИВАНПЕТРОВ"
PUNCT = " -.,'&/"
NAME_TEXT = st.text(alphabet=LETTERS + DIACRITICS + CYRILLIC + PUNCT, max_size=30)
FORMS = ["AS", "ASA", "ENK", "NUF", "SP. Z O.O.", "UAB", "SIA", "SRL", "AB", "OY", "GmbH", "Ltd"]


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Łukasz Wiśniewski", "LUKASZ WISNIEWSKI"),
        ("Søren Ås", "Soeren Aas"),
        ("Jonas Žemaitis", "jonas zemaitis"),
        ("Jānis Bērziņš", "Janis Berzins"),
        ("Ștefan Popescu", "Stefan Popescu"),
        ("Müller", "Mueller"),
        ("Gießen", "Giessen"),
        ("Иван Петров", "Ivan Petrov"),
    ],
)
def test_spelling_variants_get_the_same_key(a: str, b: str) -> None:
    assert sorted_name_key(a) == sorted_name_key(b)


def test_word_order_does_not_matter() -> None:
    assert sorted_name_key("Kowalski", "Jan") == sorted_name_key("Jan", "Kowalski")
    assert sorted_name_key("KOWALSKI Jan") == sorted_name_key("Jan", "Kowalski")


def test_different_names_stay_different() -> None:
    assert sorted_name_key("Jan Kowalski") != sorted_name_key("Jan Kowalska")
    assert company_name_key("Bygg AS") != company_name_key("Bygg Vest AS")


@pytest.mark.parametrize(
    ("name", "core", "form"),
    [
        ("Nordic Bygg AS", "nordic bygg", "as"),
        ("Kowalski Bud Sp. z o.o.", "kowalski bud", "sp z o o"),
        ("UAB Statybų Grupė", "statybu grupe", "uab"),
        ("SIA Rīgas Celtnieks", "rigas celtnieks", "sia"),
        ("Construct Invest SRL", "construct invest", "srl"),
        ("Müller Bau GmbH", "muller bau", "gmbh"),
        ("Rakennus Oy", "rakennus", "oy"),
        ("Hansen Maling ENK", "hansen maling", "enk"),
        ("Baltic Crew NUF", "baltic crew", "nuf"),
        ("AS", "as", None),
    ],
)
def test_legal_forms_are_split_off(name: str, core: str, form: str | None) -> None:
    assert split_legal_form(name) == (core, form)


def test_has_legal_form_tells_companies_from_people() -> None:
    assert has_legal_form("Vest Renhold AS")
    assert not has_legal_form("Ola Nordmann")


def test_foreign_ids_compare_without_punctuation_or_country_prefix() -> None:
    assert normalise_foreign_id("lt 304-112 233", "LT") == normalise_foreign_id("304112233", "LT")
    assert normalise_foreign_id("AB 123 456") == "AB123456"
    assert normalise_foreign_id(None) == ""


@given(NAME_TEXT)
def test_normalised_names_are_idempotent_and_ascii(text: str) -> None:
    once = normalise_name(text)
    assert normalise_name(once) == once
    assert once.isascii()
    assert once == once.strip()


@given(NAME_TEXT, NAME_TEXT)
def test_sorted_key_ignores_part_order(a: str, b: str) -> None:
    assert sorted_name_key(a, b) == sorted_name_key(b, a)


@given(NAME_TEXT, st.sampled_from(FORMS))
def test_a_legal_form_suffix_does_not_change_the_company_key(core: str, form: str) -> None:
    plain = normalise_name(core)
    if not plain or split_legal_form(plain)[1] is not None:
        return  # the core itself looks like a legal form: nothing to compare
    assert company_name_key(f"{core} {form}") == company_name_key(core)


@pytest.fixture(scope="module")
def con() -> duckdb.DuckDBPyConnection:
    return duckdb.connect()


@settings(max_examples=200, deadline=None)
@given(NAME_TEXT, NAME_TEXT)
def test_sql_agrees_with_python(con: duckdb.DuckDBPyConnection, a: str, b: str) -> None:
    row = con.execute(
        f"SELECT {normalise_name_sql('$a')}, {sorted_name_key_sql('$a', '$b')}, "
        f"{company_name_key_sql('$a')}",
        {"a": a, "b": b},
    ).fetchone()
    assert row == (normalise_name(a), sorted_name_key(a, b), company_name_key(a))


@given(NAME_TEXT, st.sampled_from(FORMS), st.sampled_from(FORMS))
@settings(max_examples=100, deadline=None)
def test_sql_strips_legal_forms_like_python(
    con: duckdb.DuckDBPyConnection, core: str, form1: str, form2: str
) -> None:
    name = f"{form1} {core} {form2}"
    (key,) = con.execute(f"SELECT {company_name_key_sql('$n')}", {"n": name}).fetchone() or ("",)
    assert key == company_name_key(name)
