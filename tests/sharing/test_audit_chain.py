"""Tamper tests for the audit chain: any single-byte change, deleted, inserted, reordered or
truncated entry is detected, and verification names the first bad entry."""

from __future__ import annotations

import json
from dataclasses import replace

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from akrim.domain.audit_chain import (
    ChainEntry,
    Checkpoint,
    canonical_text,
    next_entry,
    verify_chain,
)

KEY = b"witness-key"

events = st.fixed_dictionaries(
    {
        "action": st.sampled_from(["facts.read", "case.opened", "user.changed"]),
        "actor": st.text(min_size=1, max_size=12),
        "purpose": st.sampled_from(["", "detect", "prevent"]),
        "n": st.integers(-(10**6), 10**6),
    }
)


def build(evs: list[dict[str, object]]) -> list[ChainEntry]:
    chain: list[ChainEntry] = []
    for event in evs:
        chain.append(next_entry(chain[-1] if chain else None, event))
    return chain


def head_of(chain: list[ChainEntry]) -> Checkpoint:
    return Checkpoint(chain[-1].seq, chain[-1].hash, "") if chain else Checkpoint(0, "", "")


chains = st.lists(events, min_size=2, max_size=12).map(build)


@given(chains)
def test_an_untouched_chain_verifies(chain: list[ChainEntry]) -> None:
    result = verify_chain(chain, head=head_of(chain))
    assert result.intact and result.entries == len(chain)


FIELDS = ("text", "prev_hash", "hash", "seq")


def _stored_bytes(entry: ChainEntry, field: str) -> bytes:
    return str(getattr(entry, field)).encode("utf-8")


def _with_bytes(entry: ChainEntry, field: str, data: bytes) -> ChainEntry:
    text = data.decode("utf-8")
    return replace(entry, **{field: int(text) if field == "seq" else text})


@given(chains, st.data())
def test_any_single_byte_change_is_detected_at_that_entry(
    chain: list[ChainEntry], data: st.DataObject
) -> None:
    index = data.draw(st.integers(0, len(chain) - 1))
    field = data.draw(st.sampled_from(FIELDS))
    raw = bytearray(_stored_bytes(chain[index], field))
    position = data.draw(st.integers(0, len(raw) - 1))
    new_byte = data.draw(st.integers(0, 255).filter(lambda b: b != raw[position]))
    raw[position] = new_byte
    try:
        tampered_entry = _with_bytes(chain[index], field, bytes(raw))
    except ValueError:
        return  # not valid UTF-8 or not a number: the database would not even hold it
    assume(tampered_entry != chain[index])
    tampered = [*chain[:index], tampered_entry, *chain[index + 1 :]]
    result = verify_chain(tampered, head=head_of(chain))
    assert not result.intact
    assert result.first_bad_seq == chain[index].seq


@given(chains, st.data())
def test_a_deleted_entry_is_detected(chain: list[ChainEntry], data: st.DataObject) -> None:
    index = data.draw(st.integers(0, len(chain) - 1))
    tampered = chain[:index] + chain[index + 1 :]
    result = verify_chain(tampered, head=head_of(chain))
    assert not result.intact
    assert result.first_bad_seq == chain[index].seq


@given(chains, events, st.data())
def test_an_inserted_entry_is_detected(
    chain: list[ChainEntry], event: dict[str, object], data: st.DataObject
) -> None:
    index = data.draw(st.integers(0, len(chain)))
    # The strongest forgery: a correctly chained entry at that place. It is itself
    # consistent, so the break shows at the entry it displaced (or, at the end, the head).
    forged = next_entry(chain[index - 1] if index else None, {**event, "forged": True})
    tampered = [*chain[:index], forged, *chain[index:]]
    result = verify_chain(tampered, head=head_of(chain))
    assert not result.intact
    assert result.first_bad_seq in (index + 1, index + 2)


@given(chains, events, st.data())
def test_a_rewritten_suffix_is_caught_by_a_witnessed_checkpoint(
    chain: list[ChainEntry], event: dict[str, object], data: st.DataObject
) -> None:
    """An insider who inserts an entry and recomputes every later hash and the stored head
    still cannot match what a partner witnessed."""
    index = data.draw(st.integers(0, len(chain) - 1))
    witnessed = Checkpoint(chain[-1].seq, chain[-1].hash, "2026-11-28T00:00:00+00:00").signed(KEY)
    texts = [json.loads(e.text) for e in chain]
    for t in texts:
        t.pop("seq")
    rewritten = build([*texts[:index], {**event, "forged": True}, *texts[index:]])
    assert verify_chain(rewritten, head=head_of(rewritten)).intact  # the forgery is consistent
    result = verify_chain(
        rewritten, head=head_of(rewritten), checkpoints=[witnessed], checkpoint_key=KEY
    )
    assert not result.intact
    assert result.first_bad_seq is not None and result.first_bad_seq <= witnessed.seq


@given(chains, st.data())
def test_reordered_entries_are_detected(chain: list[ChainEntry], data: st.DataObject) -> None:
    i = data.draw(st.integers(0, len(chain) - 2))
    j = data.draw(st.integers(i + 1, len(chain) - 1))
    tampered = list(chain)
    tampered[i], tampered[j] = tampered[j], tampered[i]
    result = verify_chain(tampered, head=head_of(chain))
    assert not result.intact
    assert result.first_bad_seq == chain[i].seq


@given(chains, st.data())
def test_truncation_is_detected_by_the_head_and_by_checkpoints(
    chain: list[ChainEntry], data: st.DataObject
) -> None:
    keep = data.draw(st.integers(0, len(chain) - 1))
    truncated = chain[:keep]
    by_head = verify_chain(truncated, head=head_of(chain))
    assert not by_head.intact and by_head.first_bad_seq == keep + 1
    # Even with the head rewritten to match, a witnessed checkpoint past the cut catches it.
    witnessed = Checkpoint(chain[-1].seq, chain[-1].hash, "t").signed(KEY)
    by_witness = verify_chain(
        truncated, head=head_of(truncated), checkpoints=[witnessed], checkpoint_key=KEY
    )
    assert not by_witness.intact


def test_a_forged_checkpoint_signature_is_refused() -> None:
    chain = build([{"action": "a", "n": i} for i in range(3)])
    forged = Checkpoint(3, chain[-1].hash, "t", signature="0" * 64)
    result = verify_chain(chain, head=head_of(chain), checkpoints=[forged], checkpoint_key=KEY)
    assert not result.intact and "signature" in result.problem


def test_canonical_text_is_stable_and_sorted() -> None:
    assert canonical_text({"b": 1, "a": "ø"}) == '{"a":"ø","b":1}'


@settings(max_examples=25)
@given(chains)
def test_the_description_names_the_entry(chain: list[ChainEntry]) -> None:
    tampered = [chain[0], replace(chain[1], hash="f" * 64), *chain[2:]]
    text = verify_chain(tampered).describe()
    assert "entry 2" in text and "tampered" in text
