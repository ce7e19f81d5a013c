"""Writes on académies, sessions, establishments and exam centres: one transaction and one
audit entry each."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from ndrc.rules.candidate_category import EstablishmentStatus, Habilitation
from ndrc.rules.errors import RegulationError
from ndrc.rules.regulation import regulation_for_session
from ndrc.web.audit.services import audit_record, audited_create, audited_update
from ndrc.web.sessions.models import Academy, Establishment, ExamCentre, ExamSession

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
    deposit_deadline: dt.date | None = None,
    oral_date: dt.date | None = None,
    actor: Any = None,
) -> ExamSession:
    """Create a session: refused when no regulation is in force for the year."""
    try:
        regulation_for_session(year)
    except RegulationError as error:
        raise ValidationError({"year": str(error)}) from None
    return audited_create(
        ExamSession(
            year=year,
            label=label or f"Session {year}",
            deposit_deadline=deposit_deadline,
            oral_date=oral_date,
        ),
        actor=actor,
        action="session_create",
        fields=("year", "label", *SESSION_DATES),
    )


def _check_dates(session: ExamSession) -> None:
    if (
        session.deposit_deadline
        and session.oral_date
        and (session.oral_date < session.deposit_deadline)
    ):
        raise ValidationError(
            {"oral_date": "Les oraux ne peuvent précéder la date limite de dépôt des dossiers."}
        )


@transaction.atomic
def session_dates_set(
    *,
    session: ExamSession,
    deposit_deadline: dt.date | None,
    oral_date: dt.date | None,
    actor: Any = None,
) -> ExamSession:
    """Fix the deposit deadline of the dossiers and the date of the orals of a session; not
    once a jury of the session has closed (conformity, hence results, depend on them)."""
    session = ExamSession.objects.select_for_update().get(pk=session.pk)
    if session.results_frozen:
        raise ValidationError(
            "Un jury de la session a clos sa délibération : les dates ne changent plus "
            "(rouvrez d'abord les délibérations closes)."
        )
    return audited_update(
        session,
        changes={"deposit_deadline": deposit_deadline, "oral_date": oral_date},
        actor=actor,
        action="session_dates_set",
        fields=SESSION_DATES,
        check=_check_dates,
        only_changed=False,
    )


@transaction.atomic
def session_make_current(*, session: ExamSession, actor: Any = None) -> ExamSession:
    """Choose the session in progress (the one every page works on)."""
    previous = ExamSession.objects.filter(is_current=True).exclude(pk=session.pk).first()
    ExamSession.objects.filter(is_current=True).update(is_current=False)
    ExamSession.objects.filter(pk=session.pk).update(is_current=True)
    session.is_current = True
    audit_record(
        actor=actor,
        action="session_make_current",
        obj=session,
        before={"current": None if previous is None else previous.year},
        after={"current": session.year},
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
