"""The ``acupress`` command: a thin shell over the public API.

Every command takes ``--format``: ``json`` writes JSON to stdout, ``text`` writes prose for people,
and ``auto`` (the default) picks text on a terminal and JSON otherwise. Messages go to stderr. Bad
input gets one line and a non-zero exit, never a traceback.

This package is the only part of acupress that touches argparse, stdin and stdout: ``app`` (the
output and exit codes), ``parser`` (one command table), ``options`` (command-line options to a
Profile and Constraints), ``commands`` (one function a command) and ``player`` (the guide's
countdown).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from typing import Any, NoReturn, TextIO

from ..errors import AcupressError

__all__ = ["EXIT_FAILURE", "EXIT_OK", "EXIT_USAGE", "Output", "Usage", "main", "run"]

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_USAGE = 2


class Usage(Exception):
    """A command-line mistake: reported in one line with exit status 2."""


class Output:
    """Where a command writes: JSON or text on stdout, messages on stderr, answers from stdin."""

    def __init__(self, fmt: str, stdout: TextIO, stderr: TextIO, stdin: TextIO) -> None:
        if fmt == "auto":
            fmt = "text" if stdout.isatty() else "json"
        self.format = fmt
        self.stdout = stdout
        self.stderr = stderr
        self.stdin = stdin

    @property
    def json(self) -> bool:
        """True when the output is JSON."""
        return self.format == "json"

    def data(self, value: Any) -> None:
        """Write one JSON document."""
        json.dump(value, self.stdout, ensure_ascii=False, indent=2)
        self.stdout.write("\n")

    def text(self, value: str) -> None:
        """Write text, ending in one newline."""
        self.stdout.write(value.rstrip("\n") + "\n")

    def message(self, value: str) -> None:
        """Write a message for the person on stderr."""
        self.stderr.write(f"acupress: {value}\n")


def main(
    argv: Sequence[str] | None = None,
    *,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
    stdin: TextIO | None = None,
) -> int:
    """Run the command line; returns the exit status instead of exiting."""
    from .parser import COMMANDS, build_parser

    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    stdin = stdin or sys.stdin
    words = list(sys.argv[1:] if argv is None else argv)
    first = next((w for w in words if not w.startswith("-")), None)
    parser = build_parser(first if first in COMMANDS else None)
    try:
        args = parser.parse_args(words)
        command = COMMANDS.get(getattr(args, "command", None) or "")
        if command is None:
            parser.print_help(stdout)
            return EXIT_USAGE
        out = Output(args.format, stdout, stderr, stdin)
        return command.run(args, out)
    except Usage as exc:
        stderr.write(f"acupress: error: {exc}\n")
        return EXIT_USAGE
    except SystemExit as exc:  # --help and --version
        return int(exc.code or 0) if not isinstance(exc.code, str) else EXIT_USAGE
    except AcupressError as exc:
        first_line, *rest = str(exc).splitlines() or [type(exc).__name__]
        stderr.write(f"acupress: error: {first_line}\n")
        for line in rest:
            stderr.write(f"  {line}\n")
        return EXIT_FAILURE
    except KeyboardInterrupt:
        stderr.write("acupress: interrupted\n")
        return 130
    except BrokenPipeError:  # pragma: no cover - e.g. `acupress points | head`
        return EXIT_OK


def run() -> NoReturn:
    """Entry point of the console script."""
    sys.exit(main())
