"""Every broken pack document of the test suite, in one place: what it is, and what is wrong.

The tests that refuse broken packs take their cases from here (or, for the hostile packs, this
module takes them from ``test_hostile_packs.REFUSED``), and ``test_schema`` runs every case
against the pack schema to count what a schema alone catches. Each case is a whole document
(TOML-ready dict) and the problem ``acupress validate`` reports for it, so a case that stopped
being broken fails its test.

Not here, because they are not one document: a pack whose TOML does not parse
(``test_packs.test_broken_pack_is_reported_and_others_load``), an entry point named otherwise
than its pack, and one pack id from two distributions.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

from acupress.testing import minimal_pack


class Broken(NamedTuple):
    """A broken pack document, the problem the loader reports, and the test it comes from."""

    document: Callable[[], dict[str, Any]]
    problem: str
    origin: str


def _weak(rule: dict[str, Any]) -> dict[str, Any]:
    return minimal_pack(id="weak", rules=[rule])


# test_safety.test_packs_cannot_weaken_rules: rules that would weaken a core rule.
WEAKENING_RULES: list[tuple[dict[str, Any], str]] = [
    (
        {
            "id": "x",
            "disable": "front-of-neck",
            "applies": {"all": True},
            "severity": "info",
            "message": "m",
            "basis": "tradition",
            "sources": [],
        },
        "never remove or weaken",
    ),
    (
        {
            "id": "x",
            "tightens": "pregnancy-traditional-points",
            "applies": {"points": ["LI4"]},
            "when": {"pregnant": True},
            "severity": "gentle",
            "pressure_cap": "light",
            "message": "m",
            "basis": "tradition",
            "sources": [],
        },
        "would weaken",
    ),
    (
        {
            "id": "other:front-of-neck",
            "applies": {"all": True},
            "severity": "info",
            "message": "m",
            "basis": "tradition",
            "sources": [],
        },
        "rule ids belong to its own namespace",
    ),
    (
        {
            "id": "weak:x",
            "applies": {"groups": ["nowhere"]},
            "severity": "info",
            "message": "m",
            "basis": "tradition",
            "sources": [],
        },
        "unknown group 'nowhere'",
    ),
    (
        {
            "id": "x",
            "applies": {"all": True},
            "severity": "gentle",
            "message": "m",
            "basis": "evidence",
            "sources": [],
        },
        "needs a pressure_cap",
    ),
]

# test_packs_clinical.test_min_age_is_validated: fields of the minimal pack's condition.
MIN_AGE_FIELDS: list[tuple[dict[str, object], str]] = [
    ({"min_age": 16}, "go together"),
    ({"min_age_source": "consensus"}, "go together"),
    ({"min_age": -1, "min_age_source": "consensus"}, "from 0 to 130"),
    ({"min_age": 16, "min_age_source": "nowhere"}, "neither a reference"),
]


def min_age_pack(fields: dict[str, object]) -> dict[str, Any]:
    """The minimal pack, its condition given ``fields``."""
    document = minimal_pack()
    document["conditions"][0].update(fields)
    return document


# test_conditions.test_bad_synonyms_are_the_packs_error: synonyms of the minimal pack's condition.
BAD_SYNONYMS: list[tuple[list[str], str]] = [
    ([""], "1 to 80 characters"),
    (["x" * 81], "1 to 80 characters"),
    (["ow", "OW"], "given twice"),
    ([f"s{i}" for i in range(41)], "at most 40"),
]


def synonyms_pack(synonyms: list[str]) -> dict[str, Any]:
    """The minimal pack ``bad``, its condition given ``synonyms``."""
    document = minimal_pack(id="bad")
    document["conditions"][0]["synonyms"] = synonyms
    return document


def _at_1_2(pack_id: str, **extra: Any) -> dict[str, Any]:
    """The minimal pack ``pack_id`` at version 1.2.0, as test_packs writes them."""
    return minimal_pack(id=pack_id, **{"version": "1.2.0", **extra})


def _with(document: dict[str, Any], section: str, index: int, **fields: Any) -> dict[str, Any]:
    document[section][index].update(fields)
    return document


RED_FLAG_ON_TRADITION = {
    "condition": "weak-pain",
    "id": "q",
    "text": "Is it bad?",
    "urgency": "soon",
    "advice": "See a doctor.",
    "references": ["tradition"],
}
MIDLINE_ON_BOTH_SIDES = {
    "id": "r",
    "name": "R",
    "conditions": ["side-pain"],
    "steps": [{"point": "CV6", "seconds": 30, "sides": "both"}],
}
FOREIGN_POINT = {
    "code": "other:thing",
    "pinyin": "X",
    "gloss": "Y",
    "location": "Behind the ear bone.",
    "region": "head",
    "laterality": "bilateral",
    "reach": "alone",
    "references": ["tradition"],
}
ENDLESS_DOSING = {
    "point": "LI4",
    "technique": {"method": "hold"},
    "min_seconds": 30,
    "max_seconds": 10**12,
}
ENDLESS_TEMPLATE = {
    "id": "long",
    "name": "Long",
    "conditions": ["long-pain"],
    "steps": [{"point": "LI4", "seconds": 10**12, "sides": "both"}],
}

# The one-off cases of test_packs and test_inputs (those written there as TOML text edits are
# the same documents written as data).
ONE_OFF: dict[str, Broken] = {
    "a name that is a number": Broken(
        lambda: _at_1_2("bad", name=5),
        "$.name: expected text, got 5",
        "test_packs.test_broken_pack_is_reported_and_others_load",
    ),
    "an unknown point": Broken(
        lambda: _with(_at_1_2("typo"), "indications", 0, point="LI44"),
        "$.indications[0].point: unknown point 'LI44'",
        "test_packs.test_unknown_point_and_version_mismatch",
    ),
    "a future acupress": Broken(
        lambda: _at_1_2("future", acupress=">=9"),
        "supports acupress >=9",
        "test_packs.test_unknown_point_and_version_mismatch",
    ),
    "a typo in a key and an unknown point": Broken(
        lambda: _with(_at_1_2("bad"), "indications", 0, point="LI44", prio=3),
        "$.indications[0]",
        "test_packs.test_cli_validate",
    ),
    "schema 2": Broken(
        lambda: _at_1_2("broke", schema=2),
        "schema 2 is not supported",
        "test_packs.test_cli_packs_and_conditions",
    ),
    "a point in another pack's namespace": Broken(
        lambda: _at_1_2("wrong", points=[FOREIGN_POINT]),
        "must be under the pack's namespace 'wrong:'",
        "test_packs.test_pack_points_are_namespaced_and_resolvable",
    ),
    "a red flag on tradition alone": Broken(
        lambda: _at_1_2("weak", screening=[RED_FLAG_ON_TRADITION]),
        "not tradition alone",
        "test_packs.test_red_flags_need_more_than_tradition",
    ),
    "a midline point on both sides": Broken(
        lambda: _at_1_2("side", routines=[MIDLINE_ON_BOTH_SIDES]),
        "CV6 is on the midline",
        "test_packs.test_pack_routines_are_checked_for_sides",
    ),
    "a dosing of an endless hold": Broken(
        lambda: minimal_pack(id="long", dosing=[ENDLESS_DOSING]),
        "$.dosing[0]: max_seconds 1000000000000 is over the 600 s",
        "test_inputs.test_a_pack_dosing_of_an_endless_hold_is_refused",
    ),
    "a template of an endless hold": Broken(
        lambda: minimal_pack(id="long", routines=[ENDLESS_TEMPLATE]),
        "$.routines[0].steps[0].seconds: 1000000000000 s is outside 1-600 s",
        "test_inputs.test_a_pack_template_with_an_endless_hold_is_refused",
    ),
}


def cases() -> dict[str, Broken]:
    """Every broken pack document of the suite, by name."""
    from .test_hostile_packs import REFUSED

    out: dict[str, Broken] = {}
    for name, (make, problem) in REFUSED.items():
        out[f"hostile: {name}"] = Broken(make, problem, "test_hostile_packs.REFUSED")
    for i, (rule, problem) in enumerate(WEAKENING_RULES):
        out[f"weakening rule {i}: {problem}"] = Broken(
            (lambda rule=rule: _weak(rule)), problem, "test_safety.test_packs_cannot_weaken_rules"
        )
    for fields, problem in MIN_AGE_FIELDS:
        out[f"min_age {fields}"] = Broken(
            (lambda fields=fields: min_age_pack(fields)),
            problem,
            "test_packs_clinical.test_min_age_is_validated",
        )
    for synonyms, problem in BAD_SYNONYMS:
        out[f"synonyms {synonyms[:2]}... ({problem})"] = Broken(
            (lambda synonyms=synonyms: synonyms_pack(synonyms)),
            problem,
            "test_conditions.test_bad_synonyms_are_the_packs_error",
        )
    out.update(ONE_OFF)
    return out
