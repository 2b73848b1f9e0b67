"""Reading safety rules: the core file, and the rules packs add (which may only tighten).

A pack's rule ids live under the pack's namespace (``back-pain:ball-on-spine``). A pack may not
reuse an existing rule id, and a rule that says it ``tightens`` another must be at least as strict.
Keys such as ``disable`` or ``remove`` are refused with a message saying why.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import Any

import attrs

from .._cache import cached
from .._data import (
    read_bytes,
    read_data,
    read_text,
    shipped_document,
    shipped_object,
    shipped_stamp,
)
from .._i18n import DEFAULT_LANGUAGE, check_translations, read_only, tr
from .._model.base import non_empty
from .._model.packs import Pack
from .._model.points import Point
from .._model.references import Reference
from .._model.safety import Rule, Severity, When
from .._state import process_cache
from .._versions import acupress_version
from ..errors import DataError
from .ruleset import RuleSet

__all__ = [
    "CoreSafety",
    "PressureAdvice",
    "core_safety",
    "pack_rules",
    "rule_problems",
    "rule_set",
    "shipped_rules_document",
]

# The core rules in the cache's stored form, built with the package (tools/gen_index.py), so that
# no run, the first after install included, structures them from data/safety.toml or stores them
# in the per-user cache. Used only when its stamp is this installation's: a checksum of
# safety.toml and of the code that decides what the rules are (this reader, the safety and
# reference model and its checks, the structuring, the stored form, the data reader).
SHIPPED_RULES = "rules-objects.json"
_RULES_CODE = (
    "_safety/rules.py",
    "_model/safety.py",
    "_model/references.py",
    "_model/base.py",
    "_i18n.py",
    "_convert.py",
    "_cache.py",
    "_data.py",
)

_WEAKENING_KEYS = (
    "disable",
    "disables",
    "remove",
    "removes",
    "override",
    "overrides",
    "replaces",
    "weaken",
    "weakens",
    "except",
    "unless",
)


@attrs.frozen
class PressureAdvice:
    """The advice line on pressure, one for each firmest pressure a routine asks for."""

    firm: str = attrs.field(validator=non_empty)
    moderate: str = attrs.field(validator=non_empty)
    light: str = attrs.field(validator=non_empty)
    capped: str = attrs.field(validator=non_empty)


@attrs.frozen
class CoreSafety:
    """The core safety data: rules, point groups, references and the general advice."""

    rules: tuple[Rule, ...]
    groups: Mapping[str, tuple[str, ...]]
    references: tuple[Reference, ...]
    advice: tuple[str, ...]
    pressure_advice: PressureAdvice
    language: str = DEFAULT_LANGUAGE
    translations: Mapping[str, Mapping[str, str]] = attrs.field(factory=dict, converter=read_only)

    def __attrs_post_init__(self) -> None:
        problems = check_translations(self.translations, self.language, self.translatable())
        if problems:
            raise ValueError("; ".join(problems))

    def translatable(self) -> frozenset[str]:
        """The keys ``translations`` may give: ``advice.N``, ``pressure_advice.KIND`` and
        ``rules.ID.message``."""
        keys = {f"advice.{i}" for i in range(len(self.advice))}
        keys.update(f"pressure_advice.{kind}" for kind in attrs.asdict(self.pressure_advice))
        keys.update(f"rules.{rule.id}.message" for rule in self.rules)
        return frozenset(keys)


def _read_core_safety() -> CoreSafety:
    from .._convert import structure

    source, raw = read_data("safety.toml")
    return structure(raw, CoreSafety, source=source)


def _rules_stamp() -> dict[str, object] | None:
    import zlib

    return shipped_stamp(_RULES_CODE, data=zlib.crc32(read_bytes("safety.toml")))


def shipped_rules_document() -> dict[str, Any]:
    """The content of the shipped rules file, built now from data/safety.toml: its stamp and the
    rules in the cache's stored form (what ``tools/gen_index.py`` writes; a test compares)."""
    return shipped_document(_rules_stamp(), _read_core_safety(), CoreSafety)


@process_cache
def core_safety() -> CoreSafety:
    """The core rules from ``data/safety.toml``, read and checked once per process: from the
    package's own stored form of them when it is current, else from the per-user cache (keyed
    by the file's own text: nothing to parse when the cache has it), else from the file."""
    core = shipped_object(SHIPPED_RULES, _rules_stamp(), CoreSafety)
    if core is None:
        core = cached("rules", read_text("safety.toml"), "", _read_core_safety, CoreSafety)
    # Shared by every rule set of the process: the groups are read-only (kept plain on disk).
    return attrs.evolve(core, groups=MappingProxyType(dict(core.groups)))


def _plain(value: Any) -> Any:
    """A pack's rule table (read-only in a library) as plain TOML data: dicts and lists."""
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def _problems_of_rule(
    rule: Rule,
    path: str,
    source: str,
    known_rules: Mapping[str, Rule],
    groups: Mapping[str, tuple[str, ...]],
    points: Mapping[str, Any],
    references: set[str],
) -> list[str]:
    out = _false_facts(rule.when, f"{path}.when", source)
    if rule.id in known_rules:
        out.append(
            f"{source}: {path}.id: "
            + tr(
                "rule {rule} already exists: packs may add rules, never replace one",
                rule=repr(rule.id),
            )
        )
    for i, code in enumerate(rule.applies.points):
        if code not in points:
            out.append(
                f"{source}: {path}.applies.points[{i}]: "
                + tr("unknown point {code}", code=repr(code))
            )
    for i, group in enumerate(rule.applies.groups):
        if group not in groups:
            out.append(
                f"{source}: {path}.applies.groups[{i}]: "
                + tr(
                    "unknown group {group} (known: {groups})",
                    group=repr(group),
                    groups=", ".join(sorted(groups)),
                )
            )
    for i, ref in enumerate(rule.sources):
        if ref not in references:
            out.append(
                f"{source}: {path}.sources[{i}]: " + tr("unknown reference {ref}", ref=repr(ref))
            )
    if rule.tightens is not None:
        base = known_rules.get(rule.tightens)
        if base is None:
            out.append(
                f"{source}: {path}.tightens: "
                + tr("no rule {rule} to tighten", rule=repr(rule.tightens))
            )
        elif rule.severity.rank < base.severity.rank or (
            rule.severity is Severity.GENTLE
            and base.severity is Severity.GENTLE
            and rule.pressure_cap is not None
            and base.pressure_cap is not None
            and rule.pressure_cap.rank > base.pressure_cap.rank
        ):
            out.append(
                f"{source}: {path}: "
                + tr(
                    "rule {rule} would weaken {base} ({severity} is less strict than "
                    "{base_severity}); safety rules may only be tightened",
                    rule=repr(rule.id),
                    base=repr(base.id),
                    severity=rule.severity.value,
                    base_severity=base.severity.value,
                )
            )
    return out


# Facts a person (or a screening answer, ProfileFacts) adds to a profile. A pack rule that holds
# only while one is false would leave points in once it is said: saying more about a person must
# never make the check less careful, so packs may not write them false.
_ONLY_TRUE = ("pregnant", "could_be_pregnant", "postpartum")


def _false_facts(when: When, path: str, source: str) -> list[str]:
    out = [
        f"{source}: {path}.{name}: "
        + tr(
            "a pack rule cannot ask for {fact} = false: it would stop holding once a person "
            "says it, and saying more must never leave points in (write true, or leave {fact} "
            "out)",
            fact=name,
        )
        for name in _ONLY_TRUE
        if getattr(when, name) is False
    ]
    for i, alternative in enumerate(when.any):
        out.extend(_false_facts(alternative, f"{path}.any[{i}]", source))
    return out


def _structured(pack: Pack, source: str) -> tuple[list[Rule | None], list[str]]:
    """The pack's rules as Rule objects (None where a rule is malformed), and the problems."""
    from .._convert import structure

    rules: list[Rule | None] = []
    problems: list[str] = []
    for i, raw in enumerate(pack.rules):
        path = f"$.rules[{i}]"
        bad_keys = [k for k in raw if k in _WEAKENING_KEYS]
        if bad_keys:
            problems.append(
                f"{source}: {path}: {', '.join(bad_keys)}: "
                + tr("packs can add safety rules or tighten them, never remove or weaken one")
            )
            rules.append(None)
            continue
        data = _plain(raw)
        if isinstance(data.get("id"), str) and ":" not in data["id"]:
            data["id"] = f"{pack.id}:{data['id']}"
        try:
            rules.append(structure(data, Rule, source=source, path=path))
        except DataError as exc:
            problems.extend(exc.problems)
            rules.append(None)
    return rules, problems


def pack_rules(
    pack: Pack,
    source: str,
    known_rules: Mapping[str, Rule],
    points: Mapping[str, Any],
) -> tuple[tuple[Rule, ...], list[str]]:
    """Structure and check a pack's rules; returns (rules, problems).

    Structuring needs cattrs, so rules that structure cleanly are cached with the pack's text
    (see ``_cache``); the checks against other rules and the catalog run every time.
    """
    if not pack.rules:
        return (), []
    import json

    text = json.dumps([pack.id, _plain(pack.rules)], sort_keys=True, ensure_ascii=False)
    try:
        structured = cached(
            "pack-rules",
            text,
            acupress_version(),
            lambda: _clean(_structured(pack, source)),
            tuple[Rule | None, ...],
        )
        problems: list[str] = []
    except _RuleProblems as exc:
        structured, problems = tuple(exc.rules), list(exc.problems)
    core = core_safety()
    references = {r.id for r in pack.references} | {r.id for r in core.references}
    rules: list[Rule] = []
    for i, rule in enumerate(structured):
        if rule is None:
            continue
        path = f"$.rules[{i}]"
        if not rule.id.startswith(f"{pack.id}:"):
            problems.append(
                f"{source}: {path}.id: "
                + tr(
                    "a pack's rule ids belong to its own namespace '{namespace}'",
                    namespace=pack.id + ":",
                )
            )
            continue
        problems.extend(
            _problems_of_rule(
                rule,
                path,
                source,
                {**known_rules, **{r.id: r for r in rules}},
                core.groups,
                points,
                references,
            )
        )
        rules.append(rule)
    return tuple(rules), problems


class _RuleProblems(Exception):
    """Structuring found problems: nothing is cached, and the caller reports them."""

    def __init__(self, rules: list[Rule | None], problems: list[str]) -> None:
        super().__init__(problems)
        self.rules = rules
        self.problems = problems


def _clean(result: tuple[list[Rule | None], list[str]]) -> tuple[Rule | None, ...]:
    rules, problems = result
    if problems:
        raise _RuleProblems(rules, problems)
    return tuple(rules)


def rule_problems(pack: Pack, source: str) -> list[str]:
    """The problems of a pack's rules against the core rules and catalog (``acupress validate``)."""
    from .._catalog import standard_catalog

    known = {r.id: r for r in core_safety().rules}
    points: dict[str, Any] = {p.code: p for p in standard_catalog().points}
    points.update((p.code, p) for p in pack.points)
    _rules, problems = pack_rules(pack, source, known, points)
    return problems


def rule_set(
    points: Mapping[str, Point],
    packs: Sequence[Pack],
    structured: Mapping[str, tuple[Rule, ...]] | None = None,
) -> RuleSet:
    """The core rules and every pack's rules, compiled for ``points``.

    ``structured`` holds each pack's rules as the loader structured and checked them; a pack
    missing from it (one built in code) has its rules structured here.
    """
    core = core_safety()
    rules = list(core.rules)
    known = {r.id: r for r in rules}
    core_refs = {r.id: r.citation for r in core.references}
    # Each rule's sources are read in its own pack (then the core), never in another pack.
    citations = {r.id: tuple(core_refs.get(s, s) for s in r.sources) for r in rules}
    for pack in packs:
        if structured is not None and pack.id in structured:
            added = structured[pack.id]
        else:
            added, _problems = pack_rules(pack, pack.id, known, points)
        rules.extend(added)
        known.update((r.id, r) for r in added)
        own = {**core_refs, **{r.id: r.citation for r in pack.references}}
        citations.update((r.id, tuple(own.get(s, s) for s in r.sources)) for r in added)
    # The texts' languages and translations, under one set of keys: the core's as written, a
    # pack rule's message under its full id ("rules.back-pain:ball-on-spine.message").
    languages = dict.fromkeys(core.translatable(), core.language)
    translations: dict[str, dict[str, str]] = {
        code: dict(table) for code, table in core.translations.items()
    }
    for pack in packs:
        prefix = f"rules.{pack.id}:"
        for rule in rules:
            if rule.id.startswith(prefix):
                languages[f"rules.{rule.id}.message"] = pack.language
        for code, table in pack.translations.items():
            for key, text in table.items():
                if key.startswith("rules."):
                    translations.setdefault(code, {})[prefix + key.removeprefix("rules.")] = text
    return RuleSet(
        rules,
        core.groups,
        points,
        citations,
        core.advice,
        attrs.asdict(core.pressure_advice),
        translations=translations,
        languages=languages,
    )
