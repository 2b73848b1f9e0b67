"""Turn whatever a person writes for a point into point codes, best reading first.

The index is built once per library from the catalog (codes, pinyin, characters, glosses, book
names), the meridian notations, the older numberings and the aliases packs add; Wade-Giles
spellings are derived syllable by syllable from the pinyin. Lookups fold case, spaces,
punctuation, tone marks and traditional/simplified characters, so ``BL-23``, ``bl 23``,
``Shènshù`` and ``肾俞`` meet one key.
"""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from types import MappingProxyType
from typing import Any, NamedTuple

import attrs

from .._catalog import Notation, legacy_bladder, standard_catalog
from .._model.points import Meridian, Point
from .._state import process_cache
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
    "catalog_resolver",
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
# Added to the rank of every pack reading, so that any reading of the catalog comes first.
_PACK_RANK = 10

_CODE = re.compile(r"(.+?)0*([1-9][0-9]*)")
# Character variants people type that the catalog does not spell (腧 and 兪 for 俞).
_EXTRA_FOLDS = {"腧": "俞", "兪": "俞", "淸": "清", "靑": "青"}


def _is_pack_code(code: str) -> bool:
    return ":" in code


def _plain(value: Any) -> Any:
    """A read-only view as a plain table, for pickling (the values are immutable already)."""
    if isinstance(value, Notation):
        return attrs.evolve(value, abbreviations=dict(value.abbreviations), names=dict(value.names))
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _frozen(n: Notation) -> Notation:
    return attrs.evolve(
        n,
        abbreviations=MappingProxyType(dict(n.abbreviations)),
        names=MappingProxyType(dict(n.names)),
    )


def _restore(state: Mapping[str, Any]) -> Resolver:
    resolver = Resolver.__new__(Resolver)
    for name, value in state.items():
        object.__setattr__(resolver, name, value)
    resolver._seal()
    return resolver


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


class _Entry(NamedTuple):
    code: str
    notation: str
    why: str
    rank: int
    order: int
    pack: bool = False  # a pack's reading: an alias, or a name of a pack's own point


_Prefix = tuple[str, str, bool]  # (meridian or EX group, notation, on by default)


class Resolver:
    """An index from every way of writing a point to its code. Immutable once built.

    Pack readings (the aliases packs add and the names of packs' own points) always rank below
    every reading of the catalog, and never join a spelling the catalog already reads as other
    points: ``Hegu`` is LI4 whatever a pack says. Such readings are left out and listed in
    ``left_out``; the loader refuses the pack before it gets here (see ``_packs.policy``).
    """

    __slots__ = (
        "_folds",
        "_known",
        "_left_out",
        "_legacy_bladder",
        "_legacy_bladder_reverse",
        "_meridian_names",
        "_names",
        "_notations",
        "_order",
        "_points",
        "_prefixes",
        "_sealed",
        "_tones",
    )

    _folds: Mapping[int, str]
    _known: frozenset[str]
    _left_out: tuple[str, ...]
    _legacy_bladder: Mapping[str, str]
    _legacy_bladder_reverse: Mapping[str, str]
    _meridian_names: Mapping[str, str]
    _names: Mapping[str, Sequence[_Entry]]
    _notations: Mapping[str, Notation]
    _order: Mapping[str, int]
    _points: Mapping[str, Point]
    _prefixes: Mapping[str, Sequence[_Prefix]]
    _tones: Mapping[str, Collection[str]]

    def __init__(
        self,
        meridians: Sequence[Meridian],
        points: Sequence[Point],
        notations: Sequence[Notation],
        legacy_bladder: Mapping[str, str],
        aliases: Iterable[Alias] = (),
    ) -> None:
        own = [p for p in points if not _is_pack_code(p.code)]
        self._points = {p.code: p for p in own}
        self._order = {p.code: i for i, p in enumerate(own)}
        self._meridian_names = {m.code: m.name for m in meridians}
        self._notations = {n.name: n for n in notations}
        folds: dict[int, str] = {ord(k): v for k, v in _EXTRA_FOLDS.items()}
        for p in own:
            for trad, simp in zip(p.names.hanzi, p.names.simplified, strict=False):
                if trad != simp:
                    folds.setdefault(ord(trad), simp)
        self._folds = folds
        self._names = {}
        self._tones = {}
        self._prefixes = {}
        self._left_out = ()
        self._legacy_bladder = dict(legacy_bladder)
        self._legacy_bladder_reverse = {who: old for old, who in legacy_bladder.items()}
        self._build_prefixes(notations)
        for p in own:
            self._index_point(p, pack=False)
        self._add_packs([p for p in points if _is_pack_code(p.code)], aliases)

    def with_packs(self, points: Sequence[Point], aliases: Iterable[Alias] = ()) -> Resolver:
        """This index and the packs' own points and aliases (a new Resolver; this one is kept).

        Building the catalog's index is the slow part; a library's index starts from it.
        """
        new = Resolver.__new__(Resolver)
        for name in Resolver.__slots__:
            if name != "_sealed":
                object.__setattr__(new, name, getattr(self, name))
        new._points = dict(self._points)
        new._order = dict(self._order)
        new._names = {key: list(entries) for key, entries in self._names.items()}
        new._tones = {key: set(codes) for key, codes in self._tones.items()}
        new._add_packs(points, aliases, left_out=self._left_out)
        return new

    # -- building -------------------------------------------------------------------------

    def __setattr__(self, name: str, value: object) -> None:
        if getattr(self, "_sealed", False):
            raise AttributeError(f"a Resolver cannot be changed (tried to set {name!r})")
        object.__setattr__(self, name, value)

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"a Resolver cannot be changed (tried to delete {name!r})")

    def __reduce__(self) -> tuple[object, tuple[object, ...]]:
        # For the per-user cache: the read-only views are stored as plain tables.
        state = {name: _plain(getattr(self, name)) for name in self.__slots__ if name != "_sealed"}
        return _restore, (state,)

    def _add_packs(
        self, points: Sequence[Point], aliases: Iterable[Alias], left_out: Sequence[str] = ()
    ) -> None:
        """Index packs' own points and aliases, then make every table read-only."""
        self._left_out = tuple(left_out)
        names = self._names
        assert isinstance(names, dict)
        for p in points:
            if not _is_pack_code(p.code):
                raise ValueError(f"{p.code!r} is not a pack point's code")
            self._order[p.code] = len(self._order)  # type: ignore[index]
            self._points[p.code] = p  # type: ignore[index]
            self._index_point(p, pack=True)
        catalog_notations = {*self._notations, *NAME_NOTATIONS}
        for alias in aliases:
            if alias.point not in self._points:
                raise UnknownPointError(alias.point, detail=f"named by the alias {alias.text!r}")
            why = f"{alias.text!r} is a name for {alias.point}"
            if alias.source:
                why += f" ({alias.source})"
            # A pack's names are never read as one of the catalog's notations.
            notation = "alias" if alias.notation in catalog_notations else alias.notation
            self._add(normalize(alias.text, self._folds), alias.point, notation, why, pack=True)
        for key, entries in names.items():
            names[key] = tuple(sorted(entries, key=lambda e: (e.rank, e.order)))
        self._known = frozenset(
            {*self._notations, *NAME_NOTATIONS, "alias"}
            | {e.notation for entries in names.values() for e in entries}
        )
        self._seal()

    def _seal(self) -> None:
        """Make every table a read-only view, and the resolver itself unchangeable."""
        for name in ("_points", "_order", "_meridian_names", "_folds"):
            object.__setattr__(self, name, MappingProxyType(dict(getattr(self, name))))
        object.__setattr__(
            self,
            "_notations",
            MappingProxyType({k: _frozen(n) for k, n in self._notations.items()}),
        )
        for name in ("_legacy_bladder", "_legacy_bladder_reverse"):
            object.__setattr__(self, name, MappingProxyType(dict(getattr(self, name))))
        object.__setattr__(
            self, "_names", MappingProxyType({k: tuple(v) for k, v in self._names.items()})
        )
        object.__setattr__(
            self, "_tones", MappingProxyType({k: frozenset(v) for k, v in self._tones.items()})
        )
        object.__setattr__(
            self, "_prefixes", MappingProxyType({k: tuple(v) for k, v in self._prefixes.items()})
        )
        object.__setattr__(self, "_sealed", True)

    def _build_prefixes(self, notations: Sequence[Notation]) -> None:
        prefixes: dict[str, list[_Prefix]] = {}
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
                        if entry not in prefixes.setdefault(key, []):
                            prefixes[key].append(entry)
        for group in ("HN", "CA", "B", "UE", "LE"):
            prefixes.setdefault(f"ex{group.lower()}", []).append((f"EX-{group}", "who", True))
        self._prefixes = prefixes

    def _add(self, key: str, code: str, notation: str, why: str, *, pack: bool) -> None:
        if not key:
            return
        if pack:
            # The catalog's readings of a spelling are never joined by a pack's other points.
            catalog = self._catalog_codes(key)
            if catalog and code not in catalog:
                self._left_out += (
                    f"{why}: left out, as the catalog reads it as {', '.join(catalog)}",
                )
                return
        names = self._names
        assert isinstance(names, dict)
        entries = names.setdefault(key, [])
        if any(e.code == code and e.notation == notation for e in entries):
            return
        rank = _RANK.get(notation, 3) + (_PACK_RANK if pack else 0)
        entries.append(
            _Entry(code, notation, why, rank, self._order.get(code, len(self._order)), pack)
        )

    def _index_point(self, p: Point, *, pack: bool) -> None:
        names = p.names
        add = functools.partial(self._add, pack=pack)
        if pack:  # a pack's own point, by its namespaced code
            add(normalize(p.code), p.code, "who", f"code of a pack's own point {p.code}")
        for pinyin in (names.pinyin, *names.pinyin_alt):
            add(normalize(pinyin), p.code, "pinyin", f"pinyin name of {p.code} ({pinyin})")
            for key in _romanize.wade_giles_keys(pinyin):
                spelled = " ".join(_romanize.wade_giles(pinyin)).title()
                add(key, p.code, "wade-giles", f"Wade-Giles spelling of {pinyin} ({spelled})")
        if names.tones:
            add(normalize(names.tones), p.code, "pinyin", f"pinyin name of {p.code}")
            tones = self._tones
            assert isinstance(tones, dict)
            tones.setdefault(tone_key(names.tones), set()).add(p.code)
            for key in _romanize.wade_giles_keys(names.tones):
                spelled = " ".join(_romanize.wade_giles(names.tones)).title()
                add(key, p.code, "wade-giles", f"Wade-Giles spelling of {names.pinyin} ({spelled})")
        for chars in {names.hanzi, names.simplified} - {""}:
            add(normalize(chars, self._folds), p.code, "hanzi", f"characters of {p.code} ({chars})")
        if names.gloss:
            add(
                normalize(names.gloss),
                p.code,
                "gloss",
                f"gloss of {p.code}'s characters ({names.gloss})",
            )
        for nick in names.nicknames:
            add(normalize(nick), p.code, "nickname", f"book name of {p.code} ({nick})")
        for legacy in p.legacy_codes:
            add(
                normalize(legacy),
                p.code,
                "legacy-extra",
                f"older extra-point code {legacy} of {p.code}",
            )

    def _catalog_codes(self, key: str) -> tuple[str, ...]:
        """The catalog's default readings of a normalized spelling, best first (no pack's)."""
        entries = self._code_entries(key, None)
        entries.extend(e for e in self._names.get(key, ()) if not e.pack)
        entries.sort(key=lambda e: (e.rank, e.order))
        return tuple(dict.fromkeys(e.code for e in entries))

    # -- looking up -----------------------------------------------------------------------

    @property
    def notations(self) -> tuple[str, ...]:
        """Every notation name this resolver accepts, sorted."""
        return tuple(sorted(self._known))

    @property
    def left_out(self) -> tuple[str, ...]:
        """Pack readings not indexed because the catalog reads the spelling as other points."""
        return self._left_out

    def catalog_codes(self, text: str) -> tuple[str, ...]:
        """The points the catalog alone reads ``text`` as (by default), ignoring tone marks.

        Empty when the catalog has no reading of it. Packs' aliases and points do not count.
        """
        return self._catalog_codes(normalize(text, self._folds)) if isinstance(text, str) else ()

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
                    named = tuple(e for e in named if e.code in toned)
            entries.extend(e for e in named if notation is None or e.notation == notation)
        if not entries:
            raise UnknownPointError(text, self.suggest(key), detail=self._range_hint(key))
        # Between equally good readings of the catalog, one that a pack names comes first (the
        # text stays ambiguous: a pack reading never joins a catalog spelling's other points).
        named_by_pack = {e.code for e in entries if e.pack}
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
        out: list[_Entry] = []
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


@process_cache
def catalog_resolver() -> Resolver:
    """The index of the standard catalog alone, built once per process.

    (Not kept on disk: the cache stores only data the model's constructors rebuild and check, and
    an index is neither.)
    """
    catalog = standard_catalog()
    return Resolver(catalog.meridians, catalog.points, catalog.notations, legacy_bladder())
