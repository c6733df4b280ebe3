"""SQL that turns mentions into matching keys and collapses identical ones into profiles.

A monthly employer report names the same worker the same way twelve times a year; comparing
distinct spellings (profiles) instead of mentions keeps the candidate pairs few.
"""

from __future__ import annotations

from akrim.engines.resolution.names_sql import (
    company_name_key_sql,
    loose_sql,
    normalise_name_sql,
    sorted_name_key_sql,
)

SCHEMA = "resolution"


def foreign_id_sql(value: str, country: str) -> str:
    """The domain's ``normalise_foreign_id`` in SQL: letters and digits, no country prefix."""
    compact = f"regexp_replace(upper(strip_accents(coalesce({value}, ''))), '[^0-9A-Z]', '', 'g')"
    return (
        f"nullif(CASE WHEN {country} IS NOT NULL AND length({compact}) > 2 "
        f"AND starts_with({compact}, upper({country})) THEN substr({compact}, 3) "
        f"ELSE {compact} END, '')"
    )


def _surname_sql() -> str:
    """The surname, or the last word of a name written whole."""
    last = loose_sql(normalise_name_sql("last_name"))
    full = loose_sql(normalise_name_sql("full_name"))
    picked = f"CASE WHEN last_name IS NOT NULL THEN {last} ELSE split_part({full}, ' ', -1) END"
    return f"nullif({picked}, '')"


def _first_name_sql() -> str:
    first = loose_sql(normalise_name_sql("first_name"))
    full = loose_sql(normalise_name_sql("full_name"))
    picked = f"CASE WHEN first_name IS NOT NULL THEN {first} ELSE split_part({full}, ' ', 1) END"
    return f"nullif({picked}, '')"


NAME_PARTS = ("first_name", "middle_name", "last_name", "full_name")


def _same_name_sql(parts: tuple[str, ...]) -> str:
    return " AND ".join(f"n.{p} IS NOT DISTINCT FROM m.{p}" for p in parts)


def person_mention_keys_sql(mentions_sql: str) -> str:
    """Mentions with matching keys and the key of the profile they belong to.

    Name keys are computed once per distinct spelling, not once per mention: the employer
    reports repeat the same spelling every month.
    """
    name_key = sorted_name_key_sql(*NAME_PARTS)
    parts = ", ".join(NAME_PARTS)
    return f"""
WITH m AS ({mentions_sql}),
n AS (
  SELECT {parts}, nullif({name_key}, '') AS name_key, {_first_name_sql()} AS first_key,
    {_surname_sql()} AS last_key
  FROM (SELECT DISTINCT {parts} FROM m)
),
k AS (
  SELECT m.*, n.name_key, n.first_key, n.last_key,
    {foreign_id_sql("m.foreign_id", "m.foreign_id_country")} AS fid_norm,
    upper(m.foreign_id_country) AS fid_country,
    lower(m.foreign_id_type) AS fid_type
  FROM m LEFT JOIN n ON {_same_name_sql(NAME_PARTS)}
)
SELECT k.*, md5(concat_ws('|', coalesce(person_id, ''), coalesce(fid_norm, ''),
    coalesce(fid_country, ''), coalesce(fid_type, ''), coalesce(name_key, ''),
    coalesce(first_key, ''), coalesce(last_key, ''),
    coalesce(CAST(birth_date AS VARCHAR), ''), coalesce(account, ''))) AS profile_key
FROM k
"""


def person_profiles_sql(mentions_table: str) -> str:
    """One row per profile, numbered densely from 0, with the model's input columns."""
    return f"""
WITH p AS (
  SELECT profile_key, any_value(person_id) AS person_id, any_value(fid_norm) AS fid_norm,
    any_value(fid_country) AS fid_country, any_value(fid_type) AS fid_type,
    any_value(name_key) AS name_key, any_value(first_key) AS first_key,
    any_value(last_key) AS last_key, any_value(birth_date) AS birth_date,
    any_value(account) AS account,
    list(DISTINCT employer) FILTER (WHERE employer IS NOT NULL) AS employers,
    count(*) AS mentions, min(source_file || '#' || record_id || '#' || role) AS first_mention
  FROM {mentions_table} GROUP BY profile_key
)
SELECT CAST(row_number() OVER (ORDER BY profile_key) - 1 AS BIGINT) AS unique_id, p.*,
  CASE WHEN person_id IS NULL THEN NULL
       ELSE substr(person_id, 1, 1) IN ('4', '5', '6', '7') END AS pid_is_dnr,
  CASE WHEN day(birth_date) <= 12 AND day(birth_date) <> month(birth_date)
       THEN strftime(birth_date, '%Y-%d-%m') END AS bd_swap,
  list_sort(string_split(name_key, ' '))[1] AS tok_first,
  list_sort(string_split(name_key, ' '))[-1] AS tok_last
FROM p
"""


def identifier_edges_sql(profiles_table: str) -> str:
    """Star-shaped links between profiles that share a valid identifier: each profile to the
    smallest profile of its group, with the rule that made it."""
    return f"""
SELECT unique_id AS left_id, min(unique_id) OVER (PARTITION BY person_id) AS right_id,
  'same national ID or D-number' AS rule
FROM {profiles_table} WHERE person_id IS NOT NULL
UNION ALL
SELECT unique_id, min(unique_id) OVER (PARTITION BY fid_norm, fid_country),
  'same foreign ID and country'
FROM {profiles_table} WHERE fid_norm IS NOT NULL AND fid_country IS NOT NULL
UNION ALL
SELECT unique_id, min(unique_id) OVER (PARTITION BY account, first_key, last_key),
  'same bank account and name'
FROM {profiles_table} WHERE account IS NOT NULL AND last_key IS NOT NULL
UNION ALL
SELECT p.unique_id, min(q.unique_id), 'holder of the same bank account'
FROM {profiles_table} p JOIN {profiles_table} q ON q.account = p.account
WHERE p.name_key IS NULL AND p.person_id IS NULL AND p.fid_norm IS NULL
  AND (q.name_key IS NOT NULL OR q.person_id IS NOT NULL)
GROUP BY p.unique_id
"""


def company_mention_keys_sql(mentions_sql: str) -> str:
    """Company mentions with a matching key each: org number, foreign ID, or name (the name
    key computed once per distinct name)."""
    name_key = company_name_key_sql("name")
    return f"""
WITH m AS ({mentions_sql}),
n AS (SELECT name, nullif({name_key}, '') AS name_key FROM (SELECT DISTINCT name FROM m))
SELECT m.*, {foreign_id_sql("m.foreign_id", "m.country")} AS fid_norm,
  upper(m.country) AS fid_country, n.name_key
FROM m LEFT JOIN n ON n.name IS NOT DISTINCT FROM m.name
"""
