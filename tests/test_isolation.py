"""Each pack isolated: nothing one installed pack does while it is found, imported, read or
parsed stops another from loading, and every such failure is that pack's error, by its name.

Broken installed distributions (bad metadata, bad entry points, a module raising anything at
import, a pack.toml that is a FIFO, a link to /dev/zero, huge or nested past the stack) are
installed next to a good pack, one by one and drawn together by Hypothesis. Also: what is read
is bounded before it is parsed, and a warm load imports no pack module and reads no pack file.
"""

from __future__ import annotations

import os
import sys
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

import acupress
from acupress import PackError
from acupress._packs import loading
from acupress._packs.discovery import read_pack
from acupress._packs.document import (
    MAX_DEPTH,
    MAX_KEY_PARTS,
    MAX_PACK_BYTES,
    parse_pack,
    read_pack_document,
    shape_problem,
)
from acupress.testing import install_fake_pack, minimal_pack, to_toml

GOOD = to_toml(minimal_pack(id="zz-good"))


def _dist_info(site: Path, name: str) -> Path:
    return site / f"acupress_pack_{name.replace('-', '_')}-1.0.0.dist-info"


def _bad_import(raise_: str) -> Callable[[Path, str], None]:
    def breaks(site: Path, name: str) -> None:
        package = install_fake_pack(site, to_toml(minimal_pack(id=name)), name=name)
        (package / "__init__.py").write_text(raise_ + "\n", encoding="utf-8")

    return breaks


def _bad_file(make: Callable[[Path], object]) -> Callable[[Path, str], None]:
    def breaks(site: Path, name: str) -> None:
        package = install_fake_pack(site, to_toml(minimal_pack(id=name)), name=name)
        target = package / "pack.toml"
        target.unlink()
        make(target)

    return breaks


def _bad_text(suffix: str) -> Callable[[Path, str], None]:
    def breaks(site: Path, name: str) -> None:
        install_fake_pack(site, to_toml(minimal_pack(id=name)) + suffix, name=name)

    return breaks


def _bad_dist_file(file: str, content: bytes) -> Callable[[Path, str], None]:
    def breaks(site: Path, name: str) -> None:
        install_fake_pack(site, to_toml(minimal_pack(id=name)), name=name)
        (_dist_info(site, name) / file).write_bytes(content.replace(b"NAME", name.encode()))

    return breaks


def _bad_range(spec: str) -> Callable[[Path, str], None]:
    def breaks(site: Path, name: str) -> None:
        install_fake_pack(site, to_toml(minimal_pack(id=name, acupress=spec)), name=name)

    return breaks


def _huge(target: Path) -> None:
    with open(target, "wb") as f:
        f.truncate(MAX_PACK_BYTES + 1)


def _when_any(depth: int) -> str:
    return (
        "\n[[rules]]\nid = 'deep'\nseverity = 'avoid'\nreason = 'r'\nwhen = "
        + "{ any = [" * depth
        + "'pregnant'"
        + "] }" * depth
        + "\n"
    )


# Each breaks one installed pack named ``name`` (its distribution acupress-pack-<name> 1.0.0),
# and the error must say something containing the cause given here.
BROKEN: dict[str, tuple[Callable[[Path, str], None], str]] = {
    "module raises SystemExit": (_bad_import("raise SystemExit(3)"), "SystemExit"),
    "module raises RecursionError": (_bad_import("def f(): f()\nf()"), "RecursionError"),
    "module raises MemoryError": (_bad_import("raise MemoryError"), "MemoryError"),
    "module raises ValueError": (_bad_import("raise ValueError('no')"), "ValueError"),
    "module raises GeneratorExit": (_bad_import("raise GeneratorExit"), "GeneratorExit"),
    "module raises BaseException": (_bad_import("raise BaseException('x')"), "BaseException"),
    "module has a syntax error": (_bad_import("def ("), "SyntaxError"),
    "pack.toml is a FIFO": (_bad_file(lambda p: os.mkfifo(p)), "not a regular file"),
    "pack.toml links to /dev/zero": (
        _bad_file(lambda p: p.symlink_to("/dev/zero")),
        "not a regular file",
    ),
    "pack.toml is a folder": (_bad_file(lambda p: p.mkdir()), "not a regular file"),
    "pack.toml is missing": (_bad_file(lambda p: None), "No such file"),
    "pack.toml is huge": (_bad_file(_huge), "too large"),
    "pack.toml is not UTF-8": (_bad_file(lambda p: p.write_bytes(b"id = '\xff'")), "UTF-8"),
    "arrays nested 300 deep": (_bad_text("x = " + "[" * 300 + "]" * 300 + "\n"), "nested"),
    "tables nested 300 deep": (_bad_text("x = " + "{a=" * 300 + "1" + "}" * 300), "nested"),
    "when.any nested 200 deep": (_bad_text(_when_any(200)), "nested"),
    "a dotted key of 20,000 parts": (_bad_text("k" + ".k" * 20_000 + " = 1\n"), "dotted key"),
    "a 5,000-digit integer": (_bad_text("x = " + "9" * 5000 + "\n"), "invalid TOML"),
    "a range packaging cannot read": (_bad_range("~=1"), "$.acupress: not a version range"),
    "an entry point that is no module": (
        _bad_dist_file("entry_points.txt", b"[acupress.packs]\nNAME = ::not a module::\n"),
        "is not 'module' or 'module:attribute'",
    ),
    "an entry point with a byte that is not UTF-8": (
        _bad_dist_file("entry_points.txt", b"[acupress.packs]\nNAME = acupress_fake_\xff\n"),
        "is not 'module' or 'module:attribute'",
    ),
    "an entry point naming a module not installed": (
        _bad_dist_file("entry_points.txt", b"[acupress.packs]\nNAME = no_such_module_here\n"),
        "ModuleNotFoundError",
    ),
    "an entry point named differently from the pack": (
        _bad_dist_file("entry_points.txt", b"[acupress.packs]\nNAME = acupress_fake_zz_good\n"),
        "the pack calls itself",
    ),
}


def _installed(library: acupress.Library, name: str) -> list[Any]:
    return [s for s in library.statuses if s.name == name and s.distribution is not None]


def assert_isolated(library: acupress.Library, broken: dict[str, str]) -> None:
    """The good pack loaded; each broken one is an error naming it and saying ``broken[name]``."""
    assert "zz-good" in [p.id for p in library.packs]
    for name, cause in broken.items():
        (status,) = _installed(library, name)
        assert status.status == "error"
        error = status.error or ""
        assert f"{name} (acupress-pack-{name} 1.0.0)" in error, error
        assert cause in error, error
        assert status.distribution == f"acupress-pack-{name}"
        assert status.version == "1.0.0"
        assert name not in [p.id for p in library.packs]


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_a_broken_pack_is_its_own_error(case: str, fake_pack: Callable[..., Path]) -> None:
    site = fake_pack(GOOD, name="zz-good").parent
    breaks, cause = BROKEN[case]
    breaks(site, "bad")
    acupress.refresh()
    for _ in range(2):  # the first load, and a warm one: a broken pack is never cached
        assert_isolated(acupress.Library.build(), {"bad": cause})
        acupress.refresh()


def test_the_file_of_a_broken_pack_is_named(fake_pack: Callable[..., Path]) -> None:
    site = fake_pack(GOOD, name="zz-good").parent
    _bad_text("x = " + "[" * 300 + "]" * 300)(site, "bad")
    acupress.refresh()
    (status,) = _installed(acupress.Library.build(), "bad")
    assert "acupress_fake_bad/pack.toml: nested too deeply" in (status.error or "")


def test_keyboard_interrupt_at_import_is_the_users(fake_pack: Callable[..., Path]) -> None:
    site = fake_pack(GOOD, name="zz-good").parent
    _bad_import("raise KeyboardInterrupt")(site, "bad")
    acupress.refresh()
    with pytest.raises(KeyboardInterrupt):
        acupress.Library.build()


def test_a_strict_build_refuses_a_broken_pack_by_name(fake_pack: Callable[..., Path]) -> None:
    site = fake_pack(GOOD, name="zz-good").parent
    _bad_import("raise SystemExit(3)")(site, "bad")
    acupress.refresh()
    with pytest.raises(PackError, match=r"bad \(acupress-pack-bad 1\.0\.0\).*SystemExit"):
        acupress.Library.build(strict=True)


@pytest.mark.parametrize(
    "content",
    [
        b"[console_scripts]\nx = y:\xff\n",
        b"\xff\xfe[acupress.packs]\n\x00\x00",
        b"[acupress.packs]\n" + b"\xff" * 10_000,
        b"[acupress.packs]\nx = y\n" * 200_000,
        None,
    ],
    ids=["bad byte", "utf-16 and nulls", "garbage in the group", "huge", "fifo"],
)
def test_a_bad_file_in_another_distribution_breaks_nothing(
    content: bytes | None, fake_pack: Callable[..., Path]
) -> None:
    site = fake_pack(GOOD, name="zz-good").parent
    other = site / "other_tool-2.0.dist-info"
    other.mkdir()
    for file in ("METADATA", "entry_points.txt"):
        if content is None:
            os.mkfifo(other / file)
        elif file == "METADATA":
            (other / file).write_bytes(b"Metadata-Version: 2.1\nName: other-tool\nVersion: 2.0\n")
        else:
            (other / file).write_bytes(content)
    acupress.refresh()
    library = acupress.Library.build()
    assert "zz-good" in [p.id for p in library.packs]
    assert all(s.status == "ok" for s in library.statuses if s.name == "zz-good")


def test_a_bad_byte_in_a_packs_metadata_keeps_its_name(fake_pack: Callable[..., Path]) -> None:
    site = fake_pack(GOOD, name="zz-good").parent
    install_fake_pack(site, to_toml(minimal_pack(id="odd")), name="odd")
    (_dist_info(site, "odd") / "METADATA").write_bytes(
        b"Metadata-Version: 2.1\nName: acupress-pack-odd\nVersion: 1.0.0\nSummary: \xff\n"
    )
    acupress.refresh()
    library = acupress.Library.build()
    assert {"zz-good", "odd"} <= {p.id for p in library.packs}
    (status,) = _installed(library, "odd")
    assert (status.distribution, status.version) == ("acupress-pack-odd", "1.0.0")


# -- the document's shape, bounded before parsing ---------------------------------------------


def _nested(depth: int, kind: str) -> str:
    opening, closing = {"array": ("[", "]"), "table": ("{a = ", "}"), "any": ("{any = [", "]}")}[
        kind
    ]
    return f"x = {opening * depth}1{closing * depth}\n"


@pytest.mark.parametrize("kind", ["array", "table", "any"])
def test_nesting_is_bounded_before_tomllib(kind: str) -> None:
    per_level = 2 if kind == "any" else 1
    assert shape_problem(_nested(MAX_DEPTH // per_level - 1, kind)) is None
    text = _nested(1000, kind)
    assert "nested too deeply" in (shape_problem(text) or "")
    with pytest.raises(PackError, match="nested too deeply"):
        read_pack_document(text, "deep.toml")


def test_dotted_keys_are_bounded_before_tomllib() -> None:
    assert shape_problem("a" + ".b" * (MAX_KEY_PARTS - 2) + " = 1\n") is None
    assert shape_problem("[t" + ".b" * (MAX_KEY_PARTS - 2) + "]\n") is None
    for text in (
        "a" + ".b" * 20_000 + " = 1\n",
        "[t" + ".b" * 20_000 + "]\n",
        "x = { " + "a." * 20_000 + "a = 1 }\n",
        'x = { "q"' + '."q"' * 20_000 + " = 1 }\n",
        "a" + " . b" * 20_000 + " = 1\n",
    ):
        assert "dotted key" in (shape_problem(text) or ""), text[:20]


def test_what_looks_like_structure_inside_strings_and_comments_is_not() -> None:
    inner = "[" * 100 + "." * 100 + "{" * 100
    for text in (
        f'x = "{inner}"\n',
        f"x = '{inner}'\n",
        f'x = """\n{inner}\n"""\n',
        f"x = '''\n{inner}\n'''\n",
        f"# {inner}\nx = 1\n",
        'x = "a\\"' + inner + '"\n',
        'x = """a""""\ny = 1\n',
        "x = [1.5, 2.5, 1979-05-27T07:32:00.999]\n",
    ):
        assert shape_problem(text) is None, text[:30]
        tomllib.loads(text)


@pytest.mark.parametrize(
    "text",
    [
        'x = ["""a"""", ' + "[" * 300 + "]" * 301,  # a closing quote more than the three
        "x = ['''a'''', " + "[" * 300 + "]" * 301,
        "x = '\\'\ny = " + "[" * 300 + "]" * 300,  # no escapes in a literal string
        'x = "a\\\\"' + ", y = " + "[" * 300,  # an escaped backslash ends nothing
    ],
)
def test_strings_cannot_hide_nesting(text: str) -> None:
    assert shape_problem(text) is not None


def test_a_document_over_the_size_limit_is_refused_unparsed() -> None:
    with pytest.raises(PackError, match="too large"):
        read_pack_document("#" * (MAX_PACK_BYTES + 1), "big.toml")


_PIECES = st.sampled_from(
    ["[", "]", "{", "}", "a", "=", " = ", ",", ".", "\n", '"', "'", '"""', "'''", "#", "\\", "1"]
)


def _depth(value: Any) -> int:
    deepest, stack = 0, [(value, 0)]
    while stack:
        item, level = stack.pop()
        deepest = max(deepest, level)
        children = (
            item.values() if isinstance(item, dict) else item if isinstance(item, list) else ()
        )
        stack.extend((child, level + 1) for child in children)
    return deepest


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=60).map("".join), st.integers(0, 400), st.sampled_from("[{."))
def test_text_the_shape_check_passes_parses_within_the_bounds(
    prefix: str, repeat: int, piece: str
) -> None:
    """Whatever the text, once the check passes tomllib cannot recurse past the bounds or build
    keys longer than they allow: it parses, or refuses with TOMLDecodeError."""
    filler = {"[": "x = " + "[" * repeat, "{": "x = " + "{a=" * repeat, ".": "k" + ".k" * repeat}
    text = prefix + filler[piece]
    if shape_problem(text) is not None:
        return
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return
    assert _depth(document) <= MAX_DEPTH + MAX_KEY_PARTS


def test_duplicate_checks_are_linear_at_20000_items() -> None:
    document = minimal_pack(id="many")
    evidence = {"kind": "guideline", "title": "t", "url": "https://example.org/x"}
    document["references"] = [{"id": f"r{i % 10_000}", **evidence} for i in range(20_000)]
    with pytest.raises(PackError) as caught:
        parse_pack(to_toml(document), "many.toml", {"LI4": object()})
    problems = caught.value.problems
    assert len([p for p in problems if "used twice" in p]) == 10_000


# -- a warm load imports nothing ------------------------------------------------------------


def test_a_warm_load_imports_no_pack_module_and_reads_no_pack_file(
    fake_pack: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    site = fake_pack(GOOD, name="zz-good").parent
    for i in range(5):
        install_fake_pack(site, to_toml(minimal_pack(id=f"warm{i}")), name=f"warm{i}")
    acupress.refresh()
    first = acupress.Library.build()
    for name in [m for m in sys.modules if m.startswith("acupress_fake_")]:
        del sys.modules[name]
    acupress.refresh()

    def no_reading(info: Any) -> tuple[str, str]:
        raise AssertionError(f"{info.name} was imported and read on a warm load")

    monkeypatch.setattr(loading, "read_pack", no_reading)
    warm = acupress.Library.build()
    assert [m for m in sys.modules if m.startswith("acupress_fake_")] == []
    assert warm.packs == first.packs
    assert [s.status for s in warm.statuses] == [s.status for s in first.statuses]


@pytest.mark.parametrize("change", ["pack.toml", "__init__.py", "version", "entry point"])
def test_any_change_to_an_installed_pack_is_seen(
    change: str, fake_pack: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    package = fake_pack(GOOD, name="zz-good")
    site = package.parent
    install_fake_pack(site, to_toml(minimal_pack(id="edited")), name="edited")
    acupress.refresh()
    assert acupress.Library.build().pack("edited").summary != "Edited in place."
    folder = site / "acupress_fake_edited"
    if change == "pack.toml":  # the same size and time, other text: the change time differs
        path = folder / "pack.toml"
        before = path.stat()
        text = to_toml(minimal_pack(id="edited", summary="Edited in place."))
        path.write_text(text, encoding="utf-8")
        os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
        expected = "Edited in place."
    elif change == "__init__.py":
        (folder / "__init__.py").write_text("raise SystemExit(1)\n", encoding="utf-8")
        expected = None
    elif change == "version":
        info = _dist_info(site, "edited")
        info.rename(site / "acupress_pack_edited-2.0.0.dist-info")
        (site / "acupress_pack_edited-2.0.0.dist-info" / "METADATA").write_text(
            "Metadata-Version: 2.1\nName: acupress-pack-edited\nVersion: 2.0.0\n",
            encoding="utf-8",
        )
        expected = "read again"
    else:
        other = site / "acupress_fake_moved"
        folder.rename(other)
        (other / "pack.toml").write_text(
            to_toml(minimal_pack(id="edited", summary="Edited in place.")), encoding="utf-8"
        )
        (_dist_info(site, "edited") / "entry_points.txt").write_text(
            "[acupress.packs]\nedited = acupress_fake_moved\n", encoding="utf-8"
        )
        expected = "Edited in place."
    for name in [m for m in sys.modules if m.startswith("acupress_fake_")]:
        del sys.modules[name]
    acupress.refresh()
    reads: list[str] = []
    real = read_pack

    def counted(info: Any) -> tuple[str, str]:
        reads.append(info.name)
        return real(info)

    monkeypatch.setattr(loading, "read_pack", counted)
    library = acupress.Library.build()
    assert "edited" in reads
    (status,) = _installed(library, "edited")
    if expected is None:
        assert status.status == "error"
        assert "SystemExit" in (status.error or "")
    elif change == "version":
        assert status.status == "ok"
        assert _dist_info(site, "edited").exists() is False
    else:
        assert library.pack("edited").summary == expected


# -- the fuzzer: broken distributions and malformed documents, several at once ----------------


_MALFORMED = st.one_of(
    st.text(max_size=200),
    st.lists(_PIECES, max_size=80).map("".join),
    st.builds(
        lambda doc, key, value: to_toml({**doc, key: value}),
        st.just(minimal_pack(id="PLACEHOLDER")),
        st.sampled_from(["id", "acupress", "conditions", "indications", "rules", "extra"]),
        st.one_of(st.text(max_size=20), st.integers(), st.lists(st.integers(), max_size=3)),
    ),
)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    broken=st.lists(st.sampled_from(sorted(BROKEN)), min_size=1, max_size=3),
    documents=st.lists(_MALFORMED, max_size=2),
)
def test_fuzzed_broken_packs_never_stop_the_others(
    broken: list[str], documents: list[str], tmp_path_factory: pytest.TempPathFactory
) -> None:
    site = tmp_path_factory.mktemp("site")
    install_fake_pack(site, GOOD, name="zz-good")
    causes: dict[str, str] = {}
    for i, case in enumerate(broken):
        name = f"broken{i}"
        breaks, causes[name] = BROKEN[case]
        breaks(site, name)
    malformed = []
    for i, text in enumerate(documents):
        name = f"fuzzed{i}"
        install_fake_pack(site, text.replace("PLACEHOLDER", name), name=name)
        malformed.append(name)
    with pytest.MonkeyPatch.context() as mp:
        mp.syspath_prepend(str(site))
        mp.delenv("ACUPRESS_NO_PACKS", raising=False)
        mp.delenv("ACUPRESS_PACKS", raising=False)
        try:
            acupress.refresh()
            library = acupress.Library.build()
            assert_isolated(library, causes)
            for name in malformed:
                (status,) = _installed(library, name)
                if status.status == "error":
                    assert f"{name} (acupress-pack-{name} 1.0.0)" in (status.error or "")
        finally:
            for module in [m for m in sys.modules if m.startswith("acupress_fake_")]:
                del sys.modules[module]
            acupress.refresh()


@pytest.mark.parametrize("spec", ["~=0.1a1", "~=v0.1", ">=0.1a1,<1", "==v0.*"])
def test_odd_version_ranges_are_read_by_packaging(
    spec: str, fake_pack: Callable[..., Path]
) -> None:
    from packaging.specifiers import SpecifierSet

    fake_pack(GOOD, name="zz-good")
    fake_pack(to_toml(minimal_pack(id="ranged", acupress=spec)), name="ranged")
    (status,) = _installed(acupress.Library.build(), "ranged")
    expected = SpecifierSet(spec).contains(acupress.__version__, prereleases=True)
    assert (status.status == "ok") is expected, status.error


@pytest.mark.parametrize("kind", ["fifo", "device", "folder of a fifo", "huge"])
def test_a_given_pack_file_is_read_only_if_it_is_a_small_regular_file(
    kind: str, tmp_path: Path
) -> None:
    target = tmp_path / "pack.toml"
    if kind == "device":
        target.symlink_to("/dev/zero")
    elif kind == "huge":
        _huge(target)
    else:
        os.mkfifo(target)
    given = tmp_path if kind == "folder of a fifo" else target
    library = acupress.Library.build([given], discover=False)
    (status,) = library.statuses
    assert status.status == "error"
    assert str(target) in (status.error or "")
    assert ("too large" if kind == "huge" else "not a regular file") in (status.error or "")


def test_a_broken_pack_claiming_another_id_does_not_pass_for_it(
    fake_pack: Callable[..., Path],
) -> None:
    fake_pack(GOOD, name="zz-good")
    impostor = to_toml(minimal_pack(id="zz-good", version="not a version"))
    fake_pack(impostor, name="impostor")
    library = acupress.Library.build()
    (status,) = _installed(library, "impostor")
    assert status.status == "error"
    assert [s.status for s in _installed(library, "zz-good")] == ["ok"]
    acupress.Library.build(require=["zz-good"])  # the real one counts as loaded


def test_a_zipped_pack_is_read_alone_and_the_others_stay_cached(
    fake_pack: Callable[..., Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import zipfile

    fake_pack(GOOD, name="zz-good")
    zipped_site = tmp_path / "zipped"
    install_fake_pack(zipped_site, to_toml(minimal_pack(id="zipped")), name="zipped")
    archive = tmp_path / "packs.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for path in sorted(zipped_site.rglob("*")):
            if path.is_file():
                zf.write(path, path.relative_to(zipped_site).as_posix())
    monkeypatch.syspath_prepend(str(archive))
    acupress.refresh()
    assert {"zz-good", "zipped"} <= {p.id for p in acupress.Library.build().packs}
    for name in [m for m in sys.modules if m.startswith("acupress_fake_")]:
        del sys.modules[name]
    acupress.refresh()
    reads: list[str] = []

    def counted(info: Any) -> tuple[str, str]:
        reads.append(info.name)
        return read_pack(info)

    monkeypatch.setattr(loading, "read_pack", counted)
    assert {"zz-good", "zipped"} <= {p.id for p in acupress.Library.build().packs}
    assert reads == ["zipped"]  # found only by importing it; the pack on disk is not read
