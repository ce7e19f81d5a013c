"""The import page: upload, dry run with its report, confirmation (run as a job)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ndrc.exports import CSV_MIMETYPE, csv_bytes
from ndrc.web.accounts.decorators import requires
from ndrc.web.accounts.roles import Permission
from ndrc.web.imports import selectors, services
from ndrc.web.imports.checks import columns_of
from ndrc.web.imports.exam_days import COLUMNS as EXAM_DAY_COLUMNS
from ndrc.web.imports.exam_days import EXAM_DAY_KINDS
from ndrc.web.imports.forms import UploadForm
from ndrc.web.imports.models import ImportFile, ImportKind
from ndrc.web.imports.parsing import (
    CANDIDATE_COLUMNS,
    GRADE_COLUMNS,
    MAX_BYTES,
    MAX_CANDIDATE_ROWS,
    MAX_GRADE_ROWS,
)
from ndrc.web.jobs.models import Job, JobState
from ndrc.web.jobs.services import jobs_expire
from ndrc.web.keys import key_from
from ndrc.web.sessions.selectors import session_current


def _blocked(session: Any, user: Any) -> str:
    if session is None:
        return _("Aucune session d'examen n'existe : créez la session avant d'importer.")
    if not getattr(user, "academy_id", None):
        return _(
            "Votre compte n'est rattaché à aucune académie : l'import est impossible (les "
            "candidats sont inscrits dans l'académie de la personne qui importe)."
        )
    return ""


def _page(
    request: HttpRequest,
    *,
    session: Any,
    blocked: str,
    form: UploadForm | None = None,
    report: Any = None,
    stored: ImportFile | None = None,
) -> HttpResponse:
    if form is None:
        form = UploadForm(initial={"contenu": request.GET.get("contenu", ImportKind.CANDIDATES)})
    return render(
        request,
        "imports/index.html",
        {
            "title": _("Import de candidats et de notes"),
            "session": session,
            "blocked": blocked,
            "form": form,
            "report": report,
            "planned": report.planned if report else [],
            "hidden_rows": report.planned_count - len(report.planned) if report else 0,
            "stored": stored,
            "candidate_columns": CANDIDATE_COLUMNS,
            "grade_columns": GRADE_COLUMNS,
            "exam_day_files": [
                (kind.value, kind.label, EXAM_DAY_COLUMNS[kind]) for kind in EXAM_DAY_KINDS
            ],
            "max_mb": MAX_BYTES // (1024 * 1024),
            "max_candidate_rows": MAX_CANDIDATE_ROWS,
            "max_grade_rows": MAX_GRADE_ROWS,
        },
    )


def _checked(
    request: HttpRequest,
    *,
    job: Job,
    session: Any,
    blocked: str,
    form: UploadForm | None = None,
) -> HttpResponse:
    """The page showing a dry run's report, read from its job (the progress page while it
    runs)."""
    jobs_expire()  # a dead import is seen failed: its file can be confirmed again
    job.refresh_from_db()
    if not job.is_finished:
        return redirect("job_detail", pk=job.pk)
    kept = selectors.import_check_report(job=job) if job.state == JobState.DONE else None
    if kept is None:
        messages.error(
            request,
            _("La vérification du fichier a échoué : %(why)s") % {"why": job.message},
        )
        return _page(request, session=session, blocked=blocked, form=form)
    report, stored = kept
    return _page(request, session=session, blocked=blocked, form=form, report=report, stored=stored)


@requires(Permission.IMPORT_DATA)
def import_index(request: HttpRequest) -> HttpResponse:
    """The import page; a POST keeps the uploaded file and checks it (the dry run) in a
    background job: its report is shown at once when the job has run (immediate backend),
    else on the job's progress page, which links back here (``?essai=<job>``, only for the
    person who uploaded the file). The import of a file without error can then be confirmed."""
    session = session_current(user=request.user)
    user = request.user
    blocked = _blocked(session, user)
    if request.method != "POST" or blocked:
        pk = request.GET.get("essai", "")
        if not pk or blocked:
            return _page(request, session=session, blocked=blocked)
        key = key_from(pk)
        job = None if key is None else selectors.import_check_visible(user=user, pk=key)
        if job is None:
            messages.error(
                request, _("Rapport de vérification introuvable : déposez le fichier à nouveau.")
            )
            return _page(request, session=session, blocked=blocked)
        return _checked(request, job=job, session=session, blocked=blocked)
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, session=session, blocked=blocked, form=form)
    upload = form.cleaned_data["fichier"]
    kind = form.cleaned_data["contenu"]
    if upload.size > MAX_BYTES:
        form.add_error(
            "fichier",
            _("Le fichier dépasse %(n)s Mo : découpez-le en plusieurs.")
            % {"n": MAX_BYTES // (1024 * 1024)},
        )
        return _page(request, session=session, blocked=blocked, form=form)
    job = services.import_check_start(
        kind=kind,
        filename=upload.name,
        content=upload.read(),
        session=session,
        academy=user.academy,
        actor=user,
    )
    return _checked(request, job=job, session=session, blocked=blocked, form=form)


@requires(Permission.IMPORT_DATA)
@require_POST
def import_confirm(request: HttpRequest) -> HttpResponse:
    """Run the import of a checked file (one of the user's own) as a background job."""
    session = session_current(user=request.user)
    user = request.user
    blocked = _blocked(session, user)
    pk = key_from(request.POST.get("fichier_id", ""))
    stored = (
        ImportFile.objects.filter(pk=pk, created_by=user, academy_id=user.academy_id).first()
        if pk is not None and not blocked
        else None
    )
    if stored is None:
        if not blocked:
            messages.error(request, _("Fichier à importer introuvable : déposez-le à nouveau."))
        return _page(request, session=session, blocked=blocked)
    job = services.import_confirm(import_file=stored, actor=user)
    if job is None:
        messages.error(request, _("Cet import est déjà en cours de lancement."))
        return _page(request, session=session, blocked=blocked)
    return redirect("job_detail", pk=job.pk)


@requires(Permission.IMPORT_DATA)
def import_template(request: HttpRequest) -> HttpResponse:
    """An empty file with the headers and one example row (CSV UTF-8 with BOM, « ; »)."""
    asked = request.GET.get("contenu", "")
    kind = asked if asked in ImportKind.values else ImportKind.CANDIDATES
    columns = columns_of(kind)
    content = csv_bytes([c.key for c in columns], [{c.key: c.example for c in columns}])
    response = HttpResponse(content, content_type=CSV_MIMETYPE)
    name = {
        ImportKind.CANDIDATES: "modele-candidats.csv",
        ImportKind.GRADES: "modele-notes.csv",
        ImportKind.ROOMS: "modele-salles.csv",
        ImportKind.OPENINGS: "modele-ouvertures.csv",
        ImportKind.EXAMINERS: "modele-examinateurs.csv",
        ImportKind.AVAILABILITY: "modele-disponibilites.csv",
    }[ImportKind(kind)]
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
