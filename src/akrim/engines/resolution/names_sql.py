"""SQL expressions that apply the domain's name normalisation inside the store.

Each builder returns a SQL expression over a column expression; the rules come from
``akrim.domain.names`` so that Python and SQL agree (a property test checks it).
"""

from __future__ import annotations

from akrim.domain.names import CYRILLIC, DIGRAPHS, LEGAL_FORM_TOKENS, SPECIAL_LETTERS


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def fold_sql(expr: str) -> str:
    """Lower case, special letters and Cyrillic mapped, diacritics stripped."""
    out = f"lower({expr})"
    for letter, ascii_ in (*SPECIAL_LETTERS.items(), *CYRILLIC.items()):
        out = f"replace({out}, {_quote(letter)}, {_quote(ascii_)})"
    return f"strip_accents({out})"


def normalise_name_sql(expr: str) -> str:
    """Folded, punctuation as single spaces, trimmed; '' for NULL."""
    folded = fold_sql(f"coalesce({expr}, '')")
    return f"trim(regexp_replace({folded}, '[^0-9a-z]+', ' ', 'g'))"


def loose_sql(normalised: str) -> str:
    """Interchangeable ASCII spellings merged, over an already normalised name."""
    out = normalised
    for pair, single in DIGRAPHS:
        out = f"replace({out}, {_quote(pair)}, {_quote(single)})"
    return out


def sorted_name_key_sql(*exprs: str) -> str:
    """All tokens of the name parts, loose and sorted (word order does not matter)."""
    joined = "concat_ws(' ', " + ", ".join(f"coalesce({e}, '')" for e in exprs) + ")"
    loose = loose_sql(normalise_name_sql(joined))
    return f"array_to_string(list_sort(string_split({loose}, ' ')), ' ')"


def _forms_alternation() -> str:
    return "|".join(" ".join(f) for f in LEGAL_FORM_TOKENS)


def strip_legal_form_sql(normalised: str) -> str:
    """One legal form removed, a suffix before a prefix, keeping at least one token."""
    forms = _forms_alternation()
    suffix = f"'^(.+?) (?:{forms})$'"
    prefix = f"'^(?:{forms}) (.+)$'"
    return (
        f"CASE WHEN regexp_matches({normalised}, {suffix}) "
        f"THEN regexp_replace({normalised}, {suffix}, '\\1') "
        f"ELSE regexp_replace({normalised}, {prefix}, '\\1') END"
    )


def company_name_key_sql(expr: str) -> str:
    """Company matching key: folded, legal forms (up to two) removed, loose tokens."""
    once = strip_legal_form_sql(normalise_name_sql(expr))
    return loose_sql(strip_legal_form_sql(once))
