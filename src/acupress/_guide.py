"""Guided sessions: a checked routine as timed cues.

``timeline()`` is pure: it yields Cue objects (the general advice, find the point, its cautions,
press, breathe, release, switch sides, next point, done) with their start time and length, for
apps, voice assistants and watches. It takes only the result of ``check()`` or ``compose()``, and
plays that result's safe routine, so a routine never checked for the person cannot be guided.
The terminal player of ``acupress guide`` lives in the CLI.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator
from typing import TYPE_CHECKING

import attrs

from ._default import library_or_default
from ._gate import advice_lines, checked_report
from ._i18n import mark, tr
from ._library import Library
from ._model.routines import Method, Sides
from ._model.safety import SafetyReport, Severity
from ._model.words import step_note, word

if TYPE_CHECKING:
    from ._compose.composer import Composition

__all__ = ["Cue", "CueKind", "find_seconds", "timeline"]

FIND_SECONDS = 8  # to find a point with a short location text ...
FIND_WORDS = 10  # ... and one second more for every this many words of it (and its note) ...
FIND_MAX = 20  # ... up to this
SWITCH_SECONDS = 4
NEXT_SECONDS = 4
BREATHE_AFTER = 20  # a breathing reminder halfway through holds at least this long
_AVOID = Severity.AVOID


class CueKind(enum.Enum):
    """What a cue asks the person to do."""

    ADVICE = "advice"
    FIND = "find"
    CAUTION = "caution"
    PRESS = "press"
    BREATHE = "breathe"
    RELEASE = "release"
    SWITCH = "switch"
    NEXT = "next"
    DONE = "done"


@attrs.frozen
class Cue:
    """One instruction: when it starts (seconds from the start), how long it lasts, what to do."""

    at: float
    seconds: float
    kind: CueKind
    step: int
    text: str
    side: Sides | None = None


def find_seconds(text: str) -> int:
    """How long the cue to find a point lasts: longer for a longer description to read."""
    return min(FIND_MAX, FIND_SECONDS + len(text.split()) // FIND_WORDS)


_SIDE_NAMES = {
    Sides.LEFT: mark("left side"),
    Sides.RIGHT: mark("right side"),
    Sides.CENTER: mark("midline"),
    Sides.BOTH: mark("both sides"),
}


def _side_name(side: Sides) -> str:
    return tr(_SIDE_NAMES.get(side, _SIDE_NAMES[Sides.BOTH]))


def timeline(checked: SafetyReport | Composition, library: Library | None = None) -> Iterator[Cue]:
    """The safe routine of a checked result as timed cues, in order; the last cue is ``done``.

    ``checked`` is the result of ``acupress.check(routine, profile)`` or ``acupress.compose()``
    (TypeError for anything else, NotCheckedError for a result whose routine is not safe for its
    profile). The cues start with the general advice, and each step's cautions (the point's own
    and the findings of the check) come right after the cue to find it.
    """
    lib = library_or_default(library)
    report = checked_report(checked, lib)  # here, not on the first cue: refuse at once
    return _cues(report, lib)


def _cues(report: SafetyReport, lib: Library) -> Iterator[Cue]:
    routine = report.routine
    t = 0.0
    for text in advice_lines(report, lib):
        yield Cue(t, 0, CueKind.ADVICE, 0, text)
    for index, step in enumerate(routine.steps):
        point = lib.get(step.point)
        technique = step.technique
        # people's words: a pack's own point by its name (its code is an id), a standard one by
        # its code and name
        label = point.pinyin if ":" in point.code else f"{point.code} ({point.names.pinyin})"
        if index:
            yield Cue(t, NEXT_SECONDS, CueKind.NEXT, index, tr("Next: {point}.", point=label))
            t += NEXT_SECONDS
        said = step_note(step)
        where = f" ({said})" if said else ""
        finding = find_seconds(f"{point.location.text} {step.note or ''}")
        text = tr(
            "Find {point}{note}: {location}", point=label, note=where, location=point.location.text
        )
        yield Cue(t, finding, CueKind.FIND, index, text)
        t += finding
        cautions = [*point.cautions]
        cautions += [f.message for f in report.for_point(point.code) if f.severity is not _AVOID]
        for caution in dict.fromkeys(cautions):
            yield Cue(t, 0, CueKind.CAUTION, index, tr("Caution: {caution}", caution=caution))
        sides = [Sides.LEFT, Sides.RIGHT] if step.sides is Sides.BOTH else [step.sides]
        for n, side in enumerate(sides):
            if n:
                switch = tr("Switch to the right side.")
                yield Cue(t, SWITCH_SECONDS, CueKind.SWITCH, index, switch, side)
                t += SWITCH_SECONDS
            how = ", ".join(
                word(v.value) for v in (technique.method, technique.contact, technique.pressure)
            )
            if technique.method is Method.PRESS_RELEASE:
                assert technique.press_seconds is not None
                assert technique.rest_seconds is not None
                elapsed = 0
                while elapsed < step.seconds:
                    press = min(technique.press_seconds, step.seconds - elapsed)
                    yield Cue(
                        t,
                        press,
                        CueKind.PRESS,
                        index,
                        tr(
                            "Press {point}, {side} ({how}).",
                            point=label,
                            side=_side_name(side),
                            how=how,
                        ),
                        side,
                    )
                    t += press
                    elapsed += press
                    if elapsed >= step.seconds:
                        break
                    rest = min(technique.rest_seconds, step.seconds - elapsed)
                    yield Cue(t, rest, CueKind.RELEASE, index, tr("Release and rest."), side)
                    t += rest
                    elapsed += rest
            else:
                if technique.direction is not None:
                    text = tr(
                        "Press {point}, {side} ({how}), circling {direction}.",
                        point=label,
                        side=_side_name(side),
                        how=how,
                        direction=word(technique.direction.value),
                    )
                else:
                    text = tr(
                        "Press {point}, {side} ({how}).",
                        point=label,
                        side=_side_name(side),
                        how=how,
                    )
                if step.seconds >= BREATHE_AFTER:
                    half = step.seconds / 2
                    yield Cue(t, half, CueKind.PRESS, index, text, side)
                    breath = technique.breathing or tr("Breathe slowly and evenly.")
                    yield Cue(t + half, step.seconds - half, CueKind.BREATHE, index, breath, side)
                else:
                    yield Cue(t, step.seconds, CueKind.PRESS, index, text, side)
                t += step.seconds
            yield Cue(t, 0, CueKind.RELEASE, index, tr("Release slowly."), side)
    done = tr("Done. Sit quietly for a moment before getting up.")
    yield Cue(t, 0, CueKind.DONE, len(routine.steps), done)
