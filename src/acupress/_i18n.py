"""The language of what acupress says: its own gettext catalog, never the process's.

Every sentence acupress shows a person goes through ``tr`` (or ``ntr`` for a count) and is
looked up in the catalog ``acupress`` under ``acupress/locale``: ``gettext.translation`` with
``fallback=True``, so a language without a catalog is English, and nothing global is touched
(no ``gettext.install()``, no ``builtins._``, no ``locale.setlocale``).

The language is, first match wins: the one of ``use_language()`` in the current thread or task
(a context variable), then the one ``set_language()`` chose for the process, then the environment
in gettext's own order (``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES``, ``LANG``; the first one set,
a colon-separated list of preferences). The environment is read on every lookup, so changing
``LANGUAGE`` takes effect at once; the parsed catalogs are kept per list of languages (they are
package data, keyed by the list alone). ``gettext`` itself is imported on the first lookup, so
``import acupress`` stays cheap.

``mark`` only marks a constant for extraction (a table of messages made at import time): the
code translates it with ``tr`` where it is shown. ``tools/i18n.py`` extracts the messages with
Babel, updates the catalogs and compiles them (see docs/i18n.md).
"""

from __future__ import annotations

import contextvars
import os
import re
import threading
from collections.abc import Callable, Container, Iterator, Mapping
from contextlib import contextmanager
from typing import TYPE_CHECKING, ParamSpec, TypeVar

if TYPE_CHECKING:
    from gettext import NullTranslations

__all__ = [
    "DEFAULT_LANGUAGE",
    "DOMAIN",
    "LANGUAGE_CODE",
    "LOCALE_DIR",
    "check_translations",
    "current_language",
    "in_english",
    "keep_language",
    "localized",
    "mark",
    "ntr",
    "read_only",
    "set_language",
    "tr",
    "use_language",
]

T = TypeVar("T")
P = ParamSpec("P")
DOMAIN = "acupress"
# A plain path: pathlib costs a command line that reads no file (tests/test_import.py).
LOCALE_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "locale")
DEFAULT_LANGUAGE = "en"  # the language of the messages in the code
ENVIRONMENT = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")
_CODE = re.compile(r"[A-Za-z]{2,3}([_-][A-Za-z0-9]{2,8})?(\.[A-Za-z0-9_-]+)?(@[A-Za-z0-9]+)?")

# The language of use_language(), per thread and per asyncio task.
_scoped: contextvars.ContextVar[tuple[str, ...] | None] = contextvars.ContextVar(
    "acupress_language", default=None
)
# What set_language() chose for the process, and the catalogs read, per list of languages.
_lock = threading.Lock()
_chosen: dict[str, tuple[str, ...]] = {}
_loaded: dict[tuple[str, ...], tuple[NullTranslations | _AsWritten, str]] = {}


class _AsWritten:
    """The messages as the code writes them (English): what gettext's fallback gives when no
    catalog is wanted, without importing gettext and searching for one."""

    def gettext(self, message: str) -> str:
        return message

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return singular if n == 1 else plural


def _languages(language: str | None) -> tuple[str, ...]:
    """``"de"`` or ``"de_DE.UTF-8:en"`` as a checked tuple of preferences."""
    if not isinstance(language, str):
        raise TypeError(
            tr("language: expected a language code such as 'de', got {value}", value=repr(language))
        )
    wanted = tuple(part for part in language.split(":") if part)
    bad = [part for part in wanted if part != "C" and not _CODE.fullmatch(part)]
    if bad or not wanted:
        # A ValueError, not DataError: the errors module translates its messages with this one.
        shown = repr(bad[0] if bad else language)
        raise ValueError(
            tr("language: {code} is not a language code such as 'de', 'de_DE' or 'en'", code=shown)
        )
    return wanted


def set_language(language: str | None) -> None:
    """Speak ``language`` (``"de"``, ``"de_DE"``, ``"de:en"``) in this process, or follow the
    environment again with ``None``.

    A language acupress has no catalog for falls back to English. ``use_language()`` overrides
    this for one block of code, in one thread or task.
    """
    wanted = None if language is None else _languages(language)
    with _lock:
        if wanted is None:
            _chosen.pop("process", None)
        else:
            _chosen["process"] = wanted


@contextmanager
def use_language(language: str | None) -> Iterator[str]:
    """Speak ``language`` inside the ``with`` block, in this thread or task only; yields the
    language actually used (``"de"``, or ``"en"`` where acupress has no catalog).

    ``None`` leaves the language as it is (handy for a ``language=None`` argument).
    """
    if language is None:
        yield current_language()
        return
    token = _scoped.set(_languages(language))
    try:
        yield current_language()
    finally:
        _scoped.reset(token)


def requested() -> tuple[str, ...]:
    """The languages asked for, in order of preference (empty: none, so English)."""
    scoped = _scoped.get()
    if scoped is not None:
        return scoped
    chosen = _chosen.get("process")
    if chosen is not None:
        return chosen
    for variable in ENVIRONMENT:
        value = os.environ.get(variable)
        if value:
            return tuple(part for part in value.split(":") if part)
    return ()


def _catalog() -> tuple[NullTranslations | _AsWritten, str]:
    """The catalog for the languages asked for, and the language it is in."""
    wanted = requested()
    found = _loaded.get(wanted)
    if found is not None:
        return found
    # The messages are written in English, so English anywhere in the list ends it, as "C" (the
    # plain locale) does for gettext: "en:de" is English, not German. "C.UTF-8" (the plain
    # locale of most containers) is "C" too: no catalog to look for, no files to look at.
    preferred: list[str] = []
    for language in wanted:
        plain = language.partition(".")[0].partition("@")[0]
        if plain in ("C", "POSIX") or re.match(r"en([_.@-]|$)", language):
            break
        preferred.append(language)
    if not preferred:
        with _lock:
            return _loaded.setdefault(wanted, (_AsWritten(), DEFAULT_LANGUAGE))
    import gettext

    translations = gettext.translation(
        DOMAIN, localedir=LOCALE_DIR, languages=preferred, fallback=True
    )
    first = gettext.find(DOMAIN, localedir=LOCALE_DIR, languages=preferred)
    # .../locale/<language>/LC_MESSAGES/acupress.mo
    language = (
        os.path.basename(os.path.dirname(os.path.dirname(first))) if first else DEFAULT_LANGUAGE
    )
    with _lock:
        return _loaded.setdefault(wanted, (translations, language))


def current_language() -> str:
    """The language acupress speaks here and now: a catalog's name (``"de"``) or ``"en"``."""
    return _catalog()[1]


def tr(message: str, /, **fields: object) -> str:
    """``message`` in the current language, with ``{name}`` fields filled in when given."""
    text = _catalog()[0].gettext(message)
    return text.format(**fields) if fields else text


def ntr(singular: str, plural: str, count: int, /, **fields: object) -> str:
    """The singular or plural of a message for ``count``, translated; ``{count}`` is filled in."""
    text = _catalog()[0].ngettext(singular, plural, count)
    return text.format(count=count, **fields)


def keep_language(func: Callable[[], T]) -> Callable[[], T]:
    """``func``, to be called later (lazily, in another thread) in the language of now."""
    wanted = requested()

    def in_that_language() -> T:
        token = _scoped.set(wanted)
        try:
            return func()
        finally:
            _scoped.reset(token)

    return in_that_language


LANGUAGE_CODE = re.compile(r"[a-z]{2,3}")


def check_translations(
    translations: Mapping[str, Mapping[str, str]], language: str, keys: Container[str]
) -> list[str]:
    """What is wrong with a document's ``translations`` (language -> key -> text): a language
    code that is not two or three lower-case letters or is the document's own ``language``, a
    key that names nothing translatable (``keys``), a text that is empty."""
    problems = []
    if not LANGUAGE_CODE.fullmatch(language):
        problems.append(
            tr("language: {code} is not a language code such as 'en' or 'de'", code=repr(language))
        )
    for code, table in translations.items():
        if not LANGUAGE_CODE.fullmatch(code):
            problems.append(
                tr(
                    "translations.{code}: not a language code such as 'de' (two or three "
                    "lower-case letters)",
                    code=code,
                )
            )
        elif code == language:
            problems.append(
                tr(
                    "translations.{code}: the texts are written in {code} already",
                    code=code,
                )
            )
        for key, text in table.items():
            if key not in keys:
                problems.append(
                    tr(
                        "translations.{code}: {key} names no text of this document that can "
                        "be translated",
                        code=code,
                        key=repr(key),
                    )
                )
            elif not isinstance(text, str) or not text.strip():
                problems.append(
                    tr("translations.{code}.{key}: must be a text", code=code, key=repr(key))
                )
    return problems


def read_only(translations: Mapping[str, Mapping[str, str]]) -> Mapping[str, Mapping[str, str]]:
    """``translations`` as read-only views (for a frozen document's field)."""
    from types import MappingProxyType

    return MappingProxyType({code: MappingProxyType(dict(t)) for code, t in translations.items()})


def localized(
    text: str, key: str, translations: Mapping[str, Mapping[str, str]], language: str
) -> tuple[str, str]:
    """A document's ``text`` (written in ``language``) in the current language where the
    document translates it under ``key``, and the language of what is returned."""
    now = current_language()
    if now == language:
        return text, language
    found = translations.get(now, {}).get(key)
    return (found, now) if found else (text, language)


def in_english(func: Callable[P, T]) -> Callable[P, T]:
    """``func``, always run in English: for code that reads the English of other messages
    (``acupress validate`` finds the ids in "unknown point 'X'" to suggest others)."""
    import functools

    @functools.wraps(func)
    def english(*args: P.args, **kwargs: P.kwargs) -> T:
        token = _scoped.set((DEFAULT_LANGUAGE,))
        try:
            return func(*args, **kwargs)
        finally:
            _scoped.reset(token)

    return english


def mark(message: str) -> str:
    """Mark a constant message for extraction; translate it with ``tr`` where it is shown."""
    return message
