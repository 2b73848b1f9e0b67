"""A pack's parsed form (pack.toml.json) saves the first load a TOML parse and changes nothing.

The loader reads the parsed form only when it names the very text just read (by its SHA-256),
and everything after the parse is as it was: these tests show the seven packs' forms are current,
that a library built from them is the library built from the text, that a stale, broken or
impossible form is ignored, that a form holding something other than its text (a hostile pack's
trick) meets every check the text would, and that ``acupress validate`` reports such forms.
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from acupress._packs import parsed as parsed_module
from acupress._packs.parsed import PARSED_SUFFIX, parsed_form, parsed_path, read_parsed
from acupress.testing import minimal_pack, to_toml

from .conftest import PACKS, Cli
from .test_warm_load import HOSTILE, _fresh_build, _text

PACK_FILES = sorted(PACKS.glob("*/src/*/pack.toml"))


def _as_json(value: Any) -> str:
    return json.dumps(value, sort_keys=True)


def _write_form(folder: Path, document: Any, text: str | None = None) -> Path:
    """A parsed form beside ``folder``'s pack.toml holding ``document``, named for its text."""
    pack_file = folder / "pack.toml"
    text = pack_file.read_text(encoding="utf-8") if text is None else text
    form = parsed_form(text)
    form["document"] = document
    target = Path(parsed_path(pack_file))
    target.write_text(json.dumps(form), encoding="utf-8")
    return target


class _Parses:
    """Counts tomllib.loads calls made while loading packs."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.calls = 0
        loads = tomllib.loads

        def counted(text: str, **kwargs: Any) -> dict[str, Any]:
            self.calls += 1
            return loads(text, **kwargs)

        monkeypatch.setattr(tomllib, "loads", counted)


@pytest.mark.parametrize("pack_file", PACK_FILES, ids=lambda p: p.parts[-4])
def test_each_pack_ships_a_current_parsed_form(pack_file: Path) -> None:
    text = pack_file.read_text(encoding="utf-8")
    document = read_parsed(parsed_path(pack_file), text)
    assert document is not None, f"run: acupress validate {pack_file} --write-parsed"
    assert _as_json(document) == _as_json(tomllib.loads(text))


def test_the_installed_packs_load_from_their_parsed_forms_alike(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first load with the forms parses no TOML, and builds what the text builds."""
    parses = _Parses(monkeypatch)
    with_forms = _fresh_build()
    assert parses.calls == 0
    assert len(with_forms.packs) >= 7
    monkeypatch.setattr(parsed_module, "read_parsed", lambda _path, _text: None)
    monkeypatch.setenv("ACUPRESS_NO_CACHE", "1")
    from_text = _fresh_build()
    assert parses.calls >= 7
    assert with_forms.packs == from_text.packs
    assert with_forms._pack_rules == from_text._pack_rules
    assert [s.status for s in with_forms.statuses] == [s.status for s in from_text.statuses]


def test_a_stale_form_is_ignored(cache: Path, fake_pack: Callable[..., Path]) -> None:
    folder = fake_pack(_text("zz-edited"), name="zz-edited")
    (folder / "pack.toml.json").write_text(
        json.dumps(parsed_form((folder / "pack.toml").read_text(encoding="utf-8"))),
        encoding="utf-8",
    )
    # The text is edited after the form was written: the edit is what loads.
    edited = minimal_pack(id="zz-edited", summary="The edited summary of this test pack.")
    (folder / "pack.toml").write_text(to_toml(edited), encoding="utf-8")
    library = _fresh_build()
    (pack,) = [p for p in library.packs if p.id == "zz-edited"]
    assert pack.summary == "The edited summary of this test pack."


BROKEN: dict[str, Callable[[str], bytes]] = {
    "empty": lambda _text: b"",
    "not JSON": lambda _text: b"{not json",
    "not UTF-8": lambda _text: b"\xff\xfe\x00",
    "a list": lambda _text: b"[]",
    "no document": lambda text: json.dumps(
        {k: v for k, v in parsed_form(text).items() if k != "document"}
    ).encode(),
    "another format": lambda text: json.dumps({**parsed_form(text), "format": 2}).encode(),
    "an extra key": lambda text: json.dumps({**parsed_form(text), "x": 1}).encode(),
    "a null": lambda text: json.dumps(
        {**parsed_form(text), "document": {**tomllib.loads(text), "summary": None}}
    ).encode(),
    "NaN": lambda text: json.dumps(
        {**parsed_form(text), "document": {**tomllib.loads(text), "n": float("nan")}}
    ).encode(),
    "too large": lambda text: json.dumps(
        {**parsed_form(text), "document": {**tomllib.loads(text), "pad": "x" * 5 * len(text)}}
    ).encode(),
    "too deep": lambda text: (
        b'{"format":1,"toml_sha256":"'
        + parsed_form(text)["toml_sha256"].encode()
        + b'","document":{"a":'
        + b"[" * 1_500
        + b"]" * 1_500
        + b"}}"
    ),
}


@pytest.mark.parametrize("kind", sorted(BROKEN))
def test_a_broken_form_is_ignored(
    kind: str, cache: Path, fake_pack: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = fake_pack(_text("zz-broken"), name="zz-broken")
    text = (folder / "pack.toml").read_text(encoding="utf-8")
    (folder / "pack.toml.json").write_bytes(BROKEN[kind](text))
    assert read_parsed(str(folder / "pack.toml.json"), text) is None
    parses = _Parses(monkeypatch)
    library = _fresh_build()
    assert "zz-broken" in [p.id for p in library.packs]
    assert parses.calls >= 1  # read from its text


def test_a_folder_or_fifo_in_its_place_is_ignored(
    cache: Path, fake_pack: Callable[..., Path]
) -> None:
    import os

    folder = fake_pack(_text("zz-odd"), name="zz-odd")
    (folder / "pack.toml.json").mkdir()
    assert "zz-odd" in [p.id for p in _fresh_build().packs]
    (folder / "pack.toml.json").rmdir()
    os.mkfifo(folder / "pack.toml.json")  # must not hang the load
    assert "zz-odd" in [p.id for p in _fresh_build().packs]


@pytest.mark.parametrize("pack_id", sorted(HOSTILE))
def test_a_form_that_is_not_its_text_meets_every_check(
    pack_id: str, cache: Path, fake_pack: Callable[..., Path]
) -> None:
    """A pack whose text is harmless but whose form (named for that text) is hostile: the form
    is what loads, and it is refused exactly as the hostile text is."""
    hostile_text, message = HOSTILE[pack_id]
    folder = fake_pack(_text(pack_id), name=pack_id)
    _write_form(folder, tomllib.loads(hostile_text))
    for _ in range(3):  # the first load, the one after, a warm one
        library = _fresh_build()
        (status,) = [s for s in library.statuses if s.name == pack_id]
        assert status.status == "error"
        assert message in (status.error or ""), status.error
        assert pack_id not in [p.id for p in library.packs]


def test_validate_reports_a_form_that_is_not_its_text(tmp_path: Path, cli: Cli) -> None:
    folder = tmp_path / "zz-twisted"
    folder.mkdir()
    (folder / "pack.toml").write_text(_text("zz-twisted"), encoding="utf-8")
    code, out, _ = cli.json("validate", str(folder))
    assert code == 0
    assert out["valid"]
    twisted = tomllib.loads(_text("zz-twisted"))
    twisted["summary"] = "Not what the text says."
    _write_form(folder, twisted)
    code, out, _ = cli.json("validate", str(folder))
    assert code == 1
    assert any("holds something other than what pack.toml says" in p for p in out["problems"])
    # 1 where the text says 1.0 (or true where it says 1) is not the same either.
    document = tomllib.loads(_text("zz-twisted"))
    document["schema"] = True
    _write_form(folder, document)
    code, out, _ = cli.json("validate", str(folder))
    assert code == 1


def test_validate_warns_of_a_stale_form_and_writes_a_current_one(tmp_path: Path, cli: Cli) -> None:
    folder = tmp_path / "zz-stale"
    folder.mkdir()
    pack_file = folder / "pack.toml"
    pack_file.write_text(_text("zz-stale"), encoding="utf-8")
    code, out, _ = cli.json("validate", str(folder), "--write-parsed")
    assert code == 0
    assert out["written"] == [str(pack_file) + PARSED_SUFFIX]
    assert read_parsed(parsed_path(pack_file), pack_file.read_text(encoding="utf-8")) is not None
    pack_file.write_text(_text("zz-stale") + "\n# edited\n", encoding="utf-8")
    code, out, _ = cli.json("validate", str(folder))
    assert code == 0
    assert out["warnings"]
    assert "not the parsed form of this pack.toml" in out["warnings"][0]
    code, out, _ = cli.json("validate", str(folder), "--strict")
    assert code == 1
    code, out, _ = cli.json("validate", str(folder), "--write-parsed")
    assert code == 0
    assert not out["warnings"]


def test_validate_writes_nothing_for_an_invalid_pack_or_one_with_a_date(
    tmp_path: Path, cli: Cli
) -> None:
    folder = tmp_path / "zz-bad"
    folder.mkdir()
    (folder / "pack.toml").write_text('schema = 1\nid = "zz-bad"\n', encoding="utf-8")
    code, out, _ = cli.json("validate", str(folder), "--write-parsed")
    assert code == 1
    assert out["written"] == []
    assert not (folder / "pack.toml.json").exists()
    with pytest.raises(ValueError, match="date"):
        parsed_form('when = 2024-01-01\nx = "y"\n')
    with pytest.raises(ValueError, match="non-finite"):
        parsed_form("x = nan\n")


_KEYS = st.from_regex(r"[a-z][a-z0-9_-]{0,5}", fullmatch=True)
_TOML_VALUES = st.recursive(
    st.one_of(
        st.text(max_size=8),
        st.booleans(),
        st.integers(-(2**63), 2**63 - 1),
        st.floats(allow_nan=False, allow_infinity=False),
    ),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.from_regex(r"[a-z][a-z0-9_-]{0,4}", fullmatch=True), inner, max_size=3)
    ),
    max_leaves=12,
)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.dictionaries(
        st.from_regex(r"[a-z][a-z0-9_-]{0,5}", fullmatch=True), _TOML_VALUES, max_size=4
    )
)
def test_a_form_holds_exactly_what_the_text_parses_to(document: dict[str, Any]) -> None:
    """Written and read back, a parsed form is the TOML's own reading, type for type."""
    text = to_toml(document)
    form = json.loads(json.dumps(parsed_form(text), ensure_ascii=False))
    assert _as_json(form["document"]) == _as_json(tomllib.loads(text))
