"""attrs's methods compiled with the package (acupress._precompiled, acupress._methods).

The table only saves time: these tests show that it is current, that every class of acupress
takes its methods from it, that what it gives is what ``compile`` makes of the same script, and
that anything else (another class, another text) is compiled as before.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import types
from pathlib import Path
from typing import Any

import attr._make
import attrs
import pytest

import acupress
from acupress import _methods, _precompiled
from acupress._model.points import Point

ROOT = Path(__file__).resolve().parent.parent
TOOL = ROOT / "tools" / "gen_methods.py"


def _tool() -> Any:
    spec = importlib.util.spec_from_file_location("gen_methods", TOOL)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _bodies() -> list[types.CodeType]:
    consts = _methods._bodies.__code__.co_consts
    found = {c.co_name: c for c in consts if type(c) is types.CodeType}
    return [found["_" * (i + 1)] for i in range(len(_methods.SCRIPTS))]


def _fresh(code: str) -> str:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_the_table_is_current() -> None:
    # A fresh process: the scripts must be recorded before any class of acupress is made.
    done = subprocess.run(
        [sys.executable, str(TOOL), "--check"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr


def test_every_body_defines_what_its_script_compiles_to() -> None:
    tool = _tool()
    assert len(_methods.SCRIPTS) == len(set(_methods.SCRIPTS)) > 40
    for script, body in zip(_methods.SCRIPTS, _bodies(), strict=True):
        assert tool.same_functions(script, body), script.splitlines()[0]


def test_the_comparison_sees_a_difference() -> None:
    # same_functions must be able to fail: a body from another script is not the same.
    tool = _tool()
    bodies = _bodies()
    assert not tool.same_functions(_methods.SCRIPTS[0], bodies[1])
    edited = _methods.SCRIPTS[0].replace("self", "me", 1)
    assert not tool.same_functions(edited, bodies[0])


def test_every_class_of_acupress_takes_its_methods_from_the_table() -> None:
    out = _fresh(
        "import importlib, pkgutil, acupress\n"
        "for info in pkgutil.walk_packages(acupress.__path__, 'acupress.'):\n"
        "    if info.name != 'acupress.__main__':\n"
        "        importlib.import_module(info.name)\n"
        "from acupress import _precompiled\n"
        "print(len(_precompiled.recorded()))\n"
        "import attr._make\n"
        "print(attr._make.compile is _precompiled._compile)\n"
    )
    assert out.split() == ["0", "True"]


def test_a_hash_carries_this_processs_number_not_the_placeholder() -> None:
    expected = hash(attr._make._generate_unique_filename(Point, "hash"))
    consts = Point.__hash__.__code__.co_consts
    assert expected in consts
    assert _precompiled.PLACEHOLDER not in consts
    point = acupress.load().point("LI4")
    assert hash(point) == hash(attrs.evolve(point))
    assert point == attrs.evolve(point)
    assert point != attrs.evolve(point, cautions=("x",))


def test_the_methods_come_from_the_package_and_behave_as_attrs_makes_them() -> None:
    assert Point.__init__.__code__.co_filename == _methods.__file__
    assert Point.__init__.__qualname__ == "Point.__init__"
    point = acupress.load().point("LI4")
    assert repr(point).startswith("Point(code='LI4', ")
    with pytest.raises(ValueError, match="code"):
        attrs.evolve(point, code="not a code")


def test_a_script_not_in_the_table_is_compiled_as_before() -> None:
    before = len(_precompiled.recorded())

    @attrs.frozen
    class Elsewhere:  # a class of another module: never looked up
        a: int
        b: str = "x"

    assert Elsewhere(1) == Elsewhere(1, "x")
    assert repr(Elsewhere(2)) == "Elsewhere(a=2, b='x')"
    assert Elsewhere.__init__.__code__.co_filename != _methods.__file__
    assert len(_precompiled.recorded()) == before

    # A class of acupress whose text is not in the table (a model edited since the table was
    # written): compiled, and counted as a miss.
    namespace: dict[str, Any] = {"__name__": "acupress._not_in_the_table", "attrs": attrs}
    exec("@attrs.frozen\nclass New:\n    a: int\n    c: int = 3\n", namespace)
    new = namespace["New"]
    assert new(1) == new(1, 3)
    assert hash(new(1)) == hash(new(1, 3))
    assert new.__init__.__code__.co_filename != _methods.__file__
    assert len(_precompiled.recorded()) == before + 1


def test_install_leaves_another_compile_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    def theirs(*args: Any, **kwargs: Any) -> Any:
        return compile(*args, **kwargs)

    monkeypatch.setattr(attr._make, "compile", theirs)
    _precompiled.install()
    assert attr._make.compile is theirs


def test_normalize_finds_only_the_type_hash() -> None:
    script = "def __hash__(self):\n        return hash((\n                -42,\n"
    script += "                self.a,\n            ))\n"
    normal, number = _precompiled.normalize(script)
    assert number == -42
    assert str(_precompiled.PLACEHOLDER) in normal
    assert "-42" not in normal
    assert _precompiled.normalize("def __init__(self, a):\n    x = 42\n") == (
        "def __init__(self, a):\n    x = 42\n",
        None,
    )
