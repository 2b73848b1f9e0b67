"""The command line never shows a traceback: full or closed stdout, odd locales, unexpected bugs."""

from __future__ import annotations

import os
import subprocess
import sys
from typing import Any

import pytest

from acupress._cli import app, parser as cli_parser

ACUPRESS = [sys.executable, "-m", "acupress"]


def _run(argv: list[str], **kwargs: Any) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **kwargs.pop("env", {})}
    return subprocess.run(
        ACUPRESS + argv,
        capture_output=True,
        text=True,
        errors="replace",
        env=env,
        timeout=60,
        **kwargs,
    )


def test_a_full_stdout_is_one_line_and_exit_1() -> None:
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [*ACUPRESS, "points", "--format", "json"],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
        )
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [
        "acupress: error: cannot write the output: No space left on device"
    ]


def test_a_closed_stdout_is_one_line_and_exit_1() -> None:
    done = subprocess.run(
        ["sh", "-c", 'exec "$@" >&-', "sh", *ACUPRESS, "show", "LI4"],
        capture_output=False,
        stderr=subprocess.PIPE,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1
    assert "cannot write the output" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
def test_an_encoding_that_cannot_show_chinese_replaces_it(encoding: str) -> None:
    done = _run(["show", "LI4", "--format", "text"], env={"PYTHONIOENCODING": encoding})
    assert done.returncode == 0, done.stderr
    assert "LI4" in done.stdout
    assert "Traceback" not in done.stderr


def test_a_broken_pipe_is_quiet() -> None:
    done = subprocess.run(
        [
            "sh",
            "-c",
            '"$@" | head -c 10 > /dev/null',
            "sh",
            *ACUPRESS,
            "points",
            "--format",
            "json",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "Traceback" not in done.stderr
    assert "Exception ignored" not in done.stderr


def test_an_unexpected_error_is_one_line(monkeypatch: pytest.MonkeyPatch, cli: Any) -> None:
    def broken(*_args: Any) -> int:
        raise RuntimeError("boom\nsecond line")

    command = cli_parser.COMMANDS["points"]
    monkeypatch.setitem(cli_parser.COMMANDS, "points", command._replace(run=broken))
    monkeypatch.delenv(app.DEBUG_ENV, raising=False)
    code, out, err = cli.run("points")
    assert code == 1
    assert out == ""
    assert err.splitlines() == [
        "acupress: error: unexpected RuntimeError: boom second line "
        f"(set {app.DEBUG_ENV}=1 to see the traceback, and please report it)"
    ]
    monkeypatch.setenv(app.DEBUG_ENV, "1")
    with pytest.raises(RuntimeError, match="boom"):
        cli.run("points")


def test_a_recursion_error_deep_inside_is_one_line(
    monkeypatch: pytest.MonkeyPatch, cli: Any
) -> None:
    def deep(*_args: Any) -> int:
        return deep()

    command = cli_parser.COMMANDS["points"]
    monkeypatch.setitem(cli_parser.COMMANDS, "points", command._replace(run=deep))
    monkeypatch.delenv(app.DEBUG_ENV, raising=False)
    code, _out, err = cli.run("points")
    assert code == 1
    assert err.startswith("acupress: error: unexpected RecursionError")


@pytest.mark.parametrize(
    "argv",
    [
        ["card", "--profile", "\ud83d\ude00", "routine.toml"],  # a lone surrogate pair
        ["check", "LI4", "--profile", "a\x00b.toml"],  # a NUL: no file name holds one
        ["compose", "low-back-pain", "--save", "\ud800.toml"],
    ],
)
def test_a_word_no_command_line_can_hold_is_a_usage_error(argv: list[str], cli: Any) -> None:
    result = cli.run(*argv)
    assert result.code == 2
    assert result.err.startswith("acupress: error: argument ")
    assert "is not text this system can use" in result.err
    assert "Traceback" not in result.err
    assert "unexpected" not in result.err


def test_a_file_name_the_system_cannot_hold_is_a_data_error() -> None:
    import acupress

    for name in ("\ud83d\ude00.toml", "a\x00b.toml"):
        with pytest.raises(acupress.DataError, match="not a file name this system can open"):
            acupress.load_profile(name)


def test_bytes_the_system_escaped_are_still_words(cli: Any) -> None:
    result = cli.run("show", "\udcff")  # how Python hands over a byte that is not UTF-8
    assert result.code == 1
    assert "no point matches" in result.err
