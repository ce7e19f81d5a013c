"""Writes on académies, sessions, establishments and exam centres: one transaction and one
audit entry each."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F

from ndrc.rules.candidate_category import EstablishmentStatus, Habilitation
from ndrc.rules.errors import RegulationError
from ndrc.rules.regulation import regulation_for_session
from ndrc.web.audit.services import audited_create, audited_update
from ndrc.web.sessions.models import (
    Academy,
    AcademyCalendar,
    Establishment,
    ExamCentre,
    ExamSession,
    SessionChoice,
)

SESSION_DATES = ("deposit_deadline", "oral_date")


@transaction.atomic
def academy_create(*, code: str, name: str, actor: Any = None) -> Academy:
    return audited_create(
        Academy(code=code, name=name),
        actor=actor,
        action="academy_create",
        fields=("code", "name"),
    )


@transaction.atomic
def session_create(
    *,
    year: int,
    label: str = "",
    academy: Academy | None = None,
    deposit_deadline: dt.date | None = None,
    oral_date: dt.date | None = None,
    actor: Any = None,
) -> ExamSession:
    """Create a session: refused when no regulation is in force for the year. The dates
    given are the creating académie's (``academy``)."""
    try:
        regulation_for_session(year)
    except RegulationError as error:
        raise ValidationError({"year": str(error)}) from None
    if (deposit_deadline or oral_date) and academy is None:
        raise ValidationError("Les dates d'une session sont celles d'une académie : laquelle ?")
    _check_dates(year, deposit_deadline, oral_date)
    dated = academy is not None and bool(deposit_deadline or oral_date)
    session = audited_create(
        ExamSession(year=year, label=label or f"Session {year}"),
        actor=actor,
        action="session_create",
        fields=("year", "label"),
        extra={
            "academy": academy.pk,
            "deposit_deadline": deposit_deadline and deposit_deadline.isoformat(),
            "oral_date": oral_date and oral_date.isoformat(),
        }
        if dated and academy is not None
        else None,
    )
    if dated:
        AcademyCalendar.objects.create(
            session=session, academy=academy, deposit_deadline=deposit_deadline, oral_date=oral_date
        )
    return session


def _check_dates(year: int, deposit_deadline: dt.date | None, oral_date: dt.date | None) -> None:
    """The orals of session Y take place in Y; its dossiers are deposited in Y (or late in
    Y − 1), never after the orals. Every problem is said at once."""
    errors: dict[str, str] = {}
    if oral_date and oral_date.year != year:
        errors["oral_date"] = (
            f"Les oraux de la session {year} ont lieu en {year} (date saisie : "
            f"{oral_date:%d/%m/%Y})."
        )
    if deposit_deadline and deposit_deadline.year not in (year - 1, year):
        errors["deposit_deadline"] = (
            f"La date limite de dépôt de la session {year} se situe en {year - 1} ou en {year} "
            f"(date saisie : {deposit_deadline:%d/%m/%Y})."
        )
    if deposit_deadline and oral_date and oral_date < deposit_deadline:
        errors.setdefault(
            "oral_date", "Les oraux ne peuvent précéder la date limite de dépôt des dossiers."
        )
    if errors:
        raise ValidationError(errors)


def _dates_frozen(session: ExamSession, academy: Academy) -> bool:
    """Whether a jury has closed the deliberation of candidates of the académie (their files
    are locked: conformity, hence their results, depended on these dates)."""
    return ExamSession.objects.filter(
        pk=session.pk, candidates__academy=academy, candidates__locked_by__gt=""
    ).exists()


@transaction.atomic
def session_dates_set(
    *,
    session: ExamSession,
    academy: Academy,
    deposit_deadline: dt.date | None,
    oral_date: dt.date | None,
    actor: Any = None,
) -> AcademyCalendar:
    """Fix the académie's deposit deadline of the dossiers and date of the orals for the
    session (the other académies' dates do not change); not once a jury of the académie has
    closed its deliberation (conformity, hence results, depend on them)."""
    ExamSession.objects.select_for_update().get(pk=session.pk)
    if _dates_frozen(session, academy):
        raise ValidationError(
            "Un jury de l'académie a clos sa délibération pour cette session : les dates ne "
            "changent plus (rouvrez d'abord les délibérations closes)."
        )
    _check_dates(session.year, deposit_deadline, oral_date)
    calendar, _ = AcademyCalendar.objects.get_or_create(session=session, academy=academy)
    # The conformity of every file of the académie depends on these dates: their proposed
    # results are computed again (candidates.ProposedResult).
    session.candidates.filter(academy=academy).update(revision=F("revision") + 1)
    return audited_update(
        calendar,
        changes={"deposit_deadline": deposit_deadline, "oral_date": oral_date},
        actor=actor,
        action="session_dates_set",
        fields=SESSION_DATES,
        only_changed=False,
    )


@transaction.atomic
def session_choose(*, user: Any, session: ExamSession) -> ExamSession:
    """The session this user works on from now on (nobody else's lists change)."""
    choice = SessionChoice.objects.filter(user=user).first()
    if choice is None:
        audited_create(
            SessionChoice(user=user, session=session),
            actor=user,
            action="session_make_current",
            fields=("session",),
        )
    else:
        audited_update(
            choice,
            changes={"session": session},
            actor=user,
            action="session_make_current",
            fields=("session",),
        )
    return session


@transaction.atomic
def establishment_create(
    *,
    uai: str,
    name: str,
    academy: Academy,
    status: EstablishmentStatus,
    habilitation: Habilitation,
    city: str = "",
    actor: Any = None,
) -> Establishment:
    return audited_create(
        Establishment(
            uai=uai,
            name=name,
            academy=academy,
            status=status,
            habilitation=habilitation,
            city=city,
        ),
        actor=actor,
        action="establishment_create",
        fields=("uai", "name", "academy", "status", "habilitation", "city"),
    )


@transaction.atomic
def exam_centre_create(
    *, code: str, name: str, academy: Academy, city: str = "", actor: Any = None
) -> ExamCentre:
    return audited_create(
        ExamCentre(code=code, name=name, academy=academy, city=city),
        actor=actor,
        action="exam_centre_create",
        fields=("code", "name", "academy", "city"),
    )
