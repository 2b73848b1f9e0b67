"""What every command shares: where it writes, its exit codes, and the usage error."""

from __future__ import annotations

import json
import shutil
from typing import Any, TextIO

__all__ = ["EXIT_FAILURE", "EXIT_OK", "EXIT_USAGE", "Output", "Usage"]

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
    def width(self) -> int:
        """The columns to fill text to: the terminal's width (``COLUMNS`` first), else 88."""
        return max(40, min(shutil.get_terminal_size((88, 24)).columns, 200))

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
