"""The Django admin writes nothing that decides a result: every model of the candidate's file,
the sessions, establishments, grading, imports, background jobs and the journal is read-only
there (those change through the audited services, where the deliberation's lock applies);
user accounts, académies and exam centres stay editable."""

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from ndrc.rules.candidate_category import EstablishmentStatus, Habilitation
from ndrc.web.audit.models import AuditEntry
from ndrc.web.candidates.grade_services import GradeWrite, grade_set
from ndrc.web.deliberations import closing
from tests.factories import CandidateFactory, UserFactory

PASSWORD = "pw-for-tests-123"
# The models the admin may write: none of them decides a result.
EDITABLE = {
    "accounts.user",
    "exam_sessions.academy",
    "exam_sessions.examcentre",
    "site.sitesettings",  # the legal notice and DPO details: nothing that decides a result
}


@pytest.fixture
def root(db):
    return UserFactory(role="", is_superuser=True, is_staff=True, username="root")


def test_every_admin_of_what_decides_a_result_is_read_only(root):
    request = RequestFactory().get("/admin/")
    request.user = root
    registered = admin.site._registry
    labels = {f"{m._meta.app_label}.{m._meta.model_name}" for m in registered}
    assert labels >= EDITABLE
    assert {
        "exam_sessions.establishment",
        "candidates.grade",
        "imports.importfile",
        "jobs.job",
    } <= labels
    for model, model_admin in registered.items():
        label = f"{model._meta.app_label}.{model._meta.model_name}"
        if label in EDITABLE or not model.__module__.startswith("ndrc.web."):
            continue  # the site's own configuration (DSFR), Django's groups
        assert not model_admin.has_add_permission(request), label
        assert not model_admin.has_change_permission(request), label
        assert not model_admin.has_delete_permission(request), label


def test_changing_an_establishment_in_the_admin_is_refused_and_changes_nothing(
    client, root, jury, office
):
    """The status of an establishment decides the form of E4 of its candidates (the column of
    the règlement): a closed jury's candidate would change form without an audit entry."""
    candidate = jury.assignments.first().candidate
    closing.deliberation_close(jury=jury, actor=office)
    establishment = candidate.establishment
    entries = AuditEntry.objects.count()
    client.login(username=root.username, password=PASSWORD)
    url = reverse("admin:exam_sessions_establishment_change", args=[establishment.pk])
    response = client.post(
        url,
        {
            "uai": establishment.uai,
            "name": establishment.name,
            "academy": establishment.academy_id,
            "status": EstablishmentStatus.PRIVATE_OUTSIDE_CONTRACT.value,
            "habilitation": Habilitation.NONE.value,
            "city": "",
        },
    )
    assert response.status_code == 403
    establishment.refresh_from_db()
    assert establishment.status == EstablishmentStatus.PUBLIC
    assert establishment.habilitation == Habilitation.CCF
    assert AuditEntry.objects.count() == entries
    page = client.get(url)
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    add = client.post(reverse("admin:exam_sessions_establishment_add"), {"uai": "0999999X"})
    assert add.status_code == 403


def test_an_import_file_is_not_changed_in_the_admin(client, root):
    client.login(username=root.username, password=PASSWORD)
    response = client.get(reverse("admin:imports_importfile_add"))
    assert response.status_code == 403


def test_a_grade_is_not_changed_in_the_admin(client, root, session):
    candidate = CandidateFactory(session=session)
    grade = grade_set(candidate=candidate, write=GradeWrite("E1", "absent"), actor=None)
    client.login(username=root.username, password=PASSWORD)
    url = reverse("admin:candidates_grade_change", args=[grade.pk])
    client.post(url, {"exam": "E1", "state": "grade", "value": "15", "version": 1})
    grade.refresh_from_db()
    assert grade.state == "absent" and grade.value is None
