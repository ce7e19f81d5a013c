"""Who sees which grade (one rule, ``grades_visible_to``, on every page and in the API): the
candidate only the grades of the published result, as frozen; an examiner only the épreuves
entrusted to him or her; a training centre its CCF proposals, not the rectorat's one-off
grades; the exam office and the jury everything."""

from decimal import Decimal

import pytest
from django.urls import reverse

from ndrc.web.accounts.roles import Role
from ndrc.web.candidates.grade_services import GradeWrite, grade_set
from ndrc.web.candidates.models import Candidate, Grade
from ndrc.web.candidates.selectors import grades_visible_to
from ndrc.web.deliberations import closing
from ndrc.web.deliberations.models import Jury
from ndrc.web.grading.services import examiners_assign
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _first(jury):
    return Candidate.objects.filter(jury_assignment__jury=jury).order_by("pk").first()


def _file(client, candidate):
    return client.get(reverse("candidate_plan", args=[candidate.pk])).content.decode()


def _api(client, candidate):
    response = client.get(f"/api/v1/candidates/{candidate.pk}/grades/")
    assert response.status_code == 200
    return {line["exam"]: line for line in response.json()}


def _set(candidate, exam, value, actor, *, ccf=False, reason=""):
    grade_set(
        candidate=candidate,
        write=GradeWrite(exam, "grade", Decimal(value), ccf=ccf),
        actor=actor,
        expected_version=Grade.objects.get(candidate=candidate, exam=exam).version,
        reason=reason,
    )


@pytest.fixture
def proposals(jury, office):
    """The first candidate's E1 one-off grade (11,25) and E4 CCF proposal (14,50)."""
    candidate = _first(jury)
    _set(candidate, "E1", "11.25", office)
    _set(candidate, "E4", "14.5", office, ccf=True)
    return candidate


def test_a_candidate_sees_the_grades_of_the_published_result_only(client, jury, office, proposals):
    candidate = proposals
    account = UserFactory(role=Role.CANDIDATE, username="moi")
    Candidate.objects.filter(pk=candidate.pk).update(user=account)
    client.force_login(account)
    page = _file(client, candidate)
    assert "11,25" not in page and "14,50" not in page and "proposition CCF" not in page
    assert "Vos notes seront visibles ici une fois vos résultats publiés." in page
    assert _api(client, candidate) == {}
    closing.deliberation_close(jury=jury, actor=office)
    assert "11,25" not in _file(client, candidate) and _api(client, candidate) == {}
    closing.results_publish(jury=jury, actor=office)
    page = _file(client, candidate)
    assert "E1 : 11,25" in page and "E4 : 14,50" in page
    grades = _api(client, candidate)
    assert grades["E1"]["value"] == "11.25" and grades["E1"]["version"] is None
    # A re-deliberation changes the live rows: the candidate still sees the published round.
    closing.deliberation_reopen(jury=Jury.objects.get(pk=jury.pk), reason="Recours", actor=office)
    _set(candidate, "E1", "16.75", office, reason="Recours")
    page = _file(client, candidate)
    assert "E1 : 11,25" in page and "16,75" not in page
    assert _api(client, candidate)["E1"]["value"] == "11.25"


def test_an_examiner_sees_only_the_grades_entrusted_to_him(client, jury, office, proposals):
    candidate = proposals
    examiner = UserFactory(role=Role.EXAMINER, academy=office.academy)
    examiners_assign(examiner=examiner, exam="E4", candidates=[candidate], actor=office)
    client.force_login(examiner)
    page = client.get(reverse("grade_entry") + "?epreuve=E1").content.decode()
    # E1 is not entrusted: the page lists no candidate at all, not even by name.
    assert candidate.number not in page and candidate.last_name not in page
    assert "11,25" not in page and "12,00" not in page
    page = client.get(reverse("grade_entry") + "?epreuve=E4").content.decode()
    # Shown, not typed: E4 is graded on a grid (DEC D112).
    assert "14,50" in page and 'value="14,50"' not in page
    shown = grades_visible_to(user=examiner, candidates=Candidate.objects.all())
    assert {(g.candidate_id, g.exam) for g in shown} == {(candidate.pk, "E4")}


def test_a_training_centre_sees_its_ccf_proposals_not_the_one_off_grades(
    client, jury, office, proposals
):
    candidate = proposals
    centre = UserFactory(role=Role.TRAINING_CENTRE, establishment=candidate.establishment)
    client.force_login(centre)
    page = _file(client, candidate)
    assert "E4 : 14,50 (proposition CCF)" in page
    assert "11,25" not in page and "E2 : 12,00" not in page
    assert set(_api(client, candidate)) == {"E4"}
    page = client.get(reverse("grade_entry") + "?epreuve=E1").content.decode()
    assert "Épreuve ponctuelle : saisie par le rectorat" in page and "11,25" not in page
    page = client.get(reverse("grade_entry") + "?epreuve=E4").content.decode()
    assert "14,50" in page  # shown, not typed: E4 is graded on a grid (DEC D112)


def test_the_exam_office_and_the_jury_see_every_grade(client, jury, office, proposals):
    candidate = proposals
    client.force_login(office)
    page = _file(client, candidate)
    assert "E1 : 11,25" in page and "E4 : 14,50 (proposition CCF)" in page
    assert set(_api(client, candidate)) >= {"E1", "E2", "E4"}
    member = jury.members.get()
    assert grades_visible_to(user=member, candidates=[candidate]).count() == 7
