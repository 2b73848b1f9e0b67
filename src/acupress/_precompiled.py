"""attrs's generated methods of acupress's classes, compiled with the package, not in each process.

attrs writes the ``__init__``, ``__repr__``, ``__eq__`` and ``__hash__`` of every class as Python
source and compiles it when the class is created: about 0.4 ms a class, a fifth of a warm
command's start-up. ``tools/gen_methods.py`` writes the very same source into ``_methods.py``,
each class's script as the body of a class statement, so that Python's own bytecode cache keeps
it compiled. :func:`install` lets attrs find it there:

- attrs's module gets a ``compile`` of its own that answers a script of one of acupress's classes
  whose text is exactly one in the table with the compiled body; any other script, any other
  text (another attrs, another class, an edited model) is compiled as before. The answer only
  saves time: the same functions come out of the same text (a test compares them, code object by
  code object, with what ``compile`` makes).
- ``__hash__`` scripts carry a number that changes with every process (attrs hashes the class's
  name, and str hashes are salted): the table holds a placeholder, put back for this process's
  number in the compiled ``__hash__``.
- attrs of a version whose internals differ (no ``_compile_and_eval``) is left alone.

A class body is evaluated as a module is (names looked up in the locals, then the globals attrs
gives, then the builtins), so ``eval(body, globs, locs)`` defines the same functions, with the
same globals, as ``eval(compile(script, ...), globs, locs)``.
"""

from __future__ import annotations

import builtins
import functools
import re
import types
from typing import Any

__all__ = ["PLACEHOLDER", "install", "normalize", "recorded"]

# What stands for the per-process number in a __hash__ script of the table.
PLACEHOLDER = 7_196_233_082_145_118_931
_TYPE_HASH = re.compile(r"(\n\s*return hash\(\(\n\s*)(-?\d+)(,\n)")
_OURS = "<attrs generated methods acupress."

# Set to a list by tools/gen_methods.py: every script of ours seen, normalised, in order.
_record: list[str] | None = None
_misses: list[str] = []


def normalize(script: str) -> tuple[str, int | None]:
    """The script with its process's type hash replaced by PLACEHOLDER, and that hash."""
    found = _TYPE_HASH.search(script)
    if found is None:
        return script, None
    start, end = found.span(2)
    return script[:start] + str(PLACEHOLDER) + script[end:], int(found.group(2))


def recorded() -> list[str]:
    """The normalised scripts of acupress's classes that were compiled, not found in the table."""
    return list(_misses)


# Keyed by nothing but the package's own files, which a process never sees change.
@functools.cache
def _load_table() -> dict[str, types.CodeType]:
    try:
        from . import _methods
    except ImportError:  # not generated (a source tree being rebuilt): compile as before
        return {}
    consts = _methods._bodies.__code__.co_consts
    bodies = {c.co_name: c for c in consts if type(c) is types.CodeType}
    # The body of SCRIPTS[i] is the class named with i + 1 underscores (tools/gen_methods.py).
    return {
        script: bodies["_" * (i + 1)]
        for i, script in enumerate(_methods.SCRIPTS)
        if "_" * (i + 1) in bodies
    }


def _with_hash(code: types.CodeType, value: int) -> types.CodeType:
    """``code`` with PLACEHOLDER replaced by ``value`` in it and in the code nested in it."""
    consts = tuple(
        value
        if type(c) is int and c == PLACEHOLDER
        else _with_hash(c, value)
        if type(c) is types.CodeType
        else c
        for c in code.co_consts
    )
    return code.replace(co_consts=consts)


def _compile(
    source: Any,
    filename: Any,
    mode: str,
    flags: int = 0,
    dont_inherit: bool = False,
    optimize: int = -1,
) -> Any:
    if (
        type(source) is str
        and type(filename) is str
        and filename.startswith(_OURS)
        and mode == "exec"
        and flags == 0
        and not dont_inherit
        and optimize == -1
    ):
        script, number = normalize(source)
        if _record is not None:
            _record.append(script)
        else:
            body = _load_table().get(script)
            if body is not None:
                return body if number is None else _with_hash(body, number)
            _misses.append(script)
    # This module has attrs's `from __future__ import annotations`, so the flags inherited match.
    return builtins.compile(source, filename, mode, flags, dont_inherit, optimize)


def install() -> None:
    """Give attrs's class builder the table (once; nothing when its internals are not the ones
    this was written for)."""
    try:
        from attr import _make
    except ImportError:  # pragma: no cover - attrs is a dependency
        return
    namespace = vars(_make)
    if not callable(namespace.get("_compile_and_eval")) or "compile" in namespace:
        return
    _make.compile = _compile  # type: ignore[attr-defined]
