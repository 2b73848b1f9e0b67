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

import contextlib
import os
import sys
from collections.abc import Sequence
from typing import NoReturn, TextIO

from .._i18n import tr
from ..errors import AcupressError
from . import memory
from .output import EXIT_FAILURE, EXIT_OK, EXIT_USAGE, Output, Usage, one_line

__all__ = ["DEBUG_ENV", "main", "run"]

DEBUG_ENV = "ACUPRESS_DEBUG"  # set to 1 to see the traceback of an unexpected error


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
    if words[:1] == ["--version"]:
        # What the parser's --version does (it acts as soon as it is read), without building
        # a parser: argparse's formatter alone imports shutil and its compression modules.
        from ..__about__ import __version__

        stdout.write(f"acupress {__version__}\n")
        return EXIT_OK
    from .parser import COMMANDS, build_parser

    first = next((w for w in words if not w.startswith("-")), None)
    parser = build_parser(first if first in COMMANDS else None)
    try:
        _check_words(words)
        args = parser.parse_args(words)
        command = COMMANDS.get(getattr(args, "command", None) or "")
        if command is None:
            parser.print_help(stdout)
            return EXIT_USAGE
        out = Output(args.format, stdout, stderr, stdin)
        return command.run(args, out)
    except Usage as exc:
        stderr.write(tr("acupress: error: {problem}", problem=one_line(str(exc))) + "\n")
        return EXIT_USAGE
    except SystemExit as exc:  # --help and --version
        return int(exc.code or 0) if not isinstance(exc.code, str) else EXIT_USAGE
    except AcupressError as exc:
        # Error messages quote packs and files: each line is cleaned of control characters, so
        # a carriage return or an escape sequence in a pack cannot rewrite what is shown.
        first_line, *rest = [one_line(line) for line in str(exc).splitlines()] or [
            type(exc).__name__
        ]
        stderr.write(tr("acupress: error: {problem}", problem=first_line) + "\n")
        for line in rest:
            stderr.write(f"  {line}\n")
        return EXIT_FAILURE
    except KeyboardInterrupt:
        stderr.write(tr("acupress: interrupted") + "\n")
        return 130
    except BrokenPipeError:  # e.g. `acupress points | head`: the reader has all it wanted
        return EXIT_OK
    except OSError as exc:  # stdout full or closed, and the like: said once, never a traceback
        if os.environ.get(DEBUG_ENV):
            raise
        _say(stderr, _cannot_write(exc.strerror or exc))
        return EXIT_FAILURE
    except Exception as exc:  # the one final handler: a bug, never a traceback for the person
        if os.environ.get(DEBUG_ENV):
            raise
        detail = one_line(str(exc))[:200] or tr("no detail")
        _say(
            stderr,
            tr(
                "acupress: error: unexpected {kind}: {detail} "
                "(set {variable}=1 to see the traceback, and please report it)",
                kind=type(exc).__name__,
                detail=detail,
                variable=DEBUG_ENV,
            ),
        )
        return EXIT_FAILURE


def _cannot_write(reason: object) -> str:
    return tr("acupress: error: cannot write the output: {reason}", reason=reason)


def _check_words(words: Sequence[str]) -> None:
    """Refuse a word no real command line can hold (a NUL, a lone surrogate): a file name made
    of one could be neither opened nor shown."""
    for i, word in enumerate(words, 1):
        try:
            ok = b"\x00" not in os.fsencode(word)
        except (UnicodeError, TypeError):
            ok = False
        if not ok:
            raise Usage(
                tr(
                    "argument {number} ({word}) is not text this system can use",
                    number=i,
                    word=ascii(word)[:60],
                )
            )


def _say(stream: TextIO, line: str) -> None:
    """Write a last line on ``stream``, ignoring a stream that cannot take it."""
    with contextlib.suppress(OSError, ValueError):
        stream.write(line + "\n")
        stream.flush()


def run() -> NoReturn:
    """Entry point of the console script.

    Output that the terminal's encoding cannot show is replaced, not an error (a latin-1 or ASCII
    locale); output that cannot be written at all (a closed or full stdout) is one line on
    stderr and exit status 1, including when the last buffered bytes are flushed at exit.
    """
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(OSError, ValueError):
                reconfigure(errors="replace")
    if sys.stdout is None:  # started with descriptor 1 closed
        _say(sys.stderr, _cannot_write(tr("stdout is closed")))
        sys.exit(EXIT_FAILURE)
    memory.for_a_short_command()
    code = main()
    memory.at_exit()
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        code = code if code else EXIT_OK
    except OSError as exc:
        _say(sys.stderr, _cannot_write(exc.strerror or exc))
        code = EXIT_FAILURE
    # Nothing left to flush can fail at exit: point stdout at nothing.
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    memory.leave(code)
