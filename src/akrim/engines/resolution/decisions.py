"""Analysts' decisions on links: confirm (join) or reject (keep apart) two mentions.

Decisions live in ``resolution.link_decisions`` and are applied on every run after the
model, so they override it; the latest decision on a pair wins.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from akrim.engines.backend import Backend


class Verdict(StrEnum):
    CONFIRM = "confirm"
    REJECT = "reject"


@dataclass(frozen=True, slots=True)
class MentionRef:
    """One mention: the record of a register file and the role it names someone in."""

    source_file: str
    record_id: str
    role: str

    @classmethod
    def parse(cls, text: str) -> MentionRef:
        """From ``source_file#record_id#role`` (the form exports and reports show)."""
        parts = text.split("#")
        if len(parts) != 3 or not all(parts):
            raise ValueError(f"{text!r} is not source_file#record_id#role")
        return cls(*parts)

    def __str__(self) -> str:
        return f"{self.source_file}#{self.record_id}#{self.role}"


def decisions_table_sql() -> str:
    return """
CREATE SCHEMA IF NOT EXISTS resolution;
CREATE TABLE IF NOT EXISTS resolution.link_decisions (
  entity_kind VARCHAR NOT NULL,
  left_mention VARCHAR NOT NULL,
  right_mention VARCHAR NOT NULL,
  verdict VARCHAR NOT NULL,
  analyst VARCHAR NOT NULL,
  note VARCHAR,
  decided_at TIMESTAMP NOT NULL DEFAULT current_timestamp
)"""


def latest_decisions_sql(entity_kind: str) -> str:
    """The latest verdict per unordered pair of mentions of one kind."""
    return f"""
SELECT left_mention, right_mention, verdict FROM (
  SELECT least(left_mention, right_mention) AS left_mention,
    greatest(left_mention, right_mention) AS right_mention, verdict,
    row_number() OVER (PARTITION BY least(left_mention, right_mention),
      greatest(left_mention, right_mention) ORDER BY decided_at DESC) AS latest
  FROM resolution.link_decisions WHERE entity_kind = '{entity_kind}'
) WHERE latest = 1"""


def record_decision(
    backend: Backend,
    entity_kind: str,
    left: MentionRef,
    right: MentionRef,
    verdict: Verdict,
    analyst: str,
    note: str = "",
) -> None:
    """Store an analyst's verdict; it takes effect on the next ``akrim analyse``."""
    if entity_kind not in ("person", "company"):
        raise ValueError(f"entity kind must be person or company, not {entity_kind!r}")
    if left == right:
        raise ValueError("a link needs two different mentions")
    for statement in decisions_table_sql().split(";"):
        backend.execute(statement)
    backend.execute(
        "INSERT INTO resolution.link_decisions (entity_kind, left_mention, right_mention, "
        "verdict, analyst, note) VALUES (?, ?, ?, ?, ?, ?)",
        [entity_kind, str(left), str(right), verdict.value, analyst, note],
    )
