"""Validating a pack on disk, for pack authors: every problem, one line each, none hidden.

The checks are the loader's: the document, its parts, the policy (packs can only add) and its
safety rules; only what depends on other installed packs is left to loading.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from .._catalog import standard_catalog
from .._versions import acupress_version, matches
from ..errors import InvalidVersionRange, PackError
from .discovery import pack_paths
from .document import cross_check, read_pack_document
from .policy import catalog_view, pack_problems

__all__ = ["validate_path", "validate_text"]


def validate_text(
    text: str, source: str, known_points: Mapping[str, Any] | None = None
) -> list[str]:
    """Every problem of one pack document, as ``file: $.path: problem`` lines (empty if valid).

    Points are checked against ``known_points`` (default: the standard catalog's points).
    """
    points = (
        known_points if known_points is not None else {p.code: p for p in standard_catalog().points}
    )
    try:
        pack = read_pack_document(text, source)
    except PackError as exc:
        return list(exc.problems)
    problems = cross_check(pack, points, source)
    problems.extend(pack_problems(pack, source, catalog_view(standard_catalog())))
    try:
        if not matches(acupress_version(), pack.acupress):
            problems.append(
                f"{source}: $.acupress: supports acupress {pack.acupress}, "
                f"but this is acupress {acupress_version()}"
            )
    except InvalidVersionRange as exc:
        problems.append(f"{source}: $.acupress: {exc}")
    if pack.rules:
        from .._safety.rules import rule_problems

        problems.extend(rule_problems(pack, source))
    return problems


def validate_path(path: str | os.PathLike[str]) -> tuple[list[str], list[str]]:
    """Validate the pack file at ``path`` or every ``pack.toml`` below a folder.

    Returns (problems, files checked); a path with no pack is itself a problem.
    """
    files = [p for p in pack_paths(path) if p.is_file()]
    if not files:
        return [f"{path}: no pack.toml found"], []
    problems: list[str] = []
    points = {p.code: p for p in standard_catalog().points}
    for file in files:
        try:
            text = file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            problems.append(f"{file}: cannot read: {exc}")
            continue
        problems.extend(validate_text(text, str(file), points))
    return problems, [str(f) for f in files]
