"""Reads on sessions, establishments and exam centres."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, QuerySet

from ndrc.rules.errors import RegulationError
from ndrc.rules.regulation import regulation_for_session
from ndrc.web.sessions.models import Establishment, ExamCentre, ExamSession


def session_current() -> ExamSession | None:
    """The session the exam office chose as the one in progress (the latest year until one is
    chosen): creating next year's session does not move everyone to it."""
    chosen = ExamSession.objects.filter(is_current=True).first()
    return chosen or ExamSession.objects.order_by("-year").first()


@dataclass(frozen=True)
class SessionRow:
    session: ExamSession
    regulation: str  # the title of the regulation in force, or why there is none


def sessions_with_regulation() -> list[SessionRow]:
    """Every session (latest first) with its number of candidates and its regulation."""
    rows = []
    for session in ExamSession.objects.annotate(n=Count("candidates")).order_by("-year"):
        try:
            regulation = regulation_for_session(session.year).title
        except RegulationError as error:
            regulation = str(error)
        rows.append(SessionRow(session=session, regulation=regulation))
    return rows


def establishments_of(*, academy: Any) -> QuerySet[Establishment]:
    """The académie's establishments with their number of candidates (``n``)."""
    return (
        Establishment.objects.filter(academy=academy)
        .annotate(n=Count("candidates"))
        .order_by("name")
    )


def exam_centres_of(*, academy: Any) -> QuerySet[ExamCentre]:
    return ExamCentre.objects.filter(academy=academy).order_by("name")
