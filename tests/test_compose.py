"""The composer: within budget, never unsafe, optimal, deterministic, explained; the guide."""

from __future__ import annotations

import io
import itertools
import json
import math
import random
from typing import Any

import pytest
from hypothesis import given, settings, strategies as st

import acupress
from acupress import (
    ComposeError,
    Composition,
    Constraints,
    CueKind,
    Position,
    Profile,
    Region,
    Severity,
    Sides,
    compose,
)
from acupress._cli.player import play
from acupress._compose import candidates as C, composer as composer_module
from acupress._compose.knapsack import solve
from acupress._guide import timeline
from acupress.testing import synthetic_pack

from .conftest import Cli, packed

CONDITIONS = sorted(packed().conditions)


def _positions_grouped(comp: Composition) -> bool:
    order = [C.POSITION_ORDER.index(e.position) for e in comp.explanations]
    return order == sorted(order)


profiles = st.builds(
    Profile,
    pregnant=st.booleans(),
    age=st.none() | st.integers(5, 95),
    has=st.lists(
        st.sampled_from(
            [
                "dvt",
                "anticoagulants",
                "osteoporosis",
                "neuropathy",
                "hip-replacement",
                "varicose-veins",
            ]
        ),
        max_size=3,
        unique=True,
    ).map(tuple),
    broken_skin=st.lists(st.sampled_from(list(Region)), max_size=2).map(tuple),
    ate_recently=st.booleans(),
)
constraints = st.builds(
    Constraints,
    partner=st.booleans(),
    tools=st.sampled_from([(), ("tennis-ball",)]),
    positions=st.lists(st.sampled_from(list(Position)), min_size=1, max_size=3, unique=True).map(
        tuple
    ),
    max_points=st.none() | st.integers(1, 8),
    sides=st.sampled_from([Sides.BOTH, Sides.LEFT]),
)


@settings(max_examples=150)
@given(st.sampled_from(CONDITIONS), st.integers(1, 30), profiles, constraints)
def test_composition_invariants(
    packed_library: acupress.Library,
    condition: str,
    minutes: int,
    profile: Profile,
    limits: Constraints,
) -> None:
    try:
        comp = compose(
            condition, minutes=minutes, profile=profile, constraints=limits, library=packed_library
        )
    except ComposeError:
        return  # an impossible request is reported, never a routine over budget
    assert comp.total_seconds <= minutes * 60
    assert not any(f.severity is Severity.AVOID for f in comp.safety.findings)
    for step in comp.routine.steps:
        findings = packed_library.safety.evaluate(step.point, profile, step.technique.contact)
        assert all(f.severity is not Severity.AVOID for f in findings)
        for f in findings:
            if f.pressure_cap is not None:
                assert step.technique.pressure.rank <= f.pressure_cap.rank
    if limits.max_points is not None:
        assert len(comp.routine.steps) <= limits.max_points
    assert len({s.point for s in comp.routine.steps}) == len(comp.routine.steps)
    assert _positions_grouped(comp)
    assert {e.position for e in comp.explanations} <= set(limits.positions)
    chosen = {s.point for s in comp.routine.steps}
    assert not chosen & {e.point for e in comp.excluded}
    again = compose(
        condition, minutes=minutes, profile=profile, constraints=limits, library=packed_library
    )
    assert again == comp  # same inputs, same routine


# -- optimality against brute force -----------------------------------------------------


@st.composite
def option_sets(draw: st.DrawFn) -> tuple[list[C.Option], int, int | None]:
    dosing = acupress.Dosing(
        point="LI4", technique=acupress.Technique(), min_seconds=10, max_seconds=100
    )
    points = draw(st.integers(1, 5))
    options = []
    for p in range(points):
        for _ in range(draw(st.integers(1, 3))):
            cost = draw(st.integers(1, 12))
            options.append(C.Option(f"P{p}", cost, draw(st.floats(0.1, 10)), cost * 5, dosing))
    return options, draw(st.integers(0, 25)), draw(st.none() | st.integers(1, 4))


def _brute_force(options: list[C.Option], budget: int, cap: int | None) -> float:
    by_point: dict[str, list[C.Option | None]] = {}
    for o in options:
        by_point.setdefault(o.point, [None]).append(o)
    best = 0.0
    for combo in itertools.product(*by_point.values()):
        picked = [o for o in combo if o is not None]
        if sum(o.cost for o in picked) <= budget and (cap is None or len(picked) <= cap):
            best = max(best, sum(o.value for o in picked))
    return best


@settings(max_examples=300)
@given(option_sets())
def test_solver_is_optimal(case: tuple[list[C.Option], int, int | None]) -> None:
    options, budget, cap = case
    most = budget if cap is None else min(budget, cap)
    chosen = solve(C.prune(options, most), budget, cap)
    assert sum(o.cost for o in chosen) <= budget
    assert len({o.point for o in chosen}) == len(chosen)
    assert math.isclose(
        sum(o.value for o in chosen), _brute_force(options, budget, cap), rel_tol=1e-9, abs_tol=1e-9
    )


def _composer_objective(comp: Composition, library: acupress.Library) -> float:
    """The value the composer says its routine has (the brute force below recomputes it)."""
    total = 0.0
    for step in comp.routine.steps:
        total += next(e.value for e in comp.explanations if e.point == step.point)
    return total


@settings(max_examples=80, deadline=None)
@given(
    st.integers(2, 6),
    st.integers(0, 10_000),
    st.integers(1, 4),
    st.none() | st.sampled_from(list(Region)),
    st.sampled_from([Sides.BOTH, Sides.LEFT]),
    st.none() | st.integers(1, 3),
    st.lists(st.sampled_from(list(Position)), min_size=1, max_size=3, unique=True),
)
def test_composer_matches_brute_force_on_small_libraries(
    n: int,
    seed: int,
    minutes: int,
    ruled_out: Region | None,
    sides_allowed: Sides,
    max_points: int | None,
    positions: list[Position],
) -> None:
    pack = synthetic_pack(n, seed=seed)
    library = acupress.Library.build([pack], discover=False)
    budget = minutes * 60
    # Every candidate's options, valued as the module docs define it: a point on broken skin or
    # done in a position not allowed is no candidate, and does not count in its region's rank.
    weights = {"tradition": 1, "trial": 2}
    cands = sorted(
        ((ind.priority * weights[ind.references[0]], ind.point) for ind in pack.indications),
        key=lambda t: (-t[0], t[1]),
    )
    rank: dict[Region, int] = {}
    choices = []
    for base, code in cands:
        point = library.points[code]
        d = next(d for d in pack.dosing if d.point == code)
        if point.region is ruled_out or d.position not in positions:
            continue
        r = rank.get(point.region, 0)
        rank[point.region] = r + 1
        value = base * 0.7**r
        sides = 2 if point.bilateral and sides_allowed is Sides.BOTH else 1
        grid = sorted({*range(d.min_seconds, d.max_seconds + 1, 15), d.max_seconds})
        opts: list[tuple[int, float] | None] = [None]
        for sec in grid:
            frac = (
                (sec - d.min_seconds) / (d.max_seconds - d.min_seconds)
                if d.max_seconds > d.min_seconds
                else 1.0
            )
            opts.append((math.ceil(sec * sides / 5) * 5, value * (0.75 + 0.25 * frac)))
        choices.append(opts)
    best = 0.0
    for combo in itertools.product(*choices):
        picked = [c for c in combo if c is not None]
        fits = max_points is None or len(picked) <= max_points
        if fits and sum(c[0] for c in picked) <= budget:
            best = max(best, sum(c[1] for c in picked))
    profile = Profile(broken_skin=(ruled_out,) if ruled_out is not None else ())
    limits = Constraints(positions=tuple(positions), sides=sides_allowed, max_points=max_points)
    try:
        comp = compose(
            "synthetic-goal", minutes=minutes, profile=profile, constraints=limits, library=library
        )
    except ComposeError:
        assert best == 0.0, "the composer gave up where some point fits"
        return
    assert math.isclose(_composer_objective(comp, library), best, rel_tol=1e-3), (best, comp)


def test_pruning_changes_nothing_on_a_large_library() -> None:
    library = acupress.Library.build([synthetic_pack(400, seed=7)], discover=False)
    pruned = compose("synthetic-goal", minutes=6, library=library)
    options = []
    cands, _least, _regions = C.candidate_index(library, ("synthetic-goal",))
    rank: dict[Region, int] = {}
    for code, cand in cands.items():
        r = rank.get(cand.point.region, 0)
        rank[cand.point.region] = r + 1
        value = cand.base * composer_module.REGION_DECAY**r
        count = 2 if cand.point.bilateral else 1
        for d, durations in cand.dosings:
            for sec in durations:
                options.append(
                    C.Option(code, -(-sec * count // C.UNIT), value * C.hold_share(d, sec), sec, d)
                )
    full = solve(options, 6 * 60 // C.UNIT, None)
    assert math.isclose(
        sum(e.value for e in pruned.explanations), sum(o.value for o in full), rel_tol=1e-3
    )


# -- impossible requests and explanations -------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"minutes": 0}, "more than 0 minutes"),
        ({"minutes": -3}, "more than 0 minutes"),
        ({"minutes": "ten"}, "a number of minutes"),
        ({"minutes": float("nan")}, "a number of minutes"),
        ({"minutes": 0.1}, "too short"),
        (
            {
                "minutes": 10,
                "profile": Profile(
                    pregnant=True,
                    has=("dvt", "neuropathy"),
                    ate_recently=True,
                    broken_skin=tuple(Region),
                ),
            },
            "can be used",
        ),
    ],
)
def test_impossible_requests(
    packed_library: acupress.Library, kwargs: dict[str, Any], message: str
) -> None:
    with pytest.raises(ComposeError, match=message):
        compose("low-back-pain", library=packed_library, **kwargs)


def test_unknown_condition_suggests(packed_library: acupress.Library) -> None:
    with pytest.raises(acupress.UnknownConditionError, match="low-back-pain"):
        compose("low-bak-pain", minutes=5, library=packed_library)


def test_explanations_and_exclusions(packed_library: acupress.Library) -> None:
    comp = compose(
        "low-back-pain", minutes=10, profile=Profile(pregnant=True), library=packed_library
    )
    chosen = {s.point for s in comp.routine.steps}
    assert "LI4" not in chosen
    reasons = {e.point: e for e in comp.excluded}
    assert reasons["LI4"].rules == ("pregnancy-traditional-points",)
    rule = next(r for r in packed_library.safety.rules if r.id == "pregnancy-traditional-points")
    assert reasons["LI4"].reason == rule.message  # the rule's own words, not its id
    assert "tennis-ball" in reasons["GB30"].reason
    assert reasons["GB30"].rules == ()
    assert comp.explanations
    for e in comp.explanations:
        assert e.why
        assert e.evidence
    with_ball = compose(
        "low-back-pain",
        minutes=10,
        constraints=Constraints(tools=("tennis-ball",)),
        library=packed_library,
    )
    assert "GB30" not in {e.point for e in with_ball.excluded if "tennis" in e.reason}


def test_main_job_fits_ten_minutes(packed_library: acupress.Library) -> None:
    comp = compose("low-back-pain", minutes=10, library=packed_library)
    assert 540 <= comp.total_seconds <= 600
    assert len(comp.routine.steps) >= 4


# -- timeline and guide -------------------------------------------------------------------


def test_timeline_cues(packed_library: acupress.Library) -> None:
    comp = compose("headache", minutes=3, library=packed_library)
    routine = comp.routine
    cues = list(timeline(comp, packed_library))
    advice = [c for c in cues if c.kind is CueKind.ADVICE]
    assert [c.text for c in advice][1:] == list(comp.safety.advice)
    assert "acupress screen headache" in advice[0].text
    assert cues[len(advice)].kind is CueKind.FIND
    assert cues[-1].kind is CueKind.DONE
    assert all(b.at >= a.at for a, b in itertools.pairwise(cues))
    pressing = sum(c.seconds for c in cues if c.kind in (CueKind.PRESS, CueKind.BREATHE))
    resting = sum(c.seconds for c in cues if c.kind is CueKind.RELEASE)
    assert pressing + resting == routine.total_seconds
    both = [s for s in routine.steps if s.sides is Sides.BOTH]
    assert both
    assert len([c for c in cues if c.kind is CueKind.SWITCH]) == len(both)
    assert list(acupress.timeline(comp, library=packed_library)) == cues
    assert list(acupress.timeline(comp.safety, library=packed_library)) == cues


def test_guide_plays_and_stops_cleanly(packed_library: acupress.Library) -> None:
    comp = compose("headache", minutes=3, library=packed_library)
    routine = comp.routine
    out = io.StringIO()
    assert (
        play(
            list(timeline(comp, packed_library)),
            len(routine.steps),
            out,
            speed=1e6,
            sleep=lambda _s: None,
        )
        == 0
    )
    assert "Done." in out.getvalue()
    calls = {"n": 0}

    def interrupted(_s: float) -> None:
        calls["n"] += 1
        if calls["n"] > 200:
            raise KeyboardInterrupt

    out = io.StringIO()
    assert (
        play(list(timeline(comp, packed_library)), len(routine.steps), out, sleep=interrupted)
        == 130
    )
    assert "Stopped at step" in out.getvalue()


# -- command line -------------------------------------------------------------------------


def test_cli_compose(cli: Cli, tmp_path: Any) -> None:
    acupress.refresh()
    code, out, err = cli.run("compose", "low-back-pain", "--minutes", "10", "--format", "json")
    assert code == 0, f"is the back-pain pack installed? {err}"
    data = json.loads(out)
    assert set(data) >= {"conditions", "total_seconds", "steps", "excluded", "safety"}
    assert data["total_seconds"] <= 600
    assert set(data["steps"][0]) >= {"point", "technique", "seconds", "sides", "why"}
    saved = tmp_path / "r.toml"
    code, out, _ = cli.run(
        "compose",
        "low-back-pain",
        "--minutes",
        "4",
        "--pregnant",
        "--save",
        str(saved),
        "--format",
        "markdown",
    )
    assert code == 0
    assert out.startswith("# ")
    code, out, _ = cli.run("check", str(saved), "--pregnant", "--format", "json")
    assert json.loads(out)["verdict"] != "avoid"
    code, out, _ = cli.run("guide", str(saved), "--format", "json")
    assert json.loads(out)[-1]["kind"] == "done"


@pytest.mark.parametrize(
    "argv",
    [
        ("compose", "low-back-pain", "--minutes", "abc"),
        ("compose", "low-back-pain", "--minutes", "0"),
        ("compose", "low-back-pain", "--minutes", "0.05"),
        ("compose", "no-such-thing", "--minutes", "5"),
        ("compose", "low-back-pain", "--minutes", "5", "--max-points", "0"),
        ("guide",),
        ("guide", "--compose", "low-back-pain", "--minutes", "5", "--speed", "0"),
        ("guide", "--compose", "low-back-pain", "--minutes", "5", "--speed", "nan"),
    ],
)
def test_cli_compose_bad_input(cli: Cli, argv: tuple[str, ...]) -> None:
    code, out, err = cli.run(*argv, "--format", "json")
    assert code != 0
    assert out == ""
    assert err.count("\n") == 1, err
    assert "Traceback" not in err


def test_guide_plays_only_what_the_check_allows_for_the_person(cli: Cli, tmp_path: Any) -> None:
    routine = tmp_path / "mine.toml"
    routine.write_text(
        'name = "Mine"\n'
        '[[steps]]\npoint = "LI4"\nseconds = 30\n'
        '[[steps]]\npoint = "BL40"\nseconds = 30\n'
        '[[steps]]\npoint = "GV20"\nseconds = 30\n'
        '[steps.technique]\npressure = "firm"\n',
        encoding="utf-8",
    )
    code, cues, err = cli.json("guide", str(routine))
    assert code == 0
    assert {c["text"].split(" ")[1] for c in cues if c["kind"] == "find"} == {"LI4", "BL40", "GV20"}
    code, cues, err = cli.json("guide", str(routine), "--pregnant", "--has", "dvt")
    assert code == 0, err
    played = {c["text"].split(" ")[1] for c in cues if c["kind"] == "find"}
    assert played == {"GV20"}
    assert "left out for this profile: LI4, BL40" in err
    code, cues, err = cli.json("guide", str(routine), "--has", "anticoagulants")
    assert code == 0, err
    presses = [c["text"] for c in cues if c["kind"] == "press"]
    assert presses
    assert all("firm" not in text for text in presses)
    only_li4 = tmp_path / "li4.toml"
    only_li4.write_text('name = "x"\n[[steps]]\npoint = "LI4"\nseconds = 30\n', encoding="utf-8")
    code, out, err = cli.run("guide", str(only_li4), "--pregnant", "--format", "json")
    assert code == 1
    assert out == ""
    assert "nothing to play" in err


def test_random_seed_determinism() -> None:
    rng = random.Random(3)
    library = acupress.Library.build([synthetic_pack(300, seed=rng.randint(0, 99))], discover=False)
    first = compose("synthetic-goal", minutes=8, library=library)
    assert compose("synthetic-goal", minutes=8, library=library) == first


def test_cli_pictures(cli: Cli, tmp_path: Any) -> None:
    import xml.etree.ElementTree as ET

    acupress.refresh()
    code, out, err = cli.run("compose", "low-back-pain", "--minutes", "5", "--format", "html")
    assert code == 0, f"is the back-pain pack installed? {err}"
    assert out.startswith("<!doctype html>")
    assert "<script" not in out.lower()
    code, out, _ = cli.run("compose", "low-back-pain", "--minutes", "5", "--format", "svg")
    assert code == 0
    assert ET.fromstring(out).tag.endswith("svg")
    code, out, _ = cli.run("map", "Hoku", "UB 23", "--view", "back")
    assert code == 0
    assert 'data-point="BL23"' in out
    code, out, err = cli.run("map", "LI4", "--view", "ceiling")
    assert code == 2
    assert "unknown view" in err
    saved = tmp_path / "r.toml"
    cli.run("compose", "headache", "--minutes", "3", "--save", str(saved), "--format", "json")
    code, out, _ = cli.run("card", str(saved), "--pregnant")
    assert code == 0
    assert "pregnan" in out.lower()


def test_a_composed_steps_position_is_its_field_and_is_shown_not_folded_into_its_note() -> None:
    from acupress.render import composition_record, composition_text

    library = packed()
    comp = acupress.compose("low-back-pain", minutes=10, library=library)
    positions = {"sitting", "lying", "standing"}
    for step in comp.routine.steps:
        assert step.position is not None
        assert (step.note or "").split(";")[0] not in positions, step.note
    text = composition_text(comp, library, width=200)
    first = comp.routine.steps[0]
    assert f"({first.position.value}; {first.note})" in text  # said when shown
    record = composition_record(comp, library)
    assert record["steps"][0]["position"] == first.position.value
