"""The one gate: nothing shows or plays a routine that was not checked for its person.

Every renderer, the timeline and ``dump_routine`` of a checked result take only the results of
``check()`` and ``compose()`` and check the routine again for the profile the result carries. The
property at the end drives random profiles, conditions, budgets and constraints through every
output path and asserts that no step the check marks avoid, and no pressure above a cap, reaches
any of them.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given, settings, strategies as st

import acupress
from acupress import CueKind, NotCheckedError, Profile, Severity
from acupress._model.safety import lowest_cap
from acupress.render import (
    composition_markdown,
    composition_record,
    composition_text,
    render_card,
    report_record,
    report_text,
    routine_record,
)

from .conftest import packed

RISKY = ("LI4", "SP6", "BL40", "CV6", "BL23", "GB21", "KI1", "ST36", "GV20")
PREGNANT = Profile(pregnant=True, pregnancy_weeks=30)


def _routine(library: acupress.Library) -> acupress.Routine:
    return acupress.build_routine(
        "Risky", [(code, 30) for code in RISKY], conditions=["low-back-pain"], library=library
    )


def _renderers(library: acupress.Library) -> dict[str, Callable[[Any], object]]:
    """Every public way to show or play a checked result."""
    return {
        "render_card": lambda c: render_card(c, library=library),
        "routine_record": lambda c: routine_record(c, library),
        "timeline": lambda c: acupress.timeline(c, library),
        "dump_routine": lambda c: acupress.dump_routine(c, library=library),
    }


def _report_renderers(library: acupress.Library) -> dict[str, Callable[[Any], object]]:
    return {
        **_renderers(library),
        "report_text": lambda c: report_text(c, library),
        "report_record": lambda c: report_record(c, library),
    }


def _composition_renderers(library: acupress.Library) -> dict[str, Callable[[Any], object]]:
    return {
        **_renderers(library),
        "composition_text": lambda c: composition_text(c, library),
        "composition_markdown": lambda c: composition_markdown(c, library),
        "composition_record": lambda c: composition_record(c, library),
    }


# -- refusals ------------------------------------------------------------------------------


SHOWING = sorted(set(_composition_renderers(packed())) - {"dump_routine"})


@pytest.mark.parametrize("name", SHOWING)
def test_a_bare_routine_is_refused_everywhere(name: str, packed_library: acupress.Library) -> None:
    # (dump_routine writes a plain Routine as a file: data, checked again whenever it is used)
    render = _composition_renderers(packed_library)[name]
    with pytest.raises(TypeError, match="only a checked result"):
        render(_routine(packed_library))


def test_dump_routine_of_a_plain_routine_adds_no_advice(packed_library: acupress.Library) -> None:
    # A routine file is data for later: whoever plays it is checked then (see the CLI tests).
    text = acupress.dump_routine(_routine(packed_library))
    assert "advice" not in tomllib.loads(text)


@pytest.mark.parametrize("name", sorted(_report_renderers(packed())))
def test_a_report_edited_to_hold_an_unsafe_step_is_refused(
    name: str, packed_library: acupress.Library
) -> None:
    routine = _routine(packed_library)
    report = acupress.check(routine, PREGNANT, library=packed_library)
    assert "LI4" in report.removed
    forged = attrs.evolve(report, routine=routine)  # the unchecked routine back in
    with pytest.raises(NotCheckedError, match="LI4"):
        _report_renderers(packed_library)[name](forged)


@pytest.mark.parametrize("name", sorted(_report_renderers(packed())))
def test_a_report_with_its_caps_undone_is_refused(
    name: str, packed_library: acupress.Library
) -> None:
    profile = Profile(has=("anticoagulants",))
    report = acupress.check(_routine(packed_library), profile, library=packed_library)
    firm = tuple(
        attrs.evolve(s, technique=attrs.evolve(s.technique, pressure=acupress.Pressure.FIRM))
        for s in report.routine.steps
    )
    forged = attrs.evolve(report, routine=attrs.evolve(report.routine, steps=firm))
    with pytest.raises(NotCheckedError, match="pressed more gently"):
        _report_renderers(packed_library)[name](forged)


@pytest.mark.parametrize("name", sorted(_report_renderers(packed())))
def test_a_report_stripped_of_its_findings_is_refused(
    name: str, packed_library: acupress.Library
) -> None:
    report = acupress.check(_routine(packed_library), PREGNANT, library=packed_library)
    forged = attrs.evolve(report, findings=())
    with pytest.raises(NotCheckedError, match="lacks findings"):
        _report_renderers(packed_library)[name](forged)


@pytest.mark.parametrize("name", sorted(_composition_renderers(packed())))
def test_a_composition_whose_routine_was_swapped_is_refused(
    name: str, packed_library: acupress.Library
) -> None:
    comp = acupress.compose("low-back-pain", minutes=10, profile=PREGNANT, library=packed_library)
    forged = attrs.evolve(comp, routine=_routine(packed_library))
    with pytest.raises(NotCheckedError):
        _composition_renderers(packed_library)[name](forged)


def test_the_gate_accepts_what_check_and_compose_return(packed_library: acupress.Library) -> None:
    report = acupress.check(_routine(packed_library), PREGNANT, library=packed_library)
    for render in _report_renderers(packed_library).values():
        render(report)
    comp = acupress.compose("low-back-pain", minutes=10, profile=PREGNANT, library=packed_library)
    for render in _composition_renderers(packed_library).values():
        render(comp)


def test_a_pack_routine_is_checked_and_guided(packed_library: acupress.Library) -> None:
    for _pack, template in packed_library.routines():
        if any(packed_library.conditions[c].not_in_pregnancy for c in template.conditions):
            # Period pain in pregnancy is not period pain: refused (tests/test_not_in_pregnancy).
            with pytest.raises(acupress.ComposeError, match="midwife"):
                acupress.check(template, PREGNANT, library=packed_library)
            continue
        report = acupress.check(template, PREGNANT, library=packed_library)
        played = {
            report.routine.steps[c.step].point
            for c in acupress.timeline(report, packed_library)
            if c.kind is CueKind.PRESS
        }
        assert not played & {"LI4", "SP6", "CV6"}
        assert played <= set(template_points(template))


def template_points(template: acupress.RoutineTemplate) -> list[str]:
    return [s.point for s in template.steps]


# -- findings a person can act on ------------------------------------------------------------


def test_an_exclusion_says_what_the_rule_says(packed_library: acupress.Library) -> None:
    comp = acupress.compose(
        "insomnia",
        minutes=10,
        profile=Profile(has=("suspected-dvt",)),
        library=packed_library,
    )
    rules = {r.id: r for r in packed_library.safety.rules}
    for e in comp.excluded:
        for rule_id in e.rules:
            assert rules[rule_id].message in e.reason
    text = re.sub(r"\s+", " ", composition_text(comp, packed_library))
    assert "see a doctor today" in text  # the alert about a possible clot, not only a rule id
    assert text.index("see a doctor today") < text.index("1. ")  # said before the steps


def test_findings_are_grouped_by_rule(packed_library: acupress.Library) -> None:
    report = acupress.check(
        _routine(packed_library), Profile(has=("anticoagulants",)), library=packed_library
    )
    text = report_text(report, packed_library)
    message = next(f.message for f in report.findings if f.rule == "bleeding-risk")
    assert re.sub(r"\s+", " ", text).count(message) == 1
    record = report_record(report, packed_library)
    by_rule = {g["rule"]: g for g in record["by_rule"]}
    assert set(by_rule["bleeding-risk"]["points"]) == {s.point for s in report.routine.steps}


def test_the_advice_fits_the_pressure(packed_library: acupress.Library) -> None:
    light = acupress.check(
        _routine(packed_library), Profile(has=("anticoagulants",)), library=packed_library
    )
    assert not any("firmly" in a for a in light.advice)
    assert any(a.startswith("Press lightly") for a in light.advice)
    firm = acupress.build_routine(
        "Firm",
        [{"point": "LI4", "seconds": 30, "technique": {"pressure": "firm"}}],
        library=packed_library,
    )
    assert any("firmly" in a for a in acupress.check(firm, library=packed_library).advice)


# -- the command line ------------------------------------------------------------------------


def _routine_file(tmp_path: Path, library: acupress.Library) -> Path:
    path = tmp_path / "risky.toml"
    path.write_text(acupress.dump_routine(_routine(library)), encoding="utf-8")
    return path


def test_guide_of_a_file_plays_only_what_check_keeps(cli: Any, tmp_path: Path) -> None:
    path = _routine_file(tmp_path, packed())
    argv = ("--pregnant", "--has", "dvt", "--has", "anticoagulants")
    code, cues, err = cli.json("guide", str(path), *argv)
    assert code == 0
    code, report, _ = cli.json("check", str(path), *argv)
    kept = [s for s in RISKY if s not in report["removed"]]
    steps = {c["step"] for c in cues if c["kind"] == "press"}
    assert len(steps) == len(kept)
    pressed = " ".join(c["text"] for c in cues if c["kind"] == "press")
    for code_ in report["removed"]:
        assert f"Press {code_} " not in pressed
    assert "firm" not in pressed  # capped to light
    assert "moderate" not in pressed
    kinds = [c["kind"] for c in cues]
    assert kinds[0] == "advice"
    assert "caution" in kinds
    assert "left out for this profile" in err


@pytest.mark.parametrize(
    "option", [("--tool", "tennis-ball"), ("--partner",), ("--max-points", "2"), ("--minutes", "5")]
)
def test_guide_of_a_file_refuses_options_it_cannot_use(
    cli: Any, tmp_path: Path, option: tuple[str, ...]
) -> None:
    path = _routine_file(tmp_path, packed())
    code, out, err = cli.run("guide", str(path), *option, "--format", "json")
    assert code == 2
    assert out == ""
    assert "only apply with --compose" in err
    assert "Traceback" not in err


def test_check_refuses_points_and_a_file_together(cli: Any, tmp_path: Path) -> None:
    path = _routine_file(tmp_path, packed())
    code, _out, err = cli.run("check", "--points", "GV20", str(path))
    assert code == 2
    assert "not both" in err


def test_save_is_checked_before_the_work(cli: Any, tmp_path: Path) -> None:
    for target in (tmp_path / "missing" / "r.toml", tmp_path):
        code, out, err = cli.run(
            "compose", "low-back-pain", "--minutes", "5", "--save", str(target)
        )
        assert code == 2, err
        assert out == ""
        assert "--save" in err


def test_the_saved_file_carries_the_advice_and_loads_back(
    cli: Any, tmp_path: Path, packed_library: acupress.Library
) -> None:
    path = tmp_path / "mine.toml"
    code, _out, _err = cli.run(
        "compose", "low-back-pain", "--minutes", "5", "--pregnant", "--save", str(path)
    )
    assert code == 0
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    assert data["screening"] == ["low-back-pain"]
    assert any("acupress screen low-back-pain" in a for a in data["advice"])
    routine = acupress.load_routine(path, packed_library)
    assert not {"LI4", "SP6", "CV6"} & set(routine.points)


# -- the property: no unsafe step through any output -----------------------------------------

CONDITIONS = sorted(packed().conditions)
PROFILE_IDS = ("dvt", "suspected-dvt", "anticoagulants", "varicose-veins", "osteoporosis",
               "neuropathy", "hip-replacement", "knee-replacement", "pacemaker", "frail",
               "recent-immobility")  # fmt: skip
REGIONS = [r.value for r in acupress.Region]

profiles = st.builds(
    lambda pregnant, weeks, postpartum, age, has, skin, cancer, ate: Profile(
        pregnant=pregnant,
        pregnancy_weeks=weeks if pregnant else None,
        postpartum=postpartum,
        age=age,
        has=tuple(has),
        broken_skin=tuple(acupress.Region(r) for r in skin),
        cancer_sites=tuple(acupress.Region(r) for r in cancer),
        ate_recently=ate,
    ),
    st.booleans(),
    st.none() | st.integers(4, 42),
    st.booleans(),
    st.none() | st.integers(16, 100),
    st.lists(st.sampled_from(PROFILE_IDS), max_size=3, unique=True),
    st.lists(st.sampled_from(REGIONS), max_size=2, unique=True),
    st.lists(st.sampled_from(REGIONS), max_size=1, unique=True),
    st.booleans(),
)
constraints = st.builds(
    lambda tools, partner, max_points, sides: acupress.Constraints(
        tools=tools, partner=partner, max_points=max_points, sides=acupress.Sides(sides)
    ),
    st.sampled_from([(), ("tennis-ball",)]),
    st.booleans(),
    st.none() | st.integers(1, 8),
    st.sampled_from(["both", "left", "right"]),
)

_PRESSURE = re.compile(r"\b(light|moderate|firm)\b")


def _allowed(library: acupress.Library, profile: Profile, step: acupress.Step) -> tuple[bool, int]:
    """Whether the check lets this step through, and the highest pressure rank it allows."""
    findings = library.safety.evaluate(step.point, profile, step.technique.contact)
    if any(f.severity is Severity.AVOID for f in findings):
        return False, -1
    cap = lowest_cap(findings)
    return True, cap.rank if cap is not None else acupress.Pressure.FIRM.rank


@settings(max_examples=60, deadline=None)
@given(
    profile=profiles,
    conditions=st.lists(st.sampled_from(CONDITIONS), min_size=1, max_size=2, unique=True),
    minutes=st.sampled_from([2, 5, 10, 15]),
    can=constraints,
)
def test_no_output_holds_a_step_the_check_forbids(
    profile: Profile, conditions: list[str], minutes: int, can: acupress.Constraints
) -> None:
    library = packed()
    try:
        comp = acupress.compose(
            conditions, minutes=minutes, profile=profile, constraints=can, library=library
        )
    except acupress.ComposeError:
        return
    steps = {s.point: s for s in comp.routine.steps}
    for step in comp.routine.steps:
        ok, highest = _allowed(library, profile, step)
        assert ok, step.point
        assert step.technique.pressure.rank <= highest, step.point

    def assert_points(seen: set[str], where: str) -> None:
        assert seen == set(steps), where

    # JSON record (what --format json prints)
    record = composition_record(comp, library)
    assert_points({s["point"] for s in record["steps"]}, "record")
    for s in record["steps"]:
        _, highest = _allowed(library, profile, steps[s["point"]])
        assert acupress.Pressure(s["technique"]["pressure"]).rank <= highest
    # text, Markdown, HTML card, SVG map, saved file, timeline
    text = composition_text(comp, library)
    assert_points(set(re.findall(r"^\d+\. (\S+) ", text, re.M)), "text")
    md = composition_markdown(comp, library)
    assert_points(set(re.findall(r"^\| \d+ \| \*\*(\S+)\*\*", md, re.M)), "markdown")
    card = render_card(comp, library=library)
    assert_points(set(re.findall(r'<li data-step="\d+" data-point="([^"]+)"', card)), "card")
    saved = tomllib.loads(acupress.dump_routine(comp, library=library))
    assert acupress.parse_routine(saved, "saved", library) == comp.routine
    played: dict[str, set[str]] = {}
    for cue in acupress.timeline(comp, library):
        if cue.kind is CueKind.PRESS:
            code = comp.routine.steps[cue.step].point
            played.setdefault(code, set()).update(_PRESSURE.findall(cue.text))
    assert_points(set(played), "timeline")
    for code, words in played.items():
        _, highest = _allowed(library, profile, steps[code])
        assert all(acupress.Pressure(w).rank <= highest for w in words), code
    # every output carries the advice and the pointer to red-flag screening
    screen = f"acupress screen {comp.conditions[0]}"
    for where, out in (("text", text), ("markdown", md), ("card", card),
                       ("json", json.dumps(record))):  # fmt: skip
        flat = re.sub(r"\s+", " ", out)
        assert screen in flat, where
        assert comp.safety.advice[0] in flat, where


@pytest.mark.parametrize("fmt", ["text", "json", "markdown", "html", "svg"])
def test_every_compose_format_carries_the_advice_and_the_screening_pointer(
    cli: Any, fmt: str, packed_library: acupress.Library
) -> None:
    code, out, err = cli.run(
        "compose", "low-back-pain", "--minutes", "5", "--has", "anticoagulants", "--format", fmt
    )
    assert code == 0, err
    flat = re.sub(r"\s+", " ", out)
    assert "acupress screen low-back-pain" in flat
    assert "Press lightly" in flat  # the pressure advice fits the capped routine
    assert "firmly enough" not in flat


@pytest.mark.parametrize("strip", ["advice", "screening"])
def test_what_is_said_with_every_routine_cannot_be_taken_out(strip: str) -> None:
    from acupress.render import render_card, report_record

    library = packed()
    comp = acupress.compose(
        "period-pain", minutes=10, profile=Profile(possibly_pregnant=True), library=library
    )
    forged = attrs.evolve(comp, safety=attrs.evolve(comp.safety, **{strip: ()}))
    with pytest.raises(NotCheckedError):
        render_card(forged, library=library)
    with pytest.raises(NotCheckedError):
        report_record(forged.safety, library)


# -- the age limit at the gate -------------------------------------------------------------

CHILD = Profile(age=10)
TOO_YOUNG = "for people aged 16 and over"  # low back pain's guidance (Condition.min_age)


def _for_back_pain(report: acupress.SafetyReport) -> acupress.SafetyReport:
    """``report`` (a real one, for a routine of no condition) relabelled as a routine for low
    back pain, with that condition's red-flag questions: everything the check gives, but for
    the approval the age limit needs."""
    routine = attrs.evolve(report.routine, conditions=("low-back-pain",))
    return attrs.evolve(report, routine=routine, screening=("low-back-pain",))


def _child_reports(library: acupress.Library) -> dict[str, acupress.SafetyReport]:
    """Reports for a 10-year-old with a back-pain routine that no clinician approved."""
    approved = acupress.check(_routine(library), CHILD, library=library, clinician_approved=True)
    bare = attrs.evolve(approved.routine, conditions=())
    relabelled = _for_back_pain(acupress.check(bare, CHILD, library=library))
    by_hand = acupress.SafetyReport(
        verdict=relabelled.verdict,
        findings=relabelled.findings,
        routine=relabelled.routine,
        advice=relabelled.advice,
        profile=CHILD,
        removed=relabelled.removed,
        screening=relabelled.screening,
        alerts=relabelled.alerts,
    )
    adult = acupress.check(approved.routine, Profile(age=30), library=library)
    return {
        "made by hand": by_hand,
        "a real report relabelled": relabelled,
        "an approved report, its approval taken out": attrs.evolve(
            approved, clinician_approved=False
        ),
        "an adult's report, its profile made a child's": attrs.evolve(
            adult, profile=CHILD, findings=approved.findings, advice=approved.advice
        ),
    }


@pytest.mark.parametrize("how", sorted(_child_reports(packed())))
@pytest.mark.parametrize("name", sorted(_report_renderers(packed())))
def test_a_report_for_a_child_without_approval_is_refused_everywhere(
    how: str, name: str, packed_library: acupress.Library
) -> None:
    report = _child_reports(packed_library)[how]
    # Nothing but the approval is missing: the same report, saying a clinician approved it,
    # is shown, so the refusal below is the age limit's.
    render = _report_renderers(packed_library)[name]
    render(attrs.evolve(report, clinician_approved=True))
    with pytest.raises(acupress.ComposeError, match=TOO_YOUNG):
        render(report)


@pytest.mark.parametrize("name", sorted(_composition_renderers(packed())))
def test_a_composition_for_a_child_without_approval_is_refused_everywhere(
    name: str, packed_library: acupress.Library
) -> None:
    comp = acupress.compose(
        "low-back-pain", minutes=10, profile=CHILD, library=packed_library, clinician_approved=True
    )
    assert comp.safety.clinician_approved
    render = _composition_renderers(packed_library)[name]
    render(comp)
    forged = attrs.evolve(comp, safety=attrs.evolve(comp.safety, clinician_approved=False))
    with pytest.raises(acupress.ComposeError, match=TOO_YOUNG):
        render(forged)


def test_check_and_compose_record_the_approval(packed_library: acupress.Library) -> None:
    routine = _routine(packed_library)
    assert not acupress.check(routine, Profile(age=30), library=packed_library).clinician_approved
    assert acupress.check(
        routine, CHILD, library=packed_library, clinician_approved=True
    ).clinician_approved
    comp = acupress.compose("low-back-pain", minutes=10, library=packed_library)
    assert not comp.safety.clinician_approved
    with pytest.raises(TypeError):
        attrs.evolve(comp.safety, clinician_approved="yes")


def _refused_unless_approved(cli: Any, *argv: str) -> str:
    """The command's output with ``--clinician-approved``, after it refused without it."""
    code, out, err = cli.run(*argv)
    assert code == 1
    assert out == ""
    assert TOO_YOUNG in err
    code, out, err = cli.run(*argv, "--clinician-approved")
    assert code == 0, err
    return str(out)


@pytest.mark.parametrize("fmt", ["text", "json", "markdown", "html", "svg"])
def test_the_cli_composes_for_a_child_only_with_approval(cli: Any, fmt: str) -> None:
    argv = ("compose", "low-back-pain", "--minutes", "10", "--age", "10", "--format", fmt)
    out = _refused_unless_approved(cli, *argv)
    assert "acupress screen low-back-pain" in re.sub(r"\s+", " ", out)


@pytest.mark.parametrize(
    "argv",
    [
        ("check", "{file}", "--age", "10"),
        ("card", "{file}", "--age", "10"),
        ("guide", "{file}", "--age", "10", "--speed", "100"),
    ],
)
def test_every_command_checks_a_childs_routine_file_with_approval_only(
    cli: Any, tmp_path: Path, argv: tuple[str, ...]
) -> None:
    path = _routine_file(tmp_path, packed())
    args = [str(path) if a == "{file}" else a for a in argv]
    assert _refused_unless_approved(cli, *args)


def test_the_mcp_tools_refuse_a_child_a_back_pain_routine() -> None:
    from .test_mcp import call_all

    args = {"conditions": ["low-back-pain"], "minutes": 10, "profile": {"age": 10}}
    routine = {"name": "Mine", "conditions": ["low-back-pain"], "steps": [{"point": "LR3"}]}
    results = call_all(
        [
            ("compose_routine", args),
            ("routine_card", args),
            ("check_routine", {"routine": routine, "profile": {"age": 10}}),
        ]
    )
    for result in results:
        assert result.is_error
        text = "".join(getattr(c, "text", "") for c in result.content)
        assert TOO_YOUNG in text
        assert "Traceback" not in text


# -- the conditions' advice at the gate ------------------------------------------------------

PREGNANCY_TEST = "do a pregnancy test"


def _possibly_pregnant(library: acupress.Library) -> acupress.Composition:
    comp = acupress.compose(
        "period-pain", minutes=10, profile=Profile(possibly_pregnant=True), library=library
    )
    assert any(PREGNANCY_TEST in line for line in comp.safety.advice)
    return comp


@pytest.mark.parametrize("name", sorted(_composition_renderers(packed())))
def test_a_composition_without_its_pregnancy_test_advice_is_refused(
    name: str, packed_library: acupress.Library
) -> None:
    comp = _possibly_pregnant(packed_library)
    kept = tuple(line for line in comp.safety.advice if PREGNANCY_TEST not in line)
    assert kept  # only the condition's line is dropped; the general advice stays
    forged = attrs.evolve(comp, safety=attrs.evolve(comp.safety, advice=kept))
    render = _composition_renderers(packed_library)[name]
    render(comp)
    with pytest.raises(NotCheckedError, match="lacks the advice"):
        render(forged)


@pytest.mark.parametrize("name", sorted(_report_renderers(packed())))
def test_a_report_without_its_pregnancy_test_advice_is_refused(
    name: str, packed_library: acupress.Library
) -> None:
    report = _possibly_pregnant(packed_library).safety
    kept = tuple(line for line in report.advice if PREGNANCY_TEST not in line)
    render = _report_renderers(packed_library)[name]
    with pytest.raises(NotCheckedError, match="lacks the advice"):
        render(attrs.evolve(report, advice=kept))


def test_the_gate_and_check_take_the_conditions_advice_from_one_place(
    packed_library: acupress.Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A condition's advice that only check() knew of would be lost at the gate unnoticed; one
    # function gives it to both, so a line added there is required by the gate too.
    import acupress._check as check_module

    real = check_module.condition_advice
    extra = "A line every routine for these conditions now carries."

    def more(*args: Any) -> tuple[str, ...]:
        return (*real(*args), extra)

    report = acupress.check(_routine(packed_library), Profile(), library=packed_library)
    monkeypatch.setattr(check_module, "condition_advice", more)
    with pytest.raises(NotCheckedError, match="lacks the advice"):
        report_text(report, packed_library)
    report_text(acupress.check(_routine(packed_library), Profile(), library=packed_library),
                packed_library)  # fmt: skip
