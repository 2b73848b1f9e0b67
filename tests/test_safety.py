"""Safety: core rules fire for the right people only, packs only tighten, reports are safe."""

from __future__ import annotations

import json
from typing import Any

import attrs
import pytest
from hypothesis import given, strategies as st

import acupress
from acupress import (
    PackError,
    Pressure,
    Profile,
    Region,
    Routine,
    Rule,
    Severity,
    Sides,
    Step,
    Technique,
    Verdict,
    When,
    check,
)
from acupress._model.safety import KNOWN_CONDITIONS
from acupress._packs.document import parse_pack
from acupress._safety.rules import core_safety
from acupress.testing import minimal_pack, to_toml

from .broken_packs import WEAKENING_RULES
from .conftest import Cli, standard

CORE = core_safety()


def _triggering_profile(when: When) -> Profile:
    """A profile that satisfies ``when`` (its first alternative, for an ``any``)."""
    if when.any:
        return _triggering_profile(attrs.evolve(when.any[0], any=()))
    weeks = when.pregnancy_weeks_at_least
    return Profile(
        pregnant=bool(when.pregnant) or weeks is not None,
        pregnancy_weeks=weeks,
        postpartum=bool(when.postpartum),
        possibly_pregnant=bool(when.could_be_pregnant),  # the weaker fact must be enough
        has=when.has[:1],
        age=when.age_under - 1 if when.age_under else when.age_at_least,
        ate_recently=bool(when.ate_recently),
        recent_surgery=when.injury_at[:1]
        or ((acupress.Region.HAND,) if when.recent_surgery else ()),
        cancer_sites=when.cancer_at[:1],
    )


def _a_point(rule: Rule, library: acupress.Library) -> str:
    target = rule.applies
    if target.points:
        return target.points[0]
    if target.groups:
        return CORE.groups[target.groups[0]][0]
    if target.regions:
        return next(c for c, p in library.points.items() if p.region in target.regions)
    if target.profile_regions is acupress.ProfileRegions.LYMPHOEDEMA:
        return "LI4"  # on the hand
    return "BL23" if target.contacts or target.positions else "LI4"


def _profile_for_regions(rule: Rule, code: str, library: acupress.Library) -> Profile:
    region = library.points[code].region
    kind = rule.applies.profile_regions
    assert kind is not None
    if kind is acupress.ProfileRegions.LYMPHOEDEMA:
        limb = next(limb for limb in acupress.Limb if region in limb.regions)
        return Profile(lymphoedema=(limb,))
    field = {"skin": "broken_skin", "injury": "recent_surgery", "cancer": "cancer_sites"}[
        kind.value
    ]
    return Profile(**{field: (region,)})


def _fired(library: acupress.Library, rule: Rule, code: str, profile: Profile) -> set[str]:
    """The rules that fire at ``code`` for ``profile``, with the technique the rule narrows to."""
    target = rule.applies
    if target.person:
        return {f.rule for f in library.safety.alerts(profile)}
    contact = target.contacts[0] if target.contacts else None
    position = target.positions[0] if target.positions else None
    found = library.safety.evaluate(code, profile, contact, None, position)
    return {f.rule for f in found}


@pytest.mark.parametrize("rule", CORE.rules, ids=lambda r: r.id)
def test_every_core_rule_fires_only_for_its_profile(
    standard_library: acupress.Library, rule: Rule
) -> None:
    code = _a_point(rule, standard_library)
    if rule.applies.profile_regions is not None:
        profile = _profile_for_regions(rule, code, standard_library)
    else:
        profile = _triggering_profile(rule.when)
    assert rule.id in _fired(standard_library, rule, code, profile), (rule.id, code, profile)
    if rule.when != When() or rule.applies.profile_regions is not None:
        assert rule.id not in _fired(standard_library, rule, code, Profile())
    if rule.applies.narrowed:  # and it does not fire for a technique outside its narrowing
        plain = standard_library.safety.evaluate(
            code, profile, acupress.Contact.THUMB, None, acupress.Position.SITTING
        )
        assert rule.id not in {f.rule for f in plain}


def test_core_groups_name_real_points(standard_library: acupress.Library) -> None:
    assert CORE.groups
    for name, codes in CORE.groups.items():
        for code in codes:
            assert code in standard_library.points, (name, code)


def test_every_core_rule_cites_known_sources() -> None:
    ids = {r.id for r in CORE.references}
    assert CORE.rules
    for rule in CORE.rules:
        assert set(rule.sources) <= ids, rule.id


@pytest.mark.parametrize(
    ("points", "profile", "expected"),
    [
        (
            ["LI4", "SP6", "BL60", "BL67", "GB21", "BL32", "CV4", "CV6"],
            Profile(pregnant=True),
            "avoid",
        ),
        (["BL23", "GV4"], Profile(pregnant=True), "gentle"),
        (["BL40", "BL39", "BL57", "SP6"], Profile(has=("dvt",)), "avoid"),
        (["BL40", "BL57"], Profile(has=("varicose-veins",)), "gentle"),
        (["LI4", "GB20"], Profile(has=("anticoagulants",)), "gentle"),
        (["GV4"], Profile(has=("osteoporosis",)), "gentle"),
        (["KI1", "LR3"], Profile(has=("neuropathy",)), "gentle"),
        (["GB30"], Profile(has=("hip-replacement",)), "avoid"),
        (["ST9", "LI18"], Profile(), "avoid"),
        (["BL2", "BL1"], Profile(), "gentle"),
        (["CV12"], Profile(ate_recently=True), "avoid"),
        (["LI4"], Profile(age=8), "gentle"),
        (["LI4"], Profile(age=80), "gentle"),
        (["LI4"], Profile(broken_skin=(Region.HAND,)), "avoid"),
        (["BL23"], Profile(recent_surgery=(Region.LOWER_BACK,)), "avoid"),
        (["KI27"], Profile(has=("pacemaker",)), "avoid"),
    ],
)
def test_required_core_rules(
    standard_library: acupress.Library, points: list[str], profile: Profile, expected: str
) -> None:
    report = check(points, profile, library=standard_library)
    for code in points:
        severities = {f.severity.value for f in report.for_point(code)}
        assert expected in severities, (code, severities)
    assert not check(["LI4", "GB20"], Profile(), library=standard_library).findings


def test_pregnancy_findings_say_tradition_and_cite_carr(standard_library: acupress.Library) -> None:
    finding = check(["LI4"], Profile(pregnant=True), library=standard_library).findings[0]
    assert finding.basis.value == "tradition"
    assert any("Carr DJ" in s and "10.1136/acupmed-2015-010936" in s for s in finding.sources)
    assert "no evidence of harm" in finding.message


def test_report_shape_and_safe_routine(standard_library: acupress.Library) -> None:
    routine = Routine(
        name="r",
        steps=(
            Step(point="LI4", technique=Technique(pressure=Pressure.FIRM), seconds=30),
            Step(point="BL23", technique=Technique(pressure=Pressure.FIRM), seconds=30),
        ),
    )
    report = check(routine, Profile(pregnant=True), library=standard_library)
    assert report.verdict is Verdict.AVOID
    assert report.removed == ("LI4",)
    assert [s.point for s in report.routine.steps] == ["BL23"]
    assert report.routine.steps[0].technique.pressure is Pressure.LIGHT
    assert any("sharp pain" in line for line in report.advice)
    assert check(["GB20"], Profile(), library=standard_library).verdict is Verdict.OK


def test_unknown_points_fail_cleanly(standard_library: acupress.Library) -> None:
    with pytest.raises(acupress.UnknownPointError):
        check(["LI99"], Profile(), library=standard_library)


# -- properties ---------------------------------------------------------------------------

regions = st.sampled_from(list(Region))
profiles = st.builds(
    Profile,
    pregnant=st.booleans(),
    postpartum=st.booleans(),
    age=st.none() | st.integers(0, 110),
    has=st.lists(st.sampled_from(sorted(KNOWN_CONDITIONS)), max_size=4, unique=True).map(tuple),
    broken_skin=st.lists(regions, max_size=2).map(tuple),
    recent_surgery=st.lists(regions, max_size=2).map(tuple),
    recent_fracture=st.lists(regions, max_size=1).map(tuple),
    cancer_sites=st.lists(regions, max_size=1).map(tuple),
    ate_recently=st.booleans(),
)
codes = st.sampled_from(sorted(standard().points))
routines = st.lists(
    st.builds(
        lambda code, pressure, seconds: Step(
            point=code,
            technique=Technique(pressure=pressure),
            seconds=seconds,
            sides=Sides.BOTH if standard().points[code].bilateral else Sides.CENTER,
        ),
        codes,
        st.sampled_from(list(Pressure)),
        st.integers(5, 120),
    ),
    min_size=1,
    max_size=8,
).map(lambda steps: Routine(name="r", steps=tuple(steps)))


@given(routines, profiles)
def test_safe_routine_carries_no_avoid_and_respects_caps(
    standard_library: acupress.Library, routine: Routine, profile: Profile
) -> None:
    report = check(routine, profile, library=standard_library)
    again = check(report.routine, profile, library=standard_library)
    assert all(f.severity is not Severity.AVOID for f in again.findings)
    for step in again.routine.steps:
        for f in again.for_point(step.point):
            if f.pressure_cap is not None:
                assert step.technique.pressure.rank <= f.pressure_cap.rank
    assert check(routine, profile, library=standard_library) == report  # same inputs, same report


_rule_docs = st.fixed_dictionaries(
    {
        "id": st.from_regex(r"[a-z]{3,8}", fullmatch=True),
        "applies": st.one_of(
            st.fixed_dictionaries({"points": st.lists(codes, min_size=1, max_size=3)}),
            st.fixed_dictionaries(
                {"groups": st.lists(st.sampled_from(sorted(CORE.groups)), min_size=1, max_size=2)}
            ),
            st.just({"all": True}),
        ),
        "severity": st.sampled_from(["info", "gentle", "avoid"]),
        "message": st.just("A pack's own caution."),
        "basis": st.just("tradition"),
        "sources": st.just([]),
    }
).map(lambda d: {**d, "pressure_cap": "light"} if d["severity"] == "gentle" else d)


def _pack_with_rules(rules: list[dict[str, Any]], library: acupress.Library) -> acupress.Pack:
    unique = list({r["id"]: r for r in rules}.values())
    doc = minimal_pack(id="strict", rules=unique)
    return parse_pack(to_toml(doc), "strict.toml", library.points)


@given(routines, profiles, st.lists(_rule_docs, max_size=4))
def test_packs_never_lower_a_finding(
    standard_library: acupress.Library,
    routine: Routine,
    profile: Profile,
    rules: list[dict[str, Any]],
) -> None:
    with_pack = acupress.Library.build([_pack_with_rules(rules, standard_library)], discover=False)
    before = check(routine, profile, library=standard_library)
    after = check(routine, profile, library=with_pack)
    for step_index in range(len(routine.steps)):
        old = [f for f in before.findings if f.step == step_index]
        new = [f for f in after.findings if f.step == step_index]
        assert {(f.rule, f.severity) for f in old} <= {(f.rule, f.severity) for f in new}
        old_worst = max((f.severity.rank for f in old), default=-1)
        new_worst = max((f.severity.rank for f in new), default=-1)
        assert new_worst >= old_worst
    assert len(after.routine.steps) <= len(before.routine.steps)


def _rules_pack(rule: dict[str, Any]) -> str:
    return to_toml(minimal_pack(id="weak", rules=[rule]))


@pytest.mark.parametrize(("rule", "message"), WEAKENING_RULES)
def test_packs_cannot_weaken_rules(rule: dict[str, Any], message: str, tmp_path: Any) -> None:
    path = tmp_path / "pack.toml"
    path.write_text(_rules_pack(rule), encoding="utf-8")
    library = acupress.Library.build([path], discover=False)
    status = library.statuses[0]
    assert status.status == "error"
    assert message in (status.error or "")
    with pytest.raises(PackError, match="rules"):
        acupress.Library.build([path], discover=False, strict=True)


def test_pack_rule_that_tightens_is_accepted(tmp_path: Any) -> None:
    path = tmp_path / "pack.toml"
    rule = {
        "id": "x",
        "tightens": "eye-area",
        "applies": {"groups": ["eye-area"]},
        "severity": "avoid",
        "message": "Skip the eyes entirely.",
        "basis": "tradition",
        "sources": [],
    }
    path.write_text(_rules_pack(rule), encoding="utf-8")
    library = acupress.Library.build([path], discover=False, strict=True)
    found = check(["BL2"], Profile(), library=library)
    assert {f.rule for f in found.findings} == {"eye-area", "weak:x"}
    assert found.verdict is Verdict.AVOID


# -- command line ---------------------------------------------------------------------------


def test_cli_check(cli: Cli, tmp_path: Any) -> None:
    code, out, _ = cli.run("check", "--points", "LI4,Hoku,BL23", "--pregnant", "--format", "json")
    data = json.loads(out)
    assert code == 0
    assert data["verdict"] == "avoid"
    assert {"point", "severity", "rule", "message", "sources"} <= set(data["findings"][0])
    profile = tmp_path / "me.toml"
    profile.write_text('has = ["dvt"]\nage = 40\n', encoding="utf-8")
    code, out, _ = cli.run(
        "check", "--points", "BL40", "--profile", str(profile), "--format", "json"
    )
    assert json.loads(out)["verdict"] == "avoid"
    code, out, _ = cli.run("check", "--points", "GB20", "--format", "json")
    assert json.loads(out)["verdict"] == "ok"


@pytest.mark.parametrize(
    "argv",
    [
        ("check", "--points", "LI99"),
        ("check",),
        ("check", "--points", "LI4", "--age", "-3"),
        ("check", "--points", "LI4", "--broken-skin", "elbowish"),
        ("check", "missing-routine.toml"),
        ("screen", "no-such-condition"),
    ],
)
def test_cli_safety_bad_input(cli: Cli, argv: tuple[str, ...]) -> None:
    code, out, err = cli.run(*argv, "--format", "json")
    assert code != 0
    assert out == ""
    assert err.count("\n") == 1, err
    assert "Traceback" not in err


def test_pack_references_do_not_change_core_citations(
    standard_library: acupress.Library, tmp_path: Any
) -> None:
    doc = minimal_pack(
        id="shadow",
        references=[
            {
                "id": "carr-2015",
                "kind": "article",
                "title": "Something else",
                "url": "https://example.org/other",
            }
        ],
    )
    library = acupress.Library.build([_pack_from(doc, standard_library)], discover=False)
    finding = check(["LI4"], Profile(pregnant=True), library=library).findings[0]
    assert any("forbidden points revisited" in s for s in finding.sources)
    assert not any("Something else" in s for s in finding.sources)


def _pack_from(doc: dict[str, Any], library: acupress.Library) -> acupress.Pack:
    return parse_pack(to_toml(doc), "p.toml", library.points)


@pytest.mark.parametrize(
    ("weeks", "trimester"), [(None, None), (4, 1), (13, 1), (14, 2), (27, 2), (28, 3), (41, 3)]
)
def test_trimester_from_weeks(weeks: int | None, trimester: int | None) -> None:
    profile = Profile(pregnant=weeks is not None, pregnancy_weeks=weeks)
    assert profile.trimester == trimester


def test_profile_rejects_impossible_values() -> None:
    with pytest.raises(ValueError, match="pregnant is false"):
        Profile(pregnancy_weeks=12)
    with pytest.raises(ValueError, match="from 0 to 45"):
        Profile(pregnant=True, pregnancy_weeks=60)
    with pytest.raises(ValueError, match="lower-case"):
        Profile(has=("DVT",))


def test_check_refuses_an_ambiguous_name_as_routine_files_do(
    standard_library: acupress.Library, cli: Cli
) -> None:
    with pytest.raises(acupress.DataError, match=r"\$\.points\[1\]: 'B47' could be BL47 or BL52"):
        check(["LI4", "B47"], Profile(), library=standard_library)
    steps = check(["BL47", "Hoku"], library=standard_library).routine.steps
    assert [s.point for s in steps] == ["BL47", "LI4"]
    code, _out, err = cli.run("check", "--points", "B47", "--pregnant", "--format", "json")
    assert code == 1
    assert "could be BL47 or BL52" in err
