"""A candidate's CCF evaluation dossier for an épreuve (E4, E6): each situation's date and
commission, the signed grids, the files the training centre keeps for the jury and the
rectorat (uploaded, downloaded, deleted). Only the candidate's training centre and the exam
office open it."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from ndrc.exports import Export
from ndrc.rules.grids import graded_on_grid
from ndrc.web.accounts.decorators import requires
from ndrc.web.accounts.roles import Permission
from ndrc.web.audit.services import access_record
from ndrc.web.candidates.models import Candidate
from ndrc.web.candidates.selectors import candidates_visible_to
from ndrc.web.documents.downloads import attachment
from ndrc.web.grading.ccf_files import MAX_BYTES
from ndrc.web.grading.ccf_models import DossierFileKind
from ndrc.web.grading.ccf_selectors import (
    ccf_window,
    commissions_differ,
    dossier_files,
    situation_rows,
)
from ndrc.web.grading.ccf_services import (
    ccf_situation_save,
    dossier_file_delete,
    dossier_file_upload,
)
from ndrc.web.grading.permits import grade_permit
from ndrc.web.keys import key_from
from ndrc.web.sessions.selectors import session_current


def parse_day(text: str) -> dt.date | None:
    """A date typed as 02/04/2026 or sent by a date field as 2026-04-02 (None: empty);
    ValidationError when it is not a date."""
    text = text.strip()
    if not text:
        return None
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValidationError("Date de la situation illisible : écrivez-la JJ/MM/AAAA.")


def _candidate(request: HttpRequest, pk: int, exam: str) -> Candidate:
    """The candidate if the user may see him or her and sits the épreuve in CCF with
    situations (404 otherwise: not even whether the candidate exists)."""
    session = session_current(user=request.user)
    candidate = (
        candidates_visible_to(user=request.user, session=session)
        .select_related("session", "establishment")
        .filter(pk=pk)
        .first()
    )
    if candidate is None or session is None or exam not in graded_on_grid(session.year):
        raise Http404
    if ccf_window(candidate, exam) is None:
        raise Http404
    return candidate


def _post(request: HttpRequest, candidate: Candidate, exam: str) -> None:
    action = request.POST.get("action", "")
    if action == "situation":
        situation = request.POST.get("situation", "")
        ccf_situation_save(
            user=request.user,
            candidate=candidate,
            exam=exam,
            situation=situation,
            date=parse_day(request.POST.get("date", "")),
            commission=request.POST.get("commission", ""),
        )
        messages.success(
            request, _("Situation %(situation)s enregistrée.") % {"situation": situation}
        )
    elif action == "upload":
        upload = request.FILES.get("file")
        if upload is None or upload.size is None:
            raise ValidationError("Choisissez un fichier à déposer.")
        if upload.size > MAX_BYTES:
            raise ValidationError(f"Le fichier dépasse {MAX_BYTES // (1024 * 1024)} Mo.")
        row = dossier_file_upload(
            user=request.user,
            candidate=candidate,
            exam=exam,
            kind=request.POST.get("kind", ""),
            name=upload.name or "",
            content=upload.read(),
        )
        messages.success(request, _("Document « %(name)s » déposé.") % {"name": row.filename})
    elif action == "delete":
        pk = key_from(request.POST.get("file", ""))
        row = dossier_files(candidate, exam).filter(pk=pk).first() if pk is not None else None
        if row is None:
            raise ValidationError("Ce document n'est plus dans le dossier.")
        dossier_file_delete(user=request.user, row=row, reason=request.POST.get("reason", ""))
        messages.success(request, _("Document « %(name)s » supprimé.") % {"name": row.filename})
    else:
        raise ValidationError("Action inconnue.")


@requires(Permission.VIEW_CCF_DOSSIERS)
def ccf_dossier(request: HttpRequest, pk: int, exam: str) -> HttpResponse:
    candidate = _candidate(request, pk, exam)
    here = reverse("ccf_dossier", args=[pk, exam])
    if request.method == "POST":
        try:
            _post(request, candidate, exam)
        except ValidationError as error:
            for text in error.messages:
                messages.error(request, text)
        return redirect(here)
    wanted = request.GET.get("fichier")
    if wanted is not None:
        key = key_from(wanted)
        row = dossier_files(candidate, exam).filter(pk=key).first() if key is not None else None
        if row is None:
            raise Http404
        content = type(row).objects.filter(pk=row.pk).values_list("content", flat=True).get()
        access_record(user=request.user, candidate=candidate, page="ccf_dossier_file")
        return attachment(Export(row.filename, row.mimetype, bytes(content)))
    permit = grade_permit(request.user, candidate, exam)
    window = ccf_window(candidate, exam)
    rows = situation_rows(candidate, exam)
    return render(
        request,
        "grading/ccf_dossier.html",
        {
            "title": _("Dossier d'évaluation"),
            "candidate": candidate,
            "exam": exam,
            "window": window,
            "rows": rows,
            "differ": commissions_differ(rows),
            "files": dossier_files(candidate, exam),
            "kinds": DossierFileKind.choices,
            "editable": permit.allowed and not candidate.locked_by,
            "locked": bool(candidate.locked_by),
            "reason": "" if permit.allowed else permit.reason,
            "max_mb": MAX_BYTES // (1024 * 1024),
        },
    )
