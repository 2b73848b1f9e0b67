"""Reading one pack document: TOML to a frozen Pack, then the checks between its parts.

``read_pack_document`` turns text into a ``Pack`` or a ``PackError`` listing every problem as
``file: $.path: problem``; ``cross_check`` finds what the schema cannot (unknown points,
conditions and references, duplicate ids, sides of midline points). No discovery happens here.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

from .._model.packs import TRADITION, Pack
from .._model.points import Laterality
from ..errors import DataError, PackError

__all__ = [
    "MAX_DEPTH",
    "MAX_KEY_PARTS",
    "MAX_PACK_BYTES",
    "control_problems",
    "cross_check",
    "name_questions",
    "parse_pack",
    "read_pack_document",
    "shape_problem",
]

MAX_PACK_BYTES = 4 * 1024 * 1024  # a pack document; the largest real pack is 44 KB
MAX_DEPTH = 24  # brackets ([ and {) open inside each other; a real pack needs five
MAX_KEY_PARTS = 32  # parts of one dotted key (a.b.c); a real pack needs two

# What the shape check looks at: string and comment openers, brackets, and the characters that
# end a key (so that dots are counted per key: a float or a date has at most one).
# The patterns are compiled on first use (a load from the cache parses no pack text).
_TOKEN = r"""\"\"\"|'''|["'#\[\]{}=,.\n]"""
_BASIC_END = r'\\[\s\S]|"|\n'
_MULTI_BASIC_END = r'\\[\s\S]|"""'
_LITERAL_END = r"'|\n"


def shape_problem(text: str) -> str | None:
    """Why ``text`` is too large or nested too deeply to parse, or None; linear, no parsing.

    tomllib recurses once per ``[`` or ``{`` (about 200 levels exhaust the stack) and keeps
    every prefix of a dotted key (a 40 KB key of 20,000 parts costs gigabytes), so both are
    bounded here, on the text, before it is parsed. Strings and comments are skipped as TOML
    reads them; what this check misreads in a document that is not TOML, tomllib refuses.
    """
    if len(text) > MAX_PACK_BYTES:
        return f"{len(text)} characters is too large (at most {MAX_PACK_BYTES})"
    if _plainly_fits(text):
        return None
    return _scanned_problem(text)


# The same reading in bulk: every string and comment as the scan below skips it (an escape
# skips the next character, a one-line string ends at its quote or at the end of the line, a
# multi-line one at its closing quotes and up to two more), so that what is left holds only the
# characters the scan counts. Possessive loops: each part is read once, never tried again.
_SKIPPED = (
    r"#[^\n]*+"
    r"|'''(?:[^']++|'(?!''))*+(?:'''(?:'{0,2})|\Z)"
    r'|"""(?:[^"\\]++|\\[\s\S]|"(?!""))*+(?:"""(?:"{0,2})|\\?\Z)'
    r'|"(?:[^"\\\n]++|\\[\s\S])*+(?:["\n]|\\?\Z)'
    r"|'[^'\n]*+(?:['\n]|\Z)"
)
# MAX_KEY_PARTS dots with nothing between them that ends a key.
_MANY_DOTS = r"\.(?:[^\[\]{}=,\n.]*+\.){" + str(MAX_KEY_PARTS - 1) + "}"
_NOT_BRACKET = r"[^\[\]{}]++"


def _plainly_fits(text: str) -> bool:
    """True when the scan of ``shape_problem`` finds nothing wrong; False when it may.

    A few passes of the regular expression engine instead of a Python step per token (on the
    seven packs a fraction of the scan's time). False sends the text to the scan itself, so every
    problem is still named as the scan names it.
    """
    bare = re.compile(_SKIPPED).sub("", text)
    if re.compile(_MANY_DOTS).search(bare) is not None:
        return False
    depth = 0
    for bracket in re.compile(_NOT_BRACKET).sub("", bare):
        if bracket in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return False
        elif depth:
            depth -= 1
    return True


def _scanned_problem(text: str) -> str | None:
    """The scan, a token at a time: the first key too long or nesting too deep, or None."""
    depth = dots = 0
    pos = 0
    end = len(text)
    find = re.compile(_TOKEN).search
    ends = {
        '"': re.compile(_BASIC_END),
        "'": re.compile(_LITERAL_END),
        '"""': re.compile(_MULTI_BASIC_END),
    }
    while (m := find(text, pos)) is not None:
        tok = m.group()
        pos = m.end()
        if tok == ".":
            dots += 1
            if dots >= MAX_KEY_PARTS:
                return f"a dotted key has more than {MAX_KEY_PARTS} parts"
        elif tok in "[{":
            depth += 1
            dots = 0
            if depth > MAX_DEPTH:
                return f"nested too deeply (at most {MAX_DEPTH} levels of [ and {{)"
        elif tok in "]}":
            depth = max(0, depth - 1)
            dots = 0
        elif tok in "=,\n":
            dots = 0
        elif tok == "#":
            stop = text.find("\n", pos)
            pos = end if stop < 0 else stop
        elif tok == "'''":
            stop = text.find("'''", pos)
            pos = end if stop < 0 else _closing_quotes(text, stop + 3, "'")
        else:  # a basic string (escapes skip the next character), a literal one (no escapes)
            pattern = ends[tok]
            while (e := pattern.search(text, pos)) is not None:
                pos = e.end()
                if e.group() == '"""':
                    pos = _closing_quotes(text, pos, '"')
                    break
                if e.group() in (tok, "\n"):
                    break
            else:
                pos = end
    return None


def _closing_quotes(text: str, pos: int, quote: str) -> int:
    """After a multi-line string's closing quotes: TOML lets one or two more quotes end it."""
    for _ in range(2):
        if text.startswith(quote, pos):
            pos += 1
    return pos


def _duplicates(ids: list[str]) -> list[str]:
    """The ids that occur more than once, sorted (linear in the number of ids)."""
    return sorted(i for i, n in Counter(ids).items() if n > 1)


def cross_check(pack: Pack, known_points: Mapping[str, Any], source: str) -> list[str]:
    """Problems between the parts of a pack: unknown points, conditions and references.

    ``known_points`` holds the catalog's codes (and those of packs loaded before); the pack's own
    points count too. Each problem is one line, ``source: $.path: problem``.
    """
    problems: list[str] = []

    def report(path: str, message: str) -> None:
        problems.append(f"{source}: $.{path}: {message}")

    own_points = {p.code for p in pack.points}
    for i, p in enumerate(pack.points):
        namespace = p.code.split(":", 1)[0]
        if namespace != pack.id:
            report(
                f"points[{i}].code", f"{p.code!r} must be under the pack's namespace '{pack.id}:'"
            )
    points = set(known_points) | own_points

    ref_ids = [r.id for r in pack.references]
    for dup in _duplicates(ref_ids):
        report("references", f"reference id {dup!r} is used twice")
    if TRADITION in ref_ids:
        report(
            "references", f"'{TRADITION}' is reserved: it marks claims with no study behind them"
        )
    refs = set(ref_ids) | {TRADITION}
    cond_ids = [c.id for c in pack.conditions]
    for dup in _duplicates(cond_ids):
        report("conditions", f"condition id {dup!r} is used twice")
    conditions = set(cond_ids)

    def check_point(path: str, code: str) -> None:
        if code not in points:
            report(path, f"unknown point {code!r}")

    def check_refs(path: str, ids: tuple[str, ...]) -> None:
        for j, ref in enumerate(ids):
            if ref not in refs:
                report(f"{path}[{j}]", f"unknown reference {ref!r}")

    for i, p in enumerate(pack.points):
        check_refs(f"points[{i}].references", p.references)
    for i, ind in enumerate(pack.indications):
        check_point(f"indications[{i}].point", ind.point)
        if ind.condition not in conditions:
            report(f"indications[{i}].condition", f"unknown condition {ind.condition!r}")
        check_refs(f"indications[{i}].references", ind.references)
    for i, d in enumerate(pack.dosing):
        check_point(f"dosing[{i}].point", d.point)
        check_refs(f"dosing[{i}].references", d.references)
    for i, defined in enumerate(pack.conditions):
        for j, other in enumerate(defined.related):
            if other not in conditions:
                report(f"conditions[{i}].related[{j}]", f"unknown condition {other!r}")
    routine_ids = [r.id for r in pack.routines]
    for dup in _duplicates(routine_ids):
        report("routines", f"routine id {dup!r} is used twice")
    for i, r in enumerate(pack.routines):
        for j, cond in enumerate(r.conditions):
            if cond not in conditions:
                report(f"routines[{i}].conditions[{j}]", f"unknown condition {cond!r}")
        for j, step in enumerate(r.steps):
            check_point(f"routines[{i}].steps[{j}].point", step.point)
            point = known_points.get(step.point) or next(
                (p for p in pack.points if p.code == step.point), None
            )
            midline = _is_midline(point)
            if midline is True and step.sides.value != "center":
                report(
                    f"routines[{i}].steps[{j}].sides", f"{step.point} is on the midline: use center"
                )
            elif midline is False and step.sides.value == "center":
                report(
                    f"routines[{i}].steps[{j}].sides",
                    f"{step.point} is on both sides of the body: use both, left or right",
                )
    for i, alias in enumerate(pack.aliases):
        for j, code in enumerate(alias.points):
            check_point(f"aliases[{i}].points[{j}]", code)
    score_ids = {sc.id for sc in pack.scores}
    question_ids = [q.id for q in pack.screening]
    for dup in _duplicates(question_ids):
        report("screening", f"question id {dup!r} is used twice")
    for i, q in enumerate(pack.screening):
        check_refs(f"screening[{i}].references", q.references)
        if all(ref == TRADITION for ref in q.references):
            report(
                f"screening[{i}].references",
                "a red-flag question must cite a guideline or study, not tradition alone",
            )
        if q.condition not in conditions:
            report(f"screening[{i}].condition", f"unknown condition {q.condition!r}")
        if q.score is not None and q.score not in score_ids:
            report(f"screening[{i}].score", f"unknown score {q.score!r}")
    for i, sc in enumerate(pack.scores):
        check_refs(f"scores[{i}].references", sc.references)
        if all(ref == TRADITION for ref in sc.references):
            report(
                f"scores[{i}].references",
                "a score must cite a guideline or study, not tradition alone",
            )
        if sc.condition not in conditions:
            report(f"scores[{i}].condition", f"unknown condition {sc.condition!r}")
        if not any(q.score == sc.id for q in pack.screening):
            report(f"scores[{i}]", f"no question counts towards score {sc.id!r}")
    if not problems:
        return problems
    return name_questions(problems, {"screening": [{"id": q.id} for q in pack.screening]})


def _is_midline(point: Any) -> bool | None:
    """Whether a catalog Point or PackPoint lies on the midline (None when unknown)."""
    location = getattr(point, "location", None)
    laterality = getattr(location, "laterality", None) or getattr(point, "laterality", None)
    return None if laterality is None else laterality is Laterality.MIDLINE


def read_pack_document(text: str, source: str) -> Pack:
    """Parse one pack document and check it against the schema (not against other data)."""
    import tomllib

    from .._convert import structure

    problem = shape_problem(text)
    if problem is not None:
        raise PackError([f"{source}: {problem}"])
    try:
        raw = tomllib.loads(text)
    except RecursionError:  # not reached when the shape check holds; a second line of defence
        raise PackError([f"{source}: nested too deeply (at most {MAX_DEPTH} levels)"]) from None
    except ValueError as exc:  # TOMLDecodeError, or an integer too long to read
        raise PackError([f"{source}: invalid TOML: {exc}"]) from None
    raw_id = raw.get("id")
    pack_id = raw_id if isinstance(raw_id, str) else ""
    controls = control_problems(raw, source)
    try:
        pack = structure(raw, Pack, source=source)
    except DataError as exc:
        raise PackError([*controls, *name_questions(exc.problems, raw)], pack=pack_id) from None
    if controls:
        raise PackError(controls, pack=pack_id)
    return pack


def _strings(value: Any, out: list[str]) -> None:
    """Every text of a parsed document (keys too), in ``out``."""
    kind = type(value)
    if kind is str:
        out.append(value)
    elif kind is dict:
        for key, item in value.items():
            out.append(key)
            _strings(item, out)
    elif kind is list:
        for item in value:
            _strings(item, out)


def _paths(value: Any, path: str) -> Iterable[tuple[str, str, bool]]:
    """(path, text, is a key) of every text of a parsed document."""
    kind = type(value)
    if kind is str:
        yield path, value, False
    elif kind is dict:
        for key, item in value.items():
            yield path, key, True
            step = f".{key}" if _PLAIN_KEY.fullmatch(key) else f"[{key!a}]"
            yield from _paths(item, path + step)
    elif kind is list:
        for i, item in enumerate(value):
            yield from _paths(item, f"{path}[{i}]")


_PLAIN_KEY = re.compile(r"[A-Za-z0-9_-]+")


def control_problems(raw: Mapping[str, Any], source: str) -> list[str]:
    """A line for each text of the parsed document ``raw`` that holds a control character other
    than tab and newline, or a bidirectional control (what ``strip_controls`` takes out).

    Output made by acupress takes such characters out, but an application shows a pack's texts
    as they are: an escape sequence could steer its terminal, a carriage return overwrite a
    line, a bidirectional override show advice in an order other than the one written. So a
    pack may not hold them at all. One search over every text in the common case.
    """
    from .._text import first_control

    texts: list[str] = []
    _strings(raw, texts)
    if first_control("\n".join(texts)) is None:
        return []
    problems = []
    for path, text, is_key in _paths(raw, "$"):
        found = first_control(text)
        if found is not None:
            what = f"a key ({text!a})" if is_key else "a text"
            problems.append(
                f"{source}: {path}: {what} holds the control character U+{ord(found):04X}: "
                "a pack's texts may hold tabs and new lines, but no character that steers a "
                "terminal or changes the order text is shown in"
            )
    return problems


_QUESTION_PATH = re.compile(r"(.*?: \$\.screening\[([0-9]+)\][^:]*: )(.*)", re.DOTALL)


def name_questions(problems: Iterable[str], raw: Mapping[str, Any]) -> list[str]:
    """Each problem inside a screening question names the question by its id as well."""
    asked = raw.get("screening")
    out = []
    for line in problems:
        m = _QUESTION_PATH.fullmatch(line)
        if (
            m is not None
            and isinstance(asked, list)
            and int(m[2]) < len(asked)
            and not m[3].startswith("question ")
        ):
            qid = asked[int(m[2])].get("id") if isinstance(asked[int(m[2])], Mapping) else None
            if isinstance(qid, str) and qid.strip():
                line = f"{m[1]}question {qid[:60]!r}: {m[3]}"
        out.append(line)
    return out


def parse_pack(text: str, source: str, known_points: Mapping[str, Any]) -> Pack:
    """Parse and validate one pack document; PackError lists every problem, one line each."""
    pack = read_pack_document(text, source)
    problems = cross_check(pack, known_points, source)
    if problems:
        raise PackError(problems, pack=pack.id)
    return pack
