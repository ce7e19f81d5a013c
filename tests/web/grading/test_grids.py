"""The evaluation grids in the browser's requests: an examiner fills the grid of a candidate
entrusted to him or her (saved as one types, no grade), signs it (the proposal becomes the
grade, with the version check and the journal), reopens it with a reason; a centre fills its
CCF situations in order; the composition defects appear with the circular's limits; a closed
jury locks the grid; the exam office loads the circular's grid."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from ndrc.rules.grids import default_grids
from ndrc.web.accounts.roles import Role
from ndrc.web.audit.models import AuditEntry
from ndrc.web.candidates.locks import lock_files
from ndrc.web.candidates.models import Candidate, ConformityOutcome, Grade, Route
from ndrc.web.grading.models import (
    CcfSituation,
    EvaluationGrid,
    ExaminerAssignment,
    SessionGrid,
)
from tests.factories import CandidateFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def one_off(session, office):
    """A candidate who sits E4 in the one-off form (professional experience: column 3)."""
    return CandidateFactory(
        session=session,
        academy=office.academy,
        route=Route.PROFESSIONAL_EXPERIENCE,
        last_name="Martin",
    )


@pytest.fixture
def examiner(office, one_off):
    user = UserFactory(role=Role.EXAMINER, academy=office.academy, username="exam1")
    ExaminerAssignment.objects.create(examiner=user, candidate=one_off, exam="E4")
    return user


def _all_levels(grid, level="S"):
    return {f"level-{c.code}": level for c in grid.criteria}


def _grid(session_year, exam="E4", form="one_off", situation=""):
    return default_grids(session_year)[(exam, form, situation)]


def test_the_grid_page_shows_the_referential_criteria_in_french(client, examiner, one_off):
    client.force_login(examiner)
    html = client.get(reverse("grid_fill", args=[one_off.pk, "E4"])).content.decode()
    assert "Grille d&#x27;évaluation" in html or "Grille d'évaluation" in html
    assert "Pertinence de l&#x27;analyse du portefeuille clients" in html
    assert "Phase 2 · Simulation (15 min)" in html
    assert "Très satisfaisant" in html and "Non évalué" in html
    assert "Grille non commencée." in html
    listing = client.get(reverse("grids"), {"epreuve": "E4"}).content.decode()
    assert "MARTIN" in listing and "à remplir" in listing


def test_a_draft_is_saved_as_one_types_and_writes_no_grade(client, examiner, one_off):
    client.force_login(examiner)
    url = reverse("grid_fill", args=[one_off.pk, "E4"])
    response = client.post(
        url,
        {"level-C1.1.1": "TS", "comment-P1-C1.1": "Bonne analyse", "proposal": "15"},
        headers={"x-requested-with": "fetch"},
    )
    assert response.status_code == 200 and response.json() == {"ok": True, "version": 2}
    grid = EvaluationGrid.objects.get(candidate=one_off, exam="E4")
    assert grid.levels == {"C1.1.1": "TS"} and grid.proposal == "15"
    assert grid.comments == {"P1-C1.1": "Bonne analyse"} and not grid.is_signed
    assert not Grade.objects.filter(candidate=one_off, exam="E4").exists()
    # A page that read version 2 saves again; one that read version 1 meets a conflict.
    stale = client.post(
        url, {"version": "1", "level-C1.1.1": "I"}, headers={"x-requested-with": "fetch"}
    )
    assert stale.status_code == 409 and "modifiée entre-temps" in stale.json()["conflict"]
    assert EvaluationGrid.objects.get(pk=grid.pk).levels == {"C1.1.1": "TS"}
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"grid_begin", "grid_save"} <= actions


def test_signing_asks_for_every_level_then_a_confirmation_then_writes_the_grade(
    client, examiner, one_off, session
):
    client.force_login(examiner)
    url = reverse("grid_fill", args=[one_off.pk, "E4"])
    grid = _grid(session.year)
    partial = {"level-C1.1.1": "S", "proposal": "14,5", "action": "sign"}
    html = client.post(url, partial).content.decode()
    assert "La grille ne peut pas encore être signée" in html
    assert "19 critère(s) sans niveau" in html
    assert "Indiquez le second membre de la commission" in html
    assert not Grade.objects.filter(candidate=one_off, exam="E4").exists()
    full = {
        **_all_levels(grid),
        "proposal": "14,5",
        "second_member": "Mme Leroy, professionnelle",
        "action": "sign",
        "version": "2",
    }
    html = client.post(url, full).content.decode()
    assert "Confirmer la signature" in html and "« 14,5 »" in html
    assert not Grade.objects.filter(candidate=one_off, exam="E4").exists()
    stored = EvaluationGrid.objects.get(candidate=one_off, exam="E4")
    response = client.post(
        url,
        {"action": "sign", "confirmed": "1", "version": str(stored.version), "grade_version": ""},
    )
    assert response.status_code == 302
    grade = Grade.objects.get(candidate=one_off, exam="E4")
    assert grade.value == Decimal("14.5") and grade.updated_by == examiner
    stored.refresh_from_db()
    assert stored.is_signed and stored.signed_by == examiner
    page = client.get(url).content.decode()
    assert "Grille signée par" in page and 'id="grid-sign"' not in page
    assert "Second membre de la commission : Mme Leroy, professionnelle." in page
    # A signed grid is not changed by a save; it is reopened with a reason.
    refused = client.post(url, {**_all_levels(grid, "TI"), "version": str(stored.version)})
    assert refused.status_code == 302
    assert EvaluationGrid.objects.get(pk=stored.pk).levels["C1.1.1"] == "S"
    client.post(url, {"action": "reopen", "reason": ""})
    assert EvaluationGrid.objects.get(pk=stored.pk).is_signed
    client.post(url, {"action": "reopen", "reason": "Erreur de saisie sur la phase 2"})
    reopened = EvaluationGrid.objects.get(pk=stored.pk)
    assert not reopened.is_signed
    entry = AuditEntry.objects.filter(action="grid_reopen").get()
    assert entry.reason == "Erreur de saisie sur la phase 2"
    # The grade stays until the grid is signed again.
    assert Grade.objects.get(candidate=one_off, exam="E4").value == Decimal("14.5")


def test_an_examiner_fills_only_the_grids_entrusted_to_him_or_her(
    client, examiner, one_off, session, office
):
    other = UserFactory(role=Role.EXAMINER, academy=office.academy, username="exam2")
    client.force_login(other)
    url = reverse("grid_fill", args=[one_off.pk, "E4"])
    assert client.get(url).status_code == 404
    client.post(url, {**_all_levels(_grid(session.year)), "proposal": "12"})
    assert not EvaluationGrid.objects.exists()
    listing = client.get(reverse("grids"), {"epreuve": "E4"}).content.decode()
    assert "MARTIN" not in listing


def test_a_closed_jury_locks_the_grid(client, examiner, one_off):
    client.force_login(examiner)
    url = reverse("grid_fill", args=[one_off.pk, "E4"])
    client.post(url, {"level-C1.1.1": "S"}, headers={"x-requested-with": "fetch"})
    lock_files(candidates=[one_off], jury_name="Jury A")
    response = client.post(
        url, {"version": "2", "level-C1.1.1": "TI"}, headers={"x-requested-with": "fetch"}
    )
    assert response.status_code == 400 and "Délibération close" in response.json()["errors"][0]
    assert EvaluationGrid.objects.get(candidate=one_off).levels == {"C1.1.1": "S"}


def test_the_composition_defects_appear_with_the_circulars_limit(
    client, examiner, one_off, session, office
):
    ConformityOutcome.objects.create(
        candidate=one_off,
        exam="E4",
        outcome="defects",
        outcome_label="Interrogé, insuffisances pénalisées",
        defects=(
            "présence de deux fiches descriptives de situations professionnelles de même nature"
        ),
    )
    client.force_login(examiner)
    url = reverse("grid_fill", args=[one_off.pk, "E4"])
    html = client.get(url).content.decode()
    assert "Insuffisances de composition du dossier" in html
    assert "la grille par défaut ne fixe pas de limite" in html
    # The exam office loads the circular's grid, with a limit of 2 points for that defect.
    client.force_login(office)
    yaml_text = (
        "exam: E4\nform: one_off\ncite: C2022 annexe VII\ntitle: Grille E4 de la circulaire\n"
        "sections:\n  - code: A\n    title: Prospection\n    criteria: [Ciblage, Prospection]\n"
        "penalty_limits: {same_nature: 2}\n"
    )
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("e4.yaml", yaml_text.encode(), content_type="application/yaml")
    client.post(reverse("circular_grids"), {"file": upload})
    assert SessionGrid.objects.filter(session=session, exam="E4").exists()
    client.force_login(examiner)
    html = client.get(url).content.decode()
    assert "Grille E4 de la circulaire" in html and "2 au plus" in html
    over = {
        "level-A.1": "S",
        "level-A.2": "TS",
        "penalty-same_nature": "3",
        "proposal": "11",
        "action": "sign",
    }
    html = client.post(url, over).content.decode()
    assert "au-delà de la limite de la grille (2 points)" in html
    assert not Grade.objects.filter(candidate=one_off, exam="E4").exists()


def test_a_bad_circular_grid_is_refused_in_french(client, office, session):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(office)
    cases = [
        (
            "g.yaml",
            "exam: E1\nform: one_off\ncite: C2022 x\nsections: []\n",
            "pas évaluée sur grille",
        ),
        ("g.yaml", "exam: E4\nform: one_off\ncite: X9 x\nsections: []\n", "Source inconnue"),
        ("g.yaml", ": : :\n- [", "YAML illisible"),
        ("g.txt", "x", "Format non reconnu"),
        ("g.csv", "a,b\n1,2\n", "Colonnes attendues"),
    ]
    for name, text, message in cases:
        upload = SimpleUploadedFile(name, text.encode())
        fields = {"exam": "E4", "form": "one_off", "citation": "C2022 annexe VII"}
        response = client.post(reverse("circular_grids"), {"file": upload, **fields}, follow=True)
        assert response.status_code == 200
        assert message in response.content.decode(), name
    assert not SessionGrid.objects.exists()
    page = client.get(reverse("circular_grids")).content.decode()
    assert "grille par défaut" in page and "20 critères" in page


def test_a_centre_signs_its_ccf_situations_in_order_and_the_last_carries_the_grade(
    client, session, office
):
    candidate = CandidateFactory(session=session, academy=office.academy)
    centre = UserFactory(
        role=Role.TRAINING_CENTRE, academy=office.academy, establishment=candidate.establishment
    )
    client.force_login(centre)
    for situation in ("A", "B"):  # each situation's date and commission (test_ccf_dossier)
        CcfSituation.objects.create(
            candidate=candidate,
            exam="E4",
            situation=situation,
            date=dt.date(2025, 3, 10),
            commission="Mme Roux, professeure en charge du bloc 1",
        )
    a = _grid(session.year, form="ccf", situation="A")
    b = _grid(session.year, form="ccf", situation="B")
    url_a = reverse("grid_fill", args=[candidate.pk, "E4", "A"])
    url_b = reverse("grid_fill", args=[candidate.pk, "E4", "B"])
    assert "Note proposée" not in client.get(url_a).content.decode()
    html = client.post(url_b, {**_all_levels(b), "proposal": "13", "action": "sign"})
    assert "La grille de la situation A doit d&#x27;abord être signée." in html.content.decode()
    client.post(url_a, {**_all_levels(a), "action": "sign"})
    grid_a = EvaluationGrid.objects.get(candidate=candidate, situation="A")
    client.post(url_a, {"action": "sign", "confirmed": "1", "version": str(grid_a.version)})
    assert EvaluationGrid.objects.get(pk=grid_a.pk).is_signed
    assert not Grade.objects.filter(candidate=candidate, exam="E4").exists()
    grid_b = EvaluationGrid.objects.get(candidate=candidate, situation="B")
    client.post(url_b, {"action": "sign", "confirmed": "1", "version": str(grid_b.version)})
    grade = Grade.objects.get(candidate=candidate, exam="E4")
    assert grade.value == Decimal(13) and grade.ccf


def test_no_grade_reaches_the_deliberation_from_an_unsigned_grid(client, examiner, one_off):
    client.force_login(examiner)
    url = reverse("grid_fill", args=[one_off.pk, "E4"])
    client.post(url, {**_all_levels(_grid(one_off.session.year)), "proposal": "16"})
    assert EvaluationGrid.objects.get(candidate=one_off).proposal == "16"
    assert not Grade.objects.filter(candidate=one_off).exists()
    assert Candidate.objects.get(pk=one_off.pk).number == one_off.number
    assert dt.date.today().year > 2000  # the page's dates are shown dd/mm/yyyy below
    page = client.get(url).content.decode()
    assert "Brouillon enregistré le " in page


def test_a_centre_fills_only_the_ccf_grids_of_its_own_candidates(client, one_off, session, office):
    """A training centre fills its candidates' CCF grids; a one-off grid is the commission's."""
    centre = UserFactory(
        role=Role.TRAINING_CENTRE, academy=office.academy, establishment=one_off.establishment
    )
    client.force_login(centre)
    url = reverse("grid_fill", args=[one_off.pk, "E4"])
    page = client.get(url).content.decode()
    assert "Épreuve ponctuelle : saisie par le rectorat." in page and 'id="grid-sign"' not in page
    response = client.post(url, {**_all_levels(_grid(session.year)), "proposal": "12"})
    assert response.status_code == 302 and not EvaluationGrid.objects.exists()
    other_centre = UserFactory(role=Role.TRAINING_CENTRE, academy=office.academy)
    client.force_login(other_centre)
    assert client.get(url).status_code == 404


def test_who_may_not_fill_a_grid_reads_none_of_it(client, examiner, one_off, office):
    """A centre on a one-off grid, an examiner entrusted with another épreuve of the same
    candidate: the page says why, and shows neither levels, comments nor proposal."""
    client.force_login(examiner)
    url = reverse("grid_fill", args=[one_off.pk, "E4"])
    client.post(
        url,
        {"level-C1.1.1": "TS", "comment-P1-C1.1": "Très secret", "proposal": "17,25"},
        headers={"x-requested-with": "fetch"},
    )
    centre = UserFactory(
        role=Role.TRAINING_CENTRE, academy=office.academy, establishment=one_off.establishment
    )
    e6_only = UserFactory(role=Role.EXAMINER, academy=office.academy, username="e6")
    ExaminerAssignment.objects.create(examiner=e6_only, candidate=one_off, exam="E6")
    for user in (centre, e6_only):
        client.force_login(user)
        page = client.get(url).content.decode()
        assert "17,25" not in page and "Très secret" not in page, user
        assert "checked" not in page and 'id="grid-sign"' not in page, user


def test_a_signature_names_the_version_it_read(client, examiner, one_off, session):
    client.force_login(examiner)
    url = reverse("grid_fill", args=[one_off.pk, "E4"])
    full = {**_all_levels(_grid(session.year)), "proposal": "12", "second_member": "M. Roy"}
    client.post(url, full)
    client.post(url, {"action": "sign", "confirmed": "1"})  # no version: a conflict
    assert not EvaluationGrid.objects.get(candidate=one_off).is_signed
    assert not Grade.objects.exists()


def test_a_reopening_without_a_grid_begins_none(client, examiner, one_off):
    client.force_login(examiner)
    url = reverse("grid_fill", args=[one_off.pk, "E4"])
    response = client.post(url, {"action": "reopen", "reason": "Essai"}, follow=True)
    assert "Cette grille n&#x27;est pas signée." in response.content.decode()
    assert not EvaluationGrid.objects.exists()


def test_only_the_defects_found_and_the_last_situations_proposal_are_kept(client, session, office):
    candidate = CandidateFactory(session=session, academy=office.academy)
    centre = UserFactory(
        role=Role.TRAINING_CENTRE, academy=office.academy, establishment=candidate.establishment
    )
    client.force_login(centre)
    url_a = reverse("grid_fill", args=[candidate.pk, "E4", "A"])
    made_up = {f"penalty-x{i}": "1" for i in range(50)}
    client.post(url_a, {"level-C1.1.1": "S", "proposal": "18", **made_up})
    grid = EvaluationGrid.objects.get(candidate=candidate, situation="A")
    assert grid.penalties == {} and grid.proposal == ""


def test_an_absence_is_signed_without_levels(client, examiner, one_off):
    client.force_login(examiner)
    url = reverse("grid_fill", args=[one_off.pk, "E4"])
    html = client.post(
        url, {"proposal": "ABS", "second_member": "M. Roy", "action": "sign"}
    ).content.decode()
    assert "Confirmer la signature" in html and "sans niveau" not in html
    stored = EvaluationGrid.objects.get(candidate=one_off)
    client.post(url, {"action": "sign", "confirmed": "1", "version": str(stored.version)})
    assert Grade.objects.get(candidate=one_off, exam="E4").state == "absent"


def test_a_closed_jury_shows_the_grid_locked(client, examiner, one_off):
    client.force_login(examiner)
    url = reverse("grid_fill", args=[one_off.pk, "E4"])
    client.post(url, {"level-C1.1.1": "S"}, headers={"x-requested-with": "fetch"})
    lock_files(candidates=[one_off], jury_name="Jury A")
    page = client.get(url).content.decode()
    assert "Délibération close : la grille ne se modifie" in page
    assert 'id="grid-sign"' not in page and 'data-editable="0"' in page


def test_a_reopened_grid_keeps_the_jury_from_closing(client, session, office):
    from ndrc.web.deliberations.selectors import session_problems
    from tests.web.conftest import complete

    candidate = complete(CandidateFactory(session=session, academy=office.academy))
    from ndrc.web.deliberations import services

    jury = services.jury_create(
        session=session,
        academy=office.academy,
        name="Jury G",
        members=[],
        candidates=[candidate],
        actor=office,
    )
    assert session_problems(jury) == []
    EvaluationGrid.objects.create(
        candidate=candidate,
        exam="E4",
        form="ccf",
        situation="B",
        grid=_grid(session.year, form="ccf", situation="B").to_dict(),
        state=EvaluationGrid.DRAFT,
        signed_at=dt.datetime(2025, 5, 1, tzinfo=dt.UTC),
    )
    assert session_problems(jury) == [
        f"{candidate.number} : la grille E4 (situation B) a été rouverte ; elle doit être signée "
        "de nouveau avant la clôture."
    ]


def test_the_ccf_grids_of_e4_and_e6_link_to_their_situations_dossier(client, session, office):
    candidate = CandidateFactory(session=session, academy=office.academy)
    centre = UserFactory(
        role=Role.TRAINING_CENTRE, academy=office.academy, establishment=candidate.establishment
    )
    client.force_login(centre)
    for args in ([candidate.pk, "E4", "A"], [candidate.pk, "E6"]):
        page = client.get(reverse("grid_fill", args=args)).content.decode()
        assert 'id="grid-ccf-dossier"' in page, args
