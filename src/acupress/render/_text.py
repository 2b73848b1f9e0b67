"""Rendering compositions and routines: JSON-ready records, terminal text and Markdown.

Renderers take model objects and return data or strings; they do no I/O.
"""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING, Any

import attrs

from ._compose import Composition
from ._model import Step, Technique

if TYPE_CHECKING:
    from ._library import Library

__all__ = ["composition_markdown", "composition_record", "composition_text", "technique_text"]


_CONTACT_WORDS = {
    "ball-floor": "a tennis ball between you and the floor",
    "ball-wall": "a tennis ball between you and a wall",
    "palm-heel": "the heel of the palm",
    "thumb-and-finger": "thumb and index finger",
}


def technique_text(step: Step) -> str:
    """``hold with the thumb, moderate pressure`` and the like."""
    t = step.technique
    contact = _CONTACT_WORDS.get(t.contact.value, f"the {t.contact.value.replace('-', ' ')}")
    text = f"{t.method.value} with {contact}, {t.pressure.value} pressure"
    if t.direction is not None:
        text += f", circling {t.direction.value}"
        if t.cycles:
            text += (
                f" ({t.cycles} times each way)"
                if t.direction.value == "both"
                else f" ({t.cycles} times)"
            )
    if t.press_seconds and t.rest_seconds:
        text += f" (press {t.press_seconds} s, rest {t.rest_seconds} s"
        text += f", {t.cycles} times)" if t.cycles else ")"
    if t.breathing:
        text += f"; {t.breathing}"
    return text


def _sides(step: Step) -> str:
    return {"both": "each side", "center": "", "left": "left side", "right": "right side"}[
        step.sides.value
    ]


def composition_record(comp: Composition) -> dict[str, Any]:
    """``{"conditions", "total_seconds", "steps", "excluded", "safety"}`` as the CLI prints it."""
    steps = []
    for step, exp in zip(comp.routine.steps, comp.explanations, strict=False):
        steps.append(
            {
                "point": step.point,
                "technique": technique_record(step.technique),
                "seconds": step.seconds,
                "sides": step.sides.value,
                "why": list(exp.why),
                "evidence": exp.evidence,
                "note": step.note,
            }
        )
    return {
        "conditions": list(comp.conditions),
        "budget_seconds": comp.budget_seconds,
        "total_seconds": comp.total_seconds,
        "steps": steps,
        "excluded": [{"point": e.point, "reason": e.reason} for e in comp.excluded],
        "safety": {
            "verdict": comp.safety.verdict.value,
            "findings": [
                {
                    "point": f.point,
                    "severity": f.severity.value,
                    "rule": f.rule,
                    "message": f.message,
                    "sources": list(f.sources),
                }
                for f in comp.safety.findings
            ],
            "advice": list(comp.safety.advice),
        },
    }


def technique_record(technique: Technique) -> dict[str, Any]:
    """A technique as plain data, leaving out parameters it does not use."""
    record: dict[str, Any] = {}
    for field in attrs.fields(Technique):
        value = getattr(technique, field.name)
        if value is not None:
            record[field.name] = value.value if isinstance(value, enum.Enum) else value
    return record


def _minutes(seconds: int) -> str:
    return f"{seconds // 60}:{seconds % 60:02d}"


def composition_text(comp: Composition, library: Library) -> str:
    """A routine card for the terminal."""
    lines = [
        comp.routine.name,
        f"Total {_minutes(comp.total_seconds)} of {_minutes(comp.budget_seconds)}",
        "",
    ]
    for n, (step, exp) in enumerate(zip(comp.routine.steps, comp.explanations, strict=False), 1):
        point = library.get(step.point)
        sides = _sides(step)
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


def _md(text: str) -> str:
    """Escape Markdown and HTML-significant characters in text that comes from packs."""
    out = text.replace("\\", "\\\\")
    for ch in "`*_[]<>|#":
        out = out.replace(ch, "\\" + ch)
    return out


def composition_markdown(comp: Composition, library: Library) -> str:
    """The composition as Markdown: steps, safety, what was left out and why, and advice."""
    lines = [
        f"# {_md(comp.routine.name)}",
        "",
        f"Total time {_minutes(comp.total_seconds)} (budget {_minutes(comp.budget_seconds)}).",
        "",
        "| # | point | how | time | why |",
        "|---|---|---|---|---|",
    ]
    for n, (step, exp) in enumerate(zip(comp.routine.steps, comp.explanations, strict=False), 1):
        point = library.get(step.point)
        sides = _sides(step)
        lines.append(
            f"| {n} | **{point.code}** {_md(point.names.pinyin)}: {_md(point.location.text)} "
            f"| {_md(technique_text(step))} | {step.seconds} s {sides} | {_md(' '.join(exp.why))} |"
        )
    lines += ["", "## Safety", "", f"Verdict: **{comp.safety.verdict.value}**", ""]
    lines += [f"- {f.point} ({f.severity.value}): {_md(f.message)}" for f in comp.safety.findings]
    lines += ["", *[f"- {_md(a)}" for a in comp.safety.advice]]
    if comp.excluded:
        lines += ["", "## Left out", ""]
        lines += [f"- {e.point}: {_md(e.reason)}" for e in comp.excluded]
    return "\n".join(lines) + "\n"
