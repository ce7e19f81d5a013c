"""The dates of one period of internship or work, checked when it is recorded: it ends after
it starts, lies within the training (for the routes that train) and not after the exam
(``data/internship_periods.yaml``); periods that overlap are pointed out (they count once).

Pure: the caller gives the session's year, the exam date it knows and the candidate's
requirement route."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from typing import Any

from ndrc.rules.citation import Citation, cite
from ndrc.rules.data_files import load_yaml
from ndrc.rules.internships.model import InternshipRoute, Period, PeriodKind


@cache
def period_rules() -> dict[str, Any]:
    data: dict[str, Any] = load_yaml("internship_periods.yaml")
    return data


@dataclass(frozen=True)
class PeriodProblem:
    """Why a period's dates are refused: the field at fault (``start`` or ``end``), a French
    message and the text it follows."""

    field: str
    message: str
    citation: Citation


@dataclass(frozen=True)
class Overlap:
    """Two periods (their positions in the list given) that share days."""

    first: int
    second: int
    days: int


def _date(day: dt.date) -> str:
    return f"{day:%d/%m/%Y}"


def training_start(
    *, session: int, route: InternshipRoute | None, earliest_session: int | None = None
) -> dt.date | None:
    """The first day of the training for a candidate of this session and route (None when the
    route does not train: experience, perfectionnement, or unknown). ``earliest_session`` is
    an earlier session the candidate sat (the training began for it)."""
    rule = period_rules()["training"]
    if route is None or route.value not in rule["routes"]:
        return None
    first = min(session, earliest_session or session)
    return dt.date(first - int(rule["years"]), int(rule["start_month"]), int(rule["start_day"]))


def exam_bound(*, session: int, exam_date: dt.date | None) -> dt.date:
    """The last day a period may end on: the exam's date when known, else the fallback day of
    the session's year."""
    if exam_date is not None:
        return exam_date
    rule = period_rules()["exam"]
    return dt.date(session, int(rule["fallback_month"]), int(rule["fallback_day"]))


def period_problems(
    *,
    start: dt.date,
    end: dt.date,
    kind: PeriodKind,
    session: int,
    route: InternshipRoute | None,
    exam_date: dt.date | None = None,
    earliest_session: int | None = None,
) -> list[PeriodProblem]:
    """Every reason to refuse these dates (empty when they are sound), all at once."""
    rules = period_rules()
    problems: list[PeriodProblem] = []
    if end < start:
        problems.append(
            PeriodProblem(
                "end",
                f"La fin ({_date(end)}) précède le début ({_date(start)}).",
                cite(rules["training"]["cite"]),
            )
        )
    first = training_start(session=session, route=route, earliest_session=earliest_session)
    training = rules["training"]
    if first is not None:
        if kind.value in training["start_within"] and start < first:
            problems.append(
                PeriodProblem(
                    "start",
                    f"Le début ({_date(start)}) précède la formation, commencée au plus tôt le "
                    f"{_date(first)} pour la session {session}.",
                    cite(training["cite"]),
                )
            )
        if kind.value in training["end_within"] and end < first:
            problems.append(
                PeriodProblem(
                    "end",
                    f"Le contrat finit ({_date(end)}) avant la formation, commencée au plus tôt "
                    f"le {_date(first)} pour la session {session}.",
                    cite(training["cite"]),
                )
            )
    exam = rules["exam"]
    if kind.value in exam["kinds"]:
        last = exam_bound(session=session, exam_date=exam_date)
        if end > last:
            what = (
                f"la date des épreuves orales ({_date(last)})"
                if exam_date is not None
                else f"la fin de l'année de la session ({_date(last)})"
            )
            problems.append(
                PeriodProblem(
                    "end",
                    f"La fin ({_date(end)}) est postérieure à l'examen : {what}.",
                    cite(exam["cite"]),
                )
            )
        if start > last:
            problems.append(
                PeriodProblem(
                    "start",
                    f"Le début ({_date(start)}) est postérieur à l'examen ({_date(last)}).",
                    cite(exam["cite"]),
                )
            )
    return problems


def uncounted(
    periods: list[Period], *, session: int, exam_date: dt.date | None = None
) -> list[tuple[Period, PeriodProblem]]:
    """The periods that cannot count in the weeks, with why: one that ends before it starts,
    or an internship or a work certificate that ends after the exam (a period recorded
    before the dates were checked, or a results file). The bound of the training is not
    applied here: the rules core does not know the earlier sessions a candidate trained for."""
    refused = []
    for period in periods:
        problems = period_problems(
            start=period.start,
            end=period.end,
            kind=period.kind,
            session=session,
            route=None,
            exam_date=exam_date,
        )
        if problems:
            refused.append((period, problems[0]))
    return refused


def overlaps(periods: list[Period]) -> list[Overlap]:
    """The pairs of periods that share at least one day (they count once in the weeks)."""
    found = []
    for i, a in enumerate(periods):
        for j in range(i + 1, len(periods)):
            b = periods[j]
            shared = (min(a.end, b.end) - max(a.start, b.start)).days + 1
            if shared > 0:
                found.append(Overlap(i, j, shared))
    return found


def overlap_rule() -> tuple[str, Citation]:
    rule = period_rules()["overlap"]
    return str(rule["text"]), cite(rule["cite"])
