"""The console script's garbage-collector settings and its exit (acupress/_cli/memory.py): few
collections while a command starts, nothing to walk at exit, Python's own thresholds for the
commands that serve for a long time, a program that imports acupress never touched, and an exit
without the interpreter's teardown that still runs every exit handler and loses no output."""

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
    # The real leave() ends the process (os._exit): here, as sys.exit would, with a SystemExit.
    monkeypatch.setattr(memory, "leave", sys.exit)
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


def _script_run(body: str, *args: str) -> subprocess.CompletedProcess[str]:
    """``body`` then the console script's run() with ``args``, in a fresh process."""
    script = (
        "import sys\n"
        + body
        + f"sys.argv = ['acupress', *{list(args)!r}]\n"
        + "from acupress._cli.app import run\n"
        + "run()\n"
    )
    return subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120
    )


def test_the_console_script_runs_every_exit_handler_and_keeps_its_exit_status() -> None:
    body = "import atexit\natexit.register(lambda: sys.stderr.write('handler ran\\n'))\n"
    done = _script_run(body, "--version")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("acupress "), done.stdout
    assert done.stderr == "handler ran\n"
    done = _script_run(body, "compose", "no-such-condition", "--minutes", "5", "--format", "json")
    assert done.returncode == 1, done.stderr
    assert done.stderr.endswith("handler ran\n")
    assert "no-such-condition" in done.stderr
    done = _script_run(body, "--no-such-option")
    assert done.returncode == 2
    assert done.stderr.endswith("handler ran\n")


def test_the_console_script_loses_no_output_written_at_its_end(cli: Cli) -> None:
    # Far more than any stream buffer holds, so that part of it is still buffered at the end.
    done = _script_run("", "points", "--format", "json")
    assert done.returncode == 0, done.stderr
    code, out, err = cli.run("points", "--format", "json")
    assert code == 0, err
    assert len(out) > 100_000
    assert done.stdout == out


def test_the_console_script_waits_for_a_thread_that_is_not_a_daemon() -> None:
    body = (
        "import threading, time\n"
        "def late():\n"
        "    time.sleep(0.3)\n"
        "    sys.stderr.write('thread done\\n')\n"
        "threading.Thread(target=late).start()\n"
    )
    done = _script_run(body, "--version")
    assert done.returncode == 0, done.stderr
    assert done.stderr == "thread done\n"


def test_leave_ends_as_python_does_where_it_must(monkeypatch: pytest.MonkeyPatch) -> None:
    import atexit
    import threading

    # Called from a thread other than the main one: a SystemExit, as sys.exit raises.
    seen: list[object] = []

    def in_thread() -> None:
        try:
            memory.leave(3)
        except SystemExit as exc:
            seen.append(exc.code)

    worker = threading.Thread(target=in_thread)
    worker.start()
    worker.join()
    assert seen == [3]
    # An interpreter without atexit._run_exitfuncs: a SystemExit too.
    monkeypatch.delattr(atexit, "_run_exitfuncs")
    with pytest.raises(SystemExit) as done:
        memory.leave(4)
    assert done.value.code == 4
