"""The standard catalog: every row against the reference files, and the data's own invariants."""

from __future__ import annotations

import json
import re
import tomllib
import unicodedata
from pathlib import Path

import pytest

import acupress
from acupress import _catalog, _data
from acupress._convert import structure
from acupress.errors import DataError

from .conftest import read_csv

DATA = Path(_data.__file__).parent / "data"

# Simplifications the WHO file's variant column does not list, but that standard simplified
# Chinese makes (戶 -> 户 and so on); anything else must come from that column.
EXTRA_SIMPLIFICATIONS = {
    "戶": "户",
    "橫": "横",
    "兎": "兔",
    "強": "强",
    "當": "当",
    "窩": "窝",
    "內": "内",
    "膽": "胆",
    "腸": "肠",
    "腎": "肾",
    "淵": "渊",
    "參": "参",
}

# Tone-marked pinyin where the reference file puts the mark on the wrong vowel (standard pinyin
# marks the a of -ian and -uan, the a of -ai, the o of -ou, and the last vowel of -iu and -ui) and
# the catalog has the standard spelling, as a clinical review asked: code -> (the reference's
# spelling, the catalog's). Drop a row once the reference is fixed.
REFERENCE_TONE_ERRATA = {
    "GB21": ("jīan jǐng", "jiān jǐng"),
    "SP9": ("yīn líng qúan", "yīn líng quán"),
    "ST10": ("shǔi tū", "shuǐ tū"),
    "ST34": ("liáng qīu", "liáng qiū"),
    "SP3": ("taì bái", "tài bái"),
    "SP7": ("loù gǔ", "lòu gǔ"),
    "KI3": ("taì xī", "tài xī"),
    "LR3": ("taì chōng", "tài chōng"),
}


def test_counts(standard_library: acupress.Library) -> None:
    assert len(standard_library.meridians) == 15  # 14 meridians and the EX family
    who = [p for p in standard_library.points.values() if p.meridian != "EX"]
    extra = [p for p in standard_library.points.values() if p.meridian == "EX"]
    assert (len(who), len(extra)) == (361, 48)


def test_every_who_row(standard_library: acupress.Library, reference: Path) -> None:
    rows = read_csv(reference / "points_who2008.csv")
    assert len(rows) == 361
    for row in rows:
        p = standard_library.points[row["code"]]
        assert p.meridian == row["meridian"], row["code"]
        assert standard_library.meridians[p.meridian].name == row["meridian_name"]
        assert p.number == int(row["number"])
        assert p.names.pinyin == row["pinyin"]
        assert p.names.pinyin_alt == ((row["pinyin_alt"],) if row["pinyin_alt"] else ())
        tones = unicodedata.normalize("NFC", row["pinyin_tones"].strip())
        if row["code"] in REFERENCE_TONE_ERRATA:
            theirs, ours = REFERENCE_TONE_ERRATA[row["code"]]
            assert tones == theirs, f"{row['code']}: the reference changed, review the erratum"
            tones = ours
        assert unicodedata.normalize("NFC", p.names.tones) == tones, row["code"]
        assert p.names.hanzi == row["hanzi_traditional"].strip()


def _variants(cell: str) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for m in re.finditer(r"(.)\(([^)]*)\)", cell):
        out.setdefault(m.group(1), set()).update(m.group(2).split(","))
    return out


def test_simplified_characters_follow_the_variant_column(
    standard_library: acupress.Library, reference: Path
) -> None:
    rows = read_csv(reference / "points_who2008.csv")
    assert len(rows) == 361
    simplified = 0
    for row in rows:
        p = standard_library.points[row["code"]]
        assert len(p.names.simplified) == len(p.names.hanzi), row["code"]
        variants = _variants(row["hanzi_with_variants"])
        for trad, simp in zip(p.names.hanzi, p.names.simplified, strict=True):
            if trad != simp:
                allowed = variants.get(trad, set()) | {EXTRA_SIMPLIFICATIONS.get(trad, trad)}
                assert simp in allowed, (row["code"], trad, simp)
                simplified += 1
    assert simplified > 100  # the check above ran on many characters


def test_every_extra_row(standard_library: acupress.Library, reference: Path) -> None:
    rows = read_csv(reference / "extra_points_who1991.csv")
    assert len(rows) == 48
    for row in rows:
        p = standard_library.points[row["code"]]
        assert p.meridian == "EX"
        assert p.number == int(row["number"])
        assert p.names.pinyin == row["pinyin"]
        if row["hanzi"]:
            assert row["hanzi"] in (p.names.hanzi, p.names.simplified), row["code"]
        expected = (row["legacy_code_oconnor_bensky"],) if row["legacy_code_oconnor_bensky"] else ()
        assert p.legacy_codes[: len(expected)] == expected


def test_every_point_is_described(standard_library: acupress.Library) -> None:
    for p in standard_library.points.values():
        assert p.names.gloss, p.code
        assert p.names.hanzi, p.code
        assert p.names.tones, p.code
        assert 40 <= len(p.location.text) <= 400, p.code
        assert re.search(
            r"cun|finger|thumb|width|crease|bone|hollow|notch|tip|midpoint|level", p.location.text
        ), p.code
    midline = {p.code for p in standard_library.points.values() if not p.bilateral}
    assert {f"GV{i}" for i in range(1, 29)} | {f"CV{i}" for i in range(1, 25)} <= midline
    assert not {c for c in midline if c[:2] not in ("GV", "CV", "EX")}


def test_data_files_fit_the_strict_schema() -> None:
    paths = sorted((DATA / "points").glob("*.toml"))
    assert len(paths) == 15  # 14 meridians and the EX family
    for path in paths:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
        structure(raw, dict[str, _catalog.PointRecord], source=path.name)


def test_compiled_bundle_is_current() -> None:
    bundle = json.loads((DATA / _data.BUNDLE).read_text(encoding="utf-8"))
    assert bundle == json.loads(json.dumps(_data.compile_bundle())), (
        "data/catalog.json is stale: run `python -m acupress._data`"
    )


def test_stale_bundle_falls_back_to_toml(monkeypatch: pytest.MonkeyPatch) -> None:
    fresh = _catalog.load_catalog()
    _data._bundle.cache_clear()
    monkeypatch.setattr(_data, "sources_checksum", lambda: -1)
    try:
        assert _data._bundle() == {}
        assert _catalog.load_catalog() == fresh
    finally:
        _data._bundle.cache_clear()


@pytest.mark.parametrize(
    ("record", "problem"),
    [
        ({"pinyin": "X"}, "required key is missing"),
        ({"region": "elbowish"}, "'elbowish' is not a valid Region"),
        ({"nicknames": "abc"}, "nicknames: expected a list of text"),
        ({"colour": "red"}, "unknown keys colour"),
        ({"reach": 3}, "reach: expected text"),
    ],
)
def test_malformed_records_name_the_point(record: dict[str, object], problem: str) -> None:
    good = tomllib.loads((DATA / "points" / "LU.toml").read_text(encoding="utf-8"))["LU1"]
    bad = {**good, **record}
    if record == {"pinyin": "X"}:
        del bad["gloss"]
    with pytest.raises(DataError) as info:
        _catalog.points_from_table({"LU1": bad}, "LU.toml")
    assert info.value.problems[0].startswith("LU.toml: $.LU1: ")
    assert problem in info.value.problems[0]
