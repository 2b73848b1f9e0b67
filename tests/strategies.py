"""Hypothesis strategies for the model, shared by the tests."""

from __future__ import annotations

from hypothesis import strategies as st

from acupress import (
    Contact,
    Direction,
    Method,
    Pressure,
    Reference,
    ReferenceKind,
    Routine,
    Sides,
    Step,
    Technique,
)
from acupress._model.base import MERIDIAN_CODES

texts = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=20
).filter(lambda s: s.strip() != "")
codes = st.builds(lambda m, n: f"{m}{n}", st.sampled_from(MERIDIAN_CODES), st.integers(1, 9))
seconds = st.integers(1, 600)


@st.composite
def techniques(draw: st.DrawFn) -> Technique:
    method = draw(st.sampled_from(Method))
    kwargs: dict[str, object] = {
        "method": method,
        "contact": draw(st.sampled_from(Contact)),
        "pressure": draw(st.sampled_from(Pressure)),
        "breathing": draw(st.none() | texts),
    }
    if method is Method.PRESS_RELEASE:
        kwargs |= {
            "press_seconds": draw(st.integers(1, 30)),
            "rest_seconds": draw(st.integers(1, 30)),
            "cycles": draw(st.none() | st.integers(1, 10)),
        }
    if method is Method.CIRCLES:
        kwargs |= {
            "direction": draw(st.sampled_from(Direction)),
            "cycles": draw(st.none() | st.integers(1, 20)),
        }
    return Technique(**kwargs)  # type: ignore[arg-type]


steps = st.builds(
    Step,
    point=codes,
    technique=techniques(),
    seconds=seconds,
    sides=st.sampled_from(Sides),
    note=st.none() | texts,
)
condition_ids = st.from_regex(r"[a-z][a-z-]{0,10}", fullmatch=True)
routines = st.builds(
    Routine,
    name=texts,
    steps=st.lists(steps, max_size=6).map(tuple),
    conditions=st.lists(condition_ids, max_size=3).map(tuple),
    description=st.text(max_size=30),
)
references = st.builds(
    Reference,
    id=st.from_regex(r"[a-z0-9][a-z0-9-]{0,15}", fullmatch=True),
    kind=st.sampled_from([ReferenceKind.TRADITION, ReferenceKind.BOOK]),
    title=texts,
    authors=st.lists(texts, max_size=3).map(tuple),
    year=st.none() | st.integers(1500, 2030),
) | st.builds(
    Reference,
    id=st.from_regex(r"[a-z0-9][a-z0-9-]{0,15}", fullmatch=True),
    kind=st.sampled_from([ReferenceKind.TRIAL, ReferenceKind.REVIEW, ReferenceKind.GUIDELINE]),
    title=texts,
    doi=st.from_regex(r"10\.[0-9]{4}/[a-z0-9.]{1,10}", fullmatch=True),
    pmid=st.none() | st.from_regex(r"[0-9]{5,8}", fullmatch=True),
)
