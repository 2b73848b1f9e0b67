"""The routine card: whom it is for, what was left out, each warning once, the fewest figures."""

from __future__ import annotations

import html
import itertools
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, strategies as st

import acupress
from acupress.render import render_card
from acupress.render._svg import card_figures, cover, map_view, views, views_for
from acupress.testing import minimal_pack, to_toml

from .conftest import packed
from .test_maps import MAPPED, covered, markers

SVG = "{http://www.w3.org/2000/svg}"
PREGNANT = acupress.Profile(pregnant=True, pregnancy_weeks=20)


def svgs(card: str) -> list[str]:
    """The card's figures (each holds a nested <svg> for its crop)."""
    return re.findall(r'<svg xmlns="[^"]*" class="map".*?</g>\n</svg>', card, flags=re.S)


def text(card: str) -> str:
    """The card's words, tags dropped."""
    return html.unescape(
        re.sub(r"<[^>]+>", " ", re.sub(r"<style>.*?</style>", "", card, flags=re.S))
    )


def page_one(card: str) -> str:
    """Everything before the steps."""
    return card.split("<h2>Steps</h2>")[0]


# -- whom, what was left out, the warnings ---------------------------------------------------------


def test_an_empty_profile_says_so_on_page_one(packed_library: acupress.Library) -> None:
    card = render_card(acupress.compose("insomnia", minutes=5, library=packed_library))
    assert "Checked for: no profile given" in text(page_one(card))


def test_page_one_says_whom_the_card_is_for(packed_library: acupress.Library) -> None:
    profile = acupress.Profile(
        pregnant=True,
        pregnancy_weeks=30,
        age=41,
        has=("anticoagulants",),
        broken_skin=(acupress.Region.LOWER_LEG,),
    )
    comp = acupress.compose("low-back-pain", minutes=10, profile=profile, library=packed_library)
    first = text(page_one(render_card(comp, library=packed_library)))
    assert "Checked for: pregnant, 30 weeks (trimester 3); age 41; blood-thinning medicine" in first
    assert "broken or sore skin on the lower leg" in first
    assert "no profile given" not in first


def test_page_one_says_what_was_left_out_and_why(packed_library: acupress.Library) -> None:
    comp = acupress.compose("low-back-pain", minutes=10, profile=PREGNANT, library=packed_library)
    safety = [e for e in comp.excluded if e.rules]
    assert safety  # pregnancy leaves points out
    first = text(page_one(render_card(comp, library=packed_library)))
    assert "Left out, and why" in first
    messages = {r.id: r.message for r in packed_library.safety.rules}
    for e in safety:
        for rule in e.rules:  # each rule's own message, once, with the points it left out
            assert messages[rule] in first
        assert packed_library.get(e.point).pinyin in first


def test_a_routine_file_checked_for_pregnancy_says_which_steps_it_dropped(
    standard_library: acupress.Library, cli: Any, tmp_path: Any
) -> None:
    routine = acupress.build_routine("Mine", [("LI4", 30), ("GV20", 30)], library=standard_library)
    path = tmp_path / "mine.toml"
    path.write_text(acupress.dump_routine(routine), encoding="utf-8")
    code, out, err = cli.run("card", str(path), "--pregnant")
    assert code == 0, err
    first = text(page_one(out))
    assert "verdict" not in first.lower()
    assert "LI4 Hegu:" in first  # left out, with the rule's own words after it
    report = acupress.check(routine, acupress.Profile(pregnant=True), library=standard_library)
    (message,) = {f.message for f in report.for_point("LI4") if f.severity.value == "avoid"}
    assert message in first
    assert 'data-point="LI4"' not in out


def test_each_warning_and_piece_of_advice_comes_once(packed_library: acupress.Library) -> None:
    from acupress._screen import questions

    comp = acupress.compose("low-back-pain", minutes=10, library=packed_library)
    card = render_card(comp, library=packed_library)
    words = text(card)
    asked = questions("low-back-pain", library=packed_library)
    emergency = [q for _p, q in asked if q.urgency.rank >= 4]
    assert len({q.advice for q in emergency}) < len(emergency)  # the pack repeats its advice
    first = text(page_one(card))
    for q in emergency:  # page one lists the emergencies, each piece of advice once
        assert words.count(q.advice) == 1, q.advice
        assert q.text in first
    urgent = [q for _p, q in asked if q.urgency.rank == 3]
    assert urgent
    for q in urgent:  # and every sign to see a doctor about today, under that one line
        assert q.text in first.split("See a doctor today")[1], q.text
    # and in print the emergencies come before the signs for today, in one section
    assert first.index("An emergency: get help now") < first.index("See a doctor today")
    for advice in comp.safety.advice:
        assert words.count(advice) == 1


def test_each_caution_comes_once(packed_library: acupress.Library) -> None:
    comp = acupress.compose("low-back-pain", minutes=10, profile=PREGNANT, library=packed_library)
    card = render_card(comp, library=packed_library)
    words = text(card)
    kept = {s.point for s in comp.routine.steps}
    gentle = [f for f in comp.safety.findings if f.point in kept and f.severity.value != "avoid"]
    assert len(gentle) > len({f.message for f in gentle})  # one rule, several steps
    for message in {f.message for f in gentle}:
        assert words.count(message) == 1
    for step in comp.routine.steps:
        for caution in packed_library.get(step.point).cautions:
            assert words.count(caution) == 1


def test_people_s_words_not_ids(sleep_library: acupress.Library) -> None:
    comp = acupress.compose("insomnia", minutes=30, library=sleep_library)
    assert "sleep:anmian" in {s.point for s in comp.routine.steps}
    card = render_card(comp, library=sleep_library)
    words = text(card)
    assert "sleep:anmian" not in words
    assert "Anmian" in words
    assert not re.search(r"Why: [a-z-]+:", words)


def test_chinese_names_carry_their_language(packed_library: acupress.Library) -> None:
    comp = acupress.compose("low-back-pain", minutes=10, library=packed_library)
    card = render_card(comp, library=packed_library)
    assert '<span lang="zh-Hant">腎兪</span> / <span lang="zh-Hans">肾俞</span>' in card
    assert not re.search(
        r">[^<>]*[\u4e00-\u9fff][^<>]*<", re.sub(r'<span lang="zh-Han[st]">[^<]*</span>', "", card)
    )


# -- the figures ---------------------------------------------------------------------------------


def _fewest(codes: list[str]) -> int:
    wanted = {c for c in codes if views_for(c)}
    for k in range(len(views()) + 1):
        for chosen in itertools.combinations(views(), k):
            if wanted <= {c for v in chosen for c in map_view(v).places}:
                return k
    raise AssertionError("unreachable")


ROUTINES = [(pack.id, r) for pack in packed().packs for r in pack.routines]


@pytest.mark.parametrize(("pack", "routine"), ROUTINES, ids=[f"{p}/{r.id}" for p, r in ROUTINES])
@pytest.mark.parametrize("who", ["anyone", "pregnant"])
def test_pack_routine_cards_draw_each_step_once_on_the_fewest_figures(
    packed_library: acupress.Library, pack: str, routine: acupress.Routine, who: str
) -> None:
    profile = PREGNANT if who == "pregnant" else acupress.Profile()
    if who == "pregnant" and any(
        packed_library.conditions[c].not_in_pregnancy for c in routine.conditions
    ):
        # Period pain in pregnancy: refused, so no card (tests/test_not_in_pregnancy.py).
        with pytest.raises(acupress.ComposeError):
            acupress.check(routine, profile, library=packed_library)
        return
    report = acupress.check(routine, profile, library=packed_library)
    card = render_card(report, library=packed_library)
    codes = [s.point for s in report.routine.steps]
    figures = svgs(card)
    assert len(figures) == _fewest(codes)
    drawn = [g.get("data-point") for svg in figures for g in markers(svg)]
    for code in set(codes):
        positions = max(len(map_view(v).positions(code)) for v in views_for(code))
        assert 1 <= drawn.count(code) <= positions
    assert set(drawn) == set(codes)
    for svg in figures:
        assert covered(svg) == []
        root = ET.fromstring(svg)
        title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
        assert title is not None
        assert desc is not None
        numbers = [int(n) for n in re.findall(r"(\d+): ", desc.text or "")]
        assert numbers == sorted(numbers)
        assert str(numbers[0]) in (title.text or "")


@given(st.lists(st.sampled_from(MAPPED), min_size=1, max_size=12))
def test_cover_shows_every_point_once(codes: list[str]) -> None:
    shown = cover(codes)
    flat = [c for _v, cs in shown for c in cs]
    assert sorted(flat) == sorted(set(codes))
    for view, cs in shown:
        assert all(c in map_view(view).places for c in cs)
    assert [v for v, _c in shown] == [v for v in views() if v in dict(shown)]


def test_card_figures_are_sized_for_print(packed_library: acupress.Library) -> None:
    comp = acupress.compose("low-back-pain", minutes=10, library=packed_library)
    codes = [s.point for s in comp.routine.steps]
    widths = []
    for _view, _codes, svg in card_figures(codes, packed_library):
        root = ET.fromstring(svg)
        scale = float(root.get("data-mm-per-unit", "0"))
        width = float(root.get("width", "0mm").removesuffix("mm"))
        widths.append(width)
        for circle in root.iter(f"{SVG}circle"):
            assert float(circle.get("r", "0")) * 2 * scale >= 4.0
        for label in root.iter(f"{SVG}text"):
            if label.get("class", "").startswith("label"):
                assert float(label.get("font-size", "0")) * scale >= 7 * 25.4 / 72
    assert sum(widths) + 4 * (len(widths) - 1) <= 186.5


def test_a_point_no_map_shows_is_named_under_the_figures(tmp_path: Any) -> None:
    doc = minimal_pack(id="mine")
    doc["points"] = [
        {
            "code": "mine:spot",
            "pinyin": "Spot",
            "gloss": "A spot",
            "location": "On the back of the hand, in the middle.",
            "region": "hand",
            "laterality": "bilateral",
            "reach": "alone",
            "references": ["tradition"],
        }
    ]
    path = tmp_path / "pack.toml"
    path.write_text(to_toml(doc), encoding="utf-8")
    library = acupress.Library.build([path], discover=False, strict=True)
    routine = acupress.build_routine("Mine", [("LI4", 30), ("mine:spot", 30)], library=library)
    card = render_card(acupress.check(routine, library=library), library=library)
    assert "On no figure (find them from the words): Spot." in text(card)
    assert {g.get("data-point") for svg in svgs(card) for g in markers(svg)} == {"LI4"}


def _luminance(colour: str) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: str, b: str) -> float:
    high, low = sorted([_luminance(a), _luminance(b)], reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_every_colour_of_text_has_a_contrast_of_4_5_in_both_schemes(
    packed_library: acupress.Library,
) -> None:
    card = render_card(acupress.compose("insomnia", minutes=5, library=packed_library))
    css = re.search(r"<style>(.*?)</style>", card, flags=re.S)
    assert css is not None
    schemes = [dict(re.findall(r"--([a-z]+): (#[0-9a-f]{6})", block))
               for block in re.findall(r":root \{([^}]*)\}", css.group(1))]  # fmt: skip
    assert len(schemes) == 3  # light, dark, print
    for colours in schemes:
        paper = colours["paper"]
        for text_, ground in (
            (colours["ink"], paper),
            (colours["soft"], paper),
            (colours["soft"], colours["box"]),
            (colours["warn"], paper),
            (colours["gentle"], paper),
            (paper, colours["gentle"]),  # the caution letters
            ("#ffffff", colours["mark"]),  # the step numbers
        ):
            assert contrast(text_, ground) >= 4.5, (text_, ground)
    assert contrast("#777777", "#ffffff") < 4.5  # the check can fail


# -- close-ups -----------------------------------------------------------------------------------


def _close_ups(card: str) -> list[str]:
    return re.findall(r'<figure class="close-up" data-point="([^"]+)">', card)


@pytest.mark.parametrize("profile", [None, PREGNANT])
def test_close_ups_show_only_the_checked_steps_and_share_the_row_of_figures(
    packed_library: acupress.Library, profile: acupress.Profile | None
) -> None:
    from acupress.render import measured_points

    comp = acupress.compose("low-back-pain", minutes=10, profile=profile, library=packed_library)
    card = render_card(comp, library=packed_library)
    shown = _close_ups(card)
    steps = [s.point for s in comp.safety.routine.steps]  # the routine that passed the check
    assert shown
    assert (
        shown
        == [c for c in dict.fromkeys(steps) if c in measured_points(packed_library)][: len(shown)]
    )
    maps = card.split('<div class="maps">')[1].split("</div>")[0]
    assert maps.count('class="cun-line"') == len(shown)
    # the figures and the close-ups fit the printed width together: no row of their own
    widths = [float(w) for w in re.findall(r'<svg [^>]*?width="([\d.]+)mm"', maps)]
    assert sum(widths) + 4 * (len(widths) - 1) <= 186
    for code in shown:
        step = steps.index(code) + 1
        assert f"step {step}: " in text(maps)


def test_a_sign_that_only_counts_towards_a_score_is_on_page_one(tmp_path: Path) -> None:
    from acupress.testing import minimal_pack, to_toml

    doc = minimal_pack(id="scored")
    doc["references"] = [{"id": "ref", "kind": "guideline", "title": "Guide", "doi": "10.1/x"}]
    doc["screening"] = [
        {"id": "s1", "condition": "scored-pain", "text": "Is it sign one?", "score": "sc",
         "references": ["ref"]},
        {"id": "s2", "condition": "scored-pain", "text": "Is it sign two?", "score": "sc",
         "references": ["ref"]},
    ]  # fmt: skip
    doc["scores"] = [
        {"id": "sc", "condition": "scored-pain", "name": "Score", "references": ["ref"],
         "thresholds": [{"at_least": 2, "urgency": "emergency", "advice": "Call for help."}]},
    ]  # fmt: skip
    path = tmp_path / "pack.toml"
    path.write_text(to_toml(doc), encoding="utf-8")
    library = acupress.Library.build([path], discover=False, strict=True)
    first = text(page_one(render_card(acupress.compose("scored-pain", minutes=2, library=library),
                                      library=library)))  # fmt: skip
    emergency = first.split("An emergency: get help now")[1]
    assert "Is it sign one?" in emergency
    assert "Is it sign two?" in emergency
    assert "acupress screen" in emergency  # how to score them: the advice is the score's


# -- whom it was made for -------------------------------------------------------------------

# One value of each profile field that is not its default, and a word the line must hold for it.
SAID = {
    "pregnant": (True, "pregnant"),
    "pregnancy_weeks": (12, "12 weeks"),  # with pregnant
    "possibly_pregnant": (True, "could be pregnant"),
    "postpartum": (True, "given birth"),
    "age": (70, "age 70"),
    "has": (("anticoagulants",), "blood"),
    "broken_skin": (("hand",), "broken or sore skin on the hand"),
    "recent_surgery": (("abdomen",), "recent surgery on the abdomen"),
    "recent_fracture": (("foot",), "fracture of the foot"),
    "cancer_sites": (("chest",), "cancer or radiotherapy at the chest"),
    "ate_recently": (True, "eaten"),
    "lymphoedema": (("left-arm",), "lymphoedema of the left arm"),
}


def test_every_field_of_a_profile_is_said_on_the_card() -> None:
    import attrs

    from acupress.render._people import profile_words

    library = packed()
    assert profile_words(acupress.Profile(), library) == ""
    assert {f.name for f in attrs.fields(acupress.Profile)} == set(SAID)  # a new field: say it
    for name, (value, words) in SAID.items():
        extra = {"pregnant": True} if name == "pregnancy_weeks" else {}
        line = profile_words(acupress.Profile(**{name: value, **extra}), library)
        assert words in line.lower(), (name, line)
