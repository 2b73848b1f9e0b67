"""Loading packs: read each one, check it, and keep going when one is broken.

Every problem ends up in a PackStatus that names the pack, its distribution and version, the file,
the path inside the file and the cause.
"""

from __future__ import annotations

import os
from collections.abc import Iterable

import attrs

from ._catalog import Catalog
from ._discovery import PackInfo, find_packs, read_pack
from ._library import PackStatus, pack_paths
from ._pack import Pack, cross_check, read_pack_document
from ._safety_rules import core_safety, pack_rules
from ._version import InvalidVersionRange, acupress_version, matches
from .errors import PackError

__all__ = ["load_packs"]


@attrs.frozen
class _Candidate:
    name: str
    source: str
    distribution: str | None
    version: str | None
    pack: Pack | None = None
    error: str | None = None


def _prefix(info: PackInfo | None, source: str) -> str:
    return f"{info.label}: " if info is not None else ""


def _read(info: PackInfo | None, source: str, text: str) -> _Candidate:
    dist = info.distribution if info else None
    version = info.version if info else None
    name = info.name if info else os.path.basename(os.path.dirname(source)) or source
    from ._cache import cached

    try:
        pack = cached(
            "pack", text, acupress_version(), lambda: read_pack_document(text, source), Pack
        )
    except PackError as exc:
        lines = "\n".join(_prefix(info, source) + line for line in exc.problems)
        return _Candidate(exc.pack or name, source, dist, version, error=lines)
    if info is not None and pack.id != info.name:
        return _Candidate(
            info.name,
            source,
            dist,
            version,
            error=f"{info.label}: {source}: $.id: the pack calls itself {pack.id!r} but its entry "
            f"point is named {info.name!r}",
        )
    try:
        supported = matches(acupress_version(), pack.acupress)
    except InvalidVersionRange as exc:
        return _Candidate(
            pack.id,
            source,
            dist,
            version,
            error=f"{_prefix(info, source)}{source}: $.acupress: {exc}",
        )
    if not supported:
        return _Candidate(
            pack.id,
            source,
            dist,
            version,
            error=f"{_prefix(info, source)}{source}: $.acupress: the pack supports acupress "
            f"{pack.acupress}, but this is acupress {acupress_version()}",
        )
    return _Candidate(pack.id, source, dist, version or pack.version, pack=pack)


def load_packs(
    catalog: Catalog,
    given: Iterable[Pack | str | os.PathLike[str]],
    *,
    discover: bool,
) -> tuple[tuple[Pack, ...], tuple[PackStatus, ...]]:
    """Read the given and (optionally) installed packs; return the good ones and all statuses."""
    candidates: list[_Candidate] = []
    for item in given:
        if isinstance(item, Pack):
            candidates.append(_Candidate(item.id, f"<{item.id}>", None, item.version, pack=item))
            continue
        paths = pack_paths(item)
        if not paths:
            candidates.append(
                _Candidate(str(item), str(item), None, None, error=f"{item}: no pack.toml found")
            )
        for path in paths:
            try:
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                candidates.append(
                    _Candidate(
                        path.parent.name, str(path), None, None, error=f"{path}: cannot read: {exc}"
                    )
                )
                continue
            candidates.append(_read(None, str(path), text))
    if discover:
        for info in find_packs():
            try:
                source, text = read_pack(info)
            except PackError as exc:
                candidates.append(
                    _Candidate(
                        info.name, info.value, info.distribution, info.version, error=str(exc)
                    )
                )
                continue
            candidates.append(_read(info, source, text))

    # Duplicate ids: the first in order (given packs, then installed ones by name) wins.
    seen: dict[str, _Candidate] = {}
    checked: list[_Candidate] = []
    for cand in candidates:
        if cand.pack is not None and cand.pack.id in seen:
            first = seen[cand.pack.id]
            where = first.distribution or first.source
            cand = attrs.evolve(
                cand,
                pack=None,
                error=(
                    f"{cand.distribution or cand.source}: duplicate pack id {cand.pack.id!r}: "
                    f"already provided by {where}"
                ),
            )
        elif cand.pack is not None:
            seen[cand.pack.id] = cand
        checked.append(cand)

    # Cross-check against the catalog and every good pack's own points, then the pack's rules
    # against the core rules and the rules of the packs before it.
    known: dict[str, object] = {p.code: p for p in catalog.points}
    for cand in checked:
        if cand.pack is not None:
            known.update((p.code, p) for p in cand.pack.points)
    known_rules = (
        {r.id: r for r in core_safety().rules}
        if any(c.pack is not None and c.pack.rules for c in checked)
        else {}
    )
    final: list[_Candidate] = []
    for cand in sorted(checked, key=lambda c: (c.name, c.source)):
        if cand.pack is not None:
            problems = cross_check(cand.pack, known, cand.source)
            if cand.pack.rules:
                rules, rule_problems = pack_rules(cand.pack, cand.source, known_rules, known)
                problems.extend(rule_problems)
                if not problems:
                    known_rules.update((r.id, r) for r in rules)
            if problems:
                prefix = (
                    f"{cand.name} ({cand.distribution} {cand.version}): "
                    if cand.distribution
                    else ""
                )
                cand = attrs.evolve(cand, pack=None, error="\n".join(prefix + p for p in problems))
        final.append(cand)

    final.sort(key=lambda c: (c.name, c.source))
    packs = tuple(c.pack for c in final if c.pack is not None)
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
    return packs, statuses
