"""The jury's composition (CE D643-31) on the jury's page: the exam office records and removes
members with their quality (one audit entry each, refused once closed); an account recorded
gets access to the jury; a jury that does not meet the rule cannot close, the reasons shown;
the PV names the president and each member's quality."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from ndrc.web.accounts.roles import Role
from ndrc.web.audit.models import AuditEntry
from ndrc.web.deliberations import closing
from ndrc.web.deliberations.jury_member_services import (
    jury_member_add,
    jury_member_remove,
    jury_member_update,
)
from ndrc.web.deliberations.minutes import minutes_data
from ndrc.web.deliberations.models import Jury, JuryMember
from ndrc.web.deliberations.selectors import jury_review
from ndrc.web.documents.models import IssuedDocument
from tests.factories import UserFactory
from tests.web.documents.pdfs import pdf_text

pytestmark = pytest.mark.django_db

REGULAR = (
    ("Claire Martin", "enseignant_chercheur", True),
    ("Paul Durand", "professeur_public", False),
    ("Emma Roux", "employeur", False),
    ("Sam Petit", "salarie", False),
)


def _compose(jury, office, rows=REGULAR):
    for name, quality, president in rows:
        jury_member_add(jury=jury, name=name, quality=quality, president=president, actor=office)


def test_a_jury_without_composition_cannot_close(composition_checked, jury, office):
    review = jury_review(jury)
    assert not review.can_close
    assert review.session_problems[0] == (
        "Composition du jury : Aucun membre du jury n'est enregistré : sa composition ne peut "
        "être vérifiée (CE D643-31)."
    )
    with pytest.raises(closing.DeliberationBlocked) as refused:
        closing.deliberation_close(jury=jury, actor=office)
    assert any("CE D643-31" in p for p in refused.value.problems)
    assert Jury.objects.get(pk=jury.pk).state == Jury.OPEN


def test_the_page_shows_the_reasons_and_refuses_the_close(
    composition_checked, client, jury, office
):
    _compose(jury, office, REGULAR[:3])  # two teachers for one professional
    client.force_login(office)
    page = client.get(reverse("jury_detail", args=[jury.pk])).content.decode()
    assert 'id="composition-problems"' in page
    reason = (
        "Le jury doit compter autant d&#x27;enseignants que de membres de la profession : "
        "2 enseignant(s) pour 1 professionnel(s) (CE D643-31)."
    )
    assert reason in page
    assert 'id="close-button" disabled' in page
    page = client.post(
        reverse("jury_close", args=[jury.pk]), {"confirmed": "1"}, follow=True
    ).content.decode()
    assert "CE D643-31" in page
    assert Jury.objects.get(pk=jury.pk).state == Jury.OPEN


def test_a_regular_jury_closes(composition_checked, client, jury, office):
    _compose(jury, office)
    client.force_login(office)
    page = client.get(reverse("jury_detail", args=[jury.pk])).content.decode()
    assert 'id="composition-ok"' in page and "Claire Martin" in page
    client.post(reverse("jury_close", args=[jury.pk]), {"confirmed": "1"})
    assert Jury.objects.get(pk=jury.pk).state == Jury.CLOSED
    with pytest.raises(ValidationError):
        jury_member_add(jury=jury, name="Tard", quality="salarie", president=False, actor=office)
    data = minutes_data(jury, 1)
    assert data.president == (
        "Claire Martin, enseignant-chercheur (professeur des universités, maître de conférences)"
    )
    assert "Emma Roux, membre de la profession : employeur" in data.members
    pv = IssuedDocument.objects.get(kind="pv-deliberation")
    text = " ".join(pdf_text(bytes(pv.content)).split())
    assert "Président(e) du jury : Claire Martin, enseignant-chercheur" in text
    assert "Paul Durand, professeur de l'enseignement public" in text


def test_recording_and_removing_members_is_audited(client, jury, office):
    client.force_login(office)
    account = UserFactory(role=Role.JURY, academy=office.academy, username="assesseur")
    response = client.post(
        reverse("jury_member_new", args=[jury.pk]),
        {"name": "", "quality": "salarie", "user": str(account.pk)},
    )
    assert response.status_code == 302
    member = JuryMember.objects.get(jury=jury)
    assert (member.name, member.quality, member.president) == ("assesseur", "salarie", False)
    assert jury.members.filter(pk=account.pk).exists()
    entry = AuditEntry.objects.get(action="jury_member_add")
    assert entry.actor == office and entry.after["quality"] == "salarie"
    client.post(reverse("jury_member_delete", args=[jury.pk, member.pk]))
    assert not JuryMember.objects.filter(jury=jury).exists()
    assert not jury.members.filter(pk=account.pk).exists()
    assert AuditEntry.objects.get(action="jury_member_remove").before["name"] == "assesseur"


def test_bad_inputs_are_refused_in_french(client, jury, office):
    client.force_login(office)
    url = reverse("jury_member_new", args=[jury.pk])
    page = client.post(url, {"name": "X", "quality": "astronaute"}, follow=True).content.decode()
    assert "Choisissez la qualité du membre dans la liste." in page
    other = UserFactory(role=Role.EXAMINER, academy=office.academy)
    page = client.post(url, {"name": "X", "quality": "salarie", "user": str(other.pk)}, follow=True)
    assert "Compte inconnu : choisissez-le dans la liste." in page.content.decode()
    page = client.post(url, {"name": "X", "quality": "salarie", "user": "abc"}, follow=True)
    assert page.status_code == 200
    _compose(jury, office, REGULAR[:1])
    with pytest.raises(ValidationError) as refused:
        jury_member_add(jury=jury, name="Y", quality="ia_ipr", president=True, actor=office)
    assert "Le jury a déjà un président" in refused.value.messages[0]
    assert JuryMember.objects.filter(jury=jury).count() == 1


def test_only_the_exam_office_records_members(client, jury, office):
    member = jury.members.get()
    client.force_login(member)
    url = reverse("jury_member_new", args=[jury.pk])
    assert client.post(url, {"name": "X", "quality": "salarie"}).status_code == 403
    page = client.get(reverse("jury_detail", args=[jury.pk])).content.decode()
    assert 'id="composition"' in page and 'id="member-form"' not in page
    row = jury_member_add(jury=jury, name="Z", quality="salarie", president=False, actor=office)
    url = reverse("jury_member_delete", args=[jury.pk, row.pk])
    assert client.post(url).status_code == 403
    assert JuryMember.objects.filter(pk=row.pk).exists()
    jury_member_remove(member=row, actor=office)


def test_a_member_is_corrected_while_the_jury_is_open(client, jury, office):
    member = jury_member_add(
        jury=jury, name="Paul Durand", quality="professeur_prive", president=False, actor=office
    )
    jury_member_update(
        member=member,
        name="Paul Durand",
        quality="professeur_public",
        president=False,
        actor=office,
    )
    member.refresh_from_db()
    assert member.quality == "professeur_public"
    entry = AuditEntry.objects.get(action="jury_member_update")
    assert (entry.before, entry.after) == (
        {"quality": "professeur_prive"},
        {"quality": "professeur_public"},
    )
    # The same values again: nothing corrected, nothing journaled.
    jury_member_update(
        member=member,
        name="Paul Durand",
        quality="professeur_public",
        president=False,
        actor=office,
    )
    assert AuditEntry.objects.filter(action="jury_member_update").count() == 1
    client.force_login(office)
    page = client.get(reverse("jury_detail", args=[jury.pk])).content.decode()
    assert "membre du jury modifié (composition)" in page  # the jury's history
    url = reverse("jury_member_edit", args=[jury.pk, member.pk])
    client.post(url, {"name": "Paul Durand", "quality": "salarie"})
    member.refresh_from_db()
    assert member.quality == "salarie" and not member.president
    page = client.post(url, {"quality": "astronaute"}, follow=True).content.decode()
    assert "Choisissez la qualité du membre dans la liste." in page
    member.refresh_from_db()
    assert member.quality == "salarie"


def test_once_a_composition_is_recorded_only_its_members_accounts_open_the_jury(
    client, jury, office
):
    """D141: the account chosen at the jury's creation opens it until a member is recorded;
    then only the recorded members' accounts do, and the journal names the access removed."""
    creator_choice = jury.members.get()
    client.force_login(office)
    page = client.get(reverse("jury_detail", args=[jury.pk])).content.decode()
    assert "Ce sont les comptes choisis à la création du jury" in page
    client.force_login(creator_choice)
    assert client.get(reverse("jury_detail", args=[jury.pk])).status_code == 200
    account = UserFactory(
        role=Role.JURY,
        academy=office.academy,
        username="assesseur",
        first_name="Ana",
        last_name="Lopez",
    )
    jury_member_add(
        jury=jury,
        name="Ana Lopez",
        quality="salarie",
        president=False,
        user=account,
        actor=office,
    )
    assert list(jury.members.all()) == [account]
    entry = AuditEntry.objects.get(action="jury_member_add")
    assert entry.after["access_removed"] == [creator_choice.username]
    assert client.get(reverse("jury_detail", args=[jury.pk])).status_code == 404
    client.force_login(account)
    assert client.get(reverse("jury_detail", args=[jury.pk])).status_code == 200
    client.force_login(office)
    page = client.get(reverse("jury_detail", args=[jury.pk])).content.decode()
    assert "Comptes qui ouvrent la délibération : Ana Lopez." in page
    assert "Ce sont les comptes des membres enregistrés ci-dessus." in page
    # A member without an account recorded: the accounts stay the members'.
    jury_member_add(
        jury=jury, name="Paul Durand", quality="professeur_public", president=True, actor=office
    )
    assert list(jury.members.all()) == [account]
    jury_member_remove(member=JuryMember.objects.get(user=account), actor=office)
    assert not jury.members.exists()
    page = client.get(reverse("jury_detail", args=[jury.pk])).content.decode()
    assert "Aucun compte n'ouvre la délibération." in page
