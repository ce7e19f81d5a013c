"""The jury's composition through the API (CE D643-31): the exam office records, corrects and
removes members with the services of the jury's page (one journal entry each, refused once
closed, messages in French); a jury member reads it; the accounts that open the deliberation
follow the recorded composition (D141)."""

import pytest
from django.urls import reverse

from ndrc.web.accounts.roles import Role
from ndrc.web.audit.models import AuditEntry
from ndrc.web.deliberations import closing
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "pw-for-tests-123"


def _login(client, user):
    client.login(username=user.username, password=PASSWORD)


def _add(client, jury, **body):
    return client.post(
        reverse("api-jury-member-new", args=[jury.pk]), body, content_type="application/json"
    )


def test_the_exam_office_records_corrects_and_removes_members(client, jury, office):
    creator_choice = jury.members.get()
    UserFactory(
        role=Role.JURY,
        academy=office.academy,
        username="assesseur",
        first_name="Ana",
        last_name="Lopez",
    )
    _login(client, office)
    url = reverse("api-jury-composition", args=[jury.pk])
    empty = client.get(url).json()
    assert empty["members"] == [] and empty["accounts"] == [creator_choice.username]
    assert "Aucun membre du jury n'est enregistré" in empty["problems"][0]
    created = _add(client, jury, quality="salarie", account="assesseur")
    assert created.status_code == 201
    body = created.json()
    assert body["members"] == [
        {
            "id": body["members"][0]["id"],
            "name": "Ana Lopez",
            "quality": "salarie",
            "quality_label": "Membre de la profession : salarié",
            "president": False,
            "account": "assesseur",
        }
    ]
    assert body["accounts"] == ["assesseur"]  # D141: the creation's account no longer opens it
    member = body["members"][0]["id"]
    corrected = client.patch(
        reverse("api-jury-member", args=[jury.pk, member]),
        {"name": "Ana López"},
        content_type="application/json",
    )
    assert corrected.status_code == 200
    assert corrected.json()["members"][0]["name"] == "Ana López"
    assert corrected.json()["members"][0]["quality"] == "salarie"
    removed = client.delete(reverse("api-jury-member", args=[jury.pk, member]))
    assert removed.status_code == 200 and removed.json()["members"] == []
    assert list(
        AuditEntry.objects.filter(action__startswith="jury_member_")
        .order_by("pk")
        .values_list("action", flat=True)
    ) == ["jury_member_add", "jury_member_update", "jury_member_remove"]


def test_bad_writes_are_400_in_french_and_change_nothing(client, jury, office):
    _login(client, office)
    unknown = _add(client, jury, name="X", quality="astronaute")
    assert unknown.status_code == 400
    assert unknown.json()["detail"] == "Choisissez la qualité du membre dans la liste."
    examiner = UserFactory(role=Role.EXAMINER, academy=office.academy)
    wrong = _add(client, jury, name="X", quality="salarie", account=examiner.username)
    assert wrong.status_code == 400 and "Compte inconnu" in wrong.json()["detail"]
    assert _add(client, jury, quality="salarie").status_code == 400  # neither name nor account
    assert _add(client, jury, name="X").status_code == 400  # no quality
    missing = client.delete(reverse("api-jury-member", args=[jury.pk, 999]))
    assert missing.status_code == 404
    assert not AuditEntry.objects.filter(action__startswith="jury_member_").exists()
    assert _add(client, jury, name="Claire Martin", quality="ia_ipr", president=True).status_code
    closing.deliberation_close(jury=jury, actor=office)
    late = _add(client, jury, name="Tard", quality="salarie")
    assert late.status_code == 400 and "close" in late.json()["detail"]


def test_a_jury_member_reads_but_does_not_write(client, jury, office):
    member = jury.members.get()
    _login(client, member)
    assert client.get(reverse("api-jury-composition", args=[jury.pk])).status_code == 200
    assert _add(client, jury, name="X", quality="salarie").status_code == 403
