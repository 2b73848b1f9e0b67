"""Turn whatever a person writes for a point into point codes, best reading first.

The index is built once per library from the catalog (codes, pinyin, characters, glosses, book
names), the meridian notations, the older numberings and the aliases packs add; Wade-Giles
spellings are derived syllable by syllable from the pinyin. Lookups fold case, spaces,
punctuation, tone marks and traditional/simplified characters, so ``BL-23``, ``bl 23``,
``Shènshù`` and ``肾俞`` meet one key.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from types import MappingProxyType
from typing import Any, NamedTuple

import attrs

from .._catalog import Notation, legacy_bladder, standard_catalog
from .._model.points import Meridian, Point
from .._state import process_cache
from .._text import normalize, tone_key
from ..errors import UnknownNotationError, UnknownPointError

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


def _frozen(n: Notation) -> Notation:
    return attrs.evolve(
        n,
        abbreviations=MappingProxyType(dict(n.abbreviations)),
        names=MappingProxyType(dict(n.names)),
    )


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

_DIGITS = frozenset("0123456789")
# Suggestions: how many spellings, sharing the most letter pairs with the query, are compared.
_SUGGEST_POOL = 60


class _Index(NamedTuple):
    """The costly part of a resolver: every spelling's readings, built or read on first need."""

    names: Mapping[str, tuple[_Entry, ...]]
    tones: Mapping[str, frozenset[str]]
    known: frozenset[str]
    left_out: tuple[str, ...]


class _Grams(NamedTuple):
    """For suggestions: every spelling, and which spellings hold each pair of letters.

    The table of pairs is filled in as queries need it, a pair at a time (one pass over the
    spellings for each pair never asked before), and so is each spelling's count of pairs: a
    process that makes one suggestion pays for the pairs of one query, not for the table of
    every pair of every spelling, and one that makes many converges on that table.
    """

    spellings: tuple[str, ...]
    padded: tuple[str, ...]  # each spelling between ^ and $, as _pairs pads it
    pairs: dict[str, tuple[int, ...]]
    sizes: dict[int, int]

    def holding(self, pair: str) -> tuple[int, ...]:
        """The spellings (by index) that hold ``pair``."""
        found = self.pairs.get(pair)
        if found is None:
            found = tuple(i for i, text in enumerate(self.padded) if pair in text)
            self.pairs[pair] = found
        return found

    def size(self, i: int) -> int:
        """How many distinct pairs spelling ``i`` has."""
        found = self.sizes.get(i)
        if found is None:
            found = self.sizes[i] = len(_pairs(self.spellings[i]))
        return found


def _pairs(key: str) -> set[str]:
    padded = f"^{key}$"
    return {padded[i : i + 2] for i in range(len(padded) - 1)}


def _point_texts(
    p: Point, folds: Mapping[int, str], *, pack: bool, wade_giles: bool = False
) -> list[tuple[str, str, str]]:
    """(key, notation, why) of every spelling of ``p``, in the order they are indexed.

    The Wade-Giles spellings, which cost most to derive, only when asked for.
    """
    names = p.names
    out: list[tuple[str, str, str]] = []

    def romanized(pinyin: str, named: str) -> None:
        if wade_giles:
            # Imported here: a resolver read from the cache never romanizes (its tables and
            # patterns cost a command that only looks a name up).
            from . import romanize as _romanize

            spelled = " ".join(_romanize.wade_giles(pinyin)).title()
            why = f"Wade-Giles spelling of {named} ({spelled})"
            out.extend(
                (key, "wade-giles", why) for key in sorted(_romanize.wade_giles_keys(pinyin))
            )

    if pack:  # a pack's own point, by its namespaced code
        out.append((normalize(p.code), "who", f"code of a pack's own point {p.code}"))
    for pinyin in (names.pinyin, *names.pinyin_alt):
        out.append((normalize(pinyin), "pinyin", f"pinyin name of {p.code} ({pinyin})"))
        romanized(pinyin, pinyin)
    if names.tones:
        out.append((normalize(names.tones), "pinyin", f"pinyin name of {p.code}"))
        romanized(names.tones, names.pinyin)
    for chars in dict.fromkeys(
        c for c in (names.hanzi, names.simplified) if c
    ):  # traditional first
        out.append((normalize(chars, folds), "hanzi", f"characters of {p.code} ({chars})"))
    if names.gloss:
        out.append(
            (normalize(names.gloss), "gloss", f"gloss of {p.code}'s characters ({names.gloss})")
        )
    for nick in names.nicknames:
        out.append((normalize(nick), "nickname", f"book name of {p.code} ({nick})"))
    for legacy in p.legacy_codes:
        out.append(
            (normalize(legacy), "legacy-extra", f"older extra-point code {legacy} of {p.code}")
        )
    return out


def _digit_keys(texts: Iterable[tuple[str, str, str]]) -> set[str]:
    """The keys among ``texts`` that end in a digit: the only ones a code could be confused with.

    Wade-Giles keys are spelled from the syllable table's letters and never hold a digit.
    """
    return {key for key, _notation, _why in texts if key[-1:] in _DIGITS}


class _StoredNames(Mapping[str, tuple[_Entry, ...]]):
    """An index of names read from the cache (already checked): entries made on first lookup."""

    __slots__ = ("_data", "_done", "_order")

    def __init__(self, data: dict[str, list[str]], order: Mapping[str, int]) -> None:
        self._data = data
        self._order = order
        self._done: dict[str, tuple[_Entry, ...]] = {}

    def __getitem__(self, key: str) -> tuple[_Entry, ...]:
        done = self._done.get(key)
        if done is None:
            flat = self._data[key]
            order = self._order
            entries = [
                _Entry(code, notation, why, _RANK.get(notation, 3), order[code])
                for code, notation, why in zip(flat[0::3], flat[1::3], flat[2::3], strict=True)
            ]
            entries.sort(key=lambda e: (e.rank, e.order))
            done = self._done[key] = tuple(entries)
        return done

    def __contains__(self, key: object) -> bool:
        return key in self._data

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)


class _Layered(Mapping[str, tuple[_Entry, ...]]):
    """A library's index of names: the spellings its packs add to or change, over its base's."""

    __slots__ = ("_base", "_over")

    def __init__(
        self, over: Mapping[str, tuple[_Entry, ...]], base: Mapping[str, tuple[_Entry, ...]]
    ) -> None:
        self._over = over
        self._base = base

    def __getitem__(self, key: str) -> tuple[_Entry, ...]:
        found = self._over.get(key)
        return found if found is not None else self._base[key]

    def __contains__(self, key: object) -> bool:
        return key in self._over or key in self._base

    def __iter__(self) -> Iterator[str]:
        yield from self._over
        yield from (key for key in self._base if key not in self._over)

    def __len__(self) -> int:
        return len(self._base) + sum(1 for key in self._over if key not in self._base)


class Resolver:
    """An index from every way of writing a point to its code. Immutable once built.

    Pack readings (the aliases packs add and the names of packs' own points) always rank below
    every reading of the catalog, and never join a spelling the catalog already reads as other
    points: ``Hegu`` is LI4 whatever a pack says. Such readings are left out and listed in
    ``left_out``; the loader refuses the pack before it gets here (see ``_packs.policy``).

    The index of names is made on first need (or read from the per-user cache, for the standard
    catalog: see ``catalog_resolver``). A code such as ``LI4``, ``BL-23`` or ``UB 23`` is read
    from the meridians' notations alone, without it, unless some name in the index also ends in
    a digit and is spelled the same (those few keys are known without the index).
    """

    __slots__ = (
        "_base",
        "_built",
        "_digit_source",
        "_digits",
        "_folds",
        "_grams",
        "_legacy_bladder",
        "_legacy_bladder_reverse",
        "_meridian_names",
        "_new_aliases",
        "_new_points",
        "_notations",
        "_order",
        "_own",
        "_pack_digits",
        "_points",
        "_prefixes",
        "_sealed",
        "_source",
    )

    _base: Resolver | None
    _built: _Index | None
    _digit_source: Callable[[Resolver], frozenset[str] | None] | None
    _digits: frozenset[str] | None
    _folds: Mapping[int, str]
    _grams: _Grams | None
    _legacy_bladder: Mapping[str, str]
    _legacy_bladder_reverse: Mapping[str, str]
    _meridian_names: Mapping[str, str]
    _new_aliases: tuple[Alias, ...]
    _new_points: tuple[Point, ...]
    _notations: Mapping[str, Notation]
    _order: Mapping[str, int]
    _own: tuple[Point, ...]
    _pack_digits: frozenset[str]
    _points: Mapping[str, Point]
    _prefixes: Mapping[str, Sequence[_Prefix]]
    _source: Callable[[Resolver], _Index | None] | None

    def __init__(
        self,
        meridians: Sequence[Meridian],
        points: Sequence[Point],
        notations: Sequence[Notation],
        legacy_bladder: Mapping[str, str],
        aliases: Iterable[Alias] = (),
    ) -> None:
        own = tuple(p for p in points if not _is_pack_code(p.code))
        object.__setattr__(self, "_own", own)
        object.__setattr__(self, "_base", None)
        object.__setattr__(self, "_source", None)
        object.__setattr__(self, "_digit_source", None)
        object.__setattr__(self, "_digits", None)
        object.__setattr__(self, "_pack_digits", frozenset())
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
        self._legacy_bladder = dict(legacy_bladder)
        self._legacy_bladder_reverse = {who: old for old, who in legacy_bladder.items()}
        self._prefixes = self._build_prefixes(notations)
        self._add_packs([p for p in points if _is_pack_code(p.code)], aliases)

    def with_packs(self, points: Sequence[Point], aliases: Iterable[Alias] = ()) -> Resolver:
        """This index and the packs' own points and aliases (a new Resolver; this one is kept).

        Building the catalog's index is the slow part; a library's index starts from it, on its
        first use, and adds only the packs' names.
        """
        new = Resolver.__new__(Resolver)
        for name in Resolver.__slots__:
            if name not in ("_sealed", "_built", "_grams"):
                object.__setattr__(new, name, getattr(self, name))
        object.__setattr__(new, "_base", self)
        object.__setattr__(new, "_own", ())
        object.__setattr__(new, "_source", None)  # its index is built on its base's
        object.__setattr__(new, "_digit_source", None)
        object.__setattr__(new, "_digits", frozenset())  # the catalog's are its base's
        new._points = dict(self._points)
        new._order = dict(self._order)
        new._add_packs(points, aliases)
        return new

    # -- building -------------------------------------------------------------------------

    def __setattr__(self, name: str, value: object) -> None:
        if getattr(self, "_sealed", False):
            raise AttributeError(f"a Resolver cannot be changed (tried to set {name!r})")
        object.__setattr__(self, name, value)

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"a Resolver cannot be changed (tried to delete {name!r})")

    def _add_packs(self, points: Sequence[Point], aliases: Iterable[Alias]) -> None:
        """Take packs' own points and aliases (indexed with the rest on first need), then seal."""
        aliases = tuple(aliases)
        points = tuple(points)
        digits = set(self._pack_digits)
        for p in points:
            if not _is_pack_code(p.code):
                raise ValueError(f"{p.code!r} is not a pack point's code")
            self._order[p.code] = len(self._order)  # type: ignore[index]
            self._points[p.code] = p  # type: ignore[index]
            digits |= _digit_keys(_point_texts(p, self._folds, pack=True))
        for alias in aliases:
            if alias.point not in self._points:
                raise UnknownPointError(alias.point, detail=f"named by the alias {alias.text!r}")
            key = normalize(alias.text, self._folds)
            if key[-1:] in _DIGITS:
                digits.add(key)
        object.__setattr__(self, "_new_points", points)
        object.__setattr__(self, "_new_aliases", aliases)
        object.__setattr__(self, "_pack_digits", frozenset(digits))
        object.__setattr__(self, "_built", None)
        object.__setattr__(self, "_grams", None)
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
            self, "_prefixes", MappingProxyType({k: tuple(v) for k, v in self._prefixes.items()})
        )
        object.__setattr__(self, "_sealed", True)

    @staticmethod
    def _build_prefixes(notations: Sequence[Notation]) -> dict[str, list[_Prefix]]:
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
        return prefixes

    # -- the index of names -----------------------------------------------------------------

    def _index(self) -> _Index:
        """The index of names: built (or read from the cache) once, on first need."""
        built = self._built
        if built is None:
            source = self._source
            built = source(self) if source is not None else None
            if built is None:
                built = self._build_index()
            object.__setattr__(self, "_built", built)
        return built

    @property
    def _names(self) -> Mapping[str, tuple[_Entry, ...]]:
        return self._index().names

    @property
    def _tones(self) -> Mapping[str, frozenset[str]]:
        return self._index().tones

    @property
    def _known(self) -> frozenset[str]:
        return self._index().known

    def _build_index(self) -> _Index:
        base = self._base._index() if self._base is not None else None
        return _Builder(self, base).build(self._own, self._new_points, self._new_aliases)

    @staticmethod
    def _index_data(index: _Index) -> dict[str, Any]:
        """A catalog's index as plain data, for the per-user cache (no pack's readings)."""
        if index.left_out or any(e.pack for entries in index.names.values() for e in entries):
            raise ValueError("only an index of the catalog alone is stored")
        return {
            "names": {
                key: [part for e in entries for part in (e.code, e.notation, e.why)]
                for key, entries in index.names.items()
            },
            "tones": {key: sorted(codes) for key, codes in index.tones.items()},
        }

    def _index_from_data(self, data: Mapping[str, Any]) -> _Index:
        """The index stored by ``_index_data``, every value checked; ValueError if it is not one.

        Every key, code, notation and reason is checked here, at once; a spelling's readings
        are made into entries when first looked up. Ranks and orders are not stored: they come
        from the notation and this catalog's order.
        """
        if type(data) is not dict or set(data) != {"names", "tones"}:
            raise ValueError("not a resolver index")
        names_data, tones_data = data["names"], data["tones"]
        if type(names_data) is not dict or type(tones_data) is not dict or "" in names_data:
            raise ValueError("not a resolver index")
        points = self._points.keys()
        # The same checks for every spelling's list as one pass each over all of them: lists
        # of (code, notation, reason) triples of text, each code a point's, each notation known.
        lists = names_data.values()
        if set(map(type, lists)) - {list} or not all(flat and not len(flat) % 3 for flat in lists):
            raise ValueError("not a resolver index")
        texts = set(map(type, itertools.chain.from_iterable(lists)))
        codes = set(itertools.chain.from_iterable(flat[0::3] for flat in lists))
        notations = set(itertools.chain.from_iterable(flat[1::3] for flat in lists))
        if texts - {str} or not points >= codes or not NAME_NOTATIONS.keys() >= notations:
            raise ValueError("not a resolver index")
        tones: dict[str, frozenset[str]] = {}
        for key, codes in tones_data.items():
            if type(codes) is not list or not all(type(c) is str and c in points for c in codes):
                raise ValueError("not a resolver index")
            tones[key] = frozenset(codes)
        return _Index(
            _StoredNames(names_data, self._order),
            MappingProxyType(tones),
            frozenset({*self._notations, *NAME_NOTATIONS, "alias"}),
            (),
        )

    def _catalog_codes(self, key: str) -> tuple[str, ...]:
        """The catalog's default readings of a normalized spelling, best first (no pack's)."""
        entries = self._code_entries(key, None)
        if self._may_be_named(key):
            entries.extend(e for e in self._names.get(key, ()) if not e.pack)
        entries.sort(key=lambda e: (e.rank, e.order))
        return tuple(dict.fromkeys(e.code for e in entries))

    def _may_be_named(self, key: str) -> bool:
        """Whether the index of names can hold ``key``: no key that ends in a digit but a few."""
        return (
            key[-1:] not in _DIGITS
            or key in self._pack_digits
            or key in self._catalog_digits()
            or (self._base is not None and key in self._base._catalog_digits())
        )

    def _catalog_digits(self) -> frozenset[str]:
        """The keys of this resolver's own points that end in a digit, found on first need."""
        digits = self._digits
        if digits is None:
            source = self._digit_source
            digits = source(self) if source is not None else None
            if digits is None:
                found: set[str] = set()
                for p in self._own:
                    found |= _digit_keys(_point_texts(p, self._folds, pack=False))
                digits = frozenset(found)
            object.__setattr__(self, "_digits", digits)
        return digits

    # -- looking up -----------------------------------------------------------------------

    @property
    def notations(self) -> tuple[str, ...]:
        """Every notation name this resolver accepts, sorted."""
        return tuple(sorted(self._known))

    @property
    def left_out(self) -> tuple[str, ...]:
        """Pack readings not indexed because the catalog reads the spelling as other points."""
        return self._index().left_out

    @property
    def folds(self) -> Mapping[int, str]:
        """What every lookup folds before it compares (a ``str.translate`` table, read-only):
        the catalog's traditional characters to simplified ones, and the variants people type."""
        return self._folds

    def key(self, text: str) -> str:
        """The key ``text`` is looked up by: folded for case, spaces, punctuation, tone marks
        and ``folds``, exactly as ``resolve`` folds it."""
        return normalize(text, self._folds)

    def catalog_codes(self, text: str) -> tuple[str, ...]:
        """The points the catalog alone reads ``text`` as (by default), ignoring tone marks.

        Empty when the catalog has no reading of it. Packs' aliases and points do not count.
        """
        return self._catalog_codes(normalize(text, self._folds)) if isinstance(text, str) else ()

    def _check_notation(self, notation: str | None) -> None:
        if (
            notation is None
            or notation in self._notations
            or notation in NAME_NOTATIONS
            or notation == "alias"
        ):
            return
        if notation not in self._known:
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
            if self._may_be_named(key):
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

    def _suggestion_grams(self) -> _Grams:
        grams = self._grams
        if grams is None:
            spellings = tuple(dict.fromkeys([*self._names, *(c.lower() for c in self._points)]))
            grams = _Grams(spellings, tuple(f"^{s}$" for s in spellings), {}, {})
            object.__setattr__(self, "_grams", grams)
        return grams

    def suggest(self, key: str, limit: int = 5) -> tuple[str, ...]:
        """The codes whose spellings come closest to ``key`` (a normalized query).

        The spellings that share the most pairs of letters with ``key`` (by the Dice
        coefficient) are found through a table of pairs, and only the best of them are
        compared letter by letter: a miss costs a fraction of a millisecond, not a comparison
        with every spelling.
        """
        if not key:
            return ()
        import difflib
        import heapq

        grams = self._suggestion_grams()
        wanted = _pairs(key)
        shared: dict[int, int] = {}
        for pair in wanted:
            for i in grams.holding(pair):
                shared[i] = shared.get(i, 0) + 1
        size = len(wanted)
        pool = heapq.nsmallest(
            _SUGGEST_POOL, shared, key=lambda i: (-2 * shared[i] / (size + grams.size(i)), i)
        )
        candidates = [grams.spellings[i] for i in pool]
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
            from . import romanize as _romanize

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


class _Builder:
    """Builds a resolver's index of names: the catalog's points, then packs' points and aliases.

    A library's index starts from the catalog's, shared and not copied: only the spellings a
    pack adds to are copied, and looked up before the catalog's.
    """

    def __init__(self, resolver: Resolver, base: _Index | None) -> None:
        self.resolver = resolver
        self.base = base
        self.names: dict[str, list[_Entry]] = {}
        self.tones: dict[str, Collection[str]] = dict(base.tones) if base is not None else {}
        self.left_out: list[str] = list(base.left_out) if base is not None else []
        self.known: set[str] = set(base.known) if base is not None else set()

    def get(self, key: str) -> Sequence[_Entry]:
        found = self.names.get(key)
        if found is None and self.base is not None:
            return self.base.names.get(key, ())
        return found or ()

    def build(
        self, own: Sequence[Point], points: Sequence[Point], aliases: Sequence[Alias]
    ) -> _Index:
        r = self.resolver
        for p in own:
            self.index_point(p, pack=False)
        for p in points:
            self.index_point(p, pack=True)
        catalog_notations = {*r._notations, *NAME_NOTATIONS}
        for alias in aliases:
            why = f"{alias.text!r} is a name for {alias.point}"
            if alias.source:
                why += f" ({alias.source})"
            # A pack's names are never read as one of the catalog's notations.
            notation = "alias" if alias.notation in catalog_notations else alias.notation
            self.add(r.key(alias.text), alias.point, notation, why, pack=True)
        over = {
            key: tuple(sorted(entries, key=lambda e: (e.rank, e.order)))
            for key, entries in self.names.items()
        }
        self.known |= {*r._notations, *NAME_NOTATIONS, "alias"}
        self.known |= {e.notation for entries in over.values() for e in entries}
        names: Mapping[str, tuple[_Entry, ...]] = MappingProxyType(over)
        if self.base is not None:
            names = _Layered(names, self.base.names)
        return _Index(
            names,
            MappingProxyType({k: frozenset(v) for k, v in self.tones.items()}),
            frozenset(self.known),
            tuple(self.left_out),
        )

    def catalog_codes(self, key: str) -> tuple[str, ...]:
        entries = self.resolver._code_entries(key, None)
        entries.extend(e for e in self.get(key) if not e.pack)
        entries.sort(key=lambda e: (e.rank, e.order))
        return tuple(dict.fromkeys(e.code for e in entries))

    def add(self, key: str, code: str, notation: str, why: str, *, pack: bool) -> None:
        if not key:
            return
        if pack:
            # The catalog's readings of a spelling are never joined by a pack's other points.
            catalog = self.catalog_codes(key)
            if catalog and code not in catalog:
                self.left_out.append(
                    f"{why}: left out, as the catalog reads it as {', '.join(catalog)}"
                )
                return
        entries = self.names.get(key)
        if entries is None:
            entries = self.names[key] = list(self.get(key))
        if any(e.code == code and e.notation == notation for e in entries):
            return
        order = self.resolver._order
        rank = _RANK.get(notation, 3) + (_PACK_RANK if pack else 0)
        entries.append(_Entry(code, notation, why, rank, order.get(code, len(order)), pack))

    def index_point(self, p: Point, *, pack: bool) -> None:
        for key, notation, why in _point_texts(p, self.resolver.folds, pack=pack, wade_giles=True):
            self.add(key, p.code, notation, why, pack=pack)
        if p.names.tones:
            tone = tone_key(p.names.tones)
            self.tones[tone] = {*self.tones.get(tone, ()), p.code}


def _cached_catalog_index(resolver: Resolver) -> _Index | None:
    """The standard catalog's index: the one shipped in the package, else from the per-user
    cache, or built and stored there.

    The shipped index (``SHIPPED_INDEX``) is read when its stamp is this installation's and every
    value in it checks out; it is never copied into the cache (that cost the first run 3.6 ms to
    save nothing: reading it is as fast as reading an entry). Without it (a stale, broken or
    missing file), the index is the cache's, keyed by a checksum of the catalog's data files
    (and, as every entry, the code's stamp): an edited catalog or a changed acupress never reads
    an old index. Packs' readings are never stored: a library adds its packs' names to this index
    on first use, so installing or removing a pack cannot meet a stale reading. An index that is
    not exactly one (a key, a code or a notation out of place) is not used.
    """
    from .._cache import cached
    from .._data import sources_checksum

    shipped = shipped_index()
    if shipped is not None:
        try:
            return resolver._index_from_data(shipped)
        except (ValueError, KeyError, TypeError):
            pass  # not an index after all: as without the file

    built: list[_Index] = []

    def build() -> dict[str, Any]:
        built.append(resolver._build_index())
        return Resolver._index_data(built[0])

    data = cached("resolver", str(sources_checksum()), "", build, dict[str, Any])
    if built:
        return built[0]
    try:
        return resolver._index_from_data(data)
    except (ValueError, KeyError, TypeError):
        return None


# The standard catalog's index, built when the package is (tools/gen_index.py), so that the
# first run after install reads it instead of building it (about 18 ms). It is used only when it
# was built from exactly this catalog's data, this code and this Python's Unicode tables
# (``index_stamp``), and only after every value in it is checked, as a stored index is.
SHIPPED_INDEX = "resolver.json"
# The modules whose code decides what the index holds: the points as the catalog builds them from
# its data, what spellings a point has, romanized and normalized. A change to any of them makes
# the shipped index stale until it is built again.
_INDEX_CODE = (
    "_resolve/resolver.py",
    "_resolve/romanize.py",
    "_text.py",
    "_catalog.py",
    "_data.py",
    "_model/points.py",
    "_model/base.py",
)


def index_stamp() -> dict[str, Any] | None:
    """What the catalog's index is built from: the data files' checksum, a checksum of the code
    that builds it and the version of Python's Unicode tables (None when the code cannot be read,
    as from a zip: then no shipped index is trusted)."""
    import unicodedata

    from .._data import shipped_stamp, sources_checksum

    return shipped_stamp(
        _INDEX_CODE, catalog=sources_checksum(), unicode=unicodedata.unidata_version
    )


def shipped_index_document() -> dict[str, Any]:
    """The content of the shipped index file, built now: its stamp and the index as plain data
    (what ``tools/gen_index.py`` writes, and what a test compares the file with)."""
    catalog = standard_catalog()
    fresh = Resolver(catalog.meridians, catalog.points, catalog.notations, legacy_bladder())
    return {"stamp": index_stamp(), "value": Resolver._index_data(fresh._build_index())}


def shipped_index() -> dict[str, Any] | None:
    """The shipped index's data, when its stamp is this installation's; else None. (Plain data,
    checked by ``_index_from_data`` when it is used.)"""
    from .._data import shipped_value

    index = shipped_value(SHIPPED_INDEX, index_stamp())
    return index if type(index) is dict else None


def _cached_catalog_digits(resolver: Resolver) -> frozenset[str] | None:
    """The standard catalog's keys that end in a digit, from the per-user cache (or found in
    its index of names and stored there): what a code needs to be read without the index."""
    from .._cache import cached
    from .._data import sources_checksum

    def build() -> tuple[str, ...]:
        return tuple(sorted(key for key in resolver._index().names if key[-1:] in _DIGITS))

    keys = cached("resolver-digits", str(sources_checksum()), "", build, tuple[str, ...])
    if not all(key[-1:] in _DIGITS for key in keys):
        return None
    return frozenset(keys)


@process_cache
def catalog_resolver() -> Resolver:
    """The index of the standard catalog alone, made once per process.

    Its index of names is read from the per-user cache, where it is kept as plain data (every
    code, notation and reason, checked on the way back in) and built only once per
    installation.
    """
    catalog = standard_catalog()
    resolver = Resolver(catalog.meridians, catalog.points, catalog.notations, legacy_bladder())
    object.__setattr__(resolver, "_source", _cached_catalog_index)
    object.__setattr__(resolver, "_digit_source", _cached_catalog_digits)
    return resolver
