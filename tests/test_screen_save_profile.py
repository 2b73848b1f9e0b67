"""``dump_profile`` and ``acupress screen --save-profile``: the profile a screening leads to,
saved for ``--profile``, so that what the answers say about the person reaches the routine
composed after them on the command line too."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings

import acupress
from acupress import Profile, ProfileFacts, apply_screening, dump_profile, load_profile, screen

from .conftest import Cli, packed
from .test_parse_profile import profiles


@settings(max_examples=80, deadline=None)
@given(profiles())
def test_a_dumped_profile_reads_back_equal(profile: Profile) -> None:
    for fmt in ("toml", "json"):
        text = dump_profile(profile, fmt)
        assert acupress.parse_profile(text, library=packed()) == profile, (fmt, text)


def test_dump_profile_leaves_out_what_is_not_said_and_refuses_another_format() -> None:
    assert dump_profile(Profile()).strip() == ""
    assert dump_profile(Profile(), "json") == "{}\n"
    assert dump_profile(Profile(age=0)) == "age = 0\n"
    with pytest.raises(ValueError, match="yaml"):
        dump_profile(Profile(), "yaml")


def _steps(cli: Cli, *args: str) -> set[str]:
    code, data, err = cli.json("compose", *args)
    assert code == 0, err
    return {s["point"] for s in data["steps"]}


@pytest.mark.parametrize("suffix", [".toml", ".json"])
def test_screen_saves_the_profile_with_what_the_answers_imply(
    cli: Cli, tmp_path: Path, suffix: str
) -> None:
    saved = tmp_path / f"me{suffix}"
    code, _data, err = cli.json(
        "screen",
        "period-pain",
        "--answer",
        "pp-could-be-pregnant=yes",
        "--answer-only",
        "--age",
        "30",
        "--has",
        "anticoagulants",
        "--save-profile",
        str(saved),
    )
    assert code == 3, err  # the other questions stay unanswered
    assert "saved the profile" in err
    expected = apply_screening(
        Profile(age=30, has=("anticoagulants",)),
        screen("period-pain", {"pp-could-be-pregnant": "yes"}, library=packed()),
    )
    assert expected.possibly_pregnant
    assert load_profile(saved, packed()) == expected
    # The saved profile leaves out what the answer says to leave out; without it, SP6 is in.
    assert "SP6" in _steps(cli, "period-pain", "--minutes", "15")
    assert not {"SP6", "LI4"} & _steps(
        cli, "period-pain", "--minutes", "15", "--profile", str(saved)
    )


def test_screen_adds_to_a_profile_file_and_never_takes_from_it(cli: Cli, tmp_path: Path) -> None:
    before = tmp_path / "before.toml"
    before.write_text(dump_profile(Profile(pregnant=True, pregnancy_weeks=30, age=34)))
    after = tmp_path / "after.toml"
    code, _out, err = cli.run(
        "screen",
        "headache",
        "--answer",
        "headache-after-birth=yes",
        "--answer-only",
        "--profile",
        str(before),
        "--save-profile",
        str(after),
        "--format",
        "json",
    )
    assert code == 3, err
    assert load_profile(after, packed()) == Profile(
        pregnant=True, pregnancy_weeks=30, age=34, postpartum=True
    )


def test_the_profile_is_saved_when_the_answers_run_out(cli: Cli, tmp_path: Path) -> None:
    saved = tmp_path / "me.toml"
    # One answer on stdin (the first question), then end of input.
    code, _out, err = cli.run(
        "screen",
        "headache",
        "--answer",
        "headache-pregnancy=yes",
        "--save-profile",
        str(saved),
        "--format",
        "json",
        stdin="n\n",
    )
    assert code == 3, err
    assert "end of input" in err
    assert load_profile(saved, packed()).pregnant


def test_profile_options_without_save_profile_are_a_usage_error(cli: Cli) -> None:
    code, out, err = cli.run("screen", "headache", "--pregnant", "--answer-only")
    assert code == 2
    assert out == ""
    assert "--save-profile FILE" in err


@pytest.mark.parametrize("where", ["missing/me.toml", "."])
def test_a_save_profile_that_cannot_be_written_is_refused_before_any_question(
    cli: Cli, tmp_path: Path, where: str
) -> None:
    target = tmp_path / where
    code, out, err = cli.run("screen", "headache", "--save-profile", str(target), stdin="y\n" * 40)
    assert code == 2
    assert out == ""
    assert "--save-profile" in err
    assert "?" not in err  # no question was asked


def test_a_flag_with_nothing_to_imply_saves_the_profile_as_given(cli: Cli, tmp_path: Path) -> None:
    saved = tmp_path / "me.json"
    code, _out, err = cli.run(
        "screen",
        "headache",
        "--answer",
        "headache-thunderclap=yes",
        "--age",
        "40",
        "--save-profile",
        str(saved),
        "--format",
        "json",
    )
    assert code == 3, err  # an emergency stops the questions
    assert load_profile(saved, packed()) == Profile(age=40)
    assert screen("headache", {"headache-thunderclap": "yes"}, library=packed()).implies == (
        ProfileFacts()
    )
