"""Turn whatever a person writes for a point into point codes, best reading first.

The index is built once per library from the catalog (codes, pinyin, characters, glosses, book
names), the meridian notations, the older numberings and the aliases packs add; Wade-Giles
spellings are derived syllable by syllable from the pinyin. Lookups fold case, spaces,
punctuation, tone marks and traditional/simplified characters, so ``BL-23``, ``bl 23``,
``Shènshù`` and ``肾俞`` meet one key.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping, Sequence

import attrs

from .._catalog import Notation
from .._model.points import Meridian, Point
from .._text import normalize, tone_key
from ..errors import UnknownNotationError, UnknownPointError
from . import romanize as _romanize

__all__ = [
    "NAME_NOTATIONS",
    "Alias",
    "Match",
    "Resolution",
    "Resolver",
    "UnknownNotationError",
    "normalize",
]

# The notations of names (as opposed to meridian abbreviations, which come from notations.toml).
NAME_NOTATIONS = {
    "pinyin": "pinyin names, with or without tone marks and spaces",
    "wade-giles": "Wade-Giles spellings of the pinyin (Hoku, Tsu San Li), derived per syllable",
    "hanzi": "Chinese characters, traditional or simplified",
    "gloss": "acupress's English gloss of the characters",
    "nickname": "well-known English names from books",
    "legacy-bladder": "the older bladder numbering of many self-care books (B47 is BL52)",
    "legacy-extra": "older codes of extra points (M-UE-22 is EX-UE9)",
}

# Lower is better: how much a reading of each notation is to be trusted when several compete.
_RANK = {
    "who": 0,
    "legacy-extra": 1,
    "english": 1,
    "pinyin": 2,
    "hanzi": 2,
    "alias": 3,
    "wade-giles": 3,
    "gloss": 3,
    "nickname": 4,
    "legacy-bladder": 4,
}
_FOREIGN_RANK = 5

_CODE = re.compile(r"(.+?)0*([1-9][0-9]*)")
# Character variants people type that the catalog does not spell (腧 and 兪 for 俞).
_EXTRA_FOLDS = {"腧": "俞", "兪": "俞", "淸": "清", "靑": "青"}


@attrs.frozen
class Alias:
    """A name for a point that a pack adds: the text, the point, and where the name comes from."""

    text: str
    point: str
    notation: str = "alias"
    source: str = ""


@attrs.frozen
class Match:
    """One reading of a query: the point code, the notation it was read in, and why."""

    code: str
    notation: str
    why: str


@attrs.frozen
class Resolution:
    """The readings of a query, best first; ``ambiguous`` when more than one point is plausible."""

    query: str
    matches: tuple[Match, ...]

    @property
    def ambiguous(self) -> bool:
        """True when the query could mean more than one point."""
        return len(self.matches) > 1

    @property
    def code(self) -> str:
        """The best reading's point code."""
        return self.matches[0].code

    @property
    def codes(self) -> tuple[str, ...]:
        """Every plausible point code, best first."""
        return tuple(m.code for m in self.matches)


@attrs.frozen
class _Entry:
    code: str
    notation: str
    why: str
    rank: int
    order: int


class Resolver:
    """An index from every way of writing a point to its code. Immutable once built."""

    def __init__(
        self,
        meridians: Sequence[Meridian],
        points: Sequence[Point],
        notations: Sequence[Notation],
        legacy_bladder: Mapping[str, str],
        aliases: Iterable[Alias] = (),
    ) -> None:
        self._points = {p.code: p for p in points}
        self._order = {p.code: i for i, p in enumerate(points)}
        self._meridian_names = {m.code: m.name for m in meridians}
        self._notations = {n.name: n for n in notations}
        folds: dict[int, str] = {ord(k): v for k, v in _EXTRA_FOLDS.items()}
        for p in points:
            for trad, simp in zip(p.names.hanzi, p.names.simplified, strict=False):
                if trad != simp:
                    folds.setdefault(ord(trad), simp)
        self._folds = folds
        self._names: dict[str, list[_Entry]] = {}
        self._tones: dict[str, set[str]] = {}
        # prefix -> [(meridian or EX group, notation, english?)]
        self._prefixes: dict[str, list[tuple[str, str, bool]]] = {}
        self._legacy_bladder = dict(legacy_bladder)
        self._legacy_bladder_reverse = {who: old for old, who in legacy_bladder.items()}
        self._build_prefixes(notations)
        for p in points:
            self._index_point(p)
        for alias in aliases:
            if alias.point not in self._points:
                raise UnknownPointError(alias.point, detail=f"named by the alias {alias.text!r}")
            why = f"{alias.text!r} is a name for {alias.point}"
            if alias.source:
                why += f" ({alias.source})"
            self._add(normalize(alias.text, self._folds), alias.point, alias.notation, why)
        for entries in self._names.values():
            entries.sort(key=lambda e: (e.rank, e.order))
        self._known = frozenset(
            {*self._notations, *NAME_NOTATIONS, "alias"}
            | {e.notation for entries in self._names.values() for e in entries}
        )

    # -- building -------------------------------------------------------------------------

    def _build_prefixes(self, notations: Sequence[Notation]) -> None:
        english_keys: set[str] = set()
        for n in notations:
            if n.english:
                for mapping in (n.abbreviations, n.names):
                    for spellings in mapping.values():
                        english_keys.update(normalize(s) for s in spellings)
        for n in notations:
            for mapping in (n.abbreviations, n.names):
                for meridian, spellings in mapping.items():
                    for spelling in spellings:
                        key = normalize(spelling)
                        # A foreign spelling that an English one shares is only read when asked for.
                        default = n.english or key not in english_keys
                        entry = (meridian, n.name, default)
                        if entry not in self._prefixes.setdefault(key, []):
                            self._prefixes[key].append(entry)
        for group in ("HN", "CA", "B", "UE", "LE"):
            self._prefixes.setdefault(f"ex{group.lower()}", []).append((f"EX-{group}", "who", True))

    def _add(self, key: str, code: str, notation: str, why: str) -> None:
        if not key:
            return
        entries = self._names.setdefault(key, [])
        if any(e.code == code and e.notation == notation for e in entries):
            return
        rank = _RANK.get(notation, 3)
        entries.append(_Entry(code, notation, why, rank, self._order.get(code, len(self._order))))

    def _index_point(self, p: Point) -> None:
        names = p.names
        if ":" in p.code:  # a pack's own point, by its namespaced code
            self._add(normalize(p.code), p.code, "who", f"code of a pack's own point {p.code}")
        for pinyin in (names.pinyin, *names.pinyin_alt):
            self._add(normalize(pinyin), p.code, "pinyin", f"pinyin name of {p.code} ({pinyin})")
            for key in _romanize.wade_giles_keys(pinyin):
                spelled = " ".join(_romanize.wade_giles(pinyin)).title()
                self._add(key, p.code, "wade-giles", f"Wade-Giles spelling of {pinyin} ({spelled})")
        if names.tones:
            self._add(normalize(names.tones), p.code, "pinyin", f"pinyin name of {p.code}")
            self._tones.setdefault(tone_key(names.tones), set()).add(p.code)
            for key in _romanize.wade_giles_keys(names.tones):
                spelled = " ".join(_romanize.wade_giles(names.tones)).title()
                self._add(
                    key, p.code, "wade-giles", f"Wade-Giles spelling of {names.pinyin} ({spelled})"
                )
        for chars in {names.hanzi, names.simplified} - {""}:
            self._add(
                normalize(chars, self._folds), p.code, "hanzi", f"characters of {p.code} ({chars})"
            )
        if names.gloss:
            self._add(
                normalize(names.gloss),
                p.code,
                "gloss",
                f"gloss of {p.code}'s characters ({names.gloss})",
            )
        for nick in names.nicknames:
            self._add(normalize(nick), p.code, "nickname", f"book name of {p.code} ({nick})")
        for legacy in p.legacy_codes:
            self._add(
                normalize(legacy),
                p.code,
                "legacy-extra",
                f"older extra-point code {legacy} of {p.code}",
            )

    # -- looking up -----------------------------------------------------------------------

    @property
    def notations(self) -> tuple[str, ...]:
        """Every notation name this resolver accepts, sorted."""
        return tuple(sorted(self._known))

    def _check_notation(self, notation: str | None) -> None:
        if notation is not None and notation not in self._known:
            raise UnknownNotationError(
                f"unknown notation {notation!r}; known: {', '.join(self.notations)}"
            )

    def resolve(self, text: str, notation: str | None = None) -> Resolution:
        """Every plausible reading of ``text``, best first; UnknownPointError when there is none."""
        if not isinstance(text, str):
            raise UnknownPointError(repr(text))
        self._check_notation(notation)
        key = normalize(text, self._folds)
        entries: list[_Entry] = []
        if key:
            entries.extend(self._code_entries(key, notation))
            named = self._names.get(key, ())
            if named and not text.isascii():
                # Tone marks tell Zhongzhu 中渚 (zhōng zhǔ) from Zhongzhu 中注 (zhōng zhù).
                toned = self._tones.get(tone_key(text))
                if toned:
                    named = [e for e in named if e.code in toned]
            entries.extend(e for e in named if notation is None or e.notation == notation)
        if not entries:
            raise UnknownPointError(text, self.suggest(key), detail=self._range_hint(key))
        # Between equally good readings, one that a pack names explicitly comes first.
        named_by_pack = {e.code for e in entries if e.notation not in _RANK}
        entries.sort(key=lambda e: (e.rank, e.code not in named_by_pack, e.order))
        seen: set[str] = set()
        matches = []
        for e in entries:
            if e.code not in seen:
                seen.add(e.code)
                matches.append(Match(e.code, e.notation, e.why))
        return Resolution(query=text, matches=tuple(matches))

    def _code_entries(self, key: str, notation: str | None) -> list[_Entry]:
        found = _CODE.fullmatch(key)
        if found is None:
            return []
        prefix, number = found.group(1), int(found.group(2))
        out = []
        for meridian, spelled_in, default in self._prefixes.get(prefix, ()):
            if (notation is None and not default) or notation not in (None, spelled_in):
                continue
            code = f"{meridian}{number}"
            if code not in self._points:
                continue
            if spelled_in == "who":
                why = f"WHO code {code}"
                rank = 0
            else:
                name = self._meridian_names.get(meridian, meridian)
                why = f"{spelled_in} notation: {prefix.upper()} is the {name} meridian"
                rank = _RANK.get(spelled_in, _FOREIGN_RANK)
            out.append(_Entry(code, spelled_in, why, rank, self._order[code]))
        if prefix in ("b", "ub", "bl") and notation in (None, "legacy-bladder"):
            modern = self._legacy_bladder.get(f"B{number}")
            # BL is WHO's own code, so BL47 is read in the old numbering only when asked for.
            if modern and (prefix != "bl" or notation == "legacy-bladder"):
                why = f"older bladder numbering: B{number} is {modern} in WHO numbering"
                out.append(
                    _Entry(
                        modern, "legacy-bladder", why, _RANK["legacy-bladder"], self._order[modern]
                    )
                )
        return out

    def _range_hint(self, key: str) -> str:
        """For 'BL70': 'the Bladder meridian has points 1 to 67'."""
        found = _CODE.fullmatch(key)
        if found is None:
            return ""
        for meridian, _notation, default in self._prefixes.get(found.group(1), ()):
            if default:
                numbers = [
                    p.number
                    for p in self._points.values()
                    if p.code[: len(meridian)] == meridian and p.code[len(meridian) :].isdigit()
                ]
                if numbers:
                    name = self._meridian_names.get(meridian)
                    if name is None:
                        return f"the {meridian} extra points are numbered 1 to {max(numbers)}"
                    return f"the {name} meridian has points 1 to {max(numbers)}"
        return ""

    def suggest(self, key: str, limit: int = 5) -> tuple[str, ...]:
        """The codes whose spellings come closest to ``key`` (a normalized query)."""
        if not key:
            return ()
        candidates = list(self._names) + [c.lower() for c in self._points]
        close = difflib.get_close_matches(key, candidates, n=limit * 3, cutoff=0.6)
        codes: list[str] = []
        for spelling in close:
            for code in [e.code for e in self._names.get(spelling, ())] or [spelling.upper()]:
                if code in self._points and code not in codes:
                    codes.append(code)
        return tuple(codes[:limit])

    # -- writing --------------------------------------------------------------------------

    def spellings(self, code: str, notation: str) -> tuple[str, ...]:
        """The ways ``notation`` writes point ``code`` (empty when it has none for this point)."""
        p = self._points[code]
        if notation in self._notations:
            n = self._notations[notation]
            out = [f"{a}{p.number}" for a in n.abbreviations.get(p.meridian, ())]
            out += [f"{a} {p.number}" for a in n.abbreviations.get(p.meridian, ())]
            out += [f"{name} {p.number}" for name in n.names.get(p.meridian, ())]
            if notation == "who":
                out = [p.code]
            return tuple(out)
        names = p.names
        if notation == "pinyin":
            return tuple(s for s in (names.pinyin, names.tones, *names.pinyin_alt) if s)
        if notation == "wade-giles":
            source = names.tones or names.pinyin
            syllables = _romanize.wade_giles(source)
            return (" ".join(syllables).title(), "".join(syllables).title()) if syllables else ()
        if notation == "hanzi":
            return tuple(dict.fromkeys(s for s in (names.hanzi, names.simplified) if s))
        if notation == "gloss":
            return (names.gloss,) if names.gloss else ()
        if notation == "nickname":
            return names.nicknames
        if notation == "legacy-bladder":
            old = self._legacy_bladder_reverse.get(code)
            return (old,) if old else ()
        if notation == "legacy-extra":
            return p.legacy_codes
        return ()
