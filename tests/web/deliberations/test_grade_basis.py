"""A stored grade « dispensé », « VAE » or « bénéfice » the candidate's file does not ground
(a file changed since, or a grade stored before the check) blocks the closing of the
deliberation, named with the missing fact (A2018 annexe II b; CE D643-13, D643-15, D643-18)."""

from decimal import Decimal
from html import unescape

import pytest
from django.urls import reverse

from ndrc.web.candidates.grade_services import GradeWrite, grade_set
from ndrc.web.candidates.models import Candidate, Grade
from ndrc.web.deliberations import closing
from ndrc.web.deliberations.models import FrozenResult
from ndrc.web.deliberations.selectors import jury_review

pytestmark = pytest.mark.django_db
PASSWORD = "pw-for-tests-123"
PROOF = {"kind": "bts_other_specialty", "title": "BTS MCO", "proof": "copie du diplôme"}


def _first(jury):
    return Candidate.objects.filter(jury_assignment__jury=jury).order_by("pk").first()


def _store(candidate, write, actor):
    current = Grade.objects.filter(candidate=candidate, exam=write.exam).first()
    grade_set(
        candidate=candidate,
        write=write,
        actor=actor,
        expected_version=None if current is None else current.version,
    )


def _blocked(jury, message):
    with pytest.raises(closing.DeliberationBlocked) as blocked:
        closing.deliberation_close(jury=jury, actor=None)
    assert any(message in problem for problem in blocked.value.problems), blocked.value.problems
    assert not FrozenResult.objects.filter(jury=jury).exists()


def test_a_vae_grade_the_file_no_longer_grounds_blocks_the_closing(client, jury, office):
    candidate = _first(jury)
    Candidate.objects.filter(pk=candidate.pk).update(vae_units=["U4"])
    candidate.refresh_from_db()
    _store(candidate, GradeWrite("E4", "vae"), office)
    assert jury_review(jury).can_close
    Candidate.objects.filter(pk=candidate.pk).update(vae_units=[])
    message = (
        "VAE refusée pour E4 : le dossier du candidat ne mentionne pas l'unité U4 validée par "
        "la VAE."
    )
    review = jury_review(jury)
    assert message in review.blockers[0].problems
    _blocked(jury, message)
    client.login(username=office.username, password=PASSWORD)
    page = unescape(client.get(reverse("jury_detail", args=[jury.pk])).content.decode())
    assert message in page


def test_an_exemption_whose_proof_is_gone_blocks_the_closing(jury, office):
    """The plan still exempts E1 (the engine counts it out of the divisor): only the check of
    the file stops the closing."""
    candidate = _first(jury)
    Candidate.objects.filter(pk=candidate.pk).update(diplomas=[PROOF], exemption_requests=["U1"])
    candidate.refresh_from_db()
    _store(candidate, GradeWrite("E1", "exempted"), office)
    assert jury_review(jury).can_close
    Candidate.objects.filter(pk=candidate.pk).update(
        diplomas=[{k: v for k, v in PROOF.items() if k != "proof"}]
    )
    _blocked(
        jury,
        "Dispense refusée pour E1 : le dossier du candidat ne mentionne pas le justificatif du "
        "diplôme qui fonde la dispense de l'unité U1.",
    )


def test_a_kept_grade_stored_before_the_check_blocks_the_closing(jury):
    candidate = _first(jury)
    Grade.objects.filter(candidate=candidate, exam="E3").update(
        state="carried_over", value=Decimal(20), carried_session=2099
    )
    _blocked(jury, "Bénéfice refusé pour E3 : une note conservée vient d'une session antérieure")
