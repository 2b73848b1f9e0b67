"""The clinical review of the standard catalog: each fix, checked on the data the library loads."""

from __future__ import annotations

import re
import unicodedata

import pytest

import acupress

# Pinyin puts the tone mark on a or e when there is one, on the o of "ou", else on the last vowel.
_MARKS = {
    mark: base
    for base, marks in {
        "a": "āáǎà",
        "e": "ēéěè",
        "i": "īíǐì",
        "o": "ōóǒò",
        "u": "ūúǔù",
        "ü": "ǖǘǚǜ",
    }.items()
    for mark in marks
}


def _mark_is_placed_by_the_rule(syllable: str) -> bool:
    marked = [i for i, c in enumerate(syllable) if c in _MARKS]
    if not marked:
        return True  # neutral tone
    plain = "".join(_MARKS.get(c, c) for c in syllable)
    if "a" in plain:
        expected = plain.index("a")
    elif "e" in plain:
        expected = plain.index("e")
    elif "ou" in plain:
        expected = plain.index("o")
    else:
        expected = max(i for i, c in enumerate(plain) if c in "aeiouü")
    return marked == [expected]


@pytest.fixture(scope="module")
def library() -> acupress.Library:
    return acupress.Library.standard()


def text(library: acupress.Library, code: str) -> str:
    return library.points[code].location.text


# 1. Tone marks ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("code", "tones"), [("GB21", "jiān jǐng"), ("SP9", "yīn líng quán")])
def test_tone_marks(library: acupress.Library, code: str, tones: str) -> None:
    found = unicodedata.normalize("NFC", library.points[code].names.tones)
    assert found == unicodedata.normalize("NFC", tones)
    assert all(_mark_is_placed_by_the_rule(s) for s in found.split()), found


def test_the_tone_rule_helper_rejects_the_old_spellings() -> None:
    assert not _mark_is_placed_by_the_rule("jīan")
    assert not _mark_is_placed_by_the_rule("qúan")
    assert _mark_is_placed_by_the_rule("jiān")
    assert _mark_is_placed_by_the_rule("quán")


# 2. Ankle points: measured from the most prominent point of the ankle bone, not its tip ---------

ANKLE_POINTS = [
    # code, which ankle bone, distance as written, direction, other facts in the text
    ("KI6", "inner", "(1 cun)", "below", ("hollow",)),
    ("LR5", "inner", "5 cun", "above", ("middle of the flat inner surface of the shin bone",)),
    ("LR6", "inner", "7 cun", "above", ("middle of the flat inner surface of the shin bone",)),
    ("GB35", "outer", "7 cun", "above", ("just behind the fibula",)),
    ("GB36", "outer", "7 cun", "above", ("just in front of the fibula",)),
    ("GB37", "outer", "5 cun", "above", ("just in front of the fibula",)),
    ("GB38", "outer", "4 cun", "above", ("just in front of the fibula",)),
    ("GB39", "outer", "3 cun (four finger widths)", "above", ("just in front of the fibula",)),
]


@pytest.mark.parametrize(("code", "side", "distance", "direction", "facts"), ANKLE_POINTS)
def test_ankle_points_measure_from_the_most_prominent_point(
    library: acupress.Library,
    code: str,
    side: str,
    distance: str,
    direction: str,
    facts: tuple[str, ...],
) -> None:
    location = text(library, code)
    landmark = f"most prominent point of the {side} ankle bone"
    assert re.search(rf"{re.escape(distance)}[^.:]*\b{direction} the {landmark}", location), (
        location
    )
    assert not re.search(r"\btip\b", location), location
    for fact in facts:
        assert fact in location, (code, fact)


def test_gb35_and_gb36_are_either_side_of_the_fibula(library: acupress.Library) -> None:
    assert "behind the fibula" in text(library, "GB35")
    assert "front of the fibula" not in text(library, "GB35")
    assert "in front of the fibula" in text(library, "GB36")
    assert "behind the fibula" not in text(library, "GB36")


# 3. Hairline points: how to find a receded hairline, and the distance from the eyebrows ---------


@pytest.mark.parametrize(("code", "above_hairline"), [("GV22", 2), ("GV23", 1), ("GV24", 0.5)])
def test_hairline_points_say_where_to_measure_from(
    library: acupress.Library, code: str, above_hairline: float
) -> None:
    location = text(library, code)
    stated = re.search(r"\(([\d.]+) cun\) above the front hairline", location)
    assert stated, location
    assert float(stated.group(1)) == above_hairline
    assert "If the front hairline has receded or is hard to see" in location
    assert "(3 cun) above the midpoint between the eyebrows" in location
    total = re.search(r"the point is then ([\d.]+) cun above that midpoint", location)
    assert total, location
    assert float(total.group(1)) == above_hairline + 3


# 4. ST2 ---------------------------------------------------------------------------------------


def test_st2_is_in_the_hollow_of_the_infraorbital_foramen(library: acupress.Library) -> None:
    location = text(library, "ST2")
    assert "in the hollow of the infraorbital foramen" in location
    assert "directly below the pupil" in location
    assert "looking straight ahead" in location


# 5. CV15 --------------------------------------------------------------------------------------


def test_cv15_is_measured_from_the_xiphosternal_junction(library: acupress.Library) -> None:
    location = text(library, "CV15")
    assert "just below the xiphoid" not in location
    assert not re.search(r"just below the [^.]*xiphoid", location), location
    assert "on the midline" in location
    assert "(1 cun) below the xiphosternal junction" in location


# 6. EX-HN9 ------------------------------------------------------------------------------------


def test_ex_hn9_lies_inside_the_nose_opposite_ex_hn8(library: acupress.Library) -> None:
    location = text(library, "EX-HN9")
    assert location.startswith("Inside the nostril")
    assert "EX-HN8" in location
    assert re.search(r"opposite it on the outside of the nose", location), location
    assert "LI20" not in location
    assert "side of the nose" in text(library, "EX-HN8")


# 8. EX-HN12 and EX-HN13: one point each, on one side of the frenulum --------------------------


@pytest.mark.parametrize(
    ("code", "side", "other", "other_side"),
    [("EX-HN12", "left", "EX-HN13", "right"), ("EX-HN13", "right", "EX-HN12", "left")],
)
def test_tongue_points_are_single_points(
    library: acupress.Library, code: str, side: str, other: str, other_side: str
) -> None:
    location = text(library, code)
    assert location.startswith(f"A single point, on the {side} side only"), location
    assert f"just to the {side} of the fold (frenulum)" in location
    assert f"on the {other_side} is a separate single point" in location
    assert f"({other})" in location
    assert "partner" not in location


# 9. Every tone mark where pinyin puts it -------------------------------------------------------


def test_every_tone_mark_in_the_catalog_is_placed_by_the_rule(library: acupress.Library) -> None:
    misplaced = {
        p.code: p.names.tones
        for p in library.points.values()
        if not all(
            _mark_is_placed_by_the_rule(s)
            for s in unicodedata.normalize("NFC", p.names.tones or "").split()
        )
    }
    assert misplaced == {}


# 10. No ankle point is measured from the bone's "tip" -----------------------------------------


def test_no_point_is_measured_from_the_tip_of_an_ankle_bone(library: acupress.Library) -> None:
    tip = re.compile(r"\btip of the (inner|outer) ankle bone|\bhighest point of the \w+ ankle")
    assert [p.code for p in library.points.values() if tip.search(p.location.text)] == []


# 11. The front of the neck: the catalog's cautions agree with the rule -------------------------


def test_front_of_neck_cautions_say_do_not_press(library: acupress.Library) -> None:
    group = library.safety.groups["front-of-neck"]
    assert {"ST9", "ST10", "ST11", "LI17", "LI18", "SI16", "SI17", "TE16", "CV22", "CV23"} <= set(
        group
    )
    for code in group:
        point = library.points[code]
        assert any("do not press" in c for c in point.cautions), code
        assert not any("lightly" in c or "gently" in c for c in point.cautions), code
        fired = {f.rule for f in library.safety.evaluate(code, acupress.Profile())}
        assert "front-of-neck" in fired, code


def test_the_front_of_neck_group_holds_only_points_on_the_front_or_side_of_the_neck(
    library: acupress.Library,
) -> None:
    where = re.compile(r"front of the neck|side of the neck|throat|collarbone|breastbone|Adam")
    for code in library.safety.groups["front-of-neck"]:
        assert where.search(library.points[code].location.text), code
    assert "back of the neck" in library.points["EX-HN15"].location.text


def test_the_tongue_points_are_one_sided_in_the_model(library: acupress.Library) -> None:
    left, right = library.points["EX-HN12"], library.points["EX-HN13"]
    assert (left.location.laterality, right.location.laterality) == (
        acupress.Laterality.LEFT,
        acupress.Laterality.RIGHT,
    )
    assert not left.bilateral
    report = acupress.check(["EX-HN12", "EX-HN13"], library=library)
    assert [s.sides for s in report.routine.steps] == [acupress.Sides.LEFT, acupress.Sides.RIGHT]
    built = acupress.build_routine("Tongue", [("EX-HN12", 20)], library=library)
    assert built.steps[0].sides is acupress.Sides.LEFT
    assert built.total_seconds == 20  # one side, once
    with pytest.raises(acupress.DataError, match="on the left side only: use left"):
        acupress.build_routine(
            "Tongue", [{"point": "EX-HN12", "seconds": 20, "sides": "right"}], library=library
        )
