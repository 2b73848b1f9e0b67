"""One function a command: each takes the library once and builds its output from
``acupress.render``."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from .._i18n import ntr, tr
from .._model.words import word
from ..errors import UnknownPointError
from . import memory, options
from .output import EXIT_FAILURE, EXIT_OK, Output, Usage

if TYPE_CHECKING:
    from .._compose.composer import Composition
    from .._library import Library
    from .._model.safety import SafetyReport

__all__ = [
    "body_map",
    "card",
    "check",
    "compose",
    "conditions",
    "guide",
    "mcp",
    "new_pack",
    "packs",
    "points",
    "resolve",
    "routines",
    "rules",
    "schema",
    "screen",
    "show",
    "validate",
]


def _library(out: Output) -> Library:
    """The default library; each broken pack is named on stderr, once."""
    from .._default import load

    library = load()
    for status in library.statuses:
        if status.status == "error":
            first = (status.error or "").splitlines()[0] if status.error else tr("unknown error")
            out.message(
                tr(
                    "warning: pack {pack} was not loaded: {problem}",
                    pack=repr(status.name),
                    problem=first,
                )
            )
    return library


def mcp(args: argparse.Namespace, out: Output) -> int:
    """``acupress mcp``: the MCP server for chat clients, on stdin and stdout (the mcp extra)."""
    try:
        from .._mcp.server import serve, tool_summaries
    except ImportError as exc:
        if (exc.name or "").partition(".")[0] not in ("mcp", "pydantic"):
            raise
        out.message(tr("the MCP server needs the mcp extra: pip install 'acupress[mcp]'"))
        return EXIT_FAILURE
    if args.list_tools:
        out.text("\n".join(f"{name}: {summary}" for name, summary in tool_summaries(_library(out))))
        return EXIT_OK
    library = _library(out)
    memory.for_a_long_command()  # a server: Python's own collector from here on
    serve(library)
    return EXIT_OK


def points(args: argparse.Namespace, out: Output) -> int:
    """``acupress points``: point records, filtered by meridian and region."""
    from .._model.points import Region
    from ..render import point_record

    if args.region is not None and args.region not in {r.value for r in Region}:
        valid = ", ".join(r.value for r in Region)
        raise Usage(
            tr(
                "unknown region {region}; choose from {regions}",
                region=repr(args.region),
                regions=valid,
            )
        )
    library = _library(out)
    records = [
        point_record(p, library) for p in library.find(meridian=args.meridian, region=args.region)
    ]
    if out.json:
        out.data(records)
    else:
        for r in records:
            out.text(
                f"{r['code']:<8} {r['pinyin']:<16} {r['hanzi']:<6} {r['region']:<11} {r['gloss']}"
            )
    return EXIT_OK


def show(args: argparse.Namespace, out: Output) -> int:
    """``acupress show``: one point, named any way."""
    from ..render import point_record, point_text

    library = _library(out)
    resolution = library.resolve(args.text, args.notation)
    if resolution.ambiguous:
        others = ", ".join(resolution.codes[1:])
        out.message(
            tr(
                "{text} is ambiguous: showing {code}; it could also be {others}",
                text=repr(args.text),
                code=resolution.code,
                others=others,
            )
        )
    record = point_record(library.points[resolution.code], library, spellings=True)
    if out.json:
        out.data(record)
    else:
        out.styled(point_text(dict[str, Any](record), width=out.width, library=library))
    return EXIT_OK


def resolve(args: argparse.Namespace, out: Output) -> int:
    """``acupress resolve``: every reading of a name, best first."""
    from ..render import resolution_record

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
            out.message(
                tr(
                    "{text} is ambiguous: {count} readings",
                    text=repr(args.text),
                    count=len(record["matches"]),
                )
            )
    return EXIT_OK


def packs(args: argparse.Namespace, out: Output) -> int:
    """``acupress packs``: the installed packs and how loading each went."""
    from .._default import load
    from ..render import pack_status_record

    records = [pack_status_record(s) for s in load().statuses]
    if out.json:
        out.data(records)
    elif not records:
        out.text(tr("No packs are installed."))
    else:
        for r in records:
            where = f"{r['distribution']} {r['version']}" if r["distribution"] else r["version"]
            out.text(f"{r['name']:<16} {r['status']:<6} {where}")
            for line in str(r["error"] or "").splitlines():
                out.text(f"    {line}")
    return EXIT_OK


def conditions(args: argparse.Namespace, out: Output) -> int:
    """``acupress conditions``: what the installed packs address."""
    from ..render import condition_record

    library = _library(out)
    records = [condition_record(c, library) for c in library.conditions.values()]
    if out.json:
        out.data(records)
    elif not records:
        out.text(tr("No conditions: install a content pack (see 'acupress packs')."))
    else:
        for r in records:
            name = library.condition_text(r["id"])[0]
            out.text(f"{r['id']:<24} {name:<28} ({r['pack']})")
    return EXIT_OK


def validate(args: argparse.Namespace, out: Output) -> int:
    """``acupress validate``: every problem of a pack in one pass, one line each, with its line.

    Exit status: 1 when there is an error (the loader would refuse the pack), else 0; with
    ``--strict``, warnings count as errors.
    """
    from .._packs.validate import validate_files

    problems, checked = validate_files(args.path)
    errors = [p for p in problems if p.severity == "error"]
    warnings = [p for p in problems if p.severity == "warning"]
    failed = bool(errors) or (args.strict and bool(warnings))
    if out.json:
        out.data(
            {
                "path": args.path,
                "files": checked,
                "valid": not errors,
                "problems": [str(p) for p in errors],
                "warnings": [str(p) for p in warnings],
                "records": [p.record() for p in problems],
            }
        )
    else:
        for problem in problems:
            out.text(str(problem))
        if not errors:
            also = (
                " (" + ntr("{count} warning", "{count} warnings", len(warnings)) + ")"
                if warnings
                else ""
            )
            verdict = tr("failed") if failed else tr("ok")
            out.text(f"{verdict}{also}: {', '.join(checked)}")
    return EXIT_FAILURE if failed else EXIT_OK


def new_pack(args: argparse.Namespace, out: Output) -> int:
    """``acupress new-pack NAME``: a complete pack distribution that validates, installs and
    passes its own tests; a bad name or an existing folder is one message (exit status 2)."""
    from .._scaffold import new_pack as scaffold

    try:
        root = scaffold(args.name, args.dir, author=args.author)
    except (ValueError, OSError) as exc:
        raise Usage(f"new-pack: {exc}") from None
    files = sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())
    if out.json:
        out.data({"path": str(root), "files": files})
    else:
        out.text(tr("created {folder}:", folder=root))
        for name in files:
            out.text(f"  {name}")
        out.text(
            tr(
                "next: cd {folder} && pip install -e '.[test]' && acupress validate . && pytest",
                folder=root,
            )
        )
    return EXIT_OK


def rules(args: argparse.Namespace, out: Output) -> int:
    """``acupress rules``: the core and pack safety rules, and the points each covers."""
    from ..render import wrap
    from .authoring import covers_text, rule_records

    library = _library(out)
    records = rule_records(library, args.pack, args.point)
    if out.json:
        out.data(records)
        return EXIT_OK
    if not records:
        out.text(tr("No rule covers this.") if args.point else tr("No rules."))
    for r in records:
        cap = (
            tr(", {pressure} at most", pressure=word(r["pressure_cap"]))
            if r["pressure_cap"]
            else ""
        )
        tightens = tr(", tightens {rule}", rule=r["tightens"]) if r["tightens"] else ""
        out.text(f"{r['id']}  ({r['pack']}: {word(r['severity'])}{cap}{tightens})")
        out.text(wrap(tr("covers: {points}", points=covers_text(r)), "    ", width=out.width))
        message = library.safety.text(f"rules.{r['id']}.message", r["message"])[0]
        out.text(wrap(message, "    ", width=out.width))
    return EXIT_OK


def routines(args: argparse.Namespace, out: Output) -> int:
    """``acupress routines``: the packs' ready-made routines (for a condition, named any way)."""
    from .authoring import routine_record

    library = _library(out)
    condition = library.condition(args.condition).id if args.condition else None
    records = [routine_record(p, t) for p, t in library.routines(condition)]
    if out.json:
        out.data(records)
    elif not records:
        out.text(
            tr("No ready-made routine for {condition}.", condition=condition)
            if condition
            else tr("No ready-made routine.")
        )
    else:
        for (pack, template), r in zip(library.routines(condition), records, strict=True):
            minutes = tr("{minutes} min", minutes=format(r["seconds"] / 60, ".1f"))
            name = pack.text(f"routines.{template.id}.name", template.name)[0]
            out.text(f"{r['id']:<24} {minutes:>8}  {name} ({r['pack']})")
        out.text(tr("Play one, checked for you: acupress guide --routine ID [profile options]"))
    return EXIT_OK


def body_map(args: argparse.Namespace, out: Output) -> int:
    """``acupress map``: an SVG body map of points."""
    from ..render import render_map, views, views_for

    library = _library(out)
    codes = []
    for text in args.points:
        resolution = library.resolve(text)
        if resolution.ambiguous:
            out.message(
                tr(
                    "{text} is ambiguous: drawing {code} (it could also be {others})",
                    text=repr(text),
                    code=resolution.code,
                    others=", ".join(resolution.codes[1:]),
                )
            )
        codes.append(resolution.code)
    if args.view is not None and args.view not in views():
        raise Usage(
            tr(
                "unknown view {view}; choose from {views}",
                view=repr(args.view),
                views=", ".join(views()),
            )
        )
    # A picture that silently leaves a point out would send a person looking in the wrong place.
    unplaced = [c for c in dict.fromkeys(codes) if not views_for(c)]
    if unplaced:
        raise Usage(tr("no map shows {points}", points=", ".join(unplaced)))
    if args.view is not None:
        elsewhere = [c for c in dict.fromkeys(codes) if args.view not in views_for(c)]
        if elsewhere:
            where = "; ".join(
                tr("{point} is on {views}", point=c, views=", ".join(views_for(c)))
                for c in elsewhere
            )
            raise Usage(tr("not on the {view} view: {where}", view=args.view, where=where))
    if args.close_up:
        from ..render import render_close_up

        if len(set(codes)) > 1:
            raise Usage(tr("--close-up draws one point at a time"))
        out.text(render_close_up(codes[0], view=args.view, library=library))
        return EXIT_OK
    out.text(render_map(codes, view=args.view, library=library, numbered=args.numbered))
    return EXIT_OK


def card(args: argparse.Namespace, out: Output) -> int:
    """``acupress card``: the HTML card of a routine file, checked for the person."""
    from .._check import check as check_routine
    from .._routines import load_routine
    from ..render import render_card

    library = _library(out)
    routine = load_routine(args.routine, library)
    report = check_routine(
        routine,
        options.profile(args, out, library),
        library=library,
        clinician_approved=args.clinician_approved,
    )
    out.text(render_card(report, library=library))
    return EXIT_OK


def schema(args: argparse.Namespace, out: Output) -> int:
    """``acupress schema [NAME]``: one JSON Schema (always JSON), or the list of them."""
    from .._packs.schema import schema_id
    from .._schema import SCHEMAS, schema as named_schema
    from ..errors import UnknownSchemaError

    if args.name is None:
        if out.json:
            out.data([{"name": n, "id": schema_id(n), "describes": d} for n, d in SCHEMAS.items()])
        else:
            width = max(map(len, SCHEMAS))
            out.text("\n".join(f"{n:<{width}}  {d}" for n, d in SCHEMAS.items()))
        return EXIT_OK
    try:
        document = named_schema(args.name)
    except UnknownSchemaError as exc:
        raise Usage(str(exc)) from None
    out.data(document)
    return EXIT_OK


def check(args: argparse.Namespace, out: Output) -> int:
    """``acupress check``: findings, verdict and advice for points or a routine file."""
    from .._check import check as check_routine
    from .._routines import load_routine
    from ..render import report_record, report_text

    if args.points and args.routine:
        raise Usage(tr("give --points CODES or a ROUTINE_FILE, not both"))
    library = _library(out)
    profile = options.profile(args, out, library)
    if args.points:
        codes = [c.strip() for c in args.points.split(",") if c.strip()]
        if not codes:
            raise Usage(tr("--points needs at least one point"))
        report = check_routine(codes, profile, library=library)
    elif args.routine:
        report = check_routine(
            load_routine(args.routine, library),
            profile,
            library=library,
            clinician_approved=args.clinician_approved,
        )
    else:
        raise Usage(tr("give --points CODES or a ROUTINE_FILE"))
    if out.json:
        out.data(report_record(report, library))
    else:
        out.styled(report_text(report, library))
    return EXIT_OK


def _ask(text: str, out: Output) -> str | None:
    """Ask one yes/no question on stderr; the answer, or None when no answer can come.

    None means end of input, or no stdin at all (``sys.stdin`` is None when the process started
    with descriptor 0 closed, and reading a closed stream raises). Ctrl-C is left to the caller.
    """
    while True:
        out.prompt(f"{text} " + tr("[y/n]"))
        if out.stdin is None:
            line = ""
        else:
            try:
                line = out.stdin.readline()
            except (OSError, ValueError):
                line = ""
        if not line:
            out.stderr.write("\n")
            return None
        answer = line.strip().lower()
        try:
            echoed = out.stdin.isatty()
        except (OSError, ValueError):
            echoed = False
        if not echoed:  # piped answers: show each after its question, as a terminal would
            out.say(answer)
        # English always, and the words of the current language ("j", "ja" in German).
        if answer in ("y", "yes", tr("y"), tr("yes")):
            return "yes"
        if answer in ("n", "no", tr("n"), tr("no")):
            return "no"
        out.say(tr("Please answer y or n."))


def screen(args: argparse.Namespace, out: Output) -> int:
    """``acupress screen``: the red-flag questions, asked one by one, and what the answers mean.

    Questions come most urgent first. The first answer that shows an emergency stops the
    questions; an answer that means "see a doctor today" is said at once. End of input, a closed
    stdin or Ctrl-C stop the questions too, and the answers given so far are reported. Exit
    status: 0 when every question was answered, 3 when some were not, 4 when none was, 130 when
    interrupted (the result is written first in every case).

    ``--save-profile FILE`` writes the profile given (``--profile`` and the profile options) with
    what the flagged answers say about the person added (``apply_screening``), for ``compose``,
    ``check`` and ``guide`` to read with ``--profile``; it is written in every case too, from the
    answers given.
    """
    from .._model.packs import Urgency
    from .._model.safety import Profile
    from .._screen import (
        ScreeningStatus,
        question_texts,
        question_urgency,
        questions,
        screen as screen_answers,
    )
    from ..render import implied_record, screening_record, screening_text, wrap

    save_format = _save_target(args.save_profile, "--save-profile") if args.save_profile else None
    library = _library(out)
    person = options.profile(args, out, library)
    if save_format is None and person != Profile():
        raise Usage(
            tr(
                "the profile options of screen are the profile {option} saves: give it too "
                "(the questions are the same for everyone)",
                option="--save-profile FILE",
            )
        )
    asked = questions(args.conditions, library=library)
    if args.questions:
        listed = [
            {
                "id": q.id,
                "condition": q.condition,
                "urgency": question_urgency(pack, q).value,
                "score": q.score,
                "text": question_texts(pack, q)[0],
                "implies": implied_record(q.implies) if q.implies else {},
            }
            for pack, q in asked
        ]
        if out.json:
            out.data(listed)
        else:
            for r in listed:
                out.text(wrap(f"{word(str(r['urgency'])):<9} {r['id']}: {r['text']}", ""))
        return EXIT_OK
    given = options.answers(args.answer)
    result = screen_answers(args.conditions, given, library=library)  # checks the ids given
    interrupted = False
    missing = [(pack, q) for pack, q in asked if q.id not in given]
    if missing and not args.answer_only and result.urgency is not Urgency.EMERGENCY:
        # Ask on stderr, read answers from stdin (a terminal, or piped lines of y/n).
        try:
            for n, (pack, q) in enumerate(missing, 1):
                answer = _ask(f"({n}/{len(missing)}) {question_texts(pack, q)[0]}", out)
                if answer is None:
                    out.message(tr("no more answers (end of input): the result covers those given"))
                    break
                given[q.id] = answer
                before = set(result.flags)
                result = screen_answers(args.conditions, given, library=library)
                for flag in result.flags:
                    if flag not in before and flag.urgency.rank >= Urgency.URGENT.rank:
                        out.say(wrap(tr("This answer means: {advice}", advice=flag.advice), ""))
                if result.urgency is Urgency.EMERGENCY:
                    out.say(tr("No more questions: get help now."))
                    break
        except KeyboardInterrupt:
            out.stderr.write("\n")
            out.message(tr("interrupted: the result below covers the answers given"))
            interrupted = True
        # Again, in case Ctrl-C came between taking an answer and screening it.
        result = screen_answers(args.conditions, given, library=library)
    if out.json:
        out.data(screening_record(result))
    else:
        out.styled(screening_text(result))
    if args.save_profile and save_format is not None:
        from .._routines import dump_profile
        from .._screen import apply_screening

        _save(
            args.save_profile,
            dump_profile(apply_screening(person, result), save_format),
            "--save-profile",
        )
        out.message(tr("saved the profile to {file}", file=repr(args.save_profile)))
    if interrupted:
        return 130
    codes = {
        ScreeningStatus.COMPLETE: EXIT_OK,
        ScreeningStatus.INCOMPLETE: 3,
        ScreeningStatus.NOT_SCREENED: 4,
    }
    return codes[result.status]


def _compose(args: argparse.Namespace, out: Output, library: Library) -> Composition:
    from .._compose.composer import compose as compose_routine

    return compose_routine(
        args.conditions,
        minutes=args.minutes,
        profile=options.profile(args, out, library),
        constraints=options.constraints(args),
        library=library,
        clinician_approved=args.clinician_approved,
    )


def _save_target(path: str, option: str = "--save") -> str:
    """The format of the file ``option`` names, checked before any work is done."""
    import os

    folder = os.path.dirname(os.path.abspath(path))
    if os.path.isdir(path):
        raise Usage(
            tr(
                "{option} is a folder: name a file (.toml or .json)",
                option=option + " " + repr(path),
            )
        )
    if not os.path.isdir(folder):
        raise Usage(
            f"{option} {path!r}: " + tr("the folder {folder} does not exist", folder=repr(folder))
        )
    return "json" if path.lower().endswith(".json") else "toml"


def _save(path: str, text: str, option: str = "--save") -> None:
    """Write ``text`` to the file ``option`` names; a file that cannot be written is a usage
    error naming the option and the reason."""
    try:
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
    except OSError as exc:
        raise Usage(
            f"{option} {path!r}: " + tr("cannot write: {reason}", reason=exc.strerror or exc)
        ) from None


def compose(args: argparse.Namespace, out: Output) -> int:
    """``acupress compose``: the best routine for a goal and a time budget, explained.

    Every format shows the safe routine with its cautions, the advice and the pointer to red-flag
    screening; so does the file ``--save`` writes."""
    fmt = _save_target(args.save) if args.save else None
    library = _library(out)
    comp = _compose(args, out, library)
    if args.save and fmt is not None:
        from .._routines import dump_routine

        _save(args.save, dump_routine(comp, fmt, library=library))
    if out.format == "markdown":
        from ..render import composition_markdown

        out.text(composition_markdown(comp, library))
    elif out.format == "html":
        from ..render import render_card

        out.text(render_card(comp, library=library))
    elif out.format == "svg":
        from ..render import composition_record, render_map

        record = composition_record(comp, library)  # the gate, and the advice it carries
        codes = [s["point"] for s in record["steps"]]
        out.text(
            render_map(
                codes, library=library, title=comp.routine.name, notes=record["safety"]["advice"]
            )
        )
    elif out.json:
        from ..render import composition_record

        out.data(composition_record(comp, library))
    else:
        from ..render import composition_text

        out.styled(composition_text(comp, library, width=out.width))
    return EXIT_OK


_COMPOSE_ONLY = (
    ("partner", "--partner"),
    ("tool", "--tool"),
    ("position", "--position"),
    ("max_points", "--max-points"),
    ("minutes", "--minutes"),
)


def guide(args: argparse.Namespace, out: Output) -> int:
    """``acupress guide``: a routine file, a pack's ready-made routine (``--routine ID``) or a
    composed routine, checked for the person, with a live countdown. Only the safe routine is
    played; its findings are said first (on stderr), and the cues carry the advice, each step's
    note and its cautions."""
    from .._check import check as check_routine
    from .._guide import timeline
    from .._routines import load_routine
    from .player import play

    if args.speed <= 0 or args.speed != args.speed:
        raise Usage(
            tr("--speed must be a positive number, got {value}", value=format(args.speed, "g"))
        )
    given = [args.routine is not None, bool(args.conditions), args.template is not None]
    if sum(given) > 1:
        raise Usage(tr("give one of a ROUTINE_FILE, --routine ID or --compose CONDITION"))
    if args.routine or args.template:
        unused = [flag for name, flag in _COMPOSE_ONLY if getattr(args, name) not in (None, False)]
        if args.sides != "both":
            unused.append("--sides")
        if unused:
            raise Usage(
                tr(
                    "{options} only apply with --compose: a routine file or a pack's routine is "
                    "played as written, checked for the profile",
                    options=", ".join(unused),
                )
            )
    library = _library(out)
    checked: SafetyReport | Composition
    if args.template:
        from .authoring import find_template

        _pack, template = find_template(args.template, library)
        profile = options.profile(args, out, library)
        # The same check as every other routine: the template is checked for this person.
        report = check_routine(
            template, profile, library=library, clinician_approved=args.clinician_approved
        )
        checked = report
    elif args.routine:
        profile = options.profile(args, out, library)
        report = check_routine(
            load_routine(args.routine, library),
            profile,
            library=library,
            clinician_approved=args.clinician_approved,
        )
        checked = report
    elif args.conditions and args.minutes is not None:
        checked = _compose(args, out, library)
        report = checked.safety
    else:
        raise Usage(tr("give a ROUTINE_FILE, --routine ID, or --compose CONDITION --minutes N"))
    from ..render import finding_text

    for f in report.findings:
        out.message(finding_text(f))
    if report.removed:
        out.message(
            tr(
                "left out for this profile: {points}",
                points=", ".join(dict.fromkeys(report.removed)),
            )
        )
    routine = report.routine
    if not routine.steps:
        out.message(tr("error: no step of this routine is safe for this profile; nothing to play"))
        return EXIT_FAILURE
    cues = list(timeline(checked, library))
    if out.json:
        from ..render import cue_record

        out.data([cue_record(c) for c in cues])
        return EXIT_OK
    memory.for_a_long_command()  # a countdown of any length: Python's own collector
    return play(
        cues,
        len(routine.steps),
        out.stdout,
        speed=args.speed,
        title=routine.name,
        width=out.width,
        asked=getattr(checked, "budget_seconds", None),  # the minutes asked, when composed
    )
