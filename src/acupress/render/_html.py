"""The routine card: one self-contained HTML page, two A4 pages when printed.

Page one says whom the routine was checked for, the warning signs to watch and what was left
out and why, then shows the fewest figures that hold every step (numbered in order, cropped to
the points, markers 4.1 mm across and numbers of 7.2 pt in print), each step with where, how,
how long and its own cautions; the cautions of the check come once, lettered, with the steps they
apply to. It runs no script (a Content-Security-Policy forbids it), every text that comes from a
pack is escaped, Chinese names carry their ``lang``, and it has a dark scheme and a phone width.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence

from .._compose.composer import Composition, Exclusion, Explanation
from .._default import library_or_default
from .._gate import alert_lines, checked_report, screening_advice
from .._i18n import DEFAULT_LANGUAGE, current_language, mark, ntr, tr
from .._library import Library
from .._model.packs import Answer, Urgency
from .._model.points import Point
from .._model.safety import SafetyReport, Severity
from .._model.words import step_note, word
from .._screen import question_texts, question_urgency, questions
from .._text import strip_controls
from ._closeup import close_up_words as close_up_measure, render_close_up
from ._format import clock, sides_words, technique_text
from ._groups import exclusion_groups, finding_groups
from ._people import point_words, profile_words, why_words
from ._svg import card_figures

__all__ = ["render_card"]

_CLOSE_UP_MM = 24.0  # a step's close-up, printed
_PAGE_MM = 186.0  # the printed width: A4 less 12 mm margins
_GAP_MM = 4.5  # between figures (4 mm, and a little for rounding)

_CSS = """
:root { color-scheme: light dark; --ink: #1d2433; --soft: #4b5567; --line: #c8cfdb;
        --warn: #8a1c12; --gentle: #6b4200; --paper: #ffffff; --box: #f5f6f9; --mark: #b3261e; }
@media (prefers-color-scheme: dark) {
  :root { --ink: #e9ecf2; --soft: #b9c0cc; --line: #4a5263; --warn: #ff8a80; --gentle: #ffcc80;
          --paper: #15171c; --box: #22252d; --mark: #c62828; }
}
@page { size: A4; margin: 12mm; }
* { box-sizing: border-box; }
html { background: var(--paper); }
body { font: 9pt/1.3 "DejaVu Sans", system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
       color: var(--ink); background: var(--paper); margin: 0 auto; max-width: 186mm;
       padding: 6mm 0; }
h1 { font-size: 16pt; margin: 0 0 1mm; }
h2 { font-size: 11pt; margin: 1.8mm 0 0.6mm; border-bottom: 1px solid var(--line);
     break-after: avoid; page-break-after: avoid; }
p { margin: 0 0 1mm; }
.meta { color: var(--soft); }
.first > section { break-inside: avoid; page-break-inside: avoid; }
.signs { columns: 2; column-gap: 5mm; font-size: 7.4pt; line-height: 1.18; }
.signs h3 { column-span: all; margin: 1mm 0 0.5mm; }
.signs p { break-inside: avoid; page-break-inside: avoid; margin: 0 0 0.8mm; }
.signs strong { display: block; }
.signs.today strong { display: inline; }
.sign + .sign::before { content: "\\2022\\00a0"; color: var(--soft); }
.left-out, .cautions { font-size: 7.5pt; line-height: 1.18; }
.left-out ul, .cautions ul { columns: 2; column-gap: 5mm; }
.left-out li, .cautions li { break-inside: avoid; page-break-inside: avoid; }
.first > section.left-out, .first > section.cautions { break-inside: auto;
  page-break-inside: auto; }
.whom p { background: var(--box); border-radius: 1.5mm; padding: 1.5mm 2.5mm; }
.maps { display: flex; flex-wrap: wrap; gap: 2mm 4mm; align-items: flex-end; margin: 2mm 0; }
.maps figure { margin: 0; break-inside: avoid; page-break-inside: avoid; }
.maps svg { display: block; max-width: 100%; height: auto; }
.maps figure.close-up { width: 24mm; }
.maps figure.close-up figcaption { font-size: 7pt; line-height: 1.15; }
.maps figcaption { font-size: 8.5pt; color: var(--soft); text-align: center; }
.columns { columns: 2; column-gap: 5mm; }
h3 { font-size: 9pt; margin: 1.5mm 0 0.5mm; break-after: avoid; page-break-after: avoid; }
ol.steps { padding: 0; list-style: none; margin: 0; font-size: 7.5pt;
            line-height: 1.18; }
ol.steps > li { border-top: 1px solid var(--line); padding: 0.5mm 0 0.7mm; break-inside: avoid;
                page-break-inside: avoid; }
.num { display: inline-block; min-width: 5.5mm; font-weight: 700; color: #fff;
       background: var(--mark); border-radius: 3mm; text-align: center; margin-right: 1.5mm; }
.name { font-weight: 700; }
.time { float: right; font-weight: 700; }
.small { color: var(--soft); font-size: 8pt; }
.why { color: var(--soft); font-size: 7pt; line-height: 1.15; }
.caution, .avoid { color: var(--warn); }
.gentle { color: var(--gentle); }
.flag { font-weight: 700; color: var(--paper); background: var(--gentle); border-radius: 1mm;
        padding: 0 0.8mm; }
ul { margin: 0.5mm 0 1mm 4mm; padding: 0; }
li { margin: 0; }
.refs { font-size: 7pt; line-height: 1.12; color: var(--soft);
        padding-left: 3.5mm; margin: 0; }
p, li { overflow-wrap: anywhere; }
@media print {
  :root { --ink: #1d2433; --soft: #4b5567; --line: #c8cfdb; --warn: #8a1c12; --gentle: #6b4200;
          --paper: #ffffff; --box: #f3f4f7; --mark: #b3261e; }
  body { padding: 0; }
}
@media (max-width: 140mm) {
  body { padding: 3mm; }
  .columns, .signs { columns: 1; }
  .maps { justify-content: center; }
}
"""


def _e(text: object) -> str:
    # Control and bidi characters go too: they could reorder or hide what the card says.
    return html.escape(strip_controls(str(text)), quote=True)


def _names(point: Point) -> str:
    """A point's names: its code (standard points), pinyin, characters with their language."""
    names = point.names
    out = f'<span class="name">{_e(point_words(point))}</span>'
    if names.hanzi:
        out += f' <span lang="zh-Hant">{_e(names.hanzi)}</span>'
        if names.simplified and names.simplified != names.hanzi:
            out += f' / <span lang="zh-Hans">{_e(names.simplified)}</span>'
    if names.gloss:
        out += f' <span class="small">{_e(names.gloss)}</span>'
    return out


def render_card(checked: Composition | SafetyReport, *, library: Library | None = None) -> str:
    """The routine card, as one HTML document, of a routine checked for a person.

    ``checked`` is a composition, or the report of ``acupress.check(routine, profile)``: the card
    shows the report's safe routine (steps to avoid left out, pressure capped), says whom it was
    checked for and what was left out and why, so a routine that was never checked for the
    person cannot reach a card.
    """
    lib = library_or_default(library)
    safety = checked_report(checked, lib)
    routine = safety.routine
    explanations: dict[str, Explanation] = {}
    budget = routine.total_seconds
    conditions: Sequence[str] = routine.conditions
    excluded: tuple[Exclusion, ...] = ()
    if isinstance(checked, Composition):
        explanations = {e.point: e for e in checked.explanations}
        budget = checked.budget_seconds
        conditions = checked.conditions
        excluded = checked.excluded
    steps = routine.steps
    codes = [step.point for step in steps]
    step_of: dict[str, int] = {}
    for n, code in enumerate(codes, 1):
        step_of.setdefault(code, n)

    page = current_language()
    parts = [
        "<!doctype html>",
        f'<html lang="{_e(page)}"><head><meta charset="utf-8">',
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'; img-src data:\">",
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="color-scheme" content="light dark">',
        f"<title>{_e(routine.name)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{_e(routine.name)}</h1>",
        '<p class="meta">'
        + _e(
            ntr_steps(len(steps), clock(routine.total_seconds))
            + (
                tr(" (of {budget} asked for)", budget=clock(budget))
                if budget != routine.total_seconds
                else ""
            )
            + tr(
                "; each step on both sides unless it says otherwise. Made with acupress: health "
                "information, not a diagnosis or a promise of a cure; claims marked tradition "
                "have no study behind them."
            )
        )
        + "</p>",
        '<div class="first">',
    ]
    parts.extend(_whom(safety, lib))
    parts.extend(_warnings(safety, lib, conditions, page))
    parts.extend(_left_out(safety, excluded, lib, page))
    groups = [g for g in finding_groups(safety.findings) if g.points and g.severity is not
              Severity.AVOID and any(p in step_of for p in g.points)]  # fmt: skip
    letters = {g.rule: chr(ord("A") + i) for i, g in enumerate(groups)}
    if groups:
        heading = _e(tr("Cautions for you"))
        parts.append(f'<section class="cautions"><h2>{heading}</h2><ul>')
        for g in groups:
            where = sorted({step_of[p] for p in g.points if p in step_of})
            cap = _press_at_most(g.pressure_cap.value) if g.pressure_cap else ""
            message = _in(g.message, _rule_language(lib, g.rule), page)
            parts.append(
                f'<li class="gentle"><span class="flag">{letters[g.rule]}</span> '
                f"({_e(_steps_words(where))}): "
                f"{message}{_e(cap)}</li>"
            )
        parts.append("</ul></section>")
    parts.append("</div>")

    names = {c: point_words(lib.get(c)) for c in codes}
    figures = card_figures(codes, lib, names=names) if codes else []
    if figures:
        parts.append('<div class="maps">')
        for view, shown, svg in figures:
            numbers = sorted(n for n, c in enumerate(codes, 1) if c in shown)
            label = _steps_words(numbers)
            parts.append(
                f'<figure data-view="{_e(view)}">{svg}<figcaption>{_e(label)}</figcaption></figure>'
            )
        parts.extend(_close_ups(codes, figures, step_of, lib))
        parts.append("</div>")
    drawn = {c for _v, shown, _svg in figures for c in shown}
    unmapped = [names[c] for c in dict.fromkeys(codes) if c not in drawn]
    if unmapped:
        parts.append(
            '<p class="small">'
            + _e(
                tr("On no figure (find them from the words): {points}.", points=", ".join(unmapped))
            )
            + "</p>"
        )

    refs = _references(lib, conditions, safety)
    heading = _e(tr("Steps"))
    parts.append(f'<h2>{heading}</h2><div class="columns"><ol class="steps">')
    seen_cautions: dict[str, int] = {}
    one_condition = len(set(conditions)) == 1
    for n, step in enumerate(steps, 1):
        point = lib.get(step.point)
        sides = sides_words(step)
        flags = [letters[f.rule] for f in safety.for_point(step.point) if f.rule in letters]
        flagged = "".join(
            f' <span class="flag" title="{_e(caution_word(x))}">{x}</span>'
            for x in dict.fromkeys(flags)
        )
        parts.append(
            f'<li data-step="{n}" data-point="{_e(point.code)}"><span class="num">{n}</span>'
            f'{_names(point)} <span class="time">{step.seconds} s'
            + (f" {_e(sides)}" if sides else "")
            + f"{flagged}</span>"
        )
        where_label, how_label = _e(tr("Where")), _e(tr("How"))
        where_text = _in(point.location.text, _CATALOG_LANGUAGE, page)
        parts.append(f"<div><strong>{where_label}:</strong> {where_text}</div>")
        said = step_note(step)
        how = technique_text(step) + (f" ({said})" if said else "")
        parts.append(f"<div><strong>{how_label}:</strong> {_e(how)}</div>")
        exp = explanations.get(step.point)
        if exp is not None:
            why = " ".join(why_words(w, lib, one_condition=one_condition) for w in exp.why)
            evidence = _evidence(exp.evidence, refs)
            why_label = _e(tr("Why"))
            why_text = _in(why, _why_language(lib, step.point, exp.why, page), page)
            parts.append(f'<div class="why">{why_label}: {why_text} ({_e(evidence)})</div>')
        own = []
        for caution in point.cautions:
            if caution in seen_cautions:
                own.append(_e(tr("As in step {step}.", step=seen_cautions[caution])))
            else:
                seen_cautions[caution] = n
                own.append(_in(caution, _CATALOG_LANGUAGE, page))
        if own:
            parts.append('<ul class="caution">')
            parts.extend(f"<li>{c}</li>" for c in own)
            parts.append("</ul>")
        parts.append("</li>")
    parts.append("</ol>")
    # the references flow on in the steps' columns: no page of their own
    if refs:
        heading = _e(tr("References"))
        parts.append(f'<h3>{heading}</h3><ol class="refs">')
        parts.extend(f"<li>{_e(r)}</li>" for r in refs)
        parts.append("</ol>")
    parts.append("</div>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


_MM = re.compile(r'width="([\d.]+)mm"')


def _close_ups(
    codes: Sequence[str],
    figures: Sequence[tuple[str, tuple[str, ...], str]],
    step_of: dict[str, int],
    lib: Library,
) -> list[str]:
    """The close-ups of the steps measured from a landmark, in step order, as many as fit in
    the row of figures beside them (so they never take a row, or a page, of their own)."""
    used = sum(float(m.group(1)) for _v, _c, svg in figures if (m := _MM.search(svg)))
    room = _PAGE_MM - used - _GAP_MM * len(figures)
    out = []
    for code in dict.fromkeys(codes):
        found = close_up_measure(lib.get(code))
        if not found:
            continue  # no landmark of its text is drawn: the figure and the words must do
        if room < _CLOSE_UP_MM:
            break
        room -= _CLOSE_UP_MM + _GAP_MM
        words = tr("step {step}: {where}", step=step_of[code], where=found)
        svg = render_close_up(
            code, library=lib, size_mm=_CLOSE_UP_MM, words=False, number=step_of[code]
        )
        out.append(
            f'<figure class="close-up" data-point="{_e(code)}">{svg}'
            f"<figcaption>{_e(words)}</figcaption></figure>"
        )
    return out


def _whom(safety: SafetyReport, lib: Library) -> list[str]:
    words = profile_words(safety.profile, lib)
    text = (
        tr("Checked for: {whom}.", whom=words)
        if words
        else tr(
            "Checked for: no profile given, so only the rules for everyone were applied. "
            "Pregnancy, medicines and conditions change which points are safe: give them "
            "(acupress check --help) for a card checked for you."
        )
    )
    return ['<section class="whom">', f"<p>{_e(text)}</p>", "</section>"]


_SCORED = mark(
    "Answer these with acupress screen: together they make a score that says how soon to get help."
)


def _warnings(
    safety: SafetyReport, lib: Library, conditions: Iterable[str], page: str
) -> list[str]:
    """The warning signs of the routine's conditions: the emergencies, then the signs to see a
    doctor about today, each piece of advice once with every sign it answers, run on in a
    paragraph (a sign in a list of its own took a line or three for a few words)."""
    heading = _e(tr("Before you start"))
    out = [f'<section class="warnings"><h2>{heading}</h2>']
    alert_language = {
        a.message: _rule_language(lib, a.rule) for a in (*safety.alerts, *safety.findings)
    }
    out.extend(
        f'<p class="avoid alert"><strong>{_in(a, alert_language.get(a, page), page)}</strong></p>'
        for a in alert_lines(safety)
    )
    out.extend(f"<p>{_e(line)}</p>" for line in screening_advice(safety, lib))
    if safety.advice:
        out.append(f'<p class="advice">{_e(" ".join(dict.fromkeys(safety.advice)))}</p>')
    by_advice: dict[str, list[str]] = {}  # advice (as HTML) -> its signs (as HTML)
    urgency: dict[str, int] = {}
    seen: set[str] = set()
    for condition in dict.fromkeys(conditions):
        if condition not in lib.conditions:
            continue
        for pack, q in questions(condition, library=lib):
            rank = question_urgency(pack, q).rank
            if rank < Urgency.URGENT.rank or q.id in seen:
                continue
            seen.add(q.id)
            text, own_advice = question_texts(pack, q)
            language = pack.text(f"screening.{q.id.removeprefix(pack.id + ':')}.text", q.text)[1]
            sign = _in(text, language, page) + (
                _e(tr(" (if the answer is no)")) if q.flag_on is Answer.NO else ""
            )
            # a question that only counts towards a score has no advice of its own
            advice = _in(own_advice, language, page) if own_advice else _e(tr(_SCORED))
            by_advice.setdefault(advice, []).append(sign)
            urgency[advice] = max(urgency.get(advice, 0), rank)
    order = sorted(by_advice, key=lambda a: -urgency[a])  # stable: the pack's order within a level
    emergencies = [a for a in order if urgency[a] >= Urgency.EMERGENCY.rank]
    if emergencies:
        out.append('<div class="signs" data-urgency="emergency">')
        emergency = _e(tr("An emergency: get help now"))
        out.append(f'<h3 class="avoid">{emergency}</h3>')
        for advice in emergencies:
            signs = " ".join(f'<span class="sign">{sign}</span>' for sign in by_advice[advice])
            out.append(f'<p><strong class="avoid">{advice}</strong> {signs}</p>')
        out.append("</div>")
    # The signs to see a doctor about today run on in one paragraph; each one's own advice (whom
    # to call) is in ``acupress screen``, which the line above names.
    today = [sign for a in order if urgency[a] < Urgency.EMERGENCY.rank for sign in by_advice[a]]
    if today:
        signs = " ".join(f'<span class="sign">{sign}</span>' for sign in today)
        today_words = _e(tr("See a doctor today (in pregnancy, your maternity unit) if:"))
        out.append(
            '<div class="signs today" data-urgency="urgent"><p><strong class="avoid">'
            f"{today_words}</strong> {signs}</p></div>"
        )
    out.append("</section>")
    return out


def _left_out(
    safety: SafetyReport, excluded: Iterable[Exclusion], lib: Library, page: str
) -> list[str]:
    """What the check or the composer left out, grouped by reason, the safety reasons first."""
    items: list[tuple[str, str]] = []
    removed = list(dict.fromkeys(safety.removed))
    if removed:
        reasons: dict[str, list[str]] = {}
        for code in removed:
            found = [f for f in safety.for_point(code) if f.severity is Severity.AVOID]
            shown = {f.message: _rule_language(lib, f.rule) for f in found}
            for message, language in shown.items() or [(tr("not safe for you"), page)]:
                reasons.setdefault(_in(message, language, page), []).append(code)
        for message, points in reasons.items():
            items.append(("avoid", f"{_e(_points(points, lib))}: {message}"))
    # Each safety rule's message once, with every point it kept out (a point two rules kept out
    # is listed under both); other reasons (time, tools) grouped as they are.
    messages = {r.id: lib.safety.text(f"rules.{r.id}.message", r.message) for r in lib.safety.rules}
    by_rule: dict[str, list[str]] = {}
    for e in excluded:
        for rule in e.rules:
            by_rule.setdefault(rule, []).append(e.point)
    for rule, points in by_rule.items():
        text, language = messages.get(rule, (rule, page))
        head = tr("For your safety, not chosen: {points}", points=_points(points, lib))
        items.append(("avoid", f"{_e(head)}: {_in(text, language, page)}"))
    for g in exclusion_groups(excluded):
        if not g.rules:
            head = tr("Not chosen: {points}", points=_points(g.points, lib))
            items.append(("small", _e(f"{head}: {g.reason}")))
    if not items:
        return []
    heading = _e(tr("Left out, and why"))
    out = [f'<section class="left-out"><h2>{heading}</h2><ul>']
    out.extend(f'<li class="{kind}">{text}</li>' for kind, text in items)
    out.append("</ul></section>")
    return out


_KIND = re.compile(r"; (?=[a-z][a-z -]*: |tradition\b)")


def _kinds() -> re.Pattern[str]:
    """Where the next kind of evidence starts (``; trial: ...``, ``; tradition``): in English
    as ever, in another language with its letters and its word for tradition."""
    tradition = word("tradition")
    if tradition == "tradition":
        return _KIND
    return re.compile(rf"; (?=[^\W\d_](?:[^\W\d_]|[ -])*: |{re.escape(tradition)}\b)")


def _evidence(evidence: str, refs: Sequence[str]) -> str:
    """``trial [1, 2]; tradition``: the kinds of evidence, their sources by reference number."""
    kinds: dict[str, list[str]] = {}
    for part in _kinds().split(evidence):
        kind, _sep, citation = part.partition(": ")
        numbers = kinds.setdefault(kind, [])
        if citation in refs:
            numbers.append(str(refs.index(citation) + 1))
        elif citation:
            numbers.append(citation)
    return "; ".join(f"{k} [{', '.join(n)}]" if n else k for k, n in kinds.items())


# The catalog's texts (locations, cautions) are written in English.
_CATALOG_LANGUAGE = DEFAULT_LANGUAGE


def _in(text: str, language: str, page: str) -> str:
    """``text`` escaped, in a ``span`` that says its language when it is not the page's."""
    if language == page:
        return _e(text)
    return f'<span lang="{_e(language)}">{_e(text)}</span>'


def _rule_language(lib: Library, rule: str) -> str:
    """The language a rule's message is shown in now."""
    return lib.safety.text(f"rules.{rule}.message", "")[1]


def _why_language(lib: Library, point: str, whys: Iterable[str], page: str) -> str:
    """The language of a step's reasons: the page's when every one of them is in it, else the
    language of the first that is not (a pack's own, untranslated)."""
    for pack, ind in lib.indications(point=point):
        key = f"indications.{ind.point}.{ind.condition}.why"
        text, language = pack.text(key, ind.why)
        if language != page and any(w.endswith(text) for w in whys):
            return language
    return page


def ntr_steps(count: int, total: str) -> str:
    return ntr("{count} step, {total} in all", "{count} steps, {total} in all", count, total=total)


def _steps_words(numbers: Sequence[int]) -> str:
    """``step 3`` or ``steps 1, 4``."""
    listed = ", ".join(map(str, numbers))
    return ntr("step {steps}", "steps {steps}", len(numbers), steps=listed)


_PRESS_AT_MOST = {
    "light": mark(" Press lightly at most."),
    "moderate": mark(" Press moderately at most."),
}


def _press_at_most(pressure: str) -> str:
    known = _PRESS_AT_MOST.get(pressure)
    return tr(known) if known else f" Press {pressure}ly at most."


def caution_word(letter: str) -> str:
    return tr("caution {letter}", letter=letter)


def _points(codes: Iterable[str], lib: Library) -> str:
    return ", ".join(point_words(lib.get(c)) if c in lib.points else c for c in codes)


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
