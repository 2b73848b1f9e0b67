"""The error family, ordered enums, and the one owner of process state."""

from __future__ import annotations

import ast
import pickle
from pathlib import Path

import pytest

import acupress
from acupress import errors

ERRORS: list[errors.AcupressError] = [
    errors.DataError(["a.toml: $.x: expected text", "a.toml: $.y: required key is missing"]),
    errors.PackError(["p.toml: $.id: bad"], pack="p", distribution="acupress-pack-p", version="1"),
    errors.UnknownPointError("BL99", ("BL9", "BL59"), detail="the Bladder meridian has 1 to 67"),
    errors.UnknownConditionError("low-bak-pain", ("low-back-pain",)),
    errors.UnknownMeridianError("XX", ("LU", "LI")),
    errors.UnknownPackError("nope", ("sleep",)),
    errors.UnknownQuestionError("lbp-fevr", ("lbp-fever",), detail="the questions of x"),
    errors.UnknownSchemaError("pakc", ("pack",), detail="choose from pack, profile"),
    errors.ComposeError("0.1 minutes is too short"),
    errors.UnknownNotationError("unknown notation 'x'"),
    errors.InvalidVersionRange("'~=1' needs two parts"),
    errors.NotCheckedError("the routine was not checked for this person"),
]


@pytest.mark.parametrize("error", ERRORS, ids=lambda e: type(e).__name__)
def test_every_error_survives_pickling(error: errors.AcupressError) -> None:
    again = pickle.loads(pickle.dumps(error))
    assert type(again) is type(error)
    assert str(again) == str(error)
    assert vars(again) == vars(error)


def test_every_public_error_is_an_acupress_error_and_tested_here() -> None:
    public = {getattr(errors, name) for name in errors.__all__}
    assert all(issubclass(cls, errors.AcupressError) for cls in public)
    assert {type(e) for e in ERRORS} == public - {errors.AcupressError, errors.NotFoundError}


def test_not_found_errors_name_their_kind() -> None:
    kinds = {
        errors.UnknownPointError: "point",
        errors.UnknownConditionError: "condition",
        errors.UnknownMeridianError: "meridian",
        errors.UnknownPackError: "pack",
        errors.UnknownQuestionError: "question",
        errors.UnknownSchemaError: "schema",
    }
    for cls, kind in kinds.items():
        error = cls("zzz", ("aaa",))
        assert isinstance(error, errors.NotFoundError)
        assert isinstance(error, LookupError)
        assert error.kind == kind
        assert str(error) == f"no {kind} matches 'zzz'; did you mean aaa?"


def test_the_library_raises_the_right_kind() -> None:
    library = acupress.Library.standard()
    with pytest.raises(errors.UnknownMeridianError) as meridian:
        library.meridian("Spleenish")
    assert "LU" in meridian.value.suggestions
    with pytest.raises(errors.UnknownConditionError):
        library.condition("anything")
    with pytest.raises(errors.UnknownPackError):
        library.pack("sleep")
    with pytest.raises(errors.UnknownPointError):
        library.get("BL99")


@pytest.mark.parametrize("enum", [acupress.Urgency, acupress.Severity, acupress.Pressure])
def test_ordered_enums_compare_by_rank(enum: type[acupress.Urgency]) -> None:
    members = list(enum)
    for i, a in enumerate(members):
        for j, b in enumerate(members):
            assert (a < b) is (i < j)
            assert (a <= b) is (i <= j)
            assert (a > b) is (i > j)
            assert (a >= b) is (i >= j)
    assert max(members) is members[-1]
    shuffled = [members[-1], *members[:-1]]
    assert sorted(shuffled) == members


def test_members_of_different_enums_do_not_compare() -> None:
    with pytest.raises(TypeError):
        assert acupress.Urgency.NONE < acupress.Severity.AVOID  # type: ignore[operator]
    assert acupress.Urgency.EMERGENCY >= acupress.Urgency.URGENT


# -- process state --------------------------------------------------------------------------


def test_refresh_forgets_every_process_cache() -> None:
    from acupress import _catalog, _state
    from acupress._packs import discovery
    from acupress._safety import rules

    library = acupress.load()
    catalog = _catalog.standard_catalog()
    core = rules.core_safety()
    stamp = discovery.installation_stamp()
    acupress.refresh()
    assert acupress.load() is not library
    assert _catalog.standard_catalog() is not catalog
    assert _catalog.standard_catalog() == catalog
    assert rules.core_safety() is not core
    assert discovery.installation_stamp() == stamp
    # Nothing registered escapes: every cache made with process_cache is cleared by forget().
    made = _state.process_cache(lambda: object())
    first = made()
    assert made() is first
    acupress.refresh()
    assert made() is not first


SRC = Path(acupress.__file__).parent
# Caches that depend on nothing outside their arguments, so refresh() need not clear them.
CONTENT_KEYED = {
    ("_model/base.py", "_ranks"),
    ("_convert.py", "_default_converter"),
    ("_convert.py", "_members"),  # an enum's members by value, fixed for a process
    ("_cache.py", "_init_fields"),
    ("_cache.py", "_encoder"),
    ("_cache.py", "_decoder"),
    ("_cache.py", "_column_encoder"),
    ("_cache.py", "_column_decoder"),
    ("_versions.py", "matches"),  # a version and a range; also cleared by forget()
    ("_resolve/romanize.py", "wade_giles"),  # a pure function of its text and a fixed table
    ("_precompiled.py", "_load_table"),  # the package's own compiled methods, fixed for a process
    ("_data.py", "_source_crc"),  # a source file of the package, fixed for a process
    ("_cli/parser.py", "_argparse_errors"),  # fixed patterns (the messages are translated later)
}


def test_every_cache_is_registered_or_keyed_by_content() -> None:
    found = set()
    for path in SRC.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef):
                for deco in node.decorator_list:
                    text = ast.unparse(deco)
                    if "cache" in text and text != "process_cache":
                        found.add((path.relative_to(SRC).as_posix(), node.name))
    assert found == CONTENT_KEYED


def test_only_the_default_module_keeps_module_state() -> None:
    writers = {
        path.relative_to(SRC).as_posix()
        for path in SRC.rglob("*.py")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Global)
    }
    assert writers == {"_default.py"}


def test_the_rule_set_cannot_be_switched_off(standard_library: acupress.Library) -> None:
    rules = standard_library.safety
    before = len(rules.rules)
    assert before > 0
    with pytest.raises(AttributeError, match="cannot be changed"):
        rules._rules = ()  # type: ignore[misc]
    with pytest.raises(AttributeError):
        rules.rules = ()  # type: ignore[misc]
    with pytest.raises(AttributeError, match="cannot be changed"):
        del rules._rules
    with pytest.raises(TypeError):
        rules.groups["pregnancy-traditional"] = ()  # type: ignore[index]
    assert len(standard_library.safety.rules) == before
    assert standard_library.safety is rules
