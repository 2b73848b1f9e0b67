"""The Library: the standard catalog merged with loaded packs, immutable and safe to share.

``load()`` returns the process-wide default library (the catalog and every installed pack), built
on first use; ``Library.build(...)`` builds one with exactly the packs an application chooses.

Conflict policy between packs, applied in pack-id order:

- the same pack id from two distributions: the second is a broken pack (reported, not loaded);
- the same condition id in two packs: the first definition is kept, later packs' indications,
  dosing and questions attach to it, and the overlap is listed in ``Library.conflicts``;
- the same alias for different points: both readings are kept, the resolver reports the alias as
  ambiguous, and the overlap is listed in ``Library.conflicts``.
"""

from __future__ import annotations

import functools
import os
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from types import MappingProxyType
from typing import TYPE_CHECKING, Literal, TypeVar

import attrs

from ._catalog import Catalog, legacy_bladder, load_catalog
from ._model import Location, Meridian, Point, PointNames, Region
from .errors import PackError, UnknownPointError

if TYPE_CHECKING:
    from pathlib import Path

    from ._pack import (
        Condition,
        Dosing,
        Indication,
        Pack,
        PackPoint,
        Question,
        RoutineTemplate,
        Score,
    )
    from ._resolve import Alias, Resolution, Resolver
    from ._safety import RuleSet

__all__ = ["Library", "PackStatus", "load", "reset_default", "resolve"]

T = TypeVar("T")


@attrs.frozen
class PackStatus:
    """How loading one pack went: ``ok`` with the pack, or ``error`` with every problem."""

    name: str
    source: str
    status: Literal["ok", "error"]
    distribution: str | None = None
    version: str | None = None
    error: str | None = None
    pack: Pack | None = attrs.field(default=None, repr=False)


@functools.cache
def _standard_catalog() -> Catalog:
    # Building 409 validated points costs ~10 ms; unpickling them from the private cache ~2 ms.
    # The cache entry is keyed by a checksum of every catalog file, so edits are never missed.
    from ._cache import cached
    from ._catalog import sources_checksum

    # The key needs no version: the data's checksum and the code's stamp say it all (and
    # reading the installed version would cost more than the whole load).
    return cached("catalog", str(sources_checksum()), "", load_catalog, Catalog)


def _pack_point(pack: Pack, p: PackPoint) -> Point:
    return Point(
        code=p.code,
        meridian=pack.id,
        number=0,
        names=PointNames(
            pinyin=p.pinyin,
            tones=p.tones,
            hanzi=p.hanzi,
            simplified=p.simplified or p.hanzi,
            gloss=p.gloss,
            nicknames=p.nicknames,
        ),
        location=Location(text=p.location, region=p.region, laterality=p.laterality),
        reach=p.reach,
        cautions=p.cautions,
    )


class Library:
    """Meridians, points and everything packs add, with a resolver over all of it.

    A Library never changes after it is built; every method is safe to call from many threads.
    """

    __slots__ = (
        "_catalog",
        "_condition_map",
        "_conditions",
        "_conflicts",
        "_lock",
        "_memo",
        "_meridians",
        "_packs",
        "_points",
        "_resolver",
        "_safety",
        "_statuses",
    )

    def __init__(
        self,
        catalog: Catalog,
        packs: Sequence[Pack] = (),
        *,
        statuses: Sequence[PackStatus] = (),
    ) -> None:
        self._catalog = catalog
        self._meridians: Mapping[str, Meridian] = MappingProxyType(
            {m.code: m for m in catalog.meridians}
        )
        self._packs = tuple(packs)
        self._statuses = tuple(statuses)
        points = {p.code: p for p in catalog.points}
        conditions: dict[str, tuple[Condition, str]] = {}
        conflicts: list[str] = []
        alias_points: dict[str, tuple[set[str], str]] = {}
        for pack in self._packs:
            for pp in pack.points:
                points[pp.code] = _pack_point(pack, pp)
            for cond in pack.conditions:
                if cond.id in conditions:
                    first = conditions[cond.id][1]
                    conflicts.append(
                        f"condition {cond.id!r} is defined by packs {first!r} and {pack.id!r}: "
                        f"{first!r}'s definition is kept"
                    )
                else:
                    conditions[cond.id] = (cond, pack.id)
            for alias in pack.aliases:
                from ._text import normalize

                key = normalize(alias.text)
                codes, owner = alias_points.setdefault(key, (set(alias.points), pack.id))
                if owner != pack.id and set(alias.points) != codes:
                    conflicts.append(
                        f"alias {alias.text!r} names {', '.join(sorted(codes))} in pack {owner!r} "
                        f"and {', '.join(alias.points)} in pack {pack.id!r}: both are kept and "
                        "the alias resolves as ambiguous"
                    )
        self._points: Mapping[str, Point] = MappingProxyType(points)
        self._conditions = MappingProxyType(conditions)
        self._condition_map: Mapping[str, Condition] = MappingProxyType(
            {cid: c for cid, (c, _) in conditions.items()}
        )
        self._conflicts = tuple(conflicts)
        self._resolver: Resolver | None = None
        self._safety: RuleSet | None = None
        self._memo: dict[object, object] = {}
        self._lock = threading.Lock()

    # -- building -------------------------------------------------------------------------

    @classmethod
    def standard(cls) -> Library:
        """A library of the standard catalog alone, with no packs."""
        return cls(_standard_catalog())

    @classmethod
    def build(
        cls,
        packs: Iterable[Pack | str | os.PathLike[str]] = (),
        *,
        discover: bool = True,
        strict: bool = False,
        require: Mapping[str, str] | Iterable[str] = (),
    ) -> Library:
        """Build a library from the catalog, installed packs and the packs given.

        - ``packs``: Pack objects, or paths to a ``pack.toml`` or a folder holding one.
        - ``discover``: also load the installed packs (``acupress.packs`` entry points), subject
          to ``ACUPRESS_NO_PACKS`` and ``ACUPRESS_PACKS``.
        - ``strict``: raise PackError for any broken pack instead of reporting it in ``statuses``.
        - ``require``: pack names, or ``{name: version range}``, that must load; PackError if not.
        """
        given = list(packs)
        if not given:
            from ._discovery import find_packs

            if not discover or not find_packs():
                # Nothing to load: no need for the pack machinery (TOML, cattrs) at all.
                _check_required(require, ())
                return cls(_standard_catalog())
        from ._loading import load_packs

        loaded, statuses = load_packs(_standard_catalog(), given, discover=discover)
        broken = [s for s in statuses if s.status == "error"]
        if strict and broken:
            raise PackError(
                [line for s in broken for line in (s.error or "").splitlines()],
                pack=broken[0].name,
                distribution=broken[0].distribution,
                version=broken[0].version,
            )
        _check_required(require, statuses)
        return cls(_standard_catalog(), loaded, statuses=statuses)

    # -- what is in it --------------------------------------------------------------------

    @property
    def meridians(self) -> Mapping[str, Meridian]:
        """Meridians by code, in WHO order, ending with the ``EX`` family."""
        return self._meridians

    @property
    def points(self) -> Mapping[str, Point]:
        """Every point by code: WHO order, then extra points, then pack points."""
        return self._points

    @property
    def packs(self) -> tuple[Pack, ...]:
        """The packs that loaded, in load order (sorted by id)."""
        return self._packs

    @property
    def statuses(self) -> tuple[PackStatus, ...]:
        """How loading each pack went, broken ones included."""
        return self._statuses

    @property
    def conflicts(self) -> tuple[str, ...]:
        """Overlaps between packs that the conflict policy settled (see the module docs)."""
        return self._conflicts

    @property
    def conditions(self) -> Mapping[str, Condition]:
        """Every condition the packs address, by id."""
        return self._condition_map

    def condition_pack(self, condition: str) -> str:
        """The id of the pack whose definition of ``condition`` is kept."""
        return self._conditions[condition][1]

    def condition(self, text: str) -> Condition:
        """The condition with this id; UnknownPointError(what='condition') with suggestions."""
        if text in self._conditions:
            return self._conditions[text][0]
        import difflib

        close = difflib.get_close_matches(text, list(self._conditions), n=3, cutoff=0.5)
        by_name = [
            cid for cid, (c, _) in self._conditions.items() if text.lower() in c.name.lower()
        ]
        raise UnknownPointError(text, tuple(dict.fromkeys(close + by_name)), what="condition")

    def pack(self, pack_id: str) -> Pack:
        """The loaded pack with this id."""
        for p in self._packs:
            if p.id == pack_id:
                return p
        raise KeyError(pack_id)

    def indications(
        self, *, condition: str | None = None, point: str | None = None
    ) -> tuple[tuple[Pack, Indication], ...]:
        """Indications with the pack that states each, filtered by condition and/or point."""
        return tuple(
            (pack, ind)
            for pack in self._packs
            for ind in pack.indications
            if (condition is None or ind.condition == condition)
            and (point is None or ind.point == point)
        )

    def dosing(self, point: str | None = None) -> tuple[tuple[Pack, Dosing], ...]:
        """Dosing entries with their pack, optionally for one point."""
        return tuple(
            (pack, d) for pack in self._packs for d in pack.dosing if point in (None, d.point)
        )

    def routines(self, condition: str | None = None) -> tuple[tuple[Pack, RoutineTemplate], ...]:
        """Ready-made routines with their pack, optionally for one condition."""
        return tuple(
            (pack, r)
            for pack in self._packs
            for r in pack.routines
            if condition is None or condition in r.conditions
        )

    def questions(self, condition: str) -> tuple[tuple[Pack, Question], ...]:
        """The red-flag questions for a condition, with their pack."""
        return tuple((p, q) for p in self._packs for q in p.screening if q.condition == condition)

    def scores(self, condition: str) -> tuple[tuple[Pack, Score], ...]:
        """The questionnaire scores for a condition, with their pack."""
        return tuple((p, s) for p in self._packs for s in p.scores if s.condition == condition)

    @property
    def aliases(self) -> tuple[Alias, ...]:
        """The names packs add for points, one Alias per point named."""
        from ._resolve import Alias

        return tuple(
            Alias(
                text=a.text, point=code, notation=a.notation, source=f"{pack.id} pack: {a.source}"
            )
            for pack in self._packs
            for a in pack.aliases
            for code in a.points
        )

    # -- looking up -----------------------------------------------------------------------

    @property
    def resolver(self) -> Resolver:
        """The index from every spelling to codes, built on first use."""
        resolver = self._resolver
        if resolver is None:
            from ._resolve import Resolver

            with self._lock:
                if self._resolver is None:
                    self._resolver = Resolver(
                        tuple(self._meridians.values()),
                        tuple(self._points.values()),
                        self._catalog.notations,
                        legacy_bladder(),
                        self.aliases,
                    )
                resolver = self._resolver
        return resolver

    def memo(self, key: object, build: Callable[[], T]) -> T:
        """A value derived from this (immutable) library, built once per key and then reused."""
        try:
            return self._memo[key]  # type: ignore[return-value]
        except KeyError:
            pass
        value = build()
        with self._lock:
            return self._memo.setdefault(key, value)  # type: ignore[return-value]

    @property
    def safety(self) -> RuleSet:
        """The core safety rules and every pack's rules, compiled for this library's points."""
        rules = self._safety
        if rules is None:
            from ._safety_rules import rule_set

            with self._lock:
                if self._safety is None:
                    self._safety = rule_set(self, self._packs)
                rules = self._safety
        return rules

    def resolve(self, text: str, notation: str | None = None) -> Resolution:
        """Every plausible reading of ``text`` as a point, best first.

        Raises UnknownPointError (with suggestions) when nothing matches, and
        UnknownNotationError when ``notation`` is not a notation acupress knows.
        """
        return self.resolver.resolve(text, notation)

    def point(self, text: str, notation: str | None = None) -> Point:
        """The point ``text`` names (its best reading when ambiguous)."""
        code = text if text in self._points else self.resolve(text, notation).code
        return self._points[code]

    def get(self, code: str) -> Point:
        """The point with exactly this code; UnknownPointError otherwise."""
        try:
            return self._points[code]
        except KeyError:
            from ._text import normalize

            raise UnknownPointError(code, self.resolver.suggest(normalize(code))) from None

    def find(
        self, *, meridian: str | None = None, region: Region | str | None = None
    ) -> tuple[Point, ...]:
        """Points filtered by meridian and/or region, in catalog order.

        ``meridian`` is read like a code prefix (``UB``, ``Bladder`` and ``BL`` all work).
        """
        wanted_meridian = self.meridian(meridian).code if meridian is not None else None
        wanted_region = Region(region) if isinstance(region, str) else region
        return tuple(
            p
            for p in self._points.values()
            if (wanted_meridian is None or p.meridian == wanted_meridian)
            and (wanted_region is None or p.region is wanted_region)
        )

    def meridian(self, text: str) -> Meridian:
        """The meridian ``text`` names: a WHO code, an English abbreviation or a name."""
        if text in self._meridians:
            return self._meridians[text]
        try:
            return self._meridians[self.resolve(f"{text} 1").code.rstrip("0123456789")]
        except UnknownPointError:
            raise UnknownPointError(text, tuple(self._meridians), what="meridian") from None

    def spellings(self, code: str, notation: str) -> tuple[str, ...]:
        """How ``notation`` writes the point ``code``; empty when it has no way to."""
        return self.resolver.spellings(self.get(code).code, notation)


def _check_required(
    require: Mapping[str, str] | Iterable[str], statuses: Sequence[PackStatus]
) -> None:
    from ._version import InvalidVersionRange, matches

    wanted = dict(require) if isinstance(require, Mapping) else dict.fromkeys(require, "")
    by_name = {s.name: s for s in statuses}
    problems = []
    for name, spec in sorted(wanted.items()):
        status = by_name.get(name)
        if status is None:
            problems.append(f"required pack {name!r} is not installed")
        elif status.status != "ok" or status.pack is None:
            problems.append(f"required pack {name!r} failed to load: {status.error}")
        elif spec:
            try:
                if not matches(status.pack.version, spec):
                    problems.append(
                        f"required pack {name!r} {spec} is installed at version "
                        f"{status.pack.version}"
                    )
            except InvalidVersionRange as exc:
                problems.append(f"required pack {name!r}: {exc}")
    if problems:
        raise PackError(problems, pack=next(iter(sorted(wanted))))


_default: Library | None = None
_default_lock = threading.Lock()


def load() -> Library:
    """The default library of this process (standard catalog and installed packs), cached.

    Broken packs are left out and reported in ``load().statuses``; ``acupress.refresh()``
    forgets the cache after packs are installed or removed.
    """
    global _default
    library = _default
    if library is None:
        with _default_lock:
            if _default is None:
                _default = Library.build()
            library = _default
    return library


def reset_default() -> None:
    """Forget the default library, so the next ``load()`` builds it again."""
    global _default
    with _default_lock:
        _default = None


def resolve(text: str, notation: str | None = None) -> Resolution:
    """Resolve ``text`` against the default library: see ``Library.resolve``."""
    return load().resolve(text, notation)


def pack_paths(path: str | os.PathLike[str]) -> list[Path]:
    """The pack files at ``path``: the file itself, or every ``pack.toml`` below a folder."""
    from pathlib import Path

    p = Path(path)
    if p.is_dir():
        return sorted(q for q in p.rglob("pack.toml") if "build" not in q.parts)
    return [p]
