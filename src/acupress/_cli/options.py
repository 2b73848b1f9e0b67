"""Command-line options to the objects of the API: one place for Profile, Constraints, answers."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from .._i18n import tr
from .output import Output, Usage

if TYPE_CHECKING:
    from .._compose.candidates import Constraints
    from .._library import Library
    from .._model.points import Region
    from .._model.safety import Profile

__all__ = ["answers", "constraints", "profile"]


def _regions(values: list[str] | None, option: str) -> tuple[Region, ...]:
    from .._model.coerce import suggest
    from .._model.points import Region

    regions = {r.value: r for r in Region}
    found = []
    for value in values or ():
        if value not in regions:
            hint = suggest(value, regions) or ";"
            raise Usage(
                f"{option}: "
                + tr("unknown region {region}", region=repr(value))
                + hint
                + tr(" choose from {regions}", regions=", ".join(regions))
            )
        found.append(regions[value])
    return tuple(found)


def profile(args: argparse.Namespace, out: Output, library: Library) -> Profile:
    """The profile from --profile FILE plus the profile options (which add to the file).

    A condition no rule of the library knows is a usage error: a typo would check nothing.
    """
    import attrs

    from .._check import unknown_condition
    from .._model.safety import Profile

    if args.profile:
        from .._routines import load_profile

        base = load_profile(args.profile, library)
    else:
        base = Profile()
    for cond in args.has or ():
        problem = unknown_condition(cond, library)
        if problem is not None:
            raise Usage(f"--has: {problem}")
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
            broken_skin=(*base.broken_skin, *_regions(args.broken_skin, "--broken-skin")),
            recent_surgery=(
                *base.recent_surgery,
                *_regions(args.recent_surgery, "--recent-surgery"),
            ),
            recent_fracture=(
                *base.recent_fracture,
                *_regions(args.recent_fracture, "--recent-fracture"),
            ),
            cancer_sites=(*base.cancer_sites, *_regions(args.cancer_at, "--cancer-at")),
            ate_recently=base.ate_recently or args.ate_recently,
            lymphoedema=tuple(dict.fromkeys((*base.lymphoedema, *(args.lymphoedema or ())))),
            possibly_pregnant=base.possibly_pregnant or args.possibly_pregnant,
        )
    except (TypeError, ValueError) as exc:
        raise Usage(_option_named(str(exc))) from None


def constraints(args: argparse.Namespace) -> Constraints:
    """What the person can do, from the compose and guide options."""
    from .._compose.candidates import Constraints
    from .._model.packs import Position
    from .._model.routines import Sides

    positions = tuple(dict.fromkeys(args.position or ())) or tuple(p.value for p in Position)
    try:
        return Constraints(
            partner=args.partner,
            tools=tuple(dict.fromkeys(args.tool or ())),
            positions=tuple(Position(p) for p in positions),
            max_points=args.max_points,
            sides=Sides(args.sides),
        )
    except (TypeError, ValueError) as exc:
        raise Usage(_option_named(str(exc))) from None


def _option_named(message: str) -> str:
    """A model message with the field written as its option (``tools:`` -> ``--tool:``)."""
    field, sep, rest = message.partition(": ")
    options = {
        "age": "--age",
        "pregnancy_weeks": "--pregnancy-weeks",
        "tools": "--tool",
        "positions": "--position",
        "max_points": "--max-points",
    }
    return f"{options[field]}: {rest}" if sep and field in options else message


def answers(values: list[str] | None) -> dict[str, str]:
    """``--answer ID=yes`` options as ``{"ID": "yes"}``."""
    found: dict[str, str] = {}
    for item in values or ():
        qid, sep, answer = item.partition("=")
        if not sep or answer.strip().lower() not in ("yes", "no", "y", "n"):
            raise Usage(f"--answer {item!r}: " + tr("write ID=yes or ID=no"))
        found[qid.strip()] = answer.strip().lower()
    return found
