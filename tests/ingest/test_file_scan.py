"""The file scan's encoding check: fed in chunks of any size, it gives the verdict Python's
UTF-8 decoder gives on the whole stream, and names the same first bad byte."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from akrim.engines.ingest import file_scan
from akrim.engines.ingest.file_scan import _ContentCheck, count_quotes, scan_file

TRUNCATED = "ends inside a UTF-8 character (truncated?)"

# pieces of valid text (1 to 4 bytes a character) and of the ways UTF-8 goes wrong: a stray
# continuation byte, an invalid lead, a lead without its continuation, an overlong form, a
# surrogate, a code point past U+10FFFF, a 4-byte character cut short
fragment = st.sampled_from(
    [
        b"a",
        b"\n",
        b'"',
        "ø".encode(),
        "€".encode(),
        "𝄞".encode(),
        b"\x80",
        b"\xff",
        b"\xe2\x28",
        b"\xc3",
        b"\xc0\xaf",
        b"\xe0\x80",
        b"\xed\xa0\x80",
        b"\xf4\x90\x80\x80",
        b"\xf0\x9d",
    ]
)
text_fragment = st.sampled_from([b"a", b"\n", "ø".encode(), "€".encode(), "𝄞".encode()])


def _expected(data: bytes) -> str | None:
    """The verdict of Python's decoder on the whole stream, as the scan words it."""
    try:
        codecs.utf_8_decode(data, "strict", True)
    except UnicodeDecodeError as error:
        if error.reason == "unexpected end of data":
            return TRUNCATED
        return f"at offset {error.start};"
    return None


def _check(data: bytes, chunk: int) -> str | None:
    check = _ContentCheck()
    for start in range(0, len(data), chunk):
        if check.fault is not None:
            break
        check.feed(data[start : start + chunk])
    check.finish()
    return check.fault


def _agrees(fault: str | None, expected: str | None) -> bool:
    if expected is None or expected == TRUNCATED:
        return fault == expected
    return fault is not None and fault.startswith("not UTF-8") and expected in fault


@settings(max_examples=400, deadline=None)
@given(
    st.lists(text_fragment, max_size=40),
    st.lists(st.tuples(st.integers(0, 40), fragment), max_size=2),
    st.integers(1, 50),
)
def test_chunked_check_agrees_with_decoding_the_whole_stream(
    text: list[bytes], inserted: list[tuple[int, bytes]], chunk: int
) -> None:
    parts = list(text)
    for at, piece in inserted:
        parts.insert(min(at, len(parts)), piece)
    data = b"".join(parts)
    assert _agrees(_check(data, chunk), _expected(data))


@settings(max_examples=200, deadline=None)
@given(st.lists(fragment, max_size=30), st.integers(1, 20))
def test_fault_is_placed_right_when_python_finds_it_piece_by_piece(
    parts: list[bytes], chunk: int
) -> None:
    """Python's decoder reads tiny pieces here, so that a character split across its pieces
    is common."""
    data = b"".join(parts)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(file_scan, "DECODE_PIECE", 3)
        assert _agrees(_check(data, chunk), _expected(data))


def test_nul_byte_is_found_with_its_offset() -> None:
    check = _ContentCheck()
    check.feed(b"abc\n")
    check.feed(b"de\x00f")
    assert check.fault == "contains a NUL byte at offset 6"


def test_counts_of_a_scanned_file(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_bytes('a,"b ø"\n1,"2\n3"\n'.encode())
    scan = scan_file(path)
    assert scan.fault is None
    assert scan.newlines == 3
    assert [q for q, _ in scan.blocks] == [4]
    assert count_quotes(b'""x"') == 3
