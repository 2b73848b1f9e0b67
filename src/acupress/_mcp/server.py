"""The MCP server: acupress as tools for chat clients (``acupress mcp``, the ``mcp`` extra).

Built on the official MCP Python SDK (``MCPServer``). This module imports the SDK at the top, so
only ``acupress mcp`` imports it: nothing else in acupress imports this module.

Every tool that returns a routine takes it from ``compose`` or ``check`` for
the profile given and hands it out only through the public records and the card of
``acupress.render``, which check the routine again for that profile and carry the alerts, the
red-flag screening pointer and the advice. Bad input (a profile, a condition, a point, an answer)
is a tool error whose text is acupress's own message, one line per problem, never a traceback.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping
from typing import Annotated, Any, ParamSpec, TypeVar

from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from mcp.types import ToolAnnotations
from pydantic import Field

from .. import render
from ..__about__ import __version__
from .._check import check
from .._compose.candidates import MAX_MINUTES, Constraints
from .._compose.composer import compose
from .._conditions import find_conditions as rank_conditions
from .._convert import structure
from .._default import load
from .._i18n import tr
from .._library import Library
from .._model.safety import Profile
from .._routines import parse_profile, parse_routine
from .._screen import apply_screening, questions, screen as screen_answers
from ..errors import AcupressError, DataError

__all__ = ["INSTRUCTIONS", "build_server", "serve", "tool_summaries"]

P = ParamSpec("P")
R = TypeVar("R")

INSTRUCTIONS = """\
acupress: self-acupressure points, routines and red-flag screening, for a person's own use.
It informs; it does not diagnose or replace care by a clinician.

1. find_conditions turns the person's words into condition ids (or use an id or name directly).
2. Before any routine, ask the red_flag_questions for those conditions, one at a time, in the
   order given (emergency questions first). If an answer is the one that flags (flag_on) and the
   question's urgency is emergency, stop and give its advice at once. Then call screen with the
   answers (and the profile so far); if its urgency is urgent or emergency, do not offer a
   routine. Its "profile" is that profile with what the answers imply ("implies": a yes to
   "could you be pregnant?" is possibly_pregnant): use it from then on.
3. compose_routine (or routine_card) with the person's profile (pregnancy, conditions such as
   anticoagulants, broken skin, ...): pass what they told you and what screen returned; never
   leave out a pregnancy, and pass possibly_pregnant when the person could be pregnant but does
   not know.
4. Always pass on the routine's safety advice and alerts with the routine, in full.
"""

_READ_ONLY = ToolAnnotations(read_only_hint=True, open_world_hint=False)

ProfileArg = Annotated[
    dict[str, Any] | str | None,
    Field(
        description=(
            "The person's profile, as a JSON object (or JSON/TOML text): pregnant, "
            "possibly_pregnant (could be pregnant, not known: treated as pregnant for the "
            "points left out in pregnancy), pregnancy_weeks, postpartum, age, has (condition "
            "ids such as anticoagulants, dvt, "
            "osteoporosis), broken_skin, recent_surgery, recent_fracture, cancer_sites "
            "(body regions), ate_recently, lymphoedema (left-arm, right-leg, ...). "
            "Empty or missing: an adult with nothing to report."
        )
    ),
]
ConditionsArg = Annotated[
    list[str],
    Field(
        min_length=1,
        description="condition ids or names, e.g. ['low-back-pain'] or ['Sciatica']",
    ),
]
MinutesArg = Annotated[
    float,
    Field(gt=0, le=MAX_MINUTES, description="the time budget in minutes"),
]
ConstraintsArg = Annotated[
    dict[str, Any] | None,
    Field(
        description=(
            "What the person can do: partner (bool), tools (e.g. ['tennis-ball']), positions "
            "(sitting, lying, standing), max_points, sides (both, left, right)"
        )
    ),
]


def _tool_errors(fn: Callable[P, R]) -> Callable[P, R]:
    """Report acupress's errors to the client as tool errors in its own words."""

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return fn(*args, **kwargs)
        except AcupressError as exc:
            raise ToolError(str(exc)) from None

    return wrapper


def _profile(data: Mapping[str, Any] | str | None, library: Library) -> Profile:
    return parse_profile(data if data is not None else {}, "profile", library)


def _constraints(data: Mapping[str, Any] | None) -> Constraints:
    return structure(data or {}, Constraints, source="constraints")


def _condition_ids(library: Library, conditions: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(library.condition(c).id for c in conditions))


def build_server(library: Library | None = None) -> MCPServer:
    """The MCP server over ``library`` (the default library, loaded now, when None)."""
    lib = library if library is not None else load()
    server = MCPServer(
        name="acupress",
        title="acupress: self-acupressure with safety checks",
        instructions=INSTRUCTIONS,
        version=__version__,
        log_level="WARNING",
    )

    @server.tool(annotations=_READ_ONLY)
    @_tool_errors
    def resolve_point(
        text: Annotated[str, Field(description="a point named any way: LI4, UB-23, Hoku, 合谷")],
        notation: Annotated[
            str | None, Field(description="read the text in this notation only")
        ] = None,
    ) -> dict[str, Any]:
        """Every reading of a point name, best first, and the best reading's point record."""
        resolution = lib.resolve(text, notation)
        return {
            **render.resolution_record(resolution),
            "point": render.point_record(lib.get(resolution.code), lib),
        }

    @server.tool(annotations=_READ_ONLY)
    @_tool_errors
    def find_conditions(
        text: Annotated[str, Field(description="the complaint in the person's words")],
        limit: Annotated[int, Field(ge=1, le=50)] = 5,
    ) -> dict[str, Any]:
        """The conditions the packs cover that a complaint points to, best first, with why.

        Not a diagnosis. With no match, every condition is listed to choose from.
        """
        matches = rank_conditions(text, lib)[:limit]
        found = [render.condition_match_record(m) for m in matches]
        record: dict[str, Any] = {"matches": found}
        if not found:
            record["conditions"] = [
                render.condition_record(c, lib) for c in lib.conditions.values()
            ]
        return record

    @server.tool(annotations=_READ_ONLY)
    @_tool_errors
    def red_flag_questions(conditions: ConditionsArg) -> dict[str, Any]:
        """The red-flag questions to ask before any routine, in asking order (emergency first).

        Ask them one at a time. An answer equal to ``flag_on`` raises the flag: for an emergency
        question, stop and give its ``advice`` at once. Then pass the answers to ``screen``.
        """
        ids = _condition_ids(lib, conditions)
        return {
            "conditions": list(ids),
            "questions": [
                {
                    "id": q.id,
                    "condition": q.condition,
                    "text": q.text,
                    "urgency": q.urgency.value,
                    "flag_on": q.flag_on.value,
                    "advice": q.advice,
                    **({"score": q.score} if q.score is not None else {}),
                    **({"implies": render.implied_record(q.implies)} if q.implies else {}),
                }
                for _pack, q in questions(ids, library=lib)
            ],
        }

    @server.tool(annotations=_READ_ONLY)
    @_tool_errors
    def screen(
        conditions: ConditionsArg,
        answers: Annotated[
            dict[str, bool | str],
            Field(description="answers by question id: true/false or 'yes'/'no'"),
        ],
        profile: ProfileArg = None,
    ) -> dict[str, Any]:
        """What the answers to the red-flag questions mean: how soon to see a clinician, and why.

        ``status`` says how much was answered (complete, incomplete, not screened); ``urgency``
        is the highest flag raised (none, routine, soon, urgent, emergency; null when no
        question was answered). With urgent or emergency, do not offer a routine.
        ``implies`` is what the flagged answers say about the person (possibly_pregnant,
        pregnant, postpartum, lymphoedema limbs); ``profile`` is the profile given (or an empty
        one) with them added: pass it as the profile of compose_routine, check_routine and
        routine_card.
        """
        person = _profile(profile, lib)
        result = screen_answers(conditions, answers, library=lib)
        return {
            **render.screening_record(result),
            "profile": render.profile_record(apply_screening(person, result)),
        }

    @server.tool(annotations=_READ_ONLY)
    @_tool_errors
    def compose_routine(
        conditions: ConditionsArg,
        minutes: MinutesArg,
        profile: ProfileArg = None,
        constraints: ConstraintsArg = None,
    ) -> dict[str, Any]:
        """The best routine for the conditions within the time budget, checked for the profile.

        Returns the composition (steps with why and evidence, what was left out and why, the
        safety findings, alerts and advice) and the routine in the file shape check_routine and
        acupress read back. Pass on the safety advice with the routine.
        """
        person = _profile(profile, lib)
        comp = compose(
            conditions,
            minutes=minutes,
            profile=person,
            constraints=_constraints(constraints),
            library=lib,
        )
        return {
            **render.composition_record(comp, lib),
            "routine": render.routine_record(comp, lib),
        }

    @server.tool(annotations=_READ_ONLY)
    @_tool_errors
    def check_routine(
        points: Annotated[
            list[str] | None, Field(description="points named any way, e.g. ['LI4', 'Hoku']")
        ] = None,
        routine: Annotated[
            dict[str, Any] | None,
            Field(description="a routine: {name, steps: [{point, seconds, technique, sides}]}"),
        ] = None,
        profile: ProfileArg = None,
    ) -> dict[str, Any]:
        """Check points or a routine for the person: findings, what is unsafe, and a safe version.

        Give ``points`` or ``routine``, not both. ``routine`` in the result is the safe routine
        (steps to avoid removed, pressure capped), with the advice.
        """
        if (points is None) == (routine is None):
            raise DataError([tr("$: give points or a routine, not both or neither")])
        person = _profile(profile, lib)
        if routine is not None:
            report = check(parse_routine(routine, "routine", lib), person, library=lib)
        else:
            assert points is not None
            report = check(points, person, library=lib)
        return {
            **render.report_record(report, lib),
            "routine": render.routine_record(report, lib),
        }

    @server.tool(annotations=_READ_ONLY, structured_output=False)
    @_tool_errors
    def routine_card(
        conditions: ConditionsArg,
        minutes: MinutesArg,
        profile: ProfileArg = None,
        constraints: ConstraintsArg = None,
    ) -> str:
        """A printable HTML card of the best routine, checked for the profile, with its advice."""
        person = _profile(profile, lib)
        comp = compose(
            conditions,
            minutes=minutes,
            profile=person,
            constraints=_constraints(constraints),
            library=lib,
        )
        return render.render_card(comp, library=lib)

    return server


def tool_summaries(library: Library | None = None) -> list[tuple[str, str]]:
    """Each tool the server offers, with the first line of its description."""
    import anyio

    tools = anyio.run(build_server(library).list_tools)
    return [(t.name, (t.description or "").strip().splitlines()[0]) for t in tools]


def serve(library: Library | None = None) -> None:
    """Serve the tools over stdin and stdout until the client closes the connection."""
    build_server(library).run("stdio")
