"""Text from packs cannot steer the reader's terminal: no escape sequence, control character or
bidi control reaches it, in text, in messages, in errors, in prompts or in JSON."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings, strategies as st

import acupress
from acupress._cli.output import json_text, one_line
from acupress._cli.style import RESET, SGR, colour_enabled, styled
from acupress._text import strip_controls
from acupress.testing import minimal_pack, to_toml

from .conftest import Cli

# Every character that must never reach a terminal raw (tab and newline are fine).
FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# Everything JSON output must not carry raw (JSON escapes newlines and tabs itself).
JSON_FORBIDDEN = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)

TITLE = "\x1b]0;pwned\x07"  # set the window title
LINK = "\x1b]8;;https://evil.example/\x1b\\click\x1b]8;;\x1b\\"  # an OSC 8 hyperlink
CLEAR = "\x1b[2J\x1b[H"  # clear the screen, cursor home
COLOUR = "\x1b[8m"  # conceal: what follows is invisible
C1_CSI = "\x9b2J"  # the 8-bit form of the clear-screen
OVERWRITE = "\rLooks safe."  # a carriage return writes over the start of the line
BIDI = "\u202eevah\u202c \u2066isolate\u2069 \u200fmark"
PAYLOAD = f"A{TITLE}B{LINK}C{CLEAR}D{COLOUR}E{C1_CSI}F{OVERWRITE}G{BIDI}\x00\x7f\x08H"


# -- strip_controls -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"a{TITLE}b", "a0;pwnedb"),  # a title's text is shown, never obeyed
        (f"a{LINK}b", "a8;;https://evil.example/click8;;b"),
        (f"a{CLEAR}b", "ab"),
        ("\x1b[31mred\x1b[0m", "red"),
        (f"a{C1_CSI}b", "ab"),
        ("caution\rall fine", "cautionall fine"),
        ("tab\tand\nnewline", "tab\tand\nnewline"),
        (BIDI, "evah isolate mark"),
        ("\x00\x07\x08\x0b\x0c\x7f\x85\x9c", ""),
        ("plain text, 中文, émoji 😀", "plain text, 中文, émoji 😀"),
        ("lone escape at the end \x1b", "lone escape at the end "),
    ],
)
def test_strip_controls(text: str, expected: str) -> None:
    assert strip_controls(text) == expected


def test_single_line() -> None:
    assert strip_controls("one\ntwo\r\nthree", single_line=True) == "one two three"
    assert one_line("first\nsecond\x1b[2J\u2028third") == "first second third"


def test_an_unterminated_sequence_cannot_swallow_what_follows() -> None:
    text = "pack text \x1b]0;no terminator\nCAUTION: avoid in pregnancy\n"
    assert "CAUTION: avoid in pregnancy" in strip_controls(text)
    assert "\x1b[12" + "CAUTION" not in strip_controls("\x1b[12CAUTION")


@pytest.mark.parametrize("end", ["\x1b", "\x1b/", "\x1b(", "\x1b[", "\x1b[1;", "\x9b", "\x9b2"])
def test_a_text_ending_in_part_of_a_sequence_keeps_the_words_after_it(end: str) -> None:
    assert strip_controls(f"breathe slowly{end} (sitting)").endswith(" (sitting)")


@settings(deadline=None)
@given(
    st.text(),
    st.text(alphabet=st.characters(min_codepoint=0x21, max_codepoint=0x7E), min_size=1),
)
def test_no_text_swallows_the_words_after_a_space(text: str, words: str) -> None:
    """Whatever a pack's text ends with, what is shown after it and a space stays whole."""
    assert strip_controls(f"{text} {words}").endswith(f" {words}")
    assert strip_controls(f"{text} {words}", single_line=True).endswith(f" {words}")


@settings(deadline=None)
@given(st.text())
def test_nothing_forbidden_survives(text: str) -> None:
    out = strip_controls(text)
    assert not FORBIDDEN.search(out)
    assert strip_controls(out) == out
    assert "\n" not in strip_controls(text, single_line=True)


@settings(deadline=None)
@given(st.text(alphabet=st.characters(exclude_characters="\x1b\x9b")))
def test_without_escapes_only_the_controls_go(text: str) -> None:
    assert strip_controls(text) == FORBIDDEN.sub("", text)


@settings(deadline=None)
@given(
    st.recursive(
        st.text() | st.integers() | st.none(), lambda c: st.lists(c) | st.dictionaries(st.text(), c)
    )
)
def test_json_output_is_the_same_data_without_raw_controls(value: Any) -> None:
    text = json_text(value)
    assert not JSON_FORBIDDEN.search(text.replace("\n", ""))
    assert json.loads(text) == value


# -- the command line, with a hostile pack ------------------------------------------------------


def _hostile_pack() -> str:
    doc = minimal_pack(
        id="hostile",
        summary=f"Summary {PAYLOAD}",
        references=[
            {"id": "ref", "kind": "guideline", "title": f"Title {PAYLOAD}", "doi": "10.1/x"}
        ],
        conditions=[
            {"id": "hostile-pain", "name": f"Name {PAYLOAD}", "description": f"D {PAYLOAD}"}
        ],
        indications=[
            {
                "point": "LI4",
                "condition": "hostile-pain",
                "why": f"Why {PAYLOAD}",
                "references": ["tradition"],
            }
        ],
        dosing=[
            {
                "point": "LI4",
                "technique": {"method": "hold", "breathing": f"breathe {PAYLOAD}"},
                "min_seconds": 30,
                "max_seconds": 60,
                "note": f"Note {PAYLOAD}",
            }
        ],
        screening=[
            {
                "id": "q1",
                "condition": "hostile-pain",
                "text": f"Question {PAYLOAD}",
                "references": ["ref"],
                "urgency": "urgent",
                "advice": f"Advice {PAYLOAD}",
            }
        ],
        rules=[
            {
                "id": "careful",
                "applies": {"points": ["LI4"]},
                "severity": "info",
                "message": f"Rule {PAYLOAD}",
                "basis": "tradition",
                "sources": [],
            }
        ],
    )
    return to_toml(doc)


@pytest.fixture
def hostile(fake_pack: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """An installed pack whose every text holds the payload. Loading refuses such a pack
    (tests/test_pack_controls.py); here that check is switched off, in a cache of the test's
    own, to show that the output is clean without it: a pack built in code, a routine file or
    an older pack can still carry such text."""
    from acupress._packs import document

    monkeypatch.setattr(document, "control_problems", lambda _raw, _source: [])
    monkeypatch.setenv("ACUPRESS_CACHE_DIR", str(tmp_path / "hostile-cache"))
    fake_pack(_hostile_pack(), name="hostile")


TEXT_COMMANDS = [
    ("conditions",),
    ("packs",),
    ("compose", "hostile-pain", "--minutes", "3"),
    ("compose", "hostile-pain", "--minutes", "3", "--format", "markdown"),
    ("compose", "hostile-pain", "--minutes", "3", "--format", "html"),
    ("compose", "hostile-pain", "--minutes", "3", "--format", "svg"),
    ("check", "--points", "LI4"),
    ("guide", "--compose", "hostile-pain", "--minutes", "2", "--speed", "100"),
    ("show", "LI4"),
]


@pytest.mark.parametrize("argv", TEXT_COMMANDS)
def test_text_output_carries_no_controls(hostile: None, cli: Cli, argv: tuple[str, ...]) -> None:
    fmt = () if "--format" in argv else ("--format", "text")
    code, out, err = cli.run(*argv, *fmt)
    assert code == 0, err
    assert not FORBIDDEN.search(out), repr(FORBIDDEN.findall(out))
    assert not FORBIDDEN.search(err.replace("\n", "")), repr(err)


def test_the_pack_text_is_there_only_harmless(hostile: None, cli: Cli) -> None:
    code, out, _ = cli.run("conditions", "--format", "text")
    assert code == 0
    assert "Name A0;pwnedB8;;https://evil.example/click8;;CDEFLooks safe.G" in out


def test_screening_prompts_carry_no_controls(hostile: None, cli: Cli) -> None:
    code, out, err = cli.run("screen", "hostile-pain", "--format", "text", stdin="maybe\nyes\n")
    assert code == 0, err
    assert "Question A0;pwned" in err
    assert "Please answer y or n." in err
    assert not FORBIDDEN.search(out)
    assert not FORBIDDEN.search(err.replace("\n", ""))


@pytest.mark.parametrize("argv", [("conditions",), ("compose", "hostile-pain", "--minutes", "3")])
def test_json_output_keeps_the_data_and_carries_no_raw_controls(
    hostile: None, cli: Cli, argv: tuple[str, ...]
) -> None:
    code, out, err = cli.run(*argv, "--format", "json")
    assert code == 0, err
    assert not JSON_FORBIDDEN.search(out.replace("\n", ""))
    assert PAYLOAD in "\n".join(_strings(json.loads(out)))


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    return []


def test_error_messages_carry_no_controls(cli: Cli, tmp_path: Path) -> None:
    pack = tmp_path / "pack.toml"
    condition = {"id": "c", "name": "n", "description": "d", f"key{CLEAR}{OVERWRITE}": 1}
    pack.write_text(to_toml(minimal_pack(id="bad", conditions=[condition])), encoding="utf-8")
    runs = [
        cli.run("validate", str(pack), "--format", "text"),
        cli.run("check", str(pack), "--format", "text"),
        cli.run("show", f"LI{TITLE}4", "--format", "text"),
        cli.run("check", f"{CLEAR}.toml", "--format", "text"),
    ]
    assert "unknown key key" in runs[0].out  # the key is named, its escapes are not obeyed
    for code, out, err in runs:
        assert code != 0
        assert not FORBIDDEN.search(err.replace("\n", "")), err
        assert not FORBIDDEN.search(out.replace("\n", "")), out


# -- bold and colour ------------------------------------------------------------------------

OURS = re.compile("|".join(re.escape(code) for code in (*SGR.values(), RESET)))


@pytest.fixture(autouse=True)
def _no_colour_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    """The tests here set NO_COLOR and FORCE_COLOR themselves; the caller's do not count."""
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)


class Tty(io.StringIO):
    """A stream that says it is a terminal."""

    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(
    ("tty", "env", "expected"),
    [
        (True, {}, True),
        (False, {}, False),  # into a pipe or a file: no escapes
        (True, {"NO_COLOR": "1"}, False),
        (True, {"NO_COLOR": "0"}, False),  # any value but the empty string
        (True, {"NO_COLOR": ""}, True),  # set but empty: as if unset (no-color.org)
        (True, {"TERM": "dumb"}, False),
        (False, {"FORCE_COLOR": "1"}, True),
        (False, {"FORCE_COLOR": "0"}, False),
        (True, {"FORCE_COLOR": "1", "NO_COLOR": "1"}, False),  # NO_COLOR wins
    ],
)
def test_colour_is_on_for_a_terminal_unless_no_color(
    tty: bool, env: dict[str, str], expected: bool
) -> None:
    stream = Tty() if tty else io.StringIO()
    assert colour_enabled(stream, env) is expected


def test_styled_text_bolds_the_heads_and_colours_the_cautions() -> None:
    text = "Routine\n1. BL23 Shenshu: 30 s\n   Where: low back\n   Caution: not on the spine\n"
    out = styled(text, True)
    assert f"{SGR['bold']}1. BL23 Shenshu: 30 s{RESET}" in out
    assert f"   {SGR['bold']}Where:{RESET} low back" in out
    assert f"   {SGR['caution']}Caution:{RESET} not on the spine" in out
    assert OURS.sub("", out) == text  # the words are the same, only styled
    assert styled(text, False) == text
    assert styled("Verdict: avoid", True) == f"{SGR['alarm']}Verdict: avoid{RESET}"
    assert styled("Urgency: routine", True) == f"{SGR['bold']}Urgency: routine{RESET}"


@pytest.mark.parametrize(
    "argv",
    [
        ("compose", "hostile-pain", "--minutes", "3"),
        ("check", "--points", "LI4"),
        ("show", "LI4"),
        ("guide", "--compose", "hostile-pain", "--minutes", "2", "--speed", "100"),
    ],
)
def test_colour_adds_only_its_own_codes_and_no_color_none(
    hostile: None, cli: Cli, monkeypatch: pytest.MonkeyPatch, argv: tuple[str, ...]
) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")
    code, out, err = cli.run(*argv, "--format", "text")
    assert code == 0, err
    assert OURS.search(out)  # styled ...
    assert not FORBIDDEN.search(OURS.sub("", out)), repr(out)  # ... and nothing else gets out
    assert "A0;pwnedB" in out  # the pack's text is there, harmless
    monkeypatch.setenv("NO_COLOR", "1")
    code, plain, err = cli.run(*argv, "--format", "text")
    assert code == 0, err
    assert "\x1b" not in plain
    if argv[0] != "guide":  # the guide's cues fill the line before their lead is styled
        assert plain == OURS.sub("", out)


def test_the_guide_styles_a_terminal_and_not_a_pipe(packed_library: acupress.Library) -> None:
    from acupress._cli.player import play

    comp = acupress.compose("low-back-pain", minutes=2, library=packed_library)
    cues = list(acupress.timeline(comp, packed_library))
    steps = len(comp.routine.steps)
    runs = {}
    for name, stream in (("pipe", io.StringIO()), ("tty", Tty())):
        play(cues, steps, stream, speed=1e6, sleep=lambda _s: None, title="Back", width=80)
        runs[name] = stream.getvalue()
    assert "\x1b" not in runs["pipe"]
    assert f"{SGR['bold']}Step 1 of {steps}{RESET}" in runs["tty"]
    assert SGR["caution"] in runs["tty"]  # the cautions stand out
    with pytest.MonkeyPatch.context() as env:
        env.setenv("NO_COLOR", "1")
        quiet = Tty()
        play(cues, steps, quiet, speed=1e6, sleep=lambda _s: None, title="Back", width=80)
    assert not OURS.search(quiet.getvalue().replace("\r", "\n"))
