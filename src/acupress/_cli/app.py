"""The ``acupress`` command: a thin shell over the public API.

Every command takes ``--format``: ``json`` writes JSON to stdout, ``text`` writes prose for people,
and ``auto`` (the default) picks text on a terminal and JSON otherwise. Messages go to stderr. Bad
input gets one line and a non-zero exit, never a traceback.

This package is the only part of acupress that touches argparse, stdin and stdout: ``app`` (the
entry point and the one final error handler), ``output`` (where commands write, exit codes),
``parser`` (one command table), ``options`` (command-line options to a Profile and
Constraints), ``commands`` (one function a command) and ``player`` (the guide's countdown).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import NoReturn, TextIO

from ..errors import AcupressError
from .output import EXIT_FAILURE, EXIT_OK, EXIT_USAGE, Output, Usage, one_line
from .parser import COMMANDS, build_parser

__all__ = ["main", "run"]


def main(
    argv: Sequence[str] | None = None,
    *,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
    stdin: TextIO | None = None,
) -> int:
    """Run the command line; returns the exit status instead of exiting."""
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
        stderr.write(f"acupress: error: {one_line(str(exc))}\n")
        return EXIT_USAGE
    except SystemExit as exc:  # --help and --version
        return int(exc.code or 0) if not isinstance(exc.code, str) else EXIT_USAGE
    except AcupressError as exc:
        # Error messages quote packs and files: each line is cleaned of control characters, so
        # a carriage return or an escape sequence in a pack cannot rewrite what is shown.
        first_line, *rest = [one_line(line) for line in str(exc).splitlines()] or [
            type(exc).__name__
        ]
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
