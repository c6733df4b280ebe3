"""Name normalisation for matching persons and companies across registers.

Registers write the same name differently: with or without diacritics (Lithuanian, Polish,
Latvian, Romanian, Nordic letters), in any case, first and last name swapped, transliterated
(``ø`` as ``o`` or ``oe``, ``å`` as ``aa``, Cyrillic in Latin letters), and companies with or
without their legal form (``AS``, ``SP. Z O.O.``, ``UAB``…). The functions here map such
variants to one form. The folding tables are data, so that the store's SQL can apply exactly
the same rules (see ``akrim.engines.resolution.names_sql``).
"""

from __future__ import annotations

import re
import unicodedata

# Letters that Unicode does not decompose into a base letter plus a combining mark.
SPECIAL_LETTERS: dict[str, str] = {
    "ł": "l",
    "ø": "o",
    "æ": "ae",
    "å": "a",
    "ß": "ss",
    "đ": "d",
    "ð": "d",
    "þ": "th",
    "œ": "oe",
    "ı": "i",
    "ħ": "h",
    "ŀ": "l",
}

# Cyrillic to Latin, the common passport (ICAO-like) transliteration.
CYRILLIC: dict[str, str] = {
    "а": "a", "б": "b", "в": "v", "г": "g", "ґ": "g", "д": "d", "е": "e", "ё": "e",
    "є": "ie", "ж": "zh", "з": "z", "и": "i", "і": "i", "ї": "i", "й": "i", "к": "k",
    "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
    "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch",
    "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "iu", "я": "ia",
}  # fmt: skip

# ASCII spellings of folded letters that registers use interchangeably (Søren / Soeren /
# Soren, Åsen / Aasen, Müller / Mueller). Applied only in the loose matching key.
DIGRAPHS: tuple[tuple[str, str], ...] = (("aa", "a"), ("ae", "a"), ("oe", "o"), ("ue", "u"))

# Legal forms as token sequences, matched at either end of a company name after folding.
LEGAL_FORMS: tuple[str, ...] = (
    # Norway
    "as", "asa", "enk", "nuf", "ans", "da", "sa", "ba", "ks", "stift",
    # Sweden, Denmark, Finland, Iceland
    "ab", "aps", "a s", "hb", "kb", "oy", "oyj", "ehf", "hf",
    # Baltics
    "uab", "ab", "mb", "iu", "sia", "as", "ou", "tu",
    # Poland
    "sp z o o", "sp zoo", "spolka z ograniczona odpowiedzialnoscia", "sp j", "sp k", "s a",
    "sa", "sc", "s c",
    # Romania, Bulgaria, Czechia, Slovakia, Hungary, Balkans
    "srl", "s r l", "sa", "eood", "ood", "ad", "sro", "s r o", "as", "kft", "zrt", "doo",
    "d o o",
    # Germany, Austria, Netherlands, UK, France
    "gmbh", "gmbh co kg", "ag", "kg", "ohg", "ug", "bv", "b v", "nv", "ltd", "limited",
    "plc", "llc", "inc", "sarl", "sas", "eurl",
)  # fmt: skip

_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_SPACES = re.compile(r"\s+")


def fold(text: str) -> str:
    """Lower case, Latin letters without diacritics, Cyrillic transliterated.

    Other characters stay as they are (``normalise_name`` removes punctuation).
    """
    lowered = text.lower()
    out: list[str] = []
    for ch in lowered:
        mapped = SPECIAL_LETTERS.get(ch) or CYRILLIC.get(ch)
        if mapped is not None:
            out.append(mapped)
            continue
        decomposed = unicodedata.normalize("NFKD", ch)
        out.append("".join(c for c in decomposed if not unicodedata.combining(c)))
    return "".join(out)


def normalise_name(text: str | None) -> str:
    """Folded, punctuation turned into single spaces, trimmed; "" for no name."""
    if not text:
        return ""
    return _SPACES.sub(" ", _NON_ALNUM.sub(" ", fold(text))).strip()


def loose_token(token: str) -> str:
    """A token with interchangeable ASCII spellings merged (``soeren`` -> ``soren``)."""
    for pair, single in DIGRAPHS:
        token = token.replace(pair, single)
    return token


def name_tokens(text: str | None) -> list[str]:
    """The loose tokens of a name, in the order written."""
    return [loose_token(t) for t in normalise_name(text).split()]


def sorted_name_key(*parts: str | None) -> str:
    """All tokens of all name parts, loose and sorted: the same for any word order."""
    tokens: list[str] = []
    for part in parts:
        tokens.extend(name_tokens(part))
    return " ".join(sorted(tokens))


# Longest first, so that "sp z o o" wins over a shorter form it ends with.
LEGAL_FORM_TOKENS: tuple[tuple[str, ...], ...] = tuple(
    sorted({tuple(f.split()) for f in LEGAL_FORMS}, key=lambda f: (-len(f), -len("".join(f)), f))
)


def _strip_legal_form_once(tokens: list[str]) -> tuple[list[str], str | None]:
    """Strip one legal form, a suffix before a prefix, leaving at least one token."""
    for form in LEGAL_FORM_TOKENS:
        n = len(form)
        if len(tokens) > n and tuple(tokens[-n:]) == form:
            return tokens[:-n], " ".join(form)
    for form in LEGAL_FORM_TOKENS:
        n = len(form)
        if len(tokens) > n and tuple(tokens[:n]) == form:
            return tokens[n:], " ".join(form)
    return tokens, None


def split_legal_form(name: str | None) -> tuple[str, str | None]:
    """(normalised company name without its legal form, the legal form found or None).

    A name that is nothing but a legal form is kept as it is.
    """
    tokens = normalise_name(name).split()
    found: str | None = None
    for _ in range(2):  # a name rarely carries more than two marks ("X AS NUF")
        tokens, form = _strip_legal_form_once(tokens)
        if form is None:
            break
        found = found or form
    return " ".join(tokens), found


def company_name_key(name: str | None) -> str:
    """The matching key of a company name: folded, no legal form, loose tokens."""
    core, _ = split_legal_form(name)
    return " ".join(loose_token(t) for t in core.split())


def has_legal_form(name: str | None) -> bool:
    return split_legal_form(name)[1] is not None


def normalise_foreign_id(value: str | None, country: str | None = None) -> str:
    """A foreign identifier as letters and digits only, upper case, without a leading country
    prefix (``LT 123-456`` and ``123456`` are the same number for a Lithuanian company)."""
    if not value:
        return ""
    compact = re.sub(r"[^0-9A-Z]", "", fold(value).upper())
    if country and len(compact) > 2 and compact.startswith(country.upper()):
        compact = compact[2:]
    return compact
