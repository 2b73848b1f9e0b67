"""The pack policy takes the catalog's names from the catalog's points, not from an index.

The resolver's index of names may come from the file the package ships or from a cache entry,
each trusted on its stamp. ``_packs.policy`` must not: a tampered or incomplete index, with a
spelling of a catalog point missing, must not let a pack alias take that spelling.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Iterator, Set
from contextlib import contextmanager
from types import MappingProxyType
from typing import Any

import pytest
from hypothesis import given, settings, strategies as st

from acupress._catalog import legacy_bladder, standard_catalog
from acupress._packs.document import read_pack_document
from acupress._packs.policy import (
    catalog_codes,
    catalog_view,
    pack_problems,
    point_keys,
    wade_giles_signature,
    written_keys,
)
from acupress._packs.validate import validate_text
from acupress._resolve.resolver import Resolver, catalog_resolver
from acupress._resolve.romanize import PINYIN_TO_WADE_GILES, wade_giles_keys
from acupress._text import normalize
from acupress.testing import minimal_pack, to_toml

from .conftest import CATALOG_CODES, CATALOG_NOTATIONS, catalog_spellings


@functools.cache
def _full() -> Resolver:
    """The catalog's resolver, its index built here from the points (no file, no cache)."""
    catalog = standard_catalog()
    return Resolver(catalog.meridians, catalog.points, catalog.notations, legacy_bladder())


@contextmanager
def _index_without(keys: Set[str] | None) -> Iterator[None]:
    """Every resolver's index of names lacks ``keys`` (all of its names, for None): what a
    tampered shipped index or cache entry would give."""
    real = Resolver._index

    def index(self: Resolver) -> Any:
        built = real(self)
        names = {k: v for k, v in built.names.items() if keys is not None and k not in keys}
        return built._replace(names=MappingProxyType(names))

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(Resolver, "_index", index)
        yield


def _alias_problems(text: str, target: str) -> list[str]:
    document = minimal_pack(
        id="gen", aliases=[{"text": text, "points": [target], "source": "evil"}]
    )
    return [p for p in validate_text(to_toml(document), "gen.toml") if "$.aliases[0].text" in p]


def _legacy_extra() -> tuple[str, str]:
    point = next(p for p in standard_catalog().points if p.legacy_codes)
    return point.legacy_codes[0], point.code


LI4_NAMES = ("Hoku", "Ho Ku", "Hegu", "hé gǔ", "合谷", "Joining Valley", "Union Valley")


@pytest.mark.parametrize("text", LI4_NAMES)
def test_a_name_missing_from_the_index_is_still_the_catalogs(text: str) -> None:
    assert _full().catalog_codes(text) == ("LI4",)  # built before the index is emptied
    with _index_without(None):
        fresh = standard_catalog()
        emptied = Resolver(fresh.meridians, fresh.points, fresh.notations, legacy_bladder())
        # The tampered index really has lost the name: the resolver alone would let it go.
        assert emptied.catalog_codes(text) == ()
        problems = _alias_problems(text, "SP6")
    assert len(problems) == 1
    assert "is already the catalog's name of LI4: a pack may not make it name SP6" in problems[0]


def test_an_older_extra_code_missing_from_the_index_is_still_the_catalogs() -> None:
    # An older code ends in a digit: the resolver looks it up among its names only when a
    # stored list of such keys says it is one, so both are taken away here.
    legacy, code = _legacy_extra()
    assert _full().catalog_codes(legacy) == (code,)
    target = "SP6" if code != "SP6" else "LI4"
    with _index_without(None), pytest.MonkeyPatch.context() as mp:
        mp.setattr(Resolver, "_catalog_digits", lambda self: frozenset())
        problems = _alias_problems(legacy, target)
    assert len(problems) == 1
    assert (
        f"already the catalog's name of {code}: a pack may not make it name {target}"
        in (problems[0])
    )


def test_a_pack_point_copying_a_name_missing_from_the_index_is_refused() -> None:
    document = minimal_pack(id="aaa")
    document["points"] = [
        {
            "code": "aaa:copy",
            "pinyin": "Xinxue",
            "gloss": "A new point",
            "nicknames": ["Hoku"],
            "location": "Somewhere no catalog point is.",
            "region": "hand",
            "laterality": "bilateral",
            "reach": "alone",
            "references": ["tradition"],
        }
    ]
    with _index_without({"hoku"}):
        problems = validate_text(to_toml(document), "aaa.toml")
    assert any("$.points[0].nicknames[0]: aaa:copy copies LI4" in p for p in problems), problems


def test_the_view_never_reads_the_index_of_names() -> None:
    # Neither the shipped file nor the cache: the view is made from the points alone.
    def refuse(self: Resolver) -> Any:
        raise AssertionError("the policy read a resolver's index of names")

    view = catalog_view(standard_catalog())
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(Resolver, "_index", refuse)
        for text in (*LI4_NAMES, "Zhong Zhu", "li-04", "B54"):
            assert catalog_codes(view, text)
        pack = minimal_pack(
            id="gen", aliases=[{"text": "Hoku", "points": ["SP6"], "source": "evil"}]
        )
        assert validate_text(to_toml(pack), "gen.toml")


def test_the_policys_spellings_are_the_indexs_point_by_point() -> None:
    # The policy lists the spellings itself (so as not to read the index); this holds the list
    # to what an index built from the same points indexes, so the two cannot drift apart.
    catalog = standard_catalog()
    index = _full()._index()
    indexed: dict[str, set[str]] = {}
    for key in index.names:
        for entry in index.names[key]:
            indexed.setdefault(entry.code, set()).add(key)
    folds = _full()._folds
    for p in catalog.points:
        assert point_keys(p, folds) == indexed[p.code], p.code
        assert written_keys(p, folds) <= indexed[p.code]


def test_the_view_reads_every_key_of_the_index_as_the_index_does() -> None:
    # Every spelling of the index, Wade-Giles ones included (found through their signature),
    # names exactly the points an index built from the catalog says, in its order (so the
    # messages name them as before).
    view = catalog_view(standard_catalog())
    full = _full()
    for key in full._index().names:
        assert catalog_codes(view, key) == full.catalog_codes(key), key


_TABLE = sorted(PINYIN_TO_WADE_GILES.items())


@pytest.mark.parametrize(("pinyin", "romanized"), _TABLE, ids=[p for p, _w in _TABLE])
def test_romanizing_a_syllable_keeps_its_signature(pinyin: str, romanized: str) -> None:
    assert wade_giles_signature(normalize(romanized)) == wade_giles_signature(normalize(pinyin))


_TONES = ("", "\u0304", "\u0301", "\u030c", "\u0300")


@st.composite
def pinyin_texts(draw: st.DrawFn) -> str:
    """A pinyin name: table syllables, some capitalised or with a tone mark, some apart."""
    syllables = draw(st.lists(st.sampled_from([p for p, _w in _TABLE]), min_size=1, max_size=4))
    out = ""
    for syllable in syllables:
        vowel = next((i for i, ch in enumerate(syllable) if ch in "aeiouü"), None)
        if vowel is not None:
            mark = draw(st.sampled_from(_TONES))
            syllable = syllable[: vowel + 1] + mark + syllable[vowel + 1 :]
        if draw(st.booleans()):
            syllable = syllable.capitalize()
        out += draw(st.sampled_from(["", " ", "-", "'"])) + syllable
    return unicodedata.normalize("NFC", out.strip(" -'"))


@settings(max_examples=300, deadline=None)
@given(text=pinyin_texts())
def test_every_wade_giles_key_has_its_pinyins_signature(text: str) -> None:
    for key in wade_giles_keys(text):
        assert wade_giles_signature(normalize(key)) == wade_giles_signature(normalize(text))


def test_the_views_answers_are_the_full_resolvers() -> None:
    view = catalog_view(standard_catalog())
    full = _full()
    for code in CATALOG_CODES:
        for notation in CATALOG_NOTATIONS:
            for text in full.spellings(code, notation):
                assert set(catalog_codes(view, text)) == set(full.catalog_codes(text)), text


@settings(max_examples=150, deadline=None)
@given(spelling=catalog_spellings(), target=st.sampled_from(CATALOG_CODES))
def test_with_no_index_an_alias_taking_a_catalog_name_is_refused(
    spelling: tuple[str, str], target: str
) -> None:
    # Whatever the index has lost (here: all of it), an alias naming a point other than the
    # catalog's readings of its text is refused, exactly as an index built from the points says.
    code, text = spelling
    expected = _full().catalog_codes(text)
    assert code in expected or not expected  # the catalog reads its own spelling
    with _index_without(None):
        view = catalog_view(standard_catalog())
        pack = minimal_pack(
            id="gen", aliases=[{"text": text, "points": [target], "source": "evil"}]
        )
        problems = pack_problems(read_pack_document(to_toml(pack), "<gen>"), "<gen>", view)
    refused = any("$.aliases[0].text" in line for line in problems)
    assert refused == bool(expected and target not in expected), problems


def test_the_shared_catalog_resolver_is_not_the_views() -> None:
    # The process's catalog resolver (index from the shipped file or the cache) is not used.
    assert catalog_view(standard_catalog()).resolver is not catalog_resolver()


def test_the_views_names_are_each_points_written_keys() -> None:
    """The view folds every point's names together; each point's keys are its own."""
    from acupress._catalog import standard_catalog
    from acupress._packs.policy import catalog_view, written_keys

    catalog = standard_catalog()
    view = catalog_view(catalog)
    folds = view.resolver._folds
    expected: dict[str, tuple[str, ...]] = {}
    for p in catalog.points:
        for key in written_keys(p, folds):
            expected[key] = (*expected.get(key, ()), p.code)
    assert dict(view.names) == expected
