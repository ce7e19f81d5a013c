"""Writes on juries and the jury's grade changes (reason mandatory, CE D643-26): one
transaction and one audit entry each. Closing, reopening and publication are in
``closing.py``; the resit orals in ``resits.py``."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from ndrc.rules.catalogue import catalogue
from ndrc.rules.errors import InvalidCandidate
from ndrc.rules.grades import parse_value
from ndrc.web.audit.services import audit_record, audited_create
from ndrc.web.candidates.models import Candidate, Grade
from ndrc.web.candidates.rules_inputs import jury_change
from ndrc.web.deliberations.models import Jury, JuryAssignment, JuryGradeChange
from ndrc.web.sessions.models import Academy, ExamSession

CLOSED = "La délibération est close : rouvrez-la (avec un motif) d'abord."


def locked_jury(jury: Jury) -> Jury:
    """The jury's row, locked until the transaction ends (one write at a time per jury)."""
    return Jury.objects.select_for_update().get(pk=jury.pk)


def open_jury(jury: Jury) -> Jury:
    """The jury's row, locked; refused when its deliberation is closed."""
    jury = locked_jury(jury)
    if jury.is_closed:
        raise ValidationError(CLOSED)
    return jury


def _check_candidates(
    candidates: list[Candidate], *, session_id: int, academy_id: int, field: str | None
) -> None:
    """Candidates of the jury's session and académie, without a jury yet."""
    foreign = [c for c in candidates if c.session_id != session_id or c.academy_id != academy_id]
    if foreign:
        message = f"Candidat(s) d'une autre session ou académie : {foreign[0]}."
        raise ValidationError({field: message} if field else message)
    taken = JuryAssignment.objects.filter(candidate__in=candidates).select_related("jury").first()
    if taken is not None:
        message = f"{taken.candidate} relève déjà du jury « {taken.jury} »."
        raise ValidationError({field: message} if field else message)


@transaction.atomic
def jury_create(
    *,
    session: ExamSession,
    academy: Academy,
    name: str,
    members: list[Any],
    candidates: list[Candidate],
    actor: Any = None,
) -> Jury:
    """Create a jury with its members and candidates; a candidate has one jury only."""
    jury = audited_create(
        Jury(session=session, academy=academy, name=name),
        actor=actor,
        action="jury_create",
        fields=("name",),
        check=lambda _: _check_candidates(
            candidates, session_id=session.pk, academy_id=academy.pk, field="candidates"
        ),
        extra={
            "members": [m.username for m in members],
            "candidates": [c.number for c in candidates],
        },
    )
    jury.members.set(members)
    JuryAssignment.objects.bulk_create(JuryAssignment(jury=jury, candidate=c) for c in candidates)
    return jury


@transaction.atomic
def jury_assign(*, jury: Jury, candidates: list[Candidate], actor: Any = None) -> int:
    """Add candidates registered late to an open jury (one jury per candidate)."""
    jury = open_jury(jury)
    if not candidates:
        raise ValidationError("Aucun candidat sans jury dans ce groupe.")
    _check_candidates(
        candidates, session_id=jury.session_id, academy_id=jury.academy_id, field=None
    )
    JuryAssignment.objects.bulk_create(JuryAssignment(jury=jury, candidate=c) for c in candidates)
    audit_record(
        actor=actor,
        action="jury_assign",
        obj=jury,
        after={"candidates": [c.number for c in candidates]},
    )
    return len(candidates)


def required_reason(reason: str, what: str = "Le motif de la modification est obligatoire.") -> str:
    """The reason of a jury's or an exam office's act, stripped; refused when empty."""
    if not reason.strip():
        raise ValidationError({"reason": what})
    return reason.strip()


@transaction.atomic
def jury_grade_change(
    *, jury: Jury, candidate: Candidate, exam: str, value: str | Decimal, reason: str, actor: Any
) -> JuryGradeChange:
    """The jury sets a grade (CE D643-26): only while the deliberation is open, with its
    author (the user acting), its date (the time of the record) and a reason."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        raise ValidationError(
            "Une modification de note par le jury doit indiquer son auteur : "
            "connectez-vous pour l'enregistrer."
        )
    jury = open_jury(jury)
    if not JuryAssignment.objects.filter(jury=jury, candidate=candidate).exists():
        raise ValidationError(f"{candidate} ne relève pas du jury « {jury} ».")
    if exam not in catalogue().grade_codes:
        raise ValidationError({"exam": f"Épreuve inconnue : {exam}."})
    reason = required_reason(reason)
    try:
        grade = parse_value(value, exam)
    except InvalidCandidate as error:
        raise ValidationError({"value": str(error)}) from None
    previous = (
        JuryGradeChange.objects.filter(jury=jury, candidate=candidate, exam=exam, withdrawn=False)
        .order_by("-at", "-id")
        .first()
    )
    stored = Grade.objects.filter(candidate=candidate, exam=exam).first()
    before = {
        "exam": exam,
        "grade": None if stored is None else str(stored),
        "previous_jury_value": None if previous is None else str(previous.value),
    }
    change = JuryGradeChange.objects.create(
        jury=jury,
        candidate=candidate,
        exam=exam,
        value=grade,
        reason=reason,
        author=actor,
        round=jury.round,
    )
    # What the results engine reads: the change with who, when and why (refused without).
    try:
        recorded = jury_change(change)
    except InvalidCandidate as error:
        raise ValidationError(str(error)) from None
    audit_record(
        actor=actor,
        action="jury_grade_change",
        obj=change,
        candidate=candidate,
        before=before,
        after={
            "exam": exam,
            "value": str(grade),
            "round": jury.round,
            "author": recorded.author,
            "at": recorded.at,
        },
        reason=change.reason,
    )
    return change


@transaction.atomic
def jury_grade_change_withdraw(*, change: JuryGradeChange, reason: str, actor: Any) -> None:
    """Withdraw a jury change made by mistake, with a reason (the journal keeps it)."""
    open_jury(change.jury)
    reason = required_reason(reason, "Le motif du retrait est obligatoire.")
    JuryGradeChange.objects.filter(pk=change.pk).update(withdrawn=True)
    audit_record(
        actor=actor,
        action="jury_grade_change_withdraw",
        obj=change,
        candidate=change.candidate,
        before={"exam": change.exam, "value": str(change.value)},
        reason=reason,
    )
