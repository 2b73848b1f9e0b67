"""Markdown for compositions: steps, safety, what was left out and why, and advice.

Every string that comes from a pack is escaped, so it shows as text.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._format import clock, md_escape, sides_words, technique_text

if TYPE_CHECKING:
    from .._compose.composer import Composition
    from .._library import Library

__all__ = ["composition_markdown"]


def composition_markdown(comp: Composition, library: Library) -> str:
    """The composition as Markdown: steps, safety, what was left out and why, and advice."""
    lines = [
        f"# {md_escape(comp.routine.name)}",
        "",
        f"Total time {clock(comp.total_seconds)} (budget {clock(comp.budget_seconds)}).",
        "",
        "| # | point | how | time | why |",
        "|---|---|---|---|---|",
    ]
    for n, (step, exp) in enumerate(zip(comp.routine.steps, comp.explanations, strict=False), 1):
        point = library.get(step.point)
        sides = sides_words(step)
        where = f"{md_escape(point.names.pinyin)}: {md_escape(point.location.text)}"
        how = md_escape(technique_text(step))
        why = md_escape(" ".join(exp.why))
        time = f"{step.seconds} s {sides}"
        lines.append(f"| {n} | **{point.code}** {where} | {how} | {time} | {why} |")
    lines += ["", "## Safety", "", f"Verdict: **{comp.safety.verdict.value}**", ""]
    lines += [
        f"- {f.point} ({f.severity.value}): {md_escape(f.message)}" for f in comp.safety.findings
    ]
    lines += ["", *[f"- {md_escape(a)}" for a in comp.safety.advice]]
    if comp.excluded:
        lines += ["", "## Left out", ""]
        lines += [f"- {e.point}: {md_escape(e.reason)}" for e in comp.excluded]
    return "\n".join(lines) + "\n"
