"""The first load after install: its shortcuts give the very answers of the long way round.

- ``structure`` reads clean data without cattrs (``_convert._direct``); broken data goes to the
  converter, so its errors are the converter's. Here the two are compared on every real pack, the
  core rules, and thousands of broken copies of their tables: whenever the direct path gives an
  object, the converter gives the same (same classes, same types all the way down); whenever
  the converter refuses, the direct path refuses too.
"""

from __future__ import annotations

import copy
import enum
import os
import random
import subprocess
import sys
import tomllib
import types
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, get_args, get_origin

import attrs
import pytest
from hypothesis import given, strategies as st

from acupress import _convert
from acupress._convert import _default_converter, _direct, structure
from acupress._model.packs import Pack
from acupress._packs import document
from acupress._safety.rules import CoreSafety
from acupress.errors import DataError

ROOT = Path(__file__).resolve().parent.parent
PACK_FILES = sorted(ROOT.glob("packs/*/src/*/pack.toml"))
SAFETY = ROOT / "src" / "acupress" / "data" / "safety.toml"


def same(a: Any, b: Any) -> bool:
    """Equal, and of the same type at every level (``True == 1`` and ``(1,) == [1]`` do not do)."""
    if type(a) is not type(b):
        return False
    if attrs.has(type(a)):
        return all(same(getattr(a, f.name), getattr(b, f.name)) for f in attrs.fields(type(a)))
    if isinstance(a, list | tuple):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, Mapping):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    return bool(a == b)


def _converter_result(data: Any, type_: Any) -> tuple[bool, Any]:
    try:
        return True, _default_converter().structure(data, type_)
    except Exception as exc:  # what cattrs or a constructor raises
        return False, exc


def _direct_result(data: Any, type_: Any) -> tuple[bool, Any]:
    hook = _direct(type_)
    assert hook is not None, type_
    try:
        return True, hook(data)
    except Exception as exc:
        return False, exc


def agree(data: Any, type_: Any) -> None:
    ok, direct = _direct_result(data, type_)
    good, converted = _converter_result(data, type_)
    if ok:
        assert good, f"the direct path accepted what cattrs refuses: {converted!r}"
        assert same(direct, converted)


def _documents() -> list[tuple[str, Any, type]]:
    docs: list[tuple[str, Any, type]] = [
        (p.parent.name, tomllib.loads(p.read_text("utf-8")), Pack) for p in PACK_FILES
    ]
    docs.append(("safety", tomllib.loads(SAFETY.read_text("utf-8")), CoreSafety))
    return docs


DOCUMENTS = _documents()


def _tables(value: Any, type_: Any) -> Iterator[tuple[Any, Any]]:
    """Every (data, type) inside a document, as the converter meets them."""
    yield value, type_
    origin, args = get_origin(type_), get_args(type_)
    if origin in (types.UnionType,) and value is not None:
        inner = next(a for a in args if a is not type(None))
        yield from _tables(value, inner)
    elif origin in (tuple, list) and isinstance(value, list):
        for item in value:
            yield from _tables(item, args[0])
    elif attrs.has(type_) and isinstance(value, Mapping):
        attrs.resolve_types(type_)
        for field in attrs.fields(type_):
            if field.name in value:
                yield from _tables(value[field.name], field.type)


TABLES = [(data, type_) for _, doc, top in DOCUMENTS for data, type_ in _tables(doc, top)]
ODD_VALUES: list[Any] = [None, True, False, 0, 1, -1, 2.5, "", "x", "yes", [], ["x"], {}, {"x": 1}]


def test_every_type_of_a_pack_and_the_rules_has_a_direct_path() -> None:
    for _, type_ in TABLES:
        assert _direct(type_) is not None, type_


@pytest.mark.parametrize(("name", "doc", "type_"), DOCUMENTS, ids=[d[0] for d in DOCUMENTS])
def test_real_documents_structure_the_same_both_ways(name: str, doc: Any, type_: type) -> None:
    ok, direct = _direct_result(doc, type_)
    assert ok, direct
    good, converted = _converter_result(doc, type_)
    assert good
    assert same(direct, converted)
    assert same(structure(doc, type_, source=name), converted)


def _mutations(data: Any, rng: random.Random) -> Iterator[Any]:
    """Broken and odd copies of one table: values swapped, keys dropped or added."""
    if isinstance(data, Mapping) and data:
        keys = list(data)
        for key in keys:
            dropped = dict(data)
            del dropped[key]
            yield dropped
            for odd in rng.sample(ODD_VALUES, 4):
                yield {**data, key: odd}
            value = data[key]
            if isinstance(value, str):
                yield {**data, key: value.upper()}
                yield {**data, key: value[:-1]}
            if isinstance(value, list) and value:
                yield {**data, key: [*value, rng.choice(ODD_VALUES)]}
                yield {**data, key: tuple(value)}
        yield {**data, "unknown_key": 1}
        yield {**data, keys[0].upper(): data[keys[0]]}
    for odd in ODD_VALUES:
        yield odd


def test_broken_tables_are_refused_or_read_alike() -> None:
    rng = random.Random(13)
    checked = 0
    for data, type_ in TABLES:
        if not attrs.has(type_) and rng.random() < 0.7:
            continue
        for mutated in _mutations(data, rng):
            agree(copy.deepcopy(mutated), type_)
            checked += 1
    assert checked > 2000


class _Colour(enum.Enum):
    ONE = 1
    TWO = "two"


@pytest.mark.parametrize("value", [1, True, 1.0, "two", "TWO", 2, None, [1]])
def test_enums_are_matched_as_the_converter_matches_them(value: Any) -> None:
    agree(value, _Colour)
    agree(value, _Colour | None)
    agree([value], tuple[_Colour, ...])


@pytest.mark.parametrize(
    "type_", [str, int, float, bool, int | None, tuple[int, ...], list[str], Mapping[str, int]]
)
@pytest.mark.parametrize("value", [*ODD_VALUES, (1,), ("a",), {"a": 1}, {1: 1}, 3.0])
def test_leaves_and_containers_agree(type_: Any, value: Any) -> None:
    agree(value, type_)


class _Text(str):
    pass


def test_types_it_does_not_know_are_left_to_cattrs() -> None:
    assert _direct(tuple[int, str]) is None  # a fixed tuple: cattrs reads "ab" as ('a', 'b')
    assert _direct(int | str) is None
    assert _direct(_Text) is None  # a str subclass: cattrs dispatches it by class
    assert _direct(set[int]) is None


def test_errors_are_the_converters_word_for_word() -> None:
    _, doc, _ = DOCUMENTS[0]
    broken = copy.deepcopy(doc)
    broken["conditions"][0]["pregnancy"] = "yes"
    broken["points"] = "none"
    broken["summary"] = 3
    broken["unknown"] = 1
    with pytest.raises(DataError) as fast:
        structure(broken, Pack, source="p.toml")
    _convert._direct_hooks[Pack] = None  # the shortcut off
    try:
        with pytest.raises(DataError) as slow:
            structure(broken, Pack, source="p.toml")
    finally:
        del _convert._direct_hooks[Pack]
    assert fast.value.problems == slow.value.problems
    assert len(fast.value.problems) >= 4


def test_a_clean_pack_is_read_without_importing_cattrs() -> None:
    code = (
        "import sys; from acupress._packs.document import read_pack_document as r; "
        f"r(open({str(PACK_FILES[0])!r}, encoding='utf-8').read(), 'p'); "
        "print('cattrs' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# -- the shape check of a pack's text --------------------------------------------------------


_FRAGMENTS = [
    "[", "]", "{", "}", ".", "=", ",", "\n", '"', "'", '"""', "'''", "#", "\\", "a", " ",
    "\\\n", '\\"', "'''''", '"""""', "[" * 25, "{" * 12, "]" * 3, "." * 31, "." * 32,
    "a." * 16, "k = ", '"a.b.c"', "# [[[[\n",
]  # fmt: skip


@given(st.lists(st.sampled_from(_FRAGMENTS), max_size=80).map("".join))
def test_the_bulk_shape_check_agrees_with_the_scan(text: str) -> None:
    assert document._plainly_fits(text) == (document._scanned_problem(text) is None)
    assert document.shape_problem(text) == document._scanned_problem(text)


def test_the_bulk_shape_check_agrees_on_real_and_hostile_texts() -> None:
    texts = [p.read_text("utf-8") for p in PACK_FILES]
    deep = "x = " + "[" * 30 + "]" * 30 + "\n"
    dotted = "a" + ".b" * 40 + " = 1\n"
    texts += [deep, dotted, texts[0] + deep, '"' + deep, "'''" + deep, "# " + dotted + dotted]
    for text in texts:
        assert document._plainly_fits(text) == (document._scanned_problem(text) is None), text
    assert document.shape_problem(deep) is not None
    assert document.shape_problem(dotted) is not None


# -- discovery without importlib-metadata ------------------------------------------------------


def _by_backport() -> tuple[Any, ...]:
    import functools

    import importlib_metadata

    from acupress._packs import discovery

    return discovery._collect(
        (functools.partial(discovery._dist_text, dist, "entry_points.txt"), dist)
        for dist in importlib_metadata.distributions()
    )


def _backport_folders() -> list[str]:
    import importlib_metadata

    return [str(getattr(dist, "_path", "")) for dist in importlib_metadata.distributions()]


def _dist(folder: Path, name: str, metadata: str | None, entry_points: str | None) -> None:
    info = folder / name
    info.mkdir(parents=True)
    if metadata is not None:
        (info / "METADATA").write_text(metadata, "utf-8")
    if entry_points is not None:
        (info / "entry_points.txt").write_text(entry_points, "utf-8")


def _pack_dist(folder: Path, name: str, project: str, version: str, pack: str) -> None:
    _dist(
        folder,
        name,
        f"Metadata-Version: 2.1\nName: {project}\nVersion: {version}\n\nbody\n",
        f"[console_scripts]\nx = y\n\n[acupress.packs]\n{pack} = {pack.replace('-', '_')}\n",
    )


def test_the_installed_packs_are_found_alike_without_importlib_metadata() -> None:
    from acupress._packs import discovery

    folders = discovery._metadata_folders()
    assert folders is not None
    assert folders == _backport_folders()
    assert discovery._scan() == _by_backport()
    assert len(discovery._scan()) >= 7


def test_odd_folders_are_read_in_importlib_metadatas_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from acupress._packs import discovery

    one, two, egg = tmp_path / "one", tmp_path / "two", tmp_path / "old.egg"
    # Two copies of one project in one folder, spelled apart; the first listed must win, and
    # listing order is the folder's, not sorted.
    _pack_dist(one, "Pack_Alpha-2.0.dist-info", "pack-alpha", "2.0", "alpha")
    _pack_dist(one, "zeta-1.0.dist-info", "zeta", "1.0", "zeta")
    _pack_dist(one, "pack.alpha-1.0.dist-info", "Pack.Alpha", "1.0", "alpha")
    _pack_dist(one, "PACK-alpha-0.5.EGG-INFO", "pack_alpha", "0.5", "alpha")
    (one / "broken-1.0.dist-info").write_text("a file, not a folder", "utf-8")
    _dist(one, "nameless-1.0.dist-info", None, "[acupress.packs]\nnameless = nameless\n")
    _dist(one, "plain-1.0.dist-info", "Name: plain\nVersion: 1\n", None)
    _pack_dist(two, "zeta-3.0.dist-info", "zeta", "3.0", "zeta")
    _pack_dist(egg, "EGG-INFO", "old", "0.1", "old")
    (egg / "EGG-INFO" / "PKG-INFO").write_text("Name: old\nVersion: 0.1\n", "utf-8")
    (egg / "EGG-INFO" / "METADATA").unlink()
    paths = [str(one), "", str(tmp_path / "missing"), str(two) + "/", str(egg)]
    monkeypatch.setattr(sys, "path", paths)
    monkeypatch.chdir(two)
    folders = discovery._metadata_folders()
    assert folders is not None
    assert folders == _backport_folders()
    found = discovery._scan()
    assert found == _by_backport()
    names = {(p.name, p.distribution, p.version) for p in found}
    assert ("old", "old", "0.1") in names
    assert ("nameless", "unknown", "unknown") in names


def test_a_zip_or_a_finder_of_its_own_is_left_to_importlib_metadata(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import zipfile

    from acupress._packs import discovery

    archive = tmp_path / "packs.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("zpack-1.0.dist-info/METADATA", "Name: zpack\nVersion: 1.0\n")
        z.writestr("zpack-1.0.dist-info/entry_points.txt", "[acupress.packs]\nzpack = zpack\n")
    monkeypatch.setattr(sys, "path", [str(archive), *sys.path])
    assert discovery._metadata_folders() is None
    assert any(p.name == "zpack" for p in discovery._scan())
    assert discovery._scan() == _by_backport()
    monkeypatch.setattr(sys, "path", sys.path[1:])

    class Finder:
        def find_spec(self, *args: object) -> None:
            return None

        def find_distributions(self, *args: object) -> list[object]:
            return []

    monkeypatch.setattr(sys, "meta_path", [*sys.meta_path, Finder()])
    assert discovery._metadata_folders() is None
    monkeypatch.setattr(sys, "meta_path", sys.meta_path[:-1])
    assert discovery._metadata_folders() is not None
    monkeypatch.setattr(sys, "path", [*sys.path, b"bytes"])
    assert discovery._metadata_folders() is None


def test_a_first_run_finds_the_packs_without_importing_importlib_metadata(tmp_path: Path) -> None:
    code = (
        "import sys, acupress; from acupress._packs.discovery import find_packs; "
        "print(len(find_packs()), 'importlib_metadata' in sys.modules)"
    )
    env = {**os.environ, "ACUPRESS_CACHE_DIR": str(tmp_path)}
    env.pop("ACUPRESS_NO_PACKS", None)
    env.pop("ACUPRESS_PACKS", None)
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    )
    count, imported = out.stdout.split()
    assert int(count) >= 7
    assert imported == "False"
