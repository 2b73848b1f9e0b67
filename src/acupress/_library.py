"""The Library: the standard catalog merged with loaded packs, immutable and safe to share.

``load()`` returns the process-wide default library, built on first use; build your own with
``Library.build(...)`` to choose exactly which packs are in it.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping
from types import MappingProxyType

from ._catalog import Catalog, legacy_bladder, load_catalog
from ._model import Meridian, Point, Region
from ._resolve import Alias, Resolution, Resolver
from .errors import UnknownPointError

__all__ = ["Library", "load", "resolve"]


class Library:
    """Meridians, points and everything packs add, with a resolver over all of it.

    A Library never changes after it is built; every method is safe to call from many threads.
    """

    __slots__ = ("_aliases", "_catalog", "_lock", "_meridians", "_points", "_resolver")

    def __init__(
        self, catalog: Catalog, *, aliases: Iterable[Alias] = (), points: Iterable[Point] = ()
    ):
        self._catalog = catalog
        self._meridians: Mapping[str, Meridian] = MappingProxyType(
            {m.code: m for m in catalog.meridians}
        )
        merged = {p.code: p for p in catalog.points}
        for p in points:
            merged[p.code] = p
        self._points: Mapping[str, Point] = MappingProxyType(merged)
        self._aliases = tuple(aliases)
        self._resolver: Resolver | None = None
        self._lock = threading.Lock()

    @classmethod
    def standard(cls) -> Library:
        """A library of the standard catalog alone, with no packs."""
        return cls(load_catalog())

    @property
    def meridians(self) -> Mapping[str, Meridian]:
        """Meridians by code, in WHO order, ending with the ``EX`` family."""
        return self._meridians

    @property
    def points(self) -> Mapping[str, Point]:
        """Every point by code: WHO order, then extra points, then pack points."""
        return self._points

    @property
    def aliases(self) -> tuple[Alias, ...]:
        """The names packs add for points."""
        return self._aliases

    @property
    def resolver(self) -> Resolver:
        """The index from every spelling to codes, built on first use."""
        resolver = self._resolver
        if resolver is None:
            with self._lock:
                if self._resolver is None:
                    self._resolver = Resolver(
                        tuple(self._meridians.values()),
                        tuple(self._points.values()),
                        self._catalog.notations,
                        legacy_bladder(),
                        self._aliases,
                    )
                resolver = self._resolver
        return resolver

    def resolve(self, text: str, notation: str | None = None) -> Resolution:
        """Every plausible reading of ``text`` as a point, best first.

        Raises UnknownPointError (with suggestions) when nothing matches, and
        UnknownNotationError when ``notation`` is not a notation acupress knows.
        """
        return self.resolver.resolve(text, notation)

    def point(self, text: str, notation: str | None = None) -> Point:
        """The point ``text`` names (its best reading when ambiguous)."""
        code = text if text in self._points else self.resolve(text, notation).code
        return self._points[code]

    def get(self, code: str) -> Point:
        """The point with exactly this code; UnknownPointError otherwise."""
        try:
            return self._points[code]
        except KeyError:
            raise UnknownPointError(code, self.resolver.suggest(code.lower())) from None

    def find(
        self, *, meridian: str | None = None, region: Region | str | None = None
    ) -> tuple[Point, ...]:
        """Points filtered by meridian code and/or region, in catalog order.

        ``meridian`` is resolved like a code prefix (``UB``, ``Bladder`` and ``BL`` all work).
        """
        wanted_meridian = self.meridian(meridian).code if meridian is not None else None
        wanted_region = Region(region) if isinstance(region, str) else region
        return tuple(
            p
            for p in self._points.values()
            if (wanted_meridian is None or p.meridian == wanted_meridian)
            and (wanted_region is None or p.region is wanted_region)
        )

    def meridian(self, text: str) -> Meridian:
        """The meridian ``text`` names: a WHO code, an English abbreviation or a name."""
        if text in self._meridians:
            return self._meridians[text]
        try:
            return self._meridians[self.resolve(f"{text} 1").code.rstrip("0123456789")]
        except UnknownPointError:
            raise UnknownPointError(text, tuple(self._meridians), what="meridian") from None

    def spellings(self, code: str, notation: str) -> tuple[str, ...]:
        """How ``notation`` writes the point ``code``; empty when it has no way to."""
        return self.resolver.spellings(self.get(code).code, notation)


_default: Library | None = None
_default_lock = threading.Lock()


def load() -> Library:
    """The default library of this process (standard catalog and installed packs), cached."""
    global _default
    library = _default
    if library is None:
        with _default_lock:
            if _default is None:
                _default = Library.standard()
            library = _default
    return library


def resolve(text: str, notation: str | None = None) -> Resolution:
    """Resolve ``text`` against the default library: see ``Library.resolve``."""
    return load().resolve(text, notation)
