"""The resolver: every notation the issue names, collisions on purpose, and its invariants."""

from __future__ import annotations

import string
from pathlib import Path

import pytest
from hypothesis import given, strategies as st

import acupress
from acupress import UnknownNotationError, UnknownPointError
from acupress._text import normalize

from .conftest import read_csv, standard

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
