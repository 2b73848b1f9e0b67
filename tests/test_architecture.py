"""The design, checked: layers import only downwards, no cycles, one public table, public types.

Imports are read from the source with ``ast``, so function-level and ``TYPE_CHECKING`` imports
count as much as module-level ones.
"""

from __future__ import annotations

import ast
import enum
import importlib
import inspect
import re
import types
import typing
from collections.abc import Iterable, Mapping
from pathlib import Path

import attrs
import pytest

import acupress
import acupress.errors
import acupress.render
import acupress.testing
from acupress._compose.candidates import Option

SRC = Path(acupress.__file__).resolve().parent

# Each top-level part of the package and its layer: a module may import its own layer and below.
LAYERS: dict[str, int] = {
    "errors": 0,
    "_i18n": 0,
    "__about__": 0,
    "_precompiled": 0,
    "_methods": 0,
    "_model": 1,
    "_data": 2,
    "_convert": 2,
    "_cache": 2,
    "_toml": 2,
    "_versions": 2,
    "_text": 2,
    "_state": 2,
    "_lazy": 2,
    "_scaffold": 2,
    "_catalog": 3,
    "_resolve": 3,
    "_safety": 3,
    "_packs": 3,
    "_library": 4,
    "_default": 5,
    "_compose": 6,
    "_conditions": 6,
    "_screen": 6,
    "_guide": 6,
    "_routines": 6,
    "_check": 6,
    "_gate": 6,
    "render": 7,
    "_schema": 7,
    "_cli": 8,
    "_mcp": 8,
    "__init__": 9,
    "__main__": 9,
    "testing": 9,
}
# Imports the layer numbers allow but the design forbids.
FORBIDDEN: set[tuple[str, str]] = {("_safety", "_packs")}
# Only the command line talks to the terminal.
TERMINAL_PARTS = {"_cli"}


def module_name(path: Path, root: Path, package: str) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join([package, *parts])


def part_of(module: str, package: str) -> str:
    rest = module[len(package) + 1 :] if module != package else "__init__"
    return rest.split(".")[0]


def imports_of(path: Path, module: str, package: str) -> list[tuple[str, list[str], int]]:
    """Every acupress module ``path`` imports (anywhere in the file), with the names taken."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    is_package = path.name == "__init__.py"
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name == package or alias.name.startswith(package + "."):
                    found.append((alias.name, [], node.lineno))
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.split(".")
                if not is_package:
                    base = base[:-1]
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target != package and not target.startswith(package + "."):
                continue
            names = [a.name for a in node.names]
            if node.module is None:  # `from . import x`: x is a module
                found.extend((f"{target}.{n}", [], node.lineno) for n in names)
            else:
                found.append((target, names, node.lineno))
    return found


def graph(root: Path, package: str) -> dict[str, list[tuple[str, list[str], int]]]:
    return {
        module_name(p, root, package): imports_of(p, module_name(p, root, package), package)
        for p in sorted(root.rglob("*.py"))
        if "__pycache__" not in p.parts
    }


def layer_violations(
    edges: Mapping[str, Iterable[tuple[str, list[str], int]]],
    package: str,
    layers: Mapping[str, int],
    forbidden: set[tuple[str, str]],
) -> list[str]:
    problems = []
    for source, targets in edges.items():
        here = part_of(source, package)
        for target, _names, line in targets:
            there = part_of(target, package)
            if there not in layers or here not in layers:
                problems.append(f"{source}:{line}: {target}: a part with no layer")
            elif layers[there] > layers[here] or (here, there) in forbidden:
                problems.append(f"{source}:{line} imports {target} (layer {there} over {here})")
    return problems


def cycles(edges: Mapping[str, Iterable[tuple[str, list[str], int]]]) -> list[list[str]]:
    """Every import cycle between modules (each reported once, from its smallest member)."""
    adjacency: dict[str, set[str]] = {}
    for source, targets in edges.items():
        adjacency[source] = set()
        for target, names, _line in targets:
            # `from pkg import name` where name is a submodule imports that submodule.
            subs = [f"{target}.{n}" for n in names if f"{target}.{n}" in edges]
            adjacency[source].update(subs or [target])
    found: list[list[str]] = []
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(adjacency.get(node, ())):
            if nxt == node:
                continue
            if state.get(nxt) == 1:
                cycle = stack[stack.index(nxt) :]
                start = cycle.index(min(cycle))
                cycle = cycle[start:] + cycle[:start]
                if cycle not in found:
                    found.append(cycle)
            elif nxt in adjacency and state.get(nxt) is None:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for node in sorted(adjacency):
        if state.get(node) is None:
            visit(node)
    return found


EDGES = graph(SRC, "acupress")


def test_every_module_has_a_layer() -> None:
    assert {part_of(m, "acupress") for m in EDGES} <= set(LAYERS)


def test_layers_import_only_downwards() -> None:
    assert layer_violations(EDGES, "acupress", LAYERS, FORBIDDEN) == []


def test_no_import_cycle() -> None:
    assert cycles(EDGES) == []


def test_the_model_imports_nothing_but_errors_and_itself() -> None:
    # ... and the message catalog, which knows nothing of the domain, and attrs's methods compiled
    # with the package (_precompiled), which knows nothing of it either.
    allowed = {"_model", "errors", "_i18n", "_precompiled"}
    for source, targets in EDGES.items():
        if part_of(source, "acupress") == "_model":
            assert {part_of(t, "acupress") for t, _n, _l in targets} <= allowed


def test_no_module_takes_another_modules_private_name() -> None:
    problems = [
        f"{source}:{line}: {name} from {target}"
        for source, targets in EDGES.items()
        for target, names, line in targets
        for name in names
        if name.startswith("_") and not name.startswith("__") and target != source
    ]
    assert problems == []


def test_only_the_cli_touches_the_terminal() -> None:
    problems = []
    for path in sorted(SRC.rglob("*.py")):
        module = module_name(path, SRC, "acupress")
        if part_of(module, "acupress") in TERMINAL_PARTS:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) in ("print", "input"):
                problems.append(f"{module}:{node.lineno}: {node.func.id}()")  # type: ignore[attr-defined]
            if (
                isinstance(node, ast.Attribute)
                and node.attr in ("stdout", "stdin", "stderr")
                and getattr(node.value, "id", None) == "sys"
            ):
                problems.append(f"{module}:{node.lineno}: sys.{node.attr}")
            if isinstance(node, ast.Import | ast.ImportFrom):
                names = [a.name for a in node.names] + [getattr(node, "module", None) or ""]
                if "argparse" in names:
                    problems.append(f"{module}:{node.lineno}: argparse")
    assert problems == []


# -- the checkers themselves catch what they are for ------------------------------------------


def _fake_package(tmp_path: Path, files: dict[str, str]) -> Path:
    root = tmp_path / "pkg"
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def test_the_layer_check_sees_a_function_level_import_upwards(tmp_path: Path) -> None:
    root = _fake_package(
        tmp_path,
        {
            "__init__.py": "",
            "low.py": "def f():\n    from .high import g\n    return g\n",
            "high.py": "from . import low\n",
        },
    )
    edges = graph(root, "pkg")
    layers = {"low": 0, "high": 1, "__init__": 2}
    assert layer_violations(edges, "pkg", layers, set()) == [
        "pkg.low:2 imports pkg.high (layer high over low)"
    ]
    assert cycles(edges) == [["pkg.high", "pkg.low"]]


def test_the_cycle_check_sees_type_checking_imports(tmp_path: Path) -> None:
    root = _fake_package(
        tmp_path,
        {
            "__init__.py": "",
            "a.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .b import B\n",
            "b.py": "from .a import A\n",
        },
    )
    assert cycles(graph(root, "pkg")) == [["pkg.a", "pkg.b"]]


# -- the public API is written once ------------------------------------------------------------


def _public_table(package: types.ModuleType) -> tuple[dict[str, str], dict[str, str]]:
    """(names the TYPE_CHECKING block imports -> module, the _EXPORTS table)."""
    assert package.__file__ is not None
    tree = ast.parse(Path(package.__file__).read_text(encoding="utf-8"))
    checked: dict[str, str] = {}
    exports: dict[str, str] = {}
    for node in tree.body:
        if isinstance(node, ast.If) and getattr(node.test, "id", None) == "TYPE_CHECKING":
            for stmt in node.body:
                assert isinstance(stmt, ast.ImportFrom)
                for alias in stmt.names:
                    assert alias.asname == alias.name, f"{alias.name}: re-export it as itself"
                    checked[alias.name] = "." * stmt.level + (stmt.module or "")
        if isinstance(node, ast.AnnAssign) and getattr(node.target, "id", None) == "_EXPORTS":
            exports = ast.literal_eval(node.value)  # type: ignore[arg-type]
    return checked, exports


@pytest.mark.parametrize("package", [acupress, acupress.render], ids=lambda p: p.__name__)
def test_one_table_drives_all_and_what_type_checkers_see(package: types.ModuleType) -> None:
    checked, exports = _public_table(package)
    assert exports, "the _EXPORTS table is missing"
    if package is acupress:
        checked.pop("__version__", None)
    assert checked == exports
    extra = ["__version__"] if package is acupress else []
    assert package.__all__ == sorted([*exports, *extra])
    for name, module in exports.items():
        value = getattr(package, name)
        if isinstance(value, int | Mapping):
            # A constant has no __module__: it must be assigned in the module the table names.
            assert name in _assigned_names(package.__name__ + module), (name, module)
            continue
        defined_in = getattr(value, "__module__", None)
        assert defined_in == package.__name__ + module, (name, defined_in)


def _assigned_names(module: str) -> set[str]:
    """The names a module's own top-level statements assign."""
    source = inspect.getsource(importlib.import_module(module))
    names = set()
    for node in ast.parse(source).body:
        targets = node.targets if isinstance(node, ast.Assign) else [getattr(node, "target", None)]
        names.update(t.id for t in targets if isinstance(t, ast.Name))
    return names


def test_a_misspelt_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="compse"):
        acupress.compse  # type: ignore[attr-defined]  # noqa: B018
    with pytest.raises(AttributeError, match="render_crad"):
        acupress.render.render_crad  # type: ignore[attr-defined]  # noqa: B018


def test_the_version_is_the_literal() -> None:
    from acupress.__about__ import __version__

    assert acupress.__version__ == __version__
    pyproject = (SRC.parent.parent / "pyproject.toml").read_text(encoding="utf-8")
    assert 'path = "src/acupress/__about__.py"' in pyproject
    assert 'dynamic = ["version"]' in pyproject


# -- no public signature uses a type without a public name -------------------------------------

PUBLIC_MODULES = (acupress, acupress.render, acupress.errors, acupress.testing)


def _public_types() -> set[type]:
    found = set()
    for module in PUBLIC_MODULES:
        for name in module.__all__:
            value = getattr(module, name)
            if isinstance(value, type):
                found.add(value)
    return found


def _classes_in(hint: object) -> Iterable[type]:
    if isinstance(hint, type):
        yield hint
    for arg in typing.get_args(hint):
        yield from _classes_in(arg)


def _namespace(obj: object) -> dict[str, object]:
    from hypothesis.strategies import SearchStrategy  # named by acupress.testing's signatures

    module = inspect.getmodule(obj)
    names: dict[str, object] = {"SearchStrategy": SearchStrategy}
    names.update(vars(module) if module is not None else {})
    for public in PUBLIC_MODULES:
        names.update((n, getattr(public, n)) for n in public.__all__)
    return names


def _hints(obj: object) -> dict[str, object]:
    try:
        return typing.get_type_hints(obj, globalns=_namespace(obj))
    except TypeError:
        return {}


def _signatures(value: object) -> Iterable[tuple[str, object]]:
    if isinstance(value, type) and not issubclass(value, enum.Enum | BaseException):
        if attrs.has(value):
            yield from _hints(value).items()
        for attr, member in vars(value).items():
            if attr.startswith("_") and attr != "__init__":
                continue
            function = member.fget if isinstance(member, property) else member
            function = getattr(function, "__func__", function)
            if inspect.isfunction(function):
                yield from ((f"{attr}.{k}", v) for k, v in _hints(function).items())
    elif inspect.isfunction(value):
        yield from _hints(value).items()


def test_public_signatures_use_only_public_types() -> None:
    public = _public_types()
    problems = set()
    for module in PUBLIC_MODULES:
        for name in module.__all__:
            for where, hint in _signatures(getattr(module, name)):
                for cls in _classes_in(hint):
                    if cls.__module__.startswith("acupress") and cls not in public:
                        problems.add(f"{module.__name__}.{name} {where}: {cls.__qualname__}")
    assert sorted(problems) == []


def uses_private(option: Option) -> None:
    """A signature with a private type, for the check below."""


def test_the_public_type_check_sees_a_private_type() -> None:
    # The check above finds what it looks for: a private class in a public signature.
    found = {c for _w, hint in _signatures(uses_private) for c in _classes_in(hint)}
    assert Option in found
    assert Option not in _public_types()


def test_benchmarks_name_only_modules_that_exist() -> None:
    # Benchmarks run outside the tests, so a module they name by string must still exist.

    named = {
        match
        for path in (SRC.parent.parent / "benchmarks").glob("*.py")
        for match in re.findall(r"\bacupress(?:\.[A-Za-z_]+)+", path.read_text(encoding="utf-8"))
    }
    assert named, "the benchmarks name no acupress module: is the pattern still right?"
    from acupress._packs.discovery import ENTRY_POINT_GROUP

    named.discard(ENTRY_POINT_GROUP)  # "acupress.packs" is the entry point group, not a module
    missing = [name for name in sorted(named) if not _resolves(name)]
    assert missing == []


def _resolves(dotted: str) -> bool:
    """Whether ``a.b.c`` is a module, or an attribute path below the longest module prefix."""
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            value: object = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        for attr in parts[cut:]:
            if not hasattr(value, attr):
                return False
            value = getattr(value, attr)
        return True
    return False
