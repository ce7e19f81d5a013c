"""Jobs survive a crash: a running job has a lease renewed by its worker; a job whose lease
expired is noticed (when a page reads it, when a worker starts) and marked failed with its
reason; a failed job starts again with the same parameters (« Relancer »), an import without
uploading its file again; a failed import's file is kept for a bounded time (jobs_purge)."""

import datetime as dt
import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from ndrc.web.audit.models import AuditEntry
from ndrc.web.candidates.models import Candidate
from ndrc.web.imports.models import ImportFile
from ndrc.web.jobs import services
from ndrc.web.jobs.models import Job, JobState
from ndrc.web.jobs.services import job_restart, job_run, jobs_expire
from ndrc.web.jobs.work import Progress
from tests.web.imports.test_imports import CANDIDATES_CSV, _upload
from tests.web.imports.test_imports import logged as logged  # the fixture
from tests.web.imports.test_imports import office as office  # the fixture

RUNS: list[int] = []
INTERRUPTED = re.compile(
    r"^Le traitement s'est interrompu \(le processus de travail s'est arrêté\) le "
    r"\d\d/\d\d/\d{4} à \d\d:\d\d ; rien n'a été enregistré\.$"
)


def counting_work(*, params, actor, progress):
    RUNS.append(params["n"])
    progress(1, 1, "Fait")
    return {"message": f"Fait : {params['n']}."}


def _dead(job, *, minutes=5):
    """The job as a killed worker leaves it: running, its last sign of life long ago."""
    long_ago = timezone.now() - dt.timedelta(minutes=minutes)
    Job.objects.filter(pk=job.pk).update(
        state=JobState.RUNNING, started_at=long_ago, heartbeat_at=long_ago, finished_at=None
    )


@pytest.fixture
def not_started(monkeypatch):
    """Jobs recorded but not run (as when no worker took them yet)."""
    monkeypatch.setattr(services, "_start", lambda job: None)


def test_a_job_whose_lease_expired_is_seen_failed_with_its_reason(logged, office, not_started):
    RUNS.clear()
    job = job_run(kind="count", task=counting_work, params={"n": 1}, actor=office)
    _dead(job)
    state = logged.get(reverse("job_state", args=[job.pk])).json()
    assert state["state"] == "failed" and state["finished"]
    job.refresh_from_db()
    assert INTERRUPTED.match(job.message), job.message
    assert job.result["interrupted"] is True
    html = logged.get(reverse("job_detail", args=[job.pk])).content.decode()
    assert "rien n&#x27;a été enregistré" in html and 'id="job-restart-button"' in html


def test_a_job_with_a_live_lease_stays_running(office, settings, not_started):
    settings.NDRC_JOBS_LEASE_SECONDS = 120
    job = job_run(kind="count", task=counting_work, params={"n": 1}, actor=office)
    _dead(job, minutes=1)
    assert jobs_expire() == 0
    assert Job.objects.get(pk=job.pk).state == JobState.RUNNING
    assert list(Job.objects.alive()) == [job]
    settings.NDRC_JOBS_LEASE_SECONDS = 30
    assert list(Job.objects.alive()) == [] and jobs_expire() == 1


def test_progress_renews_the_lease(office, not_started):
    job = job_run(kind="count", task=counting_work, params={"n": 1}, actor=office)
    _dead(job)
    Progress(job.pk)(1, 2, "Étape")
    job.refresh_from_db()
    assert timezone.now() - job.heartbeat_at < dt.timedelta(seconds=10)
    assert jobs_expire() == 0


def test_a_worker_that_starts_marks_the_dead_jobs_failed(office, not_started, monkeypatch):
    from django_tasks_db.management.commands.db_worker import Command

    from ndrc.web.jobs.management.commands.db_worker import Command as Worker

    monkeypatch.setattr(Command, "handle", lambda self, *args, **options: None)  # no loop
    job = job_run(kind="count", task=counting_work, params={"n": 1}, actor=office)
    _dead(job)
    err = io.StringIO()
    Worker(stderr=err).handle()
    job.refresh_from_db()
    assert job.state == JobState.FAILED and INTERRUPTED.match(job.message)
    assert "1 tâche(s) interrompue(s)" in err.getvalue()


def test_relancer_runs_a_failed_job_again_with_the_same_parameters(logged, office, monkeypatch):
    RUNS.clear()
    with monkeypatch.context() as patched:
        patched.setattr(services, "_start", lambda job: None)
        job = job_run(kind="count", task=counting_work, params={"n": 7}, actor=office)
    _dead(job)
    response = logged.post(reverse("job_restart", args=[job.pk]), follow=True)
    job.refresh_from_db()
    assert RUNS == [7] and job.state == JobState.DONE and job.message == "Fait : 7."
    assert job.restarts == 1 and "relancée 1 fois" in response.content.decode()
    entry = AuditEntry.objects.get(action="job_restart")
    assert entry.actor == office and entry.before["state"] == "failed"
    # A job that did not fail is not started again.
    response = logged.post(reverse("job_restart", args=[job.pk]), follow=True)
    assert "Seule une tâche en échec ou interrompue peut être relancée" in (
        response.content.decode().replace("&#x27;", "'")
    )
    assert RUNS == [7]
    with pytest.raises(Exception, match="Seule une tâche en échec"):
        job_restart(job=job, actor=office)


def test_an_interrupted_import_starts_again_without_uploading_the_file(logged, monkeypatch):
    checked = _upload(logged, CANDIDATES_CSV, name="candidats.csv")
    stored = checked.context["stored"]
    check_job = Job.objects.get(kind="import_check")
    with monkeypatch.context() as patched:  # the worker takes the import, then dies
        patched.setattr(services, "_start", lambda job: None)
        logged.post(reverse("import_confirm"), {"fichier_id": stored.pk})
    job = Job.objects.get(kind="import_candidates")
    _dead(job)
    # The report of the dry run offers the confirmation again: the file was kept.
    page = logged.get(reverse("import_index"), {"essai": check_job.pk})
    assert page.context["stored"] == stored
    job.refresh_from_db()
    assert job.state == JobState.FAILED and not Candidate.objects.exists()
    assert ImportFile.objects.get().job == job
    # Confirming the same file again starts the same import again (not the dead job).
    response = logged.post(reverse("import_confirm"), {"fichier_id": stored.pk}, follow=True)
    job.refresh_from_db()
    assert response.redirect_chain[-1][0] == reverse("job_detail", args=[job.pk])
    assert job.state == JobState.DONE and job.restarts == 1
    assert Candidate.objects.count() == 5 and not ImportFile.objects.exists()
    assert Job.objects.filter(kind="import_candidates").count() == 1


def test_a_failed_import_keeps_its_file_for_a_bounded_time(logged, settings, monkeypatch):
    settings.NDRC_JOBS_KEEP_FAILED_DAYS = 7
    stored = _upload(logged, CANDIDATES_CSV).context["stored"]
    with monkeypatch.context() as patched:
        patched.setattr(services, "_start", lambda job: None)
        logged.post(reverse("import_confirm"), {"fichier_id": stored.pk})
    job = Job.objects.get(kind="import_candidates")
    _dead(job)
    jobs_expire()
    call_command("jobs_purge")
    assert ImportFile.objects.filter(pk=stored.pk).exists()  # failed today: kept
    Job.objects.filter(pk=job.pk).update(finished_at=timezone.now() - dt.timedelta(days=8))
    call_command("jobs_purge")
    assert not ImportFile.objects.exists()
    assert AuditEntry.objects.filter(action="import_file_drop").count() == 1
    # Started again afterwards, the import says why it cannot run.
    job = job_restart(job=Job.objects.get(pk=job.pk), actor=None)
    assert job.state == JobState.FAILED and "n'est plus conservé" in job.message
