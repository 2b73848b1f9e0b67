"""The documentation: the example pack is valid, the marked examples run, the CLI page is complete.

A fenced block right after a ``<!-- test -->`` line in ``docs/*.md`` is run:

- ``python``: blocks with ``>>>`` prompts are doctests (output checked); others are executed.
  The blocks of one page share a namespace, in order, like a reader going through the page.
- ``sh``: every line is an ``acupress ...`` command (optionally ending in ``> FILE``), run
  in-process; it must exit with 0.
- ``toml``: a fragment appended to the example pack, which must stay valid.

Examples run in a temporary folder, against a library of the packs in ``packs/`` (installed or
not), which stands in for the default library so that ``acupress.load()`` returns it.
"""

from __future__ import annotations

import doctest
import re
import shlex
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

import acupress
from acupress import _default
from acupress.testing import assert_valid_pack

from .conftest import CLI, PACKS, ROOT, Result

DOCS = ROOT / "docs"
EXAMPLE_PACK = DOCS / "examples" / "example-pack"
MARKER = "<!-- test -->"
PAGES = sorted(DOCS.glob("*.md"))
FENCE = re.compile(r"^(`{3,})\s*([\w-]*)")


def marked_blocks(page: Path) -> list[tuple[int, str, str]]:
    """Every fenced block right after a marker: (line number, language, code)."""
    lines = page.read_text(encoding="utf-8").splitlines()
    blocks = []
    i = 0
    while i < len(lines):
        if lines[i].strip() == MARKER:
            start = i + 1
            while start < len(lines) and not lines[start].strip():
                start += 1
            fence = FENCE.match(lines[start]) if start < len(lines) else None
            assert fence, f"{page.name}:{i + 1}: {MARKER} is not followed by a code block"
            end = start + 1
            while end < len(lines) and lines[end].strip() != fence.group(1):
                end += 1
            blocks.append((start + 2, fence.group(2), "\n".join(lines[start + 1 : end])))
            i = end
        i += 1
    return blocks


def fenced_blocks(page: Path, language: str) -> Iterator[str]:
    """The text of every fenced block of one language on a page, marked or not."""
    text = page.read_text(encoding="utf-8")
    pattern = rf"^```{language}\n(.*?)^```"
    yield from (m.group(1) for m in re.finditer(pattern, text, re.DOTALL | re.MULTILINE))


@pytest.fixture
def docs_env(
    packed_library: acupress.Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> acupress.Library:
    """A temporary working folder, and the repository's packs as the default library."""
    monkeypatch.setattr(_default, "_default", packed_library)
    monkeypatch.chdir(tmp_path)
    return packed_library


def run_cli(line: str) -> Result:
    """Run one ``acupress ...`` command line in-process; ``> FILE`` at the end saves stdout.

    The parameter lists below call this at collection time, before any fixture: so it uses
    conftest's CLI, the object the ``cli`` fixture returns.
    """
    args = shlex.split(line, comments=True)
    target = None
    if len(args) > 2 and args[-2] == ">":
        *args, _, target = args
    assert args[:1] == ["acupress"], f"not an acupress command: {line!r}"
    assert not {">", "|"} & set(args), f"only a final '> FILE' is supported: {line!r}"
    result = CLI.run(*args[1:])
    if target is not None:
        Path(target).write_text(result.out, encoding="utf-8")
    return result


def help_text(*args: str) -> str:
    code, out, err = run_cli(shlex.join(["acupress", *args, "--help"]))
    assert code == 0, err
    return out


def subcommands() -> list[str]:
    text = help_text()
    section = text.split("positional arguments:", 1)[1].split("options:", 1)[0]
    return re.findall(r"^ {4}([a-z][a-z-]*)\b", section, re.MULTILINE)


# -- the example pack --------------------------------------------------------------------


def test_example_pack_is_valid() -> None:
    assert_valid_pack(EXAMPLE_PACK)


def test_example_pack_entry_point_matches_its_id() -> None:
    pack = tomllib.loads((EXAMPLE_PACK / "pack.toml").read_text(encoding="utf-8"))
    project = tomllib.loads((EXAMPLE_PACK / "pyproject.toml").read_text(encoding="utf-8"))
    entry_points = project["project"]["entry-points"]["acupress.packs"]
    assert list(entry_points) == [pack["id"]]
    package = entry_points[pack["id"]]
    wheel = project["tool"]["hatch"]["build"]["targets"]["wheel"]
    assert wheel["force-include"] == {"pack.toml": f"{package}/pack.toml"}


def test_example_pack_loads_with_the_first_packs() -> None:
    library = acupress.Library.build([PACKS, EXAMPLE_PACK], discover=False, strict=True)
    assert library.conflicts == ()
    composition = acupress.compose("travel-sickness", minutes=2, library=library)
    assert composition.routine.points[0] == "PC6"
    asked = [q.id for _, q in acupress.questions("travel-sickness", library=library)]
    assert "nausea-blood" in asked


# -- the marked examples -----------------------------------------------------------------


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_marker_is_always_followed_by_a_block(page: Path) -> None:
    marked_blocks(page)  # raises on a stray marker


def _pages_with(language: str) -> list[Path]:
    return [p for p in PAGES if any(lang == language for _, lang, _ in marked_blocks(p))]


@pytest.mark.parametrize("language", ["python", "sh", "toml"])
def test_some_page_has_marked_examples_of(language: str) -> None:
    # An empty parameter list below would skip its test, not fail it.
    assert _pages_with(language), f"no page has a marked {language} example"


@pytest.mark.parametrize("page", _pages_with("python"), ids=lambda p: p.name)
@pytest.mark.usefixtures("docs_env")
def test_python_examples_run(page: Path) -> None:
    namespace: dict[str, object] = {"__name__": f"docs.{page.stem}"}
    parser = doctest.DocTestParser()
    flags = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
    for line, language, code in marked_blocks(page):
        if language != "python":
            continue
        where = f"{page.relative_to(ROOT)}:{line}"
        if ">>>" in code:
            test = parser.get_doctest(code, namespace, where, str(page), line - 1)
            report: list[str] = []
            runner = doctest.DocTestRunner(optionflags=flags)
            runner.run(test, out=report.append, clear_globs=False)
            assert runner.failures == 0, "".join(report)
            namespace.update(test.globs)  # a DocTest works on a copy
        else:
            exec(compile(code, where, "exec"), namespace)


@pytest.mark.parametrize("page", _pages_with("sh"), ids=lambda p: p.name)
@pytest.mark.usefixtures("docs_env")
def test_shell_examples_run(page: Path) -> None:
    ran = 0
    for _line, language, code in marked_blocks(page):
        if language != "sh":
            continue
        for command in code.splitlines():
            if not command.strip() or command.lstrip().startswith("#"):
                continue
            status, _out, err = run_cli(command)
            assert status == 0, f"{page.name}: {command}: exit status {status}\n{err}"
            ran += 1
    assert ran, f"{page.name}: its marked sh blocks hold no command"


@pytest.mark.parametrize("page", _pages_with("toml"), ids=lambda p: p.name)
def test_pack_fragments_are_valid(page: Path) -> None:
    base = (EXAMPLE_PACK / "pack.toml").read_text(encoding="utf-8")
    for _line, language, code in marked_blocks(page):
        if language == "toml":
            assert_valid_pack(base + "\n" + code + "\n")


# -- the command-line reference ----------------------------------------------------------


def test_every_command_is_documented() -> None:
    assert subcommands()
    page = (DOCS / "cli.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^### `acupress ([a-z-]+)", page, re.MULTILINE))
    assert documented == set(subcommands())


@pytest.mark.parametrize("command", subcommands())
def test_every_option_is_documented(command: str) -> None:
    page = (DOCS / "cli.md").read_text(encoding="utf-8")
    options = set(re.findall(r"(?<![\w-])(--[a-z][a-z-]*)", help_text(command))) - {"--help"}
    assert options
    missing = sorted(o for o in options if f"`{o}" not in page)
    assert not missing, f"cli.md does not document {command} {', '.join(missing)}"


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_commands_shown_exist(page: Path) -> None:
    known = {*subcommands(), "--version", "--help", "-h"}
    text = page.read_text(encoding="utf-8")
    shown = re.findall(r"`acupress ([a-z-]+)", text)
    for block in (*fenced_blocks(page, "sh"), *fenced_blocks(page, "text")):
        shown += re.findall(r"^(?:\$ )?acupress ([a-z-]+)", block, re.MULTILINE)
    unknown = sorted(set(shown) - known)
    assert not unknown, f"{page.name} shows commands acupress does not have: {unknown}"


# -- the safety page ---------------------------------------------------------------------


def test_safety_page_lists_every_core_rule() -> None:
    from acupress._safety.rules import core_safety

    page = (DOCS / "safety.md").read_text(encoding="utf-8")
    table = page.split("## The rules", 1)[1].split("The groups:", 1)[0]
    rows = {
        m.group(1): m.group(2)
        for m in re.finditer(r"^\| `([a-z0-9-]+)` \|(.*)\|$", table, re.MULTILINE)
    }
    for rule in core_safety().rules:
        assert rule.id in rows, f"safety.md does not list the rule {rule.id}"
        cells = [c.strip() for c in rows[rule.id].split("|")]
        severity = rule.severity.value
        if rule.pressure_cap is not None:
            severity += f" ({rule.pressure_cap.value})"
        sources = ", ".join(rule.sources) or "none"
        assert cells[2:5] == [severity, rule.basis.value, sources], f"safety.md: {rule.id}: {cells}"


def _expand(cell: str) -> set[str]:
    """``"CV2–CV7, EX-CA1"`` -> the codes it names."""
    codes = set()
    for item in cell.split(", "):
        first, _, last = item.partition("–")
        if not last:
            codes.add(first)
            continue
        start, end = (re.fullmatch(r"(.*?)(\d+)", code) for code in (first, last))
        assert start, item
        assert end, item
        assert start.group(1) == end.group(1), item
        for number in range(int(start.group(2)), int(end.group(2)) + 1):
            codes.add(f"{start.group(1)}{number}")
    return codes


def test_safety_page_lists_every_group() -> None:
    from acupress._safety.rules import core_safety

    page = (DOCS / "safety.md").read_text(encoding="utf-8")
    table = page.split("The groups:", 1)[1].split("\n\n", 2)[1]
    rows = dict(re.findall(r"^\| `([a-z-]+)` \| (.*) \|$", table, re.MULTILINE))
    groups = core_safety().groups
    assert set(rows) == set(groups)
    for name, codes in groups.items():
        assert _expand(rows[name]) == set(codes), f"safety.md: group {name}"
