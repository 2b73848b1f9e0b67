"""Where a ``$.path`` of a TOML document is written: a small line finder over the text.

``tomllib`` keeps no positions, so ``acupress validate`` finds a problem's line by reading the
text itself: array-of-tables headers (``[[indications]]``) counted in order, table headers, keys
(``point = ...``) inside the table they belong to, and the elements of an inline array written
one per line (``steps = [ { ... }, { ... } ]``). It is a finder, not a parser: when a path cannot
be followed to the end, the line of the deepest part found is given (or None for none).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

__all__ = ["line_of", "parse_path"]

_SEGMENT = re.compile(r"\.([A-Za-z0-9_-]+)|\[([0-9]+)\]")
_HEADER = re.compile(r"\s*(\[\[?)\s*([A-Za-z0-9_.\"-]+?)\s*\]\]?\s*(?:#.*)?$")
_KEY = re.compile(r"\s*\"?([A-Za-z0-9_-]+)\"?\s*=")


def parse_path(path: str) -> list[str | int]:
    """``$.indications[2].point`` as ``["indications", 2, "point"]`` (empty for ``$``)."""
    if not path.startswith("$"):
        return []
    return [int(index) if index else key for key, index in _SEGMENT.findall(path[1:])]


def _key_at(line: str, key: str) -> bool:
    found = _KEY.match(line)
    return found is not None and found[1] == key


def _tables(lines: Sequence[str]) -> list[tuple[int, str, bool]]:
    """Every header: (line index, dotted name, whether it is an array of tables)."""
    found = []
    in_string = False
    for i, line in enumerate(lines):
        if line.count('"""') % 2 == 1:
            in_string = not in_string
            continue
        if in_string:
            continue
        header = _HEADER.match(line)
        if header is not None:
            found.append((i, header[2].replace('"', ""), header[1] == "[["))
    return found


def line_of(text: str, path: str, key: str | None = None) -> int | None:
    """The line (1-based) where ``path`` is written in ``text``, or the nearest line found.

    ``key`` names a key the path's table holds (an unknown key's own line, say).
    """
    lines = text.splitlines()
    segments = parse_path(path)
    if key is not None:
        segments = [*segments, key]
    headers = _tables(lines)
    first_header = headers[0][0] if headers else len(lines)
    start, end = 0, first_header  # the lines of the current table
    best: int | None = None
    i = 0
    # Array of tables and tables at the top level: [[name]] (counted) or [name].
    if segments and isinstance(segments[0], str):
        name = segments[0]
        rest = segments[1:]
        index = rest[0] if rest and isinstance(rest[0], int) else None
        arrays = [h for h in headers if h[1] == name and h[2]]
        tables = [h for h in headers if h[1] == name and not h[2]]
        chosen = None
        if index is not None and index < len(arrays):
            chosen = arrays[index]
            i = 2
        elif tables:
            chosen = tables[0]
            i = 1
        if chosen is not None:
            start = chosen[0] + 1
            later = [h[0] for h in headers if h[0] > chosen[0] and not h[1].startswith(name + ".")]
            end = later[0] if later else len(lines)
            best = chosen[0] + 1
    # Then keys inside the table, and elements of inline arrays written one per line.
    line = None
    while i < len(segments):
        segment = segments[i]
        if isinstance(segment, str):
            if line is not None:  # an inline table on one line: the key is on that line
                if re.search(rf"(^|[{{,\s]){re.escape(segment)}\s*=", lines[line]):
                    best = line + 1
                i += 1
                continue
            found = next((j for j in range(start, end) if _key_at(lines[j], segment)), None)
            if found is None:
                break
            line = found
            best = found + 1
        else:
            if line is None:
                break
            # The n-th element of a multi-line inline array: the n-th line opening an element.
            elements = []
            for j in range(line + 1, end):
                stripped = lines[j].lstrip()
                if stripped.startswith("]"):
                    break
                if stripped.startswith(("{", '"', "'")) or (stripped[:1].isdigit()):
                    elements.append(j)
            if segment < len(elements):
                line = elements[segment]
                best = line + 1
            else:
                break
        i += 1
    return best
