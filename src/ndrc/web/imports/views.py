"""The import page: upload, dry run with its report, confirmation (run as a job)."""

from __future__ import annotations

import csv
import io
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from ndrc.web.accounts.decorators import requires
from ndrc.web.accounts.roles import Permission
from ndrc.web.imports import services
from ndrc.web.imports.forms import UploadForm
from ndrc.web.imports.models import ImportFile, ImportKind
from ndrc.web.imports.parsing import CANDIDATE_COLUMNS, GRADE_COLUMNS, MAX_BYTES, MAX_ROWS
from ndrc.web.sessions.selectors import session_current

SHOWN_ROWS = 300


def _blocked(session: Any, user: Any) -> str:
    if session is None:
        return _("Aucune session d'examen n'existe : créez la session avant d'importer.")
    if not getattr(user, "academy_id", None):
        return _(
            "Votre compte n'est rattaché à aucune académie : l'import est impossible (les "
            "candidats sont inscrits dans l'académie de la personne qui importe)."
        )
    return ""


@requires(Permission.IMPORT_DATA)
def import_index(request: HttpRequest) -> HttpResponse:
    session = session_current()
    user = request.user
    blocked = _blocked(session, user)
    form = UploadForm(initial={"contenu": request.GET.get("contenu", ImportKind.CANDIDATES)})
    report = None
    stored = None
    if request.method == "POST" and not blocked:
        if request.POST.get("action") == "importer":
            pk = request.POST.get("fichier_id", "")
            stored = (
                ImportFile.objects.filter(
                    pk=int(pk), created_by=user, academy_id=user.academy_id
                ).first()
                if pk.isdigit()
                else None
            )
            if stored is None:
                messages.error(request, _("Fichier à importer introuvable : déposez-le à nouveau."))
            else:
                job = services.import_confirm(import_file=stored, actor=user)
                if job is not None:
                    return redirect("job_detail", pk=job.pk)
                messages.error(request, _("Cet import est déjà en cours de lancement."))
        else:
            form = UploadForm(request.POST, request.FILES)
            if form.is_valid():
                upload = form.cleaned_data["fichier"]
                kind = form.cleaned_data["contenu"]
                if upload.size > MAX_BYTES:
                    form.add_error(
                        "fichier",
                        _("Le fichier dépasse %(n)s Mo : découpez-le en plusieurs.")
                        % {"n": MAX_BYTES // (1024 * 1024)},
                    )
                else:
                    content = upload.read()
                    report = services.import_check(
                        kind=kind,
                        filename=upload.name,
                        content=content,
                        session=session,
                        academy=user.academy,
                        user=user,
                    ).report
                    if report.ok:
                        stored = services.import_file_store(
                            kind=kind,
                            filename=upload.name,
                            content=content,
                            session=session,
                            academy=user.academy,
                            actor=user,
                        )
    return render(
        request,
        "imports/index.html",
        {
            "title": _("Import de candidats et de notes"),
            "session": session,
            "blocked": blocked,
            "form": form,
            "report": report,
            "planned": report.planned[:SHOWN_ROWS] if report else [],
            "hidden_rows": max(0, len(report.planned) - SHOWN_ROWS) if report else 0,
            "stored": stored,
            "candidate_columns": CANDIDATE_COLUMNS,
            "grade_columns": GRADE_COLUMNS,
            "max_mb": MAX_BYTES // (1024 * 1024),
            "max_rows": MAX_ROWS,
        },
    )


@requires(Permission.IMPORT_DATA)
def import_template(request: HttpRequest) -> HttpResponse:
    """An empty file with the headers and one example row (CSV UTF-8 with BOM, « ; »)."""
    grades = request.GET.get("contenu") == ImportKind.GRADES
    columns = GRADE_COLUMNS if grades else CANDIDATE_COLUMNS
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([c.key for c in columns])
    writer.writerow([c.example for c in columns])
    response = HttpResponse(
        ("\ufeff" + buffer.getvalue()).encode("utf-8"), content_type="text/csv; charset=utf-8"
    )
    name = "modele-notes.csv" if grades else "modele-candidats.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
