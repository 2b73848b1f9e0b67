"""Markdown from pack text shows that text and nothing else: no tag, no link, no new block.

Checked by rendering with markdown-it in its GFM-like mode with linkify on (the autolinks that
once turned ``www.x \\<img ...>`` into a live tag), for Hypothesis-made pack strings, alone and
inside a real composition.
"""

from __future__ import annotations

import tomllib
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings, strategies as st
from markdown_it import MarkdownIt
from markdown_it.token import Token

import acupress
from acupress._convert import structure
from acupress._model.packs import Pack
from acupress._text import strip_controls
from acupress.render import composition_markdown
from acupress.render._format import md_escape
from acupress.testing import minimal_pack, to_toml

MD = MarkdownIt("gfm-like")
assert MD.options["linkify"]
assert MD.options["html"]

# Pieces of text that mean something to Markdown, GFM, HTML or linkify.
HOSTILE = [
    "www.",
    "WWW.evil.example",
    "example.com",
    "http://",
    "https://x.y/z",
    "//evil.example",
    "mailto:a@b.co",
    "a@b.co",
    "\\",
    "\\<img src=x onerror=alert(1)>",
    "<script>alert(1)</script>",
    "<https://x.y>",
    "[a](javascript:alert(1))",
    "![i](x.png)",
    "[x]: http://y",
    "&amp;",
    "&#60;",
    "&lt;b&gt;",
    "```",
    "~~~",
    "`code`",
    "**b**",
    "__u__",
    "*i*",
    "~~s~~",
    "---",
    "===",
    "- ",
    "+ ",
    "* ",
    "1. ",
    "12) ",
    "> ",
    "# ",
    "    ",
    "|",
    " | ",
    "\n",
    "\r\n",
    "\r",
    "\n\n",
    "\n- item\n",
    "\n| a | b |\n|---|---|\n",
    "\t",
    "  \n",
    "\\\n",
    "\u2028",
    "\x1b[2J",
    "\u202e",
    "\x00",
    "$x$",
    "[^1]",
    "{#id}",
    "<!-- c -->",
    "1.5",
    ":)",
    "(",
    ")",
]
pack_strings = st.lists(
    st.sampled_from(HOSTILE) | st.text(max_size=4) | st.sampled_from(["a", "b", "x", " ", "."]),
    min_size=1,
    max_size=12,
).map("".join)


def _flat(text: str) -> str:
    """What the reader should see: the text on one line, spaces collapsed, controls gone."""
    return " ".join(strip_controls(text, single_line=True).split())


def _all(tokens: list[Token]) -> list[Token]:
    out = []
    for token in tokens:
        out.append(token)
        out.extend(_all(token.children or []))
    return out


def _blocks(tokens: list[Token]) -> list[str]:
    return [t.type for t in tokens if t.type != "inline"]


def _no_markup(tokens: list[Token]) -> None:
    kinds = {t.type for t in _all(tokens)}
    assert not kinds & {"html_inline", "html_block", "link_open", "image", "code_inline"}, kinds
    assert not kinds & {"em_open", "strong_open", "s_open", "fence", "code_block"}, kinds


def _inline_text(token: Token) -> str:
    assert token.type == "inline"
    children = token.children or []
    assert all(c.type == "text" for c in children), [c.type for c in children]
    return "".join(c.content for c in children)


CONTEXTS = {
    "paragraph": "{}",
    "heading": "# {}",
    "list item": "- first\n- {}\n- last",
    "table cell": "| a | b | c |\n|---|---|---|\n| {} | y | z |\n| 2 | 3 | 4 |",
}


@pytest.mark.parametrize("context", CONTEXTS)
@settings(max_examples=150)
@given(text=pack_strings)
def test_escaped_text_is_shown_as_text(context: str, text: str) -> None:
    flat = _flat(text)
    page = CONTEXTS[context]
    tokens = MD.parse(page.format(md_escape(text)))
    _no_markup(tokens)
    assert _blocks(tokens) == _blocks(MD.parse(page.format("x" if flat else "")))
    shown = [_inline_text(t) for t in tokens if t.type == "inline"]
    if flat:
        assert flat in shown


def test_the_autolink_exploit() -> None:
    """The report: a bare www. link, then an escaped tag, became a live tag in a browser."""
    text = "see www.example.com \\<img src=x onerror=alert(1)>"
    html = MD.render(md_escape(text))
    assert "<img" not in html
    assert "<a " not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("Hold 3.5 s, then stop.", "Hold 3.5 s, then stop."),
        ("line one\nline two", "line one line two"),
        ("a | b", "a | b"),
        ("- not a list", "- not a list"),
        ("Don't press (it hurts)!", "Don't press (it hurts)!"),
    ],
)
def test_ordinary_text_reads_the_same(text: str, shown: str) -> None:
    opening, inline, closing = MD.parse(md_escape(text))
    assert (opening.type, closing.type) == ("paragraph_open", "paragraph_close")
    assert _inline_text(inline) == shown


# -- inside a real composition ----------------------------------------------------------------


def _pack(why: str, name: str, breathing: str, message: str) -> Any:
    doc = minimal_pack(
        id="mdtest",
        conditions=[{"id": "mdtest-pain", "name": name, "description": "A pain."}],
        indications=[
            {"point": p, "condition": "mdtest-pain", "why": why, "references": ["tradition"]}
            for p in ("LI4", "GB20", "ST36")
        ],
        dosing=[
            {
                "point": p,
                "technique": {"method": "hold", "breathing": breathing},
                "min_seconds": 30,
                "max_seconds": 60,
            }
            for p in ("LI4", "GB20", "ST36")
        ],
        rules=[
            {
                "id": "careful",
                "applies": {"points": ["LI4", "GB20"]},
                "severity": "info",
                "message": message,
                "basis": "tradition",
                "sources": [],
            }
        ],
    )
    # Built in code, as an application may build a pack: a pack file holding such text is
    # refused when it loads (tests/test_pack_controls.py), but the renderers never rely on it.
    return structure(tomllib.loads(to_toml(doc)), Pack, source="mdtest.toml")


def _markdown(why: str, name: str, breathing: str, message: str) -> str:
    library = acupress.Library.build([_pack(why, name, breathing, message)], discover=False)
    comp = acupress.compose("mdtest-pain", minutes=5, library=library)
    return composition_markdown(comp, library)


nonblank = pack_strings.filter(lambda s: _flat(s) != "")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(why=nonblank, name=nonblank, breathing=nonblank, message=nonblank)
# Found by Hypothesis: an ESC and an intermediate at the end of the breathing text took the " (s"
# of the step's "(sitting)" that follows it as the rest of an escape sequence.
@example(why="why", name="name", breathing="\x1b/", message="message")
def test_a_composition_with_hostile_pack_text(
    why: str, name: str, breathing: str, message: str
) -> None:
    page = _markdown(why, name, breathing, message)
    benign = _markdown("why", "name", "breathe", "message")
    tokens = MD.parse(page)
    assert _blocks(tokens) == _blocks(MD.parse(benign))
    kinds = {t.type for t in _all(tokens)}
    assert not kinds & {"html_inline", "html_block", "link_open", "image", "code_inline"}, kinds
    assert "<a " not in MD.render(page)
    shown = "\n".join(
        "".join(c.content for c in (t.children or []) if c.type == "text")
        for t in tokens
        if t.type == "inline"
    )
    for text in (why, name, breathing, message):
        assert _flat(text) in shown


def test_the_markdown_says_each_steps_position_and_note_as_the_text_does() -> None:
    from acupress.render import composition_markdown

    from .conftest import packed

    library = packed()
    comp = acupress.compose("procedure-anxiety", minutes=6, library=library)
    page = composition_markdown(comp, library)
    for step in comp.routine.steps:
        assert step.position is not None
        assert step.position.value in page
        if step.note:  # e.g. "Not on a wrist with a drip or cannula."
            assert step.note.split(",")[0] in page
