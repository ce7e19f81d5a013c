"""The grade entry page: a « VAE », « DISP » or « BEN » typed in a cell comes from the
candidate's file (CE D643-13, D643-15, D643-18; annexe II b, annexe IV): refused, in French and
on its row, when the file does not ground it or when anyone but the exam office types it."""

from decimal import Decimal
from html import unescape

import pytest
from django.urls import reverse

from ndrc.rules.candidate_category import Route
from ndrc.web.accounts.roles import Role
from ndrc.web.candidates.models import Grade
from tests.factories import AcademyFactory, CandidateFactory, UserFactory

PASSWORD = "pw-for-tests-123"


@pytest.fixture
def office(db):
    return UserFactory(role=Role.EXAM_OFFICE, academy=AcademyFactory(code="A01"))


def _enter(client, user, exam, candidate, typed, group=None):
    client.login(username=user.username, password=PASSWORD)
    url = reverse("grade_entry") + f"?epreuve={exam}"
    if group:
        url += f"&etablissement={group}"
    cells = {
        f"grade-{candidate.pk}": typed,
        f"original-{candidate.pk}": "",
        f"version-{candidate.pk}": "",
    }
    return unescape(client.post(url, cells).content.decode())


def test_a_training_centre_typing_vae_for_e4_is_refused(client, db):
    """The case of the issue: a CCF E4 typed « VAE » by the training centre would have taken E4
    out of the divisor (9,11 → 10,23)."""
    candidate = CandidateFactory()
    centre = UserFactory(role=Role.TRAINING_CENTRE, establishment=candidate.establishment)
    html = _enter(client, centre, "E4", candidate, "VAE")
    # E4 is graded on a grid: nothing is typed for it on this page (DEC D112).
    assert "Saisie impossible : épreuve évaluée sur grille" in html
    assert not Grade.objects.exists()
    # A CCF épreuve typed on this page (E3 of a column 2 candidate): VAE is the file's.
    from ndrc.rules.candidate_category import EstablishmentStatus, Habilitation
    from tests.factories import EstablishmentFactory

    school = EstablishmentFactory(
        status=EstablishmentStatus.PUBLIC, habilitation=Habilitation.FULL_CCF
    )
    column_2 = CandidateFactory(
        route="formation_continue", establishment=school, academy=school.academy
    )
    centre = UserFactory(role=Role.TRAINING_CENTRE, establishment=school)
    html = _enter(client, centre, "E3", column_2, "VAE")
    assert (
        "Saisie refusée pour E3 : l'état « validé par la VAE » vient du dossier du candidat "
        "(dispense, VAE, note conservée) ; seule la division des examens (rectorat) le saisit "
        "ou le modifie."
    ) in html
    assert not Grade.objects.exists()


def test_the_exam_office_typing_vae_without_the_unit_in_the_file_is_refused(client, office):
    candidate = CandidateFactory(academy=office.academy)
    html = _enter(client, office, "E4", candidate, "VAE")
    assert (
        "VAE refusée pour E4 : le dossier du candidat ne mentionne pas l'unité U4 validée par "
        "la VAE."
    ) in html
    assert not Grade.objects.exists()
    candidate.vae_units = ["U4"]
    candidate.save()
    _enter(client, office, "E4", candidate, "VAE")
    assert Grade.objects.get(candidate=candidate, exam="E4").state == "vae"


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("BEN:20:2099", "une note conservée vient d'une session antérieure à la session 2025"),
        ("BEN:12:1", "la session 1 précède la première session du BTS NDRC (2020)"),
        ("BEN:12:2019", "la session 2019 précède la première session du BTS NDRC (2020)"),
        ("DISP", "Dispense refusée pour E1 : le dossier du candidat ne mentionne pas de dispense"),
    ],
)
def test_a_kept_grade_or_an_exemption_the_file_does_not_ground_is_refused(
    client, office, typed, expected
):
    candidate = CandidateFactory(academy=office.academy)
    html = _enter(client, office, "E1", candidate, typed)
    assert expected in html
    assert not Grade.objects.exists()


def test_a_grade_kept_from_an_earlier_session_still_valid_is_entered(client, office):
    candidate = CandidateFactory(academy=office.academy)
    _enter(client, office, "E1", candidate, "BEN:12,5:2022")
    grade = Grade.objects.get(candidate=candidate, exam="E1")
    assert (grade.state, grade.value, grade.carried_session) == (
        "carried_over",
        Decimal("12.5"),
        2022,
    )


def test_the_exam_office_enters_the_grade_of_a_bts_nrc_unit_carried_over(client, office):
    """Annexe IV: the épreuve carried over from the BTS NRC takes its reported grade only."""
    candidate = CandidateFactory(
        academy=office.academy,
        route=Route.PROFESSIONAL_EXPERIENCE,
        establishment=None,
        nrc_units=[{"unit": "U4", "session": 2021}],
    )
    html = _enter(client, office, "E4", candidate, "14", group="none")
    assert "l'unité U4 est reportée du BTS NRC" in html
    assert not Grade.objects.exists()
    _enter(client, office, "E4", candidate, "BEN:14:2021", group="none")
    grade = Grade.objects.get(candidate=candidate, exam="E4")
    assert (grade.state, grade.carried_session) == ("carried_over", 2021)
