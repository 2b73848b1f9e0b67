"""A per-user cache of parsed packs and rules, so that loading stays fast.

Parsing and structuring a pack costs tens of milliseconds (TOML, then cattrs); reading it back
from the cache costs about one. What is stored is plain JSON, never anything that can run code
when read: each entry is the unstructured form of the object (an attrs instance as the list of
its constructor's arguments, enums as their values, tuples as lists), and reading it builds the
object again through its own constructor, each value checked to be exactly of its type, so every
model validator runs on the way back in.

Why an entry can be trusted (``docs/cache.md`` says the same for people):

- it is found by a key that is the SHA-256 of the kind, the version, a stamp of every module of
  acupress and the SHA-256 of the text it was built from, so an edited pack or a changed
  acupress never reads an old entry; the key is stored in the entry and compared;
- the SHA-256 of the payload is stored beside it and checked before the payload is parsed;
- the folder is opened once, without following a symbolic link, and checked on the open
  descriptor (a directory, owned by this user, not writable by group or others); every entry is
  opened relative to that descriptor, without following links, and checked the same way, so
  swapping the folder or a file between the check and the use gains nothing;
- any failure to read, verify, parse or structure an entry is a miss: the object is built from
  its text and the bad entry replaced.

Writes are atomic (a temporary file in the folder, then ``os.replace``; the temporary file is
removed on any failure). Old entries are pruned when a new one is written: entries made by
another version of the code, entries unused for 30 days, and the oldest beyond 256.

The cache lives in ``$ACUPRESS_CACHE_DIR`` (an absolute path; a relative one turns the cache
off), else in ``platformdirs.user_cache_dir("acupress")`` (``$XDG_CACHE_HOME/acupress`` when
that is absolute, else ``~/.cache/acupress`` on Linux). With no usable home folder there is no
cache, never a folder in the working directory. ``ACUPRESS_NO_CACHE=1`` turns it off. The cache
can only make loading faster, never change what is loaded.
"""

from __future__ import annotations

import builtins
import enum
import functools
import itertools
import json
import operator
import os
import re
import stat
import sys
import time
import types
import typing
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, TypeVar

import attrs

from ._state import process_cache

__all__ = ["cache_dir", "cached", "cached_digest", "from_plain", "to_plain"]

T = TypeVar("T")

CACHE_ENV = "ACUPRESS_CACHE_DIR"
NO_CACHE_ENV = "ACUPRESS_NO_CACHE"

FORMAT = 1
MAX_ENTRIES = 256
MAX_AGE = 30 * 24 * 3600  # entries not used for this long are pruned
_TOUCH_AFTER = 24 * 3600  # a hit marks the entry as used at most once a day
_TEMP_AGE = 3600  # a temporary file this old was left by a writer that died
_MAX_BYTES = 64 * 1024 * 1024

_KIND = re.compile(r"[a-z][a-z-]*")
_ENTRY = re.compile(r"([a-z][a-z-]*)-([0-9a-f]{12})-[0-9a-f]{40}\.json")
_TEMP = re.compile(r"\.tmp-[0-9a-f]{16}")
# Entries of the cache before it stored JSON (pickles): removed whenever the cache is pruned.
_LEGACY = re.compile(r"[0-9a-f]{8}-[0-9]+\.(?:pack|pack-rules|rules|catalog|discovery)")

# Where the system can open files relative to a folder's descriptor (not on Windows), every file
# is; elsewhere paths are joined, and ownership is not checked where there are no user ids.
_FD_RELATIVE = os.open in os.supports_dir_fd and os.scandir in os.supports_fd
_O_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_O_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_O_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_O_DIRECTORY = getattr(os, "O_DIRECTORY", 0)
_O_BINARY = getattr(os, "O_BINARY", 0)


# -- where ----------------------------------------------------------------------------------


def cache_dir() -> str | None:
    """Where the cache is, or None when it is turned off or there is no safe place for it."""
    if os.environ.get(NO_CACHE_ENV, "").strip() not in ("", "0"):
        return None
    configured = os.environ.get(CACHE_ENV)
    if configured:
        return configured if os.path.isabs(configured) else None
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    if hasattr(os, "getuid") and not os.path.isabs(xdg):
        # platformdirs ignores a relative XDG_CACHE_HOME and falls back to the home folder; with
        # no absolute HOME there is no cache (not the password database's idea of home, and
        # never a "~" folder in the working directory).
        home = os.environ.get("HOME", "")
        if not os.path.isabs(home):
            return None
    if _plain_linux():
        # What platformdirs answers on Linux (the XDG rule), without importing it: it brings
        # pathlib, tempfile and shutil, more than the rest of a warm load costs. A test checks
        # that both agree.
        if os.path.isabs(xdg):
            return os.path.join(xdg, "acupress")
        return os.path.join(home.rstrip("/") or "/", ".cache", "acupress")
    import platformdirs

    try:
        found = platformdirs.user_cache_dir("acupress", appauthor=False)
    except (RuntimeError, OSError, KeyError, ValueError):
        return None
    return found if os.path.isabs(found) else None


def _plain_linux() -> bool:
    """Linux that is not Android: platformdirs follows the XDG rule there."""
    android = hasattr(sys, "getandroidapilevel") or (
        os.environ.get("ANDROID_DATA") == "/data" and os.environ.get("ANDROID_ROOT") == "/system"
    )
    return sys.platform.startswith("linux") and not android


def _owned(info: os.stat_result) -> bool:
    """This user's, and not writable by group or others (no user ids: nothing to check)."""
    if not hasattr(os, "getuid"):
        return True
    return info.st_uid == os.getuid() and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


class _Folder:
    """The cache folder, opened once and verified; every file is opened relative to it."""

    def __init__(self, path: str, fd: int | None) -> None:
        self.path = path
        self.fd = fd

    @classmethod
    def open(cls, path: str, *, create: bool) -> _Folder | None:
        """The verified folder, or None when it is missing (and not created) or not trusted."""
        if create:
            try:
                os.makedirs(path, mode=0o700, exist_ok=True)
            except OSError:
                return None
        if not _FD_RELATIVE:
            try:
                info = os.lstat(path)
            except OSError:
                return None
            ok = stat.S_ISDIR(info.st_mode) and _owned(info)
            return cls(path, None) if ok else None
        try:
            fd = os.open(path, os.O_RDONLY | _O_DIRECTORY | _O_NOFOLLOW | _O_CLOEXEC)
        except OSError:
            return None
        try:
            info = os.fstat(fd)
            trusted = stat.S_ISDIR(info.st_mode) and _owned(info)
        except OSError:
            trusted = False
        if not trusted:
            os.close(fd)
            return None
        return cls(path, fd)

    def close(self) -> None:
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None

    def open_file(self, name: str, flags: int, mode: int = 0o600) -> int:
        flags |= _O_NOFOLLOW | _O_CLOEXEC | _O_BINARY
        if self.fd is not None:
            return os.open(name, flags, mode, dir_fd=self.fd)
        return os.open(os.path.join(self.path, name), flags, mode)

    def replace(self, src: str, dst: str) -> None:
        if self.fd is not None:
            os.replace(src, dst, src_dir_fd=self.fd, dst_dir_fd=self.fd)
        else:
            os.replace(os.path.join(self.path, src), os.path.join(self.path, dst))

    def unlink(self, name: str) -> None:
        try:
            if self.fd is not None:
                os.unlink(name, dir_fd=self.fd)
            else:
                os.unlink(os.path.join(self.path, name))
        except OSError:
            pass

    def touch(self, fd: int, name: str) -> None:
        try:
            if os.utime in os.supports_fd:
                os.utime(fd)
            else:
                os.utime(os.path.join(self.path, name))
        except OSError:
            pass

    def entries(self) -> list[tuple[str, float]]:
        """The regular files of the folder (links are not followed) and their change times."""
        out = []
        with os.scandir(self.fd if self.fd is not None else self.path) as it:
            for entry in it:
                try:
                    info = entry.stat(follow_symlinks=False)
                except OSError:
                    continue
                if stat.S_ISREG(info.st_mode):
                    out.append((entry.name, info.st_mtime))
        return out


# -- keys -----------------------------------------------------------------------------------


# CPython's own SHA-256 when it has one: importing hashlib loads OpenSSL, which costs more
# than hashing everything a warm load reads.
try:
    if sys.version_info >= (3, 12):
        from _sha2 import sha256 as _sha256  # type: ignore[import-not-found,unused-ignore]
    else:
        from _sha256 import sha256 as _sha256  # type: ignore[import-not-found,unused-ignore]
except ImportError:
    from hashlib import sha256 as _sha256


@process_cache
def _code_stamp() -> str:
    """A hash of the size and time of every Python module of acupress: any edit changes it.

    Installed inside a zip archive, acupress has no module files to list: the archive's own
    path, size and time stand for them.
    """
    here = os.path.dirname(os.path.abspath(__file__))
    stamp: list[str] = []
    _stamp_modules(here, "", stamp)
    if not stamp:
        archive = here
        while archive and not os.path.isfile(archive):
            parent = os.path.dirname(archive)
            archive = "" if parent == archive else parent
        try:
            info = os.stat(archive or here)
            stamp.append(f"{archive or here}:{info.st_size}:{info.st_mtime_ns}")
        except OSError:
            stamp.append(here)
    digest = _sha256()
    digest.update("\n".join(stamp).encode("utf-8", "surrogatepass"))
    return str(digest.hexdigest())


def _stamp_modules(folder: str, prefix: str, stamp: list[str]) -> None:
    """``relative/path.py:size:mtime_ns`` of every module in ``folder`` and the folders in it
    (not ``__pycache__`` or ``data``, and not through a link), in order of their names."""
    try:
        with os.scandir(folder) as found:
            entries = sorted(found, key=lambda entry: entry.name)
    except OSError:
        return
    subfolders = []
    for entry in entries:
        try:
            is_folder = entry.is_dir()
        except OSError:
            is_folder = False
        if is_folder:
            if entry.name not in ("__pycache__", "data") and not entry.is_symlink():
                subfolders.append(entry)
        elif entry.name.endswith(".py"):
            try:
                info = entry.stat()
                stamp.append(f"{prefix}{entry.name}:{info.st_size}:{info.st_mtime_ns}")
            except OSError:
                stamp.append(entry.name)
    for entry in subfolders:
        _stamp_modules(entry.path, f"{prefix}{entry.name}{os.sep}", stamp)


def _key(kind: str, text: str, version: str) -> str:
    """The entry's key: what it was built from (the text by its hash) and by which code."""
    source = _sha256()
    source.update(text.encode("utf-8", "surrogatepass"))
    key = _sha256()
    key.update(f"acupress-cache-{FORMAT}\0{kind}\0{version}\0{_code_stamp()}\0".encode())
    key.update(source.hexdigest().encode())
    return str(key.hexdigest())


def _file_name(kind: str, key: str) -> str:
    return f"{kind}-{_code_stamp()[:12]}-{key[:40]}.json"


# -- the format: plain data, and objects built again by their constructors -------------------


class _Unsupported(TypeError):
    """A value that the entry format cannot hold exactly: it is not cached."""


class _BadEntry(ValueError):
    """An entry whose data is not of the type asked for."""


def _bad() -> Any:
    raise _BadEntry("the entry does not have the type asked for")


_SCALARS = (str, int, float, bool, type(None))


def _plain(value: Any) -> Any:
    """Data typed Any (a pack's rule tables) must already be JSON: tables, lists, text, numbers."""
    if value is None or type(value) in (str, int, float, bool):
        return value
    if type(value) is list:
        return [_plain(v) for v in value]
    if type(value) is dict and all(type(k) is str for k in value):
        return {k: _plain(v) for k, v in value.items()}
    raise _Unsupported(f"{type(value).__name__} is not plain data")


def _parts(hint: Any) -> tuple[str, Any]:
    """What kind of type ``hint`` is, and its inner type(s)."""
    if hint is Any:
        return "any", None
    if hint in _SCALARS:
        return "scalar", hint
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return "enum", hint
    if isinstance(hint, type) and attrs.has(hint):
        return "attrs", hint
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (typing.Union, types.UnionType) and len(args) == 2 and type(None) in args:
        return "optional", next(a for a in args if a is not type(None))
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        return "tuple", args[0]
    if origin is list and len(args) == 1:
        return "list", args[0]
    if origin in (dict, Mapping) and len(args) == 2 and args[0] is str:
        return "mapping", args[1]
    raise TypeError(f"the cache cannot store {hint!r}")


# The caches of this section (the fields of a class, each type's encoder and decoder) are keyed
# by a type alone, whose fields never change: no process state to reset. They are shared by every
# entry (the catalog's Point and a pack's Reference alike), and an attrs class's fields are looked
# up on first use, so a class that contains itself is no problem.


@functools.cache
def _init_fields(cls: type) -> tuple[tuple[str, Any], ...]:
    """(attribute, type) of every field the constructor takes, in the constructor's order."""
    names = vars(sys.modules[cls.__module__])
    out = []
    for field in attrs.fields(cls):
        if field.init:
            if field.kw_only:
                raise TypeError(f"the cache cannot store {cls.__name__}: {field.name} is kw_only")
            # The annotation as written (postponed annotations are text), read where it was.
            hint = _annotation(field.type, names) if isinstance(field.type, str) else field.type
            out.append((field.name, hint))
    return tuple(out)


_BUILTINS = vars(builtins)
_COMPILED: dict[str, types.CodeType] = {}  # an annotation's text, compiled: keyed by content


def _annotation(text: str, names: dict[str, Any]) -> Any:
    """What the annotation ``text`` means in a module whose globals are ``names``.

    A plain name (``str``, ``Point``) is looked up as ``eval`` would (the module, then the
    builtins) without compiling it; anything else (``tuple[str, ...]``, ``str | None``) is
    evaluated, compiled once for every module that writes it so.
    """
    if text.isidentifier():
        if text in names:
            return names[text]
        if text in _BUILTINS:
            return _BUILTINS[text]
    code = _COMPILED.get(text)
    if code is None:
        code = _COMPILED[text] = compile(text, "<annotation>", "eval")
    return eval(code, names)


# Both directions work a column at a time: the values of one type at one place in the entry (the
# codes of all 409 points, their names, their regions) are checked and converted together, with
# the loops in C (set(map(type, ...)), zip, chain, islice), and the objects of a class are built
# by one map(cls, *columns), which calls the constructor, validators included, once an object.
# A call per value cost more than the constructors themselves. The checks are the ones made value
# by value before (tests/_cache_reference.py keeps that code, and tests compare the two): each
# value exactly of its type (true is not an integer), each object a list of exactly its
# constructor's arguments, each enum value a member's value of the same type.

_Column = Callable[[Sequence[Any]], Sequence[Any]]


def _only(kinds: frozenset[type], values: Iterable[Any]) -> bool:
    """Every one of ``values`` is exactly of one of ``kinds``."""
    return set(map(type, values)) <= kinds


def _split(flat: Iterable[Any], sizes: Iterable[int], container: type) -> list[Any]:
    """``flat`` cut into consecutive runs of ``sizes``, each made a ``container``."""
    items = iter(flat)
    return list(map(container, map(itertools.islice, itertools.repeat(items), sizes)))


def _mismatch(expected: str, column: Sequence[Any], kinds: frozenset[type]) -> str:
    found = next((type(v) for v in column if type(v) not in kinds), type(None))
    return f"expected {expected}, got {found.__name__}"


@functools.cache
def _encoder(hint: Any) -> Callable[[Any], Any]:
    """A function from a value of type ``hint`` to plain data; _Unsupported if it does not fit."""
    column = _column_encoder(hint)
    return lambda value: column((value,))[0]


@functools.cache
def _column_encoder(hint: Any) -> _Column:
    """``_encoder(hint)`` for a sequence of values at once: their plain data, in order."""
    kind, inner = _parts(hint)
    if kind == "any":
        return lambda column: list(map(_plain, column))
    if kind == "scalar":
        exact = frozenset([inner])

        def scalars(column: Sequence[Any]) -> Sequence[Any]:
            if not _only(exact, column):
                raise _Unsupported(_mismatch(inner.__name__, column, exact))
            return column

        return scalars
    if kind == "enum":
        member = frozenset([inner])
        value = operator.attrgetter("_value_")  # what .value gives, without the property

        def members(column: Sequence[Any]) -> Sequence[Any]:
            if not _only(member, column):
                raise _Unsupported(f"expected {inner.__name__}")
            return list(map(value, column))

        return members
    if kind == "optional" and inner in _SCALARS:
        either = frozenset([inner, _NONE])

        def nullable(column: Sequence[Any]) -> Sequence[Any]:
            if not _only(either, column):
                raise _Unsupported(_mismatch(f"{inner.__name__} or None", column, either))
            return column

        return nullable
    if kind == "optional":
        return _optional(_column_encoder(inner))
    if kind in ("tuple", "list"):
        items = _column_encoder(inner)
        container = frozenset([tuple if kind == "tuple" else list])
        name = "tuple" if kind == "tuple" else "list"
        unchanged = inner in _SCALARS  # plain items are checked, and stay what they are

        def sequences(column: Sequence[Any]) -> Sequence[Any]:
            if not _only(container, column):
                raise _Unsupported(f"expected a {name}")
            flat = list(itertools.chain.from_iterable(column))
            if not flat:
                return [[] for _ in column]
            if unchanged:
                items(flat)
                return list(map(list, column))
            return _split(items(flat), map(len, column), list)

        return sequences
    if kind == "mapping":
        values = _column_encoder(inner)

        def mappings(column: Sequence[Any]) -> Sequence[Any]:
            for table in column:
                if not isinstance(table, Mapping):
                    raise _Unsupported("expected a table with text keys")
            if not _only(_TEXT, itertools.chain.from_iterable(column)):
                raise _Unsupported("expected a table with text keys")
            flat = values([v for table in column for v in table.values()])
            return _tables(column, flat)

        return mappings
    cls = frozenset([inner])
    fields: list[tuple[_Column, Callable[[Any], Any]]] = []  # on first use: a class may hold itself

    def instances(column: Sequence[Any]) -> Sequence[Any]:
        if not _only(cls, column):
            raise _Unsupported(_mismatch(inner.__name__, column, cls))
        if not fields:
            found = _init_fields(inner)
            fields.extend((_column_encoder(h), operator.attrgetter(n)) for n, h in found)
        if not column or not fields:
            return [[] for _ in column]
        plain = [encode(list(map(get, column))) for encode, get in fields]
        return list(map(list, zip(*plain, strict=True)))

    return instances


_TEXT = frozenset([str])
_LIST = frozenset([list])
_DICT = frozenset([dict])
_NONE = type(None)
_TEXT_OR_NONE: frozenset[type] = frozenset([str, _NONE])


def _optional(inner: _Column) -> _Column:
    """A column coder of ``hint | None`` from ``inner``, that of ``hint``: None stays None."""

    def optional(column: Sequence[Any]) -> Sequence[Any]:
        present = [v for v in column if v is not None]
        if len(present) == len(column):
            return inner(column)
        if not present:
            return column
        done = iter(inner(present))
        return [None if v is None else next(done) for v in column]

    return optional


def _exactly(kinds: frozenset[type]) -> _Column:
    """The decoder of plain values (text, numbers, flags, None) exactly of one of ``kinds``."""

    def plain(column: Sequence[Any]) -> Sequence[Any]:
        if not _only(kinds, column):
            _bad()
        return column

    return plain


def _text_members(cls: type[enum.Enum]) -> dict[Any, Any] | None:
    """An enum's members by their value, if every value is text (else None)."""
    table = _members(cls)
    if {kind for kind, _ in table} != _TEXT:
        return None
    return {value: member for (_, value), member in table.items()}


def _by_text(table: dict[Any, Any], kinds: frozenset[type]) -> _Column:
    """The decoder of an enum whose values are text, by ``table``, values exactly of ``kinds``.

    Text is never equal to a value of another type: once every value is known to be exactly
    text (or None, for an optional one, in the table as itself), the value alone finds the
    member, without the pair of type and value.
    """

    def members(column: Sequence[Any]) -> Sequence[Any]:
        if not _only(kinds, column):
            _bad()
        return list(map(table.__getitem__, column))

    return members


def _tables(column: Sequence[Any], values: Sequence[Any]) -> list[Any]:
    """Tables with the keys of those in ``column``, in order, and ``values`` as their values."""
    items = iter(values)
    return [dict(zip(table, itertools.islice(items, len(table)), strict=True)) for table in column]


@functools.cache
def _decoder(hint: Any) -> Callable[[Any], Any]:
    """A function from plain data back to a value of type ``hint``; raises if it does not fit.

    Every value is checked to be exactly of its type (``true`` is not an integer, a list is not
    text), and an attrs instance, stored as the list of its constructor's arguments, is built by
    calling the constructor, so its validators run. The data is used up: the lists of an
    object's arguments are emptied as they are read.
    """
    column = _column_decoder(hint)
    return lambda value: column((value,))[0]


@functools.cache
def _column_decoder(hint: Any) -> _Column:
    """``_decoder(hint)`` for a sequence of plain values at once: the values, in order.

    The lists that stand for objects are emptied as they are read (the data is the entry's,
    just parsed, and nobody else's); the values given back for plain data (text, numbers,
    ``Any``) are the data's own.
    """
    kind, inner = _parts(hint)
    if kind == "any":
        return lambda column: column
    if kind == "scalar":
        return _exactly(frozenset([inner]))
    if kind == "enum":
        by_text = _text_members(inner)
        if by_text is not None:
            return _by_text(by_text, _TEXT)
        table = _members(inner)

        def typed(column: Sequence[Any]) -> Sequence[Any]:
            return list(map(table.__getitem__, zip(map(type, column), column, strict=True)))

        return typed
    if kind == "optional" and inner in _SCALARS:
        return _exactly(frozenset([inner, _NONE]))
    if kind == "optional" and _parts(inner)[0] == "enum":
        by_text = _text_members(inner)
        if by_text is not None:
            return _by_text({**by_text, None: None}, _TEXT_OR_NONE)
    if kind == "optional":
        return _optional(_column_decoder(inner))
    if kind in ("tuple", "list") and inner in _SCALARS:
        exact = frozenset([inner])
        copy = tuple if kind == "tuple" else list

        def plain(column: Sequence[Any]) -> Sequence[Any]:
            if not _only(_LIST, column) or not _only(exact, itertools.chain.from_iterable(column)):
                _bad()
            return list(map(copy, column))

        return plain
    if kind in ("tuple", "list"):
        items = _column_decoder(inner)
        container = tuple if kind == "tuple" else list

        def sequences(column: Sequence[Any]) -> Sequence[Any]:
            if not _only(_LIST, column):
                _bad()
            flat = list(itertools.chain.from_iterable(column))
            if not flat:
                return [container() for _ in column]
            return _split(items(flat), map(len, column), container)

        return sequences
    if kind == "mapping":
        values = _column_decoder(inner)

        def mappings(column: Sequence[Any]) -> Sequence[Any]:
            if not _only(_DICT, column):
                _bad()
            return _tables(column, values([v for table in column for v in table.values()]))

        return mappings
    fields: list[_Column] = []  # found on first use: a class may contain itself

    def instances(column: Sequence[Any]) -> Sequence[Any]:
        if not column:
            return []
        if not fields:
            fields.extend(_column_decoder(h) for _, h in _init_fields(inner))
        if not _only(_LIST, column) or set(map(len, column)) != {len(fields)}:
            _bad()
        if not fields:
            return [inner() for _ in column]
        # Each argument's column, checked and converted, then one call of the constructor per
        # object: map gives the i-th item of every column to the i-th call.
        columns = list(zip(*column, strict=True))
        # The rows are emptied (any() runs list.clear on each, and keeps nothing) and each column
        # let go once it is read, so that the entry's lists are freed as they are read, as they
        # were when the decoder rewrote them in place: kept to the end, the parsed entry doubles
        # the objects the garbage collector finds new, and it runs three or four times as often.
        any(map(list.clear, column))
        columns.reverse()
        arguments = [decode(columns.pop()) for decode in fields]
        return list(map(inner, *arguments))

    return instances


def _members(cls: type[enum.Enum]) -> dict[tuple[type, Any], Any]:
    """An enum's members by their value, and its type (``1`` is not ``True``)."""
    # _value_ is what the value property gives, read without running the property.
    return {(type(m._value_), m._value_): m for m in cls}


# -- reading and writing --------------------------------------------------------------------


def _read(folder: _Folder, name: str) -> bytes | None:
    """The bytes of an entry that is a regular file of this user's, not writable by others."""
    try:
        fd = folder.open_file(name, os.O_RDONLY | _O_NONBLOCK)
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or not _owned(info) or info.st_size > _MAX_BYTES:
            return None
        chunks = []
        size = 0
        while size <= info.st_size:
            chunk = os.read(fd, info.st_size + 1 - size)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if time.time() - info.st_mtime > _TOUCH_AFTER:
            folder.touch(fd, name)  # mark it as used, for pruning
        return b"".join(chunks)
    except OSError:
        return None
    finally:
        os.close(fd)


def _decode(data: bytes, kind: str, key: str, hint: Any) -> Any:
    """The object in an entry; raises (anything) when it is not a good entry for ``key``."""
    return _decode_verified(data, kind, key, hint)[0]


def _decode_verified(data: bytes, kind: str, key: str, hint: Any) -> tuple[Any, str]:
    """The object in an entry and the SHA-256 of its payload (checked against its header)."""
    head, newline, payload = data.partition(b"\n")
    header = json.loads(head)
    if (
        not newline
        or type(header) is not dict
        or header.get("format") != FORMAT
        or header.get("kind") != kind
        or header.get("key") != key
    ):
        raise ValueError("not this entry")
    digest = _sha256()
    digest.update(payload)
    if header.get("sha256") != digest.hexdigest():
        raise ValueError("the payload does not match its hash")
    return _decoder(hint)(json.loads(payload)), str(header["sha256"])


def _encode(value: Any, kind: str, key: str, hint: Any) -> bytes:
    return _encode_digested(value, kind, key, hint)[0]


def _encode_digested(value: Any, kind: str, key: str, hint: Any) -> tuple[bytes, str]:
    """The entry for ``value`` and the SHA-256 of its payload."""
    plain = _encoder(hint)(value)
    payload = json.dumps(plain, allow_nan=False, separators=(",", ":"))
    body = payload.encode("utf-8")
    digest = _sha256()
    digest.update(body)
    sha = str(digest.hexdigest())
    header = {"format": FORMAT, "kind": kind, "key": key, "sha256": sha}
    return json.dumps(header, sort_keys=True).encode() + b"\n" + body, sha


def _write(folder: _Folder, name: str, data: bytes) -> None:
    """Write ``name`` atomically: a temporary file, then a rename; nothing is left on failure."""
    temp = f".tmp-{os.urandom(8).hex()}"
    fd = folder.open_file(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
        finally:
            os.close(fd)
        folder.replace(temp, name)
    except BaseException:
        folder.unlink(temp)
        raise


def _prune(folder: _Folder, keep: str) -> None:
    """Remove entries of other code, entries unused for MAX_AGE, old pickles, stale temporary
    files, and the oldest entries beyond MAX_ENTRIES. Only names the cache itself makes."""
    now = time.time()
    stamp = _code_stamp()[:12]
    current: list[tuple[float, str]] = []
    for name, mtime in folder.entries():
        found = _ENTRY.fullmatch(name)
        if found is not None:
            if name != keep and (found.group(2) != stamp or now - mtime > MAX_AGE):
                folder.unlink(name)
            elif name != keep:
                current.append((mtime, name))
        elif _LEGACY.fullmatch(name) or (_TEMP.fullmatch(name) and now - mtime > _TEMP_AGE):
            folder.unlink(name)
    current.sort(reverse=True)
    for _, name in current[MAX_ENTRIES - 1 :]:
        folder.unlink(name)


def cached(kind: str, text: str, version: str, build: Callable[[], T], type_: type[T]) -> T:
    """The object ``build()`` makes from ``text``, from the cache when it is there.

    ``type_`` is the full type of the object (``tuple[PackInfo, ...]``, not ``tuple``): the
    entry is built back into it. ``build`` may raise; nothing is cached then.
    """
    return cached_digest(kind, text, version, build, type_)[0]


def cached_digest(
    kind: str, text: str, version: str, build: Callable[[], T], type_: type[T]
) -> tuple[T, str | None]:
    """``cached(...)``, and the SHA-256 of the object's stored form (its payload).

    The digest names the object's content exactly: an object read from an entry with that
    payload is equal to it (it is what was stored), so an answer computed from the object may
    be kept under it (``_packs.loading`` keeps the catalog checks' verdict so). None when the
    object has no stored form: the cache is off, or the object is not exactly storable.
    """
    if not _KIND.fullmatch(kind):
        raise ValueError(f"cache kind {kind!r} must be lower-case letters and hyphens")
    hint: Any = type_
    _parts(hint)  # an unsupported type is a mistake in the caller, not a miss
    path = cache_dir()
    folder = _Folder.open(path, create=False) if path is not None else None
    try:
        key = _key(kind, text, version)
        name = _file_name(kind, key)
        if folder is not None:
            entry = _read(folder, name)
            if entry is not None:
                try:
                    found: tuple[T, str] = _decode_verified(entry, kind, key, type_)
                    return found
                except Exception:  # a bad entry of any kind is a miss, rebuilt below
                    pass
        value = build()
        if path is None:
            return value, None
        try:
            data, digest = _encode_digested(value, kind, key, type_)
        except (_Unsupported, ValueError):  # not exactly storable: not cached
            return value, None
        if folder is None:
            folder = _Folder.open(path, create=True)
            if folder is None:
                return value, None
        try:
            _write(folder, name, data)
            _prune(folder, name)
        except OSError:
            return value, None
        return value, digest
    finally:
        if folder is not None:
            folder.close()


def to_plain(value: Any, type_: Any) -> Any:
    """``value`` in the stored form of an entry's payload (plain JSON data), for ``type_``.

    For data shipped in the package in that form (``_catalog.SHIPPED_CATALOG``); raises
    ``ValueError`` when ``value`` is not exactly storable as ``type_``.
    """
    _parts(type_)
    try:
        return _encoder(type_)(value)
    except _Unsupported as exc:
        raise ValueError(str(exc)) from None


def from_plain(data: Any, type_: type[T]) -> T:
    """The object of type ``type_`` that ``data`` (from ``to_plain``) stores, every object built
    through its constructor, validators included; raises (anything) when it is not exactly one."""
    hint: Any = type_
    _parts(hint)
    value: T = _decoder(hint)(data)
    return value
