"""SQL for company links: org numbers, foreign registration numbers with country, names.

Norwegian companies are identified by their org number (each sub-unit has its own and stays
its own entity, tied to its parent as a relation). Foreign contractors are identified by
registration number and country; a record that gives the number without the country, or
only a name, joins the company that number or name singles out.
"""

from __future__ import annotations

RULE_STRENGTH = {
    "same org number": 100.0,
    "same foreign registration number and country": 90.0,
    "same foreign registration number, country from another record": 60.0,
    "same name, country and registration number one typo apart": 40.0,
    "same name as the only company of that name": 20.0,
    "same name, no identifier": 10.0,
}


def company_profiles_sql(mentions_table: str) -> str:
    return f"""
WITH p AS (
  SELECT orgnr, fid_norm, fid_country, name_key, count(*) AS mentions,
    min(source_file || '#' || record_id || '#' || role) AS first_mention,
    any_value(name) AS label
  FROM {mentions_table} GROUP BY orgnr, fid_norm, fid_country, name_key
)
SELECT CAST(row_number() OVER (ORDER BY first_mention) - 1 AS BIGINT) AS unique_id, p.* FROM p
"""


def company_edges_sql(profiles: str) -> str:
    """Links between company profiles, each with its rule."""
    return f"""
WITH keyed AS (
  SELECT unique_id, name_key,
    coalesce(orgnr, fid_country || ':' || fid_norm, '?:' || fid_norm) AS company_key
  FROM {profiles} WHERE orgnr IS NOT NULL OR fid_norm IS NOT NULL
),
single_named AS (
  SELECT name_key, min(unique_id) AS unique_id FROM keyed WHERE name_key IS NOT NULL
  GROUP BY name_key HAVING count(DISTINCT company_key) = 1
),
one_country AS (
  SELECT fid_norm, min(unique_id) AS unique_id FROM {profiles}
  WHERE fid_norm IS NOT NULL AND fid_country IS NOT NULL
  GROUP BY fid_norm HAVING count(DISTINCT fid_country) = 1
)
SELECT unique_id AS left_id, min(unique_id) OVER (PARTITION BY orgnr) AS right_id,
  'same org number' AS rule FROM {profiles} WHERE orgnr IS NOT NULL
UNION ALL
SELECT unique_id, min(unique_id) OVER (PARTITION BY fid_norm, fid_country),
  'same foreign registration number and country'
FROM {profiles} WHERE orgnr IS NULL AND fid_norm IS NOT NULL AND fid_country IS NOT NULL
UNION ALL
SELECT p.unique_id, o.unique_id, 'same foreign registration number, country from another record'
FROM {profiles} p JOIN one_country o USING (fid_norm) WHERE p.fid_country IS NULL
UNION ALL
SELECT a.unique_id, b.unique_id, 'same name, country and registration number one typo apart'
FROM {profiles} a JOIN {profiles} b
  ON a.fid_country = b.fid_country AND a.name_key = b.name_key AND a.unique_id < b.unique_id
WHERE a.fid_norm <> b.fid_norm AND damerau_levenshtein(a.fid_norm, b.fid_norm) <= 1
UNION ALL
SELECT p.unique_id, s.unique_id, 'same name as the only company of that name'
FROM {profiles} p JOIN single_named s USING (name_key)
WHERE p.orgnr IS NULL AND p.fid_norm IS NULL
UNION ALL
SELECT unique_id, min(unique_id) OVER (PARTITION BY name_key), 'same name, no identifier'
FROM {profiles} WHERE orgnr IS NULL AND fid_norm IS NULL AND name_key IS NOT NULL
"""
