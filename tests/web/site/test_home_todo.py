"""The home page says what to do next, per role, on a small built session: the right items
with their counts, their links and deadlines, « rien à faire » when there is nothing, and
nothing of another académie, establishment, jury or examiner."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from ndrc.web.accounts.roles import Role
from ndrc.web.candidates.models import Candidate, ProposedResult
from ndrc.web.candidates.notices import nv_notices_issue
from ndrc.web.deliberations import services
from ndrc.web.deliberations.models import FrozenResult, Jury
from ndrc.web.grading.models import EvaluationGrid, ExaminerAssignment, GridAppeal
from ndrc.web.imports.models import ImportFile
from ndrc.web.jobs.models import Job, JobState
from tests.factories import (
    AcademyFactory,
    CandidateFactory,
    EstablishmentFactory,
    UserFactory,
    academy_dates,
)
from tests.web.conftest import complete
from tests.web.list_pages import queries

pytestmark = pytest.mark.django_db


def _todos(html):
    """The things to do shown: {key: count}."""
    return {k: int(n) for k, n in re.findall(r'id="todo-([\w-]+)" data-count="(\d+)"', html)}


def _home(client, user):
    client.force_login(user)
    return client.get(reverse("home")).content.decode()


def _item(html, key):
    start = html.index(f'id="todo-{key}"')
    return html[start : html.index("</li>", start)]


def _appeal(candidate):
    return GridAppeal.objects.create(
        candidate=candidate, exam="E4", what=GridAppeal.GRIDS, requested_at=timezone.now()
    )


def _reopened_grid(candidate):
    return EvaluationGrid.objects.create(
        candidate=candidate,
        exam="E4",
        form="ponctuel",
        grid={},
        state=EvaluationGrid.DRAFT,
        signed_at=timezone.now(),
    )


def test_the_exam_office_sees_what_to_do_with_counts_and_links(client, session, office, jury):
    bare = CandidateFactory(session=session, academy=office.academy, last_name="Sansdossier")
    _appeal(bare)
    _reopened_grid(bare)
    # Another académie's candidates, NV, appealing and reopened: never counted here.
    elsewhere = CandidateFactory(session=session, academy=AcademyFactory(code="A99"))
    _appeal(elsewhere)
    _reopened_grid(elsewhere)

    html = _home(client, office)
    assert _todos(html) == {"nv": 1, "close": 1, "reopened": 1, "appeals": 1}
    assert 'href="/conformite/?nv=1"' in _item(html, "nv")
    assert (
        "1 candidat a un dossier non conforme (NV) dont l&#x27;avis n&#x27;est pas envoyé." in html
    )
    assert f'href="{reverse("jury_detail", args=[jury.pk])}"' in _item(html, "close")
    assert f'href="{reverse("grids")}"' in _item(html, "reopened")
    assert f'href="{reverse("appeals")}"' in _item(html, "appeals")
    assert 'id="candidate-count">3</td>' in html  # the counts of « Mon espace » stay

    # The notice sent, the grid signed again, the appeal answered: those items go.
    nv_notices_issue(candidate_ids=[bare.pk], actor=office)
    EvaluationGrid.objects.filter(candidate=bare).update(state=EvaluationGrid.SIGNED)
    GridAppeal.objects.filter(candidate=bare).update(state=GridAppeal.ANSWERED)
    # The jury closed, its results not yet published: to publish, no longer to close.
    Jury.objects.filter(pk=jury.pk).update(state=Jury.CLOSED)
    frozen = FrozenResult.objects.create(
        jury=jury,
        candidate=jury.assignments.first().candidate,
        round=1,
        decision="admitted",
        decision_label="Admis",
        regulation="R2023",
        result={},
        explanation="",
    )
    html = _home(client, office)
    assert _todos(html) == {"publish": 1}
    assert "ses résultats sont à publier" in html
    FrozenResult.objects.filter(pk=frozen.pk).update(published_at=timezone.now())
    html = _home(client, office)
    assert _todos(html) == {}
    assert 'id="todo-none">Rien à faire pour l\'instant : tout est à jour.' in html


def test_before_the_deadline_the_exam_office_sees_the_dossiers_due_with_the_date(
    client, session, office
):
    deadline = timezone.localdate() + dt.timedelta(days=20)
    academy_dates(session, office.academy, deposit_deadline=deadline)
    CandidateFactory(session=session, academy=office.academy)
    complete(CandidateFactory(session=session, academy=office.academy))
    html = _home(client, office)
    assert _todos(html)["dossiers"] == 1
    assert "nv" not in _todos(html)  # a dossier not deposited yet is awaited, not NV
    assert f"Avant le {deadline:%d/%m/%Y}" in _item(html, "dossiers")


def test_an_unreadable_file_is_a_registration_to_correct(client, session, office):
    candidate = complete(CandidateFactory(session=session, academy=office.academy))
    _home(client, office)  # its proposal computed
    ProposedResult.objects.filter(candidate=candidate).update(unreadable="période invalide")
    failed = Job.objects.create(kind="import_candidates", task="t", state=JobState.FAILED)
    ImportFile.objects.create(
        kind="candidates",
        filename="inscrits.csv",
        content=b"",
        session=session,
        academy=office.academy,
        created_by=office,
        job=failed,
    )
    html = _home(client, office)
    assert _todos(html)["unreadable"] == 1
    assert "1 dossier d&#x27;inscription ne peut être lu : à corriger." in html
    assert _todos(html)["imports"] == 1
    assert f'href="{reverse("import_index")}"' in _item(html, "imports")


def test_a_training_centre_sees_its_own_candidates_dossiers_and_ccf_grades(client, session):
    school = EstablishmentFactory(academy=AcademyFactory(code="A01"))
    deadline = timezone.localdate() + dt.timedelta(days=10)
    academy_dates(session, school.academy, deposit_deadline=deadline)
    CandidateFactory(session=session, academy=school.academy, establishment=school)
    # Another establishment's candidate, without dossier nor grade: not counted.
    CandidateFactory(session=session, academy=school.academy)
    centre = UserFactory(role=Role.TRAINING_CENTRE, academy=school.academy, establishment=school)
    html = _home(client, centre)
    assert _todos(html) == {"dossiers": 1, "ccf": 2}
    assert f"Avant le {deadline:%d/%m/%Y}" in _item(html, "dossiers")
    assert "2 notes de CCF à proposer (E4 : 1, E6 : 1)." in html
    assert f'href="{reverse("conformity_list")}"' in _item(html, "dossiers")


def test_an_examiner_sees_the_grids_and_grades_of_his_candidates_only(client, session, office):
    examiner = UserFactory(role=Role.EXAMINER, academy=office.academy)
    other = UserFactory(role=Role.EXAMINER, academy=office.academy)
    first, second, locked = (
        CandidateFactory(session=session, academy=office.academy) for _ in range(3)
    )
    Candidate.objects.filter(pk=locked.pk).update(locked_by="Jury A")
    for candidate in (first, second, locked):
        ExaminerAssignment.objects.create(examiner=examiner, candidate=candidate, exam="E4")
    ExaminerAssignment.objects.create(examiner=examiner, candidate=first, exam="E1")
    ExaminerAssignment.objects.create(examiner=other, candidate=first, exam="E5P")
    EvaluationGrid.objects.create(
        candidate=second, exam="E4", form="ponctuel", grid={}, state=EvaluationGrid.SIGNED
    )
    html = _home(client, examiner)
    assert _todos(html) == {"grids": 1, "grades": 1}
    assert "1 grille d&#x27;évaluation à remplir et signer (E4 : 1)." in html
    assert "1 note à saisir (E1 : 1)." in html
    assert f'href="{reverse("grade_entry")}?epreuve=E1"' in _item(html, "grades")
    assert 'id="fact-exam-day"' in html and "aucune au planning appliqué" in html


def test_a_jury_member_sees_his_jurys_candidates_to_review(client, session, office, jury):
    near = complete(CandidateFactory(session=session, academy=office.academy), value="9.5")
    bare = CandidateFactory(session=session, academy=office.academy)
    member = UserFactory(role=Role.JURY, academy=office.academy)
    mine = services.jury_create(
        session=session,
        academy=office.academy,
        name="Jury B",
        members=[member],
        candidates=[near, bare],
        actor=office,
    )
    html = _home(client, member)
    ProposedResult.objects.filter(candidate=bare).update(blocked=True, problems=["DISP sans"])
    html = _home(client, member)
    assert _todos(html) == {f"blocked-{mine.pk}": 1, f"near-{mine.pk}": 1}
    assert "Jury B : 1 candidat dont le dossier bloque la clôture." in html
    assert f'href="{reverse("jury_detail", args=[mine.pk])}"' in _item(html, f"near-{mine.pk}")
    assert "Ouverte, la clôture est bloquée." in html
    assert "Jury A" not in html  # a jury he does not sit on


def test_a_candidate_sees_documents_dates_and_results(client, session, office):
    academy_dates(
        session,
        office.academy,
        deposit_deadline=dt.date(2026, 3, 14),
        oral_date=dt.date(2026, 5, 20),
    )
    account = UserFactory(role=Role.CANDIDATE, academy=office.academy)
    candidate = CandidateFactory(session=session, academy=office.academy, user=account)
    html = _home(client, account)
    assert _todos(html) == {}
    assert "Rien à faire pour l'instant" in html
    assert "14/03/2026" in html and "20/05/2026" in html
    assert "Vos résultats ne sont pas encore publiés." in html

    nv_notices_issue(candidate_ids=[candidate.pk], actor=office, today=dt.date(2026, 4, 1))
    jury = services.jury_create(
        session=session,
        academy=office.academy,
        name="J",
        members=[],
        candidates=[candidate],
        actor=office,
    )
    FrozenResult.objects.create(
        jury=jury,
        candidate=candidate,
        round=1,
        decision="failed",
        decision_label="Ajourné",
        regulation="R2023",
        result={},
        explanation="",
        published_at=timezone.now(),
    )
    small, html = queries(client, reverse("home"))
    assert _todos(html) == {"documents": 1}
    assert f'href="{reverse("documents")}"' in _item(html, "documents")
    assert ": Ajourné." in html and f'href="{reverse("my_result")}"' in html
    assert small <= 20


def test_near_a_threshold_is_read_exactly_from_the_stored_averages(client, session, office):
    from ndrc.web.site import dashboard_people

    candidates = [
        complete(CandidateFactory(session=session, academy=office.academy)) for _ in range(4)
    ]
    member = UserFactory(role=Role.JURY, academy=office.academy)
    mine = services.jury_create(
        session=session,
        academy=office.academy,
        name="Jury C",
        members=[member],
        candidates=candidates,
        actor=office,
    )
    _home(client, member)  # the proposals computed
    # 8.996 is written « 9,00 » but is more than a point below 10; 9.9986 and 7.5 are near.
    for candidate, (exact, shown) in zip(
        candidates,
        [("8.996", "9,00"), ("9.9986", "9,9986"), ("7.5", "7,50"), ("12", "12,00")],
        strict=True,
    ):
        ProposedResult.objects.filter(candidate=candidate).update(
            average=exact, average_display=shown
        )
    html = _home(client, member)
    assert _todos(html)[f"near-{mine.pk}"] == 2
    # Without the shortcut of the displayed averages, every exact average read: the same.
    scope = Candidate.objects.filter(jury_assignment__jury=mine)
    near = dashboard_people._near(session.year)
    rows = dashboard_people.jury_rows(Jury.objects.filter(pk=mine.pk))
    assert dashboard_people._near_counts(scope, rows, near, None) == {mine.pk: 2}


def test_a_jury_whose_composition_breaks_the_code_is_not_ready_to_close(
    composition_checked, client, session, office, jury
):
    """The home page reads the closing's own check (CE D643-31): a jury without its
    appointed members is blocked, not « ready to close », until its composition holds."""
    from ndrc.web.deliberations.jury_member_services import jury_member_add
    from tests.web.deliberations.test_jury_composition import REGULAR

    todos = _todos(_home(client, office))
    assert "close" not in todos and todos.get("blocked") == 1
    for name, quality, president in REGULAR:
        jury_member_add(jury=jury, name=name, quality=quality, president=president, actor=office)
    todos = _todos(_home(client, office))
    assert todos.get("close") == 1 and "blocked" not in todos
