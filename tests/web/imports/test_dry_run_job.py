"""The dry run of an import is a background job (``import_check``): the file is kept, the job
keeps the report; with a worker the upload leads to the job's progress page, which links back
to the report (``/import/?essai=<job>``, only for the person who uploaded the file)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ndrc.web.accounts.roles import Role
from ndrc.web.audit.models import AuditEntry
from ndrc.web.candidates.models import Candidate
from ndrc.web.imports import services
from ndrc.web.imports.models import ImportFile
from ndrc.web.jobs import services as job_services
from ndrc.web.jobs.models import Job, JobState
from ndrc.web.jobs.work import job_process
from tests.factories import UserFactory
from tests.web.imports.test_imports import CANDIDATES_CSV, GOOD_ROW, HEADER, PASSWORD, _csv
from tests.web.imports.test_imports import office as office

WRONG_ROW = "25X0002;Durand;Lou;31/02/2005;scolaire;0630001A;anglais"


@pytest.fixture
def logged(client, office):
    client.login(username=office.username, password=PASSWORD)
    return client


@pytest.fixture
def worker(monkeypatch):
    """A worker backend: the job is recorded and left queued (run by ``job_process``)."""
    monkeypatch.setattr(job_services, "_enqueue", lambda job_id: None)


def _upload(client, content, *, kind="candidates", name="fichier.csv"):
    return client.post(
        reverse("import_index"), {"contenu": kind, "fichier": SimpleUploadedFile(name, content)}
    )


def _report_url(job):
    return f"{reverse('import_index')}?essai={job.pk}"


def test_the_dry_run_is_a_job_keeping_the_report(logged, office):
    response = _upload(logged, CANDIDATES_CSV, name="candidats.csv")
    job = Job.objects.get(kind="import_check")
    stored = ImportFile.objects.get()
    assert job.state == JobState.DONE and job.created_by == office
    assert job.params == {"import_file": stored.pk} and job.result["import_file"] == stored.pk
    report = job.result["report"]
    assert report["ok"] and report["planned_count"] == 5 and report["rows"] == 5
    assert [row["number"] for row in report["planned"]] == [f"25NDRC9000{i}" for i in range(1, 6)]
    assert job.result["url"] == _report_url(job)
    # The page is rendered from the job's result: the report and the file to confirm.
    assert response.status_code == 200 and response.context["stored"] == stored
    assert response.context["report"].planned == report["planned"]
    assert 'id="import-confirm"' in response.content.decode()
    assert not Candidate.objects.exists()


def test_with_a_worker_the_upload_leads_to_the_job_then_to_its_report(logged, worker):
    response = _upload(logged, CANDIDATES_CSV)
    job = Job.objects.get(kind="import_check")
    assert job.state == JobState.QUEUED and ImportFile.objects.get().confirmed_at is None
    assert response.status_code == 302 and response["Location"] == reverse(
        "job_detail", args=[job.pk]
    )
    # While the job waits, the report's address leads to the progress page.
    waiting = logged.get(_report_url(job))
    assert waiting.status_code == 302 and waiting["Location"] == reverse(
        "job_detail", args=[job.pk]
    )
    job_process(job_id=job.pk)
    page = logged.get(reverse("job_detail", args=[job.pk])).content.decode()
    assert "Aucune erreur : 5 candidat(s) à inscrire." in page
    assert f'href="{_report_url(job)}"' in page.replace("&amp;", "&")
    report = logged.get(_report_url(job))
    html = report.content.decode()
    assert report.status_code == 200 and report.context["report"].planned_count == 5
    assert "Aucune erreur : 5 candidats seront inscrits." in html
    stored = ImportFile.objects.get()
    assert report.context["stored"] == stored and 'id="import-confirm"' in html
    confirmed = logged.post(reverse("import_confirm"), {"fichier_id": stored.pk})
    assert confirmed.status_code == 302
    # The import itself is a second job, run by the worker.
    job_process(job_id=Job.objects.get(kind="import_candidates").pk)
    assert Candidate.objects.count() == 5
    again = logged.get(_report_url(job)).content.decode()
    assert 'id="import-confirm"' not in again and 'id="import-not-kept"' in again


def test_a_file_with_an_error_is_dropped_and_its_report_kept(logged, office, worker):
    _upload(logged, _csv(HEADER, GOOD_ROW, WRONG_ROW))
    job = Job.objects.get(kind="import_check")
    job_process(job_id=job.pk)
    job.refresh_from_db()
    assert job.result["import_file"] is None and not job.result["report"]["ok"]
    assert not ImportFile.objects.exists()
    drop = AuditEntry.objects.get(action="import_file_drop")
    assert drop.actor == office and drop.before["filename"] == "fichier.csv"
    response = logged.get(_report_url(job))
    html = response.content.decode()
    assert [(e.line, e.column) for e in response.context["report"].errors] == [
        (3, "date_naissance")
    ]
    assert "1 erreur : rien ne sera importé." in html and 'id="import-confirm"' not in html
    assert 'id="import-not-kept"' not in html


def test_the_report_keeps_the_first_errors_and_counts_the_others(logged, monkeypatch, worker):
    monkeypatch.setattr(services, "SHOWN_ERRORS", 2)
    rows = [WRONG_ROW.replace("25X0002", f"25X00{i:02}") for i in range(10, 15)]
    _upload(logged, _csv(HEADER, *rows))
    job = Job.objects.get(kind="import_check")
    job_process(job_id=job.pk)
    response = logged.get(_report_url(job))
    report = response.context["report"]
    assert len(report.errors) == 2 and report.hidden_errors == 3 and report.error_count == 5
    html = response.content.decode()
    assert "5 erreurs : rien ne sera importé." in html
    assert "… et 3 autres erreurs, non affichées." in html


def test_another_user_cannot_read_the_report(client, logged, office):
    _upload(logged, CANDIDATES_CSV)
    job = Job.objects.get(kind="import_check")
    colleague = UserFactory(role=Role.EXAM_OFFICE, academy=office.academy)
    client.force_login(colleague)
    for url in (_report_url(job), f"{reverse('import_index')}?essai=abc"):
        response = client.get(url)
        html = response.content.decode()
        assert response.status_code == 200 and response.context["report"] is None
        assert "Rapport de vérification introuvable : déposez le fichier à nouveau." in html
        assert 'id="import-confirm"' not in html
    # Another job of the same person is not a report either.
    other = Job.objects.create(
        kind="import_candidates",
        created_by=colleague,
        academy=office.academy,
        state=JobState.DONE,
        result={},
    )
    response = client.get(_report_url(other))
    assert "Rapport de vérification introuvable" in response.content.decode()


def test_a_dry_run_that_failed_says_so(logged, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("disque plein")

    monkeypatch.setattr(services, "import_check", broken)
    response = _upload(logged, CANDIDATES_CSV)
    html = response.content.decode()
    assert response.status_code == 200 and response.context["report"] is None
    assert "La vérification du fichier a échoué : La tâche a échoué : disque plein" in html
