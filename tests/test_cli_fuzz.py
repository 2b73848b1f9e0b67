"""A fuzzer over the whole command line: argv built from the real subcommands and options (read
from the parser itself, so a new option is fuzzed as soon as it exists) with hostile values:
huge, NaN, negative and 5,000-digit numbers, control and bidi characters, missing files,
folders, FIFOs and devices. Run in-process (``main(argv)`` with captured streams).

Whatever the input, the exit status is one docs/cli.md lists, stderr never holds a traceback
or the final handler's "unexpected" error (which would be a bug), and no control character
reaches the terminal from an error message.
"""

from __future__ import annotations

import argparse
import os
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings, strategies as st

from acupress._cli import player
from acupress._cli.parser import COMMANDS, build_parser

from .conftest import Cli

EXIT_STATUSES = {0, 1, 2, 3, 4, 130}  # docs/cli.md, "Output and exit status"
SKIPPED = {"mcp"}  # serves stdio until its client leaves; its tools have tests of their own
CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

HOSTILE_TEXT = [
    "",
    " ",
    "-",
    "--",
    "-x",
    "\x1b]0;title\x07",
    "\x1b[2J\x1b[31mred",
    "a\rb",
    "line\nbreak",
    "\u202eevil",
    "\ud83d\ude00",
    "LI4" * 2000,
    "é" * 50,
]
HOSTILE_NUMBERS = ["0", "-1", "-0", "1e12", "1e300", "-1e300", "nan", "inf", "-inf", "9" * 5000]
PLAUSIBLE = {  # by the option's dest: values the command takes, so the fuzzer gets past parsing
    "text": ["LI4", "Hoku", "he gu", "sp-6", "XX99"],
    "conditions": ["low-back-pain", "tension-headache", "insomnia", "nope"],
    "points": ["LI4", "SP6", "GV20", "XX99"],
    "compose": ["low-back-pain", "insomnia"],
    "minutes": ["1", "5", "10", "60"],
    "max_points": ["1", "3", "12"],
    "pregnancy_weeks": ["12", "30"],
    "age": ["8", "40", "90"],
    "has": ["dvt", "anticoagulants", "osteoporosis"],
    "broken_skin": ["hand", "lower-leg"],
    "recent_surgery": ["hand", "abdomen"],
    "recent_fracture": ["hand"],
    "cancer_at": ["abdomen"],
    "notation": ["pinyin", "who", "english"],
    "meridian": ["LI", "SP", "GV"],
    "region": ["hand", "head"],
    "answer": ["a=yes", "b=no"],
    "speed": ["100", "50"],
    "tool": ["finger", "ball"],
    "view": ["front", "back"],
}


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Paths the fuzzer passes as files: missing, a folder, a FIFO, a device, a bad file."""
    root = tmp_path_factory.mktemp("fuzz-files")
    fifo = root / "fifo.toml"
    os.mkfifo(fifo)
    (root / "folder.toml").mkdir()
    (root / "deep.toml").write_text("x = " + "[" * 500 + "]" * 500 + "\n", encoding="utf-8")
    (root / "binary.toml").write_bytes(b"\xff\xfe\x00garbage")
    (root / "routine.toml").write_text(
        'name = "r"\n[[steps]]\npoint = "LI4"\nseconds = 30\n', encoding="utf-8"
    )
    return {
        "missing": str(root / "missing" / "x.toml"),
        "folder": str(root / "folder.toml"),
        "fifo": str(fifo),
        "device": "/dev/zero",
        "deep": str(root / "deep.toml"),
        "binary": str(root / "binary.toml"),
        "routine": str(root / "routine.toml"),
        "save-to-folder": str(root),
    }


def _subparser(name: str) -> argparse.ArgumentParser:
    parser = build_parser(name)
    (sub,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    chosen: argparse.ArgumentParser = sub.choices[name]
    return chosen


def _actions(name: str) -> list[argparse.Action]:
    return [a for a in _subparser(name)._actions if not isinstance(a, argparse._HelpAction)]


def _value(draw: st.DrawFn, action: argparse.Action, files: dict[str, str]) -> str:
    """A value for ``action``: most often one it takes, else something hostile."""
    fitting = [str(c) for c in action.choices or ()] + PLAUSIBLE.get(action.dest, [])
    if action.dest in ("profile", "routine", "path", "save"):
        fitting += [files["routine"], *files.values()]
    if fitting and draw(st.integers(0, 3)) > 0:
        return draw(st.sampled_from(fitting))
    hostile = HOSTILE_TEXT + list(files.values())
    if action.type is not None or action.dest in ("minutes", "speed"):
        hostile += HOSTILE_NUMBERS * 3
    return draw(st.sampled_from(hostile))


@st.composite
def argvs(draw: st.DrawFn, files: dict[str, str]) -> list[str]:
    command = draw(st.sampled_from(sorted(set(COMMANDS) - SKIPPED)))
    argv = [command]
    for action in _actions(command):
        if action.option_strings:
            if not draw(st.booleans()):
                continue
            argv.append(draw(st.sampled_from(action.option_strings)))
            if action.nargs != 0:
                argv.append(_value(draw, action, files))
        elif action.nargs in ("?", "*") and not draw(st.booleans()):
            continue
        else:
            count = draw(st.integers(1, 2)) if action.nargs in ("+", "*") else 1
            argv += [_value(draw, action, files) for _ in range(count)]
    if draw(st.integers(0, 9)) == 0:  # now and then, something no command takes
        argv.insert(draw(st.integers(0, len(argv))), draw(st.sampled_from(HOSTILE_TEXT)))
    return argv


@pytest.fixture(autouse=True)
def no_waiting(monkeypatch: pytest.MonkeyPatch) -> None:
    """The guide's countdown, without the wait."""
    real = player.play

    def play(*args: Any, **kwargs: Any) -> Any:
        kwargs["sleep"] = lambda _seconds: None
        return real(*args, **kwargs)

    monkeypatch.setattr(player, "play", play)


def _check(cli: Cli, argv: list[str]) -> None:
    code, _out, err = cli.run(*argv, stdin="y\nn\n")
    event(f"exit {code}")
    assert code in EXIT_STATUSES, (argv, code, err)
    assert "Traceback" not in err, (argv, err)
    assert "unexpected" not in err, (argv, err)
    assert not CONTROLS.search(err), (argv, err)


@settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_no_argv_shows_a_traceback(
    data: st.DataObject, cli: Cli, files: dict[str, str], tmp_path: Path
) -> None:
    argv = data.draw(argvs(files), label="argv")
    cwd = os.getcwd()
    os.chdir(tmp_path)  # whatever --save writes lands here
    try:
        _check(cli, argv)
    finally:
        os.chdir(cwd)


@pytest.mark.parametrize(
    "argv",
    [
        ["compose", "\x1b]0;x\x07"],
        ["compose", "low-back-pain", "--minutes", "\x1b[2J"],
        ["\x1b]0;x\x07"],
        ["show", "--notation", "\x1b]8;;http://x\x07y"],
        ["screen", "insomnia", "--answer", "\x1b[31m=yes"],
        ["check", "--points", "LI4", "--has", "\u202eevil"],
    ],
)
def test_arguments_echoed_in_errors_are_cleaned(cli: Cli, argv: list[str]) -> None:
    code, _out, err = cli.run(*argv)
    assert code in EXIT_STATUSES
    assert err.startswith("acupress: ")
    assert not CONTROLS.search(err), err
