"""The resolver: every notation the issue names, collisions on purpose, and its invariants."""

from __future__ import annotations

import difflib
import json
import random
import string
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings, strategies as st

import acupress
from acupress import UnknownNotationError, UnknownPointError, _cache
from acupress._catalog import legacy_bladder, standard_catalog
from acupress._resolve import resolver as resolver_module
from acupress._resolve.resolver import Alias, Resolver, _pairs, catalog_resolver
from acupress._text import normalize

from .conftest import PACKS, read_csv, standard

CODES = sorted(standard().points)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("BL23", "BL23"),
        ("bl 23", "BL23"),
        ("BL-23", "BL23"),
        ("UB-23", "BL23"),
        ("B 23", "BL23"),
        ("Bladder 23", "BL23"),
        ("Shenshu", "BL23"),
        ("Shènshù", "BL23"),
        ("shen shu", "BL23"),
        ("腎俞", "BL23"),
        ("腎兪", "BL23"),
        ("肾俞", "BL23"),
        ("Hoku", "LI4"),
        ("Ho Ku", "LI4"),
        ("Hegu", "LI4"),
        ("Tsu San Li", "ST36"),
        ("Nei Kuan", "PC6"),
        ("Triple Energizer 3", "TE3"),
        ("Conception Vessel 6", "CV6"),
        ("SJ5", "TE5"),
        ("TW 5", "TE5"),
        ("LIV3", "LR3"),
        ("KD1", "KI1"),
        ("KID-1", "KI1"),
        ("DU20", "GV20"),
        ("REN 6", "CV6"),
        ("L.I. 4", "LI4"),
        ("HC6", "PC6"),
        ("P6", "PC6"),
        ("EX-HN3", "EX-HN3"),
        ("ex hn 3", "EX-HN3"),
        ("Yintang", "EX-HN3"),
        ("印堂", "EX-HN3"),
        ("M-UE-22", "EX-UE9"),
        ("Baxie", "EX-UE9"),
        ("zhōng zhǔ", "TE3"),
        ("BL023", "BL23"),
    ],
)
def test_examples(standard_library: acupress.Library, text: str, code: str) -> None:
    assert standard_library.resolve(text).code == code
    assert code in acupress.resolve(text).codes  # installed packs may add readings


def test_every_meridian_alias(standard_library: acupress.Library, reference: Path) -> None:
    english_sources = (
        "who",
        "gach",
        "deadman",
        "focks",
        "wiki",
        "aiemd",
        "pages",
        "studystack",
        "tara",
        "acucomau",
        "OMS column",
    )
    rows = read_csv(reference / "meridian_code_aliases.csv")
    assert len(rows) == 74
    for row in rows:
        meridian, note = row["who_meridian"], row["sources_and_notes"]
        if meridian == "EX" or "COLLIDES with LI" in note:
            continue
        for alias in row["alias"].split("/"):
            resolution = standard_library.resolve(f"{alias} 1")
            expected = f"{meridian}1"
            if any(s in note for s in english_sources) and "COLLIDES" not in note:
                assert resolution.codes[0] == expected, (alias, resolution)
            elif expected not in resolution.codes:
                # A foreign reading that collides with an English one needs its notation.
                notations = [
                    n
                    for n in ("french", "italian", "german", "voll")
                    if expected in _codes(standard_library, f"{alias} 1", n)
                ]
                assert notations, (alias, meridian)


def _codes(library: acupress.Library, text: str, notation: str) -> tuple[str, ...]:
    try:
        return library.resolve(text, notation).codes
    except UnknownPointError:
        return ()


def test_collisions_are_resolved_on_purpose(standard_library: acupress.Library) -> None:
    assert standard_library.resolve("P 6").codes == ("PC6",)
    assert standard_library.resolve("P 6", "french").code == "LU6"
    assert standard_library.resolve("P 6", "italian").code == "LU6"
    assert (
        standard_library.resolve("Dü 3").code == "GV3"
    )  # DU is the Governor Vessel in English books
    assert standard_library.resolve("Dü 3", "german").code == "SI3"
    assert standard_library.resolve("LI 3").codes == ("LI3",)  # never the Liver
    assert standard_library.resolve("V 40").code == "BL40"  # foreign but unambiguous: on by default


def test_legacy_bladder_numbering(standard_library: acupress.Library, reference: Path) -> None:
    rows = read_csv(reference / "legacy_bladder_numbering.csv")
    assert len(rows) == 67
    for row in rows:
        old, modern = row["legacy_code"], row["modern_code"]
        assert standard_library.resolve(old, "legacy-bladder").code == modern
        default = standard_library.resolve(old)
        assert modern in default.codes
        assert default.ambiguous == (old[1:] != modern[2:])
    assert standard_library.resolve("BL47").codes == ("BL47",)  # BL is WHO's own code
    assert standard_library.resolve("BL47", "legacy-bladder").code == "BL52"


def test_ambiguity_is_reported(standard_library: acupress.Library) -> None:
    erjian = standard_library.resolve("Erjian")
    assert erjian.ambiguous
    assert set(erjian.codes) == {"LI2", "EX-HN6"}
    zhongzhu = standard_library.resolve("Zhong Zhu")
    assert set(zhongzhu.codes) == {"TE3", "KI15"}
    assert not standard_library.resolve("zhōng zhù").ambiguous
    assert standard_library.resolve("zhōng zhù").code == "KI15"
    for match in zhongzhu.matches:
        assert match.why


def test_unknown_gives_suggestions(standard_library: acupress.Library) -> None:
    with pytest.raises(UnknownPointError) as info:
        standard_library.resolve("Hokuu")
    assert "LI4" in info.value.suggestions
    with pytest.raises(UnknownPointError, match="points 1 to 67"):
        standard_library.resolve("BL70")
    with pytest.raises(UnknownPointError):
        standard_library.resolve("   ")
    with pytest.raises(UnknownNotationError, match="legacy-bladder"):
        standard_library.resolve("B47", "klingon")


def test_notation_restricts_readings(standard_library: acupress.Library) -> None:
    assert standard_library.resolve("Shenshu", "pinyin").code == "BL23"
    with pytest.raises(UnknownPointError):
        standard_library.resolve("Shenshu", "who")
    with pytest.raises(UnknownPointError):
        standard_library.resolve("BL23", "pinyin")


WRITABLE = (
    "who",
    "english",
    "french",
    "italian",
    "german",
    "pinyin",
    "wade-giles",
    "hanzi",
    "gloss",
    "nickname",
    "legacy-bladder",
    "legacy-extra",
)


def test_every_point_round_trips_through_every_notation(standard_library: acupress.Library) -> None:
    written = 0
    for code in CODES:
        for notation in WRITABLE:
            for spelling in standard_library.spellings(code, notation):
                assert code in standard_library.resolve(spelling, notation).codes, (
                    code,
                    notation,
                    spelling,
                )
                if notation not in ("french", "italian", "german"):
                    assert code in standard_library.resolve(spelling).codes, (
                        code,
                        notation,
                        spelling,
                    )
                written += 1
    assert written > 409 * 8


@st.composite
def _noisy(draw: st.DrawFn, text: str) -> str:
    out = []
    for ch in text:
        out.append(ch.upper() if draw(st.booleans()) else ch.lower())
        out.append(draw(st.sampled_from(["", "", " ", "-", ".", "_", "  "])))
    return "".join(out)


@given(st.sampled_from(CODES).flatmap(lambda c: st.tuples(st.just(c), _noisy(c))))
def test_insensitive_to_case_spacing_and_punctuation(
    standard_library: acupress.Library, pair: tuple[str, str]
) -> None:
    code, noisy = pair
    assert standard_library.resolve(noisy).codes == standard_library.resolve(code).codes


@given(
    st.sampled_from(CODES).flatmap(
        lambda c: st.tuples(st.just(c), _noisy(standard().points[c].names.pinyin))
    )
)
def test_pinyin_insensitive_to_case_and_spacing(
    standard_library: acupress.Library, pair: tuple[str, str]
) -> None:
    code, noisy = pair
    assert code in standard_library.resolve(noisy).codes


@given(
    st.text(max_size=30)
    | st.text(alphabet=string.ascii_letters + string.digits + " -.", max_size=12)
)
def test_never_raises_anything_but_its_own_error(
    standard_library: acupress.Library, text: str
) -> None:
    try:
        resolution = standard_library.resolve(text)
    except UnknownPointError as exc:
        error: UnknownPointError | None = exc
    else:
        error = None
        assert resolution.matches
        assert len(set(resolution.codes)) == len(resolution.codes)
        assert all(code in standard_library.points for code in resolution.codes)
    if error is not None:
        assert error.query == text


@given(st.text(max_size=30))
def test_normalize_is_idempotent(text: str) -> None:
    once = normalize(text)
    assert normalize(once) == once


# -- the index: made on first need, kept in the cache, never needed for a code ---------------


def _fresh_catalog_resolver() -> Resolver:
    catalog = standard_catalog()
    return Resolver(catalog.meridians, catalog.points, catalog.notations, legacy_bladder())


@pytest.mark.parametrize(
    "text", ["LI4", "BL23", "UB-23", "bl 23", "Bladder 23", "B47", "EX-HN3", "P 6", "V 40", "ST036"]
)
def test_a_code_is_read_without_the_index_of_names(text: str) -> None:
    resolver = _fresh_catalog_resolver()
    expected = standard().resolve(text)
    assert resolver.resolve(text) == expected
    assert resolver._built is None  # the index of names was never made
    catalog = standard_catalog()
    reference = _AlwaysIndexed(
        catalog.meridians, catalog.points, catalog.notations, legacy_bladder()
    )
    assert reference.resolve(text) == expected
    resolver.resolve("Hoku")
    assert resolver._built is not None


def _digits(resolver: Resolver) -> frozenset[str]:
    base = resolver._base._catalog_digits() if resolver._base is not None else frozenset()
    return resolver._pack_digits | resolver._catalog_digits() | base


def _digit_names(resolver: Resolver) -> set[str]:
    return {key for key in resolver._names if key[-1:] in string.digits}


def test_every_name_that_ends_in_a_digit_is_known_without_the_index(
    packed_library: acupress.Library,
) -> None:
    # What makes the shortcut for codes exact: a key it skips the index for has no entry there.
    for resolver in (standard().resolver, packed_library.resolver):
        assert _digit_names(resolver) <= _digits(resolver)
    # The standard catalog's, read from the cache, are the same as those found from its points.
    assert catalog_resolver()._catalog_digits() == _fresh_catalog_resolver()._catalog_digits()
    assert catalog_resolver()._catalog_digits() == _digit_names(_fresh_catalog_resolver())


_CODE_LIKE = st.text(alphabet="LIBUST -.1234567890", min_size=1, max_size=6)


@settings(deadline=None, max_examples=40)  # each example builds a resolver's whole index
@given(
    st.lists(st.tuples(_CODE_LIKE, st.sampled_from(CODES)), max_size=4),
    st.lists(_CODE_LIKE, min_size=1, max_size=5),
)
def test_aliases_spelled_like_codes_are_never_skipped(
    aliases: list[tuple[str, str]], queries: list[str]
) -> None:
    catalog = standard_catalog()
    built = [Alias(text=text, point=code, notation="book") for text, code in aliases]
    lazy = Resolver(catalog.meridians, catalog.points, catalog.notations, legacy_bladder(), built)
    eager = Resolver(catalog.meridians, catalog.points, catalog.notations, legacy_bladder(), built)
    assert _digit_names(eager) <= _digits(eager)
    for query in [*queries, *(text for text, _code in aliases)]:
        assert _outcome(lazy, query) == _outcome(eager, query), query
    for text, _code in aliases:
        key = normalize(text)
        if key and key in eager._names:
            assert eager.resolve(text).codes


class _AlwaysIndexed(Resolver):
    """The resolver without its shortcut: every query is looked up in the index of names."""

    def _may_be_named(self, key: str) -> bool:
        return True


def _outcome(resolver: Resolver, text: str) -> object:
    try:
        return resolver.resolve(text)
    except UnknownPointError as exc:
        return str(exc)


def test_the_index_is_kept_in_the_cache_and_read_back_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without a shipped index that is current (tests/test_shipped_index.py), the built index
    is kept in the per-user cache and read back from it."""
    monkeypatch.setenv("ACUPRESS_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("ACUPRESS_NO_CACHE", raising=False)
    monkeypatch.setattr(resolver_module, "shipped_index", lambda: None)
    acupress.refresh()
    try:
        built = catalog_resolver()
        assert built.resolve("Hoku").code == "LI4"
        entries = list(tmp_path.glob("resolver-*.json"))
        assert len(entries) == 1
        acupress.refresh()
        read = catalog_resolver()
        assert read is not built
        fresh = _fresh_catalog_resolver()
        assert read._index() == fresh._index()
        assert read._index().names["hoku"] == fresh._index().names["hoku"]
        assert list(tmp_path.glob("resolver-*.json")) == entries  # read, not written again
        # A library's packs are added to it on first use; none of theirs is ever stored.
        library = acupress.Library.build([PACKS], discover=False)
        assert library.resolver._base is read
        assert not any(e.pack for es in read._index().names.values() for e in es)
        assert any(e.pack for es in library.resolver._names.values() for e in es)
    finally:
        acupress.refresh()


@pytest.mark.parametrize(
    "tamper",
    [
        lambda data: data["names"].__setitem__("hoku", ["SP6", "who", "a code?"]),
        lambda data: data["names"].__setitem__("hoku", ["NOPE1", "pinyin", "no such point"]),
        lambda data: data["names"].__setitem__("hoku", ["LI4", "pinyin"]),
        lambda data: data["names"].__setitem__("hoku", ["LI4", "pinyin", 3]),
        lambda data: data["names"].__setitem__("hoku", []),
        lambda data: data["names"].__setitem__("hoku", "LI4 pinyin why"),
        lambda data: data["names"].__setitem__("zzz", [["LI4"], "pinyin", "nested"]),
        lambda data: data["tones"].__setitem__("hegu", [1]),
        lambda data: data.__setitem__("extra", {}),
    ],
)
def test_a_cached_index_that_is_not_exactly_one_is_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, tamper: Callable[[dict[str, Any]], object]
) -> None:
    monkeypatch.setenv("ACUPRESS_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("ACUPRESS_NO_CACHE", raising=False)
    monkeypatch.setattr(resolver_module, "shipped_index", lambda: None)  # the cache's index
    acupress.refresh()
    try:
        catalog_resolver().resolve("Hoku")
        (entry,) = tmp_path.glob("resolver-*.json")
        header = json.loads(entry.read_bytes().partition(b"\n")[0])
        data = Resolver._index_data(_fresh_catalog_resolver()._index())
        tamper(data)
        # Correctly hashed, so only the resolver's own checks stand in the way.
        entry.write_bytes(_cache._encode(data, "resolver", header["key"], dict[str, Any]))
        acupress.refresh()
        resolver = catalog_resolver()
        assert resolver.resolve("Hoku").codes == ("LI4",)
        assert resolver._index() == _fresh_catalog_resolver()._index()
    finally:
        acupress.refresh()


def _difflib_suggest(resolver: Resolver, key: str, limit: int = 5) -> tuple[str, ...]:
    """Suggestions as they were made before: difflib over every spelling and code."""
    candidates = list(resolver._names) + [c.lower() for c in resolver._points]
    codes: list[str] = []
    for spelling in difflib.get_close_matches(key, candidates, n=limit * 3, cutoff=0.6):
        for code in [e.code for e in resolver._names.get(spelling, ())] or [spelling.upper()]:
            if code in resolver._points and code not in codes:
                codes.append(code)
    return tuple(codes[:limit])


def test_suggestions_are_as_good_as_comparing_every_spelling() -> None:
    resolver = standard().resolver
    rnd = random.Random(13)
    cases = []
    for key, entries in sorted(resolver._names.items()):
        if key.isascii() and len(key) >= 4 and rnd.random() < 0.2:
            i = rnd.randrange(len(key))
            edits = (
                key[:i] + key[i + 1 :],
                key[:i] + rnd.choice(string.ascii_lowercase) + key[i + 1 :],
                key[:i] + rnd.choice(string.ascii_lowercase) + key[i:],
                key[:i] + key[i + 1 : i + 2] + key[i : i + 1] + key[i + 2 :],
            )
            cases += [
                (typo, {e.code for e in entries}) for typo in edits if typo not in resolver._names
            ]
    assert len(cases) > 500
    ours = before = 0
    for typo, codes in cases:
        ours += bool(codes & set(resolver.suggest(typo)))
        before += bool(codes & set(_difflib_suggest(resolver, typo)))
    assert ours >= before
    assert ours > 0.95 * len(cases)
    assert resolver.suggest("hokuu")[0] == "LI4"
    assert resolver.suggest("x") == _difflib_suggest(resolver, "x")


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=string.ascii_lowercase + " -'", min_size=1, max_size=14))
def test_the_pairs_looked_up_on_demand_are_the_full_table(key: str) -> None:
    """The suggestions' table of pairs, filled in a pair at a time, holds for each pair exactly
    the spellings whose pairs include it, and each spelling's count of pairs."""
    grams = standard().resolver._suggestion_grams()
    for pair in _pairs(key):
        assert grams.holding(pair) == tuple(
            i for i, spelling in enumerate(grams.spellings) if pair in _pairs(spelling)
        )
    for i in range(0, len(grams.spellings), 97):
        assert grams.size(i) == len(_pairs(grams.spellings[i]))
    # A resolver whose table is empty suggests what one whose table is filled does.
    fresh = _fresh_catalog_resolver()
    assert fresh.suggest(key) == standard().resolver.suggest(key)


@given(st.text(alphabet=st.characters(max_codepoint=127)))
def test_an_ascii_key_is_what_the_pattern_leaves(text: str) -> None:
    """An ASCII text's key is made with a translation table: the same key the pattern gives."""
    import re

    assert normalize(text) == re.sub(r"[\W_]+", "", text.lower())


@given(st.lists(st.text(max_size=12)))
def test_folding_many_texts_at_once_folds_each_as_alone(texts: list[str]) -> None:
    from acupress._text import normalize_all

    assert normalize_all(texts) == [normalize(t) for t in texts]


@given(st.text(max_size=20))
def test_the_public_key_is_the_one_lookups_use(text: str) -> None:
    """``Resolver.key`` folds as ``resolve`` does: a text and its key read as the same points."""
    resolver = standard().resolver
    key = resolver.key(text)
    assert key == normalize(text, resolver.folds)
    assert resolver.catalog_codes(text) == resolver.catalog_codes(key)


def test_the_folds_are_read_only() -> None:
    folds = standard().resolver.folds
    assert folds[ord("腎")] == "肾"
    with pytest.raises(TypeError):
        folds[ord("x")] = "y"  # type: ignore[index]
