"""The routine card: one self-contained, print-friendly HTML page.

The card shows the body maps with the routine's points numbered in order, each step with its
technique, time, sides and cautions, the safety findings, the red-flag advice of the conditions and
the references. It runs no script (a Content-Security-Policy forbids it) and every text that comes
from a pack is escaped, so a pack string like ``<script>`` shows as text.
"""

from __future__ import annotations

import html
from collections.abc import Iterable

from .._compose.composer import Composition, Exclusion, Explanation
from .._default import library_or_default
from .._gate import checked_report, screening_advice
from .._library import Library
from .._model.packs import Urgency
from .._model.safety import SafetyReport
from .._screen import questions
from .._text import strip_controls
from ._format import clock, technique_text
from ._groups import exclusion_groups, finding_groups
from ._svg import render_map

__all__ = ["render_card"]

_CSS = """
@page { size: A4; margin: 12mm; }
* { box-sizing: border-box; }
body { font: 11pt/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1d2433;
       margin: 0 auto; max-width: 186mm; padding: 8mm 0; }
h1 { font-size: 18pt; margin: 0 0 2mm; }
h2 { font-size: 13pt; margin: 6mm 0 2mm; border-bottom: 1px solid #c8cfdb; }
.meta { color: #4b5567; margin: 0 0 4mm; }
.maps { display: block; width: 100%; max-width: 100%; }
.maps svg { width: 100%; height: auto; max-height: 120mm; display: block; }
ol.steps { padding-left: 0; list-style: none; margin: 0; }
ol.steps > li { border: 1px solid #d5dbe5; border-radius: 2mm; padding: 2mm 3mm; margin: 0 0 2mm;
                break-inside: avoid; page-break-inside: avoid; }
.num { display: inline-block; min-width: 7mm; font-weight: 700; color: #fff; background: #b3261e;
       border-radius: 50%; text-align: center; margin-right: 2mm; }
.code { font-weight: 700; }
.small { color: #4b5567; font-size: 9.5pt; }
.caution { color: #8a1c12; }
.finding-avoid { color: #8a1c12; font-weight: 600; }
.finding-gentle { color: #7a4b00; }
ul { margin: 1mm 0 1mm 5mm; padding: 0; }
footer { margin-top: 6mm; font-size: 9pt; color: #4b5567; }
p, li { overflow-wrap: anywhere; }
"""


def _e(text: object) -> str:
    # Control and bidi characters go too: they could reorder or hide what the card says.
    return html.escape(strip_controls(str(text)), quote=True)


def render_card(checked: Composition | SafetyReport, *, library: Library | None = None) -> str:
    """The routine card, as one HTML document, of a routine checked for a person.

    ``checked`` is a composition, or the report of ``acupress.check(routine, profile)``: the card
    shows the report's safe routine (steps to avoid left out, pressure capped) with its findings,
    so a routine that was never checked for the person cannot reach a card.
    """
    lib = library_or_default(library)
    safety = checked_report(checked, lib)
    routine = safety.routine
    explanations: dict[str, Explanation] = {}
    budget = routine.total_seconds
    conditions: Iterable[str] = routine.conditions
    excluded: tuple[Exclusion, ...] = ()
    if isinstance(checked, Composition):
        explanations = {e.point: e for e in checked.explanations}
        budget = checked.budget_seconds
        conditions = checked.conditions
        excluded = checked.excluded
    codes = [step.point for step in routine.steps]
    parts = [
        "<!doctype html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'; img-src data:\">",
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(routine.name)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{_e(routine.name)}</h1>",
        f'<p class="meta">{len(routine.steps)} steps, {clock(routine.total_seconds)} in all '
        f"(budget {clock(budget)}); verdict: <strong>{_e(safety.verdict.value)}</strong></p>",
    ]
    if codes:
        parts.append(f'<div class="maps">{render_map(codes, library=lib, numbered=True)}</div>')
    parts.append('<h2>Steps</h2><ol class="steps">')
    for n, step in enumerate(routine.steps, 1):
        point = lib.get(step.point)
        names = point.names
        sides = {"both": "on each side", "center": "", "left": "left side", "right": "right side"}[
            step.sides.value
        ]
        parts.append(
            f'<li data-step="{n}" data-point="{_e(point.code)}"><span class="num">{n}</span>'
            f'<span class="code">{_e(point.code)}</span> {_e(names.pinyin)} '
            f'{_e(names.hanzi)} <span class="small">{_e(names.gloss)}</span>'
        )
        parts.append(f"<div><strong>Where:</strong> {_e(point.location.text)}</div>")
        how = technique_text(step)
        parts.append(f"<div><strong>How:</strong> {_e(how)}; {step.seconds} s {_e(sides)}</div>")
        if step.note:
            parts.append(f'<div class="small">{_e(step.note)}</div>')
        exp = explanations.get(step.point)
        if exp is not None:
            parts.append(
                f"<div><strong>Why:</strong> {_e(' '.join(exp.why))} "
                f'<span class="small">({_e(exp.evidence)})</span></div>'
            )
        cautions = list(point.cautions)
        cautions += [f"{f.message}" for f in safety.for_point(step.point)]
        if cautions:
            parts.append('<ul class="caution">')
            parts.extend(f"<li>{_e(c)}</li>" for c in dict.fromkeys(cautions))
            parts.append("</ul>")
        parts.append("</li>")
    parts.append("</ol>")
    for line in (*dict.fromkeys(a.message for a in safety.alerts), *screening_advice(safety, lib)):
        parts.append(f'<p class="caution"><strong>{_e(line)}</strong></p>')
    groups = finding_groups(safety.findings)
    left_out = [g for g in exclusion_groups(excluded) if g.rules]
    if groups or safety.removed or left_out:
        parts.append("<h2>Safety</h2><ul>")
        for g in groups:
            cap = f"; {g.pressure_cap.value} pressure at most" if g.pressure_cap else ""
            parts.append(
                f'<li class="finding-{_e(g.severity.value)}">{_e(", ".join(g.points))}: '
                f"{_e(g.severity.value)}{_e(cap)}: {_e(g.message)} "
                f'<span class="small">[{_e(g.rule)}; {_e(g.basis.value)}]</span></li>'
            )
        if safety.removed:
            parts.append(
                '<li class="finding-avoid">Left out of this routine for this profile: '
                f"{_e(', '.join(dict.fromkeys(safety.removed)))}</li>"
            )
        for e in left_out:
            parts.append(
                f'<li class="finding-avoid">Not chosen for your safety: {_e(", ".join(e.points))}'
                f": {_e(e.reason)}</li>"
            )
        parts.append("</ul>")
    flags = _red_flags(lib, conditions)
    if flags:
        parts.append("<h2>See a clinician instead if</h2><ul>")
        parts.extend(f"<li>{_e(text)} <strong>{_e(advice)}</strong></li>" for text, advice in flags)
        parts.append("</ul>")
    parts.append("<h2>Remember</h2><ul>")
    parts.extend(f"<li>{_e(a)}</li>" for a in safety.advice)
    parts.append("</ul>")
    refs = _references(lib, conditions, safety)
    if refs:
        parts.append('<h2>References</h2><ol class="small">')
        parts.extend(f"<li>{_e(r)}</li>" for r in refs)
        parts.append("</ol>")
    parts.append(
        "<footer>Made with acupress. Health information, not a diagnosis or a promise of "
        "a cure; claims marked tradition have no study behind them.</footer>"
    )
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def _red_flags(library: Library, conditions: Iterable[str]) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    seen: set[str] = set()
    for condition in conditions:
        if condition not in library.conditions:
            continue
        for _pack, q in questions(condition, library=library):
            if q.urgency.rank >= Urgency.URGENT.rank and q.id not in seen:
                seen.add(q.id)
                out.append((q.text, q.advice))
    return out


def _references(library: Library, conditions: Iterable[str], safety: SafetyReport) -> list[str]:
    wanted = set(conditions)
    refs: dict[str, None] = {}
    for pack, ind in library.indications():
        if ind.condition in wanted:
            for ref_id in ind.references:
                ref = pack.reference(ref_id)
                if ref is not None:
                    refs[ref.citation] = None
    for f in safety.findings:
        for source in f.sources:
            refs[source] = None
    return list(refs)
