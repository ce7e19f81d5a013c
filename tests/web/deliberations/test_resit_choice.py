"""The candidate's choice of the units of the épreuves de contrôle (CE D643-15: two orals, at
the candidate's choice among U1, U2, U3 for the NDRC; DEC D100): exactly two, for a candidate
a closed deliberation found eligible, not after renouncing them, changed with a reason until
the jury closes the next round; recorded by the exam office and by the candidate."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from ndrc.web.accounts.roles import Role
from ndrc.web.audit.models import AuditEntry
from ndrc.web.candidates.grade_services import GradeWrite, grade_set
from ndrc.web.candidates.models import Candidate, Grade
from ndrc.web.deliberations import closing, resits
from ndrc.web.deliberations.models import ResitChoice
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "pw-for-tests-123"


def _eligible(jury, office):
    """The jury's first candidate, with 6 in E1–E3 (average between 8 and 10, professional
    units at 12), and the second (8 everywhere: professional average below 10)."""
    candidate, other = Candidate.objects.filter(jury_assignment__jury=jury).order_by("pk")
    for exam in ("E1", "E2", "E3"):
        grade = Grade.objects.get(candidate=candidate, exam=exam)
        grade_set(
            candidate=candidate,
            write=GradeWrite(exam, "grade", Decimal(6)),
            actor=office,
            expected_version=grade.version,
        )
    return candidate, other


def test_the_choice_needs_a_closed_deliberation_that_found_the_candidate_eligible(jury, office):
    candidate, other = _eligible(jury, office)
    with pytest.raises(ValidationError, match="n'a pas été déclaré\\(e\\) admissible"):
        resits.resit_choice_set(candidate=candidate, units=["U1", "U2"], actor=office)
    closing.deliberation_close(jury=jury, actor=office)
    with pytest.raises(ValidationError, match="n'a pas été déclaré\\(e\\) admissible"):
        resits.resit_choice_set(candidate=other, units=["U1", "U2"], actor=office)
    assert not ResitChoice.objects.exists()


def test_exactly_two_different_eligible_units_are_chosen_and_audited(jury, office):
    candidate, _ = _eligible(jury, office)
    closing.deliberation_close(jury=jury, actor=office)
    with pytest.raises(ValidationError, match=r"Choisissez exactement 2 unités \(1 choisie"):
        resits.resit_choice_set(candidate=candidate, units=["U1"], actor=office)
    with pytest.raises(ValidationError, match=r"Choisissez exactement 2 unités \(3 choisie"):
        resits.resit_choice_set(candidate=candidate, units=["U1", "U2", "U3"], actor=office)
    with pytest.raises(ValidationError, match="Choisissez des unités différentes"):
        resits.resit_choice_set(candidate=candidate, units=["U1", "u1"], actor=office)
    with pytest.raises(ValidationError, match=r"Unité U4 : pas d'épreuve de contrôle possible"):
        resits.resit_choice_set(candidate=candidate, units=["U1", "U4"], actor=office)
    choice = resits.resit_choice_set(candidate=candidate, units=[" u3", "U1"], actor=office)
    assert choice.units == ["U1", "U3"] and choice.chosen_by == office
    entry = AuditEntry.objects.get(action="resit_choice_set")
    assert entry.after == {"units": ["U1", "U3"]}
    # A change needs its reason, and the audit keeps the earlier choice.
    with pytest.raises(ValidationError, match="motif du changement"):
        resits.resit_choice_set(candidate=candidate, units=["U1", "U2"], actor=office)
    resits.resit_choice_set(
        candidate=candidate, units=["U1", "U2"], reason="Erreur de saisie", actor=office
    )
    change = AuditEntry.objects.filter(action="resit_choice_set").order_by("-pk").first()
    assert change.before == {"units": ["U1", "U3"]} and change.reason == "Erreur de saisie"
    assert resits.resit_choices(session=candidate.session, academy=candidate.academy) == {
        candidate.pk: ["U1", "U2"]
    }


def test_no_choice_after_renouncing_nor_once_the_jury_closed_the_next_round(jury, office):
    candidate, _ = _eligible(jury, office)
    closing.deliberation_close(jury=jury, actor=office)
    resits.resit_choice_set(candidate=candidate, units=["U1", "U2"], actor=office)
    closing.deliberation_reopen(jury=jury, reason="Épreuves de contrôle", actor=office)
    resits.resit_declined_set(candidate=candidate, declined=True, reason="Écrit", actor=office)
    with pytest.raises(ValidationError, match="a renoncé aux épreuves de contrôle"):
        resits.resit_choice_set(candidate=candidate, units=["U2", "U3"], reason="x", actor=office)
    # Who renounced is not scheduled.
    assert resits.resit_choices(session=candidate.session, academy=candidate.academy) == {}
    resits.resit_declined_set(candidate=candidate, declined=False, reason="Erreur", actor=office)
    # While the second round is open the choice may still change.
    resits.resit_choice_set(candidate=candidate, units=["U2", "U3"], reason="x", actor=office)
    closing.deliberation_close(jury=jury, actor=office)
    with pytest.raises(ValidationError, match="ne peut plus changer"):
        resits.resit_choice_set(candidate=candidate, units=["U1", "U3"], reason="x", actor=office)
    assert ResitChoice.objects.get(candidate=candidate).units == ["U2", "U3"]


def test_the_exam_office_records_the_choice_on_the_deliberation_page(client, jury, office):
    candidate, _ = _eligible(jury, office)
    closing.deliberation_close(jury=jury, actor=office)
    client.login(username=office.username, password=PASSWORD)
    url = reverse("deliberation_detail", args=[candidate.pk])
    page = client.get(url).content.decode()
    assert 'id="resit-choice-form"' in page
    assert 'name="units" value="U1"' in page and 'value="U4"' not in page
    post = reverse("resit_choice_new", args=[candidate.pk])
    refused = client.post(post, {"units": ["U1", "<b>"]})
    assert refused.status_code == 200
    assert "Unité &lt;B&gt; : pas d&#x27;épreuve de contrôle possible" in refused.content.decode()
    assert client.post(post, {"units": ["U1", "U3"]}).status_code == 302
    assert ResitChoice.objects.get(candidate=candidate).units == ["U1", "U3"]
    assert 'id="resit-choice"' in client.get(url).content.decode()
    # A jury member sees the deliberation but does not record the choice.
    client.login(username="president", password=PASSWORD)
    assert client.post(post, {"units": ["U1", "U2"]}).status_code == 403


def test_the_candidate_chooses_in_my_results_once_the_result_is_published(client, jury, office):
    candidate, _ = _eligible(jury, office)
    account = UserFactory(role=Role.CANDIDATE)
    Candidate.objects.filter(pk=candidate.pk).update(user=account)
    client.login(username=account.username, password=PASSWORD)
    # Nothing published yet: nothing to choose.
    assert client.post(reverse("my_resit_choice"), {"units": ["U1", "U2"]}).status_code == 404
    closing.deliberation_close(jury=jury, actor=office)
    closing.results_publish(jury=jury, actor=office)
    page = client.get(reverse("my_result")).content.decode()
    assert 'id="my-resit-choice-form"' in page
    wrong = client.post(reverse("my_resit_choice"), {"units": ["U1"]}, follow=True)
    assert "Choisissez exactement 2 unités (1 choisie(s))." in wrong.content.decode()
    assert not ResitChoice.objects.exists()
    done = client.post(reverse("my_resit_choice"), {"units": ["U1", "U2"]}, follow=True)
    assert "Votre choix des épreuves de contrôle est enregistré." in done.content.decode()
    choice = ResitChoice.objects.get(candidate=candidate)
    assert choice.units == ["U1", "U2"] and choice.chosen_by == account
    assert 'id="my-resit-choice"' in done.content.decode()


def test_before_2025_there_is_no_resit_oral_to_choose(jury, office):
    candidate, _ = _eligible(jury, office)
    closing.deliberation_close(jury=jury, actor=office)
    candidate.session.year = 2024
    with pytest.raises(ValidationError, match="Pas d'épreuve de contrôle pour la session 2024"):
        resits.resit_choice_set(candidate=candidate, units=["U1", "U2"], actor=office)
