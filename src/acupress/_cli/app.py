"""The ``acupress`` command: a thin shell over the public API.

Every command takes ``--format``: ``json`` writes JSON to stdout, ``text`` writes prose for people,
and ``auto`` (the default) picks text on a terminal and JSON otherwise. Messages go to stderr. Bad
input gets one line and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
import textwrap
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, NoReturn, TextIO

from .errors import AcupressError, UnknownPointError

if TYPE_CHECKING:
    from ._compose import Composition, Constraints
    from ._library import Library
    from ._safety import Finding, Profile

__all__ = ["main"]

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_USAGE = 2


class _Usage(Exception):
    """A command-line mistake: reported in one line with exit status 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise _Usage(f"{message} (see '{self.prog} --help')")


class _Output:
    """Where a command writes: JSON or text on stdout, messages on stderr."""

    def __init__(self, fmt: str, stdout: TextIO, stderr: TextIO, stdin: TextIO) -> None:
        if fmt == "auto":
            fmt = "text" if stdout.isatty() else "json"
        self.format = fmt
        self.stdout = stdout
        self.stderr = stderr
        self.stdin = stdin

    @property
    def json(self) -> bool:
        return self.format == "json"

    def data(self, value: Any) -> None:
        json.dump(value, self.stdout, ensure_ascii=False, indent=2)
        self.stdout.write("\n")

    def text(self, value: str) -> None:
        self.stdout.write(value.rstrip("\n") + "\n")

    def message(self, value: str) -> None:
        self.stderr.write(f"acupress: {value}\n")


Command = Callable[[argparse.Namespace, _Output], int]


def _wrap(text: str, indent: str = "  ") -> str:
    return textwrap.fill(text, width=88, initial_indent=indent, subsequent_indent=indent)


def _point_text(record: dict[str, Any]) -> str:
    head = f"{record['code']}  {record['pinyin']}"
    if record["tones"]:
        head += f" ({record['tones']})"
    if record["hanzi"]:
        head += f"  {record['hanzi']}"
        if record["simplified"] and record["simplified"] != record["hanzi"]:
            head += f" / {record['simplified']}"
    lines = [head]
    if record["gloss"]:
        lines.append(
            f"  '{record['gloss']}'"
            + (f"; also called {', '.join(record['nicknames'])}" if record["nicknames"] else "")
        )
    sides = "both sides" if record["laterality"] == "bilateral" else "on the midline"
    lines.append(
        f"  {record['meridian_name']} · {record['region']} · {sides} · reach: {record['reach']}"
    )
    lines.append(_wrap("Where: " + record["location"]))
    lines.extend(_wrap("Caution: " + c) for c in record["cautions"])
    for key, title in (("indications", "Used for"),):
        for item in record.get(key, ()):
            lines.append(_wrap(f"{title}: {item['condition']} ({item['pack']}): {item['why']}"))
    spellings = record.get("spellings")
    if spellings:
        written = sorted({s for values in spellings.values() for s in values} - {record["code"]})
        lines.append(_wrap("Also written: " + ", ".join(written)))
    return "\n".join(lines)


# -- commands ----------------------------------------------------------------------------


def _library(out: _Output) -> Library:
    """The default library; each broken pack is named on stderr, once."""
    from ._library import load

    library = load()
    for status in library.statuses:
        if status.status == "error":
            first = (status.error or "").splitlines()[0] if status.error else "unknown error"
            out.message(f"warning: pack {status.name!r} was not loaded: {first}")
    return library


def _cmd_points(args: argparse.Namespace, out: _Output) -> int:
    from ._records import point_record

    library = _library(out)
    points = library.find(meridian=args.meridian, region=args.region)
    records = [point_record(p, library) for p in points]
    if out.json:
        out.data(records)
    else:
        for r in records:
            out.text(
                f"{r['code']:<8} {r['pinyin']:<16} {r['hanzi']:<6} {r['region']:<11} {r['gloss']}"
            )
    return EXIT_OK


def _cmd_show(args: argparse.Namespace, out: _Output) -> int:
    from ._records import point_record

    library = _library(out)
    resolution = library.resolve(args.text, args.notation)
    if resolution.ambiguous:
        others = ", ".join(resolution.codes[1:])
        out.message(
            f"{args.text!r} is ambiguous: showing {resolution.code}; it could also be {others}"
        )
    record = point_record(library.points[resolution.code], library, spellings=True)
    if out.json:
        out.data(record)
    else:
        out.text(_point_text(record))
    return EXIT_OK


def _cmd_resolve(args: argparse.Namespace, out: _Output) -> int:
    from ._records import resolution_record

    library = _library(out)
    try:
        resolution = library.resolve(args.text, args.notation)
    except UnknownPointError as exc:
        if out.json:
            out.data(
                {
                    "query": args.text,
                    "matches": [],
                    "ambiguous": False,
                    "suggestions": list(exc.suggestions),
                }
            )
        out.message(str(exc))
        return EXIT_FAILURE
    record = resolution_record(resolution)
    if out.json:
        out.data(record)
    else:
        for m in record["matches"]:
            out.text(f"{m['code']:<8} {m['notation']:<15} {m['why']}")
        if record["ambiguous"]:
            out.message(f"{args.text!r} is ambiguous: {len(record['matches'])} readings")
    return EXIT_OK


def _cmd_packs(args: argparse.Namespace, out: _Output) -> int:
    from ._library import load

    records = [
        {
            "name": s.name,
            "version": s.version,
            "distribution": s.distribution,
            "status": s.status,
            "error": s.error,
        }
        for s in load().statuses
    ]
    if out.json:
        out.data(records)
    elif not records:
        out.text("No packs are installed.")
    else:
        for r in records:
            where = f"{r['distribution']} {r['version']}" if r["distribution"] else r["version"]
            out.text(f"{r['name']:<16} {r['status']:<6} {where}")
            if r["error"]:
                for line in str(r["error"]).splitlines():
                    out.text(f"    {line}")
    return EXIT_OK


def _cmd_conditions(args: argparse.Namespace, out: _Output) -> int:
    library = _library(out)
    records = [
        {"id": cid, "name": c.name, "pack": library.condition_pack(cid)}
        for cid, c in library.conditions.items()
    ]
    if out.json:
        out.data(records)
    elif not records:
        out.text("No conditions: install a content pack (see 'acupress packs').")
    else:
        for r in records:
            out.text(f"{r['id']:<24} {r['name']:<28} ({r['pack']})")
    return EXIT_OK


def _cmd_validate(args: argparse.Namespace, out: _Output) -> int:
    from ._validate import validate_path

    problems, checked = validate_path(args.path)
    if out.json:
        out.data({"path": args.path, "files": checked, "valid": not problems, "problems": problems})
    else:
        for line in problems:
            out.text(line)
        if not problems:
            out.text(f"ok: {', '.join(checked)}")
    return EXIT_FAILURE if problems else EXIT_OK


def _cmd_map(args: argparse.Namespace, out: _Output) -> int:
    from ._maps import render_map, views

    library = _library(out)
    codes = []
    for text in args.points:
        resolution = library.resolve(text)
        if resolution.ambiguous:
            out.message(
                f"{text!r} is ambiguous: drawing {resolution.code} "
                f"(it could also be {', '.join(resolution.codes[1:])})"
            )
        codes.append(resolution.code)
    if args.view is not None and args.view not in views():
        raise _Usage(f"unknown view {args.view!r}; choose from {', '.join(views())}")
    out.text(render_map(codes, view=args.view, library=library, numbered=args.numbered))
    return EXIT_OK


def _cmd_card(args: argparse.Namespace, out: _Output) -> int:
    from ._html import render_card
    from ._routines import load_routine
    from ._safety import check

    library = _library(out)
    routine = load_routine(args.routine, library)
    report = check(routine, _profile(args, out), library=library)
    out.text(render_card(routine=report.routine, safety=report, library=library))
    return EXIT_OK


def _cmd_schema(args: argparse.Namespace, out: _Output) -> int:
    from ._schema import pack_schema

    out.data(pack_schema())
    return EXIT_OK


def _profile(args: argparse.Namespace, out: _Output) -> Profile:
    """The profile from --profile FILE plus the profile options (which add to the file)."""
    import attrs

    from ._model import Region
    from ._routines import load_profile
    from ._safety import KNOWN_CONDITIONS, Profile

    base = load_profile(args.profile) if args.profile else Profile()
    regions = {r.value: r for r in Region}

    def parse_regions(values: list[str] | None, option: str) -> tuple[Region, ...]:
        found = []
        for value in values or ():
            if value not in regions:
                raise _Usage(
                    f"{option}: unknown region {value!r}; choose from {', '.join(regions)}"
                )
            found.append(regions[value])
        return tuple(found)

    for cond in args.has or ():
        if cond not in KNOWN_CONDITIONS:
            known_by_packs = _library(out).safety.conditions()
            if cond not in known_by_packs:
                known = ", ".join(sorted(set(KNOWN_CONDITIONS) | known_by_packs))
                out.message(f"note: no safety rule mentions {cond!r}; known: {known}")
    try:
        return attrs.evolve(
            base,
            pregnant=base.pregnant or args.pregnant or args.pregnancy_weeks is not None,
            pregnancy_weeks=args.pregnancy_weeks
            if args.pregnancy_weeks is not None
            else base.pregnancy_weeks,
            postpartum=base.postpartum or args.postpartum,
            age=args.age if args.age is not None else base.age,
            has=tuple(dict.fromkeys((*base.has, *(args.has or ())))),
            broken_skin=(*base.broken_skin, *parse_regions(args.broken_skin, "--broken-skin")),
            recent_surgery=(
                *base.recent_surgery,
                *parse_regions(args.recent_surgery, "--recent-surgery"),
            ),
            recent_fracture=(
                *base.recent_fracture,
                *parse_regions(args.recent_fracture, "--recent-fracture"),
            ),
            cancer_sites=(*base.cancer_sites, *parse_regions(args.cancer_at, "--cancer-at")),
            ate_recently=base.ate_recently or args.ate_recently,
        )
    except ValueError as exc:
        raise _Usage(str(exc)) from None


def _finding_record(f: Finding) -> dict[str, Any]:
    record: dict[str, Any] = {
        "point": f.point,
        "severity": f.severity.value,
        "rule": f.rule,
        "message": f.message,
        "sources": list(f.sources),
        "basis": f.basis.value,
    }
    if f.pressure_cap is not None:
        record["pressure_cap"] = f.pressure_cap.value
    return record


def _cmd_check(args: argparse.Namespace, out: _Output) -> int:
    from ._routines import load_routine
    from ._safety import check

    library = _library(out)
    profile = _profile(args, out)
    if args.points:
        codes = [c.strip() for c in args.points.split(",") if c.strip()]
        if not codes:
            raise _Usage("--points needs at least one point")
        report = check(codes, profile, library=library)
    elif args.routine:
        report = check(load_routine(args.routine, library), profile, library=library)
    else:
        raise _Usage("give --points CODES or a ROUTINE_FILE")
    record = {
        "verdict": report.verdict.value,
        "findings": [_finding_record(f) for f in report.findings],
        "removed": list(report.removed),
        "advice": list(report.advice),
    }
    if out.json:
        out.data(record)
    else:
        details = []
        for f in report.findings:
            cap = f" (pressure: {f.pressure_cap.value} at most)" if f.pressure_cap else ""
            details.append(f"{f.point}: {f.severity.value}{cap}: {f.message} [{f.rule}]")
        _summary(out, f"Verdict: {record['verdict']}", details, report.advice)
    return EXIT_OK


def _parse_answers(values: list[str] | None) -> dict[str, str]:
    answers: dict[str, str] = {}
    for item in values or ():
        qid, sep, answer = item.partition("=")
        if not sep or answer.strip().lower() not in ("yes", "no", "y", "n"):
            raise _Usage(f"--answer {item!r}: write ID=yes or ID=no")
        answers[qid.strip()] = answer.strip().lower()
    return answers


def _cmd_screen(args: argparse.Namespace, out: _Output) -> int:
    from ._screen import questions, screen

    library = _library(out)
    asked = questions(args.condition, library=library)
    if args.questions:
        records = [{"id": q.id, "text": q.text} for _, q in asked]
        if out.json:
            out.data(records)
        else:
            for r in records:
                out.text(_wrap(f"{r['id']}: {r['text']}", ""))
        return EXIT_OK
    answers = _parse_answers(args.answer)
    missing = [q for _, q in asked if q.id not in answers]
    if missing and not args.answer_only:
        # Ask on stderr, read answers from stdin (a terminal, or piped lines of y/n).
        for q in missing:
            answers[q.id] = _ask(q.text, out)
    result = screen(args.condition, answers, library=library)
    record = {
        "condition": result.condition,
        "urgency": result.urgency.value,
        "flags": [
            {
                "id": f.question,
                "text": f.text,
                "urgency": f.urgency.value,
                "advice": f.advice,
                "sources": list(f.sources),
            }
            for f in result.flags
        ],
        "advice": list(result.advice),
        "unanswered": list(result.unanswered),
    }
    if out.json:
        out.data(record)
    else:
        _summary(out, f"Urgency: {record['urgency']}", [], result.advice)
    return EXIT_OK


def _constraints(args: argparse.Namespace) -> Constraints:
    from ._compose import Constraints
    from ._model import Sides
    from ._pack import Position

    positions = tuple(dict.fromkeys(args.position or ())) or tuple(Position)
    try:
        return Constraints(
            partner=args.partner,
            tools=tuple(dict.fromkeys(args.tool or ())),
            positions=tuple(Position(p) for p in positions),
            max_points=args.max_points,
            sides=Sides(args.sides),
        )
    except ValueError as exc:
        raise _Usage(str(exc)) from None


def _compose(args: argparse.Namespace, out: _Output, library: Library) -> Composition:
    from ._compose import compose

    return compose(
        args.conditions,
        minutes=args.minutes,
        profile=_profile(args, out),
        constraints=_constraints(args),
        library=library,
    )


def _cmd_compose(args: argparse.Namespace, out: _Output) -> int:
    from ._render import composition_markdown, composition_record, composition_text

    library = _library(out)
    comp = _compose(args, out, library)
    if args.save:
        from ._routines import dump_routine

        fmt = "json" if args.save.endswith(".json") else "toml"
        with open(args.save, "w", encoding="utf-8") as f:
            f.write(dump_routine(comp.routine, fmt))
    if out.format == "markdown":
        out.text(composition_markdown(comp, library))
    elif out.format == "html":
        from ._html import render_card

        out.text(render_card(comp, library=library))
    elif out.format == "svg":
        from ._maps import render_map

        out.text(
            render_map(
                [s.point for s in comp.routine.steps], library=library, title=comp.routine.name
            )
        )
    elif out.json:
        out.data(composition_record(comp))
    else:
        out.text(composition_text(comp, library))
    return EXIT_OK


def _cmd_guide(args: argparse.Namespace, out: _Output) -> int:
    from ._guide import play, timeline
    from ._routines import load_routine

    library = _library(out)
    if args.routine:
        routine = load_routine(args.routine, library)
    elif args.conditions and args.minutes is not None:
        routine = _compose(args, out, library).routine
    else:
        raise _Usage("give a ROUTINE_FILE, or --compose CONDITION --minutes N")
    if args.speed <= 0:
        raise _Usage(f"--speed must be positive, got {args.speed:g}")
    if out.json:
        from ._convert import unstructure

        out.data([unstructure(c) for c in timeline(routine, library)])
        return EXIT_OK
    return play(routine, out.stdout, library=library, speed=args.speed)


def _summary(out: _Output, head: str, details: Sequence[str], advice: Sequence[str]) -> None:
    """A verdict line, indented details, then advice as a list: the text form of check/screen."""
    out.text(head)
    for line in details:
        out.text(_wrap(line))
    for line in advice:
        out.text(_wrap("- " + line, ""))


def _ask(text: str, out: _Output) -> str:
    while True:
        out.stderr.write(f"{text} [y/n] ")
        out.stderr.flush()
        line = out.stdin.readline()
        if not line:
            raise _Usage("no answer (end of input): pass --answer ID=yes|no instead")
        answer = line.strip().lower()
        if answer in ("y", "yes"):
            return "yes"
        if answer in ("n", "no"):
            return "no"
        out.stderr.write("Please answer y or n.\n")


# -- the parser --------------------------------------------------------------------------


def _minutes(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of minutes") from None
    if not value > 0 or value != value or value == float("inf"):
        raise argparse.ArgumentTypeError(f"the time budget must be more than 0 minutes, got {text}")
    return value


class _VersionAction(argparse.Action):
    """``--version``, looked up only when asked for (reading metadata is not free)."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: Any) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, **kwargs)

    def __call__(self, parser: argparse.ArgumentParser, *_args: Any, **_kwargs: Any) -> None:
        from ._version import acupress_version

        print(f"acupress {acupress_version()}")
        parser.exit()


def _parser(only: str | None = None) -> _Parser:
    """The command-line parser; with ``only``, just that command's subparser (faster)."""

    def want(name: str) -> bool:
        return only is None or only == name

    common = _Parser(add_help=False)
    common.add_argument(
        "--format",
        choices=("auto", "text", "json"),
        default="auto",
        help="output format (default: text on a terminal, JSON otherwise)",
    )
    parser = _Parser(
        prog="acupress",
        description="Look up acupressure points, resolve their names, and more.",
        epilog="acupress informs; it does not diagnose or replace care by a clinician.",
    )
    parser.add_argument("--version", action=_VersionAction, help="show the version and exit")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    if want("points"):
        p = sub.add_parser("points", parents=[common], help="list points")
        p.add_argument("--meridian", help="a meridian code, abbreviation or name (LU, UB, Bladder)")
        p.add_argument("--region", help="a body region (head, hand, lower-back, ...)")
        p.set_defaults(func=_cmd_points)

    if want("show"):
        p = sub.add_parser("show", parents=[common], help="show one point, named any way")
        p.add_argument("text", help="BL23, UB-23, Bladder 23, Shenshu, 腎俞, Hoku, ...")
        p.add_argument("--notation", help="read TEXT in this notation only (e.g. legacy-bladder)")
        p.set_defaults(func=_cmd_show)

    if want("resolve"):
        p = sub.add_parser("resolve", parents=[common], help="every reading of a point name")
        p.add_argument("text")
        p.add_argument("--notation", help="read TEXT in this notation only (e.g. legacy-bladder)")
        p.set_defaults(func=_cmd_resolve)

    profile = _Parser(add_help=False)
    group = profile.add_argument_group("the person's profile")
    group.add_argument("--profile", metavar="FILE", help="a profile in TOML or JSON")
    group.add_argument("--pregnant", action="store_true", help="pregnant")
    group.add_argument("--pregnancy-weeks", type=int, metavar="N", help="weeks of pregnancy")
    group.add_argument("--postpartum", action="store_true", help="gave birth in the last 6 weeks")
    group.add_argument(
        "--has",
        action="append",
        metavar="ID",
        help="a condition, repeatable: dvt, anticoagulants, varicose-veins, "
        "osteoporosis, neuropathy, hip-replacement, pacemaker, ...",
    )
    group.add_argument("--age", type=int, metavar="N", help="age in years")
    group.add_argument(
        "--broken-skin",
        action="append",
        metavar="REGION",
        help="broken, infected, bruised, burnt or rashy skin at a region",
    )
    group.add_argument("--recent-surgery", action="append", metavar="REGION")
    group.add_argument("--recent-fracture", action="append", metavar="REGION")
    group.add_argument(
        "--cancer-at", action="append", metavar="REGION", help="cancer or radiotherapy at a region"
    )
    group.add_argument(
        "--ate-recently", action="store_true", help="a large meal within the last hour"
    )

    if want("check"):
        p = sub.add_parser("check", parents=[common, profile], help="check points or a routine")
        p.add_argument("routine", nargs="?", metavar="ROUTINE_FILE", help="a routine (.toml/.json)")
        p.add_argument("--points", metavar="CODES", help="comma-separated points, any notation")
        p.set_defaults(func=_cmd_check)

    choices = _Parser(add_help=False)
    group = choices.add_argument_group("what the person can do")
    group.add_argument("--partner", action="store_true", help="a partner can help")
    group.add_argument("--tool", action="append", metavar="T", help="a tool at hand: tennis-ball")
    group.add_argument(
        "--position",
        action="append",
        choices=("sitting", "lying", "standing"),
        help="an allowed position (repeatable; default: all)",
    )
    group.add_argument("--max-points", type=int, metavar="N", help="at most N points")
    group.add_argument(
        "--sides",
        choices=("both", "left", "right"),
        default="both",
        help="both sides (default) or one",
    )

    compose_format = _Parser(add_help=False)
    compose_format.add_argument(
        "--format",
        choices=("auto", "text", "json", "markdown", "html", "svg"),
        default="auto",
        help="output format",
    )

    if want("compose"):
        p = sub.add_parser(
            "compose",
            parents=[compose_format, profile, choices],
            help="the best routine for a goal and a time budget",
        )
        p.add_argument("conditions", nargs="+", metavar="CONDITION", help="e.g. low-back-pain")
        p.add_argument("--minutes", type=_minutes, required=True, help="the time budget")
        p.add_argument("--save", metavar="FILE", help="also save the routine (.toml or .json)")
        p.set_defaults(func=_cmd_compose)

    if want("guide"):
        p = sub.add_parser(
            "guide", parents=[common, profile, choices], help="run a routine with a live countdown"
        )
        p.add_argument("routine", nargs="?", metavar="ROUTINE_FILE")
        p.add_argument(
            "--compose",
            dest="conditions",
            action="append",
            metavar="CONDITION",
            help="compose a routine for this condition first",
        )
        p.add_argument("--minutes", type=_minutes, help="the time budget when composing")
        p.add_argument("--speed", type=float, default=1.0, help="run N times faster (for trying)")
        p.set_defaults(func=_cmd_guide)

    if want("screen"):
        p = sub.add_parser("screen", parents=[common], help="red-flag questions for a condition")
        p.add_argument("condition")
        p.add_argument("--questions", action="store_true", help="list the questions and stop")
        p.add_argument("--answer", action="append", metavar="ID=yes|no", help="answer one question")
        p.add_argument(
            "--answer-only",
            action="store_true",
            help="do not ask: questions not answered with --answer stay unanswered",
        )
        p.set_defaults(func=_cmd_screen)

    if want("map"):
        p = sub.add_parser("map", help="an SVG body map of points (to stdout)")
        p.add_argument("points", nargs="+", metavar="POINT", help="points, named any way")
        p.add_argument("--view", help="one view only (front, back, side, head, hand-back, ...)")
        p.add_argument("--numbered", action="store_true", help="number the points instead of codes")
        p.set_defaults(func=_cmd_map, format="svg")

    if want("card"):
        p = sub.add_parser(
            "card", parents=[profile], help="an HTML routine card for a routine file"
        )
        p.add_argument("routine", metavar="ROUTINE_FILE")
        p.set_defaults(func=_cmd_card, format="html")

    if want("packs"):
        p = sub.add_parser("packs", parents=[common], help="the installed content packs")
        p.set_defaults(func=_cmd_packs)

    if want("conditions"):
        p = sub.add_parser("conditions", parents=[common], help="the conditions packs address")
        p.set_defaults(func=_cmd_conditions)

    if want("validate"):
        p = sub.add_parser("validate", parents=[common], help="check a pack folder or file")
        p.add_argument("path", help="a pack.toml, or a folder holding one (packs/sleep)")
        p.set_defaults(func=_cmd_validate)

    if want("schema"):
        p = sub.add_parser("schema", parents=[common], help="the JSON Schema of the pack format")
        p.set_defaults(func=_cmd_schema)
    return parser


_COMMANDS = frozenset(
    (
        "points",
        "show",
        "resolve",
        "check",
        "compose",
        "guide",
        "screen",
        "map",
        "card",
        "packs",
        "conditions",
        "validate",
        "schema",
    )
)


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
    parser = _parser(first if first in _COMMANDS else None)
    try:
        args = parser.parse_args(words)
        if getattr(args, "func", None) is None:
            parser.print_help(stdout)
            return EXIT_USAGE
        if args.command == "points" and args.region is not None:
            from ._model import Region

            valid = [r.value for r in Region]
            if args.region not in valid:
                raise _Usage(f"unknown region {args.region!r}; choose from {', '.join(valid)}")
        out = _Output(args.format, stdout, stderr, stdin)
        func: Command = args.func
        return func(args, out)
    except _Usage as exc:
        stderr.write(f"acupress: error: {exc}\n")
        return EXIT_USAGE
    except SystemExit as exc:  # --help and --version
        return int(exc.code or 0) if not isinstance(exc.code, str) else EXIT_USAGE
    except AcupressError as exc:
        first, *rest = str(exc).splitlines() or [type(exc).__name__]
        stderr.write(f"acupress: error: {first}\n")
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
