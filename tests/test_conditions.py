"""Conditions found by any name (``Library.condition``) and by a complaint (``find_conditions``)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, strategies as st

import acupress
from acupress.testing import minimal_pack, to_toml

from .broken_packs import BAD_SYNONYMS, synonyms_pack
from .conftest import packed

CONDITIONS = sorted(packed().conditions)


def _library(tmp_path: Path, *packs: dict[str, Any]) -> acupress.Library:
    paths = []
    for doc in packs:
        folder = tmp_path / str(doc["id"])
        folder.mkdir()
        (folder / "pack.toml").write_text(to_toml(doc), encoding="utf-8")
        paths.append(folder)
    return acupress.Library.build(paths, discover=False, strict=True)


def _pack(pack_id: str, conditions: list[dict[str, Any]]) -> dict[str, Any]:
    indications = [
        {"point": "LI4", "condition": c["id"], "why": "Tradition.", "references": ["tradition"]}
        for c in conditions
    ]
    return minimal_pack(id=pack_id, conditions=conditions, indications=indications)


# -- Library.condition: by id, by name, folded --------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("low-back-pain", "low-back-pain"),
        ("Low back pain", "low-back-pain"),
        ("LOW-BACK-PAIN", "low-back-pain"),
        ("low back pain", "low-back-pain"),
        ("  low_back, pain!  ", "low-back-pain"),
        ("Sciatica", "sciatica"),
        ("Poor sleep", "sleep-problems"),
        ("Tension type headache", "tension-type-headache"),
        ("M54.5", "low-back-pain"),  # an ICD-10 code
        ("g43", "migraine"),
    ],
)
def test_a_condition_by_any_name(
    packed_library: acupress.Library, text: str, expected: str
) -> None:
    assert packed_library.condition(text).id == expected


@given(cid=st.sampled_from(CONDITIONS), data=st.data())
def test_case_spaces_and_punctuation_never_matter(cid: str, data: st.DataObject) -> None:
    library = packed()
    name = data.draw(st.sampled_from([cid, library.conditions[cid].name]))
    flips = data.draw(st.lists(st.booleans(), min_size=len(name), max_size=len(name)))
    cased = "".join(c.upper() if f else c.lower() for c, f in zip(name, flips, strict=True))
    junk = st.sampled_from(["", " ", "-", "_", ".", ",", "  ", "'"])
    spaced = "".join(ch + data.draw(junk) for ch in cased)
    assert library.condition(data.draw(junk) + spaced).id == cid


@pytest.mark.parametrize(
    ("text", "suggested"),
    [
        ("back pain", {"low-back-pain", "upper-back-pain"}),
        ("lowback", {"low-back-pain"}),
        ("migrane", {"migraine"}),
        ("bad sleep", {"sleep-problems"}),
    ],
)
def test_an_unknown_name_suggests(
    packed_library: acupress.Library, text: str, suggested: set[str]
) -> None:
    with pytest.raises(acupress.UnknownConditionError, match="did you mean") as info:
        packed_library.condition(text)
    assert suggested <= set(info.value.suggestions)
    assert set(info.value.suggestions) <= set(packed_library.conditions)


@pytest.mark.parametrize("text", ["", "   ", "xyz", "!!!"])
def test_text_naming_nothing_is_unknown(packed_library: acupress.Library, text: str) -> None:
    with pytest.raises(acupress.UnknownConditionError, match="no condition matches"):
        packed_library.condition(text)


def test_a_name_two_conditions_share_is_refused_naming_both(tmp_path: Path) -> None:
    library = _library(
        tmp_path,
        _pack("one", [{"id": "one-pain", "name": "Aching", "description": "One."}]),
        _pack("two", [{"id": "two-pain", "name": "aching!", "description": "Two."}]),
    )
    with pytest.raises(acupress.UnknownConditionError, match="more than one") as info:
        library.condition("Aching")
    assert info.value.suggestions == ("one-pain", "two-pain")
    assert library.condition("one-pain").id == "one-pain"  # the ids still work


def test_an_id_wins_over_another_conditions_name(tmp_path: Path) -> None:
    library = _library(
        tmp_path,
        _pack(
            "mixed",
            [
                {"id": "knee-pain", "name": "Hip pain", "description": "Named oddly."},
                {"id": "hip-pain", "name": "Hip ache", "description": "The hip."},
            ],
        ),
    )
    assert library.condition("HIP PAIN").id == "hip-pain"
    assert library.condition("hip ache").id == "hip-pain"
    assert library.condition("Knee pain").id == "knee-pain"


def test_no_packs_no_conditions(standard_library: acupress.Library) -> None:
    with pytest.raises(acupress.UnknownConditionError):
        standard_library.condition("Low back pain")


# -- every service stores and reports the id ----------------------------------------------------


def test_compose_stores_the_id(packed_library: acupress.Library) -> None:
    comp = acupress.compose(
        ["Low back pain", "LOW-BACK-PAIN", "low-back-pain"], minutes=5, library=packed_library
    )
    assert comp.conditions == ("low-back-pain",)
    assert comp.routine.conditions == ("low-back-pain",)
    assert comp.safety.screening == ("low-back-pain",)
    by_id = acupress.compose("low-back-pain", minutes=5, library=packed_library)
    assert comp.routine == by_id.routine


@pytest.mark.parametrize("cid", CONDITIONS)
def test_questions_and_screen_by_name_are_those_by_id(cid: str) -> None:
    library = packed()
    name = library.conditions[cid].name.upper()
    assert acupress.questions(name, library=library) == acupress.questions(cid, library=library)
    result = acupress.screen(name, {}, library=library)
    assert result.condition == cid
    assert result == acupress.screen(cid, {}, library=library)


def test_an_emergency_is_found_by_the_conditions_name(packed_library: acupress.Library) -> None:
    # Before names were read as ids, "Low back pain" would have found no question at all.
    asked = acupress.questions("Low back pain", library=packed_library)
    assert "lbp-saddle-numbness" in {q.id for _p, q in asked}
    result = acupress.screen(
        "Low back pain", {"lbp-saddle-numbness": "yes"}, library=packed_library
    )
    assert result.urgency is acupress.Urgency.EMERGENCY


def test_a_routine_naming_its_condition_still_points_to_screening(
    packed_library: acupress.Library,
) -> None:
    routine = acupress.build_routine(
        "Mine", [("BL23", 60)], conditions=["Low back pain"], library=packed_library
    )
    assert acupress.check(routine, library=packed_library).screening == ("low-back-pain",)
    # A condition the library does not know is refused, not skipped: its limits and questions
    # would be (a pregnant person's "period pian" must not pass as a routine for nothing).
    misspelt = acupress.build_routine(
        "Mine",
        [("BL23", 60)],
        conditions=["Low back pain", "no such thing"],
        library=packed_library,
    )
    with pytest.raises(acupress.UnknownConditionError, match="no such thing"):
        acupress.check(misspelt, library=packed_library)


def test_the_cli_takes_names(cli: Any) -> None:
    code, data, _err = cli.json("compose", "Low back pain", "--minutes", "3")
    assert code == 0
    assert data["conditions"] == ["low-back-pain"]
    code, by_name, _err = cli.json("screen", "Sciatica", "--questions")
    assert code == 0
    assert by_name == cli.json("screen", "sciatica", "--questions")[1]
    code, _out, err = cli.run("compose", "Low back", "--minutes", "3")
    assert code != 0
    assert err.count("\n") == 1
    assert "did you mean low-back-pain" in err


# -- find_conditions: a complaint in a person's words -------------------------------------------


@pytest.mark.parametrize(
    ("text", "first"),
    [
        ("my lower back hurts", "low-back-pain"),
        ("can't sleep", "sleep-problems"),
        ("headache behind my eyes", "headache"),
        ("throbbing headaches and I feel sick", "migraine"),
        ("pain shooting down the back of my leg", "sciatica"),
        ("I keep waking up too early", "insomnia"),
        ("tight between my shoulder blades", "upper-back-pain"),
        ("MIGRAINES!!", "migraine"),
    ],
)
def test_a_complaint_finds_its_condition_first(
    packed_library: acupress.Library, text: str, first: str
) -> None:
    matches = acupress.find_conditions(text, packed_library)
    assert matches[0].id == first, [(m.id, m.score) for m in matches]
    assert matches[0].pack == packed_library.condition_pack(first)
    assert matches[0].why


def test_the_why_says_which_words_matched_where(packed_library: acupress.Library) -> None:
    best = acupress.find_conditions("my lower back hurts", packed_library)[0]
    assert best.words == ("lower", "back")
    assert best.why == ("'lower' and 'back' are in its name",)


@pytest.mark.parametrize("cid", CONDITIONS)
def test_a_conditions_own_name_finds_it_first(cid: str) -> None:
    library = packed()
    assert acupress.find_conditions(library.conditions[cid].name, library)[0].id == cid


@pytest.mark.parametrize("text", ["", "   ", "the and my", "I can't", "toothache", "12345", "?!"])
def test_nothing_matches_nothing(packed_library: acupress.Library, text: str) -> None:
    assert acupress.find_conditions(text, packed_library) == ()


def test_no_packs_find_nothing(standard_library: acupress.Library) -> None:
    assert acupress.find_conditions("my lower back hurts", standard_library) == ()


def test_text_only(packed_library: acupress.Library) -> None:
    with pytest.raises(TypeError, match="takes text"):
        acupress.find_conditions(["back"], packed_library)  # type: ignore[arg-type]


def test_a_very_long_complaint_is_read_up_to_the_limit(packed_library: acupress.Library) -> None:
    from acupress._conditions import MAX_QUERY_CHARS

    text = "my lower back hurts " + "x" * 10 * MAX_QUERY_CHARS + " insomnia"
    matches = acupress.find_conditions(text, packed_library)
    assert matches[0].id == "low-back-pain"
    assert not any("insomnia" in m.words for m in matches)  # past the limit


WORDS = st.sampled_from(
    [
        *("my", "the", "lower", "back", "hurts", "sleep", "can't", "waking", "headache"),
        *("eyes", "leg", "pain", "neck", "tired", "throbbing", "sick", "night", "stiff"),
        *("shoulders", "Migraine", "LOW-BACK,", "xyz", "42", "?"),
    ]
)


@given(words=st.lists(WORDS, max_size=12))
def test_matches_are_ranked_and_explained(words: list[str]) -> None:
    library = packed()
    text = " ".join(words)
    matches = acupress.find_conditions(text, library)
    scores = [m.score for m in matches]
    assert scores == sorted(scores, reverse=True)
    assert all(s > 0 for s in scores)
    assert len({m.id for m in matches}) == len(matches)
    written = {w.casefold() for w in re.findall(r"[^\W\d_]+", text)}
    for m in matches:
        assert m.condition is library.conditions[m.id]
        assert m.words
        assert set(m.words) <= written
        assert len(m.why) >= 1
        assert all(any(f"'{w}'" in line for line in m.why) for w in m.words)


@given(words=st.lists(WORDS, max_size=8), filler=st.lists(st.sampled_from(["my", "the", "I"])))
def test_words_that_say_nothing_change_nothing(words: list[str], filler: list[str]) -> None:
    library = packed()
    plain = acupress.find_conditions(" ".join(words), library)
    padded = acupress.find_conditions(" ".join([*filler, *words, *filler]), library)
    assert [(m.id, m.score) for m in plain] == [(m.id, m.score) for m in padded]


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("hurts", "hurt"),
        ("sleeping", "sleep"),
        ("headaches", "headache"),
        ("eyes", "eye"),
        ("nights", "night"),
        ("worried", "worry"),
        ("Émigré", "emigre"),
        ("sleepless", "sleep"),
    ],
)
def test_endings_and_accents_are_cut_alike(one: str, other: str) -> None:
    from acupress._conditions import stem

    assert stem(one) == stem(other)
    library = packed()
    assert [(m.id, m.score) for m in acupress.find_conditions(one, library)] == [
        (m.id, m.score) for m in acupress.find_conditions(other, library)
    ]


def test_short_words_keep_their_endings() -> None:
    from acupress._conditions import stem

    assert stem("leg") == "leg"
    assert stem("eye") == "eye"
    assert stem("aches") == "ach"


# -- synonyms ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "cid"),
    [
        ("lumbago", "low-back-pain"),
        ("Lower back pain", "low-back-pain"),
        ("TENSION HEADACHE", "tension-type-headache"),
        ("sleeplessness", "insomnia"),
        ("chronic insomnia", "insomnia"),
    ],
)
def test_a_condition_by_a_synonym(packed_library: acupress.Library, text: str, cid: str) -> None:
    assert packed_library.condition(text).id == cid


def test_every_shipped_synonym_finds_its_condition(packed_library: acupress.Library) -> None:
    found = 0
    for cid, condition in packed_library.conditions.items():
        for text in condition.synonyms:
            assert packed_library.condition(text).id == cid, text
            assert find_first(packed_library, text) == cid, text
            found += 1
    assert found >= 10


def find_first(library: acupress.Library, text: str) -> str:
    return acupress.find_conditions(text, library=library)[0].id


def test_a_synonym_never_takes_an_id_or_a_name(tmp_path: Path) -> None:
    library = _library(
        tmp_path,
        _pack("one", [{"id": "hip-pain", "name": "Hip pain", "description": "The hip."}]),
        _pack(
            "two",
            [
                {
                    "id": "knee-pain",
                    "name": "Knee pain",
                    "description": "The knee.",
                    "synonyms": ["hip pain", "Hip-Pain", "sore knee"],
                }
            ],
        ),
    )
    # Across packs, words one pack's condition is known by and another's id or name are both
    # named, never silently given to one (a pack could take another's red flags that way).
    for text in ("hip pain", "HIP-PAIN", "hip-pain"):  # even the exact id
        with pytest.raises(acupress.UnknownConditionError, match="more than one") as info:
            library.condition(text)
        assert info.value.suggestions == ("hip-pain", "knee-pain")
    assert library.condition("sore knee").id == "knee-pain"


def test_within_a_pack_an_id_outranks_a_name_and_a_name_a_synonym(tmp_path: Path) -> None:
    library = _library(
        tmp_path,
        _pack(
            "one",
            [
                {"id": "hip-pain", "name": "Hip", "description": "The hip."},
                {"id": "knee-pain", "name": "Knee", "description": "1.", "synonyms": ["hip"]},
            ],
        ),
    )
    assert library.condition("hip").id == "hip-pain"


def test_a_synonym_two_conditions_share_is_refused(tmp_path: Path) -> None:
    library = _library(
        tmp_path,
        _pack("one", [{"id": "one-pain", "name": "One", "description": "1.", "synonyms": ["ow"]}]),
        _pack("two", [{"id": "two-pain", "name": "Two", "description": "2.", "synonyms": ["OW"]}]),
    )
    with pytest.raises(acupress.UnknownConditionError, match="more than one"):
        library.condition("ow")


def test_every_declaration_adds_synonyms(tmp_path: Path) -> None:
    one = {"id": "hip-pain", "name": "Hip", "description": "1.", "synonyms": ["a hip"]}
    two = {"id": "hip-pain", "name": "Hips", "description": "2.", "synonyms": ["sore", "A HIP"]}
    library = _library(tmp_path, _pack("one", [one]), _pack("two", [two]))
    assert library.conditions["hip-pain"].synonyms == ("a hip", "sore")
    assert library.condition("Sore").id == "hip-pain"


@pytest.mark.parametrize(("synonyms", "message"), BAD_SYNONYMS)
def test_bad_synonyms_are_the_packs_error(
    tmp_path: Path, synonyms: list[str], message: str
) -> None:
    doc = synonyms_pack(synonyms)
    with pytest.raises(acupress.PackError, match=message):
        _library(tmp_path, doc)


def test_a_pack_cannot_take_the_words_a_shipped_condition_is_known_by(tmp_path: Path) -> None:
    # A pack naming its own conditions with another pack's words ("cramps" is a synonym of
    # period pain, "Morning sickness" of sickness in pregnancy) would have taken their red flags.
    evil = _pack(
        "aaa-evil",
        [
            {"id": "cramps", "name": "Cramps", "description": "Mine."},
            {"id": "evil-sick", "name": "Morning sickness", "description": "Mine too."},
        ],
    )
    folder = tmp_path / "aaa-evil"
    folder.mkdir()
    (folder / "pack.toml").write_text(to_toml(evil), encoding="utf-8")
    library = acupress.Library.build([folder])
    for text, theirs in (("Cramps", "period-pain"), ("morning sickness", "pregnancy-sickness")):
        with pytest.raises(acupress.UnknownConditionError, match="more than one") as info:
            library.condition(text)
        assert theirs in info.value.suggestions


def test_nor_by_making_them_its_exact_id(tmp_path: Path) -> None:
    evil = _pack("aaa-evil", [{"id": "cramps", "name": "Mine", "description": "Mine."}])
    folder = tmp_path / "aaa-evil"
    folder.mkdir()
    (folder / "pack.toml").write_text(to_toml(evil), encoding="utf-8")
    library = acupress.Library.build([folder])
    with pytest.raises(acupress.UnknownConditionError, match="more than one") as info:
        library.condition("cramps")
    assert info.value.suggestions == ("cramps", "period-pain")
    assert library.condition("period-pain").id == "period-pain"
