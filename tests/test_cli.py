"""The command line: JSON on stdout, messages on stderr, one line and exit 1 or 2 on bad input."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from .conftest import Cli


def test_show(cli: Cli) -> None:
    code, record, err = cli.json("show", "Hoku")
    assert code == 0
    assert err == ""
    for key in ("code", "meridian", "pinyin", "hanzi", "location", "region"):
        assert record[key]
    assert record["code"] == "LI4"
    assert "Ho Ku" in record["spellings"]["wade-giles"]


def test_show_text(cli: Cli) -> None:
    code, out, _ = cli.run("show", "腎俞", "--format", "text")
    assert code == 0
    assert out.startswith("BL23  Shenshu")
    assert "Where:" in out


def test_show_ambiguous_says_so_on_stderr(cli: Cli) -> None:
    code, record, err = cli.json("show", "B47")
    assert code == 0
    assert record["code"] == "BL47"
    assert "ambiguous" in err
    assert "BL52" in err


def test_resolve_json_shape(cli: Cli) -> None:
    code, data, _ = cli.json("resolve", "B47")
    assert code == 0
    assert data["query"] == "B47"
    assert data["ambiguous"] is True
    assert [m["code"] for m in data["matches"]] == ["BL47", "BL52"]
    assert all(set(m) == {"code", "notation", "why"} for m in data["matches"])
    code, data, _ = cli.json("resolve", "B47", "--notation", "legacy-bladder")
    assert [m["code"] for m in data["matches"]] == ["BL52"]
    assert data["ambiguous"] is False


def test_resolve_nothing_found(cli: Cli) -> None:
    code, data, err = cli.json("resolve", "Hokuu")
    assert code == 1
    assert data["matches"] == []
    assert data["ambiguous"] is False
    assert "LI4" in data["suggestions"]
    assert err.count("\n") == 1
    assert "Hokuu" in err


def test_points_filters(cli: Cli) -> None:
    code, data, _ = cli.json("points", "--meridian", "UB")
    assert code == 0
    assert len(data) == 67
    assert {r["meridian"] for r in data} == {"BL"}
    code, data, _ = cli.json("points", "--region", "hand")
    assert data
    assert {r["region"] for r in data} == {"hand"}
    code, data, _ = cli.json("points")
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
def test_bad_input_is_one_line_and_non_zero(cli: Cli, argv: tuple[str, ...]) -> None:
    code, out, err = cli.run(*argv)
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
