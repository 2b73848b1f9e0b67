"""The warm load's shortcuts change no answer.

A warm ``Library.build()`` of the installed packs skips the checks against the catalog
(``policy.pack_problems``) for the packs a ``pack-verdict`` entry says are clean: packs decoded
from an installed-packs entry whose payload has the SHA-256 the verdict is keyed by, checked
against a catalog of the same data. These tests show that a hostile pack is refused on every load,
first and warm alike; that an edited pack or another catalog is checked again; that only clean
packs are ever in a verdict; and that the library built with the verdict is the library built
without it (and without any cache).
"""

from __future__ import annotations

import functools
import json
import os
import sys
import tomllib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

import acupress
from acupress import _cache, _catalog, _data
from acupress._packs import loading, policy
from acupress.testing import minimal_pack, to_toml

from .conftest import standard
from .test_hostile_packs import _point

LI4_LOCATION = standard().points["LI4"].location.text
EVIDENCE = {
    "id": "guide",
    "kind": "guideline",
    "title": "A guideline",
    "url": "https://example.org/guideline",
}


def _text(pack_id: str, **extra: Any) -> str:
    return to_toml(minimal_pack(id=pack_id, references=[EVIDENCE], **extra))


# Installed packs that the checks against the catalog refuse: their text and what the message says.
HOSTILE: dict[str, tuple[str, str]] = {
    "evil-alias": (
        _text("evil-alias", aliases=[{"text": "Hegu", "points": ["SP6"], "source": "evil"}]),
        "'Hegu' is already the catalog's name of LI4: a pack may not make it name SP6",
    ),
    "evil-copy": (
        _text("evil-copy", points=[_point("evil-copy:x", hanzi="合谷")]),
        "$.points[0].hanzi: evil-copy:x copies LI4",
    ),
    "evil-place": (
        _text("evil-place", points=[_point("evil-place:x", location=LI4_LOCATION.upper())]),
        "$.points[0].location: evil-place:x copies LI4",
    ),
    "evil-notation": (
        _text(
            "evil-notation",
            aliases=[{"text": "Xinming", "points": ["LI4"], "source": "e", "notation": "who"}],
        ),
        "claims the catalog's notation 'who'",
    ),
}


def _fresh_build() -> acupress.Library:
    """A build in a process that remembers nothing: every pack module and process cache gone."""
    for name in [m for m in sys.modules if m.startswith("acupress_fake_")]:
        del sys.modules[name]
    acupress.refresh()
    return acupress.Library.build()


class _Counted:
    """``policy.pack_problems``, counting the packs it is asked about."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.packs: list[str] = []
        self.views = 0
        real_problems, real_view = policy.pack_problems, policy.catalog_view

        def problems(pack: Any, source: str, view: Any) -> list[str]:
            self.packs.append(pack.id)
            return real_problems(pack, source, view)

        def view(catalog: Any) -> Any:
            self.views += 1
            return real_view(catalog)

        monkeypatch.setattr(policy, "pack_problems", problems)
        monkeypatch.setattr(policy, "catalog_view", view)


def _verdicts(folder: Path) -> list[Path]:
    return sorted(folder.glob("pack-verdict-*.json"))


def _summary(library: acupress.Library) -> list[tuple[Any, ...]]:
    return [
        (s.name, s.source, s.status, s.distribution, s.version, s.error, s.pack)
        for s in library.statuses
    ]


def test_a_warm_load_skips_the_catalog_checks_only_for_a_verdict(
    cache: Path, fake_pack: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_pack(_text("zz-good"), name="zz-good")
    counted = _Counted(monkeypatch)
    first = _fresh_build()  # cold: every pack read, stored and checked; the verdict kept
    assert "zz-good" in counted.packs
    assert len(_verdicts(cache)) == 1
    counted.packs.clear()
    counted.views = 0
    second = _fresh_build()  # read from the entry the verdict names: not checked again
    assert counted.packs == []
    assert counted.views == 0  # not even the resolver's index is read
    third = _fresh_build()
    assert counted.packs == []
    assert _summary(first) == _summary(second) == _summary(third)
    assert first.packs == second.packs == third.packs
    assert first._pack_rules == third._pack_rules


@pytest.mark.parametrize("pack_id", sorted(HOSTILE))
def test_a_hostile_installed_pack_is_refused_on_every_load(
    pack_id: str, cache: Path, fake_pack: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    text, message = HOSTILE[pack_id]
    fake_pack(text, name=pack_id)
    fake_pack(_text("zz-good"), name="zz-good")
    counted = _Counted(monkeypatch)
    errors = []
    for _ in range(4):  # cold, the load that keeps the verdict, and two warm loads
        counted.packs.clear()
        library = _fresh_build()
        (status,) = [s for s in library.statuses if s.name == pack_id]
        assert status.status == "error"
        assert message in (status.error or ""), status.error
        assert pack_id not in [p.id for p in library.packs]
        assert "zz-good" in [p.id for p in library.packs]
        assert pack_id in counted.packs  # checked every time, its message made every time
        errors.append(status.error)
    assert len(set(errors)) == 1
    assert counted.packs == [pack_id]  # ... and the clean packs, warm, are not
    # The verdict lists the clean packs only: every one that loaded, never the hostile one.
    (verdict,) = _verdicts(cache)
    places = json.loads(verdict.read_bytes().partition(b"\n")[2])
    assert len(places) == len(library.packs)


def test_an_edited_pack_is_checked_again(
    cache: Path, fake_pack: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A pack edited in place (the same size and modification time) to copy LI4 is refused on
    the next load, warm verdict or not."""
    good = _text("zz-edit", points=[_point("zz-edit:x", pinyin="Xingu")])
    evil = _text("zz-edit", points=[_point("zz-edit:x", pinyin="He Gu")])  # LI4's, spaced
    assert len(evil.encode()) == len(good.encode())
    folder = fake_pack(good, name="zz-edit")
    for _ in range(3):
        assert "zz-edit" in [p.id for p in _fresh_build().packs]
    assert len(_verdicts(cache)) == 1
    path = folder / "pack.toml"
    before = path.stat()
    path.write_text(evil, encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    counted = _Counted(monkeypatch)
    for _ in range(3):
        library = _fresh_build()
        (status,) = [s for s in library.statuses if s.name == "zz-edit"]
        assert status.status == "error"
        assert "$.points[0].pinyin: zz-edit:x copies LI4" in (status.error or "")
    assert counted.packs.count("zz-edit") == 3


def test_another_catalog_is_checked_again(
    cache: Path, fake_pack: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_pack(_text("zz-good"), name="zz-good")
    for _ in range(3):
        _fresh_build()
    counted = _Counted(monkeypatch)
    _fresh_build()
    assert counted.packs == []
    # The catalog's data files changed: the verdict is for another catalog, never this one.
    checksum = _data.sources_checksum()
    monkeypatch.setattr(_data, "sources_checksum", lambda: checksum + 1)
    _fresh_build()
    assert "zz-good" in counted.packs


def test_the_library_is_the_same_with_the_verdict_without_it_and_without_a_cache(
    cache: Path, fake_pack: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_pack(HOSTILE["evil-alias"][0], name="evil-alias")
    fake_pack(_text("zz-good"), name="zz-good")
    for _ in range(3):
        warm = _fresh_build()
    with monkeypatch.context() as patch:  # the shortcut turned off: every pack checked
        patch.setattr(loading, "_policy_verdict", lambda *_: (frozenset(), {}))
        unchecked = _fresh_build()
    with monkeypatch.context() as patch:
        patch.setenv("ACUPRESS_NO_CACHE", "1")
        uncached = _fresh_build()
    assert _summary(warm) == _summary(unchecked) == _summary(uncached)
    assert warm.packs == unchecked.packs == uncached.packs
    assert warm._pack_rules == unchecked._pack_rules == uncached._pack_rules
    assert warm.conflicts == uncached.conflicts


def test_a_pack_given_by_file_is_always_checked(
    cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "evil" / "pack.toml"
    path.parent.mkdir()
    path.write_text(HOSTILE["evil-copy"][0], encoding="utf-8")
    counted = _Counted(monkeypatch)
    for _ in range(3):
        acupress.refresh()
        library = acupress.Library.build([path], discover=False)
        (status,) = library.statuses
        assert status.status == "error"
        assert HOSTILE["evil-copy"][1] in (status.error or "")
    assert counted.packs == ["evil-copy"] * 3


def test_the_digest_names_the_stored_payload(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    value, digest = _cache.cached_digest("pack", "t", "", lambda: (1, 2), tuple[int, ...])
    assert value == (1, 2)
    (entry,) = cache.glob("pack-*.json")
    head, _, payload = entry.read_bytes().partition(b"\n")
    assert digest == json.loads(head)["sha256"] == _cache._sha256(payload).hexdigest()
    again = _cache.cached_digest("pack", "t", "", lambda: (3,), tuple[int, ...])
    assert again == ((1, 2), digest)
    monkeypatch.setenv("ACUPRESS_NO_CACHE", "1")
    assert _cache.cached_digest("pack", "t", "", lambda: (3,), tuple[int, ...]) == ((3,), None)


def test_the_legacy_numbering_is_the_data_files(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    raw = tomllib.loads(_data.read_text("legacy_bladder.toml"))
    expected = {old: row["who"] for old, row in raw.items()}
    for _ in range(2):  # built and stored, then read back from the cache
        acupress.refresh()
        assert _catalog.legacy_bladder() == expected
    assert list(cache.glob("legacy-bladder-*.json"))
    table = _catalog.legacy_bladder()
    table["B47"] = "LI4"  # a caller's copy: the next caller is not given it
    assert _catalog.legacy_bladder() == expected
    monkeypatch.setenv("ACUPRESS_NO_CACHE", "1")
    acupress.refresh()
    assert _catalog.legacy_bladder() == expected


# -- the decoder: every check it made field by field, made still -----------------------------


def _reference_decode(hint: Any, value: Any) -> Any:
    """The cache's decoder as it was, one call per value: what the faster one must agree with."""
    kind, inner = _cache._parts(hint)
    if kind == "any":
        return value
    if kind == "scalar":
        if type(value) is not inner:
            raise ValueError("wrong type")
        return value
    if kind == "enum":
        return {(type(m.value), m.value): m for m in inner}[(type(value), value)]
    if kind == "optional":
        return None if value is None else _reference_decode(inner, value)
    if kind in ("tuple", "list"):
        if type(value) is not list:
            raise ValueError("not a list")
        items = [_reference_decode(inner, v) for v in value]
        return tuple(items) if kind == "tuple" else items
    if kind == "mapping":
        if type(value) is not dict:
            raise ValueError("not a table")
        return {k: _reference_decode(inner, v) for k, v in value.items()}
    fields = _cache._init_fields(inner)
    if type(value) is not list or len(value) != len(fields):
        raise ValueError("not the arguments")
    return inner(*[_reference_decode(h, v) for (_, h), v in zip(fields, value, strict=True)])


def _places(data: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Every place in plain data: each item of a list, each value of a table."""
    yield path
    if isinstance(data, list):
        for i, item in enumerate(data):
            yield from _places(item, (*path, i))
    elif isinstance(data, dict):
        for key, item in data.items():
            yield from _places(item, (*path, key))


def _replaced(data: Any, path: tuple[Any, ...], new: Any) -> Any:
    if not path:
        return new
    copy = list(data) if isinstance(data, list) else dict(data)
    copy[path[0]] = _replaced(data[path[0]], path[1:], new)
    return copy


def _outcome(decode: Callable[[Any], Any], data: Any) -> tuple[str, Any]:
    try:
        return "ok", decode(json.loads(json.dumps(data)))  # a fresh copy: decoders may reuse it
    except Exception as exc:
        return "refused", type(exc).__name__


_ODD = [True, False, 0, 1, 2.5, -1, "", "x", "LI4", "hand", None, [], ["x"], [1], {}, {"a": "b"}]


def _agreement_cases() -> list[tuple[Any, Any]]:
    from acupress._catalog import Catalog, standard_catalog
    from acupress._model.packs import Pack
    from acupress._safety.rules import CoreSafety, core_safety

    acupress.refresh()
    packs = loading.load_packs(standard_catalog(), [], discover=True).packs  # as read
    cases: list[tuple[Any, Any]] = [
        (tuple[Pack, ...], packs),
        (Catalog, standard_catalog()),
        (CoreSafety, core_safety()),
    ]
    return [(hint, _cache._encoder(hint)(value)) for hint, value in cases]


@pytest.fixture(scope="module")
def agreement_cases() -> list[tuple[Any, Any]]:
    return _agreement_cases()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_the_decoder_refuses_exactly_what_it_refused_field_by_field(
    agreement_cases: list[tuple[Any, Any]], data: st.DataObject
) -> None:
    hint, plain = data.draw(st.sampled_from(agreement_cases))
    places = list(_places(plain))
    path = data.draw(st.sampled_from(places[1:]))
    new = data.draw(st.sampled_from(_ODD))
    changed = _replaced(plain, path, new)
    fast = _outcome(_cache._decoder(hint), changed)
    slow = _outcome(functools.partial(_reference_decode, hint), changed)
    assert fast[0] == slow[0], (path, new, fast, slow)
    if fast[0] == "ok":
        assert fast[1] == slow[1]


def test_the_decoder_gives_what_it_gave_field_by_field(
    agreement_cases: list[tuple[Any, Any]],
) -> None:
    for hint, plain in agreement_cases:
        fast = _outcome(_cache._decoder(hint), plain)
        assert fast[0] == "ok"
        assert fast == _outcome(functools.partial(_reference_decode, hint), plain)


# -- the code stamp and the fields' types, found faster: the same answers ---------------------


def _walked(here: Path) -> list[str]:
    """The stamp's lines as os.walk finds them (how the stamp was first made)."""
    lines = []
    for folder, dirs, files in os.walk(here):
        dirs[:] = sorted(d for d in dirs if d not in ("__pycache__", "data"))
        for name in sorted(files):
            if name.endswith(".py"):
                info = os.stat(os.path.join(folder, name))
                relative = os.path.relpath(os.path.join(folder, name), here)
                lines.append(f"{relative}:{info.st_size}:{info.st_mtime_ns}")
    return lines


def test_the_code_stamp_lists_every_module_as_a_walk_does(tmp_path: Path) -> None:
    here = tmp_path / "acupress"
    for name in ("a.py", "b.txt", "sub/c.py", "sub/deeper/d.py", "__pycache__/x.py", "data/y.py"):
        (here / name).parent.mkdir(parents=True, exist_ok=True)
        (here / name).write_text("x = 1\n", encoding="utf-8")
    (here / "linked").symlink_to(here / "sub", target_is_directory=True)
    stamp: list[str] = []
    _cache._stamp_modules(str(here), "", stamp)
    assert stamp == _walked(here)
    assert [line.split(":")[0] for line in stamp] == ["a.py", "sub/c.py", "sub/deeper/d.py"]
    (here / "sub" / "deeper" / "d.py").write_text("x = 22\n", encoding="utf-8")
    again: list[str] = []
    _cache._stamp_modules(str(here), "", again)
    assert again != stamp
    assert again == _walked(here)


def test_the_code_stamp_of_acupress_is_every_module() -> None:
    here = Path(_cache.__file__).parent
    stamp: list[str] = []
    _cache._stamp_modules(str(here), "", stamp)
    assert stamp == _walked(here)
    assert len(stamp) == len(list(here.rglob("*.py")))


def _model_classes() -> list[type]:
    """Every attrs class of acupress's modules that are loaded once a library is built."""
    import attrs

    acupress.refresh()
    acupress.Library.build()
    found = {
        value
        for module in list(sys.modules.values())
        if getattr(module, "__name__", "").startswith("acupress")
        for value in vars(module).values()
        if isinstance(value, type) and attrs.has(value) and value.__module__.startswith("acupress")
    }
    return sorted(found, key=lambda cls: f"{cls.__module__}.{cls.__qualname__}")


def test_the_fields_types_are_what_eval_reads() -> None:
    import attrs

    classes = _model_classes()
    assert len(classes) > 30
    for cls in classes:
        names = vars(sys.modules[cls.__module__])
        if any(field.kw_only for field in attrs.fields(cls) if field.init):
            continue
        expected = tuple(
            (f.name, eval(f.type, names) if isinstance(f.type, str) else f.type)
            for f in attrs.fields(cls)
            if f.init
        )
        assert _cache._init_fields(cls) == expected, cls


def test_a_file_beside_pack_toml_never_stands_in_for_it(
    cache: Path, fake_pack: Callable[..., Path]
) -> None:
    """Only pack.toml is read: a pre-parsed copy beside it (a `pack.toml.json` naming the text by
    its hash, say) is not, so no file but the one people read and review decides what loads.
    A review showed such a copy could drop a pack's own refusals; this keeps it out."""
    text = _text("zz-only-text")
    folder = fake_pack(text, name="zz-only-text")
    other = tomllib.loads(text)
    other["summary"] = "Not what pack.toml says."
    import hashlib

    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    for name in ("pack.toml.json", "pack.json", "pack.parsed.json"):
        (folder / name).write_text(
            json.dumps({"format": 1, "toml_sha256": digest, "document": other}), encoding="utf-8"
        )
    for _ in range(2):  # the first load and a warm one
        (pack,) = [p for p in _fresh_build().packs if p.id == "zz-only-text"]
        assert pack.summary == tomllib.loads(text)["summary"]
