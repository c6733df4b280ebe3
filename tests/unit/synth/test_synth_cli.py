"""`akrim synth` writes a delivery and prints its summary; bad input gets one clear line."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from akrim.cli.main import cli


def test_synth_writes_tiny_and_summarises(tmp_path: Path) -> None:
    out = tmp_path / "d"
    result = CliRunner().invoke(
        cli, ["synth", "--out", str(out), "--size", "tiny", "--seed", "3", "--quiet"]
    )
    assert result.exit_code == 0, result.output
    assert "11 planted actors" in result.output
    assert (out / "manifest.json").is_file()


def test_synth_refuses_an_occupied_folder(tmp_path: Path) -> None:
    (tmp_path / "keep.txt").write_text("mine")
    result = CliRunner().invoke(cli, ["synth", "--out", str(tmp_path), "--size", "tiny"])
    assert result.exit_code != 0
    assert "not an empty directory" in result.output
    assert (tmp_path / "keep.txt").read_text() == "mine"


def test_synth_rejects_an_unknown_size(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["synth", "--out", str(tmp_path / "x"), "--size", "huge"])
    assert result.exit_code == 2
    assert "huge" in result.output
