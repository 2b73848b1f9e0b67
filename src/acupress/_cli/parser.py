"""The command-line parser, built from one table of commands.

Each ``Command`` names its options (``arguments``), the shared option groups it takes
(``parents``) and the function that runs it. ``build_parser(only)`` builds just the subparser of
the command given, which keeps start-up short.
"""

from __future__ import annotations

import argparse
import functools
import math
import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any, NamedTuple, NoReturn

from .._i18n import mark, tr
from . import commands
from .output import Output, Usage, terminal_columns

__all__ = ["COMMANDS", "Command", "build_parser"]


class _Formatter(argparse.HelpFormatter):
    """argparse's help, its one word of its own ("usage:") in the current language."""

    def __init__(
        self,
        prog: str,
        indent_increment: int = 2,
        max_help_position: int = 24,
        width: int | None = None,
    ) -> None:
        # The width argparse takes from shutil.get_terminal_size(), found without shutil.
        if width is None:
            width = terminal_columns(80) - 2
        super().__init__(prog, indent_increment, max_help_position, width)

    def add_usage(
        self,
        usage: str | None,
        actions: Iterable[argparse.Action],
        groups: Iterable[argparse._MutuallyExclusiveGroup],
        prefix: str | None = None,
    ) -> None:
        super().add_usage(usage, actions, groups, tr("usage: ") if prefix is None else prefix)


class _Parser(argparse.ArgumentParser):
    """argparse, speaking acupress's language: its titles, -h and its errors through ``tr``
    (argparse's own catalog is the process's, which acupress leaves alone)."""

    def __init__(self, *args: Any, add_help: bool = True, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        kwargs["add_help"] = False  # added below, its help in the current language
        parents = kwargs.pop("parents", ())
        super().__init__(*args, **kwargs)
        self._positionals.title = tr("positional arguments")
        self._optionals.title = tr("options")
        if add_help:
            self.add_argument(
                "-h",
                "--help",
                action="help",
                default=argparse.SUPPRESS,
                help=tr("show this help message and exit"),
            )
        # As argparse does it, after -h, so that the help lists the options in the same order.
        for parent in parents:
            self._add_container_actions(parent)
            self._defaults.update(parent._defaults)

    def error(self, message: str) -> NoReturn:
        raise Usage(
            tr(
                "{problem} (see '{command} --help')",
                problem=_translated(message),
                command=self.prog,
            )
        )


# argparse's own errors, as it words them in English, and the same in acupress's catalog: compiled
# when a first error is shown, not by every command.
@functools.cache
def _argparse_errors() -> tuple[tuple[re.Pattern[str], str], ...]:
    return (
        (
            re.compile(r"the following arguments are required: (?P<names>.+)"),
            mark("the following arguments are required: {names}"),
        ),
        (
            re.compile(r"unrecognized arguments: (?P<names>.+)"),
            mark("unrecognized arguments: {names}"),
        ),
        (
            re.compile(r"invalid choice: (?P<value>.+) \(choose from (?P<choices>.+)\)"),
            mark("invalid choice: {value} (choose from {choices})"),
        ),
        (re.compile(r"expected one argument"), mark("expected one argument")),
        (re.compile(r"expected at least one argument"), mark("expected at least one argument")),
        (
            re.compile(r"invalid (?P<type>\S+) value: (?P<value>.+)"),
            mark("invalid {type} value: {value}"),
        ),
        (
            re.compile(r"not allowed with argument (?P<name>.+)"),
            mark("not allowed with argument {name}"),
        ),
    )


def _translated(message: str) -> str:
    """An argparse error in the current language (acupress's own messages are already)."""
    found = re.fullmatch(r"argument (?P<name>[^:]+): (?P<problem>.+)", message, re.DOTALL)
    if found:
        return tr(
            "argument {name}: {problem}",
            name=found["name"],
            problem=_translated(found["problem"]),
        )
    for pattern, template in _argparse_errors():
        match = pattern.fullmatch(message)
        if match:
            return tr(template, **match.groupdict())
    return message


def _number(text: str, what: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            tr("{text} is not a number of {what}", text=repr(text), what=what)
        ) from None
    if not math.isfinite(value):
        raise argparse.ArgumentTypeError(
            tr("{text} is not a finite number of {what}", text=repr(text), what=what)
        )
    return value


def minutes(text: str) -> float:
    """An argparse type: a number of minutes, more than 0 and at most ``MAX_MINUTES``."""
    from .._compose.candidates import MAX_MINUTES

    value = _number(text, tr("minutes"))
    if not 0 < value <= MAX_MINUTES:
        raise argparse.ArgumentTypeError(
            tr(
                "the time budget must be more than 0 and at most {most} minutes, got {value}",
                most=MAX_MINUTES,
                value=text,
            )
        )
    return value


def max_points(text: str) -> int:
    """An argparse type: a whole number of points from 1 to ``MAX_POINTS``."""
    from .._compose.candidates import MAX_POINTS

    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            tr("{text} is not a whole number of points", text=repr(text))
        ) from None
    if not 1 <= value <= MAX_POINTS:
        raise argparse.ArgumentTypeError(
            tr("must be from 1 to {most} points, got {value}", most=MAX_POINTS, value=text)
        )
    return value


SPEEDS = (0.1, 100.0)  # how much slower or faster the guide may run: for trying a routine out


def speed(text: str) -> float:
    """An argparse type: how many times faster the guide runs, from 0.1 to 100."""
    value = _number(text, tr("times faster"))
    low, high = SPEEDS
    if not low <= value <= high:
        raise argparse.ArgumentTypeError(
            tr(
                "the speed must be from {low} to {high}, got {value}",
                low=format(low, "g"),
                high=format(high, "g"),
                value=text,
            )
        )
    return value


class _VersionAction(argparse.Action):
    """``--version``: the literal version, with nothing imported to find it."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: Any) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, **kwargs)

    def __call__(self, parser: argparse.ArgumentParser, *_args: Any, **_kwargs: Any) -> None:
        from ..__about__ import __version__

        print(f"acupress {__version__}")
        parser.exit()


Adder = Callable[[argparse.ArgumentParser], None]


class Command(NamedTuple):
    """One command of the table: its name, help, option groups, options and function."""

    name: str
    help: str
    run: Callable[[argparse.Namespace, Output], int]
    parents: tuple[str, ...] = ("format",)
    arguments: Adder | None = None
    defaults: tuple[tuple[str, str], ...] = ()


def _format(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--format",
        choices=("auto", "text", "json"),
        default="auto",
        help=tr("output format (default: text on a terminal, JSON otherwise)"),
    )


def _compose_format(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--format",
        choices=("auto", "text", "json", "markdown", "html", "svg"),
        default="auto",
        help=tr("output format"),
    )


def _profile(p: argparse.ArgumentParser) -> None:
    group = p.add_argument_group(tr("the person's profile"))
    group.add_argument("--profile", metavar="FILE", help=tr("a profile in TOML or JSON"))
    group.add_argument("--pregnant", action="store_true", help=tr("pregnant"))
    group.add_argument("--pregnancy-weeks", type=int, metavar="N", help=tr("weeks of pregnancy"))
    group.add_argument(
        "--possibly-pregnant",
        action="store_true",
        help=tr("could be pregnant (late period, no test)"),
    )
    group.add_argument(
        "--postpartum", action="store_true", help=tr("gave birth in the last 6 weeks")
    )
    group.add_argument(
        "--has",
        action="append",
        metavar="ID",
        help=tr(
            "a condition, repeatable: dvt, anticoagulants, varicose-veins, "
            "osteoporosis, neuropathy, hip-replacement, pacemaker, ..."
        ),
    )
    group.add_argument("--age", type=int, metavar="N", help=tr("age in years"))
    group.add_argument(
        "--broken-skin",
        action="append",
        metavar="REGION",
        help=tr("broken, infected, bruised, burnt or rashy skin at a region"),
    )
    group.add_argument("--recent-surgery", action="append", metavar="REGION")
    group.add_argument("--recent-fracture", action="append", metavar="REGION")
    group.add_argument(
        "--cancer-at",
        action="append",
        metavar="REGION",
        help=tr("cancer or radiotherapy at a region"),
    )
    group.add_argument(
        "--ate-recently", action="store_true", help=tr("a large meal within the last hour")
    )
    group.add_argument(
        "--lymphoedema",
        action="append",
        choices=("left-arm", "right-arm", "left-leg", "right-leg"),
        metavar="LIMB",
        help=tr(
            "a limb with lymphoedema or at risk of it (left-arm, right-arm, left-leg, right-leg)"
        ),
    )


def _choices(p: argparse.ArgumentParser) -> None:
    group = p.add_argument_group(tr("what the person can do"))
    group.add_argument("--partner", action="store_true", help=tr("a partner can help"))
    group.add_argument(
        "--tool", action="append", metavar="T", help=tr("a tool at hand: tennis-ball")
    )
    group.add_argument(
        "--position",
        action="append",
        choices=("sitting", "lying", "standing"),
        help=tr("an allowed position (repeatable; default: all)"),
    )
    group.add_argument("--max-points", type=max_points, metavar="N", help=tr("at most N points"))
    group.add_argument(
        "--sides",
        choices=("both", "left", "right"),
        default="both",
        help=tr("both sides (default) or one"),
    )


_GROUPS: dict[str, Adder] = {
    "format": _format,
    "compose-format": _compose_format,
    "profile": _profile,
    "choices": _choices,
}


def _points_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--meridian", help=tr("a meridian code, abbreviation or name (LU, UB, Bladder)"))
    p.add_argument("--region", help=tr("a body region (head, hand, lower-back, ...)"))


def _show_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("text", help=tr("BL23, UB-23, Bladder 23, Shenshu, 腎俞, Hoku, ..."))
    p.add_argument("--notation", help=tr("read TEXT in this notation only (e.g. legacy-bladder)"))


def _resolve_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("text")
    p.add_argument("--notation", help=tr("read TEXT in this notation only (e.g. legacy-bladder)"))


def _check_args(p: argparse.ArgumentParser) -> None:
    _clinician(p)
    p.add_argument("routine", nargs="?", metavar="ROUTINE_FILE", help=tr("a routine (.toml/.json)"))
    p.add_argument("--points", metavar="CODES", help=tr("comma-separated points, any notation"))


def _clinician(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--clinician-approved",
        action="store_true",
        help=tr("a clinician has allowed a routine below the age the guidance covers"),
    )


def _compose_args(p: argparse.ArgumentParser) -> None:
    _clinician(p)
    p.add_argument("conditions", nargs="+", metavar="CONDITION", help=tr("e.g. low-back-pain"))
    p.add_argument("--minutes", type=minutes, required=True, help=tr("the time budget"))
    p.add_argument("--save", metavar="FILE", help=tr("also save the routine (.toml or .json)"))


def _guide_args(p: argparse.ArgumentParser) -> None:
    _clinician(p)
    p.add_argument("routine", nargs="?", metavar="ROUTINE_FILE")
    p.add_argument(
        "--routine",
        dest="template",
        metavar="ID",
        help=tr("a pack's ready-made routine (see 'acupress routines'), checked for the profile"),
    )
    p.add_argument(
        "--compose",
        dest="conditions",
        action="append",
        metavar="CONDITION",
        help=tr("compose a routine for this condition first"),
    )
    p.add_argument("--minutes", type=minutes, help=tr("the time budget when composing"))
    p.add_argument(
        "--speed",
        type=speed,
        default=1.0,
        help=tr(
            "run N times faster ({low} to {high}; for trying)",
            low=format(SPEEDS[0], "g"),
            high=format(SPEEDS[1], "g"),
        ),
    )


def _screen_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("conditions", nargs="+", metavar="CONDITION", help=tr("e.g. low-back-pain"))
    p.add_argument(
        "--questions", action="store_true", help=tr("list the questions in asking order and stop")
    )
    p.add_argument("--answer", action="append", metavar="ID=yes|no", help=tr("answer one question"))
    p.add_argument(
        "--answer-only",
        action="store_true",
        help=tr("do not ask: questions not answered with --answer stay unanswered"),
    )
    p.add_argument(
        "--save-profile",
        metavar="FILE",
        help=tr(
            "save the profile given, with what the flagged answers say about the person "
            "added, for --profile (.toml or .json)"
        ),
    )


def _map_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("points", nargs="+", metavar="POINT", help=tr("points, named any way"))
    p.add_argument("--view", help=tr("one view only (front, back, side, head, hand-back, ...)"))
    p.add_argument("--numbered", action="store_true", help=tr("number the points instead of codes"))
    p.add_argument(
        "--close-up",
        action="store_true",
        help=tr("a close-up of each point: its landmark and a line marked in cun (finger widths)"),
    )


def _card_args(p: argparse.ArgumentParser) -> None:
    _clinician(p)
    p.add_argument("routine", metavar="ROUTINE_FILE")


def _mcp_args(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--list-tools", action="store_true", help=tr("list the tools and exit (checks the install)")
    )


def _validate_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("path", help=tr("a pack.toml, or a folder holding one (packs/sleep)"))
    p.add_argument("--strict", action="store_true", help=tr("fail (exit status 1) on warnings too"))


def _new_pack_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("name", metavar="NAME", help=tr("the pack's id, such as neck-pain"))
    p.add_argument("--dir", default=".", help=tr("the folder to create NAME in (default: here)"))
    p.add_argument("--author", help=tr("the pack's author (default: 'The NAME pack authors')"))


def _rules_args(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--pack", metavar="ID", help=tr("only the rules of this pack ('core': the core's)")
    )
    p.add_argument("--point", metavar="CODE", help=tr("only the rules that may cover this point"))


def _routines_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("condition", nargs="?", metavar="CONDITION", help=tr("only routines for this"))


def _schema_args(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "name",
        nargs="?",
        metavar="NAME",
        help=tr("pack, profile, routine, composition, check or screening (none: list them)"),
    )


_TABLE = (
    Command("points", mark("list points"), commands.points, arguments=_points_args),
    Command("show", mark("show one point, named any way"), commands.show, arguments=_show_args),
    Command(
        "resolve", mark("every reading of a point name"), commands.resolve, arguments=_resolve_args
    ),
    Command(
        "check",
        mark("check points or a routine"),
        commands.check,
        parents=("format", "profile"),
        arguments=_check_args,
    ),
    Command(
        "compose",
        mark("the best routine for a goal and a time budget"),
        commands.compose,
        parents=("compose-format", "profile", "choices"),
        arguments=_compose_args,
    ),
    Command(
        "guide",
        mark("run a routine with a live countdown"),
        commands.guide,
        parents=("format", "profile", "choices"),
        arguments=_guide_args,
    ),
    Command(
        "screen",
        mark("red-flag questions for conditions"),
        commands.screen,
        parents=("format", "profile"),
        arguments=_screen_args,
    ),
    Command(
        "map",
        mark("an SVG body map of points (to stdout)"),
        commands.body_map,
        parents=(),
        arguments=_map_args,
        defaults=(("format", "svg"),),
    ),
    Command(
        "card",
        mark("an HTML routine card for a routine file"),
        commands.card,
        parents=("profile",),
        arguments=_card_args,
        defaults=(("format", "html"),),
    ),
    Command("packs", mark("the installed content packs"), commands.packs),
    Command("conditions", mark("the conditions packs address"), commands.conditions),
    Command(
        "validate", mark("check a pack folder or file"), commands.validate, arguments=_validate_args
    ),
    Command(
        "schema",
        mark("the JSON Schemas of packs, profiles, routines and results"),
        commands.schema,
        arguments=_schema_args,
    ),
    Command(
        "new-pack",
        mark("start a content pack: a distribution that validates and tests"),
        commands.new_pack,
        arguments=_new_pack_args,
        defaults=(("format", "text"),),
    ),
    Command(
        "rules",
        mark("the safety rules (core and packs) and the points each covers"),
        commands.rules,
        arguments=_rules_args,
    ),
    Command(
        "routines",
        mark("the packs' ready-made routines"),
        commands.routines,
        arguments=_routines_args,
    ),
    Command(
        "mcp",
        mark("serve the tools to a chat client over stdio (needs acupress[mcp])"),
        commands.mcp,
        parents=(),
        arguments=_mcp_args,
        defaults=(("format", "text"),),
    ),
)

COMMANDS: dict[str, Command] = {c.name: c for c in _TABLE}


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The command-line parser; with ``only``, just that command's subparser (faster)."""
    parser = _Parser(
        prog="acupress",
        description=tr("Look up acupressure points, resolve their names, and more."),
        epilog=tr("acupress informs; it does not diagnose or replace care by a clinician."),
    )
    parser.add_argument("--version", action=_VersionAction, help=tr("show the version and exit"))
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    groups: dict[str, _Parser] = {}
    for command in _TABLE:
        if only is not None and command.name != only:
            continue
        parents = []
        for name in command.parents:
            if name not in groups:
                groups[name] = _Parser(add_help=False)
                _GROUPS[name](groups[name])
            parents.append(groups[name])
        p = sub.add_parser(command.name, parents=parents, help=tr(command.help))
        if command.arguments is not None:
            command.arguments(p)
        if command.defaults:
            p.set_defaults(**dict(command.defaults))
    return parser
