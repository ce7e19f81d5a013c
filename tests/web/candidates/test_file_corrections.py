"""Correcting a candidate's internships and dossiers: « Corriger » and « Supprimer » from the
file page, with a reason kept in the journal; who may (the training centre until the deposit
deadline, then the exam office; nobody on a file a closed deliberation locks); the dates of a
period checked on every path; every error shown at once with what was typed."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from ndrc.rules.results import deliberate
from ndrc.web.accounts.roles import Role
from ndrc.web.audit.models import AuditEntry
from ndrc.web.candidates.file_services import files_bulk_create, internship_add
from ndrc.web.candidates.grade_services import GradeWrite, grade_set
from ndrc.web.candidates.models import Dossier, Internship
from ndrc.web.candidates.rules_inputs import conformity_reports, result_inputs
from tests.builders import conforming_files
from tests.factories import (
    AcademyFactory,
    CandidateFactory,
    ExamSessionFactory,
    UserFactory,
    academy_dates,
)

pytestmark = pytest.mark.django_db
PASSWORD = "pw-for-tests-123"
D = dt.date
REASON = "Attestation reçue le 20/03/2025 : saisie corrigée"


@pytest.fixture
def candidate():
    session = ExamSessionFactory(
        year=2025, deposit_deadline=D(2025, 3, 14), oral_date=D(2025, 6, 2)
    )
    return CandidateFactory(session=session, academy=AcademyFactory(code="A01"))


@pytest.fixture
def office(candidate):
    return UserFactory(role=Role.EXAM_OFFICE, academy=candidate.academy)


@pytest.fixture
def centre(candidate):
    return UserFactory(role=Role.TRAINING_CENTRE, establishment=candidate.establishment)


def login(client, user):
    client.login(username=user.username, password=PASSWORD)


def before_the_deadline(candidate):
    """The académie's deposit deadline still ahead: the training centre records its file."""
    academy_dates(
        candidate.session,
        candidate.academy,
        deposit_deadline=dt.date.today() + dt.timedelta(days=30),
        oral_date=D(2025, 6, 2),
    )


def admitted_with_a_mistyped_period(candidate):
    """A school candidate admitted with conforming files, then a 5-day period typed without
    its attestation: E4 and E6 become NV, the diploma cannot be delivered."""
    conforming_files(candidate)
    for exam in ("E1", "E2", "E3", "E4", "E5W", "E5P", "E6"):
        grade_set(candidate=candidate, write=GradeWrite(exam, "grade", Decimal(12)), actor=None)
    assert decision(candidate) == "admitted"
    return internship_add(
        candidate=candidate,
        organisation="Volcans Distribution",
        start=D(2024, 10, 7),
        end=D(2024, 10, 11),
    )


def decision(candidate):
    return deliberate(result_inputs([candidate])[0]).decision.value


def outcomes(candidate):
    report = conformity_reports([candidate], as_of=D(2025, 6, 1))[candidate.pk]
    return {o.exam: o.outcome.value for o in report.outcomes}


def test_a_mistyped_period_corrected_by_the_exam_office_gives_back_the_diploma(
    client, candidate, office
):
    period = admitted_with_a_mistyped_period(candidate)
    assert decision(candidate) == "not_deliverable"
    assert outcomes(candidate)["E4"] == outcomes(candidate)["E6"] == "nv"
    login(client, office)
    page = client.get(reverse("candidate_plan", args=[candidate.pk])).content.decode()
    edit = reverse("internship_edit", args=[candidate.pk, period.pk])
    assert f'href="{edit}"' in page and "Corriger" in page
    form = client.get(edit).content.decode()
    assert 'value="2024-10-07"' in form  # an ISO date: the date input shows it
    response = client.post(
        edit,
        {
            "organisation": "Volcans Distribution",
            "start": "2024-10-07",
            "end": "2024-10-11",
            "kind": "internship",
            "attestation": "1",
            "signed": "1",
            "full_time": "1",
            "reason": REASON,
        },
        follow=True,
    )
    assert "Période corrigée" in response.content.decode()
    assert outcomes(candidate)["E4"] == outcomes(candidate)["E6"] == "conform"
    assert decision(candidate) == "admitted"
    entry = AuditEntry.objects.get(candidate=candidate, action="internship_update")
    assert entry.before == {"attestation": False, "signed": False}
    assert entry.after == {"attestation": True, "signed": True}
    assert entry.reason == REASON and entry.actor == office


def test_deleting_the_mistyped_period_is_confirmed_with_what_it_changes(client, candidate, office):
    period = admitted_with_a_mistyped_period(candidate)
    login(client, office)
    url = reverse("internship_delete", args=[candidate.pk, period.pk])
    page = client.get(url).content.decode()
    assert 'id="changes"' in page
    assert "E4 : NV (non valide) → Conforme" in page and "E6 : NV (non valide) → Conforme" in page
    refused = client.post(url, {"reason": "  "}).content.decode()
    assert "Indiquez le motif de la suppression" in refused
    assert Internship.objects.filter(pk=period.pk).exists()
    client.post(url, {"reason": "Période saisie par erreur"})
    assert not Internship.objects.filter(pk=period.pk).exists()
    assert decision(candidate) == "admitted"
    entry = AuditEntry.objects.get(candidate=candidate, action="internship_delete")
    assert entry.before["start"] == "2024-10-07" and entry.reason == "Période saisie par erreur"


def test_the_training_centre_corrects_until_the_deadline_then_the_exam_office(
    client, candidate, centre, office
):
    period = admitted_with_a_mistyped_period(candidate)
    login(client, centre)
    # The deadline (14/03/2025) has passed: the centre is told who corrects now.
    page = client.get(reverse("candidate_plan", args=[candidate.pk])).content.decode()
    assert 'id="correction-refusal"' in page and "14/03/2025" in page
    assert reverse("internship_edit", args=[candidate.pk, period.pk]) not in page
    url = reverse("internship_delete", args=[candidate.pk, period.pk])
    page = client.post(url, {"reason": "erreur"}).content.decode()
    assert 'id="refusal"' in page and "seule la division des examens" in page
    assert Internship.objects.filter(pk=period.pk).exists()
    # Before the deadline, the centre corrects its own candidate's file.
    academy_dates(
        candidate.session,
        candidate.academy,
        deposit_deadline=dt.date.today() + dt.timedelta(days=10),
        oral_date=D(2025, 6, 2),
    )
    client.post(url, {"reason": "Période saisie par erreur"})
    assert not Internship.objects.filter(pk=period.pk).exists()


def test_a_closed_deliberation_refuses_corrections_until_it_is_reopened(client, candidate, office):
    period = admitted_with_a_mistyped_period(candidate)
    candidate.locked_by = "Jury A01"
    candidate.save()
    login(client, office)
    url = reverse("internship_edit", args=[candidate.pk, period.pk])
    page = client.post(url, {"organisation": "X", "reason": "r"}).content.decode()
    assert "Délibération close (jury « Jury A01 »)" in page
    page = client.get(reverse("dossier_delete", args=[candidate.pk, "E4"])).content.decode()
    assert "qu&#x27;après réouverture" in page
    client.post(reverse("dossier_delete", args=[candidate.pk, "E4"]), {"reason": "r"})
    assert Dossier.objects.filter(candidate=candidate, exam="E4").exists()
    assert Internship.objects.get(pk=period.pk).attestation is False


def test_a_dossier_is_corrected_with_a_reason_and_deleted_after_confirmation(
    client, candidate, office
):
    conforming_files(candidate)
    login(client, office)
    url = reverse("dossier_edit", args=[candidate.pk, "E6"])
    posted = {
        "deposited_on": "2025-03-12",
        "signed": "1",
        "fiche-0-nature": "distributor_network",
        "fiche-0-real_experience": "1",
        "fiche-1-nature": "partner_network",
        "fiche-2-nature": "direct_sales_network",
        "formal_rules_respected": "1",
    }
    page = client.post(url, posted).content.decode()
    assert "indiquez le motif de la correction" in page
    assert 'value="2025-03-12"' in page  # what was typed is kept
    assert Dossier.objects.get(candidate=candidate, exam="E6").content["deposited_on"] == (
        "2025-03-10"
    )
    client.post(url, {**posted, "reason": "Date du récépissé"})
    assert Dossier.objects.get(candidate=candidate, exam="E6").content["deposited_on"] == (
        "2025-03-12"
    )
    entry = AuditEntry.objects.filter(candidate=candidate, action="dossier_set").latest("id")
    assert entry.reason == "Date du récépissé" and entry.before["deposited_on"] == "2025-03-10"
    delete = reverse("dossier_delete", args=[candidate.pk, "E4"])
    assert "E4 : Conforme → NV (non valide)" in client.get(delete).content.decode()
    client.post(delete, {"reason": "Dossier d'un autre candidat"})
    assert not Dossier.objects.filter(candidate=candidate, exam="E4").exists()
    assert AuditEntry.objects.get(candidate=candidate, action="dossier_delete").before


def test_a_period_after_the_exam_or_a_duplicate_cannot_make_an_internship_sufficient(
    client, candidate, centre
):
    before_the_deadline(candidate)
    login(client, centre)
    new = reverse("internship_new", args=[candidate.pk])
    base = {"organisation": "Volcans Distribution", "kind": "internship", "attestation": "1"}
    client.post(new, {**base, "start": "2024-05-13", "end": "2024-07-05", "signed": "1"})
    page = client.post(
        new, {**base, "start": "2027-01-04", "end": "2027-03-26", "signed": "1"}
    ).content.decode()
    assert "postérieure à l&#x27;examen" in page and 'value="2027-01-04"' in page
    page = client.post(
        new, {**base, "start": "2024-05-13", "end": "2024-07-05", "signed": "1"}
    ).content.decode()
    assert "déjà enregistrée pour ce candidat" in page
    assert Internship.objects.filter(candidate=candidate).count() == 1
    report = conformity_reports([candidate], as_of=D(2025, 6, 1))[candidate.pk]
    assert not report.internship.satisfied


def test_every_error_of_the_form_is_shown_at_once(client, candidate, centre):
    before_the_deadline(candidate)
    login(client, centre)
    page = client.post(
        reverse("internship_new", args=[candidate.pk]),
        {"organisation": "Garage des Dômes", "start": "2022-06-01", "end": "2022-05-01"},
    ).content.decode()
    assert "précède le début" in page and "précède la formation" in page
    assert 'value="Garage des Dômes"' in page and 'value="2022-06-01"' in page
    page = client.post(
        reverse("internship_new", args=[candidate.pk]), {"start": "31/02/2024"}
    ).content.decode()
    assert page.count("fr-error-text") >= 3  # organisation, start and end
    assert not Internship.objects.exists()


def test_overlapping_periods_are_a_warning_on_the_file_page(client, candidate, centre):
    for organisation, start, end in (
        ("A", D(2024, 1, 8), D(2024, 2, 9)),
        ("B", D(2024, 2, 5), D(2024, 3, 1)),
    ):
        internship_add(candidate=candidate, organisation=organisation, start=start, end=end)
    login(client, centre)
    page = client.get(reverse("candidate_plan", args=[candidate.pk])).content.decode()
    assert 'data-warning="overlap"' in page and "5 jour(s)" in page


def test_an_import_cannot_bring_a_period_out_of_the_training_or_twice(candidate):
    def period(start, end):
        return Internship(candidate=candidate, organisation="Banque", start=start, end=end)

    with pytest.raises(ValidationError) as refused:
        files_bulk_create(
            internships=[
                period(D(2024, 1, 8), D(2024, 2, 9)),
                period(D(2024, 1, 8), D(2024, 2, 9)),
                period(D(2027, 1, 4), D(2027, 2, 5)),
            ],
            dossiers=[],
            actor=None,
            reason="import",
        )
    text = " ".join(refused.value.messages)
    assert "déjà enregistrée" in text and "postérieure à l'examen" in text
    assert candidate.number in text
    assert not Internship.objects.exists()


def test_after_the_deadline_the_training_centre_no_longer_records_periods_or_dossiers(
    client, candidate, centre, office
):
    login(client, centre)  # the académie's deadline (14/03/2025) has passed
    page = client.get(reverse("candidate_plan", args=[candidate.pk])).content.decode()
    assert 'id="internship-form"' not in page and "décrire le dossier" not in page
    period = {"organisation": "Volcans Distribution", "kind": "internship", "attestation": "1"}
    period |= {"signed": "1", "start": "2024-05-13", "end": "2024-07-05"}
    page = client.post(reverse("internship_new", args=[candidate.pk]), period).content.decode()
    assert 'id="refusal"' in page and "seule la division des examens" in page
    client.post(reverse("dossier_edit", args=[candidate.pk, "E6"]), {"deposited_on": "2025-03-01"})
    assert not candidate.internships.exists() and not candidate.dossiers.exists()
    login(client, office)  # the exam office records what arrives late, with the file
    client.post(reverse("internship_new", args=[candidate.pk]), period)
    assert candidate.internships.count() == 1


def test_a_dossier_correction_reason_is_short_and_without_nul(client, candidate, office):
    login(client, office)
    url = reverse("dossier_edit", args=[candidate.pk, "E4"])
    client.post(url, {"deposited_on": "2025-03-01"})
    before = dict(candidate.dossiers.get(exam="E4").content)
    response = client.post(url, {"deposited_on": "2025-03-02", "reason": "x" * 5000})
    assert response.status_code == 200
    assert "Le motif tient en 500 caractères au plus" in response.content.decode()
    assert candidate.dossiers.get(exam="E4").content == before
    # A NUL character never reaches the page (NulCharacterMiddleware: a 400 in French).
    response = client.post(url, {"deposited_on": "2025-03-02", "reason": "erreur\x00"})
    assert response.status_code == 400
    assert candidate.dossiers.get(exam="E4").content == before
