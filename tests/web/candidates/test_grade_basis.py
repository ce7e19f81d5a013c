"""A grade « dispensé », « VAE » or « bénéfice » comes from the candidate's file (annexe II b,
CE D643-13, D643-15, D643-18): the grade services refuse one the file does not ground, and
let only the exam office set one (system writes are checked against the file too)."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from ndrc.rules.candidate_category import Route
from ndrc.web.accounts.roles import Role
from ndrc.web.audit.models import AuditEntry
from ndrc.web.candidates.grade_services import (
    GradeForbidden,
    GradeWrite,
    grade_set,
    grades_import,
)
from ndrc.web.candidates.models import Grade
from tests.factories import CandidateFactory, UserFactory

pytestmark = pytest.mark.django_db
VAE_E4 = GradeWrite("E4", "vae")
VAE_REFUSED = (
    "VAE refusée pour E4 : le dossier du candidat ne mentionne pas l'unité U4 validée par la VAE."
)


def _refusal(write, candidate, actor):
    with pytest.raises(ValidationError) as refused:
        grade_set(candidate=candidate, write=write, actor=actor)
    return " ".join(refused.value.messages)


@pytest.mark.parametrize("actor", ["office", None])
def test_a_vae_grade_without_the_unit_in_the_file_is_refused(actor):
    candidate = CandidateFactory()
    user = UserFactory(role=Role.EXAM_OFFICE) if actor else None
    assert _refusal(VAE_E4, candidate, user) == VAE_REFUSED
    assert not Grade.objects.exists() and not AuditEntry.objects.filter(action="grade_set")
    candidate.vae_units = ["U4"]
    candidate.save()
    assert grade_set(candidate=candidate, write=VAE_E4, actor=user).state == "vae"


@pytest.mark.parametrize(
    ("write", "expected"),
    [
        (
            GradeWrite("E4", "carried_over", Decimal(20), carried_session=2099),
            "Bénéfice refusé pour E4 : une note conservée vient d'une session antérieure à la "
            "session 2025 (session d'obtention indiquée : 2099).",
        ),
        (
            GradeWrite("E4", "carried_over", Decimal(12), carried_session=1),
            "Bénéfice refusé pour E4 : la session 1 précède la première session du BTS NDRC",
        ),
        (
            GradeWrite("E4", "carried_over", Decimal(12), carried_session=2019),
            "Bénéfice refusé pour E4 : la session 2019 précède la première session",
        ),
        (
            GradeWrite("E1", "exempted"),
            "Dispense refusée pour E1 : le dossier du candidat ne mentionne pas de dispense de "
            "l'unité U1",
        ),
    ],
)
def test_a_kept_grade_or_an_exemption_the_file_does_not_ground_is_refused(write, expected):
    assert _refusal(write, CandidateFactory(), UserFactory(role=Role.EXAM_OFFICE)).startswith(
        expected
    )
    assert not Grade.objects.exists()


def test_an_exemption_needs_the_proof_of_its_diploma():
    diploma = {"kind": "bts_other_specialty", "title": "BTS MCO"}
    candidate = CandidateFactory(
        route=Route.CONTINUING_EDUCATION, diplomas=[diploma], exemption_requests=["U1"]
    )
    office = UserFactory(role=Role.EXAM_OFFICE)
    assert _refusal(GradeWrite("E1", "exempted"), candidate, office) == (
        "Dispense refusée pour E1 : le dossier du candidat ne mentionne pas le justificatif du "
        "diplôme qui fonde la dispense de l'unité U1."
    )
    candidate.diplomas = [{**diploma, "proof": "copie du diplôme"}]
    candidate.save()
    grade = grade_set(candidate=candidate, write=GradeWrite("E1", "exempted"), actor=office)
    assert grade.state == "exempted"


@pytest.mark.parametrize("role", [Role.TRAINING_CENTRE, Role.EXAMINER])
def test_only_the_exam_office_sets_or_changes_a_state_of_the_file(role):
    candidate = CandidateFactory(vae_units=["U4"])
    user = UserFactory(role=role, establishment=candidate.establishment)
    with pytest.raises(GradeForbidden, match="seule la division des examens"):
        grade_set(candidate=candidate, write=VAE_E4, actor=user)
    assert not Grade.objects.exists()
    office = UserFactory(role=Role.EXAM_OFFICE)
    grade = grade_set(candidate=candidate, write=VAE_E4, actor=office)
    # Nor may they turn the exam office's VAE into a grade.
    with pytest.raises(GradeForbidden, match="validé par la VAE"):
        grade_set(
            candidate=candidate,
            write=GradeWrite("E4", "grade", Decimal(14)),
            actor=user,
            expected_version=grade.version,
        )
    assert Grade.objects.get(pk=grade.pk).state == "vae"


def test_a_bulk_write_is_checked_against_each_file_and_writes_nothing_when_refused():
    good, bad = CandidateFactory(vae_units=["U4"]), CandidateFactory()
    with pytest.raises(ValidationError, match=f"{bad.number} : VAE refusée pour E4"):
        grades_import(rows=[(good, VAE_E4), (bad, VAE_E4)], actor=None, reason="Essai")
    assert not Grade.objects.exists()
    centre = UserFactory(role=Role.TRAINING_CENTRE, establishment=good.establishment)
    with pytest.raises(GradeForbidden):
        grades_import(rows=[(good, VAE_E4)], actor=centre, reason="Essai")
    assert grades_import(rows=[(good, VAE_E4)], actor=None, reason="Essai") == 1
