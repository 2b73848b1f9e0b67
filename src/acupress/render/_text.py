"""Text for a terminal: compositions, point cards, safety reports and screening results.

Renderers take public result objects and return strings; they do no I/O.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from .._default import library_or_default
from .._gate import advice_lines, alert_lines, checked_report
from .._i18n import tr
from .._model.words import step_note, word
from ._format import clock, sides_words, technique_text
from ._groups import exclusion_groups, finding_groups
from ._people import point_words, why_words

if TYPE_CHECKING:  # annotations only: `show` should not import the composer or screening
    from .._compose.composer import Composition
    from .._library import Library
    from .._model.safety import Finding, SafetyReport
    from .._screen import ScreeningResult

__all__ = [
    "composition_text",
    "finding_text",
    "point_text",
    "report_text",
    "safety_lines",
    "screening_text",
    "wrap",
]

WIDTH = 88


def wrap(text: str, indent: str = "  ", *, width: int = WIDTH) -> str:
    """``text`` filled to ``width`` columns, every line indented by ``indent``."""
    return textwrap.fill(
        text,
        width=max(width, len(indent) + 20),
        initial_indent=indent,
        subsequent_indent=indent,
        break_on_hyphens=False,
        break_long_words=False,
    )


def _hang(text: str, indent: str = "  ", *, width: int = WIDTH, lead: str = "") -> str:
    """``lead`` + ``text`` filled to ``width`` columns, the lines after the first indented by
    ``indent`` (a hanging indent)."""
    return textwrap.fill(
        text,
        width=max(width, len(indent) + 20),
        initial_indent=lead,
        subsequent_indent=indent,
        break_on_hyphens=False,
        break_long_words=False,
    )


def _field(label: str, text: str, width: int, margin: str = "   ") -> str:
    """``   Where: text``, the text's lines after the first starting under its first word."""
    lead = f"{margin}{label}: "
    return _hang(text, " " * len(lead), width=width, lead=lead)


def composition_text(comp: Composition, library: Library, *, width: int = WIDTH) -> str:
    """A routine card for the terminal, filled to ``width`` columns: steps, cautions by rule,
    what was left out, advice."""
    report = checked_report(comp, library)
    lines = [
        comp.routine.name,
        tr(
            "Total {total} of {budget}",
            total=clock(comp.total_seconds),
            budget=clock(comp.budget_seconds),
        ),
        "",
    ]
    for alert in alert_lines(report):
        lines += [_hang(f"! {alert}", width=width), ""]
    one_condition = len(set(comp.conditions)) == 1
    for n, step in enumerate(comp.routine.steps, 1):
        point = library.get(step.point)
        exp = comp.explanation(step.point)
        sides = sides_words(step)
        head = f"{n}. "
        lines.append(
            _hang(
                # the code first, a pack's point's id too: a step can be traced to the check
                f"{point.code} {point.names.pinyin}: {step.seconds} s"
                + (f" {sides}" if sides else ""),
                " " * len(head),
                width=width,
                lead=head,
            )
        )
        lines.append(_field(tr("Where"), point.location.text, width))
        said = step_note(step)
        how = technique_text(step) + (f" ({said})" if said else "")
        lines.append(_field(tr("How"), how, width))
        why = " ".join(why_words(w, library, one_condition=one_condition) for w in exp.why)
        lines.append(_field(tr("Why"), f"{why} [{exp.evidence}]", width))
        lines.extend(_field(tr("Caution"), c, width) for c in point.cautions)
    lines.extend(safety_lines(report, width=width, library=library))
    safe = [g for g in exclusion_groups(comp.excluded) if g.rules]
    other = [g for g in exclusion_groups(comp.excluded) if not g.rules]
    if safe:
        lines += ["", tr("Left out for your safety:")]
        lines.extend(
            _hang(
                f"{_names(g.points, library)}: {g.reason} [{', '.join(g.rules)}]",
                width=width,
                lead="- ",
            )
            for g in safe
        )
    if other:
        lines += ["", tr("Left out:")]
        lines.extend(
            _hang(f"{_names(g.points, library)}: {g.reason}", width=width, lead="- ") for g in other
        )
    lines.append("")
    lines.extend(_hang(a, width=width, lead="* ") for a in advice_lines(report, library))
    return "\n".join(lines)


def _names(codes: Sequence[str], library: Library) -> str:
    return ", ".join(point_words(library.get(c)) if c in library.points else c for c in codes)


def safety_lines(
    report: SafetyReport, *, width: int = WIDTH, library: Library | None = None
) -> list[str]:
    """The findings of the steps kept, grouped by rule, under a heading (nothing if none); with
    ``library``, a pack's own points by their names, not their ids."""
    kept = {step.point for step in report.routine.steps}
    groups = finding_groups(f for f in report.findings if f.point in kept)
    if not groups:
        return []

    def points(codes: Sequence[str]) -> str:
        return ", ".join(codes) if library is None else _names(codes, library)

    lines = ["", tr("For your safety:")]
    for g in groups:
        cap = _cap(g.pressure_cap.value) if g.pressure_cap else ""
        lines.append(
            _hang(f"{points(g.points)}{cap}: {g.message} [{g.rule}]", width=width, lead="- ")
        )
    return lines


def _cap(pressure: str) -> str:
    return tr(" (pressure: {pressure} at most)", pressure=word(pressure))


def point_text(
    record: dict[str, Any], *, width: int = WIDTH, library: Library | None = None
) -> str:
    """A point card from ``point_record(point, library, spellings=True)``, filled to ``width``
    columns with hanging indents; with ``library``, conditions are named in words."""
    head = f"{record['code']}  {record['pinyin']}"
    if record["tones"]:
        head += f" ({record['tones']})"
    if record["hanzi"]:
        head += f"  {record['hanzi']}"
        if record["simplified"] and record["simplified"] != record["hanzi"]:
            head += f" / {record['simplified']}"
    lines = [head]
    if record["gloss"]:
        also = (
            tr("; also called {names}", names=", ".join(record["nicknames"]))
            if record["nicknames"]
            else ""
        )
        lines.append(_hang(f"'{record['gloss']}'{also}", "   ", width=width, lead="  "))
    sides = {
        "bilateral": tr("both sides"),
        "midline": tr("on the midline"),
        "left": tr("left side only"),
        "right": tr("right side only"),
    }.get(record["laterality"], f"{record['laterality']} side only")
    reach = tr("reach: {reach}", reach=word(str(record["reach"])))
    lines.append(
        _hang(
            f"{record['meridian_name']} · {word(str(record['region']))} · {sides} · {reach}",
            "    ",
            width=width,
            lead="  ",
        )
    )
    lines.append(_field(tr("Where"), record["location"], width, "  "))
    lines.extend(_field(tr("Caution"), c, width, "  ") for c in record["cautions"])
    for item in record.get("indications", ()):
        condition = item["condition"]
        if library is not None and condition in library.conditions:
            condition = library.condition_text(condition)[0]
        used = tr(
            "{condition} ({pack} pack): {why}",
            condition=condition,
            pack=item["pack"],
            why=item["why"],
        )
        lines.append(_field(tr("Used for"), used, width, "  "))
    spellings = record.get("spellings")
    if spellings:
        written = sorted({s for values in spellings.values() for s in values} - {record["code"]})
        lines.append(_field(tr("Also written"), ", ".join(written), width, "  "))
    return "\n".join(lines)


def _summary(head: str, details: Sequence[str], advice: Sequence[str]) -> str:
    """A verdict line, indented details, then advice as a list: the text of check."""
    lines = [head]
    lines.extend(wrap(line) for line in details)
    lines.extend(_hang("- " + line) for line in advice)
    return "\n".join(lines)


def finding_text(f: Finding) -> str:
    """One finding in a line: ``LI4: avoid: message [rule]``, with any pressure cap."""
    cap = _cap(f.pressure_cap.value) if f.pressure_cap else ""
    return f"{f.point}: {word(f.severity.value)}{cap}: {f.message} [{f.rule}]"


def report_text(report: SafetyReport, library: Library | None = None) -> str:
    """A safety report: the verdict, the findings grouped by rule, what was left out, advice."""
    lib = library_or_default(library)
    checked_report(report, lib)
    details = []
    for g in finding_groups(report.findings):
        cap = _cap(g.pressure_cap.value) if g.pressure_cap else ""
        details.append(
            f"{', '.join(g.points)}: {word(g.severity.value)}{cap}: {g.message} [{g.rule}]"
        )
    if report.removed:
        details.append(
            tr(
                "Left out for this profile: {points}",
                points=", ".join(dict.fromkeys(report.removed)),
            )
        )
    verdict = tr("Verdict: {verdict}", verdict=word(report.verdict.value))
    return _summary(verdict, details, advice_lines(report, lib))


def _fill_ids(text: str, indent: str, hang: str = "") -> str:
    """Like ``wrap`` (lines after the first indented by ``hang`` more), but never splitting a
    question id or an address at a hyphen."""
    return textwrap.fill(
        text,
        width=WIDTH,
        initial_indent=indent,
        subsequent_indent=indent + hang,
        break_on_hyphens=False,
        break_long_words=False,
    )


def screening_text(result: ScreeningResult) -> str:
    """A screening result: the urgency (or "Not screened"), how much was answered, the advice,
    what the answers mean for the profile (``implied_advice``), each red flag with its own advice
    and sources, and the questions left unanswered."""
    from .._screen import ScreeningStatus  # loaded already: a result exists

    flag_advice = {f.advice for f in result.flags}
    general = [a for a in result.advice if a not in flag_advice and a != f"{result.summary}."]
    if result.status is ScreeningStatus.NOT_SCREENED:
        lines = [result.summary]
    else:
        lines = [tr("Urgency: {urgency}", urgency=word(result.urgency.value))]
        if result.unanswered:
            lines.append(result.summary)
    lines.extend(wrap("- " + line, "") for line in general)
    # What the answers mean for the profile, before the flags: it is what compose needs next.
    lines.extend(_fill_ids("- " + line, "", "  ") for line in result.implied_advice)
    if result.flags:
        lines.append(tr("Red flags:"))
        for f in sorted(result.flags, key=lambda f: -f.urgency.rank):
            flag = f"- {word(f.urgency.value)}: {f.text} [{f.question}]"
            lines.append(_fill_ids(flag, "", "  "))
            lines.append(wrap(f.advice, "    "))  # under its flag, not in the list above
            lines.extend(
                _fill_ids(tr("Source: {source}", source=source), "    ", "  ")
                for source in f.sources
            )
    if result.unanswered and result.answered:
        missing = tr("Not answered: {questions}", questions=", ".join(result.unanswered))
        lines.append(_fill_ids(missing, "", "  "))
    return "\n".join(lines)
