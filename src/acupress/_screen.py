"""Red-flag screening: questions packs provide for their conditions, and what the answers mean.

``screen()`` never diagnoses: it says how soon to see a clinician, and why, citing each question's
source. It does no I/O; the command line asks the questions.
"""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from ._default import library_or_default
from ._library import Library
from ._model.packs import Answer, Pack, Question, Score, Urgency
from .errors import DataError, UnknownQuestionError

__all__ = [
    "URGENCY_ADVICE",
    "Flag",
    "ScreeningResult",
    "questions",
    "screen",
]

URGENCY_ADVICE = {
    Urgency.NONE: "None of your answers is a red flag. If your symptoms change, answer again.",
    Urgency.ROUTINE: "Mention this to your doctor at a routine appointment.",
    Urgency.SOON: "See a doctor within the next few days.",
    Urgency.URGENT: "See a doctor today (or call your doctor's out-of-hours service).",
    Urgency.EMERGENCY: "Call emergency services or go to an emergency department now.",
}


@attrs.frozen
class Flag:
    """A red flag raised by an answer (or a score): how urgent, what to do, and the sources."""

    question: str
    text: str
    urgency: Urgency
    advice: str
    sources: tuple[str, ...]


@attrs.frozen
class ScreeningResult:
    """The outcome of screening: the overall urgency, the flags, and advice in plain words."""

    condition: str
    urgency: Urgency
    flags: tuple[Flag, ...]
    advice: tuple[str, ...]
    unanswered: tuple[str, ...] = ()


def _related(library: Library, condition: str) -> list[str]:
    """The condition and every condition it relates to, transitively, in a stable order."""
    order = [condition]
    i = 0
    while i < len(order):
        current = library.conditions.get(order[i])
        for other in current.related if current is not None else ():
            if other not in order:
                order.append(other)
        i += 1
    return order


def questions(
    condition: str, *, library: Library | None = None
) -> tuple[tuple[Pack, Question], ...]:
    """The red-flag questions for a condition (and the conditions it relates to), with packs."""
    lib = library_or_default(library)
    lib.condition(condition)  # unknown conditions raise with suggestions
    out: list[tuple[Pack, Question]] = []
    seen: set[str] = set()
    for cond in _related(lib, condition):
        for pack, q in lib.questions(cond):
            if q.id not in seen:
                seen.add(q.id)
                out.append((pack, q))
    return tuple(out)


def _answer(qid: str, value: object) -> Answer:
    if isinstance(value, Answer):
        return value
    if isinstance(value, bool):
        return Answer.YES if value else Answer.NO
    text = value.strip().lower() if isinstance(value, str) else None
    if text in ("yes", "y", "true"):
        return Answer.YES
    if text in ("no", "n", "false"):
        return Answer.NO
    raise DataError([f"$.answers.{qid}: expected yes or no, got {value!r}"])


def screen(
    condition: str,
    answers: Mapping[str, bool | str | Answer],
    *,
    library: Library | None = None,
) -> ScreeningResult:
    """Screen a condition's red flags from yes/no answers keyed by question id.

    Unknown question ids raise UnknownQuestionError and answers other than yes or no DataError;
    unanswered questions are listed in the result and raise no flag, and the advice says so.
    """
    lib = library_or_default(library)
    asked = questions(condition, library=lib)
    by_id = {q.id: (pack, q) for pack, q in asked}
    if not isinstance(answers, Mapping):
        raise DataError([f"$.answers: expected a table of question ids, got {answers!r}"])
    unknown = sorted(str(a) for a in set(answers) - set(by_id))
    if unknown:
        import difflib

        raise UnknownQuestionError(
            unknown[0],
            tuple(difflib.get_close_matches(unknown[0], list(by_id), n=3, cutoff=0.6)),
            detail=f"the questions of {condition!r} are {', '.join(by_id) or 'none'}",
        )
    given = {qid: _answer(qid, value) for qid, value in answers.items()}
    flags: list[Flag] = []
    counts: dict[str, int] = {}
    for pack, q in asked:
        if given.get(q.id) is not q.flag_on:
            continue
        if q.score is not None:
            counts[q.score] = counts.get(q.score, 0) + 1
        if q.urgency is not Urgency.NONE:
            flags.append(Flag(q.id, q.text, q.urgency, q.advice, _citations(pack, q.references)))
    for pack, score in _scores(lib, condition):
        count = counts.get(score.id, 0)
        reached = [t for t in score.thresholds if count >= t.at_least]
        if reached:
            top = max(reached, key=lambda t: t.at_least)
            flags.append(
                Flag(
                    score.id,
                    f"{score.name} score {count}",
                    top.urgency,
                    top.advice,
                    _citations(pack, score.references),
                )
            )
    urgency = max((f.urgency for f in flags), key=lambda u: u.rank, default=Urgency.NONE)
    unanswered = tuple(q.id for _, q in asked if q.id not in given)
    advice = [URGENCY_ADVICE[urgency]]
    advice.extend(dict.fromkeys(f.advice for f in sorted(flags, key=lambda f: -f.urgency.rank)))
    if unanswered:
        advice.append(
            f"{len(unanswered)} question(s) were not answered, so some red flags may be missed."
        )
    if urgency.rank >= Urgency.URGENT.rank:
        advice.append("Do not rely on acupressure for this.")
    return ScreeningResult(condition, urgency, tuple(flags), tuple(advice), unanswered)


def _scores(library: Library, condition: str) -> list[tuple[Pack, Score]]:
    out: list[tuple[Pack, Score]] = []
    for cond in _related(library, condition):
        out.extend(library.scores(cond))
    return out


def _citations(pack: Pack, refs: tuple[str, ...]) -> tuple[str, ...]:
    out = []
    for ref_id in refs:
        ref = pack.reference(ref_id)
        out.append(ref.citation if ref is not None else ref_id)
    return tuple(out)
