"""Validating a pack on disk, for pack authors: every problem in one pass, none hidden.

The checks are the loader's (the document, its parts, the policy that packs can only add, and
the safety rules), run together: a part that does not read still lets every other part be
checked, so a rule with no ``sources`` does not hide what else is wrong with the rules. Each
problem carries its TOML line (``lines.line_of``), unknown ids, points and keys a "did you mean",
and ``validate`` adds warnings that the loader does not refuse but a reviewer would:

- cure or no-side-effect wording ("cures", "guaranteed", "no side effects", "100%" ...);
- an indication of a point the pack gives no dosing for;
- a routine step longer than the pack's dosing of its point allows;
- a pack rule less strict than a core rule for the same points and people (it cannot loosen
  the core rule: findings take the strictest, so it only misleads whoever reads the pack);
- an entry point whose name is not the pack's id (the loader would refuse it once installed).

Only what depends on other installed packs is left to loading.
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, Literal

import attrs

from .._catalog import standard_catalog
from .._i18n import in_english
from .._versions import acupress_version, matches
from ..errors import DataError, InvalidVersionRange
from .discovery import pack_paths
from .lines import line_of

__all__ = ["Problem", "check_pack_text", "validate_files", "validate_path", "validate_text"]


@attrs.frozen
class Problem:
    """One thing wrong with a pack: where (file, line, ``$.path``), what, and how bad.

    ``severity`` is ``error`` (the loader refuses the pack) or ``warning`` (it loads, but a
    reviewer would ask for a change). ``str()`` gives ``file:LINE: $.path: message``.
    """

    source: str
    path: str
    message: str
    severity: Literal["error", "warning"] = "error"
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}" if self.line is not None else self.source
        kind = "warning: " if self.severity == "warning" else ""
        return (
            f"{where}: {self.path}: {kind}{self.message}"
            if self.path
            else f"{where}: {kind}{self.message}"
        )

    def record(self) -> dict[str, Any]:
        """The problem as JSON-ready data."""
        return {
            "file": self.source,
            "line": self.line,
            "path": self.path,
            "severity": self.severity,
            "message": self.message,
        }


_PATH_FIRST = re.compile(r"(\$[^\s:]*): (.*)", re.DOTALL)


def _problem(line: str, source: str, severity: Literal["error", "warning"] = "error") -> Problem:
    """A ``source: $.path: message`` line (as the loader's checks write them) as a Problem."""
    rest = line[len(source) + 2 :] if line.startswith(f"{source}: ") else line
    found = _PATH_FIRST.fullmatch(rest)
    if found is None:
        return Problem(source, "", rest, severity)
    return Problem(source, found[1], found[2], severity)


# -- one pass over a document that may be partly broken ------------------------------------


@attrs.frozen
class _Reading:
    """What reading a pack gave: the pack as far as it reads, and what did not read.

    ``kept[name]`` holds the original index of each entry of array ``name`` in the pack (a
    broken entry is left out, so the pack's indices are not the document's); ``unread`` the
    entries that did not read even without their unknown keys, with their original paths.
    """

    pack: Any
    problems: list[str]
    broken: set[str]
    kept: dict[str, list[int]]
    unread: list[tuple[str, Mapping[str, Any]]]


def _partial_pack(raw: Mapping[str, Any], source: str) -> _Reading:
    """The pack as far as it reads, the structuring problems, and the entries that did not read.

    Each entry of each array is read on its own (and again without its unknown keys), so a
    broken entry leaves the others to be checked; a broken required field gets a stand-in (its
    problem is reported all the same). The ids of entries that did not read are kept, so that
    what cites them is not also called unknown.
    """
    from .._convert import structure
    from .._model.packs import SCHEMA_VERSION, Pack

    try:
        return _Reading(structure(raw, Pack, source=source), [], set(), {}, [])
    except DataError as exc:
        problems = list(exc.problems)
    fields = {a.name: a for a in attrs.fields(Pack)}
    stand_in: dict[str, Any] = {
        "schema": SCHEMA_VERSION,
        "id": "pack",
        "name": "?",
        "version": "0",
        "summary": "?",
        "license": "?",
        "authors": ("?",),
        "acupress": ">=0",
    }
    values: dict[str, Any] = {}
    broken: set[str] = set()
    kept_at: dict[str, list[int]] = {}
    unread: list[tuple[str, Mapping[str, Any]]] = []
    for name, field in fields.items():
        if name not in raw:
            if name in stand_in:
                values[name] = stand_in[name]
            continue
        value = raw[name]
        if name in stand_in:
            try:
                values[name] = structure(value, field.type, source=source)  # type: ignore[arg-type]
                if name == "schema" and values[name] != SCHEMA_VERSION:
                    values[name] = SCHEMA_VERSION
                if name == "id":
                    from .._model.base import ID

                    if not ID.fullmatch(values[name]):
                        values[name] = stand_in[name]
            except DataError:
                values[name] = stand_in[name]
            continue
        if not isinstance(value, list):
            continue
        inner = _element_type(field.type)
        names = {a.name for a in attrs.fields(inner)} if attrs.has(inner) else None
        kept = []
        kept_at[name] = []
        for i, entry in enumerate(value):
            read = None
            for attempt in (entry, _known_keys(entry, names)):
                try:
                    read = structure(attempt, inner, source=source)
                    break
                except DataError:
                    continue
            if read is not None:
                kept.append(read)
                kept_at[name].append(i)
                continue
            if isinstance(entry, Mapping):
                unread.append((f"$.{name}[{i}]", entry))
                for key in ("id", "code"):
                    if isinstance(entry.get(key), str):
                        broken.add(entry[key])
        values[name] = tuple(kept)
    refs = {r.id for r in values.get("references", ())}
    conditions = []
    for c in values.get("conditions", ()):
        if c.min_age_source is not None and c.min_age_source not in refs | {"consensus"}:
            c = attrs.evolve(c, min_age=None, min_age_source=None)
        if c.pregnancy and c.not_in_pregnancy:  # reported by Pack; the stand-in keeps one
            c = attrs.evolve(c, pregnancy=False)
        conditions.append(c)
    values["conditions"] = tuple(conditions)
    try:
        pack = Pack(**values)
    except (TypeError, ValueError):  # pragma: no cover - every stand-in reads
        pack = None
    return _Reading(pack, problems, broken, kept_at, unread)


def _known_keys(entry: Any, names: set[str] | None) -> Any:
    """``entry`` without the keys its class does not have (they are reported already)."""
    if names is None or not isinstance(entry, Mapping):
        return entry
    return {k: v for k, v in entry.items() if k in names}


_INDEXED = re.compile(r"\$\.([a-z]+)\[([0-9]+)\]")


def _original_paths(line: str, kept: Mapping[str, list[int]]) -> str:
    """A line about the partial pack, with its array index the document's own."""

    def original(match: re.Match[str]) -> str:
        at = kept.get(match[1])
        index = int(match[2])
        return f"$.{match[1]}[{at[index] if at is not None and index < len(at) else index}]"

    return _INDEXED.sub(original, line, count=1)


def _unread_lines(
    unread: Sequence[tuple[str, Mapping[str, Any]]],
    source: str,
    points: set[str],
    conditions: set[str],
    references: set[str],
    broken: set[str],
) -> list[str]:
    """What can still be checked of entries that did not read: the ids they cite."""
    lines = []
    for path, entry in unread:
        point = entry.get("point")
        if isinstance(point, str) and point not in points and point not in broken:
            lines.append(f"{source}: {path}.point: unknown point {point!r}")
        condition = entry.get("condition")
        if isinstance(condition, str) and condition not in conditions | broken:
            lines.append(f"{source}: {path}.condition: unknown condition {condition!r}")
        cited = entry.get("references")
        for j, ref in enumerate(cited if isinstance(cited, list) else ()):
            if isinstance(ref, str) and ref not in references | broken:
                lines.append(f"{source}: {path}.references[{j}]: unknown reference {ref!r}")
    return lines


def _element_type(type_: Any) -> Any:
    from typing import get_args

    from .._model import packs as model

    if isinstance(type_, str):  # postponed annotations: the model's own names
        inner = type_.removeprefix("tuple[").removesuffix(", ...]")
        if inner.startswith("Mapping"):
            return Mapping[str, Any]
        return getattr(model, inner)
    args = get_args(type_)
    return args[0] if args else Any


_CITED = re.compile(r"unknown (?:point|condition|reference|score) '([^']*)'")


def _suggest_line(line: str, known: Mapping[str, Iterable[str]]) -> str:
    """``line`` with a "did you mean" added to an unknown point, condition, reference or score."""
    found = re.search(r"unknown (point|condition|reference|score) '([^']*)'", line)
    if found is None or "did you mean" in line:
        return line
    kind, value = found[1], found[2]
    close: list[str] = []
    if kind == "point":
        from .._resolve.resolver import catalog_resolver
        from ..errors import UnknownPointError

        # Two characters swapped (ST63 for ST36) first, then the resolver's readings.
        close = sorted(
            c for c in known["point"] if c != value and sorted(c) == sorted(value.upper())
        )[:1]
        try:
            close += list(catalog_resolver().resolve(value).codes[:3])
        except UnknownPointError as exc:
            close += list(exc.suggestions[:3])
        close += [
            c for c in difflib.get_close_matches(value, list(known["point"]), n=3) if c not in close
        ]
    else:
        close = difflib.get_close_matches(value, list(known[kind]), n=3, cutoff=0.6)
    close = [c for c in dict.fromkeys(close) if c != value][:3]
    if not close:
        return line
    return f"{line}; did you mean {' or '.join(repr(c) for c in close)}?"


@in_english  # it reads the English of the loader's messages: they stay English here
def check_pack_text(
    text: str,
    source: str,
    known_points: Mapping[str, Any] | None = None,
    *,
    entry_points: Mapping[str, str] | None = None,
) -> list[Problem]:
    """Every problem (errors and warnings) of one pack document, each with its line.

    Points are checked against ``known_points`` (default: the standard catalog's points).
    ``entry_points`` (name to value, from the distribution's ``pyproject.toml``) adds the check
    that the ``acupress.packs`` entry point is named as the pack's id.
    """
    import tomllib

    from .document import control_problems, cross_check, name_questions, shape_problem
    from .policy import catalog_view, pack_problems

    catalog = standard_catalog()
    points = known_points if known_points is not None else {p.code: p for p in catalog.points}
    shape = shape_problem(text)  # the loader's bounds, before tomllib can exhaust the stack
    if shape is not None:
        return [Problem(source, "", shape)]
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        at = re.search(r"line (\d+)", str(exc))
        return [Problem(source, "", f"invalid TOML: {exc}", line=int(at[1]) if at else None)]
    reading = _partial_pack(raw, source)
    pack, lines, broken = reading.pack, reading.problems, reading.broken
    lines.extend(control_problems(raw, source))
    if pack is not None:
        own = {p.code for p in pack.points}
        found = cross_check(pack, points, source)
        found.extend(pack_problems(pack, source, catalog_view(catalog)))
        lines.extend(
            _original_paths(line, reading.kept)
            for line in found
            if not ((m := _CITED.search(line)) is not None and m[1] in broken)
        )
        known = {
            "point": set(points) | own,
            "condition": {c.id for c in pack.conditions},
            "reference": {r.id for r in pack.references} | {"tradition"},
            "score": {s.id for s in pack.scores},
        }
        lines.extend(
            _unread_lines(
                reading.unread,
                source,
                known["point"],
                known["condition"],
                known["reference"],
                broken,
            )
        )
        try:
            if not matches(acupress_version(), pack.acupress):
                lines.append(
                    f"{source}: $.acupress: supports acupress {pack.acupress}, "
                    f"but this is acupress {acupress_version()}"
                )
        except InvalidVersionRange as exc:
            lines.append(f"{source}: $.acupress: {exc}")
        lines.extend(_rule_lines(pack, raw, source, points))
        lines = [_suggest_line(line, known) for line in lines]
        if pack.id != raw.get("id"):  # a stand-in id: its namespace says nothing of the pack's
            lines = [line for line in lines if "namespace 'pack:'" not in line]
    # A problem inside a screening question names the question by its id, as loading does.
    lines = name_questions(lines, raw)
    problems = [_problem(line, source) for line in dict.fromkeys(lines)]
    if pack is not None:
        problems.extend(
            attrs.evolve(w, path=_original_paths(w.path, reading.kept))
            for w in _warnings(pack, raw, source, points)
        )
        if entry_points is not None:
            problems.extend(_entry_point_warnings(pack.id, entry_points, source))
    located = [_located(p, text) for p in problems]
    # Errors first, then warnings, each in the order of the file.
    return sorted(located, key=lambda p: (p.severity != "error", p.line or 0))


def _located(problem: Problem, text: str) -> Problem:
    """The problem with the line of its path: of the unknown key for an unknown key, of the
    field a model's own check names first (``icd10 'x' is not ...``) for such a check."""
    if problem.line is not None or not problem.path:
        return problem
    key = re.match(r"unknown keys? ([A-Za-z0-9_-]+)", problem.message) or re.match(
        r"([a-z_0-9]+) ", problem.message
    )
    line = line_of(text, problem.path, key[1] if key else None)
    return attrs.evolve(problem, line=line)


# -- the rules, each checked as far as it reads --------------------------------------------


def _rule_lines(
    pack: Any, raw: Mapping[str, Any], source: str, points: Mapping[str, Any]
) -> list[str]:
    """Every problem of the pack's rules: the loader's, then for each rule that does not read,
    what can still be checked of it (points, groups, sources, the rule it tightens)."""
    from .._safety.rules import core_safety, rule_problems

    if not pack.rules and not raw.get("rules"):
        return []
    lines = rule_problems(pack, source) if pack.rules else []
    rules = raw.get("rules")
    core = core_safety()
    known = {r.id: r for r in core.rules}
    references = {r.id for r in pack.references} | {r.id for r in core.references}
    all_points = set(points) | {p.code for p in pack.points}
    from .._convert import structure
    from .._model.safety import Rule, Severity

    for i, rule in enumerate(rules if isinstance(rules, list) else []):
        if not isinstance(rule, Mapping):
            continue
        path = f"$.rules[{i}]"
        data = dict(rule)
        if isinstance(data.get("id"), str) and ":" not in data["id"]:
            data["id"] = f"{pack.id}:{data['id']}"
        try:
            structure(data, Rule, source=source, path=path)
            continue  # it reads: the loader's checks above covered it
        except DataError:
            pass  # it does not read: check what can be checked of it
        applies = rule.get("applies")
        if isinstance(applies, Mapping):
            for j, code in enumerate(applies.get("points") or ()):
                if isinstance(code, str) and code not in all_points:
                    lines.append(f"{source}: {path}.applies.points[{j}]: unknown point {code!r}")
            for j, group in enumerate(applies.get("groups") or ()):
                if isinstance(group, str) and group not in core.groups:
                    lines.append(
                        f"{source}: {path}.applies.groups[{j}]: unknown group {group!r} "
                        f"(known: {', '.join(sorted(core.groups))})"
                    )
        for j, ref in enumerate(rule.get("sources") or ()):
            if isinstance(ref, str) and ref not in references:
                lines.append(f"{source}: {path}.sources[{j}]: unknown reference {ref!r}")
        tightens = rule.get("tightens")
        if isinstance(tightens, str):
            base = known.get(tightens)
            if base is None:
                close = difflib.get_close_matches(tightens, list(known), n=3)
                hint = f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
                lines.append(f"{source}: {path}.tightens: no rule {tightens!r} to tighten{hint}")
            else:
                severity = next((s for s in Severity if s.value == rule.get("severity")), None)
                if severity is not None and severity.rank < base.severity.rank:
                    lines.append(
                        f"{source}: {path}: rule {data.get('id')!r} would weaken {base.id!r} "
                        f"({severity.value} is less strict than {base.severity.value}); "
                        "safety rules may only be tightened"
                    )
    if lines:
        known_rules = sorted(known)
        lines = [
            _suggest_rule(line, known_rules) if ".tightens: no rule" in line else line
            for line in lines
        ]
    return lines


def _suggest_rule(line: str, known: Sequence[str]) -> str:
    found = re.search(r"no rule '([^']*)' to tighten", line)
    if found is None or "did you mean" in line:
        return line
    close = difflib.get_close_matches(found[1], known, n=3)
    return f"{line}; did you mean {' or '.join(repr(c) for c in close)}?" if close else line


# -- warnings -------------------------------------------------------------------------------

# Wording that promises what acupressure cannot: a cure, certainty, or no risk at all.
_PROMISES = re.compile(
    r"\b(cure[sd]?|curing|curative|guarantee[sd]?|guaranteed|miracle|"
    r"heals?|no side[- ]effects?|without (?:any )?side[- ]effects?|"
    r"risk[- ]free|completely safe|100\s?%|"
    # the same in German, for a pack's [translations.de]
    r"heil(?:t|en|ung)|geheilt|garantiert|garantie|wunder(?:mittel|heilung)?|"
    r"keine nebenwirkungen|ohne (?:jede )?nebenwirkungen|risikolos|völlig sicher|absolut sicher)"
    r"(?!\w)",
    re.IGNORECASE,
)
# "is not a cure", "no cure", "keine Heilung": saying what acupressure is not is honest.
_DENIED = re.compile(
    r"\b(not|no|never|nor|cannot|can't|isn't|nicht|kein|keine|keinen|nie|niemals)\s+"
    r"(a\s+|any\s+|eine\s+)?$",
    re.IGNORECASE,
)


def _texts(value: Any, path: str) -> Iterable[tuple[str, str]]:
    """Every string in raw TOML data with its ``$.path`` (ids and codes included)."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, Mapping):
        for key, item in value.items():
            yield from _texts(item, f"{path}.{key}")
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _texts(item, f"{path}[{i}]")


_PROSE = {"name", "summary", "description", "why", "note", "advice", "message", "text", "location"}


def _promises(raw: Mapping[str, Any], source: str) -> list[Problem]:
    found = []
    for path, text in _texts(raw, "$"):
        field = re.sub(r"\[[0-9]+\]$", "", path).rsplit(".", 1)[-1]
        if field not in _PROSE or path.startswith("$.references"):
            continue
        words = [m[0] for m in _PROMISES.finditer(text) if not _DENIED.search(text[: m.start()])]
        if words:
            listed = ", ".join(repr(w) for w in dict.fromkeys(words))
            found.append(
                Problem(
                    source,
                    path,
                    f"{listed}: acupressure cannot promise a cure, certainty or no risk; say "
                    'what the evidence shows ("may ease", "some people find", '
                    '"traditionally used for")',
                    "warning",
                )
            )
    return found


def _warnings(
    pack: Any, raw: Mapping[str, Any], source: str, points: Mapping[str, Any]
) -> list[Problem]:
    """What the loader accepts but a reviewer would not: see the module's docstring."""
    found = _promises(raw, source)
    dosed: dict[str, int] = {}
    for d in pack.dosing:
        dosed[d.point] = max(dosed.get(d.point, 0), d.max_seconds)
    # A dosing entry that did not read still counts: its own problem is reported.
    written = raw.get("dosing")
    raw_points = {
        d.get("point")
        for d in (written if isinstance(written, list) else ())
        if isinstance(d, Mapping) and isinstance(d.get("point"), str)  # a list is its own error
    }
    for i, ind in enumerate(pack.indications):
        if ind.point not in dosed and ind.point not in raw_points:
            found.append(
                Problem(
                    source,
                    f"$.indications[{i}].point",
                    f"{ind.point} is indicated for {ind.condition!r} but the pack gives no "
                    f"[[dosing]] for it: the composer cannot use it (add a dosing entry)",
                    "warning",
                )
            )
    for i, routine in enumerate(pack.routines):
        for j, step in enumerate(routine.steps):
            most = dosed.get(step.point)
            if most is not None and step.seconds > most:
                found.append(
                    Problem(
                        source,
                        f"$.routines[{i}].steps[{j}].seconds",
                        f"{step.seconds} s on {step.point} is longer than the pack's dosing "
                        f"allows ({most} s at most)",
                        "warning",
                    )
                )
    found.extend(_loosening(pack, source, points))
    return found


def _loosening(pack: Any, source: str, points: Mapping[str, Any]) -> list[Problem]:
    """A pack rule less strict than a core rule on the same points for the same people."""
    from .._safety.rules import core_safety, pack_rules

    if not pack.rules:
        return []
    core = core_safety()
    known = {r.id: r for r in core.rules}
    all_points = dict(points)
    all_points.update((p.code, p) for p in pack.points)
    rules, _problems = pack_rules(pack, source, known, all_points)
    index = {r["id"]: i for i, r in enumerate(pack.rules) if isinstance(r.get("id"), str)}

    def codes(rule: Any) -> frozenset[str]:
        found = set(rule.applies.points)
        for group in rule.applies.groups:
            found.update(core.groups.get(group, ()))
        return frozenset(found)

    def people(rule: Any) -> frozenset[str]:
        when = rule.when
        said = set(when.mentions())
        for flag in ("pregnant", "postpartum", "ate_recently"):
            if getattr(when, flag, None):
                said.add(flag)
        if getattr(when, "could_be_pregnant", None):  # the pregnant, and those who could be
            said.update(("pregnant", "could_be_pregnant"))
        return frozenset(said)

    found = []
    for rule in rules:
        if rule.tightens is not None:
            continue  # checked as an error: it may not weaken what it names
        mine, who = codes(rule), people(rule)
        for base in core.rules:
            if base.severity.rank <= rule.severity.rank:
                continue
            if not (mine & codes(base)) or not (who & people(base)):
                continue
            own_id = rule.id.partition(":")[2]
            i = index.get(own_id, index.get(rule.id, 0))
            found.append(
                Problem(
                    source,
                    f"$.rules[{i}]",
                    f"rule {rule.id!r} ({rule.severity.value}) covers points and people of the "
                    f"core rule {base.id!r} ({base.severity.value}) less strictly: it cannot "
                    "loosen it (the strictest finding wins), so it only misleads; make it at "
                    f"least {base.severity.value} with tightens = {base.id!r}, or leave it out",
                    "warning",
                )
            )
            break
    return found


def _entry_point_warnings(
    pack_id: str, entry_points: Mapping[str, str], source: str
) -> list[Problem]:
    if not entry_points:
        return [
            Problem(
                source,
                "$.id",
                "the pyproject.toml beside the pack declares no entry point in the group "
                f"'acupress.packs': once installed, it will not be found (add {pack_id} = ...)",
                "warning",
            )
        ]
    if pack_id in entry_points:
        return []
    names = ", ".join(repr(n) for n in entry_points)
    return [
        Problem(
            source,
            "$.id",
            f"the pack's id is {pack_id!r} but its entry point is named {names}: installed, it "
            f"would not load (name the entry point {pack_id!r})",
            "warning",
        )
    ]


def _pyproject_entry_points(file: Path, top: Path) -> tuple[Path, dict[str, str]] | None:
    """The ``acupress.packs`` entry points of the nearest pyproject.toml from ``file`` up to
    ``top`` (the folder given), or None when there is none."""
    import tomllib

    folder = file.parent
    stop = top if top.is_dir() else top.parent
    for _ in range(4):
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            try:
                project = tomllib.loads(candidate.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
                return None
            groups = project.get("project", {}).get("entry-points", {})
            found = groups.get("acupress.packs", {}) if isinstance(groups, Mapping) else {}
            return candidate, {str(k): str(v) for k, v in found.items()} if isinstance(
                found, Mapping
            ) else {}
        if folder.resolve() == stop.resolve() or folder.parent == folder:
            break
        folder = folder.parent
    return None


# -- the entry points -------------------------------------------------------------------------


def validate_text(
    text: str, source: str, known_points: Mapping[str, Any] | None = None
) -> list[str]:
    """Every error of one pack document, as ``file:LINE: $.path: problem`` lines (empty if
    valid); warnings are left out (see ``check_pack_text``).

    Points are checked against ``known_points`` (default: the standard catalog's points).
    """
    return [str(p) for p in check_pack_text(text, source, known_points) if p.severity == "error"]


def validate_files(path: str | os.PathLike[str]) -> tuple[list[Problem], list[str]]:
    """Every problem (errors and warnings) of the pack file at ``path`` or every ``pack.toml``
    below a folder, and the files checked; a path with no pack is itself a problem. The
    distribution's ``pyproject.toml`` (beside the pack or a few folders up, within ``path``) is
    read for its entry point."""
    files = [p for p in pack_paths(path) if p.is_file()]
    if not files:
        return [Problem(str(path), "", "no pack.toml found")], []
    problems: list[Problem] = []
    points = {p.code: p for p in standard_catalog().points}
    top = Path(path)
    for file in files:
        try:
            text = file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            problems.append(Problem(str(file), "", f"cannot read: {exc}"))
            continue
        found = _pyproject_entry_points(file, top)
        entry_points = found[1] if found is not None else None
        problems.extend(check_pack_text(text, str(file), points, entry_points=entry_points))
    return problems, [str(f) for f in files]


def validate_path(path: str | os.PathLike[str]) -> tuple[list[str], list[str]]:
    """Validate the pack file at ``path`` or every ``pack.toml`` below a folder.

    Returns (errors, files checked), each error one line; a path with no pack is itself an
    error. Warnings are left out (see ``validate_files``).
    """
    problems, files = validate_files(path)
    return [str(p) for p in problems if p.severity == "error"], files
