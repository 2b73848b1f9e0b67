"""Folding text for lookups: case, accents, tone marks, spaces and punctuation."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping

__all__ = ["normalize", "tone_key"]

_NON_WORD = re.compile(r"[\W_]+")


def _fold_text(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def normalize(text: str, folds: Mapping[int, str] | None = None) -> str:
    """Fold case, accents, tone marks, spaces and punctuation (and character variants) away."""
    folded = text.lower() if text.isascii() else _fold_text(text)
    key = _NON_WORD.sub("", folded)
    return key.translate(folds) if folds and not key.isascii() else key


def tone_key(text: str) -> str:
    """A key that keeps tone marks: 'zhōng zhǔ' -> 'zhōngzhǔ'."""
    return _NON_WORD.sub("", unicodedata.normalize("NFC", text).casefold())
