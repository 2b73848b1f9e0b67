"""Finding conditions for a complaint in a person's own words: ``find_conditions``.

A chat or a search box gets "my lower back hurts" or "can't sleep", not ``low-back-pain``. Each
condition is described by the words of its id, its names (name and synonyms), its description
and what the packs say about its points (the indications' ``why``); the words of the complaint are
matched against them after folding case and accents and cutting a few English endings ("hurts",
"sleeping", "headaches"). Words found in every condition count for little, words found in one for
much; a word in the id or names counts more than one in the description, and that more than one in
the indications; of two conditions matched alike, the one whose name the words cover more of comes
first. This is a search aid, never a diagnosis: it only says which conditions the packs
cover that the words point to.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Mapping

import attrs

from ._default import library_or_default
from ._i18n import mark, ntr, tr
from ._library import Library
from ._model.packs import Condition

__all__ = ["FIELD_WEIGHTS", "MAX_QUERY_CHARS", "ConditionMatch", "find_conditions", "stem"]

# How much a word found in each part of a condition counts, most telling first.
FIELD_WEIGHTS: Mapping[str, float] = {
    "name": 2.5,  # the condition's name, its synonyms and the words of its id
    "description": 2.0,
    "indications": 1.0,
}
_FIELD_WORDS = {
    "name": mark("its name"),  # a synonym is one of its names
    "description": mark("its description"),
    "indications": mark("what the packs say about its points"),
}
MAX_QUERY_CHARS = 2000  # a complaint, not a document: longer text is cut here

_WORD = re.compile(r"[^\W\d_]+")
# Words that say nothing about a complaint (after stemming, as in the text they are cut from).
_STOP = frozenset(
    """a about after again all also am an and any are as at be been before being but by can cannot
    could day days did do does doing don down during each even ever feel feeling feels few for from
    get gets getting go going got had has have having he her here him his how i if in into is it
    its just keep keeps know like lot made make makes many me more most much my never no nor not
    now of off often on once one only or other our out over really same she should since so some
    still such t than that the their them then there these they thing things this those through
    time times to too up us very was way we well were what when where which while who why will with
    would you your doesn didn isn won wasn aren haven hasn cant dont im ive""".split()  # noqa: SIM905
)
# A tiny stemmer: one ending cut per word, leaving at least three letters. Both the complaint and
# the conditions' texts go through it, so "headaches" and "headache" meet at "headach".
_ENDINGS = ("ness", "less", "ing", "ies", "ied", "ed", "es", "er", "ly", "s", "e")


def stem(word: str) -> str:
    """``word`` folded (case, accents) with one common English ending cut: ``hurts`` -> ``hurt``."""
    folded = unicodedata.normalize("NFKD", word.casefold())
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    for ending in _ENDINGS:
        if folded.endswith(ending) and len(folded) - len(ending) >= 3:
            return folded[: -len(ending)] + ("y" if ending in ("ies", "ied") else "")
    return folded


def _words(text: str) -> dict[str, str]:
    """The stems of ``text`` that carry meaning, each with the first word it came from."""
    found: dict[str, str] = {}
    for word in _WORD.findall(text):
        folded = word.casefold()
        if folded in _STOP or len(folded) < 2:
            continue
        key = stem(word)
        if key not in _STOP:
            found.setdefault(key, folded)
    return found


@attrs.frozen
class ConditionMatch:
    """A condition a complaint points to: how strongly (``score``, higher is better) and why.

    ``words`` are the words of the complaint that matched, as written; ``why`` says where each
    was found ("'back' is in its name").
    """

    condition: Condition
    pack: str
    score: float
    words: tuple[str, ...]
    why: tuple[str, ...]

    @property
    def id(self) -> str:
        """The condition's id, as ``compose()``, ``screen()`` and the CLI take it."""
        return self.condition.id


class _Index:
    """Each condition's stems by field, and how many conditions hold each stem."""

    def __init__(self, library: Library) -> None:
        self.fields: dict[str, dict[str, set[str]]] = {}
        self.titles: dict[str, list[set[str]]] = {}  # the words of each of its names
        counts: dict[str, int] = {}
        for cid, condition in library.conditions.items():
            why = " ".join(ind.why for _pack, ind in library.indications(condition=cid))
            texts = {
                "name": " ".join((condition.name, cid.replace("-", " "), *condition.synonyms)),
                "description": condition.description,
                "indications": why,
            }
            fields = {field: set(_words(text)) for field, text in texts.items()}
            names = (f"{condition.name} {cid.replace('-', ' ')}", *condition.synonyms)
            self.titles[cid] = [words for text in names if (words := set(_words(text)))] or [{""}]
            self.fields[cid] = fields
            for key in set().union(*fields.values()):
                counts[key] = counts.get(key, 0) + 1
        total = len(self.fields)
        # A word in every condition still counts a little; one in a single condition the most.
        self.weight = {key: math.log(1 + total / n) for key, n in counts.items()}


def find_conditions(text: str, library: Library | None = None) -> tuple[ConditionMatch, ...]:
    """The conditions of ``library`` (the default when None) that ``text`` points to, best first.

    ``text`` is a complaint in a person's words ("my lower back hurts", "can't sleep",
    "headache behind my eyes"). Each match has a score (higher is better), the words that matched
    and why. The tuple is empty when no word matches; ties keep the library's order. Only the
    first ``MAX_QUERY_CHARS`` characters are read. A match is a pointer to what the packs cover,
    not a diagnosis: screen the condition's red flags before composing a routine for it.
    """
    if not isinstance(text, str):
        raise TypeError(tr("find_conditions takes text, not {kind}", kind=type(text).__name__))
    lib = library_or_default(library)
    index = lib.memo("condition-words", lambda: _Index(lib))
    query = _words(text[:MAX_QUERY_CHARS])
    matches = []
    for cid, fields in index.fields.items():
        score = 0.0
        found: dict[str, str] = {}  # each word of the complaint that matched: its best field
        for key, word in query.items():
            best = next((f for f in FIELD_WEIGHTS if key in fields[f]), None)
            if best is not None:
                score += FIELD_WEIGHTS[best] * index.weight[key]
                found[word] = best
        if not found:
            continue
        # Of two conditions the words point to alike, the one whose name they cover more of
        # comes first ("headache": Headache before Tension-type headache); at most one point.
        # The best of its names counts: the name, or the synonym the words cover most of.
        score += max(len(title & set(query)) / len(title) for title in index.titles[cid])
        why = tuple(
            ntr(
                "{words} is in {field}",
                "{words} are in {field}",
                len(words),
                words=_quoted(words),
                field=tr(_FIELD_WORDS[field]),
            )
            for field in FIELD_WEIGHTS
            if (words := [w for w, best in found.items() if best == field])
        )
        matches.append(
            ConditionMatch(
                condition=lib.conditions[cid],
                pack=lib.condition_pack(cid),
                score=round(score, 3),
                words=tuple(found),
                why=why,
            )
        )
    # sorted() is stable: equal scores keep the library's order.
    return tuple(sorted(matches, key=lambda m: -m.score))


def _quoted(words: list[str]) -> str:
    quoted = [f"'{w}'" for w in words]
    if len(quoted) == 1:
        return quoted[0]
    return tr("{first} and {last}", first=", ".join(quoted[:-1]), last=quoted[-1])
