"""The grade entry page and the examiners' page at any size: one page of rows, a bounded
number of queries whatever the session's size, the filters kept from page to page."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ndrc.web.accounts.roles import Role
from ndrc.web.candidates.grade_services import GradeWrite, grade_set
from ndrc.web.candidates.models import Grade
from ndrc.web.grading.models import ExaminerAssignment
from tests.builders import many_candidates
from tests.factories import EstablishmentFactory, UserFactory

pytestmark = pytest.mark.django_db


def queries(client, url, params=None, *, post=None):
    with CaptureQueriesContext(connection) as context:
        if post is None:
            response = client.get(url, params or {})
        else:
            response = client.post(url + params, post)
    assert response.status_code == 200
    return len(context.captured_queries), response.content.decode()


def _users(office, school):
    return {
        Role.EXAM_OFFICE: office,
        Role.TRAINING_CENTRE: UserFactory(
            role=Role.TRAINING_CENTRE, academy=office.academy, establishment=school
        ),
        Role.EXAMINER: UserFactory(role=Role.EXAMINER, academy=office.academy),
    }


def _entrust(examiner, candidates, exam):
    ExaminerAssignment.objects.bulk_create(
        ExaminerAssignment(examiner=examiner, candidate=c, exam=exam) for c in candidates
    )


@pytest.mark.parametrize(
    ("role", "exam"),
    [(Role.EXAM_OFFICE, "E1"), (Role.TRAINING_CENTRE, "E4"), (Role.EXAMINER, "E5W")],
)
def test_the_entry_page_costs_the_same_queries_at_3_and_60_candidates(
    client, session, office, small_pages, role, exam
):
    school = EstablishmentFactory(academy=office.academy)
    user = _users(office, school)[role]
    client.force_login(user)
    url = reverse("grade_entry")
    first = many_candidates(3, session=session, establishment=school)
    if role == Role.EXAMINER:
        _entrust(user, first, exam)
    grade_set(candidate=first[0], write=GradeWrite(exam, "grade", Decimal(12)), actor=None)
    queries(client, url, {"epreuve": exam})  # the per-process caches warmed
    small, _ = queries(client, url, {"epreuve": exam})
    more = many_candidates(57, session=session, establishment=school, first=3)
    if role == Role.EXAMINER:
        _entrust(user, more, exam)
    for candidate in more[:20]:
        grade_set(candidate=candidate, write=GradeWrite(exam, "grade", Decimal(11)), actor=None)
    large, html = queries(client, url, {"epreuve": exam, "page": "2"})
    assert small == large <= 14
    assert html.count('<tr id="row-') == 5
    assert "60 candidats" in html and "Page 2 sur 12" in html


def test_the_pages_keep_the_epreuve_and_the_class_and_a_post_stays_on_its_page(
    client, session, office, small_pages
):
    school = EstablishmentFactory(academy=office.academy)
    other = EstablishmentFactory(academy=office.academy)
    listed = many_candidates(12, session=session, establishment=school)
    many_candidates(4, session=session, establishment=other, first=12)
    client.force_login(office)
    url = reverse("grade_entry")
    html = client.get(url, {"epreuve": "E2", "etablissement": school.pk}).content.decode()
    assert "12 candidats" in html and "Page 1 sur 3" in html
    assert f'href="?epreuve=E2&amp;etablissement={school.pk}&amp;page=2" rel="next"' in html
    assert "enregistrez vos saisies avant de changer de page." in html
    seventh = listed[6]
    query = f"?epreuve=E2&etablissement={school.pk}&page=2"
    cells = {f"grade-{seventh.pk}": "14", f"original-{seventh.pk}": "", f"version-{seventh.pk}": ""}
    _, html = queries(client, url, query, post=cells)
    assert "1 note(s) enregistrée(s)." in html
    assert Grade.objects.get(candidate=seventh, exam="E2").value == Decimal(14)
    assert "Page 2 sur 3" in html and f'id="row-{seventh.pk}"' in html
    assert html.count('<tr id="row-') == 5
    for wrong in ("abc", "-4", "²"):
        page = client.get(url, {"epreuve": "E2", "page": wrong})
        assert page.status_code == 200 and "Page 1 sur 4" in page.content.decode()
    assert client.get(url, {"etablissement": "²"}).status_code == 200


def test_a_post_saves_only_the_cells_of_candidates_the_user_sees(
    client, session, office, small_pages
):
    """The cells sent name their candidates: a cell of another académie's candidate is not
    written, whatever page it claims to be on."""
    school = EstablishmentFactory(academy=office.academy)
    stranger = many_candidates(1, session=session, establishment=EstablishmentFactory(), first=100)[
        0
    ]
    many_candidates(8, session=session, establishment=school)
    client.force_login(office)
    cells = {f"grade-{stranger.pk}": "14", f"original-{stranger.pk}": "", "grade-²": "3"}
    _, html = queries(client, reverse("grade_entry"), "?epreuve=E2&page=2", post=cells)
    assert "enregistrée" not in html
    assert not Grade.objects.filter(candidate=stranger).exists()


def test_the_examiners_page_costs_the_same_queries_with_many_assignments(
    client, session, office, small_pages
):
    school = EstablishmentFactory(academy=office.academy)
    candidates = many_candidates(12, session=session, establishment=school)
    client.force_login(office)
    url = reverse("examiner_assignments")
    examiner = UserFactory(role=Role.EXAMINER, academy=office.academy, username="exa00")
    _entrust(examiner, candidates, "E1")
    queries(client, url)
    small, _ = queries(client, url)
    for n, exam in enumerate(("E2", "E3", "E4", "E6", "E5W", "E5P"), start=1):
        examiner = UserFactory(role=Role.EXAMINER, academy=office.academy, username=f"exa{n:02d}")
        _entrust(examiner, candidates, exam)
    large, html = queries(client, url, {"page": "2"})
    assert small == large <= 12
    assert "Page 2 sur 2" in html and "(exa06)" in html and "(exa00)" not in html
