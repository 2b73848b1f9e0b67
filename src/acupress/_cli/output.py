"""What every command shares: where it writes, its exit codes, and the usage error.

Everything a command writes for a person goes through ``Output``, the one place where text that
came from a pack (or a file, or an error) is made harmless for a terminal: escape sequences and
control characters are taken out of text, messages are kept to one line, and JSON carries the
characters it would otherwise pass through raw (C1 controls, bidi controls, line separators) as
``\\u`` escapes, so the data is the same and the bytes are safe to show.
"""

from __future__ import annotations

import os
import re
import sys
from typing import Any, TextIO

from .._text import strip_controls

__all__ = ["EXIT_FAILURE", "EXIT_OK", "EXIT_USAGE", "Output", "Usage", "json_text", "one_line"]

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_USAGE = 2


# json.dumps escapes C0 controls but writes these as they are (ensure_ascii=False keeps text
# readable): DEL, C1 controls (an 8-bit CSI steers some terminals), bidi controls, and the line
# and paragraph separators.
_JSON_RAW = re.compile(
    "[\\x7f-\\x9f\\u061c\\u200e\\u200f\\u2028\\u2029\\u202a-\\u202e\\u2066-\\u2069]"
)


def json_text(value: Any) -> str:
    """``value`` as indented JSON that is safe to print: the same data, no raw control bytes."""
    import json  # not for --version, --help or text output

    text = json.dumps(value, ensure_ascii=False, indent=2)
    # Outside strings JSON is ASCII, so every such character is inside a string: escaping it
    # there changes the bytes, not the data.
    return _JSON_RAW.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def one_line(value: str) -> str:
    """A message as one line of plain text (its line breaks become spaces)."""
    return strip_controls(" ".join(value.splitlines()), single_line=True)


class Usage(Exception):
    """A command-line mistake: reported in one line with exit status 2."""


def terminal_columns(fallback: int) -> int:
    """``shutil.get_terminal_size((fallback, ...)).columns``, without importing shutil (it brings
    fnmatch and three compression modules, a tenth of a warm command's imports): ``COLUMNS``
    when it is a positive number, else the width of the terminal on the process's stdout, else
    ``fallback``. A test compares the two."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns > 0:
        return columns
    try:
        stdout = sys.__stdout__
        width = os.get_terminal_size(stdout.fileno()).columns if stdout is not None else 0
    except (AttributeError, ValueError, OSError):
        width = 0
    return width or fallback


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
    def width(self) -> int:
        """The columns to fill text to: the terminal's width (``COLUMNS`` first), else 88."""
        return max(40, min(terminal_columns(88), 200))

    @property
    def json(self) -> bool:
        """True when the output is JSON."""
        return self.format == "json"

    def data(self, value: Any) -> None:
        """Write one JSON document."""
        self.stdout.write(json_text(value) + "\n")

    def text(self, value: str) -> None:
        """Write text, ending in one newline; no escape sequence or control character passes."""
        self.stdout.write(strip_controls(value).rstrip("\n") + "\n")

    @property
    def colour(self) -> bool:
        """Whether text on stdout gets bold and colour: a terminal, unless ``NO_COLOR``."""
        from .style import colour_enabled

        return self.format == "text" and colour_enabled(self.stdout)

    def styled(self, value: str) -> None:
        """Write text like ``text``, with its headings, labels and alerts in bold and colour on
        a terminal that wants them (``_cli/style.py``): the fixed codes are added after
        the text is made harmless."""
        from .style import styled

        self.stdout.write(styled(value, self.colour).rstrip("\n") + "\n")

    def message(self, value: str) -> None:
        """Write a message for the person on stderr: one line, no control characters."""
        self.stderr.write(f"acupress: {one_line(value)}\n")

    def say(self, value: str) -> None:
        """Write lines for the person on stderr, unprefixed (during questions); no controls."""
        self.stderr.write(strip_controls(value).rstrip("\n") + "\n")
        self.stderr.flush()

    def prompt(self, value: str) -> None:
        """Ask the person something on stderr (no newline: the answer follows on the line)."""
        self.stderr.write(f"{one_line(value)} ")
        self.stderr.flush()
