"""Writes of the appeals on the grids: a candidate asks, once his or her result is published,
for the filled grids of an épreuve (for EF2 the fiche d'évaluation, the only evaluation
document communicable on appeal: C2022 §1.14); the exam office answers with the PDF of the
signed grids, issued as a document addressed to the candidate (``documents.grid_sheet``), or
refuses with a reason. Each write is one transaction and one journal entry (answering also
journals the document issued, as every issue does)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from ndrc.web.audit.services import audited_create, audited_update
from ndrc.web.candidates.models import Candidate
from ndrc.web.documents.grid_sheet import GRID_SHEET
from ndrc.web.documents.mail import Notice, mail_text, notice_send
from ndrc.web.documents.models import IssuedDocument
from ndrc.web.documents.services import Issue, document_issue
from ndrc.web.grading.appeal_selectors import (
    appealable_exams,
    grid_sheet_data,
    grids_to_send,
    results_published,
)
from ndrc.web.grading.models import GridAppeal

MAX_TEXT = 2000
FIELDS = ("exam", "what", "text", "state", "answer", "answered_at", "document")


def _plain(text: str, what: str) -> str:
    if "\x00" in text:
        raise ValidationError(f"{what} contient un caractère non autorisé.")
    text = text.strip()
    if len(text) > MAX_TEXT:
        raise ValidationError(f"{what} : {MAX_TEXT} caractères au plus.")
    return text


def appeal_request(*, user: Any, candidate: Candidate, exam: str, text: str) -> GridAppeal:
    """Record the candidate's request for the grids of ``exam``: only once his or her result
    is published, for an épreuve of his or her plan graded on a grid, one pending request per
    épreuve."""
    text = _plain(text, "Le texte de la demande")
    if not results_published(candidate):
        raise ValidationError(
            "Vos résultats ne sont pas encore publiés : la demande sera possible après leur "
            "publication."
        )
    exams = dict(appealable_exams(candidate))
    if exam not in exams:
        raise ValidationError("Choisissez une épreuve de votre plan évaluée sur une grille.")
    refused = f"Une demande pour l'épreuve {exam} attend déjà la réponse du service des examens."
    if GridAppeal.objects.filter(
        candidate=candidate, exam=exam, state=GridAppeal.REQUESTED
    ).exists():
        raise ValidationError(refused)
    # Two requests sent at once both find none pending: the database's constraint (one
    # pending request per épreuve) refuses the second, in a savepoint that leaves nothing.
    try:
        with transaction.atomic():
            return audited_create(
                GridAppeal(
                    candidate=candidate,
                    exam=exam,
                    what=exams[exam],
                    text=text,
                    requested_at=timezone.now(),
                ),
                actor=user,
                action="grid_appeal_request",
                fields=("exam", "what", "text"),
                candidate=candidate,
            )
    except IntegrityError:
        raise ValidationError(refused) from None


def _pending(appeal: GridAppeal) -> GridAppeal:
    current = GridAppeal.objects.select_for_update().select_related("candidate").get(pk=appeal.pk)
    if current.state != GridAppeal.REQUESTED:
        raise ValidationError("Cette demande a déjà reçu une réponse.")
    return current


def appeal_answer(*, user: Any, appeal: GridAppeal) -> GridAppeal:
    """Answer the request with the PDF of the signed grids of the épreuve (the fiche
    d'évaluation alone for EF2), issued as a document addressed to the candidate."""
    with transaction.atomic():
        current = _pending(appeal)
        grids = grids_to_send(current)
        if not grids:
            raise ValidationError(
                f"Aucune grille signée pour l'épreuve {current.exam} de ce candidat : rien ne "
                "peut lui être communiqué (refusez la demande en indiquant le motif)."
            )
        candidate = (
            Candidate.objects.select_related("session", "academy", "establishment", "user")
            .filter(pk=current.candidate_id)
            .get()
        )
        document = document_issue(
            kind=GRID_SHEET,
            issue=Issue(
                subject=f"candidate:{candidate.pk}:grids:{current.exam}",
                subject_ref=f"{candidate.number}-{current.exam}",
                data=grid_sheet_data(
                    candidate=candidate, exam=current.exam, grids=grids, appeal=current
                ),
                session_id=candidate.session_id,
                session_year=candidate.session.year,
                academy_id=candidate.academy_id,
                candidate_id=candidate.pk,
            ),
            actor=user,
        )
        answered = audited_update(
            current,
            changes={
                "state": GridAppeal.ANSWERED,
                "answered_at": timezone.now(),
                "answered_by": user if getattr(user, "pk", None) else None,
                "document": document,
            },
            actor=user,
            action="grid_appeal_answer",
            fields=FIELDS,
            candidate=candidate,
        )
    # Told by e-mail once the answer is recorded (a failed sending never undoes it).
    notice_send(_answer_notice(candidate, answered.exam, document))
    return answered


def _answer_notice(candidate: Candidate, exam: str, document: IssuedDocument) -> Notice:
    account = candidate.user
    return Notice(
        address="" if account is None else account.email,
        subject=f"Vos grilles d'évaluation ({exam})",
        body=mail_text(
            f"Bonjour {candidate.first_name} {candidate.last_name},",
            "",
            f"Suite à votre demande, les grilles d'évaluation de l'épreuve {exam} vous sont "
            f"communiquées : document réf. {document.reference}, ci-joint et dans votre "
            "espace (« Mes documents »).",
        ),
        topic="document",
        session_id=candidate.session_id,
        academy_id=candidate.academy_id,
        candidate_id=candidate.pk,
        recipient_id=None if account is None else account.pk,
        document=document,
        attach=True,
    )


def appeal_refuse(*, user: Any, appeal: GridAppeal, reason: str) -> GridAppeal:
    """Refuse the request, with the reason the candidate reads."""
    reason = _plain(reason, "Le motif du refus")
    if not reason:
        raise ValidationError("Indiquez le motif du refus.")
    with transaction.atomic():
        current = _pending(appeal)
        return audited_update(
            current,
            changes={
                "state": GridAppeal.REFUSED,
                "answer": reason,
                "answered_at": timezone.now(),
                "answered_by": user if getattr(user, "pk", None) else None,
            },
            actor=user,
            action="grid_appeal_refuse",
            fields=FIELDS,
            candidate=current.candidate,
            reason=reason,
        )
