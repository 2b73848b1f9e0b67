"""The MCP server (``acupress mcp``), through the SDK's own client: in memory and over stdio.

Every routine a tool returns must pass the check for the profile given (a fixed point of
``check``: nothing to remove, no pressure to lower), carry the alerts, the red-flag screening
pointer and the advice; bad input must be a tool error in acupress's own words.
"""

from __future__ import annotations

import html
import json
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import anyio
import pytest
from hypothesis import HealthCheck, event, given, settings, strategies as st
from mcp import Client, StdioServerParameters, stdio_client
from mcp.types import CallToolResult, TextContent

import acupress
from acupress import render
from acupress._mcp.server import build_server
from acupress.testing import routines

from .conftest import packed
from .test_parse_profile import profiles

TOOLS = {
    "resolve_point",
    "find_conditions",
    "red_flag_questions",
    "screen",
    "compose_routine",
    "check_routine",
    "routine_card",
}
Call = tuple[str, dict[str, Any]]


def call_all(
    calls: Sequence[Call], library: acupress.Library | None = None, *, mode: str = "auto"
) -> list[CallToolResult]:
    """Make the calls in order, through one in-memory client session of the SDK."""
    server = build_server(library or packed())

    async def run() -> list[CallToolResult]:
        async with Client(server, mode=mode) as client:
            return [await client.call_tool(name, args) for name, args in calls]

    return anyio.run(run)


def call(name: str, args: dict[str, Any], library: acupress.Library | None = None) -> Any:
    """One call that must succeed: its structured result (or text, for the card)."""
    (result,) = call_all([(name, args)], library)
    assert not result.is_error, _text(result)
    return result.structured_content if result.structured_content is not None else _text(result)


def error(name: str, args: dict[str, Any]) -> str:
    """One call that must fail: the error text the client gets."""
    (result,) = call_all([(name, args)])
    assert result.is_error, result.structured_content
    text = _text(result)
    assert "Traceback" not in text
    return text


def _text(result: CallToolResult) -> str:
    return "".join(c.text for c in result.content if isinstance(c, TextContent))


def assert_safe_for(record: dict[str, Any], profile: acupress.Profile) -> acupress.SafetyReport:
    """The routine in a tool's record passes the check for ``profile`` unchanged, and the record
    carries the check's alerts, the screening pointer and the advice."""
    library = packed()
    routine = acupress.parse_routine(record["routine"], "record", library)
    report = acupress.check(routine, profile, library=library)
    assert report.removed == ()
    assert report.routine == routine  # nothing pressed harder than a rule allows
    assert not any(f.severity is acupress.Severity.AVOID for f in report.findings)
    if report.verdict is acupress.Verdict.AVOID:  # only "not now" for the person: no step at all
        assert routine.steps == ()
        assert any(a.severity is acupress.Severity.AVOID for a in report.alerts)
    advice = record["routine"]["advice"]
    for line in render.report_record(report, library)["advice"]:
        assert line in advice
    for alert in report.alerts:
        assert alert.message in advice
    if report.screening:
        assert any("warning signs" in line for line in advice), advice
        assert record["routine"]["screening"] == list(report.screening)
    assert any("Stop at once" in line for line in advice)
    return report


def avoided(conditions: Sequence[str], profile: acupress.Profile) -> set[str]:
    """The candidate points of ``conditions`` that the rules say to avoid for ``profile``."""
    library = packed()
    points = sorted({ind.point for c in conditions for _p, ind in library.indications(condition=c)})
    report = acupress.check(points, profile, library=library)
    return {f.point for f in report.findings if f.severity is acupress.Severity.AVOID}


# -- the tools ----------------------------------------------------------------------------------


def test_the_tools_are_listed_with_descriptions() -> None:
    server = build_server(packed())

    async def run() -> Any:
        async with Client(server) as client:
            return await client.list_tools()

    tools = {t.name: t for t in anyio.run(run).tools}
    assert set(tools) == TOOLS
    for tool in tools.values():
        assert tool.description
        assert tool.input_schema["type"] == "object"
    assert tools["compose_routine"].input_schema["required"] == ["conditions", "minutes"]


def test_resolve_point() -> None:
    result = call("resolve_point", {"text": "Hoku"})
    assert result["matches"][0]["code"] == "LI4"
    assert result["point"]["code"] == "LI4"
    assert "no point matches 'nothing at all'" in error("resolve_point", {"text": "nothing at all"})


def test_find_conditions() -> None:
    result = call("find_conditions", {"text": "my lower back hurts"})
    best = result["matches"][0]
    assert best["id"] == "low-back-pain"
    assert best["pack"] == "back-pain"
    assert best["why"] == ["'lower' and 'back' are in its name"]
    assert "conditions" not in result
    none = call("find_conditions", {"text": "toothache"})
    assert none["matches"] == []
    assert {c["id"] for c in none["conditions"]} == set(packed().conditions)
    assert len(call("find_conditions", {"text": "pain", "limit": 2})["matches"]) == 2


@pytest.mark.parametrize("conditions", [["Sciatica"], ["insomnia", "migraine"], ["headache"]])
def test_red_flag_questions_come_in_asking_order(conditions: list[str]) -> None:
    library = packed()
    result = call("red_flag_questions", {"conditions": conditions})
    ids = [library.condition(c).id for c in conditions]
    assert result["conditions"] == ids
    asked = result["questions"]
    expected = {q.id for c in ids for _p, q in acupress.questions(c, library=library)}
    assert [q["id"] for q in asked] == list(dict.fromkeys(q["id"] for q in asked))  # each once
    assert {q["id"] for q in asked} == expected
    ranks = [acupress.Urgency(q["urgency"]).rank for q in asked if q["urgency"] != "none"]
    assert ranks == sorted(ranks, reverse=True)
    for q in asked:
        assert q["flag_on"] in ("yes", "no")
        assert q["advice"] or q["urgency"] == "none"  # a questionnaire item counts to a score


def test_emergency_questions_lead_and_say_what_to_do() -> None:
    asked = call("red_flag_questions", {"conditions": ["sciatica"]})["questions"]
    assert asked[0]["urgency"] == "emergency"
    assert "emergency" in asked[0]["advice"].lower()
    # sciatica's own urgent question comes after low-back-pain's emergency ones
    urgencies = [q["urgency"] for q in asked]
    own = urgencies[[q["id"] for q in asked].index("sciatica-worsening-leg-weakness")]
    assert own == "urgent"
    assert "emergency" not in urgencies[urgencies.index("urgent") :]


def test_screen_an_emergency() -> None:
    result = call(
        "screen", {"conditions": ["Low back pain"], "answers": {"lbp-saddle-numbness": "yes"}}
    )
    assert result["urgency"] == "emergency"
    assert result["status"] == "incomplete"
    assert any("cauda equina" in line for line in result["advice"])
    assert "Do not rely on acupressure for this." in result["advice"]


def test_screen_reports_how_much_was_answered() -> None:
    library = packed()
    ids = [q.id for _p, q in acupress.questions("insomnia", library=library)]
    nothing = call("screen", {"conditions": ["insomnia"], "answers": {}})
    assert nothing["status"] == "not screened"
    assert nothing["urgency"] is None  # never "none" when nothing is known
    assert nothing["summary"].startswith("Not screened")
    assert nothing["advice"][0].startswith("No question was answered")
    flag_on = {q.id: q.flag_on for _p, q in acupress.questions("insomnia", library=library)}
    clear = {i: ("no" if flag_on[i] is acupress.Answer.YES else "yes") for i in ids}
    done = call("screen", {"conditions": ["insomnia"], "answers": clear})
    assert done["status"] == "complete"
    assert done["urgency"] == "none"
    assert done["unanswered"] == []


def test_screen_several_conditions_at_once() -> None:
    answers = {"lbp-fever": True}
    result = call("screen", {"conditions": ["insomnia", "low-back-pain"], "answers": answers})
    assert result["conditions"] == ["insomnia", "low-back-pain"]
    assert result["urgency"] == "urgent"
    assert [f["id"] for f in result["flags"]] == ["lbp-fever"]
    asked = acupress.questions(["insomnia", "low-back-pain"], library=packed())
    assert set(result["unanswered"]) == {q.id for _p, q in asked} - {"lbp-fever"}
    by_name = call("screen", {"conditions": ["Insomnia", "LOW BACK PAIN"], "answers": answers})
    assert by_name == result


def test_screen_refuses_bad_answers() -> None:
    unknown = error("screen", {"conditions": ["low-back-pain"], "answers": {"lbp-fevr": "no"}})
    assert "no question matches 'lbp-fevr'" in unknown
    assert "did you mean lbp-fever" in unknown
    maybe = error("screen", {"conditions": ["low-back-pain"], "answers": {"lbp-fever": "maybe"}})
    assert "$.answers.lbp-fever: expected yes or no" in maybe
    assert "no condition matches 'kneeache'" in error(
        "screen", {"conditions": ["kneeache"], "answers": {}}
    )


PREGNANT = acupress.Profile(pregnant=True, pregnancy_weeks=20)


def test_compose_for_a_pregnant_person_leaves_out_what_she_must_avoid() -> None:
    forbidden = avoided(["low-back-pain"], PREGNANT)
    assert "LI4" in forbidden  # else this test could not fail
    result = call(
        "compose_routine",
        {
            "conditions": ["Low back pain"],
            "minutes": 10,
            "profile": {"pregnant": True, "pregnancy_weeks": 20},
        },
    )
    steps = {s["point"] for s in result["steps"]}
    assert steps
    assert not steps & forbidden
    assert result["conditions"] == ["low-back-pain"]
    assert forbidden <= {e["point"] for e in result["excluded"]}
    assert result["safety"]["screening"] == ["low-back-pain"]
    assert result["safety"]["advice"] == result["routine"]["advice"]
    assert_safe_for(result, PREGNANT)


def test_compose_with_constraints_and_a_profile_as_text() -> None:
    profile = acupress.Profile(has=("anticoagulants",))
    result = call(
        "compose_routine",
        {
            "conditions": ["insomnia"],
            "minutes": 4,
            "profile": '{"has": ["anticoagulants"]}',
            "constraints": {"positions": ["sitting"], "max_points": 2},
        },
    )
    assert 1 <= len(result["steps"]) <= 2
    report = assert_safe_for(result, profile)
    assert report.findings  # anticoagulants: pressure is capped, and the record says so
    assert {f["rule"] for f in result["safety"]["findings"]} == {f.rule for f in report.findings}


@pytest.mark.parametrize(
    ("profile", "line"),
    [
        ({"pregnant": "false"}, 'profile: $.pregnant: expected true or false, got "false"'),
        ({"has": ["anticoagulant"]}, "profile: $.has[0]: unknown condition 'anticoagulant'"),
        ({"age": 200}, "profile: $.age: must be from 0 to 130, got 200"),
        ({"pregnent": True}, "profile: $: unknown key pregnent"),
        ('{"pregnant": tru}', "profile: invalid JSON"),
    ],
)
def test_a_bad_profile_is_an_error_naming_the_field(profile: Any, line: str) -> None:
    for tool, args in [
        ("compose_routine", {"conditions": ["insomnia"], "minutes": 5}),
        ("check_routine", {"points": ["HT7"]}),
        ("routine_card", {"conditions": ["insomnia"], "minutes": 5}),
    ]:
        text = error(tool, {**args, "profile": profile})
        assert line in text, text


def test_bad_constraints_and_budgets_are_errors() -> None:
    base = {"conditions": ["insomnia"], "minutes": 5}
    text = error("compose_routine", {**base, "constraints": {"positions": ["hanging"]}})
    assert "constraints: $.positions[0]: expected one of sitting, lying, standing" in text
    assert "minutes" in error("compose_routine", {**base, "minutes": 0})
    too_short = error("compose_routine", {**base, "minutes": 0.1})
    assert "too short" in too_short
    assert "conditions" in error("compose_routine", {**base, "conditions": []})


def test_check_points_for_a_pregnant_person() -> None:
    result = call("check_routine", {"points": ["LI4", "SP6", "HT7"], "profile": {"pregnant": True}})
    assert result["verdict"] == "avoid"
    assert {"LI4", "SP6"} <= set(result["removed"])
    assert [s["point"] for s in result["routine"]["steps"]] == ["HT7"]
    assert_safe_for(result, acupress.Profile(pregnant=True))


def test_check_a_routine_named_any_way() -> None:
    routine = {
        "name": "Mine",
        "conditions": ["Low back pain"],
        "steps": [{"point": "Hoku", "seconds": 45}, {"point": "UB-23", "seconds": 60}],
    }
    result = call("check_routine", {"routine": routine, "profile": {"pregnant": True}})
    assert [s["point"] for s in result["routine"]["steps"]] == ["BL23"]
    assert result["screening"] == ["low-back-pain"]
    assert_safe_for(result, acupress.Profile(pregnant=True))


def test_check_refuses_unclear_input() -> None:
    assert "give points or a routine" in error("check_routine", {})
    assert "give points or a routine" in error(
        "check_routine", {"points": ["LI4"], "routine": {"name": "x", "steps": []}}
    )
    text = error("check_routine", {"routine": {"name": "x", "steps": [{"point": "Nowhere"}]}})
    assert "routine: $.steps[0].point: no point matches 'Nowhere'" in text


def test_the_card_is_the_checked_composition() -> None:
    library = packed()
    card = call(
        "routine_card",
        {"conditions": ["low-back-pain"], "minutes": 6, "profile": {"pregnant": True}},
    )
    comp = acupress.compose(
        "low-back-pain", minutes=6, profile=acupress.Profile(pregnant=True), library=library
    )
    assert card == render.render_card(comp, library=library)
    assert card.startswith("<!doctype html>")
    text = html.unescape(card)
    for line in render.report_record(comp.safety, library)["advice"]:
        assert line in text
    assert "LI4" not in {s.point for s in comp.routine.steps}
    assert "LI4" in avoided(["low-back-pain"], acupress.Profile(pregnant=True))


def test_the_json_rpc_framing_in_memory_gives_the_same() -> None:
    calls: list[Call] = [
        ("compose_routine", {"conditions": ["migraine"], "minutes": 5, "profile": {"age": 70}}),
        ("compose_routine", {"conditions": ["migraine"], "minutes": 5, "profile": {"age": "70"}}),
    ]
    direct = call_all(calls)
    framed = call_all(calls, mode="legacy")
    assert [r.structured_content for r in framed] == [r.structured_content for r in direct]
    assert framed[0].structured_content is not None
    assert_safe_for(framed[0].structured_content, acupress.Profile(age=70))
    assert framed[1].is_error
    assert 'profile: $.age: expected an integer, got "70"' in _text(framed[1])


CONDITIONS = sorted(packed().conditions)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    profile=profiles(),
    conditions=st.lists(st.sampled_from(CONDITIONS), min_size=1, max_size=2, unique=True),
    minutes=st.sampled_from([1, 2.5, 5, 10, 30]),
    positions=st.lists(st.sampled_from(["sitting", "lying", "standing"]), min_size=1, unique=True),
)
def test_every_routine_a_tool_returns_is_safe_for_its_profile(
    profile: acupress.Profile, conditions: list[str], minutes: float, positions: list[str]
) -> None:
    from acupress._convert import unstructure

    data = {k: v for k, v in unstructure(profile).items() if v is not None}
    args = {
        "conditions": conditions,
        "minutes": minutes,
        "profile": data,
        "constraints": {"positions": positions},
    }
    composed, card = call_all([("compose_routine", args), ("routine_card", args)])
    event("refused" if composed.is_error else "composed")
    if composed.is_error:
        # The same refusal compose() itself gives, in its words.
        with pytest.raises(acupress.AcupressError) as info:
            acupress.compose(
                conditions,
                minutes=minutes,
                profile=profile,
                constraints=acupress.Constraints(positions=tuple(positions)),  # type: ignore[arg-type]
                library=packed(),
            )
        assert str(info.value) in _text(composed)
        assert card.is_error
        return
    record = composed.structured_content
    assert record is not None
    assert_safe_for(record, profile)
    assert not {s["point"] for s in record["steps"]} & avoided(conditions, profile)
    assert not card.is_error
    assert all(html.escape(line, quote=False) in _text(card) for line in record["safety"]["advice"])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(routine=routines(), profile=profiles())
def test_every_routine_checked_comes_back_safe_for_its_profile(
    routine: acupress.Routine, profile: acupress.Profile
) -> None:
    from acupress._convert import unstructure

    def plain(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: plain(v) for k, v in value.items() if v is not None}
        return [plain(v) for v in value] if isinstance(value, list | tuple) else value

    args = {"routine": plain(unstructure(routine)), "profile": plain(unstructure(profile))}
    (result,) = call_all([("check_routine", args)])
    event("refused" if result.is_error else "checked")
    if result.is_error:
        if "no condition matches" in _text(result):
            # A condition the library does not know: refused, as check() refuses it.
            with pytest.raises(acupress.UnknownConditionError):
                acupress.check(routine, profile, library=packed())
            return
        # Else only a side that does not fit the point (a midline point on one side, say).
        assert "routine: $.steps[" in _text(result)
        assert ".sides: " in _text(result)
        return
    record = result.structured_content
    assert record is not None
    assert_safe_for(record, profile)


# -- the command: over stdio, and without the extra ---------------------------------------------


def test_acupress_mcp_over_stdio(tmp_path: Path) -> None:
    env = {"ACUPRESS_CACHE_DIR": str(tmp_path / "cache")}
    params = StdioServerParameters(command=sys.executable, args=["-m", "acupress", "mcp"], env=env)
    pregnant = {"pregnant": True}

    async def run(errlog: Any) -> tuple[Any, ...]:
        async with Client(stdio_client(params, errlog=errlog)) as client:
            tools = await client.list_tools()
            found = await client.call_tool("find_conditions", {"text": "can't sleep"})
            composed = await client.call_tool(
                "compose_routine", {"conditions": ["insomnia"], "minutes": 5, "profile": pregnant}
            )
            bad = await client.call_tool(
                "compose_routine",
                {"conditions": ["insomnia"], "minutes": 5, "profile": {"pregnant": 1}},
            )
            return tools, found, composed, bad

    with tempfile.TemporaryFile("w+", encoding="utf-8") as errlog:
        tools, found, composed, bad = anyio.run(run, errlog)
        errlog.seek(0)
        logged = errlog.read()
    assert {t.name for t in tools.tools} == TOOLS
    assert found.structured_content["matches"][0]["id"] == "sleep-problems"
    assert not composed.is_error
    record = composed.structured_content
    assert_safe_for(record, acupress.Profile(pregnant=True))
    assert not {s["point"] for s in record["steps"]} & avoided(
        ["insomnia"], acupress.Profile(pregnant=True)
    )
    assert bad.is_error
    assert "profile: $.pregnant: expected true or false, got 1" in _text(bad)
    assert "Traceback" not in logged


def test_acupress_mcp_without_the_extra_says_how_to_install_it() -> None:
    code = (
        "import sys\n"
        "sys.modules['mcp'] = None  # as if the extra were not installed\n"
        "from acupress._cli.app import main\n"
        "sys.exit(main(['mcp']))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, stdin=subprocess.DEVNULL
    )
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr.splitlines() == [
        "acupress: the MCP server needs the mcp extra: pip install 'acupress[mcp]'"
    ]


def test_no_other_command_imports_the_sdk() -> None:
    code = (
        "import io, json, sys\n"
        "from acupress._cli.app import main\n"
        "for argv in (['conditions', '--format', 'json'], ['show', 'LI4', '--format', 'json'],\n"
        "             ['compose', 'insomnia', '--minutes', '3', '--format', 'json'],\n"
        "             ['screen', 'insomnia', '--questions', '--format', 'json'],\n"
        "             ['mcp', '--help']):\n"
        "    main(argv, stdout=io.StringIO(), stderr=io.StringIO())\n"
        "sdk = ('mcp', 'mcp_types', 'pydantic', 'acupress._mcp')\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith(sdk))))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(done.stdout.splitlines()[-1]) == []  # after the help text


def test_list_tools_checks_the_install(cli: Any) -> None:
    code, out, err = cli.run("mcp", "--list-tools")
    assert code == 0, err
    assert {line.split(":")[0] for line in out.splitlines()} == TOOLS
