"""Routines in code and in files: build them from names people use, load and save TOML or JSON.

Every point is resolved (``Hoku`` becomes ``LI4``) and checked against the library: a point must
exist, an ambiguous name must be written more precisely, and a midline point has one side only.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

import attrs

from ._default import library_or_default
from ._i18n import mark, tr
from ._library import Library
from ._model.routines import Routine, Sides, Step
from ._model.safety import Profile, SafetyReport
from .errors import DataError, UnknownPointError

if TYPE_CHECKING:
    from ._compose.composer import Composition

__all__ = [
    "build_routine",
    "dump_profile",
    "dump_routine",
    "load_profile",
    "load_routine",
    "parse_profile",
    "parse_routine",
]


def _resolve_point(library: Library, text: str, where: str) -> str:
    if text in library.points:
        return text
    try:
        resolution = library.resolve(text)
    except UnknownPointError as exc:
        raise DataError([f"{where}: {exc}"]) from None
    if resolution.ambiguous:
        raise DataError(
            [
                f"{where}: "
                + tr(
                    "{text} could be {codes}: write the code you mean",
                    text=repr(text),
                    codes=tr(" or ").join(resolution.codes),
                )
            ]
        )
    return resolution.code


def _check_sides(library: Library, step: Step, where: str) -> Step:
    point = library.get(step.point)
    own = Sides.of(point.location.laterality)
    if point.bilateral:
        if step.sides is Sides.CENTER:
            raise DataError(
                [
                    f"{where}.sides: "
                    + tr(
                        "{point} is on both sides of the body: use both, left or right",
                        point=step.point,
                    )
                ]
            )
        return step
    if step.sides is Sides.BOTH:  # the default: the point's one side
        return attrs.evolve(step, sides=own)
    if step.sides is not own:
        if own is Sides.CENTER:
            problem = tr("{point} is on the midline: use {side}", point=step.point, side=own.value)
        elif own is Sides.LEFT:
            problem = tr(
                "{point} is on the left side only: use {side}", point=step.point, side=own.value
            )
        else:
            problem = tr(
                "{point} is on the right side only: use {side}", point=step.point, side=own.value
            )
        raise DataError([f"{where}.sides: {problem}"])
    return step


def parse_routine(
    data: Mapping[str, Any] | str,
    source: str = "<routine>",
    library: Library | None = None,
) -> Routine:
    """A Routine from plain data (as in a TOML or JSON file) or from TOML or JSON text.

    ``data`` is a mapping (request JSON, already decoded) or text: JSON when it starts with
    ``{``, TOML otherwise. Points may be named any way the resolver reads (``Hoku`` becomes
    ``LI4``) and are checked against ``library`` (the default when None); DataError has one line
    per problem, naming ``source`` and the path, e.g. ``<routine>: $.steps[0].seconds: expected
    an integer, got "90s"``. Text longer than ``MAX_FILE_BYTES`` or nested deeper than
    ``MAX_DEPTH`` is refused the same way. A routine is not checked for anyone until it goes
    through ``check()``: nothing shows or plays it before.
    """
    from ._convert import structure

    lib = library_or_default(library)
    raw = _table(data, source, mark("expected a table of routine fields, got {kind}"))
    for informational in ("advice", "screening"):  # written by dump_routine: said again on use
        raw.pop(informational, None)
    steps = raw.get("steps", [])
    if isinstance(steps, list):
        fixed = []
        for i, step in enumerate(steps):
            if isinstance(step, Mapping) and isinstance(step.get("point"), str):
                step = {
                    **step,
                    "point": _resolve_point(lib, step["point"], f"{source}: $.steps[{i}].point"),
                }
                if "sides" not in step:
                    step["sides"] = Sides.of(lib.get(step["point"]).location.laterality).value
            fixed.append(step)
        raw["steps"] = fixed
    routine = structure(raw, Routine, source=source)
    checked = tuple(
        _check_sides(lib, step, f"{source}: $.steps[{i}]") for i, step in enumerate(routine.steps)
    )
    return attrs.evolve(routine, steps=checked)


def build_routine(
    name: str,
    steps: Iterable[Step | Mapping[str, Any] | tuple[str, int]],
    *,
    conditions: Iterable[str] = (),
    description: str = "",
    library: Library | None = None,
) -> Routine:
    """Build a Routine in code from Steps, dicts like a file's steps, or ``(point, seconds)`` pairs.

    Points may be written any way the resolver takes; sides default to both for bilateral points
    and center for midline ones.
    """
    from ._convert import unstructure

    items: list[Any] = []
    for step in steps:
        if isinstance(step, Step):
            items.append(unstructure(step))
        elif isinstance(step, tuple):
            items.append({"point": step[0], "seconds": step[1]})
        else:
            items.append(dict(step))
    doc = {"name": name, "steps": items, "conditions": list(conditions), "description": description}
    return parse_routine(doc, "<routine>", library)


MAX_FILE_BYTES = 1_000_000  # a routine or profile file; the longest real one is a few KB
MAX_DEPTH = 20  # tables and lists inside each other; a routine needs four


def _read(path: str | os.PathLike[str]) -> tuple[str, Any]:
    """The parsed document of a routine or profile file, or one DataError saying what and where.

    Only a regular file under ``MAX_FILE_BYTES`` is read (a FIFO or a device would hang or never
    end), and a document nested deeper than ``MAX_DEPTH`` or holding a number too long to read
    is refused before anything uses it.
    """
    import stat
    from pathlib import Path  # only when a file is read: pathlib brings urllib and more

    p = Path(path)
    source = str(p)
    try:
        fd = os.open(p, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise DataError(
            [f"{source}: " + tr("cannot read: {reason}", reason=exc.strerror or exc)]
        ) from None
    except (UnicodeError, ValueError):  # a name the file system cannot hold (a NUL, a surrogate)
        raise DataError([f"{source!a}: " + tr("not a file name this system can open")]) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise DataError([f"{source}: " + tr("not a regular file")])
        if info.st_size > MAX_FILE_BYTES:
            raise DataError(
                [
                    f"{source}: "
                    + tr(
                        "{size} bytes is too large (at most {most})",
                        size=info.st_size,
                        most=MAX_FILE_BYTES,
                    )
                ]
            )
        with os.fdopen(fd, "rb", closefd=False) as f:
            raw = f.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise DataError(
            [f"{source}: " + tr("cannot read: {reason}", reason=exc.strerror or exc)]
        ) from None
    finally:
        os.close(fd)
    if len(raw) > MAX_FILE_BYTES:
        raise DataError(
            [f"{source}: " + tr("too large (at most {most} bytes)", most=MAX_FILE_BYTES)]
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DataError(
            [f"{source}: " + tr("not UTF-8 text (byte {position})", position=exc.start)]
        ) from None
    try:
        if p.suffix.lower() == ".json":
            data = _json_loads(text)
        else:
            import tomllib

            data = tomllib.loads(text)
    except RecursionError:
        raise DataError(
            [f"{source}: " + tr("nested too deeply (at most {most} levels)", most=MAX_DEPTH)]
        ) from None
    except ValueError as exc:  # JSONDecodeError, TOMLDecodeError, an over-long integer
        kind = "JSON" if p.suffix.lower() == ".json" else "TOML"
        raise DataError(
            [f"{source}: " + tr("invalid {kind}: {problem}", kind=kind, problem=exc)]
        ) from None
    if _depth(data) > MAX_DEPTH:
        raise DataError(
            [f"{source}: " + tr("nested too deeply (at most {most} levels)", most=MAX_DEPTH)]
        )
    return source, data


def _depth(value: Any) -> int:
    """How deeply tables and lists nest in ``value`` (without recursion)."""
    deepest = 0
    stack = [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict):
            children: Iterable[Any] = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        deepest = max(deepest, level)
        if deepest > MAX_DEPTH:
            return deepest
        stack.extend((child, level + 1) for child in children)
    return deepest


def load_routine(path: str | os.PathLike[str], library: Library | None = None) -> Routine:
    """Load a routine from a ``.toml`` or ``.json`` file; points may be named any way."""
    source, data = _read(path)
    return parse_routine(data, source, library)


def dump_routine(
    routine: Routine | SafetyReport | Composition,
    fmt: str = "toml",
    *,
    library: Library | None = None,
) -> str:
    """The routine as TOML (default) or JSON text, which ``load_routine`` reads back.

    Given a checked result (of ``check()`` or ``compose()``), the file holds its safe routine and
    also the advice and the conditions to screen for red flags (``advice``, ``screening``), so a
    saved routine carries them; ``load_routine`` ignores both, since the guide and the card check
    the routine again for whoever uses it.
    """
    from ._convert import unstructure

    if isinstance(routine, Routine):
        data = _plain(unstructure(routine))
    else:
        from ._gate import advice_lines, checked_report

        lib = library_or_default(library)
        report = checked_report(routine, lib)
        data = _plain(unstructure(report.routine))
        data["advice"] = list(advice_lines(report, lib))
        data["screening"] = list(report.screening)
    if fmt == "json":
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    if fmt != "toml":
        raise ValueError(tr("format {format} is not toml or json", format=repr(fmt)))
    from ._toml import to_toml

    return to_toml(data)


def dump_profile(profile: Profile, fmt: str = "toml") -> str:
    """A person's profile as TOML (default) or JSON text, which ``load_profile`` and
    ``parse_profile`` read back to an equal profile (fields left unsaid are left out)."""
    from ._convert import unstructure

    data = {
        key: value
        for key, value in unstructure(profile).items()
        if value is not None and value != [] and value is not False
    }
    if fmt == "json":
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    if fmt != "toml":
        raise ValueError(tr("format {format} is not toml or json", format=repr(fmt)))
    from ._toml import to_toml

    return to_toml(data)


def _plain(value: Any) -> Any:
    """Drop None values (TOML has no null) and empty defaults, recursively."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items() if v is not None}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def parse_profile(
    data: Mapping[str, Any] | str,
    source: str = "<profile>",
    library: Library | None = None,
) -> Profile:
    """A person's profile (see ``Profile``) from plain data or from TOML or JSON text.

    ``data`` is a mapping (request JSON, already decoded) or text: JSON when it starts with
    ``{``, TOML otherwise. It is read strictly and checked against ``library`` (the default when
    None); DataError has one line per problem, naming ``source`` and the path, e.g.
    ``<profile>: $.pregnant: expected true or false, got "false"`` or ``<profile>: $.has[0]:
    unknown condition 'anticoagulant'; did you mean 'anticoagulants'?``. Text longer than
    ``MAX_FILE_BYTES`` or nested deeper than ``MAX_DEPTH`` is refused the same way.
    """
    from ._check import validate_profile
    from ._convert import structure

    table = _table(data, source, mark("expected a table of profile fields, got {kind}"))
    profile = structure(table, Profile, source=source)
    validate_profile(profile, library, source=source)
    return profile


def _table(data: Mapping[str, Any] | str, source: str, expected: str) -> dict[str, Any]:
    """The table of a routine or profile given as data or text, within the size and depth
    limits; ``expected`` is the message (with ``{kind}``) for anything but a table."""
    if isinstance(data, str):
        data = _parse_text(data, source)
    if not isinstance(data, Mapping):
        kind = tr("a list") if isinstance(data, list | tuple) else type(data).__name__
        raise DataError([f"{source}: $: " + tr(expected, kind=kind)])
    table = dict(data)
    if _depth(table) > MAX_DEPTH:
        raise DataError(
            [f"{source}: " + tr("nested too deeply (at most {most} levels)", most=MAX_DEPTH)]
        )
    return table


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object, refused (ValueError) when it gives a key twice."""
    table: dict[str, Any] = {}
    for key, value in pairs:
        if key in table:
            raise ValueError(tr("the key {key} is given twice", key=repr(key)))
        table[key] = value
    return table


def _json_loads(text: str) -> Any:
    """JSON as TOML reads a table: a key given twice is an error, not the last one winning (a
    profile saying ``"pregnant": true`` and then ``"pregnant": false`` is not one)."""
    return json.loads(text, object_pairs_hook=_unique_keys)


def _parse_text(text: str, source: str) -> Any:
    """The document in ``text``: JSON when it starts with ``{``, else TOML; DataError if bad."""
    if len(text) > MAX_FILE_BYTES:
        raise DataError(
            [f"{source}: " + tr("too large (at most {most} characters)", most=MAX_FILE_BYTES)]
        )
    is_json = text.lstrip().startswith("{")
    try:
        if is_json:
            return _json_loads(text)
        import tomllib

        return tomllib.loads(text)
    except RecursionError:
        raise DataError(
            [f"{source}: " + tr("nested too deeply (at most {most} levels)", most=MAX_DEPTH)]
        ) from None
    except ValueError as exc:  # JSONDecodeError, TOMLDecodeError, an over-long integer
        kind = "JSON" if is_json else "TOML"
        raise DataError(
            [f"{source}: " + tr("invalid {kind}: {problem}", kind=kind, problem=exc)]
        ) from None


def load_profile(path: str | os.PathLike[str], library: Library | None = None) -> Profile:
    """Load a person's profile from a ``.toml`` or ``.json`` file (see ``Profile``).

    The file is read strictly and checked against ``library`` (the default when None): DataError
    names the file and the path of each problem, e.g. ``p.toml: $.has[0]: unknown condition
    'anticoagulant'; did you mean 'anticoagulants'?`` or ``p.toml: $.pregnant: expected true or
    false, got "false"``. ``parse_profile`` reads one from data or text.
    """
    source, data = _read(path)
    return parse_profile(data, source, library)
