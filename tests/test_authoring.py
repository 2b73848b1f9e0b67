"""Pack authoring: ``new-pack``, the pytest plugin, ``rules``, ``routines``, ``guide --routine``
and ``check()`` of a pack's ready-made routine (through the same safety check as any routine)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from importlib.metadata import entry_points
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

import acupress
from acupress import Profile
from acupress._scaffold import PACK_NAME, new_pack
from acupress.testing import assert_valid_pack

from .conftest import Cli, packed
from .test_gate import profiles

ENV = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}


def _pytest(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run pytest in ``folder`` in a fresh process (as a pack author would)."""
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *args],
        cwd=folder,
        capture_output=True,
        text=True,
        env=ENV,
        timeout=120,
        check=False,
    )


# -- new-pack -------------------------------------------------------------------------------


def test_new_pack_validates_and_passes_its_own_tests(cli: Cli, tmp_path: Path) -> None:
    code, out, err = cli.run("new-pack", "neck-pain", "--dir", str(tmp_path))
    assert code == 0, err
    root = tmp_path / "neck-pain"
    assert f"created {root}" in out
    pack = root / "src" / "acupress_pack_neck_pain" / "pack.toml"
    assert pack.is_file()
    assert (root / "tests" / "test_pack.py").is_file()
    assert (root / "README.md").is_file()
    # Valid with no warning, as acupress validate --strict sees it ...
    code, out, err = cli.run("validate", str(root), "--strict", "--format", "text")
    assert code == 0, out + err
    assert "warning" not in out
    # ... and its own tests pass, found by the pytest plugin with no conftest.py.
    run = _pytest(root)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "4 passed" in run.stdout
    # The entry point is named as the pack's id, as the loader demands.
    import tomllib

    project = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["entry-points"]["acupress.packs"] == {
        "neck-pain": "acupress_pack_neck_pain"
    }
    # The example's routine and red flag go through the library like any pack's.
    library = acupress.Library.build([pack], discover=False, strict=True)
    [(_pack, template)] = library.routines()
    assert all(step.position is not None for step in template.steps)
    assert [q.id for _, q in acupress.questions("neck-pain", library=library)] == [
        "neck-pain-emergency"
    ]


def test_new_pack_installs_with_pip_and_loads(tmp_path: Path) -> None:
    root = new_pack("e2e-pack", tmp_path)
    target = tmp_path / "site"
    install = subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(target),
         str(root)],
        capture_output=True, text=True, timeout=120, check=False, env=ENV,
    )  # fmt: skip
    assert install.returncode == 0, install.stderr
    env = {**ENV, "PYTHONPATH": str(target), "ACUPRESS_PACKS": "e2e-pack"}
    env.pop("ACUPRESS_NO_PACKS", None)
    shown = subprocess.run(
        [sys.executable, "-m", "acupress", "packs", "--format", "json"],
        capture_output=True, text=True, timeout=60, check=False, env=env,
    )  # fmt: skip
    assert shown.returncode == 0, shown.stderr
    [status] = json.loads(shown.stdout)
    assert status["name"] == "e2e-pack"
    assert status["status"] == "ok", status
    assert status["distribution"] == "acupress-pack-e2e-pack"


def test_new_pack_refuses_an_existing_folder_and_overwrites_nothing(
    cli: Cli, tmp_path: Path
) -> None:
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "keep.txt").write_text("mine", encoding="utf-8")
    code, out, err = cli.run("new-pack", "mine", "--dir", str(tmp_path))
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1
    assert "already exists" in err
    assert sorted(p.name for p in (tmp_path / "mine").iterdir()) == ["keep.txt"]
    code, _out, err = cli.run("new-pack", "x", "--dir", str(tmp_path / "nowhere"))
    assert code == 2
    assert "is not a folder" in err


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=12))
def test_new_pack_refuses_every_name_that_is_not_a_pack_id(name: str) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        if PACK_NAME.fullmatch(name) and name not in ("acupress", "core"):
            root = new_pack(name, folder)
            assert_valid_pack(root / "src" / f"acupress_pack_{name.replace('-', '_')}")
        else:
            with pytest.raises(ValueError, match=r"pack id|acupress itself"):
                new_pack(name, folder)
            assert os.listdir(folder) == []


@pytest.mark.parametrize("name", ["Neck", "neck_pain", "neck-", "neck--pain", "1neck"])
def test_new_pack_names_the_problem(cli: Cli, tmp_path: Path, name: str) -> None:
    code, _out, err = cli.run("new-pack", name, "--dir", str(tmp_path))
    assert code == 2
    assert "is not a pack id" in err
    assert "Traceback" not in err


# -- the pytest plugin ----------------------------------------------------------------------


def test_the_testing_module_is_a_pytest_plugin() -> None:
    plugins = {ep.name: ep.value for ep in entry_points(group="pytest11")}
    assert plugins.get("acupress.testing") == "acupress.testing"


def test_the_plugin_and_pytest_plugins_together_are_one_plugin(tmp_path: Path) -> None:
    # A conftest that still names the plugin (as the docs once said) must not register it twice.
    (tmp_path / "conftest.py").write_text('pytest_plugins = ["acupress.testing"]\n', "utf-8")
    (tmp_path / "test_it.py").write_text(
        "import acupress\n\n"
        "def test_fixtures(fake_pack, pack_library):\n"
        "    assert isinstance(pack_library(), acupress.Library)\n",
        encoding="utf-8",
    )
    run = _pytest(tmp_path)
    assert run.returncode == 0, run.stdout + run.stderr
    run = _pytest(tmp_path, "-p", "no:acupress.testing", "test_it.py", "--noconftest")
    assert run.returncode != 0  # turned off, the fixtures are gone
    assert "fixture 'fake_pack' not found" in run.stdout


def test_pack_library_fails_with_every_problem(pack_library: object, tmp_path: Path) -> None:
    bad = tmp_path / "pack.toml"
    bad.write_text("schema = 1\nid = 'x'\n", encoding="utf-8")
    with pytest.raises(acupress.PackError, match="required key is missing"):
        pack_library(bad)  # type: ignore[operator]


# -- rules ----------------------------------------------------------------------------------


def test_rules_lists_core_and_pack_rules_with_their_points(cli: Cli) -> None:
    code, records, _ = cli.json("rules")
    assert code == 0
    by_id = {r["id"]: r for r in records}
    core = acupress.Library.standard().safety.rules
    assert {r.id for r in core} <= set(by_id)
    assert by_id[core[0].id]["pack"] == "core"
    ball = by_id["back-pain:no-ball-on-fragile-spine"]
    assert ball["pack"] == "back-pain"
    assert ball["tightens"] == "fragile-spine"
    assert ball["contacts"] == ["ball-floor", "ball-wall"]
    assert "BL23" in ball["covers"]["points"]  # the lumbosacral group, expanded
    code, only, _ = cli.json("rules", "--pack", "back-pain")
    assert {r["pack"] for r in only} == {"back-pain"}
    code, core_only, _ = cli.json("rules", "--pack", "core")
    assert {r["pack"] for r in core_only} == {"core"}
    assert len(core_only) == len(core)


def test_rules_for_a_point_are_those_that_may_cover_it(cli: Cli) -> None:
    code, records, _ = cli.json("rules", "--point", "Hegu")  # any name of LI4
    assert code == 0
    assert records
    for r in records:
        assert r["covers"]["kind"] in ("all", "profile-regions") or "LI4" in r["covers"]["points"]
    library = acupress.Library.standard()
    avoid_in_pregnancy = acupress.check(["LI4"], Profile(pregnant=True), library=library)
    assert {f.rule for f in avoid_in_pregnancy.findings} <= {r["id"] for r in records}


def test_rules_text_and_bad_options(cli: Cli) -> None:
    code, out, _ = cli.run("rules", "--pack", "back-pain", "--format", "text")
    assert code == 0
    assert "back-pain:no-ball-on-fragile-spine  (back-pain: avoid, tightens fragile-spine)" in out
    assert "covers: " in out
    code, _out, err = cli.run("rules", "--pack", "back-pian")
    assert code == 2
    assert "did you mean 'back-pain'?" in err
    code, _out, err = cli.run("rules", "--point", "XX99")
    assert code == 1
    assert "Traceback" not in err


# -- routines -------------------------------------------------------------------------------


def test_routines_lists_the_ready_made_routines(cli: Cli) -> None:
    code, records, _ = cli.json("routines")
    assert code == 0
    ids = {r["id"] for r in records}
    assert {"tension-five", "back-pain-desk", "wind-down"} <= ids
    code, records, _ = cli.json("routines", "Low back pain")  # a condition named any way
    assert code == 0
    assert {r["pack"] for r in records} == {"back-pain"}
    # Named, never shown: no step reaches a person before the check for their profile.
    for r in records:
        assert set(r) == {"id", "pack", "name", "conditions", "description", "seconds"}
    code, out, _ = cli.run("routines", "--format", "text")
    assert "acupress guide --routine ID" in out
    code, _out, err = cli.run("routines", "low-back-pian")
    assert code == 1
    assert "low-back-pain" in err


# -- guide --routine and check() of a template: the same safety check ----------------------


def _cues(cli: Cli, *argv: str) -> tuple[int, list[dict[str, object]], str]:
    code, out, err = cli.run("guide", *argv, "--format", "json")
    return code, json.loads(out) if out else [], err


def test_guide_routine_is_checked_for_the_profile(cli: Cli) -> None:
    code, cues, err = _cues(cli, "--routine", "tension-five", "--pregnant")
    assert code == 0, err
    assert "left out for this profile: LI4" in err
    library = acupress.load()
    [(_, template)] = [(p, t) for p, t in library.routines() if t.id == "tension-five"]
    safe = acupress.check(template, Profile(pregnant=True), library=library).routine
    assert "LI4" not in safe.points
    pressed = [str(c["text"]).split()[1] for c in cues if c["kind"] == "press"]
    assert list(dict.fromkeys(pressed)) == list(safe.points)


def test_guide_routine_usage_errors(cli: Cli, tmp_path: Path) -> None:
    for argv, message in [
        (("--routine", "tension-fiv"), "did you mean 'tension-five'?"),
        (("--routine", "tension-five", "--compose", "headache"), "give one of"),
        (("--routine", "tension-five", "--minutes", "3"), "--minutes only apply with --compose"),
        (("--routine", "tension-five", "--has", "anticoagulant"), "did you mean 'anticoagulants'"),
    ]:
        code, _out, err = cli.run("guide", *argv, "--format", "json")
        assert code == 2, (argv, err)
        assert message in err, err


def test_guide_routine_takes_the_pack_qualified_id(cli: Cli) -> None:
    code, cues, err = _cues(cli, "--routine", "headache:tension-five", "--speed", "100")
    assert code == 0, err
    assert cues


TEMPLATES = [t for _, t in packed().routines()]


@settings(max_examples=60, deadline=None)
@given(template=st.sampled_from(TEMPLATES), profile=profiles)
def test_check_of_a_template_is_the_check_of_its_routine(
    template: acupress.RoutineTemplate, profile: Profile
) -> None:
    library = packed()
    as_routine = acupress.Routine(
        name=template.name,
        steps=template.steps,
        conditions=template.conditions,
        description=template.description,
    )
    refused: list[str] = []
    try:
        from_template = acupress.check(template, profile, library=library)
    except acupress.ComposeError as exc:
        refused.append(str(exc))
    if refused:
        # Below the age its conditions were studied in (a child and a fatigue routine, say), or
        # period pain in pregnancy: the routine is refused in the very same words.
        with pytest.raises(acupress.ComposeError) as same:
            acupress.check(as_routine, profile, library=library)
        assert [str(same.value)] == refused
        if profile.pregnant and any(
            library.conditions[c].not_in_pregnancy for c in template.conditions
        ):
            return  # period pain in pregnancy (tests/test_not_in_pregnancy.py)
        assert profile.age is not None
        assert profile.age < 18
        return
    assert from_template == acupress.check(as_routine, profile, library=library)
    # And what it gives passes the gate every output goes through.
    from acupress._gate import checked_report

    assert checked_report(from_template, library) is from_template


# -- writing-a-pack.md shows its example inline -----------------------------------------------

DOCS = Path(__file__).resolve().parent.parent / "docs"
PAGE = DOCS / "writing-a-pack.md"


def _inline_files() -> list[tuple[str, str]]:
    """Each ``<!-- the file: PATH -->`` of the page and the fenced block right after it."""
    text = PAGE.read_text(encoding="utf-8")
    pattern = r"^<!-- the file: (\S+) -->\n```\w*\n(.*?)^```$"
    return [(m[1], m[2]) for m in re.finditer(pattern, text, re.DOTALL | re.MULTILINE)]


def test_the_page_shows_the_example_pack_inline_as_it_is_in_the_repository() -> None:
    shown = dict(_inline_files())
    assert set(shown) == {"examples/example-pack/pack.toml", "examples/example-pack/pyproject.toml"}
    for path, block in shown.items():
        assert block == (DOCS / path).read_text(encoding="utf-8"), f"{path} differs from the page"
    assert "--8<--" not in PAGE.read_text(encoding="utf-8")  # no build-time include
    assert_valid_pack(shown["examples/example-pack/pack.toml"], strict=True)


def test_the_page_s_test_example_runs_against_the_example_pack(tmp_path: Path) -> None:
    # The page's tests/test_pack.py, against the example pack as the package it is installed as.
    text = PAGE.read_text(encoding="utf-8")
    code = text.split("# tests/test_pack.py\n", 1)[1].split("```", 1)[0]
    package = tmp_path / "src" / "acupress_pack_nausea_example"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "pack.toml").write_bytes((DOCS / "examples/example-pack/pack.toml").read_bytes())
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_pack.py").write_text(code, encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text(
        '[tool.pytest.ini_options]\npythonpath = ["src"]\n', encoding="utf-8"
    )
    run = _pytest(tmp_path)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "4 passed" in run.stdout
