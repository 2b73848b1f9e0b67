"""``acupress validate`` for pack authors: every problem in one pass, with its TOML line, a "did
you mean" where one helps, and warnings that do not fail a pack unless ``--strict``."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings, strategies as st

import acupress
from acupress import PackError
from acupress._packs.lines import line_of, parse_path
from acupress._packs.validate import Problem, check_pack_text, validate_files, validate_text
from acupress.testing import minimal_pack, to_toml

from .conftest import ALL_PACKS, PACKS, Cli

EXAMPLE = Path(__file__).resolve().parent.parent / "docs" / "examples" / "example-pack"

RULE = {
    "id": "mine",
    "applies": {"points": ["LI4"]},
    "when": {"has": ["osteoporosis"]},
    "severity": "avoid",
    "message": "Leave it out.",
    "basis": "consensus",
    "sources": ["umn-precautions"],
}


def _errors(text: str) -> list[Problem]:
    return [p for p in check_pack_text(text, "p.toml") if p.severity == "error"]


def _warnings(text: str) -> list[Problem]:
    return [p for p in check_pack_text(text, "p.toml") if p.severity == "warning"]


def _build(text: str, folder: Path) -> acupress.Library:
    (folder / "pack.toml").write_text(text, encoding="utf-8")
    return acupress.Library.build([folder / "pack.toml"], discover=False, strict=True)


def _line(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


# -- one pass -------------------------------------------------------------------------------


def test_a_rule_without_sources_hides_no_other_problem() -> None:
    broken_rule = {**RULE, "basis": "evidence", "tightens": "pregnancy-abdomn"}
    broken_rule.pop("sources")
    broken_rule["applies"] = {"points": ["SP66"], "groups": ["lower-abdomn"]}
    document = minimal_pack(id="onepass", rules=[broken_rule, {**RULE, "id": "other"}])
    del document["summary"]  # a missing top-level field, too
    document["indications"][0]["point"] = "LI44"
    document["indications"][0]["condition"] = "onepass-pian"
    problems = {p.path: p.message for p in _errors(to_toml(document))}
    assert "required key is missing" in problems["$.summary"]
    assert "required key is missing" in problems["$.rules[0].sources"]
    assert "unknown point 'SP66'" in problems["$.rules[0].applies.points[0]"]
    assert "unknown group 'lower-abdomn'" in problems["$.rules[0].applies.groups[0]"]
    assert "did you mean 'pregnancy-abdomen'" in problems["$.rules[0].tightens"]
    assert "unknown point 'LI44'" in problems["$.indications[0].point"]
    assert "did you mean 'onepass-pain'" in problems["$.indications[0].condition"]


def test_an_entry_with_an_unknown_key_is_still_checked_and_keeps_its_index() -> None:
    document = minimal_pack(id="keys")
    second = {**document["indications"][0], "point": "PC6"}
    document["indications"] = [{**document["indications"][0], "priorty": 3}, second]
    document["dosing"].append({**document["dosing"][0], "point": "PC66"})
    problems = [str(p) for p in check_pack_text(to_toml(document), "p.toml")]
    assert any(
        "$.indications[0]: unknown key priorty; did you mean priority?" in p for p in problems
    )
    # The second indication keeps its own index though the first did not read as written.
    assert any("$.indications[1].point: warning: PC6" in p for p in problems), problems
    assert any("$.dosing[1].point: unknown point 'PC66'" in p for p in problems)


def test_a_broken_condition_is_not_also_called_unknown() -> None:
    document = minimal_pack(id="cond")
    del document["conditions"][0]["description"]
    problems = _errors(to_toml(document))
    assert [p.path for p in problems] == ["$.conditions[0].description"]


BREAKAGES: dict[str, tuple[str, Any]] = {
    "$.indications[0].point": ("indications", lambda d: d["indications"][0].update(point="XX9")),
    "$.dosing[0].min_seconds": ("dosing", lambda d: d["dosing"][0].update(min_seconds="30s")),
    "$.conditions[0]": ("conditions", lambda d: d["conditions"][0].update(icd10="nope")),
    "$.rules[0].sources": ("rules", lambda d: d["rules"][0].pop("sources")),
    "$.rules[1].tightens": ("rules", lambda d: d["rules"][1].update(tightens="no-such-rule")),
    "$.license": ("top", lambda d: d.update(license=3)),
    "$.references[0].kind": ("references", lambda d: d["references"][0].update(kind="blog")),
}


@settings(max_examples=40, deadline=None)
@given(st.sets(st.sampled_from(sorted(BREAKAGES)), min_size=1))
def test_every_problem_is_reported_whatever_else_is_broken(broken: set[str]) -> None:
    document = minimal_pack(
        id="many",
        references=[{"id": "study", "kind": "trial", "title": "A study", "url": "https://x.org"}],
        rules=[dict(RULE), {**RULE, "id": "second", "basis": "evidence"}],
    )
    for path in broken:
        BREAKAGES[path][1](document)
    text = to_toml(document)
    found = {p.path for p in _errors(text)}
    assert broken <= found, (broken, found)
    for problem in _errors(text):
        assert problem.line is not None, problem
        if problem.path == "$.conditions[0]":  # the model's own check: the line of its field
            assert "icd10" in text.splitlines()[problem.line - 1]


# -- lines ----------------------------------------------------------------------------------


def test_lines_point_at_the_key() -> None:
    text = (EXAMPLE / "pack.toml").read_text(encoding="utf-8")
    text = text.replace('point = "ST36"', 'point = "ST63"', 1)
    found = [p for p in _errors(text) if p.path.endswith(".point")]
    assert found
    for problem in found:
        assert "ST63" in text.splitlines()[(problem.line or 0) - 1], problem


def test_line_finder_follows_tables_keys_and_inline_arrays() -> None:
    text = "\n".join(
        [
            'id = "x"',  # 1
            "[[routines]]",  # 2
            'id = "a"',  # 3
            "[[routines]]",  # 4
            'id = "b"',  # 5
            "steps = [",  # 6
            '  { point = "LI4", technique = { method = "hold" } },',  # 7
            '  { point = "PC6", seconds = 9 },',  # 8
            "]",  # 9
            "[[dosing]]",  # 10
            'point = "LI4"',  # 11
        ]
    )
    assert line_of(text, "$.id") == 1
    assert line_of(text, "$.routines[0].id") == 3
    assert line_of(text, "$.routines[1].id") == 5
    assert line_of(text, "$.routines[1].steps[1].seconds") == 8
    assert line_of(text, "$.routines[1].steps[0].technique.method") == 7
    assert line_of(text, "$.dosing[0]", key="point") == 11
    assert line_of(text, "$.dosing[3].point") is None
    assert parse_path("$.a[2].b") == ["a", 2, "b"]


def test_invalid_toml_gives_its_line() -> None:
    problems = _errors('schema = 1\nid = "x"\nname = \n')
    assert len(problems) == 1
    assert problems[0].line == 3
    assert problems[0].message.startswith("invalid TOML")


# -- warnings -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text", ["This cures it.", "Guaranteed relief", "no side effects", "Works 100% of the time"]
)
def test_promises_are_warned_about(text: str) -> None:
    document = minimal_pack(id="promise")
    document["indications"][0]["why"] = text
    source = to_toml(document)
    assert not _errors(source)
    warned = [p for p in _warnings(source) if p.path == "$.indications[0].why"]
    assert warned
    assert warned[0].line == _line(source, "why =")


def test_saying_what_acupressure_is_not_is_no_promise() -> None:
    document = minimal_pack(id="honest", summary="Acupressure is not a cure and there is no cure.")
    assert not _warnings(to_toml(document))


def test_an_indication_without_dosing_and_a_step_beyond_its_dosing_are_warned_about() -> None:
    document = minimal_pack(id="dose")
    document["indications"].append({**document["indications"][0], "point": "PC6"})
    document["routines"] = [
        {
            "id": "long",
            "name": "Long",
            "conditions": ["dose-pain"],
            "steps": [{"point": "LI4", "seconds": 90, "sides": "both", "position": "sitting"}],
        }
    ]
    warned = {p.path: p.message for p in _warnings(to_toml(document))}
    assert "no [[dosing]]" in warned["$.indications[1].point"]
    assert (
        "longer than the pack's dosing allows (60 s at most)"
        in warned["$.routines[0].steps[0].seconds"]
    )


def test_a_rule_less_strict_than_a_core_rule_is_warned_about_and_changes_nothing(
    tmp_path: Path,
) -> None:
    loose = {
        "id": "fine-in-pregnancy",
        "applies": {"points": ["LI4", "SP6"]},
        "when": {"pregnant": True},
        "severity": "info",
        "message": "Fine in pregnancy.",
        "basis": "consensus",
        "sources": ["umn-precautions"],
    }
    document = minimal_pack(id="loose", rules=[loose])
    text = to_toml(document)
    assert not _errors(text)
    warned = [p for p in _warnings(text) if p.path == "$.rules[0]"]
    assert warned
    assert "pregnancy" in warned[0].message
    # It cannot loosen anything: the core rule still leaves LI4 out in pregnancy.
    library = _build(text, tmp_path)
    report = acupress.check(["LI4"], acupress.Profile(pregnant=True), library=library)
    assert report.removed == ("LI4",)


def test_the_shipped_packs_have_no_warnings() -> None:
    for folder in [*(PACKS / name for name in ALL_PACKS), EXAMPLE]:
        problems, files = validate_files(folder)
        assert files
        assert problems == [], [str(p) for p in problems]


def _distribution(tmp_path: Path, entry_name: str | None) -> Path:
    root = tmp_path / "dist"
    package = root / "src" / "acupress_pack_ep"
    package.mkdir(parents=True)
    (package / "pack.toml").write_text(to_toml(minimal_pack(id="ep")), encoding="utf-8")
    entry = (
        f'[project.entry-points."acupress.packs"]\n{entry_name} = "acupress_pack_ep"\n'
        if entry_name
        else ""
    )
    (root / "pyproject.toml").write_text(
        f'[project]\nname = "acupress-pack-ep"\nversion = "1.0.0"\n\n{entry}', encoding="utf-8"
    )
    return root


def test_an_entry_point_named_otherwise_than_the_pack_is_warned_about(tmp_path: Path) -> None:
    problems, _ = validate_files(_distribution(tmp_path, "e-p"))
    assert [p.severity for p in problems] == ["warning"]
    assert "its entry point is named 'e-p'" in problems[0].message


def test_no_entry_point_at_all_is_warned_about(tmp_path: Path) -> None:
    problems, _ = validate_files(_distribution(tmp_path, None))
    assert [p.severity for p in problems] == ["warning"]
    assert "no entry point" in problems[0].message


def test_a_matching_entry_point_is_quiet(tmp_path: Path) -> None:
    assert validate_files(_distribution(tmp_path, "ep")) == (
        [],
        [str(next((tmp_path / "dist").rglob("pack.toml")))],
    )


# -- the step's position --------------------------------------------------------------------


def test_the_old_position_in_the_note_is_refused_by_validate_and_the_loader(
    tmp_path: Path,
) -> None:
    document = minimal_pack(id="pos")
    document["routines"] = [
        {
            "id": "r",
            "name": "R",
            "conditions": ["pos-pain"],
            "steps": [{"point": "LI4", "note": "sitting; Rest the hand on a table."}],
        }
    ]
    text = to_toml(document)
    problems = _errors(text)
    assert [p.path for p in problems] == ["$.routines[0].steps[0].note"]
    assert 'write position = "sitting"' in problems[0].message
    with pytest.raises(PackError, match=re.escape('position = "sitting"')):
        _build(text, tmp_path)


def test_the_shipped_templates_give_every_step_a_position() -> None:
    library = acupress.Library.build([PACKS], discover=False, strict=True)
    for _pack, template in library.routines():
        for step in template.steps:
            assert step.position is not None, (template.id, step.point)


# -- the command ----------------------------------------------------------------------------


def test_cli_exit_codes_and_json(cli: Cli, tmp_path: Path) -> None:
    document = minimal_pack(id="warned")
    document["indications"][0]["why"] = "It cures headaches."
    pack = tmp_path / "pack.toml"
    pack.write_text(to_toml(document), encoding="utf-8")
    code, out, _ = cli.run("validate", str(pack), "--format", "text")
    assert code == 0
    assert "warning: 'cures'" in out
    assert "ok (1 warning)" in out
    code, out, _ = cli.run("validate", str(pack), "--format", "text", "--strict")
    assert code == 1
    code, out, _ = cli.run("validate", str(pack), "--format", "json")
    data = json.loads(out)
    assert code == 0
    assert data["valid"] is True
    assert data["problems"] == []
    assert data["records"][0]["severity"] == "warning"
    assert data["records"][0]["line"] == _line(pack.read_text(encoding="utf-8"), "why =")


def test_validate_text_keeps_to_errors() -> None:
    document = minimal_pack(id="quiet", summary="Guaranteed.")
    assert validate_text(to_toml(document), "q.toml") == []


def test_a_missing_id_does_not_make_the_pack_s_own_points_wrong() -> None:
    point = {
        "code": "np:zzq",
        "pinyin": "Zzqxue",
        "gloss": "Made-up point",
        "location": "Nowhere in particular, for a test only.",
        "region": "hand",
        "laterality": "bilateral",
        "reach": "alone",
        "references": ["tradition"],
    }
    document = minimal_pack(id="np", points=[point])
    del document["id"]
    assert [p.path for p in _errors(to_toml(document))] == ["$.id"]


def test_a_dosing_that_does_not_read_is_no_missing_dosing() -> None:
    document = minimal_pack(id="dosebad")
    document["dosing"][0]["min_seconds"] = "30"
    problems = check_pack_text(to_toml(document), "p.toml")
    assert [(p.path, p.severity) for p in problems] == [("$.dosing[0].min_seconds", "error")]


@pytest.mark.parametrize("deep", ["[" * 600 + "]" * 600, "{ a = " * 300 + "1" + " }" * 300])
def test_a_document_nested_too_deeply_is_one_problem_not_a_crash(
    tmp_path: Path, cli: Cli, deep: str
) -> None:
    text = to_toml(minimal_pack(id="deep")) + f"\nx = {deep}\n"
    assert [p.message for p in _errors(text)] == [
        "nested too deeply (at most 24 levels of [ and {)"
    ]
    path = tmp_path / "pack.toml"
    path.write_text(text, encoding="utf-8")
    result = cli.run("validate", str(path))
    assert result.code == 1
    assert "nested too deeply" in result.out + result.err
    assert "unexpected" not in result.err


def test_a_problem_in_a_screening_question_names_the_question_as_loading_does(
    tmp_path: Path,
) -> None:
    pack = minimal_pack(id="vq")
    pack["references"] = [
        {
            "id": "r1",
            "kind": "guideline",
            "title": "T",
            "year": 2020,
            "source": "S",
            "url": "https://example.org",
            "note": "Cited for the flag.",
        }
    ]
    question = {
        "condition": "vq-pain",
        "text": "Is it bad?",
        "flag_on": "yes",
        "advice": "Go.",
        "references": ["r1"],
    }
    pack["screening"] = [
        {**question, "id": "vq-first", "urgency": "urgentt"},
        {**question, "id": "vq-second", "urgency": "urgent", "references": ["nope"]},
    ]
    text = to_toml(pack)
    found = {(p.path, p.message.split(":")[0]) for p in _errors(text)}
    assert ("$.screening[0].urgency", "question 'vq-first'") in found
    assert ("$.screening[1].references[0]", "question 'vq-second'") in found
    # Each named once, and the loader names them the same way.
    assert all(p.message.count("question '") == 1 for p in _errors(text))
    (tmp_path / "pack.toml").write_text(text, encoding="utf-8")
    with pytest.raises(PackError) as raised:
        acupress.Library.build([tmp_path], discover=False, strict=True)
    assert "question 'vq-first'" in str(raised.value)
    # A problem only the checks across the pack find (an unknown reference) is named too.
    pack["screening"] = pack["screening"][1:]
    (tmp_path / "pack.toml").write_text(to_toml(pack), encoding="utf-8")
    with pytest.raises(PackError) as raised:
        acupress.Library.build([tmp_path], discover=False, strict=True)
    assert "$.screening[0].references[0]: question 'vq-second': unknown reference" in str(
        raised.value
    )
