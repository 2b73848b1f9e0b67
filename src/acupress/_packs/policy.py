"""What a pack may and may not do: the checks of one pack against the catalog.

Packs can only add. The checks here refuse (the pack is broken, with one line per problem) what
would let a pack change what the catalog already says:

- an alias written in one of the catalog's notations (``who``, ``english``, ``pinyin``...): a
  pack's names have notations of their own (``alias``, the default, or any other label);
- an alias whose text the catalog already reads as other points (``Hegu`` for SP6, ``LI 4`` for
  anything but LI4); an alias that repeats a catalog reading (``Hoku`` for LI4) is allowed;
- a point of the pack's own that is a catalog point again: its code, pinyin (ignoring tones, case
  and spaces), characters, gloss or a nickname is already a catalog name of a point, or its
  location text is a catalog point's (after folding case, spaces and punctuation);
- a red-flag question or score id written with a pack prefix (``back-pain:x``): the library
  gives that form itself to ids that two packs share;
- a routine step whose note begins with its position (``"sitting; Sit forward..."``, the old
  form): the position is the step's ``position`` field, which the composer, the safety rules
  (a rule narrowed to lying) and every output read; a note is never parsed for it.

Each check looks at one pack and the catalog only, so no result depends on the other packs
installed or on the order they load in. The resolver keeps the same promise on its own (see
``Resolver``), for libraries built from packs that never went through the loader.

What the catalog already calls a point is taken from the catalog's points themselves (``names``
of the view), never from the resolver's index of names: that index may come from the file the
package ships or from a cache entry, trusted on their stamps, and one with a spelling missing
must not let a pack take that spelling.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import MappingProxyType
from typing import NamedTuple

from .._catalog import Catalog, legacy_bladder
from .._model.packs import Pack
from .._model.points import Point
from .._resolve.resolver import NAME_NOTATIONS, Resolver
from .._resolve.romanize import wade_giles_keys
from .._text import normalize

__all__ = ["CatalogView", "catalog_codes", "catalog_view", "pack_problems", "point_keys"]


class CatalogView(NamedTuple):
    """What the checks need of a catalog, taken from the catalog itself.

    ``resolver`` reads codes in the catalog's notations (``LI 4``, ``B54``) and folds text as
    every lookup does; ``names`` maps the folded key of every name the catalog gives a point
    to those points, built here from the points, never from the resolver's index of names
    (which may come from a shipped file or a cache entry, trusted on their stamps).
    """

    resolver: Resolver
    names: Mapping[str, tuple[str, ...]]
    notations: frozenset[str]
    locations: Mapping[str, str]


def catalog_view(catalog: Catalog) -> CatalogView:
    """The checks' view of ``catalog``: one pass over its points."""
    # A resolver of this catalog alone, given no source for its index: what it says of a code
    # comes from the notations, and anything it says of a name is built from these points.
    resolver = Resolver(catalog.meridians, catalog.points, catalog.notations, legacy_bladder())
    # The resolver's own folds (traditional characters to simplified, and the variants people
    # type): both sides of the comparison are folded exactly as a lookup folds them.
    folds = resolver._folds
    names: dict[str, dict[str, None]] = {}
    locations: dict[str, str] = {}
    for p in catalog.points:
        for key in point_keys(p, folds):
            names.setdefault(key, {})[p.code] = None
        locations.setdefault(normalize(p.location.text), p.code)
    notations = frozenset(
        normalize(n) for n in (*(n.name for n in catalog.notations), *NAME_NOTATIONS)
    )
    return CatalogView(
        resolver,
        MappingProxyType({key: tuple(codes) for key, codes in names.items()}),
        notations,
        MappingProxyType(locations),
    )


def catalog_codes(view: CatalogView, text: str) -> tuple[str, ...]:
    """The catalog points ``text`` already names, best first: its readings as a code in the
    catalog's notations, then every point one of whose names it is (folded as lookups fold)."""
    if not text:
        return ()
    key = normalize(text, view.resolver._folds)
    # Only a key that ends in a digit can be read as a code (``li04``, ``b54``).
    codes = view.resolver.catalog_codes(text) if key[-1:].isdigit() else ()
    return tuple(dict.fromkeys((*codes, *view.names.get(key, ()))))


def point_keys(p: Point, folds: Mapping[int, str]) -> set[str]:
    """The folded key of every name the catalog gives ``p``: the spellings the resolver indexes
    a catalog point by (pinyin with and without tones, its other pinyin, their Wade-Giles
    spellings, traditional and simplified characters, the gloss, nicknames, older codes).

    Its codes in the meridian notations and the older bladder numbering are read by the
    resolver from the notations, not from its index. A test holds this set equal, point by
    point, to the keys of an index built from the catalog.
    """
    names = p.names
    pinyins = [t for t in (names.pinyin, *names.pinyin_alt, names.tones) if t]
    keys = {normalize(t) for t in pinyins}
    for t in pinyins:
        keys |= wade_giles_keys(t)
    keys.update(normalize(c, folds) for c in (names.hanzi, names.simplified) if c)
    keys.update(normalize(t) for t in (names.gloss, *names.nicknames, *p.legacy_codes) if t)
    keys.discard("")
    return keys


def pack_problems(pack: Pack, source: str, view: CatalogView) -> list[str]:
    """Everything in ``pack`` that would change what the catalog says, one line each."""
    problems: list[str] = []

    def report(path: str, message: str) -> None:
        problems.append(f"{source}: $.{path}: {message}")

    for i, alias in enumerate(pack.aliases):
        if normalize(alias.notation) in view.notations:
            report(
                f"aliases[{i}].notation",
                f"alias {alias.text!r} claims the catalog's notation {alias.notation!r}: a "
                "pack's names have a notation of their own (leave it out for 'alias', or name "
                "one such as 'book')",
            )
        catalog = catalog_codes(view, alias.text)
        others = [code for code in alias.points if code not in catalog]
        if catalog and others:
            report(
                f"aliases[{i}].text",
                f"alias {alias.text!r} is already the catalog's name of {', '.join(catalog)}: "
                f"a pack may not make it name {', '.join(others)}",
            )
    for i, p in enumerate(pack.points):
        names = [("code", p.code), ("pinyin", p.pinyin), ("tones", p.tones)]
        names += [("hanzi", p.hanzi), ("simplified", p.simplified), ("gloss", p.gloss)]
        names += [(f"nicknames[{j}]", nick) for j, nick in enumerate(p.nicknames)]
        for field, text in names:
            codes = catalog_codes(view, text)
            if codes:
                report(
                    f"points[{i}].{field}",
                    f"{p.code} copies {' or '.join(codes)}: {text!r} is already the catalog's "
                    f"name of {', '.join(codes)}; a pack's own point must be one the catalog "
                    "does not have (say what you know of a catalog point with its code)",
                )
        same_place = view.locations.get(normalize(p.location))
        if same_place is not None:
            report(
                f"points[{i}].location",
                f"{p.code} copies {same_place}: it has {same_place}'s location text; a pack's "
                "own point must be one the catalog does not have",
            )
    for i, q in enumerate(pack.screening):
        if ":" in q.id:
            report(f"screening[{i}].id", _QUALIFIED.format(q.id))
    for i, sc in enumerate(pack.scores):
        if ":" in sc.id:
            report(f"scores[{i}].id", _QUALIFIED.format(sc.id))
    for i, routine in enumerate(pack.routines):
        for j, step in enumerate(routine.steps):
            folded = _POSITION_IN_NOTE.match(step.note or "")
            if folded is not None:
                position = folded[1].lower()
                report(
                    f"routines[{i}].steps[{j}].note",
                    f"the note begins with the position {folded[0].strip()!r}: the position is "
                    f'a field of the step, write position = "{position}" and leave it out of '
                    "the note",
                )
    return problems


# The old form of a step's position, folded into its note: "sitting; Sit forward ...".
_POSITION_IN_NOTE = re.compile(r"\s*(sitting|lying|standing)\s*[;:,.-]\s*", re.IGNORECASE)


_QUALIFIED = (
    "{!r}: write the id without a pack prefix (acupress adds one itself when two packs use the "
    "same id)"
)
