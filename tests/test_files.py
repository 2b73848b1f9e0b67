"""Routine and profile files from hostile hands: one clear error, never a hang or a traceback."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

import acupress
from acupress._routines import MAX_DEPTH, MAX_FILE_BYTES


def _hostile(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    """Each hostile file, and the words its error must hold."""
    files: dict[str, tuple[Path, str]] = {}
    fifo = tmp_path / "fifo.toml"
    os.mkfifo(fifo)
    files["fifo"] = (fifo, "not a regular file")
    files["folder"] = (tmp_path, "not a regular file")
    deep_toml = tmp_path / "deep.toml"
    deep_toml.write_text("a = " + "[" * 300 + "]" * 300 + "\n", encoding="utf-8")
    files["deep toml"] = (deep_toml, "nested too deeply")
    deep_json = tmp_path / "deep.json"
    deep_json.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    files["deep json"] = (deep_json, "nested too deeply")
    big_int = tmp_path / "big.json"
    big_int.write_text(
        '{"name": "x", "steps": [{"point": "LI4", "seconds": ' + "9" * 5000 + "}]}",
        encoding="utf-8",
    )
    files["5,000-digit integer"] = (big_int, "invalid JSON")
    huge = tmp_path / "huge.toml"
    huge.write_bytes(b"# " + b"x" * (MAX_FILE_BYTES + 10))
    files["huge"] = (huge, "too large")
    latin = tmp_path / "latin.toml"
    latin.write_bytes(b'name = "caf\xe9"\n')
    files["not UTF-8"] = (latin, "not UTF-8")
    files["missing"] = (tmp_path / "nope.toml", "cannot read")
    return files


def test_hostile_routine_files_give_one_clear_error(tmp_path: Path, cli: Any) -> None:
    for what, (path, words) in _hostile(tmp_path).items():
        with pytest.raises(acupress.DataError) as caught:
            acupress.load_routine(path)
        assert words in str(caught.value), what
        assert str(path) in str(caught.value), what
        for argv in (("check", str(path)), ("guide", str(path)), ("card", str(path))):
            code, out, err = cli.run(*argv)
            assert code == 1, (what, argv, err)
            assert out == ""
            assert words in err, (what, argv)
            assert "Traceback" not in err


def test_hostile_profile_files_give_one_clear_error(tmp_path: Path, cli: Any) -> None:
    for what, (path, words) in _hostile(tmp_path).items():
        with pytest.raises(acupress.DataError) as caught:
            acupress.load_profile(path)
        assert words in str(caught.value), what
        code, _out, err = cli.run("check", "--points", "LI4", "--profile", str(path))
        assert code != 0, what
        assert words in err, what


def test_nesting_just_within_the_limit_is_read(tmp_path: Path) -> None:
    path = tmp_path / "ok.json"
    path.write_text(
        '{"name": "x", "steps": [{"point": "LI4", "seconds": 30}], "description": ""}',
        encoding="utf-8",
    )
    assert acupress.load_routine(path).points == ("LI4",)
    nested = "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1)
    path.write_text(f'{{"name": "x", "conditions": {nested}}}', encoding="utf-8")
    with pytest.raises(acupress.DataError) as caught:
        acupress.load_routine(path)
    assert "nested too deeply" not in str(caught.value)  # refused for its content, not its depth
