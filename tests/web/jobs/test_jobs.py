"""Background jobs: queued → running → done or failed, progress, failures captured, the
progress page and the JSON it polls, who may follow a job."""

import pytest
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.urls import reverse

from ndrc.web.accounts.roles import Role
from ndrc.web.audit.models import AuditEntry
from ndrc.web.jobs.models import Job, JobState
from ndrc.web.jobs.services import job_run
from ndrc.web.jobs.tasks import job_execute
from ndrc.web.jobs.work import JobError, Progress, job_process
from tests.factories import AcademyFactory, UserFactory

PASSWORD = "pw-for-tests-123"
SEEN: list[tuple[str, int, int, str]] = []


# Work functions: module level, as django-tasks and job_run require.
def count_work(*, params, actor, progress):
    for step in range(params["steps"]):
        progress(step, params["steps"], f"Étape {step + 1}")
        row = Job.objects.order_by("-pk").first()
        SEEN.append((row.state, row.done, row.total, row.message))
    return {"message": f"Compté jusqu'à {params['steps']}.", "url": "/", "who": str(actor)}


def refused_work(*, params, actor, progress):
    progress(1, 4, "Lecture")
    raise JobError("Fichier refusé : 2 erreurs.", details=["Ligne 2 : a", "Ligne 3 : b"])


def transactional_work(*, params, actor, progress):
    with transaction.atomic():
        progress(1, 2, "Dans la transaction")
        other = connections.create_connection(DEFAULT_DB_ALIAS)
        try:
            with other.cursor() as cursor:
                cursor.execute("SELECT state, done, total, message FROM jobs_job")
                SEEN.append(cursor.fetchone())
        finally:
            other.close()
    return {"message": "Fini."}


def broken_work(*, params, actor, progress):
    raise ZeroDivisionError("division by zero")


@pytest.fixture(autouse=True)
def _every_progress_written(monkeypatch):
    monkeypatch.setattr(Progress, "min_interval", 0)
    SEEN.clear()


@pytest.fixture
def office(db):
    return UserFactory(role=Role.EXAM_OFFICE, academy=AcademyFactory(code="A01"))


def _client(client, user):
    client.login(username=user.username, password=PASSWORD)
    return client


def test_a_job_goes_from_queued_to_running_to_done_with_its_progress(office):
    job = job_run(kind="count", task=count_work, params={"steps": 3}, actor=office, label="Compter")
    # The immediate backend (the default) ran the work inside job_run.
    assert job.state == JobState.DONE
    assert (job.done, job.total, job.percent) == (3, 3, 100)
    assert job.message == "Compté jusqu'à 3."
    assert job.result["url"] == "/" and job.result_url == "/"
    assert job.result["who"] == str(office)
    assert job.created_by == office and job.academy == office.academy
    assert job.task == "tests.web.jobs.test_jobs.count_work" and job.task_id
    assert job.started_at and job.finished_at and job.started_at <= job.finished_at
    # While it ran, the job was running and its progress was written as it went.
    assert SEEN == [
        ("running", 0, 3, "Étape 1"),
        ("running", 1, 3, "Étape 2"),
        ("running", 2, 3, "Étape 3"),
    ]
    audit = AuditEntry.objects.get(action="job_run")
    assert audit.actor == office and audit.after["kind"] == "count"


def test_with_a_worker_backend_the_job_waits_in_the_queue(
    office, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        job = job_run(kind="count", task=count_work, params={"steps": 2}, actor=office)
    assert len(callbacks) == 1  # enqueued once the transaction commits
    job.refresh_from_db()
    assert job.state == JobState.QUEUED and job.task_id and job.percent == 0
    # The worker runs the task.
    job_execute.call(job.pk)
    job.refresh_from_db()
    assert job.state == JobState.DONE and (job.done, job.total) == (2, 2)
    # A task delivered twice does not run the work twice.
    SEEN.clear()
    job_process(job_id=job.pk)
    assert SEEN == []


@pytest.mark.django_db(transaction=True)
def test_progress_made_inside_the_works_transaction_is_seen_before_the_commit():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only: on SQLite the progress is seen at the commit")
    office = UserFactory(role=Role.EXAM_OFFICE, academy=AcademyFactory(code="A01"))
    job = job_run(kind="tx", task=transactional_work, params={}, actor=office)
    assert SEEN == [("running", 1, 2, "Dans la transaction")]
    assert job.state == JobState.DONE and job.message == "Fini."


def test_an_expected_failure_is_captured_with_its_french_message(office):
    job = job_run(kind="refused", task=refused_work, params={}, actor=office)
    assert job.state == JobState.FAILED
    assert job.message == "Fichier refusé : 2 erreurs."
    assert job.details == ["Ligne 2 : a", "Ligne 3 : b"]
    assert (job.done, job.total) == (1, 4) and job.finished_at
    assert job.result_url == ""


def test_an_unexpected_error_fails_the_job_and_does_not_escape(office):
    job = job_run(
        kind="broken", task="tests.web.jobs.test_jobs.broken_work", params={}, actor=office
    )
    assert job.state == JobState.FAILED
    assert job.message == "La tâche a échoué : division by zero"
    assert job.details == ["ZeroDivisionError : division by zero"]


def test_a_work_function_must_be_at_module_level(office):
    def local(*, params, actor, progress):
        return None

    with pytest.raises(ValueError, match="module-level"):
        job_run(kind="local", task=local, params={}, actor=office)
    with pytest.raises(ImportError):
        job_run(kind="missing", task="tests.web.jobs.test_jobs.nowhere", params={}, actor=office)
    assert not Job.objects.exists()


def test_the_page_of_a_finished_job_shows_100_percent_and_the_result(client, office):
    job = job_run(kind="count", task=count_work, params={"steps": 3}, actor=office, label="Compter")
    html = _client(client, office).get(reverse("job_detail", args=[job.pk])).content.decode()
    assert "<h1>Compter</h1>" in html
    assert 'value="100"' in html and 'aria-valuenow="100"' in html and "100 %" in html
    assert "Compté jusqu&#x27;à 3." in html
    assert 'id="job-result-link" href="/"' in html
    assert "setTimeout(poll" not in html  # nothing left to poll


def test_the_page_of_a_queued_job_polls_its_state(client, office, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    job = job_run(kind="count", task=count_work, params={"steps": 3}, actor=office)
    _client(client, office)
    html = client.get(reverse("job_detail", args=[job.pk])).content.decode()
    assert f'data-state-url="{reverse("job_state", args=[job.pk])}"' in html
    assert 'value="0"' in html and "setTimeout(poll, 1000)" in html
    state = client.get(reverse("job_state", args=[job.pk])).json()
    assert state == {
        "state": "queued",
        "state_label": "en attente",
        "done": 0,
        "total": 0,
        "percent": 0,
        "message": "",
        "result_url": "",
        "finished": False,
    }
    job_execute.call(job.pk)
    state = client.get(reverse("job_state", args=[job.pk])).json()
    assert state["state"] == "done" and state["percent"] == 100 and state["result_url"] == "/"
    assert state["finished"] is True


def test_the_exam_office_of_the_academy_follows_a_colleagues_job(client, office):
    job = job_run(kind="count", task=count_work, params={"steps": 1}, actor=office)
    colleague = UserFactory(role=Role.EXAM_OFFICE, academy=office.academy)
    _client(client, colleague)
    assert client.get(reverse("job_detail", args=[job.pk])).status_code == 200
    assert client.get(reverse("job_state", args=[job.pk])).status_code == 200


def test_another_academy_does_not_see_the_job(client, office):
    job = job_run(kind="count", task=count_work, params={"steps": 1}, actor=office)
    stranger = UserFactory(role=Role.EXAM_OFFICE, academy=AcademyFactory(code="B02"))
    _client(client, stranger)
    assert client.get(reverse("job_detail", args=[job.pk])).status_code == 404
    assert client.get(reverse("job_state", args=[job.pk])).status_code == 404
    assert client.get(reverse("job_detail", args=[job.pk + 1000])).status_code == 404


@pytest.mark.parametrize("role", [Role.TRAINING_CENTRE, Role.EXAMINER, Role.CANDIDATE])
def test_other_roles_are_refused(client, office, role):
    job = job_run(kind="count", task=count_work, params={"steps": 1}, actor=office)
    _client(client, UserFactory(role=role, academy=office.academy))
    assert client.get(reverse("job_detail", args=[job.pk])).status_code == 403
    assert client.get(reverse("job_state", args=[job.pk])).status_code == 403


def test_a_jury_member_follows_only_his_own_jobs(client, office):
    job = job_run(kind="count", task=count_work, params={"steps": 1}, actor=office)
    member = UserFactory(role=Role.JURY, academy=office.academy)
    _client(client, member)
    assert client.get(reverse("job_detail", args=[job.pk])).status_code == 404
    own = job_run(kind="count", task=count_work, params={"steps": 1}, actor=member)
    assert client.get(reverse("job_detail", args=[own.pk])).status_code == 200


def test_an_anonymous_visitor_is_sent_to_the_login(client, office):
    job = job_run(kind="count", task=count_work, params={"steps": 1}, actor=office)
    for name in ("job_detail", "job_state"):
        response = client.get(reverse(name, args=[job.pk]))
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


@pytest.mark.django_db(transaction=True)
def test_with_the_database_backend_a_worker_runs_the_job(settings):
    """Production: the job is queued in the database and a separate worker (``ndrc web
    db_worker``) runs it; the page shows it queued until then. (django-tasks resets its
    backends when the TASKS setting changes.)"""
    from django.core.management import call_command

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    office = UserFactory(role=Role.EXAM_OFFICE, academy=AcademyFactory(code="A01"))
    job = job_run(kind="count", task=count_work, params={"steps": 3}, actor=office)
    job.refresh_from_db()
    assert job.state == JobState.QUEUED
    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0")
    job.refresh_from_db()
    assert job.state == JobState.DONE and job.result["message"] == "Compté jusqu'à 3."
