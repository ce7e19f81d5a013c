"""The jobs list: the jobs a user may follow, searched, filtered by kind, state and day,
sorted and exported as shown, a bounded number of queries, no server error."""

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse

from ndrc.web.accounts.roles import Role
from ndrc.web.audit.models import AuditEntry
from ndrc.web.jobs.models import Job, JobState
from tests.factories import AcademyFactory, UserFactory
from tests.web.list_pages import queries

pytestmark = pytest.mark.django_db


def jobs(n, *, user, kind="import", state=JobState.DONE, label="Import des candidats"):
    return Job.objects.bulk_create(
        Job(
            kind=kind,
            label=f"{label} {i}",
            task="x.y",
            state=state,
            created_by=user,
            academy_id=user.academy_id,
            done=i,
            total=10,
        )
        for i in range(n)
    )


def found(client, params):
    response = client.get(reverse("job_list"), params)
    assert response.status_code == 200
    html = response.content.decode()
    return html[html.index('<p id="jobs-found">') :].split("</p>")[0]


def test_search_filters_and_sort(client, office):
    jobs(3, user=office)
    jobs(2, user=office, kind="closing", state=JobState.FAILED, label="Clôture du jury Été")
    client.force_login(office)
    assert "5 tâches" in found(client, {})
    assert "2 tâches" in found(client, {"q": "CLOTURE du jury ete"})
    assert "3 tâches" in found(client, {"type": "import"})
    assert "2 tâches" in found(client, {"etat": "failed"})
    assert "0 tâche" in found(client, {"depuis": "2999-01-01"})
    assert "5 tâches" in found(client, {"depuis": dt.date.today().isoformat()})
    html = client.get(reverse("job_list"), {"tri": "label"}).content.decode()
    assert html.index("Clôture du jury Été 0") < html.index("Import des candidats 0")
    for bad in ({"etat": "x"}, {"depuis": "31/02/2026"}, {"type": "<b>"}, {"tri": "task"}):
        assert client.get(reverse("job_list"), bad).status_code == 200
    assert (
        "Saisissez une date valide"
        in client.get(reverse("job_list"), {"depuis": "hier"}).content.decode()
    )


def test_each_user_sees_the_jobs_he_may_follow(client, office):
    jobs(2, user=office)
    other_office = UserFactory(role=Role.EXAM_OFFICE, academy=AcademyFactory(code="B02"))
    jobs(4, user=other_office)
    colleague = UserFactory(role=Role.EXAM_OFFICE, academy=office.academy)
    client.force_login(colleague)
    assert "2 tâches" in found(client, {})
    member = UserFactory(role=Role.JURY, academy=office.academy)
    jobs(1, user=member, kind="closing")
    client.force_login(member)
    assert "1 tâche" in found(client, {"type": "import"})  # an unknown kind is ignored
    client.force_login(UserFactory(role=Role.TRAINING_CENTRE, academy=office.academy))
    assert client.get(reverse("job_list")).status_code == 403


def test_the_export_is_every_job_of_the_filter_and_journaled(client, office, small_pages):
    jobs(7, user=office)
    jobs(2, user=office, kind="closing")
    client.force_login(office)
    response = client.get(
        reverse("job_list"), {"type": "import", "tri": "-progress", "format": "csv"}
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == [
        "label",
        "kind",
        "state",
        "progress",
        "created_by",
        "created_at",
        "finished_at",
    ]
    assert [r[0] for r in rows[1:]] == [f"Import des candidats {i}" for i in range(6, -1, -1)]
    assert rows[1][2] == "terminée" and rows[1][3] == "6 / 10 (100\xa0%)"
    entry = AuditEntry.objects.get(action="list_export")
    assert entry.after == {"format": "csv", "filters": {"type": "import"}, "rows": 7}


def test_the_list_costs_the_same_queries_at_a_few_and_many_jobs(client, office, small_pages):
    jobs(2, user=office)
    client.force_login(office)
    queries(client, reverse("job_list"))
    small, _ = queries(client, reverse("job_list"), {"etat": "done"})
    jobs(30, user=office)
    large, _ = queries(client, reverse("job_list"), {"etat": "done", "page": "4"})
    assert small == large <= 10


def test_the_kind_of_a_job_is_shown_in_french_in_the_list_filter_and_export(client, office):
    jobs(1, user=office, kind="deliberation_close", label="Clôture")
    jobs(1, user=office, kind="proposals_refresh", label="Propositions")
    jobs(1, user=office, kind="mystery", label="Autre")
    client.force_login(office)
    html = client.get(reverse("job_list")).content.decode()
    assert '<option value="deliberation_close">Clôture d&#x27;une délibération</option>' in html
    assert '<option value="mystery">mystery</option>' in html
    table = html[html.index("<table") :]
    assert "Calcul des propositions du jury" in table and "proposals_refresh" not in table
    assert "1 tâche" in found(client, {"type": "proposals_refresh"})
    response = client.get(reverse("job_list"), {"format": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert {r[1] for r in rows[1:]} == {
        "Clôture d'une délibération",
        "Calcul des propositions du jury",
        "mystery",
    }
