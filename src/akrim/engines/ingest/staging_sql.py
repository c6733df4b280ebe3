"""SQL that reads one delivered file into a private staging table of raw text values.

Every staging table has ``_rn`` (record order: 0, 1, 2..., roles numbered with gaps),
``_line`` where the position is known from the reader alone (JSON: element index; CSV lines
are mapped afterwards), the contract's columns as VARCHAR (NULL when empty), ``_extra`` (JSON
of unknown fields) and ``_raw_id``.
"""

from __future__ import annotations

import json
from pathlib import Path

from akrim.domain.registers import BRREG_ROLLER, RegisterFile

from .rules_sql import quote_ident, quote_literal

MAX_LINE_BYTES = 2 * 1024 * 1024  # longer CSV records are quarantined, not loaded
MAX_JSON_OBJECT_BYTES = 64 * 1024 * 1024


def _csv_source_sql(path: Path, header: list[str], rejects: str) -> str:
    columns = ", ".join(f"{quote_literal(h)}: 'VARCHAR'" for h in header)
    return (
        f"read_csv({quote_literal(str(path))}, header = true, auto_detect = false, "
        f"delim = ',', quote = '\"', escape = '\"', columns = {{{columns}}}, "
        f"store_rejects = true, rejects_table = {quote_literal(rejects)}, "
        f"rejects_scan = {quote_literal(rejects + '_scan')}, "
        f"max_line_size = {MAX_LINE_BYTES}, parallel = true, "
        f"compression = {quote_literal('gzip' if path.name.endswith('.gz') else 'none')})"
    )


def _extra_sql(names: list[str], value_of: dict[str, str]) -> str:
    if not names:
        return "NULL::VARCHAR"
    pairs = ", ".join(f"{quote_literal(n)}, {value_of[n]}" for n in names)
    return f"CAST(json_object({pairs}) AS VARCHAR)"


def csv_rows_table(stage: str) -> str:
    """The table holding a staged CSV's rows; ``stage`` itself is a view numbering them."""
    return f"{stage}_rows"


def stage_csv_sql(
    stage: str, rejects: str, path: Path, register: RegisterFile, header: list[str]
) -> list[str]:
    """Stage a CSV whose header has every contract column (checked before).

    The rows go to a table in file order (the database keeps insertion order while it reads
    the file in parallel); the stage is a view that numbers them by their position in that
    table (:func:`csv_stage_view_sql`). Numbering with ``row_number() OVER ()`` instead would
    read the file on one thread.
    """
    value_of = {h: f"nullif({quote_ident(h)}, '')" for h in header}
    contract = [f"{value_of[c]} AS {quote_ident(c)}" for c in register.column_names]
    extras = [h for h in header if h not in register.column_names]
    rows = csv_rows_table(stage)
    return [
        "SET preserve_insertion_order = true",
        f"CREATE OR REPLACE TEMP TABLE {rows} AS SELECT "
        f"NULL::BIGINT AS _line, {', '.join(contract)}, "
        f"{_extra_sql(extras, value_of)} AS _extra "
        f"FROM {_csv_source_sql(path, header, rejects)}",
    ]


def csv_rows_span_sql(stage: str) -> str:
    """(first row id, last row id, rows) of a staged CSV's rows table."""
    return f"SELECT min(rowid), max(rowid), count(*) FROM {csv_rows_table(stage)}"


def csv_stage_view_sql(stage: str, first_rowid: int | None) -> str:
    """The stage view: rows numbered from 0 in file order.

    ``first_rowid`` is the row id of the first row when the ids run without gaps (rows added
    inside a transaction are numbered from a large offset); None numbers them by sorting.
    """
    rows = csv_rows_table(stage)
    number = (
        f"rowid - {first_rowid}"
        if first_rowid is not None
        else "row_number() OVER (ORDER BY rowid) - 1"
    )
    return f"CREATE OR REPLACE TEMP VIEW {stage} AS SELECT {number} AS _rn, * FROM {rows}"


def _extracted_sql(document: str, json_paths: list[str]) -> str:
    """All paths of a document in one parse: a list of small JSON values (``_v``)."""
    listed = ", ".join(quote_literal("$." + p) for p in json_paths)
    return f"json_extract({document}, [{listed}])"


def _extracted_value_sql(index: int) -> str:
    """Text of the ``index``-th (from 1) extracted value (:func:`json_value_text_sql`)."""
    return json_value_text_sql(f"_v[{index}]")


def json_value_text_sql(value: str) -> str:
    """Text of a small JSON value: a string unquoted, a list joined with ', ', '' as NULL.

    A string's text is read off its JSON between the quotes when it holds no escape, which
    spares parsing each small value again; other values are parsed."""
    return (
        f"nullif(CASE WHEN starts_with({value}, '\"') AND NOT contains({value}, '\\') "
        f"THEN substr({value}, 2, length({value}) - 2) "
        f"WHEN starts_with({value}, '[') "
        f"THEN array_to_string(json_extract_string({value}, '$[*]'), ', ') "
        f"ELSE json_extract_string({value}, '$') END, '')"
    )


def _is_object_sql(document: str) -> str:
    """Holds for a JSON object. Documents here come from the JSON reader or json_extract,
    which write JSON back without spaces, so an object's text starts with ``{``: no parse."""
    return f"starts_with({document}, '{{')"


def _unknown_fields_sql(document: str, known: set[str]) -> str:
    """The fields of an object outside ``known`` as JSON (NULL when none); a document that
    is not an object, whole. Most objects hold only known keys, which a look at their keys
    tells without rewriting the object."""
    patch = "{" + ", ".join(f'"{k}": null' for k in sorted(known)) + "}"
    remainder = f"CAST(json_merge_patch({document}, {quote_literal(patch)}) AS VARCHAR)"
    listed = "[" + ", ".join(quote_literal(k) for k in sorted(known)) + "]"
    return (
        f"CASE WHEN {_is_object_sql(document)} THEN CASE WHEN list_has_all({listed}, "
        f"json_keys({document})) THEN NULL ELSE nullif({remainder}, '{{}}') END "
        f"ELSE CAST({document} AS VARCHAR) END"
    )


def raw_json_sql(raw: str, path: Path, json_format: str) -> str:
    """Every JSON document of a file (array elements or lines) in a table, in file order.

    The table's row ids number the documents (:func:`json_number_sql`): numbering them with
    ``row_number() OVER ()`` instead would keep the reader and every later step on one
    thread. Each document is kept as JSON text: left to itself the reader guesses a typed
    structure from the first documents and refuses the whole file when a later document
    holds a key the guess lacks (a field that is rare in the register), and rebuilding
    JSON from that structure cost more than the text."""
    source = (
        f"read_json({quote_literal(str(path))}, format = {quote_literal(json_format)}, "
        f"records = false, columns = {{'json': 'JSON'}}, "
        f"maximum_object_size = {MAX_JSON_OBJECT_BYTES})"
    )
    return f"CREATE OR REPLACE TEMP TABLE {raw} AS SELECT json AS _j FROM {source}"


def json_number_sql(first_rowid: int | None) -> str:
    """A raw document's number from 0 in file order (see :func:`csv_stage_view_sql`)."""
    if first_rowid is not None:
        return f"rowid - {first_rowid}"
    return "row_number() OVER (ORDER BY rowid) - 1"


def raw_span_sql(raw: str) -> str:
    """(first row id, last row id, rows) of a raw JSON table."""
    return f"SELECT min(rowid), max(rowid), count(*) FROM {raw}"


def stage_json_array_sql(stage: str, raw: str, register: RegisterFile, number: str) -> str:
    """Stage a JSON array of objects (the Brønnøysund bulk format), one row per element,
    from its raw documents (:func:`raw_json_sql`) numbered by ``number``."""
    paths = [c.json_path for c in register.columns]
    columns = [
        f"{_extracted_value_sql(i + 1)} AS {quote_ident(c.name)}"
        for i, c in enumerate(register.columns)
    ]
    known = {c.json_path.split(".")[0] for c in register.columns if c.json_path}
    return (
        f"CREATE OR REPLACE TEMP TABLE {stage} AS SELECT _rn, _rn AS _line, "
        f"{', '.join(columns)}, {_unknown_fields_sql('_j', known)} AS _extra FROM "
        f"(SELECT {number} AS _rn, _j, {_extracted_sql('_j', paths)} AS _v FROM {raw})"
    )


def _nested_spec(path: list[str], leaf: dict[str, object]) -> dict[str, object]:
    """A json_transform structure reaching ``path`` (a JSON leaf) beside ``leaf``'s keys:
    ``["type", "kode"]`` gives ``{"type": {"kode": "JSON"}, **leaf}``."""
    inner: object = "JSON"
    for key in reversed(path[1:]):
        inner = {key: inner}
    return {path[0]: inner, **leaf}


ROLE_KNOWN_FIELDS = {"type", "person", "enhet", "fratraadt", "rollegruppe"}
ROLES_PER_LINE = 1 << 32  # more than a line of at most MAX_JSON_OBJECT_BYTES can hold


def stage_roles_sql(stage: str, raw: str, number: str) -> str:
    """Stage the roles JSON Lines file flattened to one row per role, from its raw lines
    (:func:`raw_json_sql`) numbered by ``number``.

    A role's record_id is ``orgnr:ROLE:index``, the index counting the organisation's roles
    from 0 in file order across all its role groups (and across lines, should an
    organisation appear on more than one). A line that is not an object with a
    ``rollegrupper`` list becomes one row without a role, which the rules then quarantine.
    A role's ``rollegruppe`` is its group's type (a ``rollegruppe`` of its own is ignored,
    like any field of a role that is not an object).

    ``_rn`` is the line number times 2³² plus the role's index on its line: in file order
    and unique, with gaps, and without sorting every role (a global sort of the roles
    spilled to disk at national scale).
    """
    group_path = next(c.json_path for c in BRREG_ROLLER.columns if c.name == "role_group")
    group_code = group_path.removeprefix("rollegruppe.").split(".")
    # one parse of the line gives its organisation number, and each group's code and roles
    # (as JSON): a shape other than the contract's (a group that is not an object, roles
    # that are not a list) reads as missing, as the paths json_extract follows would
    line = {
        "organisasjonsnummer": "VARCHAR",
        "rollegrupper": [_nested_spec(group_code, {"roller": ["JSON"]})],
    }
    code = ".".join(["g", *(quote_ident(k) for k in group_code)])
    roles = (
        "flatten(list_transform(coalesce(_t.rollegrupper, []), "
        "lambda g: list_transform(coalesce(g.roller, []), "
        f"lambda r: {{'r': r, 'g': {code}}})))"
    )
    role_fields = [
        c for c in BRREG_ROLLER.columns if c.name not in ("record_id", "orgnr", "role_group")
    ]
    role_columns = [
        f"{_extracted_value_sql(i + 1)} AS {quote_ident(c.name)}" for i, c in enumerate(role_fields)
    ]
    role_code = _extracted_value_sql(1 + [c.json_path for c in role_fields].index("type.kode"))
    # the group's type code, taken from the group as the role's own fields are from the role
    group_value = json_value_text_sql("_g")
    named = dict(zip([c.name for c in role_fields], role_columns, strict=True))
    ordered = [
        f"{group_value} AS {quote_ident(c.name)}" if c.name == "role_group" else named[c.name]
        for c in BRREG_ROLLER.columns
        if c.name not in ("record_id", "orgnr")
    ]
    return f"""CREATE OR REPLACE TEMP TABLE {stage} AS
WITH listed AS (
    SELECT {number} AS _elem, nullif(_t.organisasjonsnummer, '') AS _org,
        {roles} AS _roles, _t.rollegrupper IS NOT NULL AS _shaped
    FROM (SELECT rowid, json_transform(_j, {quote_literal(json.dumps(line))}) AS _t FROM {raw})),
counted AS (
    SELECT *, coalesce(sum(len(_roles)) OVER (PARTITION BY _org ORDER BY _elem
        ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS _before
    FROM listed),
flat AS (
    SELECT _elem, _org, unnest(_roles) AS _pair, _before + generate_subscripts(_roles, 1) - 1
        AS _k, generate_subscripts(_roles, 1) - 1 AS _i
    FROM counted WHERE len(_roles) > 0
    UNION ALL
    SELECT _elem, _org, NULL AS _pair, NULL AS _k, 0 AS _i FROM counted
    WHERE len(_roles) = 0 AND _shaped IS NOT TRUE),
extracted AS (
    SELECT *, _pair.r AS _r, _pair.g AS _g,
        {_extracted_sql("_pair.r", [c.json_path for c in role_fields])} AS _v
    FROM flat)
SELECT _elem * {ROLES_PER_LINE} + _i AS _rn, _elem AS _line,
    CASE WHEN _org IS NOT NULL AND _k IS NOT NULL
        THEN _org || ':' || coalesce({role_code}, '?') || ':' || _k END AS record_id,
    _org AS orgnr, {", ".join(ordered)},
    CASE WHEN {_is_object_sql("_r")} THEN {_unknown_fields_sql("_r", ROLE_KNOWN_FIELDS)}
        END AS _extra
FROM extracted"""
