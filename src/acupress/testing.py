"""Helpers for testing packs and applications that embed acupress.

- ``assert_valid_pack(path_or_text, strict=False)``: fail with every problem, one per line (and
  every warning too, with ``strict=True``).
- ``install_fake_pack(...)`` and the pytest fixture ``fake_pack``: make a pack look installed by
  writing a small ``*.dist-info`` (METADATA and entry_points.txt) into a folder on ``sys.path``,
  so real entry-point discovery finds it, with no pip involved.
- the pytest fixture ``pack_library``: ``pack_library(PACK, ...)`` builds a Library of the
  catalog and the packs given (files, folders or packages' ``pack.toml``), strictly: a broken
  pack fails the test with every problem.
- ``minimal_pack(**overrides)``: the smallest valid pack document (a dict), to start a test's
  own pack from; ``to_toml(document)`` writes one out.
- ``pack_documents()``: a Hypothesis strategy of valid pack documents (as dicts).
- ``techniques()``, ``steps()``, ``routines()``, ``references()``: Hypothesis strategies of valid
  model objects.
- ``synthetic_pack(candidates)``: a large generated Pack, for benchmarks and composer tests.

acupress installs this module as a pytest plugin (the ``pytest11`` entry point
``acupress.testing``), so the fixtures need no ``conftest.py``; ``pytest -p no:acupress.testing``
turns it off, and ``pytest_plugins = ["acupress.testing"]`` still works where plugins are not
loaded automatically. pytest and Hypothesis are needed only by the parts that use them.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ._toml import to_toml

if TYPE_CHECKING:
    from hypothesis.strategies import SearchStrategy

    from ._library import Library
    from ._model.points import Region
    from ._model.references import Reference
    from ._model.routines import Routine, Step, Technique

__all__ = [
    "assert_valid_pack",
    "fake_pack",
    "install_fake_pack",
    "minimal_pack",
    "pack_documents",
    "pack_library",
    "references",
    "routines",
    "steps",
    "synthetic_pack",
    "techniques",
    "to_toml",
]


def assert_valid_pack(pack: str | os.PathLike[str] | Traversable, *, strict: bool = False) -> None:
    """Fail (AssertionError) with every problem of a pack file, folder, or TOML text.

    ``pack`` may also be a package's file (``importlib.resources.files("pkg") / "pack.toml"``).
    With ``strict``, warnings (cure wording, an indication without dosing ...) fail too.
    """
    from ._packs.validate import check_pack_text, validate_files

    if isinstance(pack, os.PathLike) or (
        isinstance(pack, str) and "\n" not in pack and Path(pack).exists()
    ):
        problems, _files = validate_files(os.fspath(pack))
    elif isinstance(pack, str):
        problems = check_pack_text(pack, "<pack>")
    else:
        problems = check_pack_text(pack.read_text(encoding="utf-8"), str(pack))
    failing = [p for p in problems if strict or p.severity == "error"]
    if failing:
        raise AssertionError("invalid pack:\n" + "\n".join(str(p) for p in failing))


def install_fake_pack(
    site: Path,
    pack_text: str,
    *,
    name: str,
    distribution: str | None = None,
    version: str = "1.0.0",
    module: str | None = None,
) -> Path:
    """Write a pack into ``site`` as if installed: a module with pack.toml and a dist-info.

    ``site`` must be (or be put) on ``sys.path``; call ``acupress.refresh()`` afterwards so the
    default library sees it. Returns the module folder.
    """
    distribution = distribution or f"acupress-pack-{name}"
    module = module or re.sub(r"\W", "_", f"acupress_fake_{name}")
    package = site / module
    package.mkdir(parents=True, exist_ok=True)
    (package / "__init__.py").write_text('"""A fake pack for tests."""\n', encoding="utf-8")
    (package / "pack.toml").write_text(pack_text, encoding="utf-8")
    dist_info = site / f"{re.sub(r'[-.]+', '_', distribution)}-{version}.dist-info"
    dist_info.mkdir(parents=True, exist_ok=True)
    (dist_info / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {distribution}\nVersion: {version}\n", encoding="utf-8"
    )
    (dist_info / "entry_points.txt").write_text(
        f"[acupress.packs]\n{name} = {module}\n", encoding="utf-8"
    )
    return package


def _fixture() -> Callable[..., Any]:
    import pytest

    @pytest.fixture
    def fake_pack(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[..., Path]]:
        """A factory ``fake_pack(pack_text, name=..., version=..., distribution=...)``.

        Each call installs one fake pack into a temporary folder on ``sys.path`` and refreshes
        discovery; everything is undone after the test.
        """
        from ._default import refresh

        site = tmp_path / "site-packages"
        site.mkdir()
        monkeypatch.syspath_prepend(str(site))
        monkeypatch.delenv("ACUPRESS_NO_PACKS", raising=False)
        monkeypatch.delenv("ACUPRESS_PACKS", raising=False)

        def install(pack_text: str, **kwargs: Any) -> Path:
            folder = install_fake_pack(site, pack_text, **kwargs)
            refresh()
            return folder

        refresh()
        yield install
        for name in [m for m in sys.modules if m.startswith("acupress_fake_")]:
            del sys.modules[name]
        refresh()

    return fake_pack


def _library_fixture() -> Callable[..., Any]:
    import pytest

    @pytest.fixture
    def pack_library() -> Callable[..., Library]:
        """A factory ``pack_library(*packs, installed=False)``: a Library of the catalog and the
        packs given (pack files, folders, or a package's ``pack.toml``), built strictly, so a
        broken pack fails with every problem; ``installed=True`` adds the installed packs."""
        from ._library import Library

        def build(*packs: str | os.PathLike[str] | Traversable, installed: bool = False) -> Library:
            given = [p if isinstance(p, str | os.PathLike) else str(p) for p in packs]
            return Library.build(given, discover=installed, strict=True)

        return build

    return pack_library


try:
    fake_pack = _fixture()
    pack_library = _library_fixture()
except ImportError:  # pragma: no cover - pytest is not installed

    def fake_pack(*_args: Any, **_kwargs: Any) -> Any:
        """The pytest fixture; it needs pytest installed."""
        raise RuntimeError("the fake_pack fixture needs pytest")

    def pack_library(*_args: Any, **_kwargs: Any) -> Any:
        """The pytest fixture; it needs pytest installed."""
        raise RuntimeError("the pack_library fixture needs pytest")


def minimal_pack(**overrides: Any) -> dict[str, Any]:
    """The smallest valid pack document, as a dict (write it out with ``to_toml``).

    Schema 1, the id ``minimal`` and the metadata every pack needs; one condition, ``<id>-pain``;
    LI4 indicated for it by tradition; and a dosing for LI4. Keyword arguments replace top-level
    keys, e.g. ``minimal_pack(id="mine", rules=[...])``; the pack's name and its condition follow
    the ``id`` given. Each call returns a new document, free to change.
    """
    pack_id = str(overrides.get("id", "minimal"))
    condition = f"{pack_id}-pain"
    document: dict[str, Any] = {
        "schema": 1,
        "id": pack_id,
        "name": pack_id.replace("-", " ").title(),
        "version": "1.0.0",
        "summary": "A minimal pack, for tests.",
        "license": "CC0-1.0",
        "authors": ["Tester"],
        "acupress": ">=0",
        "conditions": [{"id": condition, "name": "Pain", "description": "A pain, for tests."}],
        "indications": [
            {
                "point": "LI4",
                "condition": condition,
                "why": "Tradition.",
                "references": ["tradition"],
            }
        ],
        "dosing": [
            {"point": "LI4", "technique": {"method": "hold"}, "min_seconds": 30, "max_seconds": 60}
        ],
    }
    document.update(overrides)
    return document


def pack_documents(
    points: tuple[str, ...] = ("LI4", "BL23", "GB20", "KI1", "PC6"),
) -> SearchStrategy[dict[str, Any]]:
    """A Hypothesis strategy of valid pack documents (dicts) using the given catalog points.

    Each document has one study (``study``: what it studied, whom it left out) that indications
    may cite, and conditions that may give a ``min_age`` with its source.
    """
    from hypothesis import strategies as st

    from ._model.references import Population, Studied

    ids = st.from_regex(r"[a-z][a-z0-9]{0,8}(-[a-z0-9]{1,6})?", fullmatch=True)
    words = st.text(alphabet="abcdefghijklmnopqrstuvwxyz ", min_size=3, max_size=40).filter(
        lambda s: s.strip() != ""
    )

    @st.composite
    def documents(draw: st.DrawFn) -> dict[str, Any]:
        pack_id = draw(ids)
        condition_ids = draw(st.lists(ids, min_size=1, max_size=3, unique=True))
        chosen = draw(
            st.lists(st.sampled_from(points), min_size=1, max_size=len(points), unique=True)
        )
        # One study the indications may cite, saying what it studied and whom it left out.
        studied = draw(st.sampled_from([s.value for s in Studied if s is not Studied.TRADITION]))
        study: dict[str, Any] = {
            "id": "study",
            "kind": draw(st.sampled_from(["trial", "review"])),
            "title": draw(words),
            "url": "https://example.org/study",
            "studied": studied,
            "excluded": draw(st.lists(st.sampled_from([g.value for g in Population]), unique=True)),
            "note": draw(words),
        }
        indications = [
            {
                "point": p,
                "condition": draw(st.sampled_from(condition_ids)),
                "why": draw(words),
                "references": draw(
                    st.sampled_from([["tradition"], ["study"], ["study", "tradition"]])
                ),
                "priority": draw(st.integers(1, 5)),
            }
            for p in chosen
        ]
        conditions = []
        for c in condition_ids:
            condition: dict[str, Any] = {"id": c, "name": draw(words), "description": draw(words)}
            if draw(st.booleans()):
                condition["min_age"] = draw(st.integers(0, 130))
                condition["min_age_source"] = draw(st.sampled_from(["consensus", "study"]))
            conditions.append(condition)
        dosing = []
        for p in chosen:
            low = draw(st.integers(10, 120))
            dosing.append(
                {
                    "point": p,
                    "technique": {
                        "method": "hold",
                        "contact": draw(st.sampled_from(["thumb", "fingertip", "knuckle"])),
                        "pressure": draw(st.sampled_from(["light", "moderate", "firm"])),
                    },
                    "min_seconds": low,
                    "max_seconds": low + draw(st.integers(0, 120)),
                    "position": draw(st.sampled_from(["sitting", "lying", "standing"])),
                }
            )
        return {
            "schema": 1,
            "id": pack_id,
            "name": draw(words),
            "version": f"{draw(st.integers(0, 9))}.{draw(st.integers(0, 9))}.0",
            "summary": draw(words),
            "license": "CC-BY-4.0",
            "authors": [draw(words)],
            "acupress": ">=0.1",
            "references": [study],
            "conditions": conditions,
            "indications": indications,
            "dosing": dosing,
        }

    return documents()


def _texts() -> SearchStrategy[str]:
    from hypothesis import strategies as st

    from ._text import first_control

    # No character a pack may not hold (a control or a bidirectional control: first_control).
    return st.text(
        alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")).filter(
            lambda c: first_control(c) is None
        ),
        min_size=1,
        max_size=20,
    ).filter(lambda s: s.strip() != "")


def techniques() -> SearchStrategy[Technique]:
    """A Hypothesis strategy of valid Techniques: every method, with its own parameters only."""
    from hypothesis import strategies as st

    from ._model.routines import Contact, Direction, Method, Pressure, Technique

    texts = _texts()

    @st.composite
    def technique(draw: st.DrawFn) -> Technique:
        method = draw(st.sampled_from(Method))
        contact = draw(st.sampled_from(Contact))
        pressure = draw(st.sampled_from(Pressure))
        breathing = draw(st.none() | texts)
        press_seconds = rest_seconds = cycles = None
        direction = None
        if method is Method.PRESS_RELEASE:
            press_seconds = draw(st.integers(1, 30))
            rest_seconds = draw(st.integers(1, 30))
            cycles = draw(st.none() | st.integers(1, 10))
        if method is Method.CIRCLES:
            direction = draw(st.sampled_from(Direction))
            cycles = draw(st.none() | st.integers(1, 20))
        return Technique(
            method=method,
            contact=contact,
            pressure=pressure,
            press_seconds=press_seconds,
            rest_seconds=rest_seconds,
            cycles=cycles,
            direction=direction,
            breathing=breathing,
        )

    return technique()


def steps() -> SearchStrategy[Step]:
    """A Hypothesis strategy of valid Steps.

    Points are codes of the form ``<meridian><1..9>`` (all in the standard catalog); sides are
    drawn freely, so a step may press a midline point on both sides: fix the sides before
    checking a step against a library.
    """
    from hypothesis import strategies as st

    from ._model.base import MERIDIAN_CODES
    from ._model.routines import Sides, Step

    codes = st.builds(lambda m, n: f"{m}{n}", st.sampled_from(MERIDIAN_CODES), st.integers(1, 9))
    return st.builds(
        Step,
        point=codes,
        technique=techniques(),
        seconds=st.integers(1, 600),
        sides=st.sampled_from(Sides),
        note=st.none() | _texts(),
    )


def routines() -> SearchStrategy[Routine]:
    """A Hypothesis strategy of valid Routines of up to six ``steps()``."""
    from hypothesis import strategies as st

    from ._model.routines import Routine

    condition_ids = st.from_regex(r"[a-z][a-z-]{0,10}", fullmatch=True)
    return st.builds(
        Routine,
        name=_texts(),
        steps=st.lists(steps(), max_size=6).map(tuple),
        conditions=st.lists(condition_ids, max_size=3).map(tuple),
        description=st.text(max_size=30),
    )


def references() -> SearchStrategy[Reference]:
    """A Hypothesis strategy of valid References.

    Traditions and books need no locator; trials, reviews and guidelines get a DOI and maybe a
    PMID.
    """
    from hypothesis import strategies as st

    from ._model.references import Population, Reference, ReferenceKind, Studied

    ids = st.from_regex(r"[a-z0-9][a-z0-9-]{0,15}", fullmatch=True)
    texts = _texts()
    unlocated = st.builds(
        Reference,
        id=ids,
        kind=st.sampled_from([ReferenceKind.TRADITION, ReferenceKind.BOOK]),
        title=texts,
        authors=st.lists(texts, max_size=3).map(tuple),
        year=st.none() | st.integers(1500, 2030),
        studied=st.none() | st.just(Studied.TRADITION),
    )

    @st.composite
    def located(draw: st.DrawFn) -> Reference:
        studied = draw(st.none() | st.sampled_from(list(Studied)))
        excluded: tuple[Population, ...] = ()
        if studied is not None and studied is not Studied.TRADITION:
            excluded = tuple(draw(st.lists(st.sampled_from(list(Population)), unique=True)))
        return Reference(
            id=draw(ids),
            kind=draw(
                st.sampled_from(
                    [ReferenceKind.TRIAL, ReferenceKind.REVIEW, ReferenceKind.GUIDELINE]
                )
            ),
            title=draw(texts),
            doi=draw(st.from_regex(r"10\.[0-9]{4}/[a-z0-9.]{1,10}", fullmatch=True)),
            pmid=draw(st.none() | st.from_regex(r"[0-9]{5,8}", fullmatch=True)),
            studied=studied,
            excluded=excluded,
            note=draw(st.just("") | texts),
        )

    return unlocated | located()


def synthetic_pack(
    candidates: int,
    *,
    seed: int = 0,
    pack_id: str = "synthetic",
    conditions: int = 1,
    regions: Sequence[Region] | None = None,
) -> Any:
    """A Pack with ``candidates`` points of its own, each indicated for ``synthetic-goal``.

    Priorities, evidence, regions, dosing ranges and positions vary pseudo-randomly (but
    reproducibly, by ``seed``): for benchmarks and property tests of the composer. With
    ``conditions`` above 1 there are also ``synthetic-goal-2``, ``synthetic-goal-3``... and each
    point is indicated for each of them with chance one half (the points and their
    ``synthetic-goal`` indications stay those of ``conditions=1``). ``regions`` are the body
    regions to draw from (by default every region but the neck, perineum and groin).
    """
    import random

    from ._model.packs import Condition, Dosing, Indication, Pack, PackPoint, Position
    from ._model.points import Laterality, Reach, Region
    from ._model.references import Reference, ReferenceKind
    from ._model.routines import Technique

    if conditions < 1:
        raise ValueError(f"conditions: must be at least 1, got {conditions}")
    rng = random.Random(seed)
    more = random.Random(f"{seed}-conditions")  # leaves the draws of the first condition alone
    drawn = (
        list(regions)
        if regions is not None
        else [r for r in Region if r not in (Region.NECK, Region.PERINEUM, Region.GROIN)]
    )
    if not drawn:
        raise ValueError("regions: name at least one region")
    goals = ["synthetic-goal", *(f"synthetic-goal-{i}" for i in range(2, conditions + 1))]
    trial = Reference(
        id="trial", kind=ReferenceKind.TRIAL, title="A trial", url="https://example.org/t"
    )
    points, indications, dosing = [], [], []
    for i in range(candidates):
        code = f"{pack_id}:p{i:05d}"
        points.append(
            PackPoint(
                code=code,
                pinyin=f"Point {i}",
                gloss="Synthetic",
                location="Four finger widths above a bony landmark.",
                region=rng.choice(drawn),
                laterality=rng.choice(list(Laterality)),
                reach=Reach.ALONE,
                references=("tradition",),
            )
        )
        indications.append(
            Indication(
                point=code,
                condition="synthetic-goal",
                why="Synthetic.",
                references=(rng.choice(["tradition", "trial"]),),
                priority=rng.randint(1, 5),
            )
        )
        for goal in goals[1:]:
            if more.random() < 0.5:
                indications.append(
                    Indication(
                        point=code,
                        condition=goal,
                        why="Synthetic.",
                        references=(more.choice(["tradition", "trial"]),),
                        priority=more.randint(1, 5),
                    )
                )
        low = rng.choice([15, 20, 30, 45, 60])
        dosing.append(
            Dosing(
                point=code,
                technique=Technique(),
                min_seconds=low,
                max_seconds=low + rng.choice([0, 15, 30, 60]),
                position=rng.choice(list(Position)),
            )
        )
    return Pack(
        schema=1,
        id=pack_id,
        name="Synthetic",
        version="1.0.0",
        summary="For benchmarks.",
        license="CC0-1.0",
        authors=("acupress",),
        acupress=">=0",
        references=(trial,),
        conditions=tuple(
            Condition(
                id=goal,
                name="Synthetic goal" + (f" {i}" if i > 1 else ""),
                description="A goal for benchmarks.",
            )
            for i, goal in enumerate(goals, start=1)
        ),
        points=tuple(points),
        indications=tuple(indications),
        dosing=tuple(dosing),
    )
