"""The Library: the standard catalog merged with loaded packs, immutable and safe to share.

``Library.build(...)`` builds one with exactly the packs an application chooses; the process-wide
default (``acupress.load()``) lives in ``_default``. The merge of catalog and packs is a pure
function (``_merge``); everything else here is a query over its result.

Packs can only add. What the catalog says, and what one pack says, no other pack can take back,
and no result depends on the order packs load in (their ids' sort order):

- a pack alias never outranks a catalog reading, never claims a catalog notation, and never
  makes a catalog spelling name another point; a pack point is never a catalog point again
  (same code, pinyin, characters, gloss, nickname or location text): the loader refuses such a
  pack (``_packs.policy``) and the resolver ranks every pack reading below the catalog's;
- a pack id offered by two distributions loads from neither (both are reported broken); a pack
  given to ``build`` is preferred to installed ones of its id;
- a condition that several packs declare is one condition: its related conditions are the union
  of every declaration's, and every pack's indications, dosing, red-flag questions and scores
  attach to it; its name and description are the first declaration's (in pack-id order), which
  is listed in ``Library.conflicts``;
- a red-flag question id (or score id) that several packs use is kept for each of them, qualified
  with the pack (``back-pain:lbp-fever``), so no pack's question replaces another's; ids that
  only one pack uses stay as written; listed in ``Library.conflicts``;
- the same alias for different points in two packs: both readings are kept, the resolver reports
  the alias as ambiguous, and the overlap is listed in ``Library.conflicts``;
- safety rules are added, never replaced or weakened (``_safety.rules``).

A Library and everything it holds is read-only: its attributes cannot be set, its tables are
read-only views or tuples, and the packs' rule tables are frozen too.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

import attrs

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


def _frozen(value: Any) -> Any:
    """Plain TOML data (tables, arrays) as read-only views and tuples, all the way down."""
    if isinstance(value, Mapping):
        return MappingProxyType({k: _frozen(v) for k, v in value.items()})
    if isinstance(value, list | tuple):
        return tuple(_frozen(v) for v in value)
    return value


def _owned(packs: Sequence[Pack]) -> tuple[tuple[Pack, ...], list[str]]:
    """The packs, read-only, with question and score ids that several packs use qualified.

    ``lbp-fever`` in packs ``a`` and ``b`` becomes ``a:lbp-fever`` and ``b:lbp-fever``: neither
    pack's question replaces the other's, whichever sorts first.
    """

    def users(ids: Iterable[tuple[str, str]]) -> dict[str, list[str]]:
        found: dict[str, list[str]] = {}
        for pack_id, item in ids:
            if pack_id not in found.setdefault(item, []):
                found[item].append(pack_id)
        return {item: owners for item, owners in found.items() if len(owners) > 1}

    shared_questions = users((p.id, q.id) for p in packs for q in p.screening)
    shared_scores = users((p.id, sc.id) for p in packs for sc in p.scores)
    conflicts = [
        f"{kind} id {item!r} is used by packs {', '.join(map(repr, ids))}: each is kept, as "
        + ", ".join(f"{pack_id}:{item}" for pack_id in ids)
        for kind, shared in (("question", shared_questions), ("score", shared_scores))
        for item, ids in sorted(shared.items())
    ]

    def own(pack: Pack) -> Pack:
        def name(item: str, shared: Mapping[str, object]) -> str:
            return f"{pack.id}:{item}" if item in shared else item

        def score(item: str | None) -> str | None:
            return None if item is None else name(item, shared_scores)

        changes: dict[str, Any] = {}
        if pack.rules and not all(isinstance(r, MappingProxyType) for r in pack.rules):
            changes["rules"] = tuple(_frozen(r) for r in pack.rules)
        if any(q.id in shared_questions or q.score in shared_scores for q in pack.screening):
            changes["screening"] = tuple(
                attrs.evolve(q, id=name(q.id, shared_questions), score=score(q.score))
                for q in pack.screening
            )
        if any(sc.id in shared_scores for sc in pack.scores):
            changes["scores"] = tuple(
                attrs.evolve(sc, id=name(sc.id, shared_scores)) for sc in pack.scores
            )
        return attrs.evolve(pack, **changes) if changes else pack

    return tuple(own(p) for p in packs), conflicts


def _merge(catalog: Catalog, packs: Sequence[Pack]) -> _Contents:
    """Merge packs into the catalog under the policy in the module docs (pure)."""
    from ._text import normalize

    points = {p.code: p for p in catalog.points}
    declared: dict[str, list[tuple[str, Condition]]] = {}
    conflicts: list[str] = []
    alias_points: dict[str, tuple[set[str], str]] = {}
    for pack in packs:
        for pp in pack.points:
            if pp.code in points:
                conflicts.append(f"point {pp.code!r} of pack {pack.id!r} is left out: it exists")
                continue
            points[pp.code] = _pack_point(pack, pp)
        for cond in pack.conditions:
            declared.setdefault(cond.id, []).append((pack.id, cond))
        for alias in pack.aliases:
            key = normalize(alias.text)
            codes, owner = alias_points.setdefault(key, (set(alias.points), pack.id))
            if owner != pack.id and set(alias.points) != codes:
                conflicts.append(
                    f"alias {alias.text!r} names {', '.join(sorted(codes))} in pack {owner!r} "
                    f"and {', '.join(alias.points)} in pack {pack.id!r}: both are kept and "
                    "the alias resolves as ambiguous"
                )
    conditions: dict[str, tuple[Condition, str]] = {}
    for cid, found in declared.items():
        owner, first = found[0]
        # Every declaration adds its related conditions (and so their red flags); none removes.
        related = tuple(dict.fromkeys(r for _pack, c in found for r in c.related))
        merged = first if related == first.related else attrs.evolve(first, related=related)
        # Every declaration's synonyms find the condition too (the first spelling of each kept).
        synonyms = _merged_synonyms(c.synonyms for _pack, c in found)
        if synonyms != merged.synonyms:
            merged = attrs.evolve(merged, synonyms=synonyms)
        # A declaration saying the condition is one of pregnancy holds for all (it only tightens).
        if any(c.pregnancy for _pack, c in found) and not merged.pregnancy:
            merged = attrs.evolve(merged, pregnancy=True)
        # So does one saying it does not happen in pregnancy (period pain): it only refuses. With
        # both said by different packs, both are kept and every routine for it is refused.
        if any(c.not_in_pregnancy for _pack, c in found) and not merged.not_in_pregnancy:
            merged = attrs.evolve(merged, not_in_pregnancy=True)
        # The youngest age a condition's guidance covers only rises: the highest any pack gives.
        ages = [c for _pack, c in found if c.min_age is not None]
        oldest = max(ages, key=lambda c: c.min_age or 0, default=None)
        if oldest is not None and oldest.min_age != merged.min_age:
            merged = attrs.evolve(
                merged, min_age=oldest.min_age, min_age_source=oldest.min_age_source
            )
        conditions[cid] = (merged, owner)
        if len(found) > 1:
            others = ", ".join(repr(pack_id) for pack_id, _c in found[1:])
            conflicts.append(
                f"condition {cid!r} is declared by packs {owner!r} and {others}: {owner!r}'s "
                "name and description are shown; the related conditions, red flags, scores "
                "and indications of every pack apply"
            )
    return _Contents(MappingProxyType(points), MappingProxyType(conditions), tuple(conflicts))


def _merged_synonyms(lists: Iterable[tuple[str, ...]]) -> tuple[str, ...]:
    """The synonyms of every declaration of a condition, each folded spelling once, in order."""
    from ._text import normalize

    seen: dict[str, str] = {}
    for synonyms in lists:
        for text in synonyms:
            seen.setdefault(normalize(text), text)
    return tuple(seen.values())


def _memo_store() -> Callable[[object, Callable[[], Any]], Any]:
    """A build-once table of derived values, reachable only through the function returned."""
    values: dict[object, object] = {}
    lock = threading.RLock()

    def memo(key: object, build: Callable[[], Any]) -> Any:
        try:
            return values[key]
        except KeyError:
            pass
        with lock:
            if key not in values:
                values[key] = build()
            return values[key]

    return memo


def _checked(catalog: Catalog, packs: Sequence[Pack]) -> None:
    """PackError unless ``packs`` pass the loader's checks (for packs given to the constructor)."""
    from ._packs.document import cross_check
    from ._packs.policy import catalog_view, pack_problems
    from ._safety.rules import core_safety, pack_rules

    known: dict[str, object] = {p.code: p for p in catalog.points}
    for pack in packs:
        known.update((p.code, p) for p in pack.points)
    view = catalog_view(catalog)
    known_rules = {r.id: r for r in core_safety().rules}
    problems: list[str] = []
    for pack in packs:
        source = f"<{pack.id}>"
        problems.extend(cross_check(pack, known, source))
        problems.extend(pack_problems(pack, source, view))
        rules, rule_problems = pack_rules(pack, source, known_rules, known)
        problems.extend(rule_problems)
        known_rules.update((r.id, r) for r in rules)
    from collections import Counter

    counts = Counter(p.id for p in packs)
    problems.extend(
        f"duplicate pack id {i!r}" for i in sorted(i for i, n in counts.items() if n > 1)
    )
    if problems:
        raise PackError(problems, pack=packs[0].id)


class Library:
    """Meridians, points and everything packs add, with a resolver over all of it.

    A Library never changes after it is built; every method is safe to call from many threads.
    """

    __slots__ = (
        "_catalog",
        "_condition_map",
        "_contents",
        "_derived",
        "_memo",
        "_meridians",
        "_pack_rules",
        "_packs",
        "_statuses",
    )

    _catalog: Catalog
    _condition_map: Mapping[str, Condition]
    _contents: _Contents
    _derived: Callable[[object, Callable[[], Any]], Any]
    _memo: Callable[[object, Callable[[], Any]], Any]
    _meridians: Mapping[str, Meridian]
    _pack_rules: Mapping[str, tuple[Rule, ...]] | None
    _packs: tuple[Pack, ...]
    _statuses: tuple[PackStatus, ...]

    def __init__(
        self,
        catalog: Catalog,
        packs: Sequence[Pack] = (),
        *,
        statuses: Sequence[PackStatus] = (),
        rules: Mapping[str, tuple[Rule, ...]] | None = None,
    ) -> None:
        """A library of ``catalog`` and ``packs`` (use ``build`` or ``standard`` to make one).

        ``rules`` holds each pack's safety rules as the loader structured and checked them;
        without it, the packs are checked here as the loader checks them (PackError if not).
        """
        given = tuple(packs)
        if given and rules is None:
            _checked(catalog, given)
        owned, conflicts = _owned(given)
        by_identity = {id(old): new for old, new in zip(given, owned, strict=True)}
        set_ = object.__setattr__
        set_(self, "_catalog", catalog)
        set_(self, "_meridians", MappingProxyType({m.code: m for m in catalog.meridians}))
        set_(self, "_packs", owned)
        set_(
            self,
            "_statuses",
            tuple(
                attrs.evolve(s, pack=by_identity[id(s.pack)]) if id(s.pack) in by_identity else s
                for s in statuses
            ),
        )
        set_(self, "_pack_rules", MappingProxyType(dict(rules)) if rules is not None else None)
        contents = _merge(catalog, owned)
        set_(self, "_contents", contents._replace(conflicts=contents.conflicts + tuple(conflicts)))
        set_(
            self,
            "_condition_map",
            MappingProxyType({cid: c for cid, (c, _) in self._contents.conditions.items()}),
        )
        set_(self, "_memo", _memo_store())
        set_(self, "_derived", _memo_store())

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"a Library cannot be changed (tried to set {name!r})")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"a Library cannot be changed (tried to delete {name!r})")

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

        Safe from many threads: ``build`` runs under the library's lock, once per key. The
        library's own derived values (its resolver, its rule set) are kept apart: no key given
        here can replace them.
        """
        value: T = self._memo(key, build)
        return value

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
        """Overlaps between packs that the policy settled (see the module docs)."""
        return self._contents.conflicts

    @property
    def conditions(self) -> Mapping[str, Condition]:
        """Every condition the packs address, by id."""
        return self._condition_map

    def condition_pack(self, condition: str) -> str:
        """The id of the pack whose name and description of ``condition`` are shown."""
        return self._contents.conditions[condition][1]

    def condition_text(self, condition: str, field: str = "name") -> tuple[str, str]:
        """The ``name`` or ``description`` of a condition (by id) in the current language where
        its pack translates it, and the language of the text returned."""
        if field not in ("name", "description"):
            raise ValueError(f"field: expected 'name' or 'description', got {field!r}")
        found, pack_id = self._contents.conditions[condition]
        return self.pack(pack_id).text(f"conditions.{condition}.{field}", getattr(found, field))

    def condition(self, text: str) -> Condition:
        """The condition ``text`` names; UnknownConditionError with suggestions otherwise.

        ``text`` is a condition's id, or its id, name or one of its synonyms with case, spaces,
        hyphens and punctuation folded away (``"Low back pain"``, ``"LOW-BACK-PAIN"``,
        ``"lumbago"``, or a name its pack translates it to, ``"Ischias"``), or its ICD-10 code
        (``"M54.5"``). Ids are tried before names, names before synonyms and synonyms before
        codes; text that folds to more than one condition at the first level it matches is
        refused, naming them, and so is text one pack's condition is found by at one level and
        another pack's at a later one (even its exact id): a pack cannot take the words another's
        condition, and its red flags, are known by.
        """
        conditions = self._contents.conditions
        if text in conditions and len(self._packs) < 2:
            return conditions[text][0]  # one pack: its id is its id
        from ._text import normalize

        def build() -> tuple[dict[str, list[str]], ...]:
            levels: tuple[dict[str, list[str]], ...] = ({}, {}, {}, {})
            for cid, (c, pack_id) in conditions.items():
                # Its names in other languages ("Ischias") count as synonyms: after every id
                # and name, so a translation never takes another condition's.
                translated = tuple(
                    table[f"conditions.{cid}.name"]
                    for table in self.pack(pack_id).translations.values()
                    if f"conditions.{cid}.name" in table
                )
                synonyms = (*c.synonyms, *translated)
                keys = ((cid,), (c.name,), synonyms, (c.icd10,) if c.icd10 else ())
                for level, texts in zip(levels, keys, strict=True):
                    for key in texts:
                        folded = normalize(key)
                        if folded and cid not in level.setdefault(folded, []):
                            level[folded].append(cid)
            return levels

        levels = self.memo("condition-keys", build)
        key = normalize(text) if isinstance(text, str) else ""
        for i, level in enumerate(levels):
            found = level.get(key, []) if key else []
            if i == 0 and text in conditions:
                found = [text]  # the id as it is (two ids may fold alike: "a-b" and "ab")
            if len(found) == 1:
                # Within a pack an id outranks a name and a name a synonym; across packs, one
                # pack's id or name never silently takes the words another pack's condition is
                # known by (its red flags would be lost): both are named instead.
                owner = conditions[found[0]][1]
                others = [
                    cid
                    for later in levels[i + 1 :]
                    for cid in later.get(key, [])
                    if conditions[cid][1] != owner and cid != found[0]
                ]
                if others:
                    both = tuple(dict.fromkeys((found[0], *others)))
                    raise UnknownConditionError(text, both, detail="it names more than one")
                return conditions[found[0]][0]
            if found:
                raise UnknownConditionError(text, tuple(found), detail="it names more than one")
        import difflib

        folded: dict[str, list[str]] = {}
        for level in levels[:3]:  # ids, names and synonyms (not codes) as suggestions
            for k, ids in level.items():
                folded.setdefault(k, []).extend(ids)
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
        """Indications with the pack that states each, filtered by condition and/or point (a
        point's are found through a table by point, made once per library)."""
        if point is None:
            return tuple(
                (pack, ind)
                for pack in self._packs
                for ind in pack.indications
                if condition is None or ind.condition == condition
            )
        return tuple(
            (pack, ind)
            for pack, ind in self._by_point("indications").get(point, ())
            if condition is None or ind.condition == condition
        )


    def dosing(self, point: str | None = None) -> tuple[tuple[Pack, Dosing], ...]:
        """Dosing entries with their pack, optionally for one point (found through a table by
        point, made once per library: a routine asks it for each of its steps)."""
        if point is None:
            return tuple((pack, d) for pack in self._packs for d in pack.dosing)
        return self._by_point("dosing").get(point, ())

    def _by_point(self, field: str) -> Mapping[str, tuple[tuple[Pack, Any], ...]]:
        """The entries of the packs' list ``field`` (``indications``, ``dosing``) with their
        pack, by point, in the packs' order: made once per library (see ``_derived``)."""

        def build() -> Mapping[str, tuple[tuple[Pack, Any], ...]]:
            table: dict[str, list[tuple[Pack, Any]]] = {}
            for pack in self._packs:
                for entry in getattr(pack, field):
                    table.setdefault(entry.point, []).append((pack, entry))
            return MappingProxyType({code: tuple(found) for code, found in table.items()})

        found: Mapping[str, tuple[tuple[Pack, Any], ...]] = self._derived(
            ("by-point", field), build
        )
        return found

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
        aliases: tuple[Alias, ...] = self._derived("aliases", self._aliases)
        return aliases

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
        resolver: Resolver = self._derived("resolver", self._resolver)
        return resolver

    def _resolver(self) -> Resolver:
        from ._catalog import standard_catalog
        from ._resolve.resolver import Resolver, catalog_resolver

        catalog = self._catalog
        if catalog is standard_catalog():
            base = catalog_resolver()
        else:
            base = Resolver(catalog.meridians, catalog.points, catalog.notations, legacy_bladder())
        pack_points = tuple(p for p in self.points.values() if ":" in p.code)
        aliases = self.aliases
        return base.with_packs(pack_points, aliases) if pack_points or aliases else base

    @property
    def safety(self) -> RuleSet:
        """The core safety rules and every pack's rules, compiled for this library's points."""
        rules: RuleSet = self._derived("safety", self._safety)
        return rules

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
