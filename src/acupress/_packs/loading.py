"""Loading packs as a typed pipeline: find, read, parse, dedupe, check.

- find: the packs given (Pack objects, files, folders) and the installed ones (``discovery``);
- read: each pack's text, from its file or its installed module;
- parse: text to a Pack (from the per-user cache when it can);
- dedupe: a pack id offered twice is refused for every claim (none wins by sort order), except
  that a pack given to ``Library.build`` is preferred to installed ones;
- check: each pack against the catalog (and the policy of ``policy``: packs can only add), and
  its safety rules (structured once, here) against the core rules and the rules of the packs
  before it.

One pack's failure at any phase is that pack's error, in its ``PackStatus`` (name, distribution,
version, file, path inside the file, cause); the others still load.
"""

from __future__ import annotations

import functools
import json
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Literal, NamedTuple

import attrs

from .._cache import cached, cached_digest
from .._catalog import Catalog
from .._i18n import tr
from .._model.packs import Pack
from .._model.safety import Rule
from .._versions import acupress_version, matches
from ..errors import InvalidVersionRange, PackError
from .discovery import (
    PackInfo,
    find_packs,
    installed_key,
    pack_paths,
    pack_source,
    read_limited,
    read_pack,
)
from .document import MAX_PACK_BYTES, cross_check, read_pack_document

if TYPE_CHECKING:
    from .policy import CatalogView

__all__ = ["LoadedPacks", "PackStatus", "check_required", "load_packs"]


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


class LoadedPacks(NamedTuple):
    """What loading gives the library: the good packs, every status, each good pack's rules."""

    packs: tuple[Pack, ...]
    statuses: tuple[PackStatus, ...]
    rules: Mapping[str, tuple[Rule, ...]]


@attrs.frozen
class _Candidate:
    """One pack on its way through the pipeline: a pack, or the error that stopped it."""

    name: str
    source: str
    distribution: str | None
    version: str | None
    pack: Pack | None = None
    error: str | None = None
    rules: tuple[Rule, ...] = ()
    # Where the pack was read from, when that names its content exactly: the SHA-256 of the
    # installed-packs entry's payload it was decoded from, and its place in it (see _check).
    origin: tuple[str, int] | None = None

    @property
    def prefix(self) -> str:
        """How messages name an installed pack: ``name (distribution version): ``."""
        return f"{self.name} ({self.distribution} {self.version}): " if self.distribution else ""

    def failed(self, problems: Iterable[str]) -> _Candidate:
        """This candidate, stopped by ``problems`` (each named with the pack)."""
        error = "\n".join(self.prefix + p for p in problems)
        return attrs.evolve(self, pack=None, rules=(), error=error)


# -- find and read --------------------------------------------------------------------------


def _given(item: Pack | str | os.PathLike[str]) -> list[_Candidate]:
    """A pack given by the caller: as it is, or read from its file(s)."""
    if isinstance(item, Pack):
        return [_Candidate(item.id, f"<{item.id}>", None, item.version, pack=item)]
    paths = pack_paths(item)
    if not paths:
        return [
            _Candidate(
                str(item), str(item), None, None, error=f"{item}: " + tr("no pack.toml found")
            )
        ]
    found = []
    for path in paths:
        try:
            text = read_limited(path, MAX_PACK_BYTES).decode("utf-8")
        except OSError as exc:
            problem = tr("cannot read: {reason}", reason=exc.strerror or exc)
        except UnicodeDecodeError as exc:
            problem = tr("not UTF-8 text (byte {position})", position=exc.start)
        else:
            where = str(path)
            found.append(_guarded(None, where, functools.partial(_parse, None, where, text)))
            continue
        found.append(
            _Candidate(path.parent.name, str(path), None, None, error=f"{path}: {problem}")
        )
    return found


def _guarded(info: PackInfo | None, source: str, step: Callable[[], _Candidate]) -> _Candidate:
    """``step()``, or the candidate that says why it failed: nothing one pack does stops the rest.

    Only ``KeyboardInterrupt`` goes through (the user's, not the pack's). Every other exception,
    ``SystemExit``, ``RecursionError`` and ``MemoryError`` included, is the pack's error.
    """
    try:
        return step()
    except KeyboardInterrupt:
        raise
    except BaseException as exc:  # see above
        label = f"{info.label}: " if info is not None else ""
        name = info.name if info is not None else os.path.basename(os.path.dirname(source))
        dist = info.distribution if info is not None else None
        version = info.version if info is not None else None
        return _Candidate(
            name or source,
            source,
            dist,
            version,
            error=f"{label}{source}: " + tr("cannot load: {reason}", reason=_cause(exc)),
        )


def _cause(exc: BaseException) -> str:
    """``RecursionError: maximum recursion depth exceeded``: an exception as one line."""
    detail = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {detail[0]}" if detail else type(exc).__name__


def _installed(infos: Sequence[PackInfo]) -> list[_Candidate]:
    """The installed packs: from one cache entry while none of their files has changed, else
    each imported and read.

    The entry is keyed by every pack's ``installed_key`` (its distribution and the stat of its
    files, found without importing or reading anything), so a warm load imports no pack module
    and reads no ``pack.toml``, and any install, upgrade or edit is a miss that reads them all
    again. One entry for all packs, not one each: a thousand packs must not fill the cache past
    its limit. A pack that failed is kept as a gap and is read again on every load, so that its
    error is always today's.
    """
    keys = [_guarded_key(info) for info in infos]
    # A pack whose files cannot be found without importing it (in a zip, say) is read and
    # cached by its text, as before; the others share the entry.
    out: dict[int, _Candidate] = {
        i: _guarded(info, info.value, functools.partial(_by_text, info))
        for i, info in enumerate(infos)
        if keys[i] is None
    }
    keyed = [i for i in range(len(infos)) if keys[i] is not None]
    if not keyed:
        return [out[i] for i in range(len(infos))]
    fresh: dict[int, _Candidate] = {}

    def build() -> tuple[Pack | None, ...]:
        for i in keyed:
            fresh[i] = _guarded(
                infos[i], infos[i].value, functools.partial(_read_installed, infos[i])
            )
        return tuple(fresh[i].pack for i in keyed)

    digest: str | None
    try:
        packs, digest = cached_digest(
            "installed-packs",
            json.dumps([keys[i] for i in keyed]),
            acupress_version(),
            build,
            tuple[Pack | None, ...],
        )
    except KeyboardInterrupt:
        raise
    except BaseException:  # the cache failed past its own guards: read them as without it
        packs, digest = (), None
    for n, i in enumerate(keyed):
        info = infos[i]
        pack = packs[n] if len(packs) == len(keyed) else None
        if i in fresh:
            out[i] = fresh[i]
            if digest is not None and pack is not None and fresh[i].pack is pack:
                # Built here and stored: the entry's payload is this very pack's stored form,
                # so the first load's checks can give the verdict the next loads read.
                out[i] = attrs.evolve(out[i], origin=(digest, n))
        elif pack is not None:
            out[i] = _guarded(
                info, info.value, functools.partial(_accept, info, pack_source(info), pack)
            )
            if out[i].pack is pack and digest is not None:
                # Decoded from the verified entry (not built in this process): its content is
                # exactly what the payload's SHA-256 names.
                out[i] = attrs.evolve(out[i], origin=(digest, n))
        else:  # failed last time (or an entry of the wrong length): read again
            out[i] = _guarded(info, info.value, functools.partial(_read_installed, info))
    return [out[i] for i in range(len(infos))]


def _guarded_key(info: PackInfo) -> str | None:
    try:
        return installed_key(info)
    except KeyboardInterrupt:
        raise
    except BaseException:  # no key: the pack is read as without a cache
        return None


def _by_text(info: PackInfo) -> _Candidate:
    return _read_installed(info, by_text=True)


def _read_installed(info: PackInfo, *, by_text: bool = False) -> _Candidate:
    """An installed pack, imported and read (``by_text``: parsed through the text-keyed cache)."""
    try:
        source, text = read_pack(info)
    except PackError as exc:
        return _Candidate(info.name, info.value, info.distribution, info.version, error=str(exc))
    return _parse(info, source, text, by_text=by_text)


# -- parse ----------------------------------------------------------------------------------


def _parse(info: PackInfo | None, source: str, text: str, *, by_text: bool = True) -> _Candidate:
    """Text to a Pack, and the checks that need nothing but the pack: id and acupress range.

    ``by_text``: from the per-user cache keyed by the text (packs given by file, and installed
    packs whose files cannot be keyed without importing them).
    """
    dist = info.distribution if info else None
    version = info.version if info else None
    name = info.name if info else os.path.basename(os.path.dirname(source)) or source
    label = f"{info.label}: " if info is not None else ""
    try:
        if by_text:
            pack = cached(
                "pack", text, acupress_version(), lambda: read_pack_document(text, source), Pack
            )
        else:
            pack = read_pack_document(text, source)
    except PackError as exc:
        lines = "\n".join(label + line for line in exc.problems)
        # An installed pack is named by its entry point, never by the id its broken document
        # claims: a broken pack calling itself 'back-pain' must not pass for the real one.
        named = name if info is not None else exc.pack or name
        return _Candidate(named, source, dist, version, error=lines)
    return _accept(info, source, pack)


def _accept(info: PackInfo | None, source: str, pack: Pack) -> _Candidate:
    """The pack, unless its id is not its entry point's name or it does not support us."""
    dist = info.distribution if info else None
    version = info.version if info else None
    label = f"{info.label}: " if info is not None else ""
    if info is not None and pack.id != info.name:
        return _Candidate(
            info.name,
            source,
            dist,
            version,
            error=f"{label}{source}: $.id: "
            + tr(
                "the pack calls itself {pack} but its entry point is named {name}",
                pack=repr(pack.id),
                name=repr(info.name),
            ),
        )
    try:
        supported = matches(acupress_version(), pack.acupress)
    except InvalidVersionRange as exc:
        return _Candidate(
            pack.id, source, dist, version, error=f"{label}{source}: $.acupress: {exc}"
        )
    if not supported:
        return _Candidate(
            pack.id,
            source,
            dist,
            version,
            error=f"{label}{source}: $.acupress: "
            + tr(
                "the pack supports acupress {versions}, but this is acupress {version}",
                versions=pack.acupress,
                version=acupress_version(),
            ),
        )
    return _Candidate(pack.id, source, dist, version or pack.version, pack=pack)


# -- dedupe ---------------------------------------------------------------------------------


def _claimed_id(cand: _Candidate) -> str | None:
    """The pack id a candidate offers: its pack's, or an installed pack's entry point name."""
    if cand.pack is not None:
        return cand.pack.id
    return cand.name if cand.distribution is not None else None


def _where(cand: _Candidate) -> str:
    return f"{cand.distribution} {cand.version}" if cand.distribution else cand.source


def _dedupe(candidates: Sequence[_Candidate]) -> list[_Candidate]:
    """No pack id is settled by sort order: every claim to an id offered twice is refused.

    Two installed distributions offering one pack id are both refused (which one is meant cannot
    be known, and a name that sorts first must not take a pack over). A pack given to
    ``Library.build`` is the application's own choice: installed packs of its id are refused,
    and two given packs of one id are both refused.
    """
    groups: dict[str, list[int]] = {}
    for i, cand in enumerate(candidates):
        claimed = _claimed_id(cand)
        if claimed is not None:
            groups.setdefault(claimed, []).append(i)
    out: list[_Candidate | None] = list(candidates)
    for pack_id, all_members in groups.items():
        # The very same pack given twice (a folder and a file in it) is one pack.
        members: list[int] = []
        for i in all_members:
            cand = candidates[i]
            if cand.distribution is None and any(
                candidates[j].distribution is None and candidates[j].pack == cand.pack
                for j in members
            ):
                out[i] = None
            else:
                members.append(i)
        if len(members) < 2:
            continue
        given = [i for i in members if candidates[i].distribution is None]
        winner = given[0] if len(given) == 1 else None
        for i in members:
            if i == winner:
                continue
            cand = candidates[i]
            if winner is not None:
                line = f"{_where(cand)}: " + tr(
                    "pack id {pack} is the application's own ({source}): the installed "
                    "pack is not loaded",
                    pack=repr(pack_id),
                    source=candidates[winner].source,
                )
            else:
                rivals = [_where(candidates[j]) for j in members]
                line = f"{_where(cand)}: " + tr(
                    "duplicate pack id {pack}, offered by {offered}: none of them is "
                    "loaded (remove all but one)",
                    pack=repr(pack_id),
                    offered=tr(" and ").join(rivals),
                )
            error = f"{cand.error}\n{line}" if cand.error else line
            out[i] = attrs.evolve(cand, pack=None, rules=(), error=error)
    return [c for c in out if c is not None]


# -- check ----------------------------------------------------------------------------------


def _check(catalog: Catalog, candidates: Sequence[_Candidate]) -> list[_Candidate]:
    """Cross-check each pack, hold it to the policy, and structure and check its rules."""
    from .._safety.rules import core_safety, pack_rules

    views: list[CatalogView] = []

    def view() -> CatalogView:
        """The checks' view of the catalog, made when a pack first needs it (and only then):
        a warm load whose packs all have a clean verdict imports neither the checks nor the
        resolver they use."""
        if not views:
            from .policy import catalog_view

            views.append(catalog_view(catalog))
        return views[0]

    clean, checked = _policy_verdict(catalog, candidates, view)
    known: dict[str, object] = {p.code: p for p in catalog.points}
    for cand in candidates:
        if cand.pack is not None:
            known.update((p.code, p) for p in cand.pack.points)
    needs_rules = any(c.pack is not None and c.pack.rules for c in candidates)
    known_rules: dict[str, Rule] = {r.id: r for r in core_safety().rules} if needs_rules else {}
    out: list[_Candidate] = []
    for cand in sorted(candidates, key=lambda c: (c.name, c.source)):
        if cand.pack is not None:
            rules: tuple[Rule, ...] = ()
            known_clean = cand.origin in clean
            done = checked.get(id(cand))
            # Made outside the pack's guard, as it was before any verdict: a catalog whose view
            # cannot be made is not one pack's problem.
            policy_view = view() if not known_clean and done is None else None
            try:
                problems = cross_check(cand.pack, known, cand.source)
                if done is not None:
                    problems.extend(done)
                elif policy_view is not None:
                    from .policy import pack_problems

                    problems.extend(pack_problems(cand.pack, cand.source, policy_view))
                # else: this very content was checked against this catalog, and is clean
                if cand.pack.rules:
                    rules, rule_problems = pack_rules(cand.pack, cand.source, known_rules, known)
                    problems.extend(rule_problems)
            except KeyboardInterrupt:
                raise
            except BaseException as exc:  # a pack built in code, nested past the stack: its own
                problems = [f"{cand.source}: " + tr("cannot check: {reason}", reason=_cause(exc))]
                rules = ()
            if problems:
                cand = cand.failed(problems)
            else:
                known_rules.update((r.id, r) for r in rules)
                cand = attrs.evolve(cand, rules=rules)
        out.append(cand)
    return out


def _policy_verdict(
    catalog: Catalog,
    candidates: Sequence[_Candidate],
    view: Callable[[], CatalogView],
) -> tuple[frozenset[tuple[str, int]], dict[int, list[str]]]:
    """Which packs are known to pass ``pack_problems`` (the checks against the catalog) already.

    ``pack_problems`` looks at one pack and the catalog only, so its answer for a pack is fixed
    by the pack's content, the catalog's data and the code. A pack decoded from the installed-packs
    entry has its content named exactly by that entry's payload SHA-256 and its place in it
    (``origin``); the places found clean are kept in a ``pack-verdict`` entry keyed by that
    digest and the catalog's data checksum (and, as every entry, the code's stamp). Only a
    clean answer is kept: a pack with problems is checked, and its messages made, on every
    load. Any other catalog than the standard one, and any pack without an origin, gets no
    verdict.

    Returns the origins known clean and, on a miss, the problems found for each candidate
    checked here (by ``id``), so that no pack is checked twice.
    """
    from .._catalog import standard_catalog
    from .._data import sources_checksum

    with_origin = [c for c in candidates if c.pack is not None and c.origin is not None]
    checked: dict[int, list[str]] = {}
    digests = {c.origin[0] for c in with_origin if c.origin is not None}
    if len(digests) != 1 or catalog is not standard_catalog():
        return frozenset(), checked
    (digest,) = digests

    def build() -> tuple[int, ...]:
        from .policy import pack_problems

        found = []
        catalog_view = view()
        for cand in with_origin:
            assert cand.pack is not None
            assert cand.origin is not None
            try:
                problems = pack_problems(cand.pack, cand.source, catalog_view)
            except KeyboardInterrupt:
                raise
            except BaseException:  # not this pack's answer: _check asks again, and names it
                continue
            checked[id(cand)] = problems
            if not problems:
                found.append(cand.origin[1])
        return tuple(sorted(found))

    try:
        places = cached(
            "pack-verdict",
            json.dumps({"packs": digest, "catalog": sources_checksum()}),
            acupress_version(),
            build,
            tuple[int, ...],
        )
    except KeyboardInterrupt:
        raise
    except BaseException:  # the cache failed past its own guards: check them all
        return frozenset(), checked
    return frozenset((digest, n) for n in places), checked


def load_packs(
    catalog: Catalog,
    given: Iterable[Pack | str | os.PathLike[str]],
    *,
    discover: bool,
) -> LoadedPacks:
    """Read the given and (optionally) installed packs; the good ones, all statuses, rules."""
    candidates = [cand for item in given for cand in _given(item)]
    if discover:
        candidates.extend(_installed(find_packs()))
    final = _check(catalog, _dedupe(candidates))
    good = [c for c in final if c.pack is not None]
    statuses = tuple(
        PackStatus(
            name=c.name,
            source=c.source,
            status="ok" if c.pack is not None else "error",
            distribution=c.distribution,
            version=c.pack.version if c.pack is not None else c.version,
            error=c.error,
            pack=c.pack,
        )
        for c in final
    )
    return LoadedPacks(
        packs=tuple(c.pack for c in good if c.pack is not None),
        statuses=statuses,
        rules={c.pack.id: c.rules for c in good if c.pack is not None},
    )


def check_required(
    require: Mapping[str, str] | Iterable[str], statuses: Sequence[PackStatus]
) -> None:
    """PackError unless every required pack loaded (at a version in its range, if given)."""
    wanted = dict(require) if isinstance(require, Mapping) else dict.fromkeys(require, "")
    if not wanted:
        return
    by_name = {s.name: s for s in statuses}
    problems = []
    for name, spec in sorted(wanted.items()):
        status = by_name.get(name)
        if status is None:
            problems.append(tr("required pack {pack} is not installed", pack=repr(name)))
        elif status.status != "ok" or status.pack is None:
            problems.append(
                tr(
                    "required pack {pack} failed to load: {problem}",
                    pack=repr(name),
                    problem=status.error,
                )
            )
        elif spec:
            try:
                if not matches(status.pack.version, spec):
                    problems.append(
                        tr(
                            "required pack {pack} {versions} is installed at version {version}",
                            pack=repr(name),
                            versions=spec,
                            version=status.pack.version,
                        )
                    )
            except InvalidVersionRange as exc:
                problems.append(tr("required pack {pack}: {problem}", pack=repr(name), problem=exc))
    if problems:
        raise PackError(problems, pack=next(iter(sorted(wanted))))
