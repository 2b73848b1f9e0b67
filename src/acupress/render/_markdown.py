"""Markdown for compositions: steps, safety, what was left out and why, and advice.

Every string that comes from a pack is escaped, so it shows as text.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._gate import advice_lines, alert_lines, checked_report, screening_advice
from .._i18n import tr
from .._model.words import step_note, word
from ._format import clock, md_escape, sides_words, technique_text
from ._groups import exclusion_groups, finding_groups

if TYPE_CHECKING:
    from .._compose.composer import Composition
    from .._library import Library

__all__ = ["composition_markdown"]


def composition_markdown(comp: Composition, library: Library) -> str:
    """The composition as Markdown: steps, safety by rule, what was left out and why, advice."""
    report = checked_report(comp, library)
    lines = [
        f"# {md_escape(comp.routine.name)}",
        "",
        tr(
            "Total time {total} (budget {budget}).",
            total=clock(comp.total_seconds),
            budget=clock(comp.budget_seconds),
        ),
        "",
        *[f"> **{md_escape(a)}**" for a in alert_lines(report)],
        *[f"> {md_escape(a)}" for a in screening_advice(report, library)],
        "",
        tr("| # | point | how | time | why |"),
        "|---|---|---|---|---|",
    ]
    for n, step in enumerate(comp.routine.steps, 1):
        point = library.get(step.point)
        exp = comp.explanation(step.point)
        sides = sides_words(step)
        where = f"{md_escape(point.names.pinyin)}: {md_escape(point.location.text)}"
        said = step_note(step)  # the position and the note, as the text and the card say them
        how = md_escape(technique_text(step) + (f" ({said})" if said else ""))
        why = f"{md_escape(' '.join(exp.why))} ({md_escape(exp.evidence)})"
        time = f"{step.seconds} s {sides}"
        lines.append(f"| {n} | **{point.code}** {where} | {how} | {time} | {why} |")
    lines += [
        "",
        tr("## Safety"),
        "",
        tr("Verdict: **{verdict}**", verdict=word(report.verdict.value)),
        "",
    ]
    kept = {step.point for step in comp.routine.steps}
    for g in finding_groups(f for f in report.findings if f.point in kept):
        cap = (
            tr(", {pressure} pressure at most", pressure=word(g.pressure_cap.value))
            if g.pressure_cap
            else ""
        )
        lines.append(
            f"- {', '.join(g.points)} ({word(g.severity.value)}{cap}): {md_escape(g.message)}"
        )
    safe = [g for g in exclusion_groups(comp.excluded) if g.rules]
    if safe:
        lines += ["", tr("### Left out for your safety"), ""]
        lines += [f"- {', '.join(g.points)}: {md_escape(g.reason)}" for g in safe]
    lines += [
        "",
        tr("## Remember"),
        "",
        *[f"- {md_escape(a)}" for a in advice_lines(report, library)],
    ]
    other = [g for g in exclusion_groups(comp.excluded) if not g.rules]
    if other:
        lines += ["", tr("## Left out"), ""]
        lines += [f"- {', '.join(g.points)}: {md_escape(g.reason)}" for g in other]
    return "\n".join(lines) + "\n"
