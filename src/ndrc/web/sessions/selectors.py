"""Reads on sessions, establishments and exam centres."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet

from ndrc.rules.errors import RegulationError
from ndrc.rules.regulation import regulation_for_session
from ndrc.web.accounts.roles import Role
from ndrc.web.sessions.models import (
    AcademyCalendar,
    Establishment,
    ExamCentre,
    ExamSession,
    SessionChoice,
)


def user_academy_id(user: Any) -> int | None:
    """The académie a user works in: his or her own, or that of his or her establishment."""
    academy_id: int | None = getattr(user, "academy_id", None)
    if academy_id is None and getattr(user, "establishment_id", None):
        academy_id = user.establishment.academy_id
    return academy_id


def session_default(*, user: Any) -> ExamSession | None:
    """The session a user works on until he or she chooses one: the latest with candidates
    of his or her own (a candidate's own registration, else the académie's), else the most
    recent. Creating next year's session does not move anyone to it."""
    sessions = ExamSession.objects.order_by("-year")
    if getattr(user, "role", "") == Role.CANDIDATE:
        own = sessions.filter(candidates__user_id=user.pk).first()
        if own is not None:
            return own
    academy_id = user_academy_id(user)
    if academy_id is not None:
        mine = sessions.filter(candidates__academy_id=academy_id).first()
        if mine is not None:
            return mine
    return sessions.first()


def session_current(*, user: Any) -> ExamSession | None:
    """The session this user works on: the one he or she chose (each user's own choice),
    or ``session_default``."""
    if getattr(user, "pk", None) is not None:
        choice = SessionChoice.objects.filter(user_id=user.pk).select_related("session").first()
        if choice is not None:
            return choice.session
    return session_default(user=user)


def calendar_of(*, session: ExamSession, academy_id: int | None) -> AcademyCalendar | None:
    """The académie's dates for the session (None until its exam office fixes them)."""
    if academy_id is None:
        return None
    return AcademyCalendar.objects.filter(session=session, academy_id=academy_id).first()


def calendars_for(
    pairs: Iterable[tuple[int, int | None]],
) -> dict[tuple[int, int], AcademyCalendar]:
    """The calendars of these (session pk, académie pk) pairs, in one query."""
    wanted = {(s, a) for s, a in pairs if a is not None}
    if not wanted:
        return {}
    query = Q()
    for session_id, academy_id in wanted:
        query |= Q(session_id=session_id, academy_id=academy_id)
    return {(c.session_id, c.academy_id): c for c in AcademyCalendar.objects.filter(query)}


def deposit_deadline_for(*, candidate: Any) -> dt.date | None:
    """The deposit deadline of the dossiers that applies to a candidate: the one his or her
    académie fixed for the session (None until it is fixed)."""
    calendar = calendar_of(session=candidate.session, academy_id=candidate.academy_id)
    return None if calendar is None else calendar.deposit_deadline


def oral_date_for(*, candidate: Any) -> dt.date | None:
    """The date of the orals that applies to a candidate (his or her académie's)."""
    calendar = calendar_of(session=candidate.session, academy_id=candidate.academy_id)
    return None if calendar is None else calendar.oral_date


@dataclass(frozen=True)
class SessionRow:
    session: ExamSession
    regulation: str  # the title of the regulation in force, or why there is none

    calendar: AcademyCalendar | None  # the dates the user's académie fixed


def sessions_with_regulation(*, academy_id: int | None) -> list[SessionRow]:
    """Every session (latest first) with its number of candidates of the académie, its
    regulation and the académie's dates."""
    calendars = {
        c.session_id: c for c in AcademyCalendar.objects.filter(academy_id=academy_id or 0)
    }
    counted = (
        Count("candidates")
        if academy_id is None
        else Count("candidates", filter=Q(candidates__academy_id=academy_id))
    )
    rows = []
    for session in ExamSession.objects.annotate(n=counted).order_by("-year"):
        try:
            regulation = regulation_for_session(session.year).title
        except RegulationError as error:
            regulation = str(error)
        rows.append(
            SessionRow(session=session, regulation=regulation, calendar=calendars.get(session.pk))
        )
    return rows


def establishments_of(*, academy: Any) -> QuerySet[Establishment]:
    """The académie's establishments with their number of candidates (``n``)."""
    return (
        Establishment.objects.filter(academy=academy)
        .annotate(n=Count("candidates"))
        .order_by("name", "pk")
    )


def exam_centres_of(*, academy: Any) -> QuerySet[ExamCentre]:
    return ExamCentre.objects.filter(academy=academy).order_by("name", "pk")
