"""A web service written against the public API alone, as a FastAPI app would be: each handler
takes the request's JSON (a dict) and returns a record, ready to send as JSON.

``mypy --strict tests/typing`` checks it (CI runs it); no web framework is needed to check it.
With FastAPI, decorate each handler (``@app.post("/compose")``) and keep the bodies as they are.
"""

from __future__ import annotations

import json
from typing import Any

import acupress
from acupress.render import (
    CompositionRecord,
    ReportRecord,
    RoutineRecord,
    ScreeningRecord,
    composition_record,
    report_record,
    routine_record,
    screening_record,
)

LIBRARY = acupress.load()  # once, at start-up: the installed packs, checked


class BadRequest(Exception):
    """What the app answers with 422: one line per problem, each naming its ``$.path``."""

    def __init__(self, problems: tuple[str, ...]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def compose_handler(body: dict[str, Any]) -> CompositionRecord:
    """POST /compose {"conditions": [...], "minutes": 10, "profile": {...}}."""
    try:
        profile = acupress.parse_profile(body.get("profile", {}), "profile", LIBRARY)
        comp = acupress.compose(
            body["conditions"], minutes=float(body["minutes"]), profile=profile, library=LIBRARY
        )
    except acupress.DataError as exc:
        raise BadRequest(exc.problems) from None
    except (acupress.ComposeError, acupress.NotFoundError) as exc:
        raise BadRequest((str(exc),)) from None
    record = composition_record(comp, LIBRARY)  # through the safety gate
    seconds: int = record["total_seconds"]
    points: list[str] = [step["point"] for step in record["steps"]]
    if seconds > record["budget_seconds"] or len(points) != len(record["steps"]):
        raise RuntimeError("a composition over its budget")  # never: compose keeps to it
    return record


def check_handler(body: dict[str, Any]) -> tuple[ReportRecord, RoutineRecord]:
    """POST /check {"routine": {...} or "TOML text", "profile": {...}}: the report, and the
    routine as it is safe for this person."""
    try:
        routine = acupress.parse_routine(body["routine"], "routine", LIBRARY)
        profile = acupress.parse_profile(body.get("profile", {}), "profile", LIBRARY)
    except acupress.DataError as exc:
        raise BadRequest(exc.problems) from None
    report = acupress.check(routine, profile, library=LIBRARY)
    return report_record(report, LIBRARY), routine_record(report, LIBRARY)


def summary(record: ReportRecord) -> str:
    """One line for a log: the verdict ("ok", "caution" or "avoid") and the caps."""
    caps: list[str] = [f["pressure_cap"] for f in record["findings"] if "pressure_cap" in f]
    return f"{record['verdict']}: {len(record['findings'])} findings, caps {caps or 'none'}"


def screen_handler(body: dict[str, Any]) -> ScreeningRecord:
    """POST /screen {"conditions": [...], "answers": {"lbp-fever": "no"}}."""
    result = acupress.screen(body["conditions"], body.get("answers", {}), library=LIBRARY)
    record = screening_record(result)
    urgency: str | None = record["urgency"]  # None: nothing was answered
    return record if urgency != "emergency" else {**record, "flags": record["flags"][:1]}


def schemas() -> dict[str, dict[str, Any]]:
    """GET /schemas: every JSON Schema, by name, to publish with the API."""
    return {name: acupress.schema(name) for name in acupress.SCHEMAS}


def an_unchecked_routine_has_no_record() -> None:
    routine: acupress.Routine = acupress.parse_routine('name = "Mine"\n', library=LIBRARY)
    routine_record(routine, LIBRARY)  # type: ignore[arg-type]


def serve_once(raw: str) -> str:
    """What the app's JSON encoder does with a record: records are plain JSON already."""
    return json.dumps(compose_handler(json.loads(raw)))
