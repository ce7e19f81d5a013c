"""Writes of a candidate's CCF evaluation dossier (A2023 annexe II, E4 §4.2.2 and E6
§4.2.2): each situation's date and commission, the files uploaded (dossier support,
periodic reviews, intermediate evaluations, company evaluation reports…) and their
deletion. Each write is one transaction and one journal entry; nothing changes once the
candidate's jury has closed (``ensure_open``)."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from ndrc.rules.grids.ccf import ccf_situations
from ndrc.rules.regulation import Form
from ndrc.web.audit.services import audit_record
from ndrc.web.candidates.locks import ensure_open
from ndrc.web.candidates.models import Candidate
from ndrc.web.grading.ccf_files import RefusedFile, check_file
from ndrc.web.grading.ccf_models import CcfSituation, DossierFileKind, EvaluationDossierFile
from ndrc.web.grading.ccf_selectors import ccf_window, grid_situation
from ndrc.web.grading.models import EvaluationGrid
from ndrc.web.grading.permits import grade_permit

MAX_COMMISSION = 2000


def _permit(user: Any, candidate: Candidate, exam: str) -> None:
    """The user fills this candidate's CCF grids (the training centre, the exam office)."""
    permit = grade_permit(user, candidate, exam)
    if not permit.allowed:
        raise ValidationError(f"Dossier d'évaluation inaccessible : {permit.reason}.")
    if ccf_window(candidate, exam) is None:
        raise ValidationError(f"L'épreuve {exam} n'est pas passée en CCF par ce candidat.")


def _state(row: CcfSituation) -> dict[str, Any]:
    return {"date": row.date.isoformat() if row.date else None, "commission": row.members}


def ccf_situation_save(
    *,
    user: Any,
    candidate: Candidate,
    exam: str,
    situation: str,
    date: dt.date | None,
    commission: str,
) -> CcfSituation:
    """Record a CCF situation's date and commission (one member a line: name and quality).
    The date lies within the épreuve's period; the situation of a signed grid is changed
    only after the grid is reopened."""
    _permit(user, candidate, exam)
    if situation not in ccf_situations(candidate.session.year, exam):
        raise ValidationError(f"L'épreuve {exam} n'a pas de situation {situation}.")
    on = grid_situation(candidate, exam, situation)
    window = ccf_window(candidate, exam)
    if date is not None and window is not None and not window.holds(date):
        raise ValidationError(
            f"La date de la situation doit être comprise entre le {window.first:%d/%m/%Y} et "
            f"le {window.last:%d/%m/%Y} ({window.citation.short})."
        )
    text = "\n".join(line.strip() for line in commission.splitlines() if line.strip())
    if len(text) > MAX_COMMISSION:
        raise ValidationError(
            f"La composition de la commission dépasse {MAX_COMMISSION} caractères."
        )
    with transaction.atomic():
        ensure_open([candidate])
        signed = EvaluationGrid.objects.filter(
            candidate=candidate,
            exam=exam,
            form=Form.CCF.value,
            situation=on,
            state=EvaluationGrid.SIGNED,
        ).exists()
        if signed:
            which = f"de la situation {situation}" if on else f"de l'épreuve {exam}"
            raise ValidationError(
                f"La grille {which} est signée : rouvrez-la, avec un motif, pour changer la "
                "date ou la commission."
            )
        row, created = CcfSituation.objects.select_for_update().get_or_create(
            candidate=candidate, exam=exam, situation=situation
        )
        before = None if created else _state(row)
        row.date, row.commission = date, text
        row.updated_by = user if getattr(user, "pk", None) else None
        row.save()
        audit_record(
            actor=user,
            action="ccf_situation_save",
            obj=row,
            before=before,
            after=_state(row),
            candidate=candidate,
            revise=False,
        )
        return row


def dossier_file_upload(
    *,
    user: Any,
    candidate: Candidate,
    exam: str,
    kind: str,
    name: str,
    content: bytes,
) -> EvaluationDossierFile:
    """Add a file to the candidate's evaluation dossier: a PDF, an image or an office
    document, its type read from its content (``ccf_files``)."""
    _permit(user, candidate, exam)
    if kind not in DossierFileKind.values:
        raise ValidationError("Choisissez la nature du document.")
    try:
        checked = check_file(name=name, content=content)
    except RefusedFile as error:
        raise ValidationError(str(error)) from None
    with transaction.atomic():
        ensure_open([candidate])
        row = EvaluationDossierFile.objects.create(
            candidate=candidate,
            exam=exam,
            kind=kind,
            filename=checked.filename,
            mimetype=checked.mimetype,
            content=content,
            size=len(content),
            sha256=hashlib.sha256(content).hexdigest(),
            uploaded_by=user if getattr(user, "pk", None) else None,
        )
        audit_record(
            actor=user,
            action="evaluation_dossier_upload",
            obj=row,
            after=_file_state(row),
            candidate=candidate,
            revise=False,
        )
        return row


def _file_state(row: EvaluationDossierFile) -> dict[str, Any]:
    return {
        "exam": row.exam,
        "kind": row.kind,
        "filename": row.filename,
        "size": row.size,
        "sha256": row.sha256,
    }


def dossier_file_delete(*, user: Any, row: EvaluationDossierFile, reason: str = "") -> None:
    """Remove a file from the evaluation dossier (refused once the jury has closed)."""
    _permit(user, row.candidate, row.exam)
    with transaction.atomic():
        ensure_open([row.candidate])
        audit_record(
            actor=user,
            action="evaluation_dossier_delete",
            obj=row,
            before=_file_state(row),
            reason=reason.strip()[:500],
            candidate=row.candidate,
            revise=False,
        )
        EvaluationDossierFile.objects.filter(pk=row.pk).delete()
