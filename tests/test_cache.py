"""The per-user cache: faster, never different, never trusting others' files, never code.

Attacks and accidents tried here: random byte flips in every entry, a file or a folder that is not
the user's own or that others can write, the folder swapped for a link to someone else's folder
(holding an entry that would switch a safety rule off), no home folder, relative locations, a full
disk, old entries, and packs inside a zip archive.
"""

from __future__ import annotations

import ast
import datetime
import errno
import functools
import hashlib
import json
import os
import shutil
import stat
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

import acupress
from acupress import _cache, _data
from acupress._catalog import Catalog, standard_catalog
from acupress._model.packs import Pack
from acupress._model.references import Reference
from acupress._model.routines import Routine
from acupress._packs.document import read_pack_document
from acupress._safety.rules import CoreSafety, core_safety
from acupress.testing import (
    install_fake_pack,
    minimal_pack,
    pack_documents,
    references,
    routines,
    to_toml,
)

from .conftest import ROOT, Cli

SLEEP = ROOT / "packs" / "sleep"
SRC = Path(acupress.__file__).resolve().parent


@pytest.fixture(autouse=True)
def _without_shipped_objects(monkeypatch: pytest.MonkeyPatch) -> None:
    """The catalog, its index and the core rules are kept in the per-user cache only when the
    package's own stored forms of them are stale (tests/test_shipped_objects.py): here, as if
    they were, so that these tests see the cache's entries for them."""
    monkeypatch.setattr(_data, "shipped_value", lambda _name, _stamp: None)


def _build() -> acupress.Library:
    return acupress.Library.build([SLEEP], discover=False, strict=True)


def _entries(folder: Path, kind: str = "") -> list[Path]:
    return sorted(p for p in folder.glob(f"{kind}-*.json" if kind else "*.json"))


def _pregnant_li4(cli: Cli) -> tuple[int, Any, str]:
    acupress.refresh()
    return cli.json("check", "--points", "LI4", "--pregnant")


def _reseal(path: Path, edit: Any) -> None:
    """Rewrite an entry's payload with ``edit`` and a matching hash: a well-formed forgery."""
    head, _, payload = path.read_bytes().partition(b"\n")
    header = json.loads(head)
    body = json.dumps(edit(json.loads(payload))).encode()
    header["sha256"] = hashlib.sha256(body).hexdigest()
    path.write_bytes(json.dumps(header).encode() + b"\n" + body)


def _without_li4(data: Any) -> Any:
    if isinstance(data, list):
        return [_without_li4(x) for x in data if x != "LI4"]
    if isinstance(data, dict):
        return {k: _without_li4(v) for k, v in data.items()}
    return data


# -- what is stored -------------------------------------------------------------------------


def test_cache_gives_the_same_objects(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = _build()
    catalog, rules = standard_catalog(), core_safety()
    assert len(_entries(cache, "pack")) == 1
    assert _entries(cache, "catalog")
    assert _entries(cache, "rules")
    assert stat.S_IMODE(cache.stat().st_mode) == 0o700
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in _entries(cache))
    acupress.refresh()
    again = _build()
    assert again.packs == first.packs
    assert standard_catalog() == catalog
    assert standard_catalog() is not catalog
    assert core_safety() == rules
    monkeypatch.setenv("ACUPRESS_NO_CACHE", "1")
    acupress.refresh()
    assert _build().packs == first.packs


def test_entries_are_json_with_their_hash_and_key(cache: Path, cli: Cli) -> None:
    code, _, err = _pregnant_li4(cli)
    assert code == 0, err
    kinds = set()
    for path in _entries(cache):
        head, newline, payload = path.read_bytes().partition(b"\n")
        header = json.loads(head)
        assert newline
        assert header["sha256"] == hashlib.sha256(payload).hexdigest()
        assert len(header["key"]) == 64
        assert path.name.endswith(f"{header['key'][:40]}.json")
        json.loads(payload)  # plain JSON: nothing in it can run code when read
        kinds.add(header["kind"])
    assert {"catalog", "rules", "installed-packs", "discovery", "version-range"} <= kinds


def test_no_pickle_anywhere_in_the_package() -> None:
    unsafe = {"pickle", "_pickle", "marshal", "shelve", "dill", "cloudpickle", "copyreg"}
    for path in SRC.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom):
                names = {(node.module or "").split(".")[0]}
            else:
                continue
            assert not names & unsafe, f"{path}: imports {names & unsafe}"


def test_the_cache_folder_never_holds_a_pickle(cache: Path, cli: Cli) -> None:
    _pregnant_li4(cli)
    _build()
    for path in cache.iterdir():
        data = path.read_bytes()
        assert not data.startswith(b"\x80"), path  # every pickle protocol >= 2 starts so
        json.loads(data.partition(b"\n")[0])


@settings(max_examples=50, deadline=None)
@given(references())
def test_references_round_trip(reference: Reference) -> None:
    _round_trip(reference, Reference)


@settings(max_examples=50, deadline=None)
@given(routines())
def test_routines_round_trip(routine: Routine) -> None:
    _round_trip(routine, Routine)


@settings(max_examples=30, deadline=None)
@given(pack_documents())
def test_packs_round_trip(document: dict[str, Any]) -> None:
    _round_trip(read_pack_document(to_toml(document), "p.toml"), Pack)


def _round_trip(value: Any, hint: Any) -> None:
    data = json.loads(json.dumps(_cache._encoder(hint)(value)))
    back = _cache._decoder(hint)(data)
    assert back == value
    assert type(back) is type(value)


def test_the_big_objects_round_trip() -> None:
    _round_trip(standard_catalog(), Catalog)
    _round_trip(core_safety(), CoreSafety)


@pytest.mark.parametrize(
    ("hint", "data"),
    [
        (Reference, ["x", "trial", "T", [], None, "", None, None, None]),  # a trial with no doi
        (Reference, ["x", "book", "T", [], True, "", None, None, None]),  # true is not a year
        (Reference, ["x", "book", "T", []]),  # a field missing
        (Reference, {"id": "x"}),  # a table, not the argument list
        (tuple[str, ...], ["a", 1]),
        (tuple[str, ...], "ab"),
        (Catalog, [[], [], None]),
    ],
)
def test_data_of_the_wrong_shape_is_refused(hint: Any, data: Any) -> None:
    with pytest.raises((ValueError, TypeError, KeyError)):
        _cache._decoder(hint)(data)


def test_a_value_json_cannot_hold_exactly_is_not_cached(cache: Path) -> None:
    pack = read_pack_document(to_toml(minimal_pack()), "p.toml")
    # TOML has dates; a pack's raw rule tables could hold one. JSON cannot: nothing is written.
    odd = attrs.evolve(pack, rules=({"id": "x", "since": datetime.date(2024, 1, 1)},))
    assert _cache.cached("pack", "odd", "", lambda: odd, Pack) is odd
    assert not cache.exists()
    with pytest.raises(TypeError, match="cannot store"):
        _cache.cached("pack", "odd", "", lambda: 1j, complex)


# -- corruption -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A warm cache of the default library (with the installed packs), made once."""
    folder = tmp_path_factory.mktemp("pristine") / "cache"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("ACUPRESS_CACHE_DIR", str(folder))
        acupress.refresh()
        assert acupress.load().statuses
        from acupress._versions import matches

        assert matches("0.1.0", ">=0.1,<1")
        acupress.refresh()
    assert len(_entries(folder)) >= 6
    return folder


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_corrupt_entries_never_change_a_finding(pristine: Path, cli: Cli, data: Any) -> None:
    with tempfile.TemporaryDirectory() as tmp, pytest.MonkeyPatch.context() as mp:
        folder = Path(tmp) / "cache"
        shutil.copytree(pristine, folder)
        os.chmod(folder, 0o700)
        victim = data.draw(st.sampled_from(_entries(folder)), label="entry")
        raw = bytearray(victim.read_bytes())
        flips = data.draw(
            st.lists(
                st.tuples(st.integers(0, len(raw) - 1), st.integers(1, 255)),
                min_size=1,
                max_size=4,
            ),
            label="flips",
        )
        for where, mask in flips:
            raw[where] ^= mask
        if data.draw(st.booleans(), label="truncate"):
            raw = raw[: data.draw(st.integers(0, len(raw)), label="length")]
        victim.write_bytes(bytes(raw))
        mp.setenv("ACUPRESS_CACHE_DIR", str(folder))
        for _ in range(2):  # the run that meets the bad entry, and the one after it
            code, out, err = _pregnant_li4(cli)
            assert code == 0, err
            assert out["verdict"] == "avoid"
            assert out["removed"] == ["LI4"]
            assert "Traceback" not in err
        # An entry the check does not need (the resolver's index, with the packs' verdict kept)
        # is met by a command that needs it: it reads the index right too.
        acupress.refresh()
        code, out, err = cli.json("resolve", "Hoku")
        assert code == 0, err
        assert [m["code"] for m in out["matches"]][:1] == ["LI4"]
        # The bad entry was replaced by a good one.
        head, _, payload = victim.read_bytes().partition(b"\n")
        assert json.loads(head)["sha256"] == hashlib.sha256(payload).hexdigest()
    acupress.refresh()


def test_a_forged_entry_in_the_own_folder_is_what_the_checks_stop(cache: Path, cli: Cli) -> None:
    """The forgery the next tests plant: written into the user's own folder, it is read (the
    cache trusts its own folder), which shows that what stops it elsewhere is the folder check."""
    _pregnant_li4(cli)
    (rules,) = _entries(cache, "rules")
    _reseal(rules, _without_li4)
    code, out, _ = _pregnant_li4(cli)
    assert code == 0
    assert out["verdict"] == "ok"


def _forged_copy(cache: Path, cli: Cli, attacker: Path) -> None:
    """Warm ``cache``, then copy it to ``attacker`` with the pregnancy rule's LI4 removed."""
    _pregnant_li4(cli)
    shutil.copytree(cache, attacker)
    (rules,) = _entries(attacker, "rules")
    _reseal(rules, _without_li4)


def test_a_folder_swapped_for_a_link_is_not_used(cache: Path, cli: Cli, tmp_path: Path) -> None:
    attacker = tmp_path / "attacker"
    _forged_copy(cache, cli, attacker)
    before = sorted(p.name for p in attacker.iterdir())
    # Between two runs the cache folder is replaced by a link to the attacker's folder.
    shutil.rmtree(cache)
    cache.symlink_to(attacker, target_is_directory=True)
    code, out, _ = _pregnant_li4(cli)
    assert code == 0
    assert out["verdict"] == "avoid"
    assert sorted(p.name for p in attacker.iterdir()) == before  # nothing written there
    assert cache.is_symlink()


def test_a_folder_swapped_after_it_was_opened_is_not_followed(
    cache: Path, cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The folder is replaced between its check and the reading of an entry: every file is
    opened relative to the folder that was checked, so the swap gains nothing."""
    attacker = tmp_path / "attacker"
    _forged_copy(cache, cli, attacker)
    real_open = _cache._Folder.open

    def open_then_swap(path: str, *, create: bool) -> Any:
        folder = real_open(path, create=create)
        if folder is not None and Path(path) == cache and not cache.is_symlink():
            cache.rename(tmp_path / "moved-away")
            cache.symlink_to(attacker, target_is_directory=True)
        return folder

    monkeypatch.setattr(_cache._Folder, "open", staticmethod(open_then_swap))
    code, out, _ = _pregnant_li4(cli)
    assert code == 0
    assert out["verdict"] == "avoid"
    assert cache.is_symlink()


@pytest.mark.parametrize("bits", [stat.S_IWGRP, stat.S_IWOTH])
def test_a_folder_others_can_write_is_ignored(cache: Path, bits: int) -> None:
    cache.mkdir(mode=0o700)
    os.chmod(cache, 0o700 | bits)
    assert _build().packs[0].id == "sleep"
    assert not list(cache.iterdir())  # nothing written, nothing read


def test_a_folder_of_another_user_is_ignored(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _build()
    entries = _entries(cache)
    assert entries
    stamps = {p: p.stat().st_mtime_ns for p in entries}
    for path in entries:
        path.write_bytes(b"garbage")
    uid = os.getuid()
    monkeypatch.setattr(os, "getuid", lambda: uid + 1)
    acupress.refresh()
    assert _build().packs[0].id == "sleep"
    assert all(p.read_bytes() == b"garbage" for p in entries)  # not read, not rewritten
    assert set(stamps) == set(entries)


def test_an_entry_others_can_write_or_own_is_rebuilt(
    cache: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    _pregnant_li4(cli)
    (rules,) = _entries(cache, "rules")
    _reseal(rules, _without_li4)
    os.chmod(rules, 0o666)
    code, out, err = _pregnant_li4(cli)
    assert code == 0, err
    assert out["verdict"] == "avoid"
    assert stat.S_IMODE(rules.stat().st_mode) == 0o600  # replaced by a good entry of ours
    # Now an entry that is owned by someone else (as fstat reports it).
    _reseal(rules, _without_li4)
    real_fstat = os.fstat

    def foreign(fd: int) -> os.stat_result:
        info = real_fstat(fd)
        if stat.S_ISREG(info.st_mode):
            fields = list(info)
            fields[4] = info.st_uid + 1
            return os.stat_result(fields)
        return info

    monkeypatch.setattr(os, "fstat", foreign)
    _, out, _ = _pregnant_li4(cli)
    assert out["verdict"] == "avoid"


def test_an_entry_that_is_a_link_or_not_a_file_is_rebuilt(
    cache: Path, cli: Cli, tmp_path: Path
) -> None:
    _pregnant_li4(cli)
    (rules,) = _entries(cache, "rules")
    forged = tmp_path / "forged.json"
    shutil.copy(rules, forged)
    _reseal(forged, _without_li4)
    rules.unlink()
    rules.symlink_to(forged)
    code, out, err = _pregnant_li4(cli)
    assert code == 0, err
    assert out["verdict"] == "avoid"
    assert not rules.is_symlink()
    rules.unlink()
    os.mkfifo(rules)  # reading a FIFO would block: it is opened without waiting, and refused
    _, out, _ = _pregnant_li4(cli)
    assert out["verdict"] == "avoid"
    assert rules.is_file()


# -- where ----------------------------------------------------------------------------------


def _location_env(monkeypatch: pytest.MonkeyPatch, **env: str | None) -> None:
    for name in ("ACUPRESS_CACHE_DIR", "ACUPRESS_NO_CACHE", "XDG_CACHE_HOME", "HOME"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        if value is not None:
            monkeypatch.setenv(name, value)


def test_no_home_means_no_cache_and_nothing_in_the_working_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _location_env(monkeypatch)
    monkeypatch.chdir(tmp_path)
    assert _cache.cache_dir() is None
    acupress.refresh()
    try:
        assert _build().packs[0].id == "sleep"
    finally:
        acupress.refresh()
    assert list(tmp_path.iterdir()) == []
    _location_env(monkeypatch, HOME="relative/home")
    assert _cache.cache_dir() is None


def test_relative_locations_are_not_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "home"
    _location_env(monkeypatch, HOME=str(home), XDG_CACHE_HOME="relative/cache")
    assert _cache.cache_dir() == str(home / ".cache" / "acupress")
    _location_env(monkeypatch, HOME=str(home), XDG_CACHE_HOME=str(tmp_path / "xdg"))
    assert _cache.cache_dir() == str(tmp_path / "xdg" / "acupress")
    _location_env(monkeypatch, HOME=str(home), ACUPRESS_CACHE_DIR="relative/acupress")
    assert _cache.cache_dir() is None
    _location_env(monkeypatch, HOME=str(home), ACUPRESS_CACHE_DIR=str(tmp_path / "mine"))
    assert _cache.cache_dir() == str(tmp_path / "mine")
    monkeypatch.setenv("ACUPRESS_NO_CACHE", "1")
    assert _cache.cache_dir() is None


@pytest.mark.parametrize(
    ("home", "xdg"),
    [
        ("/home/a", None),
        ("/home/a/", None),
        ("/", None),
        ("/home/a", "/x/cache"),
        ("/home/a", "rel"),
        ("/home/a", ""),
    ],
)
def test_the_location_is_what_platformdirs_says(
    monkeypatch: pytest.MonkeyPatch, home: str, xdg: str | None
) -> None:
    import platformdirs

    _location_env(monkeypatch, HOME=home, XDG_CACHE_HOME=xdg)
    assert _cache.cache_dir() == platformdirs.user_cache_dir("acupress", appauthor=False)
    # Where the shortcut does not apply, platformdirs itself is asked.
    monkeypatch.setattr(_cache, "_plain_linux", lambda: False)
    assert _cache.cache_dir() == platformdirs.user_cache_dir("acupress", appauthor=False)


# -- writing and pruning --------------------------------------------------------------------


def test_a_full_disk_leaves_nothing_behind(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def full(fd: int, data: Any) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "write", full)
    assert _build().packs[0].id == "sleep"
    assert list(cache.iterdir()) == []


def test_short_writes_still_make_whole_entries(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_write = os.write
    monkeypatch.setattr(os, "write", lambda fd, data: real_write(fd, bytes(data[:1000])))
    first = _build()
    monkeypatch.undo()
    monkeypatch.setenv("ACUPRESS_CACHE_DIR", str(cache))
    acupress.refresh()
    assert _build().packs == first.packs
    for path in _entries(cache):
        head, _, payload = path.read_bytes().partition(b"\n")
        assert json.loads(head)["sha256"] == hashlib.sha256(payload).hexdigest()


def test_old_entries_are_pruned_when_a_new_one_is_written(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _build()
    current = {p.name for p in cache.iterdir()}
    month_ago = time.time() - 31 * 24 * 3600
    other_code = cache / f"pack-{'0' * 12}-{'1' * 40}.json"
    unused = cache / f"pack-{_cache._code_stamp()[:12]}-{'2' * 40}.json"
    stale_temp = cache / ".tmp-0123456789abcdef"
    fresh_temp = cache / ".tmp-fedcba9876543210"
    legacy = cache / "0123abcd-4567.pack"  # a pickle of the old cache
    mine = cache / "notes.txt"  # not a name the cache makes: never touched
    for path in (other_code, unused, stale_temp, fresh_temp, legacy, mine):
        path.write_bytes(b"x")
    os.utime(unused, (month_ago, month_ago))
    os.utime(stale_temp, (month_ago, month_ago))
    acupress.refresh()
    _build()  # every entry is a hit: nothing is written, nothing pruned
    assert other_code.exists()
    assert legacy.exists()
    _cache.cached("pack", "something new", "", lambda: 1, int)
    names = {p.name for p in cache.iterdir()}
    assert current <= names
    for gone in (other_code, unused, stale_temp, legacy):
        assert not gone.exists(), gone
    for kept in (fresh_temp, mine):
        assert kept.exists(), kept


def test_the_number_of_entries_is_bounded(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_cache, "MAX_ENTRIES", 5)
    for i in range(12):
        _cache.cached("pack", f"text {i}", "", functools.partial(int, i), int)
        time.sleep(0.002)
    assert len(_entries(cache)) == 5
    # The newest are kept.
    assert _cache.cached("pack", "text 11", "", lambda: -1, int) == 11
    assert _cache.cached("pack", "text 0", "", lambda: -1, int) == -1


def test_a_hit_marks_the_entry_used(cache: Path) -> None:
    assert _cache.cached("pack", "t", "", lambda: 7, int) == 7
    (entry,) = _entries(cache)
    two_days_ago = time.time() - 2 * 24 * 3600
    os.utime(entry, (two_days_ago, two_days_ago))
    assert _cache.cached("pack", "t", "", lambda: -1, int) == 7
    assert entry.stat().st_mtime > time.time() - 3600


def test_the_key_holds_the_version_and_the_text(cache: Path) -> None:
    assert _cache.cached("pack", "t", "1", lambda: 1, int) == 1
    assert _cache.cached("pack", "t", "2", lambda: 2, int) == 2
    assert _cache.cached("pack", "u", "1", lambda: 3, int) == 3
    assert _cache.cached("pack", "t", "1", lambda: -1, int) == 1
    # The same key asked for as another type is a miss, not a wrong object.
    assert _cache.cached("pack", "t", "1", lambda: "one", str) == "one"


def test_without_descriptors_or_user_ids_entries_are_still_verified(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As on Windows: paths joined to the folder, no owner to check; the hashes still are."""
    monkeypatch.setattr(_cache, "_FD_RELATIVE", False)
    monkeypatch.delattr(os, "getuid")
    assert _cache.cached("pack", "t", "", lambda: 7, int) == 7
    (entry,) = _entries(cache)
    entry.write_bytes(entry.read_bytes().replace(b"7", b"8"))
    assert _cache.cached("pack", "t", "", lambda: 7, int) == 7
    assert _cache.cached("pack", "t", "", lambda: -1, int) == 7  # the bad entry was replaced


# -- what the keys see ----------------------------------------------------------------------


def test_discovery_cache_notices_changed_entry_points(fake_pack: Any, tmp_path: Path) -> None:
    from acupress import find_packs

    module = fake_pack(to_toml(minimal_pack(id="one")), name="one")
    assert "one" in [p.name for p in find_packs()]
    # Edit the installed entry points in place, as a hand edit or a reinstall would.
    dist_info = next(module.parent.glob("*.dist-info"))
    (dist_info / "entry_points.txt").write_text(
        f"[acupress.packs]\none = {module.name}\nanother = {module.name}\n", encoding="utf-8"
    )
    acupress.refresh()
    assert {"one", "another"} <= {p.name for p in find_packs()}


def _zip_site(site: Path, archive: Path) -> None:
    with zipfile.ZipFile(archive, "w") as zf:
        for path in sorted(site.rglob("*")):
            if path.is_file():
                zf.write(path, path.relative_to(site).as_posix())


def test_packs_inside_a_zip_are_part_of_the_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from acupress import find_packs

    monkeypatch.setenv("ACUPRESS_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("ACUPRESS_NO_PACKS", raising=False)
    monkeypatch.delenv("ACUPRESS_PACKS", raising=False)
    archive = tmp_path / "packs.zip"
    site = tmp_path / "site"
    install_fake_pack(site, to_toml(minimal_pack(id="zipped")), name="zipped")
    _zip_site(site, archive)
    monkeypatch.syspath_prepend(str(archive))
    try:
        acupress.refresh()
        assert "zipped" in {p.name for p in find_packs()}
        assert acupress.load().pack("zipped").id == "zipped"
        # The archive is rebuilt with a second pack: a warm cache must not hide it.
        shutil.rmtree(site)
        install_fake_pack(site, to_toml(minimal_pack(id="zipped")), name="zipped")
        install_fake_pack(site, to_toml(minimal_pack(id="zipped-too")), name="zipped-too")
        _zip_site(site, archive)
        acupress.refresh()
        assert {"zipped", "zipped-too"} <= {p.name for p in find_packs()}
    finally:
        for name in [m for m in sys.modules if m.startswith("acupress_fake_")]:
            del sys.modules[name]
        acupress.refresh()


def test_the_code_stamp_of_a_zipped_acupress_is_the_archive(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    archive = tmp_path / "acupress.zip"
    archive.write_bytes(b"PK")
    monkeypatch.setattr(_cache, "__file__", str(archive / "acupress" / "_cache.py"))
    _cache._code_stamp.cache_clear()  # type: ignore[attr-defined]
    try:
        first = _cache._code_stamp()
        _cache._code_stamp.cache_clear()  # type: ignore[attr-defined]
        archive.write_bytes(b"PK and more")
        assert _cache._code_stamp() != first
    finally:
        monkeypatch.undo()
        _cache._code_stamp.cache_clear()  # type: ignore[attr-defined]
