"""The example files of examples/import/, imported through the product's import services, give
candidates a jury can deliberate on: every candidate's file is readable by the conformity and
results rules (nothing left « à préciser » for want of a column), and the internship situation
of distance-learning and continuing-education candidates comes from the file."""

from pathlib import Path

import pytest

from ndrc.rules.candidate_category import EstablishmentStatus, Habilitation, Route
from ndrc.web.accounts.roles import Role
from ndrc.web.candidates.models import Candidate
from ndrc.web.candidates.rules_inputs import conformity_reports
from ndrc.web.deliberations.selectors import jury_review
from ndrc.web.deliberations.services import jury_create
from ndrc.web.imports import cells, parsing
from ndrc.web.imports.models import ImportKind
from ndrc.web.imports.services import import_check, import_file_store, import_work
from ndrc.web.sessions.models import ExamSession
from tests.factories import AcademyFactory, EstablishmentFactory, ExamSessionFactory, UserFactory

pytestmark = pytest.mark.django_db

EXAMPLES = Path(__file__).resolve().parents[3] / "examples" / "import"


@pytest.fixture
def office():
    academy = AcademyFactory(code="A01", name="Académie de test")
    ExamSessionFactory(year=2025)
    for uai, status, habilitation in [
        ("0630001A", EstablishmentStatus.PUBLIC, Habilitation.CCF),
        ("0630004D", EstablishmentStatus.PUBLIC, Habilitation.CCF),
        ("0630006F", EstablishmentStatus.PUBLIC, Habilitation.FULL_CCF),
        ("0860009J", EstablishmentStatus.PUBLIC, Habilitation.NONE),
    ]:
        EstablishmentFactory(uai=uai, academy=academy, status=status, habilitation=habilitation)
    return UserFactory(role=Role.EXAM_OFFICE, academy=academy)


def _import(office, kind, filename):
    session = ExamSession.objects.get()
    stored = import_file_store(
        kind=kind,
        filename=filename,
        content=(EXAMPLES / filename).read_bytes(),
        session=session,
        academy=office.academy,
        actor=office,
    )
    return import_work(params={"import_file": stored.pk}, actor=office, progress=lambda *args: None)


def test_every_example_candidate_can_be_deliberated(office):
    assert _import(office, ImportKind.CANDIDATES, "candidats.csv")["created"] == 5
    assert _import(office, ImportKind.GRADES, "notes.csv")["created"] == 11
    candidates = list(Candidate.objects.order_by("number"))
    assert {c.route for c in candidates} == {r.value for r in Route}  # every route
    reports = conformity_reports(candidates)
    unreadable = {c.number: reports[c.pk] for c in candidates if isinstance(reports[c.pk], str)}
    assert unreadable == {}
    jury = jury_create(
        session=candidates[0].session,
        academy=office.academy,
        name="Jury des exemples",
        members=[],
        candidates=candidates,
        actor=office,
    )
    review = jury_review(jury)
    assert len(review.rows) == 5
    for row in review.rows:
        assert not any("illisible" in p or "à préciser" in p for p in row.problems), row.problems


def test_the_distance_learner_and_the_continuing_candidate_get_their_situation(office):
    _import(office, ImportKind.CANDIDATES, "candidats.csv")
    distance = Candidate.objects.get(route=Route.DISTANCE_LEARNING)
    continuing = Candidate.objects.get(route=Route.CONTINUING_EDUCATION)
    assert distance.internship_status == "school"
    assert continuing.continuing_situation == "retraining"


def test_a_distance_learner_without_his_status_is_refused_at_the_dry_run(office):
    content = (
        b"numero;nom;prenom;date_naissance;voie;uai;lv1\n"
        b"25X0001;Durand;Lou;01/03/2005;enseignement_a_distance;0860009J;anglais\n"
    )
    checked = import_check(
        kind=ImportKind.CANDIDATES,
        filename="distance.csv",
        content=content,
        session=ExamSession.objects.get(),
        academy=office.academy,
        user=office,
    )
    assert [str(e) for e in checked.report.errors] == [
        "Ligne 2, colonne statut_stage : obligatoire pour la voie enseignement_a_distance : "
        "scolaire, apprenti ou formation_continue (le statut sous lequel le candidat fait son "
        "stage)."
    ]


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("scolaire", "school"),
        ("Statut scolaire", "school"),
        ("apprenti", "apprenticeship"),
        ("apprentissage", "apprenticeship"),
        ("formation_continue", "continuing"),
        ("Formation continue", "continuing"),
    ],
)
def test_the_distance_status_is_read_by_its_french_name(typed, code):
    assert cells.parse_distance_status(typed) == code


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("", ""),
        ("premiere_formation", "first_training"),
        ("Première formation", "first_training"),
        ("reconversion", "retraining"),
        ("perfectionnement", "improvement"),
    ],
)
def test_the_continuing_situation_is_read_by_its_french_name(typed, code):
    assert cells.parse_continuing_situation(typed) == code


def test_unknown_situations_are_errors_and_only_for_their_route():
    with pytest.raises(ValueError, match="statut « salarié » inconnu"):
        cells.parse_distance_status("salarié")
    with pytest.raises(ValueError, match="situation « autre » inconnue"):
        cells.parse_continuing_situation("autre")
    row = {
        "numero": "25X0001",
        "nom": "Durand",
        "prenom": "Lou",
        "date_naissance": "01/03/2005",
        "voie": "scolaire",
        "uai": "0630001A",
        "lv1": "anglais",
        "statut_stage": "apprenti",
        "situation_fc": "reconversion",
    }
    _, errors = parsing.candidate_fields(row)
    assert errors == [
        ("statut_stage", "seulement pour la voie enseignement_a_distance (laissez vide)."),
        ("situation_fc", "seulement pour la voie formation_continue (laissez vide)."),
    ]
