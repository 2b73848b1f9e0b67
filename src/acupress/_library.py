"""The Library: the standard catalog merged with loaded packs, immutable and safe to share.

``Library.build(...)`` builds one with exactly the packs an application chooses; the process-wide
default (``acupress.load()``) lives in ``_default``. The merge of catalog and packs is a pure
function (``_merge``); everything else here is a query over its result.

Conflict policy between packs, applied in pack-id order:

- the same pack id from two distributions: the second is a broken pack (reported, not loaded);
- the same condition id in two packs: the first definition is kept, later packs' indications,
  dosing and questions attach to it, and the overlap is listed in ``Library.conflicts``;
- the same alias for different points: both readings are kept, the resolver reports the alias as
  ambiguous, and the overlap is listed in ``Library.conflicts``.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from types import MappingProxyType
from typing import TYPE_CHECKING, NamedTuple, TypeVar

from ._catalog import Catalog, legacy_bladder, standard_catalog
from ._model.packs import (
    Condition,
    Dosing,
    Indication,
    Pack,
    PackPoint,
    Question,
    RoutineTemplate,
    Score,
)
from ._model.points import Location, Meridian, Point, PointNames, Region
from ._model.safety import Rule
from .errors import (
    PackError,
    UnknownConditionError,
    UnknownMeridianError,
    UnknownPackError,
    UnknownPointError,
)

if TYPE_CHECKING:
    from ._packs.loading import PackStatus
    from ._resolve.resolver import Alias, Resolution, Resolver
    from ._safety.ruleset import RuleSet

__all__ = ["Library"]

T = TypeVar("T")


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


class _Contents(NamedTuple):
    """What the merge of a catalog and packs holds: read-only tables, built once."""

    points: Mapping[str, Point]
    conditions: Mapping[str, tuple[Condition, str]]
    conflicts: tuple[str, ...]


def _merge(catalog: Catalog, packs: Sequence[Pack]) -> _Contents:
    """Merge packs into the catalog under the conflict policy in the module docs (pure)."""
    from ._text import normalize

    points = {p.code: p for p in catalog.points}
    conditions: dict[str, tuple[Condition, str]] = {}
    conflicts: list[str] = []
    alias_points: dict[str, tuple[set[str], str]] = {}
    for pack in packs:
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
            key = normalize(alias.text)
            codes, owner = alias_points.setdefault(key, (set(alias.points), pack.id))
            if owner != pack.id and set(alias.points) != codes:
                conflicts.append(
                    f"alias {alias.text!r} names {', '.join(sorted(codes))} in pack {owner!r} "
                    f"and {', '.join(alias.points)} in pack {pack.id!r}: both are kept and "
                    "the alias resolves as ambiguous"
                )
    return _Contents(MappingProxyType(points), MappingProxyType(conditions), tuple(conflicts))


class Library:
    """Meridians, points and everything packs add, with a resolver over all of it.

    A Library never changes after it is built; every method is safe to call from many threads.
    """

    __slots__ = (
        "_catalog",
        "_condition_map",
        "_contents",
        "_lock",
        "_memo",
        "_meridians",
        "_pack_rules",
        "_packs",
        "_statuses",
    )

    def __init__(
        self,
        catalog: Catalog,
        packs: Sequence[Pack] = (),
        *,
        statuses: Sequence[PackStatus] = (),
        rules: Mapping[str, tuple[Rule, ...]] | None = None,
    ) -> None:
        """A library of ``catalog`` and ``packs`` (use ``build`` or ``standard`` to make one).

        ``rules`` holds each pack's safety rules as the loader structured and checked them.
        """
        self._catalog = catalog
        self._meridians: Mapping[str, Meridian] = MappingProxyType(
            {m.code: m for m in catalog.meridians}
        )
        self._packs = tuple(packs)
        self._statuses = tuple(statuses)
        self._pack_rules = MappingProxyType(dict(rules)) if rules is not None else None
        self._contents = _merge(catalog, self._packs)
        self._condition_map: Mapping[str, Condition] = MappingProxyType(
            {cid: c for cid, (c, _) in self._contents.conditions.items()}
        )
        self._memo: dict[object, object] = {}
        self._lock = threading.RLock()

    # -- building -------------------------------------------------------------------------

    @classmethod
    def standard(cls) -> Library:
        """A library of the standard catalog alone, with no packs."""
        return cls(standard_catalog())

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
        from ._packs.discovery import find_packs

        given = list(packs)
        if not given and (not discover or not find_packs()):
            # Nothing to load: no need for the loading pipeline (nor TOML, nor cattrs) at all.
            if require:
                from ._packs.loading import check_required

                check_required(require, ())
            return cls(standard_catalog())
        from ._packs.loading import check_required, load_packs

        loaded = load_packs(standard_catalog(), given, discover=discover)
        broken = [s for s in loaded.statuses if s.status == "error"]
        if strict and broken:
            raise PackError(
                [line for s in broken for line in (s.error or "").splitlines()],
                pack=broken[0].name,
                distribution=broken[0].distribution,
                version=broken[0].version,
            )
        check_required(require, loaded.statuses)
        return cls(standard_catalog(), loaded.packs, statuses=loaded.statuses, rules=loaded.rules)

    # -- derived on first use -------------------------------------------------------------

    def memo(self, key: object, build: Callable[[], T]) -> T:
        """A value derived from this (immutable) library, built once per key and then reused.

        Safe from many threads: ``build`` runs under the library's lock, once per key.
        """
        try:
            return self._memo[key]  # type: ignore[return-value]
        except KeyError:
            pass
        with self._lock:
            if key not in self._memo:
                self._memo[key] = build()
            return self._memo[key]  # type: ignore[return-value]

    # -- what is in it --------------------------------------------------------------------

    @property
    def meridians(self) -> Mapping[str, Meridian]:
        """Meridians by code, in WHO order, ending with the ``EX`` family."""
        return self._meridians

    @property
    def points(self) -> Mapping[str, Point]:
        """Every point by code: WHO order, then extra points, then pack points."""
        return self._contents.points

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
        return self._contents.conflicts

    @property
    def conditions(self) -> Mapping[str, Condition]:
        """Every condition the packs address, by id."""
        return self._condition_map

    def condition_pack(self, condition: str) -> str:
        """The id of the pack whose definition of ``condition`` is kept."""
        return self._contents.conditions[condition][1]

    def condition(self, text: str) -> Condition:
        """The condition ``text`` names; UnknownConditionError with suggestions otherwise.

        ``text`` is a condition's id, or its id or name with case, spaces, hyphens and
        punctuation folded away (``"Low back pain"``, ``"LOW-BACK-PAIN"``, ``"sciatica"``), or its
        ICD-10 code (``"M54.5"``). Ids are tried before names and names before codes; text that
        folds to more than one condition at the first level it matches is refused, naming them.
        """
        conditions = self._contents.conditions
        if text in conditions:
            return conditions[text][0]
        from ._text import normalize

        def build() -> tuple[dict[str, list[str]], ...]:
            levels: tuple[dict[str, list[str]], ...] = ({}, {}, {})
            for cid, (c, _pack) in conditions.items():
                keys = (cid, c.name, c.icd10)
                for level, key in zip(levels, keys, strict=True):
                    if key is not None and cid not in level.setdefault(normalize(key), []):
                        level[normalize(key)].append(cid)
            return levels

        levels = self.memo("condition-keys", build)
        key = normalize(text) if isinstance(text, str) else ""
        for level in levels:
            found = level.get(key, []) if key else []
            if len(found) == 1:
                return conditions[found[0]][0]
            if found:
                raise UnknownConditionError(text, tuple(found), detail="it names more than one")
        import difflib

        folded = {k: ids for level in levels[:2] for k, ids in level.items()}
        close = difflib.get_close_matches(key, list(folded), n=3, cutoff=0.6) if key else []
        # Then every id or name holding the text, or one of its words of four letters or more.
        words = {key, *(normalize(w) for w in str(text).split())} - {""}
        partial = [k for k in folded for w in words if len(w) >= 4 and (w in k or k in w)]
        suggestions = [cid for k in [*close, *partial] for cid in folded[k]]
        raise UnknownConditionError(str(text), tuple(dict.fromkeys(suggestions)))

    def pack(self, pack_id: str) -> Pack:
        """The loaded pack with this id; UnknownPackError otherwise."""
        for p in self._packs:
            if p.id == pack_id:
                return p
        raise UnknownPackError(pack_id, tuple(p.id for p in self._packs))

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
        return self.memo("aliases", self._aliases)

    def _aliases(self) -> tuple[Alias, ...]:
        from ._resolve.resolver import Alias

        return tuple(
            Alias(
                text=a.text, point=code, notation=a.notation, source=f"{pack.id} pack: {a.source}"
            )
            for pack in self._packs
            for a in pack.aliases
            for code in a.points
        )

    @property
    def resolver(self) -> Resolver:
        """The index from every spelling to codes, built on first use."""
        return self.memo("resolver", self._resolver)

    def _resolver(self) -> Resolver:
        from ._resolve.resolver import Resolver

        return Resolver(
            tuple(self._meridians.values()),
            tuple(self.points.values()),
            self._catalog.notations,
            legacy_bladder(),
            self.aliases,
        )

    @property
    def safety(self) -> RuleSet:
        """The core safety rules and every pack's rules, compiled for this library's points."""
        return self.memo("safety", self._safety)

    def _safety(self) -> RuleSet:
        from ._safety.rules import rule_set

        return rule_set(self.points, self._packs, self._pack_rules)

    @property
    def profile_conditions(self) -> Mapping[str, str]:
        """Every profile condition id this library knows (``Profile.has``), with what it means.

        The core ``KNOWN_CONDITIONS`` first, then each other id some pack's rule looks at,
        described by the packs that use it. ``check()`` and ``compose()`` refuse any other id.
        """

        def build() -> Mapping[str, str]:
            from ._model.safety import KNOWN_CONDITIONS

            users: dict[str, list[str]] = {}
            for rule in self.safety.rules:
                owner = rule.id.rpartition(":")[0]  # "" for a core rule
                for condition in sorted(rule.when.mentions()):
                    who = users.setdefault(condition, [])
                    if owner not in who:
                        who.append(owner)
            known = dict(KNOWN_CONDITIONS)
            for condition in sorted(set(users) - set(known)):
                names = [f"pack {p!r}" if p else "the core" for p in users[condition]]
                known[condition] = f"used by the safety rules of {' and '.join(names)}"
            return MappingProxyType(known)

        return self.memo("profile-conditions", build)

    # -- looking up -----------------------------------------------------------------------

    def resolve(self, text: str, notation: str | None = None) -> Resolution:
        """Every plausible reading of ``text`` as a point, best first.

        Raises UnknownPointError (with suggestions) when nothing matches, and
        UnknownNotationError when ``notation`` is not a notation acupress knows.
        """
        return self.resolver.resolve(text, notation)

    def point(self, text: str, notation: str | None = None) -> Point:
        """The point ``text`` names (its best reading when ambiguous)."""
        points = self.points
        code = text if text in points else self.resolve(text, notation).code
        return points[code]

    def get(self, code: str) -> Point:
        """The point with exactly this code; UnknownPointError otherwise."""
        try:
            return self.points[code]
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
            for p in self.points.values()
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
            raise UnknownMeridianError(text, tuple(self._meridians)) from None

    def spellings(self, code: str, notation: str) -> tuple[str, ...]:
        """How ``notation`` writes the point ``code``; empty when it has no way to."""
        return self.resolver.spellings(self.get(code).code, notation)
