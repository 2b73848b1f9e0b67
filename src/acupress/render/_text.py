"""Text for a terminal: compositions, point cards, safety reports and screening results.

Renderers take public result objects and return strings; they do no I/O.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ._format import clock, sides_words, technique_text

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
    "screening_text",
    "wrap",
]

WIDTH = 88


def wrap(text: str, indent: str = "  ") -> str:
    """``text`` filled to the line width, every line indented by ``indent``."""
    return textwrap.fill(text, width=WIDTH, initial_indent=indent, subsequent_indent=indent)


def composition_text(comp: Composition, library: Library) -> str:
    """A routine card for the terminal."""
    lines = [
        comp.routine.name,
        f"Total {clock(comp.total_seconds)} of {clock(comp.budget_seconds)}",
        "",
    ]
    for n, (step, exp) in enumerate(zip(comp.routine.steps, comp.explanations, strict=False), 1):
        point = library.get(step.point)
        sides = sides_words(step)
        lines.append(
            f"{n}. {point.code} {point.names.pinyin}: {step.seconds} s"
            + (f" {sides}" if sides else "")
        )
        lines.append(f"   Where: {point.location.text}")
        lines.append(f"   How: {technique_text(step)}" + (f" ({step.note})" if step.note else ""))
        lines.append(f"   Why: {' '.join(exp.why)} [{exp.evidence}]")
    if comp.safety.findings:
        lines.append("")
        lines.append("Safety:")
        for f in comp.safety.findings:
            lines.append(f"- {f.point}: {f.severity.value}: {f.message}")
    if comp.excluded:
        lines.append("")
        lines.append("Left out:")
        lines.extend(f"- {e.point}: {e.reason}" for e in comp.excluded)
    lines.append("")
    lines.extend(f"* {a}" for a in comp.safety.advice)
    return "\n".join(lines)


def point_text(record: dict[str, Any]) -> str:
    """A point card from ``point_record(point, library, spellings=True)``."""
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
    lines.append(wrap("Where: " + record["location"]))
    lines.extend(wrap("Caution: " + c) for c in record["cautions"])
    for item in record.get("indications", ()):
        lines.append(wrap(f"Used for: {item['condition']} ({item['pack']}): {item['why']}"))
    spellings = record.get("spellings")
    if spellings:
        written = sorted({s for values in spellings.values() for s in values} - {record["code"]})
        lines.append(wrap("Also written: " + ", ".join(written)))
    return "\n".join(lines)


def _summary(head: str, details: Sequence[str], advice: Sequence[str]) -> str:
    """A verdict line, indented details, then advice as a list: the text of check."""
    lines = [head]
    lines.extend(wrap(line) for line in details)
    lines.extend(wrap("- " + line, "") for line in advice)
    return "\n".join(lines)


def finding_text(f: Finding) -> str:
    """One finding in a line: ``LI4: avoid: message [rule]``, with any pressure cap."""
    cap = f" (pressure: {f.pressure_cap.value} at most)" if f.pressure_cap else ""
    return f"{f.point}: {f.severity.value}{cap}: {f.message} [{f.rule}]"


def report_text(report: SafetyReport) -> str:
    """A safety report: the verdict, each finding, and the general advice."""
    details = [finding_text(f) for f in report.findings]
    return _summary(f"Verdict: {report.verdict.value}", details, report.advice)


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
    each red flag with its own advice and sources, and the questions left unanswered."""
    from .._screen import ScreeningStatus  # loaded already: a result exists

    flag_advice = {f.advice for f in result.flags}
    general = [a for a in result.advice if a not in flag_advice and a != f"{result.summary}."]
    if result.status is ScreeningStatus.NOT_SCREENED:
        lines = [result.summary]
    else:
        lines = [f"Urgency: {result.urgency.value}"]
        if result.unanswered:
            lines.append(result.summary)
    lines.extend(wrap("- " + line, "") for line in general)
    if result.flags:
        lines.append("Red flags:")
        for f in sorted(result.flags, key=lambda f: -f.urgency.rank):
            lines.append(_fill_ids(f"- {f.urgency.value}: {f.text} [{f.question}]", "", "  "))
            lines.append(wrap(f.advice, "    "))  # under its flag, not in the list above
            lines.extend(_fill_ids(f"Source: {source}", "    ", "  ") for source in f.sources)
    if result.unanswered and result.answered:
        lines.append(_fill_ids(f"Not answered: {', '.join(result.unanswered)}", "", "  "))
    return "\n".join(lines)
