"""Text helpers: folding for lookups (case, accents, tone marks, punctuation), and taking out
the characters that would let a pack's text steer a terminal."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence

__all__ = ["first_control", "normalize", "normalize_all", "strip_controls", "tone_key"]

_NON_WORD = re.compile(r"[\W_]+")


def _fold_text(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


# What _NON_WORD takes out of an ASCII text (every character but a letter or a digit), as a
# table for str.translate: the same key, without a regular expression's cost on a short text.
_ASCII_NON_WORD = {c: None for c in range(128) if not chr(c).isalnum()}


def normalize(text: str, folds: Mapping[int, str] | None = None) -> str:
    """Fold case, accents, tone marks, spaces and punctuation (and character variants) away."""
    if text.isascii():
        return text.lower().translate(_ASCII_NON_WORD)
    key = _NON_WORD.sub("", _fold_text(text))
    return key.translate(folds) if folds and not key.isascii() else key


_ASCII_NON_WORD_BUT_NEWLINE = {c: None for c in _ASCII_NON_WORD if c != ord("\n")}


def normalize_all(texts: Sequence[str]) -> list[str]:
    """``[normalize(t) for t in texts]``, the ASCII texts folded together in one pass (a table
    of 2,000 names in a fraction of the time one call each takes)."""
    out = [""] * len(texts)
    plain = [i for i, t in enumerate(texts) if t.isascii() and "\n" not in t]
    if plain:
        joined = "\n".join([texts[i] for i in plain]).lower()
        keys = joined.translate(_ASCII_NON_WORD_BUT_NEWLINE).split("\n")
        for i, key in zip(plain, keys, strict=True):
            out[i] = key
    for i, text in enumerate(texts):
        if not (text.isascii() and "\n" not in text):
            out[i] = normalize(text)
    return out


def tone_key(text: str) -> str:
    """A key that keeps tone marks: 'zhōng zhǔ' -> 'zhōngzhǔ'."""
    return _NON_WORD.sub("", unicodedata.normalize("NFC", text).casefold())


# A terminal escape sequence: CSI (ESC [ or the 8-bit CSI, parameters, intermediates, one final
# byte), or ESC with intermediates and one final byte (which covers the introducers and the string
# terminator of OSC, DCS, SOS, PM and APC strings). What a string sequence carries (a title, a
# link) is left as visible text rather than swallowed: an unterminated one cannot hide the text
# that follows it. A space is never taken as an intermediate (terminals allow it; no sequence
# worth removing needs it): a pack's text ending in ESC, or in ESC and intermediates, cannot join
# the words shown after it ("\x1b/" before " (sitting)" took " (s" as the rest of a sequence); its
# lone ESC goes, and what followed it stays as text.
# (Both are compiled on first use, by re's own cache: most processes never meet such a text.)
_ESCAPES = r"(?:\x1b\[|\x9b)[0-?]*[!-/]*[@-~]|\x1b[!-/]*[0-~]"
# C0 controls but tab and newline, DEL, C1 controls, and the bidirectional embeddings, overrides,
# isolates and marks (which can make text read in an order other than the one stored).
_CONTROLS = "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"


def strip_controls(text: str, *, single_line: bool = False) -> str:
    """``text`` with every character that could steer a terminal taken out.

    Escape sequences go whole; other control characters (a carriage return too) and bidi
    controls go; tabs and newlines stay, but with ``single_line`` each newline becomes a space.
    """
    if text.isprintable() and not single_line:
        return text  # the common case, and none of these characters is printable
    out = re.sub(_CONTROLS, "", re.sub(_ESCAPES, "", text))
    return out.replace("\n", " ") if single_line else out


def first_control(text: str) -> str | None:
    """The first character of ``text`` that ``strip_controls`` takes out (a control character
    other than tab and newline, or a bidirectional control), or None when there is none."""
    found = re.search(_CONTROLS, text)
    return None if found is None else found[0]
