"""The console script's garbage-collector settings (acupress/_cli/memory.py): few collections
while a command starts, nothing to walk at exit, Python's own thresholds for the commands that
serve for a long time, and a program that imports acupress never touched."""

from __future__ import annotations

import gc
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest

from acupress._cli import app, memory, player as player_module
from acupress._mcp import server

from .conftest import Cli


@pytest.fixture(autouse=True)
def _thresholds_back() -> Iterator[None]:
    before = gc.get_threshold()
    gc.unfreeze()  # nothing frozen before the test, so that a freeze it sees is the command's
    yield
    gc.set_threshold(*before)
    gc.unfreeze()


def test_the_console_script_starts_with_few_collections_and_freezes_at_exit(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seen: dict[str, Any] = {}

    def command(*_args: Any, **_kwargs: Any) -> int:
        seen["threshold"] = gc.get_threshold()
        seen["frozen"] = gc.get_freeze_count()
        return 0

    monkeypatch.setattr(app, "main", command)
    before = gc.get_threshold()
    with pytest.raises(SystemExit) as done:
        app.run()
    assert done.value.code == 0
    assert seen["threshold"] == (memory.START_THRESHOLD, *before[1:])
    assert seen["frozen"] == 0  # nothing frozen while the command runs
    assert gc.get_freeze_count() > 0  # ... and everything once it is done


def test_the_mcp_server_serves_with_pythons_own_thresholds(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    default = memory._DEFAULT
    seen: list[tuple[int, ...]] = []
    monkeypatch.setattr(server, "serve", lambda _library: seen.append(gc.get_threshold()))
    memory.for_a_short_command()
    code, _out, err = cli.run("mcp")
    assert code == 0, err
    assert seen == [default]


def test_the_guide_counts_down_with_pythons_own_thresholds(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[tuple[int, ...]] = []

    def play(*_args: Any, **_kwargs: Any) -> int:
        seen.append(gc.get_threshold())
        return 0

    monkeypatch.setattr(player_module, "play", play)
    memory.for_a_short_command()
    code, _out, err = cli.run(
        "guide", "--compose", "low-back-pain", "--minutes", "3", "--format", "text"
    )
    assert code == 0, err
    assert seen == [memory._DEFAULT]


def test_a_program_that_imports_acupress_keeps_its_own_collector() -> None:
    script = (
        "import gc\n"
        "before = gc.get_threshold()\n"
        "import acupress\n"
        "library = acupress.load()\n"
        "acupress.compose('low-back-pain', minutes=5, library=library)\n"
        "assert gc.get_threshold() == before, gc.get_threshold()\n"
        "assert gc.get_freeze_count() == 0\n"
        "assert gc.isenabled()\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
