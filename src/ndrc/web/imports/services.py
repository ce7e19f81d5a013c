"""Imports of candidates and grades: the dry run (a background job ``import_check`` on the
file kept until its import is confirmed, its report in the job's result), and the
all-or-nothing import run as a background job through the audited services written for
national files (``candidates_register``, ``grades_import``: a fixed number of queries per
thousand rows, one audit entry per row).

The file stays with its import job until the import succeeded: it is deleted in the import's
own transaction (nothing of it is kept once imported); a failed or interrupted import keeps
it, so that the job can be started again without uploading it, for
``NDRC_JOBS_KEEP_FAILED_DAYS`` (then ``ndrc web jobs_purge`` deletes it)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from ndrc.web.audit.services import audit_record, audited_create
from ndrc.web.candidates.grade_services import grades_import
from ndrc.web.candidates.services import candidates_register
from ndrc.web.imports.checks import Checked, ProgressFn, check_file
from ndrc.web.imports.exam_days import EXAM_DAY_KINDS, write_exam_days
from ndrc.web.imports.models import ImportFile, ImportKind
from ndrc.web.jobs.models import Job, JobState
from ndrc.web.jobs.services import job_restart, job_run, jobs_expire
from ndrc.web.jobs.work import JobError, Progress
from ndrc.web.sessions.models import Academy, ExamSession

KEEP_UNCONFIRMED = dt.timedelta(days=2)
SHOWN_ERRORS = 200


def import_check(
    *,
    kind: str,
    filename: str,
    content: bytes,
    session: ExamSession,
    academy: Academy,
    user: Any,
    progress: ProgressFn | None = None,
) -> Checked:
    """The dry run: every row's errors and what would be created; nothing is written."""
    if kind not in ImportKind.values:
        raise ValueError(f"import_check: unknown kind {kind!r}")
    extra = {} if progress is None else {"progress": progress}
    return check_file(
        kind=kind,
        filename=filename,
        content=content,
        session=session,
        academy=academy,
        user=user,
        **extra,
    )


@transaction.atomic
def import_file_store(
    *,
    kind: str,
    filename: str,
    content: bytes,
    session: ExamSession,
    academy: Academy,
    actor: Any,
) -> ImportFile:
    """Keep a checked file until its import is confirmed (unconfirmed files are dropped after
    two days)."""
    ImportFile.objects.filter(
        confirmed_at__isnull=True, created_at__lt=timezone.now() - KEEP_UNCONFIRMED
    ).delete()
    stored = audited_create(
        ImportFile(
            kind=kind,
            filename=filename[:255],
            content=content,
            session=session,
            academy=academy,
            created_by=actor,
        ),
        actor=actor,
        action="import_file_store",
        fields=("kind", "filename", "size"),
    )
    return stored


def import_check_start(
    *,
    kind: str,
    filename: str,
    content: bytes,
    session: ExamSession,
    academy: Academy,
    actor: Any,
) -> Job:
    """The dry run as a background job: the file is kept, then checked by the job
    ``import_check`` (``import_check_work``), whose result holds the report. With the immediate
    backend the job has run when this returns; with a worker it runs there, never inside the
    web request (a national file takes seconds of CPU)."""
    if kind not in ImportKind.values:
        raise ValueError(f"import_check_start: unknown kind {kind!r}")
    stored = import_file_store(
        kind=kind,
        filename=filename,
        content=content,
        session=session,
        academy=academy,
        actor=actor,
    )
    return job_run(
        kind="import_check",
        task=import_check_work,
        params={"import_file": stored.pk},
        actor=actor,
        label=f"Vérification du fichier {stored.filename}",
    )


def import_check_work(*, params: dict[str, Any], actor: Any, progress: Progress) -> dict[str, Any]:
    """The dry run's job: check the kept file, keep the report (``report``: see
    ``Report.to_json``) and the file to confirm (``import_file``, None when the file has an
    error: it is then dropped, nothing of it can be imported)."""
    back = reverse("import_index")
    stored = (
        ImportFile.objects.select_related("session", "academy")
        .filter(pk=params["import_file"])
        .first()
    )
    if stored is None:
        raise JobError(
            "Le fichier déposé n'est plus conservé : déposez-le à nouveau.",
            url=back,
            link_label="Retour à l'import",
        )
    report = import_check(
        kind=stored.kind,
        filename=stored.filename,
        content=bytes(stored.content),
        session=stored.session,
        academy=stored.academy,
        user=actor,
        progress=progress,
    ).report
    if report.ok:
        what = {
            ImportKind.CANDIDATES: "candidat(s) à inscrire",
            ImportKind.GRADES: "note(s) à créer",
        }.get(ImportKind(stored.kind), "ligne(s) à enregistrer")
        message = (
            f"Aucune erreur : {report.planned_count} {what}. Confirmez l'import depuis le rapport."
        )
    else:
        message = f"{report.error_count} erreur(s) : rien ne sera importé."
        _file_drop(stored, actor=actor)
    return {
        "message": message,
        "url": f"{back}?essai={progress.job_id}",
        "link_label": "Voir le rapport de vérification",
        "report": report.to_json(shown=SHOWN_ERRORS),
        "import_file": stored.pk if report.ok else None,
    }


@transaction.atomic
def _file_drop(stored: ImportFile, *, actor: Any) -> None:
    """Drop a file whose dry run found an error (it can never be imported)."""
    _file_delete(
        stored, actor=actor, action="import_file_drop", reason="Fichier refusé par l'essai à blanc"
    )


def _file_delete(stored: ImportFile, *, actor: Any, action: str, reason: str) -> None:
    """Delete a stored file with its journal entry (what it was, never its content)."""
    audit_record(
        actor=actor,
        action=action,
        obj=stored,
        before={"kind": stored.kind, "filename": stored.filename, "size": stored.size},
        reason=reason,
    )
    stored.delete()


def import_confirm(*, import_file: ImportFile, actor: Any) -> Job | None:
    """Run the import of a checked file as a job, once: a second confirmation returns the
    first job while it is queued, running or done (None while the first confirmation is
    still starting it), and starts it again when it failed or was interrupted (the file was
    kept with the job)."""
    claimed = ImportFile.objects.filter(pk=import_file.pk, confirmed_at__isnull=True).update(
        confirmed_at=timezone.now()
    )
    if not claimed:
        job = ImportFile.objects.get(pk=import_file.pk).job
        if job is not None:
            jobs_expire(pk=job.pk)
            job.refresh_from_db()
            if job.state == JobState.FAILED:
                return job_restart(job=job, actor=actor)
        return job
    what = {
        ImportKind.CANDIDATES: "candidats",
        ImportKind.GRADES: "notes",
    }.get(ImportKind(import_file.kind), str(ImportKind(import_file.kind).label))
    job = job_run(
        kind=f"import_{import_file.kind}",
        task=import_work,
        params={"import_file": import_file.pk},
        actor=actor,
        label=f"Import des {what} — {import_file.filename}",
    )
    ImportFile.objects.filter(pk=import_file.pk).update(job=job)
    return job


def import_work(*, params: dict[str, Any], actor: Any, progress: Progress) -> dict[str, Any]:
    """The import job: check the file again (the database may have changed since the dry
    run), then write every row in one transaction, the file deleted in the same transaction;
    any error (or the worker's death) and nothing is written, the file is kept."""
    stored = (
        ImportFile.objects.select_related("session", "academy")
        .filter(pk=params["import_file"])
        .first()
    )
    if stored is None:
        raise JobError(
            "Le fichier de cet import n'est plus conservé (il a été importé, ou l'import a "
            "échoué depuis plus longtemps que le délai de conservation) : déposez-le à nouveau.",
            url=reverse("import_index"),
            link_label="Retour à l'import",
        )
    checked = import_check(
        kind=stored.kind,
        filename=stored.filename,
        content=bytes(stored.content),
        session=stored.session,
        academy=stored.academy,
        user=actor,
        progress=lambda done, total, message: progress(done, 2 * total, message),
    )
    report = checked.report
    if report.errors:
        raise JobError(
            f"Import refusé : {len(report.errors)} erreur(s) dans le fichier ; aucune donnée "
            "n'a été enregistrée. Corrigez le fichier et déposez-le à nouveau.",
            details=[str(e) for e in report.errors[:SHOWN_ERRORS]],
        )
    reason = f"Import du fichier {stored.filename}"
    rows = report.rows
    if stored.kind in EXAM_DAY_KINDS:
        with transaction.atomic():
            try:
                written = write_exam_days(
                    kind=stored.kind,
                    writes=checked.exam_days,
                    session=stored.session,
                    academy=stored.academy,
                    actor=actor,
                    reason=reason,
                )
            except ValidationError as error:
                raise JobError(
                    f"{' '.join(error.messages)} Import annulé : aucune donnée n'a été enregistrée."
                ) from None
            _file_imported(stored, actor=actor, progress=progress, rows=rows)
        progress(2 * rows, 2 * rows, "Import terminé")
        return {
            "message": f"{written} ligne(s) importée(s) : {ImportKind(stored.kind).label} "
            f"(fichier {stored.filename}, {report.described}).",
            "created": written,
            "url": reverse("exam_days"),
            "link_label": "Voir les journées d'examen",
            "details": [str(w) for w in report.warnings[:SHOWN_ERRORS]],
        }
    if stored.kind == ImportKind.CANDIDATES:
        with transaction.atomic():
            created = _write_candidates(
                checked, actor=actor, progress=progress, rows=rows, reason=reason
            )
            _file_imported(stored, actor=actor, progress=progress, rows=rows)
        progress(2 * rows, 2 * rows, "Import terminé")
        return {
            "message": f"{created} candidat(s) inscrit(s) à la {stored.session} "
            f"(fichier {stored.filename}, {report.described}).",
            "created": created,
            "url": reverse("candidate_list"),
            "link_label": "Voir la liste des candidats",
            "details": [str(w) for w in report.warnings[:SHOWN_ERRORS]],
        }
    with transaction.atomic():
        created = _write_grades(checked, actor=actor, progress=progress, rows=rows, reason=reason)
        _file_imported(stored, actor=actor, progress=progress, rows=rows)
    progress(2 * rows, 2 * rows, "Import terminé")
    return {
        "message": f"{created} note(s) importée(s) pour la {stored.session} "
        f"(fichier {stored.filename}, {report.described}).",
        "created": created,
        "url": reverse("grade_entry"),
        "link_label": "Voir la saisie des notes",
    }


def _write_candidates(
    checked: Checked, *, actor: Any, progress: Progress, rows: int, reason: str
) -> int:
    total = len(checked.candidates)
    progress(rows, 2 * rows, f"Inscription des {total} candidats")
    try:
        candidates_register(
            rows=[kwargs for _, kwargs in checked.candidates],
            actor=actor,
            plan_errors_allowed=True,
            reason=reason,
        )
    except ValidationError as error:
        raise JobError(
            f"{' '.join(error.messages)} Import annulé : aucune donnée n'a été enregistrée."
        ) from None
    return total


def _write_grades(
    checked: Checked, *, actor: Any, progress: Progress, rows: int, reason: str
) -> int:
    writes = [(candidate, write) for _, candidate, write in checked.grades]
    progress(rows, 2 * rows, f"Enregistrement des {len(writes)} notes")
    try:
        grades_import(rows=writes, actor=actor, reason=reason, files=checked.files)
    except ValidationError as error:
        raise JobError(
            f"{' '.join(error.messages)} Import annulé : aucune note n'a été enregistrée."
        ) from None
    return len(writes)


def _file_imported(stored: ImportFile, *, actor: Any, progress: Progress, rows: int) -> None:
    """Within the import's transaction: the rows are written (not yet committed); the file is
    deleted with them (it is kept only while the import may have to be started again)."""
    progress(rows + max(1, rows // 2), 2 * rows, "Enregistrement de l'import…")
    _file_delete(
        stored,
        actor=actor,
        action="import_file_delete",
        reason="Fichier importé : il n'est plus conservé",
    )


def import_files_purge(*, failed: Any, **kwargs: Any) -> dict[str, int]:
    """The answer to ``jobs.signals.job_files_purge``: delete the kept files of imports that
    failed longer ago than ``NDRC_JOBS_KEEP_FAILED_DAYS`` (``failed``: those jobs), one audit
    entry each."""
    count = 0
    for stored in ImportFile.objects.filter(job__in=failed):
        with transaction.atomic():
            audit_record(
                actor=None,
                action="import_file_drop",
                obj=stored,
                before={"kind": stored.kind, "filename": stored.filename, "size": stored.size},
                reason="Import en échec : fichier conservé pour une relance, délai écoulé",
            )
            stored.delete()
        count += 1
    return {"Fichiers d'import": count}
