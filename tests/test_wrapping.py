"""Text for a terminal: filled to its width with hanging indents, people's words, the guide's
step counter, find times and real length."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from hypothesis import given, strategies as st

import acupress
from acupress._cli.player import header, play
from acupress._guide import FIND_MAX, FIND_SECONDS, CueKind, find_seconds
from acupress.render import composition_text, point_record, point_text


def too_long(text: str, width: int) -> list[str]:
    """Lines longer than ``width`` that hold a place to break (a word too long may run over)."""
    return [line for line in text.splitlines() if len(line) > width and " " in line.strip()]


@given(width=st.integers(min_value=40, max_value=160))
def test_composition_text_fills_the_width(packed_library: acupress.Library, width: int) -> None:
    comp = acupress.compose("low-back-pain", minutes=10, library=packed_library)
    text = composition_text(comp, packed_library, width=width)
    assert too_long(text, width) == []
    words = re.sub(r"\s+", " ", text)
    for step in comp.routine.steps:
        location = packed_library.get(step.point).location.text
        assert location in words  # nothing lost to the filling


def test_composition_text_hangs_its_fields(packed_library: acupress.Library) -> None:
    comp = acupress.compose("low-back-pain", minutes=10, library=packed_library)
    lines = composition_text(comp, packed_library, width=60).splitlines()
    where = [i for i, line in enumerate(lines) if line.startswith("   Where: ")]
    assert len(where) == len(comp.routine.steps)
    continued = [lines[i + 1] for i in where if not lines[i + 1].startswith("   How: ")]
    assert continued
    assert all(line.startswith(" " * len("   Where: ")) for line in continued)
    assert all(not line[len("   Where: ")].isspace() for line in continued)


def test_default_width_is_88(packed_library: acupress.Library) -> None:
    comp = acupress.compose("insomnia", minutes=5, library=packed_library)
    text = composition_text(comp, packed_library)
    assert too_long(text, 88) == []
    assert max(len(line) for line in text.splitlines()) > 80


def test_reasons_name_the_condition_not_its_id(packed_library: acupress.Library) -> None:
    comp = acupress.compose("low-back-pain", minutes=10, library=packed_library)
    text = composition_text(comp, packed_library)
    assert "Why: low-back-pain:" not in text
    assert not re.search(r"Why: [a-z]+(?:-[a-z]+)+: ", text)
    two = acupress.compose(["low-back-pain", "sciatica"], minutes=10, library=packed_library)
    both = composition_text(two, packed_library, width=200)
    assert re.search(r"Why: (Low back pain|Sciatica): ", both)


def test_point_text_fills_the_width_and_names_conditions(
    packed_library: acupress.Library,
) -> None:
    record = point_record(packed_library.get("BL23"), packed_library, spellings=True)
    text = point_text(record, width=50, library=packed_library)
    assert too_long(text, 50) == []
    assert "Used for: Low back pain (back-pain pack):" in text
    assert "Used for: low-back-pain" not in text
    where = text.splitlines().index(next(x for x in text.splitlines() if "Where:" in x))
    assert text.splitlines()[where + 1].startswith(" " * len("  Where: "))


def test_the_command_line_fills_the_terminal_width(
    cli: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    for columns in (50, 120):
        monkeypatch.setenv("COLUMNS", str(columns))
        code, out, err = cli.run("show", "BL23", "--format", "text")
        assert code == 0, err
        assert too_long(out, columns) == []
        code, out, err = cli.run("compose", "insomnia", "--minutes", "5", "--format", "text")
        assert code == 0, err
        assert too_long(out, columns) == []
        assert max(len(line) for line in out.splitlines()) > columns - 12


# -- the guide ------------------------------------------------------------------------------------


@given(st.lists(st.sampled_from(["word", "longer-word", "a"]), max_size=400))
def test_the_find_time_grows_with_the_words_to_read(words: list[str]) -> None:
    text = " ".join(words)
    seconds = find_seconds(text)
    assert FIND_SECONDS <= seconds <= FIND_MAX
    assert find_seconds(text + " more" * 10) >= seconds
    if len(words) >= 10 * (FIND_MAX - FIND_SECONDS):
        assert seconds == FIND_MAX


def test_a_long_location_gets_more_time(packed_library: acupress.Library) -> None:
    comp = acupress.compose("low-back-pain", minutes=10, library=packed_library)
    finds = [c for c in acupress.timeline(comp, packed_library) if c.kind is CueKind.FIND]
    assert len({c.seconds for c in finds}) > 1
    for cue in finds:
        step = comp.routine.steps[cue.step]
        words = len(packed_library.get(step.point).location.text.split())
        words += len((step.note or "").split())
        assert cue.seconds == min(FIND_MAX, FIND_SECONDS + words // 10)


def test_the_guide_says_its_real_length_and_counts_the_steps(
    packed_library: acupress.Library,
) -> None:
    comp = acupress.compose("headache", minutes=2, library=packed_library)
    cues = list(acupress.timeline(comp, packed_library))
    steps = len(comp.routine.steps)
    out = io.StringIO()
    code = play(cues, steps, out, speed=1e6, sleep=lambda _s: None, title="Headache", width=60)
    assert code == 0
    text = out.getvalue()
    total = cues[-1].at
    assert total > comp.total_seconds  # finding and switching take time too ...
    clock = f"{int(total) // 60}:{int(total) % 60:02d}"
    first = text.splitlines()[:3]
    assert first[0] == "Headache"
    assert f"{steps} steps, {clock} in all" in " ".join(first)  # ... and the guide says so
    counted = re.findall(r"^Step (\d+) of (\d+)$", text, re.M)
    assert counted == [(str(k), str(steps)) for k in range(1, steps + 1)]
    assert too_long(text, 60) == []


def test_the_header_splits_pressing_from_finding(packed_library: acupress.Library) -> None:
    comp = acupress.compose("insomnia", minutes=3, library=packed_library)
    cues = list(acupress.timeline(comp, packed_library))
    words = header(cues, len(comp.routine.steps), width=200)
    pressing = comp.total_seconds
    assert f"{pressing // 60}:{pressing % 60:02d} of pressing" in words


def test_the_terminal_and_the_guide_use_people_s_words(sleep_library: acupress.Library) -> None:
    comp = acupress.compose("insomnia", minutes=30, library=sleep_library)
    assert "sleep:anmian" in {s.point for s in comp.routine.steps}
    cues = " ".join(c.text for c in acupress.timeline(comp, sleep_library))
    text = composition_text(comp, sleep_library)
    assert "sleep:" not in cues
    assert "Find Anmian" in cues
    # the terminal card heads each step with its code (a pack's id too, so every step can be
    # traced to the check), then its name; its reasons name no condition by id
    assert "sleep:anmian Anmian" in text
    for words in (cues, text):
        assert not re.search(r"\b[a-z]+(?:-[a-z]+)+: ", words)  # no "low-back-pain: ..."


@pytest.mark.parametrize("minutes", [2, 5, 10])
def test_the_guide_states_its_length_against_the_minutes_asked(
    packed_library: acupress.Library, minutes: int
) -> None:
    comp = acupress.compose("low-back-pain", minutes=minutes, library=packed_library)
    cues = list(acupress.timeline(comp, packed_library))
    slept: list[float] = []
    out = io.StringIO()
    play(cues, len(comp.routine.steps), out, sleep=slept.append, asked=comp.budget_seconds)
    total = cues[-1].at
    assert sum(slept) == pytest.approx(total)  # the session lasts what the header says ...
    assert comp.total_seconds <= comp.budget_seconds  # ... its pressing within the minutes ...
    clock = f"{int(total) // 60}:{int(total) % 60:02d}"
    first = " ".join(out.getvalue().splitlines()[:3])
    asked = f"{minutes}:00"
    # ... and when finding and switching run it over, it says so before the first cue
    assert total > comp.budget_seconds
    assert f"{clock} in all, more than the {asked} you asked for" in first
    short = header(cues[:1], 1, asked=comp.budget_seconds)  # a session of no length
    assert "within the" in short
