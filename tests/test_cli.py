"""The command line: JSON on stdout, messages on stderr, one line and exit 1 or 2 on bad input."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from typing import Any

import pytest

from acupress._cli.app import main


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def run_json(*argv: str) -> tuple[int, Any, str]:
    code, out, err = run(*argv, "--format", "json")
    return code, json.loads(out) if out else None, err


def test_show() -> None:
    code, record, err = run_json("show", "Hoku")
    assert code == 0
    assert err == ""
    for key in ("code", "meridian", "pinyin", "hanzi", "location", "region"):
        assert record[key]
    assert record["code"] == "LI4"
    assert "Ho Ku" in record["spellings"]["wade-giles"]


def test_show_text() -> None:
    code, out, _ = run("show", "腎俞", "--format", "text")
    assert code == 0
    assert out.startswith("BL23  Shenshu")
    assert "Where:" in out


def test_show_ambiguous_says_so_on_stderr() -> None:
    code, record, err = run_json("show", "B47")
    assert code == 0
    assert record["code"] == "BL47"
    assert "ambiguous" in err
    assert "BL52" in err


def test_resolve_json_shape() -> None:
    code, data, _ = run_json("resolve", "B47")
    assert code == 0
    assert data["query"] == "B47"
    assert data["ambiguous"] is True
    assert [m["code"] for m in data["matches"]] == ["BL47", "BL52"]
    assert all(set(m) == {"code", "notation", "why"} for m in data["matches"])
    code, data, _ = run_json("resolve", "B47", "--notation", "legacy-bladder")
    assert [m["code"] for m in data["matches"]] == ["BL52"]
    assert data["ambiguous"] is False


def test_resolve_nothing_found() -> None:
    code, data, err = run_json("resolve", "Hokuu")
    assert code == 1
    assert data["matches"] == []
    assert data["ambiguous"] is False
    assert "LI4" in data["suggestions"]
    assert err.count("\n") == 1
    assert "Hokuu" in err


def test_points_filters() -> None:
    code, data, _ = run_json("points", "--meridian", "UB")
    assert code == 0
    assert len(data) == 67
    assert {r["meridian"] for r in data} == {"BL"}
    code, data, _ = run_json("points", "--region", "hand")
    assert data
    assert {r["region"] for r in data} == {"hand"}
    code, data, _ = run_json("points")
    assert len([r for r in data if ":" not in r["code"]]) == 409


@pytest.mark.parametrize(
    "argv",
    [
        ("show", "nothing-like-a-point"),
        ("points", "--region", "elbowish"),
        ("points", "--meridian", "XQ"),
        ("resolve", "B47", "--notation", "klingon"),
        ("bogus",),
        ("show",),
        ("show", "LI4", "--format", "yaml"),
    ],
)
def test_bad_input_is_one_line_and_non_zero(argv: tuple[str, ...]) -> None:
    code, out, err = run(*argv)
    assert code != 0
    assert out == ""
    assert err.startswith("acupress: ")
    assert err.count("\n") == 1, err
    assert "Traceback" not in err


def test_module_and_version() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "acupress", "--version"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0
    assert done.stdout.startswith("acupress ")
    done = subprocess.run(
        [sys.executable, "-m", "acupress", "show", "Zusanli"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0
    assert json.loads(done.stdout)["code"] == "ST36"  # not a terminal: JSON by default
