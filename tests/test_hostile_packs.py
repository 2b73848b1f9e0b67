"""A corpus of hostile packs: installed next to the real packs, none takes anything away.

Each hostile pack is either refused at load (the pack is broken, with a message saying what and
where) or loads and only adds. Either way, with it installed next to the three real packs, every
finding the library gives without it is still given (same rule, severity at least as high,
pressure cap at most as high) for a set of profiles, the same names read as the same points, and
every red-flag question is still asked, a "yes" to it as urgent as before.
"""

from __future__ import annotations

import enum
import re
import types
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given, settings, strategies as st

import acupress
from acupress import PackError, Profile, Region, check, questions, screen
from acupress._catalog import standard_catalog
from acupress._model.packs import Pack, Urgency
from acupress._model.safety import Severity
from acupress._packs.document import read_pack_document
from acupress._packs.validate import validate_text
from acupress._resolve.resolver import Alias, catalog_resolver
from acupress._safety.rules import core_safety
from acupress.errors import UnknownConditionError, UnknownQuestionError
from acupress.testing import minimal_pack, pack_documents, to_toml

from .conftest import (
    CATALOG_CODES,
    CATALOG_NOTATIONS,
    PACKS,
    Cli,
    catalog_spellings,
    packed,
    standard,
)

POINTS = ["LI4", "SP6", "BL40", "CV6", "Hegu", "Sanyinjiao"]
PROFILES = [
    Profile(),
    Profile(pregnant=True, pregnancy_weeks=20),
    Profile(has=("dvt",)),
    Profile(has=("anticoagulants",)),
    Profile(broken_skin=(Region.HAND,)),
    Profile(has=("osteoporosis", "varicose-veins"), age=80),
]
EVIDENCE = {
    "id": "evil-guideline",
    "kind": "guideline",
    "title": "A guideline that says whatever the pack needs",
    "url": "https://example.org/guideline",
}
LI4_LOCATION = standard().points["LI4"].location.text


def _doc(pack_id: str = "aaa", **extra: Any) -> dict[str, Any]:
    """A hostile pack document: the minimal pack ``pack_id`` with ``extra`` top-level keys."""
    return minimal_pack(id=pack_id, references=[EVIDENCE], **extra)


def _parsed(document: dict[str, Any]) -> Pack:
    return read_pack_document(to_toml(document), f"<{document['id']}>")


def _pack(pack_id: str = "aaa", **extra: Any) -> Pack:
    """A hostile pack: the minimal pack ``pack_id`` with ``extra`` top-level keys."""
    return _parsed(_doc(pack_id, **extra))


def _point(code: str, **names: Any) -> dict[str, Any]:
    point = {
        "code": code,
        "pinyin": "Xinxue",
        "gloss": "A new point",
        "location": "Somewhere no catalog point is.",
        "region": "hand",
        "laterality": "bilateral",
        "reach": "alone",
        "references": ["tradition"],
    }
    return {**point, **names}


def _alias(text: str, *points: str, notation: str | None = None) -> dict[str, Any]:
    alias: dict[str, Any] = {"text": text, "points": list(points or ("SP6",)), "source": "evil"}
    if notation is not None:
        alias["notation"] = notation
    return alias


def _question(qid: str, condition: str, urgency: str = "routine", **extra: Any) -> dict[str, Any]:
    question = {
        "id": qid,
        "condition": condition,
        "text": "Is it fine?",
        "urgency": urgency,
        "advice": "Nothing to worry about.",
        "references": ["evil-guideline"],
    }
    return {**question, **extra}


def _condition(cid: str, **extra: Any) -> list[dict[str, Any]]:
    """The minimal pack's condition and ``cid`` (declared again, with nothing related)."""
    return [
        {"id": "aaa-pain", "name": "Pain", "description": "A pain, for tests."},
        {"id": cid, "name": "Harmless", "description": "Never serious.", **extra},
    ]


def _rule(**rule: Any) -> dict[str, Any]:
    base = {
        "id": "calm",
        "applies": {"points": ["LI4", "SP6"]},
        "when": {"pregnant": True},
        "severity": "info",
        "message": "Perfectly fine in pregnancy.",
        "basis": "tradition",
        "sources": [],
    }
    return {**base, **rule}


# -- the property ------------------------------------------------------------------------


def _cap_rank(finding: Any) -> int:
    return finding.pressure_cap.rank if finding.pressure_cap is not None else 99


VERDICT_RANK = {"ok": 0, "caution": 1, "avoid": 2}


def assert_nothing_lost(library: acupress.Library) -> None:
    """Everything the real packs' library says for safety, ``library`` says at least as strongly."""
    base = packed()
    for pack in base.packs:
        assert library.pack(pack.id).version == pack.version
    for text in POINTS:
        assert library.resolve(text).codes == base.resolve(text).codes, text
    for profile in PROFILES:
        before = check(POINTS, profile, library=base)
        after = check(POINTS, profile, library=library)
        assert VERDICT_RANK[after.verdict.value] >= VERDICT_RANK[before.verdict.value]
        for finding in before.findings:
            same = [
                f
                for f in after.findings
                if (f.point, f.rule, f.step) == (finding.point, finding.rule, finding.step)
            ]
            assert same, f"{finding.rule} on {finding.point} lost for {profile}"
            assert same[0].severity >= finding.severity
            assert _cap_rank(same[0]) <= _cap_rank(finding)
        assert set(before.removed) <= set(after.removed)
        kept = {s.point: s for s in after.routine.steps}
        for step in before.routine.steps:
            if step.point in kept:
                assert kept[step.point].technique.pressure <= step.technique.pressure
    for condition in base.conditions:
        asked = {(p.id, q.id): q for p, q in questions(condition, library=base)}
        now = {
            (p.id, q.id.removeprefix(f"{p.id}:")): q
            for p, q in questions(condition, library=library)
        }
        assert asked.keys() <= now.keys(), f"{condition}: questions lost"
        every_flag = {now[key].id: q.flag_on.value for key, q in asked.items()}
        all_before = screen(
            condition, {q.id: q.flag_on.value for q in asked.values()}, library=base
        )
        all_after = screen(condition, every_flag, library=library)
        assert all_after.urgency >= all_before.urgency
        for key, q in asked.items():
            if q.urgency is Urgency.NONE:
                continue
            alone = screen(condition, {q.id: q.flag_on.value}, library=base).urgency
            later = screen(condition, {now[key].id: q.flag_on.value}, library=library).urgency
            assert later >= alone, f"{condition}: a yes to {q.id} is {later}, was {alone}"


def _with(hostile: Pack) -> acupress.Library:
    return acupress.Library.build([PACKS, hostile], discover=False)


def _status(library: acupress.Library, pack_id: str) -> Any:
    return next(s for s in library.statuses if s.name == pack_id)


def test_the_property_holds_for_the_real_packs_alone() -> None:
    assert_nothing_lost(packed())
    assert_nothing_lost(acupress.Library.build([PACKS], discover=False))


def test_the_property_fails_when_something_is_lost() -> None:
    # The check itself can fail: a library without the back-pain pack loses its questions.
    without = acupress.Library.build(
        [PACKS / "headache", PACKS / "sleep"], discover=False, strict=True
    )
    with pytest.raises(Exception, match="back-pain"):
        assert_nothing_lost(without)


# -- refused at load ---------------------------------------------------------------------

REFUSED: dict[str, tuple[Callable[[], dict[str, Any]], str]] = {
    "alias 'Hegu' in notation who": (
        lambda: _doc(aliases=[_alias("Hegu", notation="who")]),
        "claims the catalog's notation 'who'",
    ),
    "alias in notation english": (
        lambda: _doc(aliases=[_alias("Totally new name", "LI4", notation="english")]),
        "claims the catalog's notation 'english'",
    ),
    "alias in notation pinyin": (
        lambda: _doc(aliases=[_alias("Xinming", "LI4", notation="pinyin")]),
        "claims the catalog's notation 'pinyin'",
    ),
    "alias in notation Wade-Giles (any case)": (
        lambda: _doc(aliases=[_alias("Hsin Ming", "LI4", notation="Wade Giles")]),
        "claims the catalog's notation 'Wade Giles'",
    ),
    **{
        f"alias {text!r} for SP6": (
            (lambda text=text: _doc(aliases=[_alias(text, "SP6")])),
            "is already the catalog's name of LI4: a pack may not make it name SP6",
        )
        for text in (
            "LI4",
            "li4",
            "LI 4",
            "li-04",
            "Hegu",
            "hé gǔ",
            "合谷",
            "Hoku",
            "Ho Ku",
            "Joining Valley",
            "Union Valley",
            "L.I. 4",
        )
    },
    "alias 'SP-6' for LI4 and SP6": (
        lambda: _doc(aliases=[_alias("SP-6", "SP6", "LI4")]),
        "a pack may not make it name LI4",
    ),
    "alias 'B54' (old numbering of BL40) for ST36": (
        lambda: _doc(aliases=[_alias("B54", "ST36")]),
        "already the catalog's name of BL54, BL40",
    ),
    "pack point with LI4's characters": (
        lambda: _doc(points=[_point("aaa:copy", hanzi="合谷")]),
        "aaa:copy copies LI4",
    ),
    "pack point with LI4's pinyin, other tones and spacing": (
        lambda: _doc(points=[_point("aaa:copy", pinyin="He Gu", tones="hè gù")]),
        "$.points[0].pinyin: aaa:copy copies LI4",
    ),
    "pack point with LI4's location, folded": (
        lambda: _doc(points=[_point("aaa:copy", location=LI4_LOCATION.upper().replace(",", ""))]),
        "$.points[0].location: aaa:copy copies LI4",
    ),
    "pack point with LI4's Wade-Giles name as a nickname": (
        lambda: _doc(points=[_point("aaa:copy", nicknames=["Hoku"])]),
        "$.points[0].nicknames[0]: aaa:copy copies LI4",
    ),
    "pack point whose code reads as EX-HN3": (
        lambda: _doc("ex", points=[_point("ex:hn3")]),
        "$.points[0].code: ex:hn3 copies EX-HN3",
    ),
    "rule in another pack's namespace": (
        lambda: _doc(rules=[_rule(id="back-pain:calm")]),
        "belong to its own namespace",
    ),
    "rule that tightens a core rule to info": (
        lambda: _doc(rules=[_rule(tightens="pregnancy-traditional-points")]),
        "would weaken 'pregnancy-traditional-points'",
    ),
    "rule that disables a core rule": (
        lambda: _doc(rules=[_rule(disable="pregnancy-traditional-points")]),
        "never remove or weaken one",
    ),
    "question id written with another pack's prefix": (
        lambda: _doc(
            screening=[_question("back-pain:lbp-saddle-numbness", "aaa-pain")],
        ),
        "write the id without a pack prefix",
    ),
}


@pytest.mark.parametrize("name", list(REFUSED))
def test_hostile_pack_is_refused(name: str) -> None:
    make, message = REFUSED[name]
    document = make()
    hostile = _parsed(document)
    library = _with(hostile)
    status = _status(library, hostile.id)
    assert status.status == "error"
    assert message in (status.error or ""), status.error
    assert f"<{hostile.id}>: $." in (status.error or "")  # says where
    assert hostile.id not in [p.id for p in library.packs]
    assert_nothing_lost(library)
    with pytest.raises(PackError, match=re.escape(message)):
        acupress.Library.build([PACKS, hostile], discover=False, strict=True)
    # The constructor holds packs given to it to the same checks...
    with pytest.raises(PackError):
        acupress.Library(standard_catalog(), [*packed().packs, hostile])
    # ... and validate (for pack authors) reports the same problem.
    assert any(message in line for line in validate_text(to_toml(document), "<x>"))


@pytest.mark.parametrize("text", ["LI4", "li4", "LI 4", "Hegu", "合谷", "Hoku", "SP-6"])
def test_the_resolver_keeps_catalog_readings_even_for_unchecked_packs(text: str) -> None:
    # A library told its packs were checked (rules given) still reads catalog names as the
    # catalog does: pack readings never join them, and never in a catalog notation.
    hostile = _pack(aliases=[_alias(text, "ST36", notation="who")])
    library = acupress.Library(standard_catalog(), [hostile], rules={})
    assert library.resolve(text).codes == standard().resolve(text).codes
    assert _readings(library, text, "who") == _readings(standard(), text, "who")
    assert any(text in line for line in library.resolver.left_out)


def _readings(library: acupress.Library, text: str, notation: str) -> tuple[str, ...]:
    try:
        return library.resolve(text, notation).codes
    except acupress.UnknownPointError:
        return ()


def test_a_pack_point_with_a_catalog_code_is_refused_by_the_model() -> None:
    with pytest.raises(PackError, match="must be namespaced like 'sleep:anmian'"):
        _pack(points=[_point("LI4")])


def test_pack_readings_rank_below_catalog_readings() -> None:
    # 'Anmian' is the sleep pack's point; a pack alias of the same text for another point
    # comes after it, and an alias that repeats a catalog reading adds nothing.
    hostile = _pack(aliases=[_alias("Anmian", "LI4"), _alias("Hoku", "LI4")])
    library = _with(hostile)
    assert _status(library, "aaa").status == "ok"
    assert library.resolve("Anmian").codes == ("sleep:anmian", "LI4")
    assert library.resolve("Hoku").codes == ("LI4",)
    assert_nothing_lost(library)


# -- loaded, and only adding -------------------------------------------------------------

LOADED: dict[str, Callable[[str], dict[str, Any]]] = {
    "sciatica declared again with nothing related": lambda pid: _doc(
        pid,
        conditions=[
            {"id": f"{pid}-pain", "name": "Pain", "description": "A pain."},
            {"id": "sciatica", "name": "Sciatica", "description": "Harmless, never serious."},
        ],
    ),
    "low-back-pain declared again with no questions": lambda pid: _doc(
        pid,
        conditions=[
            {"id": f"{pid}-pain", "name": "Pain", "description": "A pain."},
            {"id": "low-back-pain", "name": "Back ache", "description": "Ignore it."},
        ],
    ),
    "an emergency question's id reused as a routine question": lambda pid: _doc(
        pid,
        conditions=[
            {"id": f"{pid}-pain", "name": "Pain", "description": "A pain."},
            {"id": "low-back-pain", "name": "Back ache", "description": "Ignore it."},
        ],
        screening=[_question("lbp-saddle-numbness", "low-back-pain", urgency="routine")],
    ),
    "a score id reused with a threshold no one reaches": lambda pid: _doc(
        pid,
        conditions=[
            {"id": f"{pid}-pain", "name": "Pain", "description": "A pain."},
            {"id": "sleep-problems", "name": "Sleep", "description": "Fine."},
        ],
        screening=[
            _question("snoring", "sleep-problems", urgency="none", score="stop-bang", advice="")
        ],
        scores=[
            {
                "id": "stop-bang",
                "condition": "sleep-problems",
                "name": "STOP-Bang",
                "references": ["evil-guideline"],
                "thresholds": [{"at_least": 99, "urgency": "routine", "advice": "Relax."}],
            }
        ],
    ),
    "a rule with a core rule's id, at info": lambda pid: _doc(
        pid, rules=[_rule(id="pregnancy-traditional-points")]
    ),
    "an alias for a new name": lambda pid: _doc(pid, aliases=[_alias("Calm Point", "LI4")]),
    "an alias that repeats a catalog reading": lambda pid: _doc(
        pid, aliases=[_alias("Hegu", "LI4"), _alias("Zhong Zhu", "KI15")]
    ),
    "dosing that presses LI4 hard": lambda pid: _doc(
        pid,
        dosing=[
            {
                "point": "LI4",
                "technique": {"method": "hold", "pressure": "firm"},
                "min_seconds": 30,
                "max_seconds": 600,
            }
        ],
    ),
}


@pytest.mark.parametrize("pack_id", ["aaa", "zzz"])  # sorting before and after the real packs
@pytest.mark.parametrize("name", list(LOADED))
def test_hostile_pack_only_adds(name: str, pack_id: str) -> None:
    hostile = _parsed(LOADED[name](pack_id))
    library = _with(hostile)
    assert _status(library, pack_id).status == "ok", _status(library, pack_id).error
    assert_nothing_lost(library)


@pytest.mark.parametrize("pack_id", ["aaa", "zzz"])
def test_a_condition_declared_again_keeps_every_relation(pack_id: str) -> None:
    library = _with(_parsed(LOADED["sciatica declared again with nothing related"](pack_id)))
    assert "low-back-pain" in library.conditions["sciatica"].related
    assert any(
        "condition 'sciatica' is declared by packs" in line and pack_id in line
        for line in library.conflicts
    )
    asked = {q.id for _p, q in questions("sciatica", library=library)}
    assert "lbp-saddle-numbness" in asked
    emergency = screen("sciatica", {"lbp-saddle-numbness": "yes"}, library=library)
    assert emergency.urgency is Urgency.EMERGENCY


@pytest.mark.parametrize("pack_id", ["aaa", "zzz"])
def test_a_shared_question_id_is_kept_for_each_pack(pack_id: str) -> None:
    library = _with(
        _parsed(LOADED["an emergency question's id reused as a routine question"](pack_id))
    )
    ids = [q.id for _p, q in questions("low-back-pain", library=library)]
    assert "back-pain:lbp-saddle-numbness" in ids
    assert f"{pack_id}:lbp-saddle-numbness" in ids
    assert "lbp-saddle-numbness" not in ids
    result = screen("low-back-pain", {"back-pain:lbp-saddle-numbness": "yes"}, library=library)
    assert result.urgency is Urgency.EMERGENCY
    # The bare id is now ambiguous: refused loudly, never read as the harmless question.
    with pytest.raises(UnknownQuestionError, match="lbp-saddle-numbness"):
        screen("low-back-pain", {"lbp-saddle-numbness": "yes"}, library=library)
    assert any("question id 'lbp-saddle-numbness'" in line for line in library.conflicts)
    # Ids only one pack uses stay as they are.
    assert "lbp-bladder-control" in ids


@pytest.mark.parametrize("pack_id", ["aaa", "zzz"])
def test_a_shared_score_id_is_kept_for_each_pack(pack_id: str) -> None:
    library = _with(_parsed(LOADED["a score id reused with a threshold no one reaches"](pack_id)))
    asked = questions("sleep-problems", library=library)
    stop_bang = {q.id: q for p, q in asked if p.id == "sleep" and q.score is not None}
    assert stop_bang
    assert {q.score for q in stop_bang.values()} == {"sleep:stop-bang"}
    result = screen("sleep-problems", dict.fromkeys(stop_bang, "yes"), library=library)
    assert result.urgency is Urgency.SOON
    assert "sleep:stop-bang" in [f.question for f in result.flags]
    assert f"{pack_id}:stop-bang" not in [f.question for f in result.flags]


def test_the_command_line_asks_every_packs_question(
    cli: Cli, fake_pack: Callable[..., Path]
) -> None:
    hostile = LOADED["an emergency question's id reused as a routine question"]("aaa")
    fake_pack(to_toml(hostile), name="aaa")
    code, listed, _err = cli.json("screen", "low-back-pain", "--questions")
    assert code == 0
    ids = [q["id"] for q in listed]
    assert {"back-pain:lbp-saddle-numbness", "aaa:lbp-saddle-numbness"} <= set(ids)
    code, result, _err = cli.json(
        "screen",
        "low-back-pain",
        "--answer",
        "back-pain:lbp-saddle-numbness=yes",
        "--answer-only",
    )
    assert code == 3  # incomplete: the other questions were not answered
    assert result["urgency"] == "emergency"
    code, out, err = cli.run(
        "screen", "low-back-pain", "--answer", "lbp-saddle-numbness=yes", "--answer-only"
    )
    assert code != 0
    assert out == ""
    assert len(err.strip().splitlines()) == 1
    assert "lbp-saddle-numbness" in err
    assert "Traceback" not in err


def test_a_rule_with_a_core_id_is_a_new_rule() -> None:
    library = _with(_parsed(LOADED["a rule with a core rule's id, at info"]("aaa")))
    ids = [r.id for r in library.safety.rules]
    assert ids.count("pregnancy-traditional-points") == 1
    assert "aaa:pregnancy-traditional-points" in ids
    report = check(["LI4"], Profile(pregnant=True), library=library)
    assert report.verdict.value == "avoid"
    assert Severity.AVOID in {f.severity for f in report.findings}


REAL_QUESTIONS = tuple((q.condition, q.id) for pack in packed().packs for q in pack.screening)


@st.composite
def hostile_documents(draw: st.DrawFn) -> dict[str, Any]:
    """A valid pack that declares real conditions again and reuses real question ids."""
    document = draw(pack_documents())
    document["id"] = draw(st.sampled_from(["aaa", "hostile", "zzz"]))
    reused = draw(st.lists(st.sampled_from(REAL_QUESTIONS), min_size=1, max_size=4, unique=True))
    declared = {c["id"] for c in document["conditions"]}
    for condition, _qid in reused:
        if condition not in declared:
            declared.add(condition)
            document["conditions"].append(
                {"id": condition, "name": "Harmless", "description": "Never serious."}
            )
    document["references"] = [*document.get("references", []), EVIDENCE]
    document["screening"] = [
        _question(qid, condition, urgency=draw(st.sampled_from(["routine", "soon"])))
        for condition, qid in reused
    ]
    return document


@settings(deadline=None)
@given(document=hostile_documents())
def test_generated_hostile_packs_only_add(document: dict[str, Any]) -> None:
    library = _with(_parsed(document))
    assert _status(library, document["id"]).status == "ok", _status(library, document["id"]).error
    assert_nothing_lost(library)


# -- two distributions, one pack id ------------------------------------------------------

GUARDED = minimal_pack(
    id="guarded",
    references=[EVIDENCE],
    screening=[
        _question(
            "guarded-numb",
            "guarded-pain",
            urgency="emergency",
            advice="Call emergency services now.",
        )
    ],
)


@pytest.mark.parametrize("hostile_dist", ["aaa-evil", "zzz-evil"])
def test_two_distributions_of_one_pack_id_load_from_neither(
    fake_pack: Callable[..., Path], hostile_dist: str
) -> None:
    evil = {**GUARDED, "screening": []}
    fake_pack(to_toml(GUARDED), name="guarded", distribution="mmm-guarded")
    fake_pack(to_toml(evil), name="guarded", distribution=hostile_dist, module="acupress_fake_evil")
    library = acupress.Library.build()
    statuses = [s for s in library.statuses if s.name == "guarded"]
    assert [s.status for s in statuses] == ["error", "error"]
    for status in statuses:
        assert "duplicate pack id 'guarded'" in (status.error or "")
        assert "mmm-guarded 1.0.0" in (status.error or "")
        assert f"{hostile_dist} 1.0.0" in (status.error or "")
    assert "guarded" not in [p.id for p in library.packs]
    # Screening the condition fails loudly; it never answers "no red flags".
    with pytest.raises(UnknownConditionError):
        screen("guarded-pain", {}, library=library)
    with pytest.raises(PackError, match="duplicate pack id 'guarded'"):
        acupress.Library.build(strict=True)


def test_a_given_pack_is_preferred_to_an_installed_one(fake_pack: Callable[..., Path]) -> None:
    fake_pack(to_toml({**GUARDED, "screening": []}), name="guarded", distribution="aaa-evil")
    mine = read_pack_document(to_toml(GUARDED), "<mine>")
    library = acupress.Library.build([mine])
    assert library.pack("guarded") == mine
    installed = next(s for s in library.statuses if s.distribution == "aaa-evil")
    assert installed.status == "error"
    assert "is the application's own" in (installed.error or "")
    # The same pack given twice is one pack, not a clash.
    again = acupress.Library.build([mine, mine, PACKS / "sleep", PACKS], discover=False)
    assert [s.status for s in again.statuses].count("error") == 0
    assert [p.id for p in again.packs].count("sleep") == 1


# -- generated hostile names ---------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(
    spelling=catalog_spellings(),
    target=st.sampled_from(CATALOG_CODES),
    notation=st.sampled_from([*CATALOG_NOTATIONS, "french", "alias", "book"]),
)
def test_no_alias_changes_a_catalog_reading(
    spelling: tuple[str, str], target: str, notation: str
) -> None:
    _code, text = spelling
    catalog = catalog_resolver()
    resolver = catalog.with_packs((), [Alias(text, target, notation, "generated")])
    before = catalog.resolve(text)
    after = resolver.resolve(text)
    assert set(after.codes) == set(before.codes)
    assert after.ambiguous == before.ambiguous
    if not before.ambiguous:
        assert after.code == before.code
    for n in CATALOG_NOTATIONS:
        try:
            expected: tuple[str, ...] = catalog.resolve(text, n).codes
        except acupress.UnknownPointError:
            expected = ()
        try:
            got: tuple[str, ...] = resolver.resolve(text, n).codes
        except acupress.UnknownPointError:
            got = ()
        assert got == expected


@settings(max_examples=100, deadline=None)
@given(spelling=catalog_spellings(), target=st.sampled_from(CATALOG_CODES))
def test_an_alias_taking_a_catalog_name_is_refused(spelling: tuple[str, str], target: str) -> None:
    _code, text = spelling
    catalog = catalog_resolver().catalog_codes(text)
    document = minimal_pack(id="gen", aliases=[_alias(text, target)])
    problems = validate_text(to_toml(document), "gen.toml")
    refused = any("$.aliases[0].text" in line for line in problems)
    assert refused == bool(catalog and target not in catalog), problems


@settings(max_examples=100, deadline=None)
@given(
    code=st.sampled_from(CATALOG_CODES),
    field=st.sampled_from(["pinyin", "tones", "hanzi", "gloss", "location"]),
)
def test_a_pack_point_copying_a_catalog_point_is_refused(code: str, field: str) -> None:
    point = standard().points[code]
    value = {
        "pinyin": point.names.pinyin.upper(),
        "tones": point.names.tones,
        "hanzi": point.names.hanzi,
        "gloss": point.names.gloss.lower(),
        "location": f"  {point.location.text.lower()}!",
    }[field]
    document = minimal_pack(id="gen", points=[_point("gen:copy", **{field: value})])
    problems = validate_text(to_toml(document), "gen.toml")
    copied = [line for line in problems if f"$.points[0].{field}: gen:copy copies" in line]
    assert copied, problems
    assert code in copied[0]


# -- deep immutability ---------------------------------------------------------------------


def mutable_parts(root: object, name: str = "library") -> list[str]:
    """Paths to every mutable container reachable from ``root`` through its data."""
    found: list[str] = []
    seen: set[int] = set()
    stack: list[tuple[object, str]] = [(root, name)]
    while stack:
        obj, path = stack.pop()
        if id(obj) in seen or obj is None:
            continue
        seen.add(id(obj))
        if isinstance(obj, str | int | float | bool | bytes | enum.Enum | type):
            continue
        if isinstance(obj, list | dict | set | bytearray):
            found.append(f"{path}: {type(obj).__name__}")
        elif isinstance(obj, types.MappingProxyType):
            stack.extend((v, f"{path}[{k!r}]") for k, v in obj.items())
        elif isinstance(obj, tuple | frozenset):
            stack.extend((v, f"{path}[{i}]") for i, v in enumerate(obj))
        elif attrs.has(type(obj)):
            stack.extend(
                (getattr(obj, f.name), f"{path}.{f.name}") for f in attrs.fields(type(obj))
            )
        elif slots := [s for c in type(obj).__mro__ for s in getattr(c, "__slots__", ())]:
            stack.extend((getattr(obj, s), f"{path}.{s}") for s in slots if hasattr(obj, s))
        elif not isinstance(obj, types.FunctionType):  # the memo tables live in closures
            found.append(f"{path}: {type(obj).__name__}")
    return found


def test_no_mutable_table_is_reachable_from_a_library() -> None:
    library = acupress.Library.build([PACKS], discover=False, strict=True)
    # Derive everything a library builds on first use.
    assert library.resolver.notations
    assert library.safety.rules
    assert library.aliases
    assert mutable_parts(library) == []
    assert mutable_parts({"a": [1]}, "probe") == ["probe: dict"]  # the probe finds them


def _attempts(library: acupress.Library) -> dict[str, Callable[[], object]]:
    back_pain = library.pack("back-pain")
    resolver = library.resolver
    rules = library.safety
    return {
        "safety.rules": lambda: setattr(rules, "rules", ()),
        "safety._rules": lambda: setattr(rules, "_rules", ()),
        "safety.groups[...]": lambda: rules.groups.__setitem__("pregnancy", ()),
        "safety._codes[...]": lambda: rules._codes.__setitem__("x", None),
        "library.safety": lambda: setattr(library, "safety", None),
        "library._packs": lambda: setattr(library, "_packs", ()),
        "library._memo": lambda: setattr(library, "_memo", None),
        "library._memo[...]": lambda: library._memo.__setitem__("safety", None),
        "del library._contents": lambda: delattr(library, "_contents"),
        "library.points[...]": lambda: library.points.__setitem__("LI4", None),
        "library.conditions[...]": lambda: library.conditions.__setitem__("x", None),
        "library.meridians[...]": lambda: library.meridians.__setitem__("LI", None),
        "library.packs": lambda: setattr(library, "packs", ()),
        "pack.rules[0][...]": lambda: back_pain.rules[0].__setitem__("severity", "info"),
        "pack.rules[0].applies.groups": lambda: back_pain.rules[0]["applies"]["groups"].append("x"),
        "pack.screening": lambda: setattr(back_pain, "screening", ()),
        "status.pack.rules": lambda: (
            next(s.pack for s in library.statuses if s.name == "back-pain")
            .rules[0]
            .__setitem__("severity", "info")
        ),
        "point.names": lambda: setattr(library.points["LI4"], "names", None),
        "condition.related": lambda: library.conditions["sciatica"].related.append("x"),
        "resolver._names": lambda: setattr(resolver, "_names", {}),
        "resolver._names[...]": lambda: resolver._names.__setitem__("hegu", ()),
        "resolver._names['hegu']": lambda: resolver._names["hegu"].append(None),
        "resolver._prefixes[...]": lambda: resolver._prefixes.__setitem__("li", ()),
        "resolver._folds[...]": lambda: resolver._folds.__setitem__(1, "x"),
        "core groups": lambda: core_safety().groups.__setitem__("x", ()),
        "catalog notation": lambda: (
            standard_catalog().notations[0].abbreviations.__setitem__("LI", ("XX",))
        ),
        "library._pack_rules[...]": lambda: library._pack_rules.__setitem__("x", ()),
    }


@pytest.mark.parametrize("route", list(_attempts(packed())))
def test_no_route_changes_a_library(route: str) -> None:
    library = packed()
    with pytest.raises((AttributeError, TypeError)):
        _attempts(library)[route]()
    assert_nothing_lost(library)


def test_memo_cannot_replace_the_librarys_own_values() -> None:
    library = acupress.Library.build([PACKS], discover=False)
    # Before the rule set or the resolver exist, a caller's memo keys cannot stand in for them.
    assert library.memo("safety", lambda: "switched off") == "switched off"
    assert library.memo("resolver", lambda: "nothing") == "nothing"
    assert library.safety.rules
    assert library.resolve("Hegu").code == "LI4"
    assert check(["LI4"], Profile(pregnant=True), library=library).verdict.value == "avoid"
