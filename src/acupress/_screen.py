"""Red-flag screening: questions packs provide for their conditions, and what the answers mean.

``screen()`` never diagnoses: it says how soon to see a clinician, and why, citing each question's
source. It does no I/O; the command line asks the questions.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping

import attrs

from ._default import library_or_default
from ._i18n import mark, tr
from ._library import Library
from ._model.packs import Answer, Pack, ProfileFacts, Question, Score, Urgency
from ._model.safety import Profile
from .errors import DataError, UnknownQuestionError

__all__ = [
    "URGENCY_ADVICE",
    "Flag",
    "ProfileFacts",
    "ScreeningResult",
    "ScreeningStatus",
    "apply_screening",
    "implied_advice",
    "question_texts",
    "question_urgency",
    "questions",
    "screen",
]

URGENCY_ADVICE = {
    Urgency.NONE: mark(
        "None of your answers is a red flag. If your symptoms change, answer again."
    ),
    Urgency.ROUTINE: mark("Mention this to your doctor at a routine appointment."),
    Urgency.SOON: mark("See a doctor within the next few days."),
    Urgency.URGENT: mark("See a doctor today (or call your doctor's out-of-hours service)."),
    Urgency.EMERGENCY: mark("Call emergency services or go to an emergency department now."),
}

# i18n: what a screening answer means for the profile; the options and keys stay in English.
_IMPLIED = {
    "possibly_pregnant": mark(
        "Your answers mean: treat yourself as possibly pregnant (give --possibly-pregnant to "
        "compose, check and guide, or possibly_pregnant = true in a profile)."
    ),
    "pregnant": mark(
        "Your answers mean: treat yourself as pregnant (give --pregnant to compose, check and "
        "guide, or pregnant = true in a profile)."
    ),
    "postpartum": mark(
        "Your answers mean: treat yourself as having given birth in the last 6 weeks (give "
        "--postpartum to compose, check and guide, or postpartum = true in a profile)."
    ),
}
_IMPLIED_LIMBS = mark(
    "Your answers mean: treat the {limbs} as having lymphoedema or being at risk of it (give "
    "{options} to compose, check and guide, or lymphoedema = {values} in a profile)."
)
_LIMB_WORDS = {
    "left-arm": mark("left arm"),
    "right-arm": mark("right arm"),
    "left-leg": mark("left leg"),
    "right-leg": mark("right leg"),
}

NOT_SCREENED_ADVICE = mark(
    "No question was answered, so nothing is known about red flags: answer the questions "
    "before relying on self-care."
)


class ScreeningStatus(enum.Enum):
    """How much of the screening was answered: all of it, some of it, or none of it."""

    COMPLETE = "complete"
    INCOMPLETE = "incomplete"
    NOT_SCREENED = "not screened"


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
    """The outcome of screening: how much was answered, the urgency, the flags, and advice.

    ``urgency`` is the highest urgency of the flags raised by the answers given; it is a lower
    bound unless ``status`` is ``COMPLETE``. With no question answered (``NOT_SCREENED``) it is
    ``Urgency.NONE`` but means nothing: say "not screened", never "no red flag". A flag raised by
    an answered question is in ``flags`` whatever the status.

    ``implies`` holds what the flagging answers say about the person (a "yes" to "could you be
    pregnant?": ``possibly_pregnant``), from the questions' ``implies``: facts that only make the
    safety check more careful. ``apply_screening`` puts them in a profile for ``compose`` and
    ``check``; leaving them out checks a routine for someone less careful than the answers say.
    """

    conditions: tuple[str, ...]
    status: ScreeningStatus
    urgency: Urgency
    flags: tuple[Flag, ...]
    advice: tuple[str, ...]
    answered: tuple[str, ...]
    unanswered: tuple[str, ...]
    implies: ProfileFacts = attrs.field(factory=ProfileFacts)

    @property
    def condition(self) -> str:
        """The first condition screened (the only one, when one was given)."""
        return self.conditions[0]

    @property
    def summary(self) -> str:
        """How much was answered, in one line for the person."""
        total = len(self.answered) + len(self.unanswered)
        if self.status is ScreeningStatus.NOT_SCREENED:
            return tr("Not screened: no question was answered")
        if self.status is ScreeningStatus.INCOMPLETE:
            return tr(
                "Incomplete: {answered} of {total} questions answered"
                " – some red flags may be missed",
                answered=len(self.answered),
                total=total,
            )
        return tr("Complete: all {total} questions answered", total=total)

    @property
    def implied_advice(self) -> tuple[str, ...]:
        """What ``implies`` means for the person, a sentence a fact, with the options and
        profile keys that say it to ``compose``, ``check`` and ``guide``; empty when nothing."""
        return implied_advice(self.implies)


def implied_advice(facts: ProfileFacts) -> tuple[str, ...]:
    """Sentences saying how to treat the person for ``facts``: one for each fact said."""
    out = [tr(_IMPLIED[name]) for name in _IMPLIED if getattr(facts, name)]
    if facts.lymphoedema:
        values = [limb.value for limb in facts.lymphoedema]
        out.append(
            tr(
                _IMPLIED_LIMBS,
                limbs=_listed([tr(_LIMB_WORDS[v]) for v in values]),
                options=" ".join(f"--lymphoedema {v}" for v in values),
                values="[" + ", ".join(f'"{v}"' for v in values) + "]",
            )
        )
    return tuple(out)


def _conditions(conditions: str | Iterable[str]) -> tuple[str, ...]:
    if isinstance(conditions, str):
        return (conditions,)
    if not isinstance(conditions, Iterable):
        raise DataError(
            [tr("$.conditions: expected condition ids, got {value}", value=repr(conditions))]
        )
    found = tuple(dict.fromkeys(conditions))
    bad = [c for c in found if not isinstance(c, str)]
    if bad:
        raise DataError(
            [tr("$.conditions: expected condition ids, got {value}", value=repr(bad[0]))]
        )
    if not found:
        raise DataError([tr("$.conditions: name at least one condition")])
    return found


def _related(library: Library, conditions: tuple[str, ...]) -> list[str]:
    """The conditions and every condition they relate to, transitively, in a stable order."""
    order = list(conditions)
    i = 0
    while i < len(order):
        current = library.conditions.get(order[i])
        for other in current.related if current is not None else ():
            if other not in order:
                order.append(other)
        i += 1
    return order


def question_urgency(pack: Pack, question: Question) -> Urgency:
    """The highest urgency a flagging answer to ``question`` (from ``pack``) can lead to.

    That is the question's own urgency, or the top threshold of the score it counts towards if
    higher. Questions are asked in this order, most urgent first.
    """
    levels = [question.urgency]
    for score in pack.scores:
        if score.id == question.score:
            levels.extend(t.urgency for t in score.thresholds)
    return max(levels, key=lambda u: u.rank)


def questions(
    conditions: str | Iterable[str], *, library: Library | None = None
) -> tuple[tuple[Pack, Question], ...]:
    """The red-flag questions for one condition or several (and the conditions they relate to).

    Each question comes once, with its pack, in asking order: by ``question_urgency``, most
    urgent first (emergency, urgent, soon, routine, then questions that count towards a score
    with no urgency of their own), in pack order within a level. Unknown conditions raise
    UnknownConditionError with suggestions.
    """
    lib = library_or_default(library)
    # By any name the library takes ("Low back pain"); kept and reported by id.
    wanted = tuple(dict.fromkeys(lib.condition(c).id for c in _conditions(conditions)))
    out: list[tuple[Pack, Question]] = []
    seen: set[str] = set()
    for cond in _related(lib, wanted):
        for pack, q in lib.questions(cond):
            if q.id not in seen:
                seen.add(q.id)
                out.append((pack, q))
    # sorted() is stable: pack order is kept within one urgency.
    return tuple(sorted(out, key=lambda pq: -question_urgency(*pq).rank))


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
    raise DataError(
        [
            tr(
                "$.answers.{question}: expected yes or no, got {value}",
                question=qid,
                value=repr(value),
            )
        ]
    )


def screen(
    conditions: str | Iterable[str],
    answers: Mapping[str, bool | str | Answer],
    *,
    library: Library | None = None,
) -> ScreeningResult:
    """Screen the red flags of one condition or several from yes/no answers keyed by question id.

    Unknown question ids raise UnknownQuestionError (with suggestions) and answers other than
    yes or no DataError. Unanswered questions raise no flag; they are listed in the result, its
    ``status`` says how much was answered, and the advice says what may be missed.
    """
    lib = library_or_default(library)
    wanted = tuple(dict.fromkeys(lib.condition(c).id for c in _conditions(conditions)))
    asked = questions(wanted, library=lib)
    by_id = {q.id: (pack, q) for pack, q in asked}
    if not isinstance(answers, Mapping):
        raise DataError(
            [tr("$.answers: expected a table of question ids, got {value}", value=repr(answers))]
        )
    unknown = sorted(str(a) for a in set(answers) - set(by_id))
    if unknown:
        import difflib

        names = ", ".join(repr(c) for c in wanted)
        raise UnknownQuestionError(
            unknown[0],
            tuple(difflib.get_close_matches(unknown[0], list(by_id), n=3, cutoff=0.6)),
            detail=tr(
                "the questions of {conditions} are {questions}",
                conditions=names,
                questions=", ".join(by_id) or tr("none"),
            ),
        )
    given = {qid: _answer(qid, value) for qid, value in answers.items()}
    flags: list[Flag] = []
    counts: dict[tuple[str, str], int] = {}
    implied = ProfileFacts()
    for pack, q in asked:
        if given.get(q.id) is not q.flag_on:
            continue
        if q.implies is not None:
            implied = implied.union(q.implies)
        if q.score is not None:
            counts[pack.id, q.score] = counts.get((pack.id, q.score), 0) + 1
        if q.urgency is not Urgency.NONE:
            text, advice = question_texts(pack, q)
            flags.append(Flag(q.id, text, q.urgency, advice, _citations(pack, q.references)))
    for pack, score in _scores(lib, wanted):
        count = counts.get((pack.id, score.id), 0)
        reached = [t for t in score.thresholds if count >= t.at_least]
        if reached:
            top = max(reached, key=lambda t: t.at_least)
            own = _own_id(pack, score.id)
            name = pack.text(f"scores.{own}.name", score.name)[0]
            index = score.thresholds.index(top)
            advice = pack.text(f"scores.{own}.thresholds.{index}.advice", top.advice)[0]
            flags.append(
                Flag(
                    score.id,
                    tr("{score} score {count}", score=name, count=count),
                    top.urgency,
                    advice,
                    _citations(pack, score.references),
                )
            )
    urgency = max((f.urgency for f in flags), key=lambda u: u.rank, default=Urgency.NONE)
    answered = tuple(q.id for _, q in asked if q.id in given)
    unanswered = tuple(q.id for _, q in asked if q.id not in given)
    if not unanswered:
        status = ScreeningStatus.COMPLETE
    elif answered:
        status = ScreeningStatus.INCOMPLETE
    else:
        status = ScreeningStatus.NOT_SCREENED
    result = ScreeningResult(
        wanted, status, urgency, tuple(flags), (), answered, unanswered, implied
    )
    return attrs.evolve(result, advice=_advice(result))


def apply_screening(profile: Profile, screening: ScreeningResult | ProfileFacts) -> Profile:
    """``profile`` with what the screening's flagged answers imply about the person added.

    The result is at least as careful as ``profile``, never less: a True stays True, the implied
    facts become True (``possibly_pregnant``, ``pregnant``, ``postpartum``) and the implied limbs
    join ``lymphoedema``. Nothing else changes. Compose and check with the profile it returns.
    """
    if not isinstance(profile, Profile):
        raise DataError(
            [tr("$.profile: expected a Profile, got {value}", value=type(profile).__name__)]
        )
    facts = screening.implies if isinstance(screening, ScreeningResult) else screening
    if not isinstance(facts, ProfileFacts):
        raise DataError(
            [
                tr(
                    "$.screening: expected a ScreeningResult or ProfileFacts, got {value}",
                    value=type(screening).__name__,
                )
            ]
        )
    return facts.apply(profile)


def _advice(result: ScreeningResult) -> tuple[str, ...]:
    """The advice for the person, most urgent first: never "no red flag" when nothing was asked."""
    if result.status is ScreeningStatus.NOT_SCREENED:
        advice = [tr(NOT_SCREENED_ADVICE)]
    else:
        advice = [tr(URGENCY_ADVICE[result.urgency])]
    by_urgency = sorted(result.flags, key=lambda f: -f.urgency.rank)
    advice.extend(dict.fromkeys(f.advice for f in by_urgency))
    if result.status is ScreeningStatus.INCOMPLETE:
        advice.append(f"{result.summary}.")
    if result.urgency.rank >= Urgency.URGENT.rank:
        advice.append(tr("Do not rely on acupressure for this."))
    return tuple(dict.fromkeys(advice))


def _listed(words: list[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    if len(words) < 2:
        return "".join(words)
    return ", ".join(words[:-1]) + tr(" and ") + words[-1]


def _own_id(pack: Pack, item: str) -> str:
    """A question's or score's id as its pack writes it (the library may qualify it)."""
    return item.removeprefix(f"{pack.id}:")


def question_texts(pack: Pack, question: Question) -> tuple[str, str]:
    """A question's text and advice in the current language where its pack translates them."""
    own = _own_id(pack, question.id)
    text = pack.text(f"screening.{own}.text", question.text)[0]
    advice = pack.text(f"screening.{own}.advice", question.advice)[0] if question.advice else ""
    return text, advice


def _scores(library: Library, conditions: tuple[str, ...]) -> list[tuple[Pack, Score]]:
    out: list[tuple[Pack, Score]] = []
    for cond in _related(library, conditions):  # each condition once, so each score once
        out.extend(library.scores(cond))
    return out


def _citations(pack: Pack, refs: tuple[str, ...]) -> tuple[str, ...]:
    out = []
    for ref_id in refs:
        ref = pack.reference(ref_id)
        out.append(ref.citation if ref is not None else ref_id)
    return tuple(out)
