"""A pack's texts hold no character that steers a terminal or reorders text: acupress's own
output strips such characters, but an application shows a pack's texts as they are, so a pack
holding one is refused when it loads (and by ``acupress validate``), naming the text's path and
the character."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

import acupress
from acupress import PackError
from acupress._packs.document import read_pack_document
from acupress._packs.validate import check_pack_text
from acupress._text import first_control, strip_controls
from acupress.testing import minimal_pack, to_toml

# Every kind the check refuses: C0 controls but tab and newline, DEL, C1, bidi controls.
CONTROLS = [
    *(chr(c) for c in range(0x20) if chr(c) not in "\t\n"),
    *(chr(c) for c in range(0x7F, 0xA0)),
    "\u061c",
    "\u200e",
    "\u200f",
    *(chr(c) for c in range(0x202A, 0x202F)),
    *(chr(c) for c in range(0x2066, 0x206A)),
]
# Where a text can be put in the minimal pack (a path, and how to set it).
PLACES = {
    "$.summary": lambda d, t: d.__setitem__("summary", t),
    "$.conditions[0].description": lambda d, t: d["conditions"][0].__setitem__("description", t),
    "$.indications[0].why": lambda d, t: d["indications"][0].__setitem__("why", t),
    "$.authors[0]": lambda d, t: d["authors"].__setitem__(0, t),
}
PLAIN = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cf", "Cs"), max_codepoint=0x2FFF)
    | st.sampled_from("\t\n"),
    min_size=1,
    max_size=40,
).filter(lambda t: t.strip() != "")


def _pack_with(place: str, text: str) -> dict[str, Any]:
    pack = minimal_pack(id="cc")
    PLACES[place](pack, text)
    return pack


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    place=st.sampled_from(sorted(PLACES)),
    before=PLAIN,
    control=st.sampled_from(CONTROLS),
    after=PLAIN,
)
def test_a_text_with_a_control_character_is_refused_naming_its_path(
    place: str, before: str, control: str, after: str
) -> None:
    text = to_toml(_pack_with(place, before + control + after))
    code = f"U+{ord(control):04X}"
    with pytest.raises(PackError) as raised:
        read_pack_document(text, "p.toml")
    lines = [line for line in raised.value.problems if code in line]
    assert lines
    assert all(line.startswith(f"p.toml: {place}: ") for line in lines), lines
    found = [p for p in check_pack_text(text, "p.toml") if code in p.message]
    assert [(p.path, p.severity) for p in found] == [(place, "error")]
    assert found[0].line is not None


@settings(max_examples=80, deadline=None)
@given(place=st.sampled_from(sorted(PLACES)), text=PLAIN)
def test_tabs_new_lines_and_every_other_printable_text_are_kept(place: str, text: str) -> None:
    document = to_toml(_pack_with(place, text))
    assert not [p for p in check_pack_text(document, "p.toml") if "control character" in str(p)]
    from acupress._packs.document import control_problems

    assert control_problems(tomllib.loads(document), "p.toml") == []


@given(st.text(max_size=30))
def test_first_control_finds_exactly_what_strip_controls_takes_out(text: str) -> None:
    assert (first_control(text) is None) == (strip_controls(text) == text)


def test_a_key_with_a_control_character_is_named_without_it() -> None:
    pack = minimal_pack(id="cc")
    pack["conditions"][0]["bad\x1b[2Jkey"] = "x"
    with pytest.raises(PackError) as raised:
        read_pack_document(to_toml(pack), "p.toml")
    (line,) = [line for line in raised.value.problems if "control character" in line]
    assert "\x1b" not in line
    assert line.startswith("p.toml: $.conditions[0]: a key ('bad\\x1b[2Jkey') holds")


def test_an_installed_style_pack_with_an_escape_is_broken_and_nothing_else_is_lost(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "cc"
    folder.mkdir()
    pack = _pack_with("$.conditions[0].description", "Sore.\x1b]8;;https://x.example\x07here")
    (folder / "pack.toml").write_text(to_toml(pack), encoding="utf-8")
    library = acupress.Library.build([folder], discover=False)
    assert "cc" not in {p.id for p in library.packs}
    (status,) = [s for s in library.statuses if s.status == "error"]
    assert "U+001B" in (status.error or "")
    assert library.point("LI4").code == "LI4"  # the catalog is all there
