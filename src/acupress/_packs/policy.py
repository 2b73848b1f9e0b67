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
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import NamedTuple

from .._catalog import Catalog, legacy_bladder
from .._model.packs import Pack
from .._model.points import Point
from .._resolve.resolver import NAME_NOTATIONS, Resolver
from .._resolve.romanize import wade_giles_keys
from .._text import normalize, normalize_all

__all__ = [
    "CatalogView",
    "catalog_codes",
    "catalog_view",
    "pack_problems",
    "point_keys",
    "wade_giles_signature",
    "written_keys",
]


class CatalogView(NamedTuple):
    """What the checks need of a catalog, taken from the catalog itself.

    ``resolver`` reads codes in the catalog's notations (``LI 4``, ``B54``) and folds text as
    every lookup does; ``names`` maps the folded key of every name the catalog writes for a
    point to those points, and ``romanized`` its pinyin by their ``wade_giles_signature``, so
    that only the few a text could be the Wade-Giles spelling of are romanized. Both are built
    here from the points, never from the resolver's index of names (which may come from a
    shipped file or a cache entry, trusted on their stamps).
    """

    resolver: Resolver
    names: Mapping[str, tuple[str, ...]]
    romanized: Mapping[str, tuple[tuple[str, str], ...]]
    notations: frozenset[str]
    locations: Mapping[str, str]


def catalog_view(catalog: Catalog) -> CatalogView:
    """The checks' view of ``catalog``: one pass over its points, each table built once."""
    # A resolver of this catalog alone, given no source for its index: what it says of a code
    # comes from the notations, and anything it says of a name is built from these points.
    resolver = Resolver(catalog.meridians, catalog.points, catalog.notations, legacy_bladder())
    # The resolver's own folds (traditional characters to simplified, and the variants people
    # type): both sides of the comparison are folded exactly as a lookup folds them.
    folds = resolver.folds
    names: dict[str, tuple[str, ...]] = {}
    romanized: dict[str, tuple[tuple[str, str], ...]] = {}
    locations: dict[str, str] = {}
    points = catalog.points
    # Every point's pinyin, other written names and location folded in three calls, not one a
    # text (the ASCII ones together): then each point's share is taken back in order.
    pinyins = [_pinyins(p) for p in points]
    others = [_other_names(p) for p in points]
    folded_pinyins = iter(normalize_all([t for texts in pinyins for t in texts]))
    folded_others = iter(normalize_all([t for texts in others for t in texts]))
    folded_places = normalize_all([p.location.text for p in points])
    for p, own, other, place in zip(points, pinyins, others, folded_places, strict=True):
        code = p.code
        folded = [next(folded_pinyins) for _ in own]
        keys = _keys(p, folds, folded, [next(folded_others) for _ in other])
        for key in keys:
            names[key] = (*names.get(key, ()), code)
        for pinyin, key in zip(own, folded, strict=True):
            signature = wade_giles_signature(key)
            romanized[signature] = (*romanized.get(signature, ()), (pinyin, code))
        locations.setdefault(place, code)
    notations = frozenset(
        normalize(n) for n in (*(n.name for n in catalog.notations), *NAME_NOTATIONS)
    )
    return CatalogView(
        resolver,
        MappingProxyType(names),
        MappingProxyType(romanized),
        notations,
        MappingProxyType(locations),
    )


def catalog_codes(view: CatalogView, text: str) -> tuple[str, ...]:
    """The catalog points ``text`` already names: its readings as a code in the catalog's
    notations, then the points one of whose names it is, then those whose pinyin it spells in
    Wade-Giles (folded as lookups fold)."""
    if not text:
        return ()
    key = view.resolver.key(text)
    if not key:
        return ()
    # Only a key that ends in a digit can be read as a code (``li04``, ``b54``).
    codes = view.resolver.catalog_codes(text) if key[-1].isdigit() else ()
    named = view.names.get(key, ())
    # A lookup's key is folded to ASCII letters wherever a Wade-Giles key can equal it.
    spelled: tuple[str, ...] = ()
    if key.isascii() and key.isalpha():
        candidates = view.romanized.get(wade_giles_signature(key), ())
        spelled = tuple(code for pinyin, code in candidates if key in wade_giles_keys(pinyin))
    return tuple(dict.fromkeys((*codes, *named, *spelled)))


def _pinyins(p: Point) -> tuple[str, ...]:
    names = p.names
    return tuple(t for t in (names.pinyin, *names.pinyin_alt, names.tones) if t)


def _other_names(p: Point) -> tuple[str, ...]:
    names = p.names
    return tuple(t for t in (names.gloss, *names.nicknames, *p.legacy_codes) if t)


def written_keys(p: Point, folds: Mapping[int, str]) -> set[str]:
    """The folded key of every name the catalog writes for ``p``: pinyin with and without tones,
    its other pinyin, traditional and simplified characters, the gloss, nicknames, older codes.
    ``point_keys`` adds the Wade-Giles spellings derived from the pinyin."""
    return _keys(
        p,
        folds,
        [normalize(t) for t in _pinyins(p)],
        [normalize(t) for t in _other_names(p)],
    )


def _keys(
    p: Point, folds: Mapping[int, str], pinyins: Iterable[str], others: Iterable[str]
) -> set[str]:
    """``written_keys``, given the folded keys of the point's pinyin and of its other names."""
    names = p.names
    keys = set(pinyins)
    characters = {c for c in (names.hanzi, names.simplified) if c}
    keys.update(normalize(c, folds) for c in characters)
    keys.update(others)
    keys.discard("")
    return keys


def point_keys(p: Point, folds: Mapping[int, str]) -> set[str]:
    """The folded key of every name the catalog gives ``p``: the spellings the resolver indexes
    a catalog point by (``written_keys`` and the Wade-Giles spellings of its pinyin).

    Its codes in the meridian notations and the older bladder numbering are read by the
    resolver from the notations, not from its index. A test holds this set equal, point by
    point, to the keys of an index built from the catalog.
    """
    keys = written_keys(p, folds)
    for pinyin in _pinyins(p):
        keys |= wade_giles_keys(pinyin)
    return keys


# Letter counts that romanizing a pinyin syllable never changes (f, l, m, n and w are kept; b
# becomes p, g becomes k; c, j, q, r and z become two letters of ch, ts, tz, j or hs for d, i, s,
# t or x, which count one each): a Wade-Giles key has its pinyin's signature, so only pinyin of
# that signature need romanizing. A test checks every syllable of the table.
_SIGNATURE = str.maketrans(
    {
        **{c: c for c in "flmnw"},
        **dict.fromkeys("gk", "g"),
        **dict.fromkeys("bp", "b"),
        **dict.fromkeys("cjqrz", "xx"),
        **dict.fromkeys("distx", "x"),
        **dict.fromkeys("aeouvhyü'", None),
    }
)


def wade_giles_signature(key: str) -> str:
    """What a folded pinyin key and each of its Wade-Giles keys have in common: the count of
    each letter (or class of letters) that romanizing a syllable keeps, as a sorted string."""
    return "".join(sorted(key.translate(_SIGNATURE)))


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
