"""The audit log's hash chain: canonical event text, chained hashes, checkpoints, verification.

Each entry stores its event as canonical JSON text and the hash
``H(prev_hash || canonical_text)``, so that changing, deleting, inserting or reordering any
entry breaks the chain from that entry on. Truncating the tail leaves a valid shorter chain,
so verification also compares against the stored head (entry count and last hash) and
against checkpoints that partners hold: a chain shorter than a witnessed head, or without
the witnessed hash at the witnessed position, is truncated or rewritten.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

GENESIS_HASH = "0" * 64
HASH_NAME = "sha256"


def canonical_text(event: Mapping[str, Any]) -> str:
    """One text per event: sorted keys, no spaces, UTF-8 kept, no floats' ambiguities."""
    return json.dumps(
        event, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    )


def chain_hash(prev_hash: str, text: str) -> str:
    return hashlib.sha256(prev_hash.encode("ascii") + text.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class ChainEntry:
    """One stored entry: its position, its event text, the hash before it and its own."""

    seq: int
    text: str
    prev_hash: str
    hash: str


def next_entry(prev: ChainEntry | None, event: Mapping[str, Any]) -> ChainEntry:
    """The entry that follows ``prev`` (None: the first) for ``event``; seq goes in the text."""
    seq = 1 if prev is None else prev.seq + 1
    prev_hash = GENESIS_HASH if prev is None else prev.hash
    text = canonical_text({**event, "seq": seq})
    return ChainEntry(seq, text, prev_hash, chain_hash(prev_hash, text))


@dataclass(frozen=True, slots=True)
class Checkpoint:
    """A chain head at a moment: how many entries, the last hash, and a keyed signature."""

    seq: int
    hash: str
    created_at: str
    signature: str = ""

    def body(self) -> str:
        return canonical_text({"seq": self.seq, "hash": self.hash, "created_at": self.created_at})

    def signed(self, key: bytes) -> Checkpoint:
        sig = hmac.new(key, self.body().encode("utf-8"), hashlib.sha256).hexdigest()
        return Checkpoint(self.seq, self.hash, self.created_at, sig)

    def signature_valid(self, key: bytes) -> bool:
        return hmac.compare_digest(self.signed(key).signature, self.signature)

    def to_json(self) -> dict[str, Any]:
        return {
            "seq": self.seq,
            "hash": self.hash,
            "created_at": self.created_at,
            "signature": self.signature,
            "hash_algorithm": HASH_NAME,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Checkpoint:
        return cls(int(data["seq"]), str(data["hash"]), str(data["created_at"]), data["signature"])


@dataclass(frozen=True, slots=True)
class Verification:
    """The result: intact, or the first bad position and what is wrong there."""

    intact: bool
    entries: int
    first_bad_seq: int | None = None
    problem: str = ""

    def describe(self) -> str:
        if self.intact:
            return f"audit log intact: {self.entries} entries"
        return f"audit log tampered at entry {self.first_bad_seq}: {self.problem}"


def verify_chain(
    entries: Iterable[ChainEntry],
    *,
    head: Checkpoint | None = None,
    checkpoints: Sequence[Checkpoint] = (),
    checkpoint_key: bytes | None = None,
) -> Verification:
    """Walk entries in stored order and report the first one that breaks the chain."""
    witnessed = {c.seq: c for c in checkpoints}
    for checkpoint in checkpoints:
        if checkpoint_key is not None and not checkpoint.signature_valid(checkpoint_key):
            return _bad(0, checkpoint.seq, f"checkpoint at {checkpoint.seq} has a bad signature")
    prev_hash, count = GENESIS_HASH, 0
    for entry in entries:
        expected_seq = count + 1
        problem = _entry_problem(entry, expected_seq, prev_hash)
        if problem:
            return _bad(count, expected_seq, problem)
        seen = witnessed.get(entry.seq)
        if seen is not None and seen.hash != entry.hash:
            return _bad(count, entry.seq, "differs from the witnessed checkpoint")
        prev_hash, count = entry.hash, expected_seq
    return _check_tail(count, prev_hash, head, checkpoints)


def _entry_problem(entry: ChainEntry, expected_seq: int, prev_hash: str) -> str:
    if entry.seq != expected_seq:
        return f"found sequence number {entry.seq} where {expected_seq} belongs"
    if entry.prev_hash != prev_hash:
        return "its previous-hash does not match the entry before it"
    try:
        event = json.loads(entry.text)
    except ValueError:
        return "its event text is not valid JSON"
    if not isinstance(event, dict) or event.get("seq") != entry.seq:
        return "its event text does not carry its sequence number"
    if canonical_text(event) != entry.text:
        return "its event text is not in canonical form"
    if chain_hash(entry.prev_hash, entry.text) != entry.hash:
        return "its hash does not match its content"
    return ""


def _check_tail(
    count: int, last_hash: str, head: Checkpoint | None, checkpoints: Sequence[Checkpoint]
) -> Verification:
    for known in [*checkpoints, *([head] if head else [])]:
        if known.seq > count:
            return _bad(count, count + 1, f"log ends at {count} but a head at {known.seq} exists")
    if head is not None and head.seq == count and head.hash != last_hash:
        return _bad(count, count, "the last entry differs from the stored head")
    if head is not None and head.seq < count:
        return _bad(count, head.seq + 1, f"entries after the stored head ({head.seq})")
    return Verification(True, count)


def _bad(count: int, seq: int, problem: str) -> Verification:
    return Verification(False, count, seq, problem)
