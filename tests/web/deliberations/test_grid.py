"""The deliberation grid of a jury: every candidate with each épreuve's grade or state, the
exact average (never rounded across a threshold), the decision and what blocks; filters,
sorts, pages, « précédent » / « suivant » from a candidate's detail in the grid's filters,
who may open it, and a fixed number of queries whatever the rows."""

from decimal import Decimal
from fractions import Fraction

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ndrc.rules.results.compiled import session_rules
from ndrc.web.accounts.roles import Role
from ndrc.web.candidates.grade_services import GradeWrite, grade_set
from ndrc.web.deliberations import services
from ndrc.web.deliberations.grid_selectors import average_bands
from tests.builders import conforming_files
from tests.factories import (
    AcademyFactory,
    CandidateFactory,
    EstablishmentFactory,
    ExamSessionFactory,
    UserFactory,
)
from tests.web.conftest import complete

pytestmark = pytest.mark.django_db
PASSWORD = "pw-for-tests-123"
EXAMS = ("E1", "E2", "E3", "E4", "E5W", "E5P", "E6")


def graded(candidate, grades):
    """A candidate with these grades (a value, or a state such as « absent »)."""
    for exam in EXAMS:
        given = grades.get(exam, grades.get("*"))
        write = (
            GradeWrite(exam, "grade", Decimal(given))
            if given[0].isdigit()
            else GradeWrite(exam, given)
        )
        grade_set(candidate=candidate, write=write, actor=None)
    return conforming_files(candidate)


@pytest.fixture
def grid_jury(session, office):
    """Five candidates: 12 (admitted), just under 10 (9,99… on E1), 9,5, 7,5 and one absent
    at E3; two establishments."""
    lycee, other = EstablishmentFactory(academy=office.academy), None
    other = EstablishmentFactory(academy=office.academy, name="Lycée Autre")

    def make(number, name, grades, establishment=lycee):
        candidate = CandidateFactory(
            session=session,
            academy=office.academy,
            establishment=establishment,
            number=number,
            last_name=name,
        )
        return graded(candidate, grades)

    candidates = [
        make("N001", "Admirable", {"*": "12"}),
        make("N002", "Bordeline", {"*": "10", "E1": "9.99"}),
        make("N003", "Cerise", {"*": "9.5"}),
        make("N004", "Dorade", {"*": "7.5"}, other),
        make("N005", "Escargot", {"*": "12", "E3": "absent"}),
    ]
    member = UserFactory(role=Role.JURY, academy=office.academy, username="membre")
    return services.jury_create(
        session=session,
        academy=office.academy,
        name="Jury G",
        members=[member],
        candidates=candidates,
        actor=office,
    )


def grid(client, jury, **params):
    response = client.get(reverse("jury_grid", args=[jury.pk]), params)
    assert response.status_code == 200
    return response


def numbers(response):
    return [row.candidate.number for row in response.context["page"].rows]


def test_the_grid_shows_states_as_states_and_averages_never_rounded_across_the_pass_mark(
    client, grid_jury, office
):
    client.force_login(office)
    response = grid(client, grid_jury)
    rows = {row.candidate.number: row for row in response.context["page"].rows}
    assert list(rows) == ["N001", "N002", "N003", "N004", "N005"]
    exams = response.context["page"].exams
    absent = rows["N005"].cells[exams.index("E3")]
    assert absent.text == "ABS" and "absent" in absent.title
    html = response.content.decode()
    assert ">ABS<" in html
    # 9,99… is below the pass mark: never displayed as « 10,00 ».
    assert rows["N002"].average.startswith("9,99") and rows["N002"].average != "10,00"
    assert rows["N002"].decision.value != "admitted"
    assert rows["N001"].average == "12,00" and rows["N001"].decision.value == "admitted"
    assert "Admirable".upper() in html and "Lycée Autre" in html


def test_filters_by_decision_bands_below_the_thresholds_changes_and_establishment(
    client, grid_jury, office
):
    client.force_login(office)
    assert numbers(grid(client, grid_jury, decision="admitted")) == ["N001"]
    # Below the pass mark (10, CE D643-22) by a point: 9,99… and 9,5, not 12 nor 7,5.
    assert numbers(grid(client, grid_jury, moyenne="pass")) == ["N002", "N003"]
    # Below the resit threshold (8, from 2025): 7,5.
    assert numbers(grid(client, grid_jury, moyenne="resit")) == ["N004"]
    establishment = grid_jury.assignments.get(candidate__number="N004").candidate.establishment
    assert numbers(grid(client, grid_jury, etablissement=establishment.pk)) == ["N004"]
    eligible = numbers(grid(client, grid_jury, controle="1"))
    assert all(
        r.decision.value == "resit_eligible"
        for r in grid(client, grid_jury, controle="1").context["page"].rows
    )
    assert "N001" not in eligible
    assert numbers(grid(client, grid_jury, modifie="1")) == []
    candidate = grid_jury.assignments.get(candidate__number="N003").candidate
    services.jury_grade_change(
        jury=grid_jury, candidate=candidate, exam="E1", value="11", reason="Livret", actor=office
    )
    response = grid(client, grid_jury, modifie="1")
    assert numbers(response) == ["N003"]
    assert "(jury)" in response.content.decode()


def test_sorts_by_name_average_and_decision(client, grid_jury, office):
    client.force_login(office)
    assert numbers(grid(client, grid_jury, tri="name")) == ["N001", "N002", "N003", "N004", "N005"]
    by_average = numbers(grid(client, grid_jury, tri="average"))
    assert by_average[:3] == ["N004", "N003", "N002"]
    assert numbers(grid(client, grid_jury, tri="-average"))[-3:] == ["N002", "N003", "N004"]
    decisions = [r.decision for r in grid(client, grid_jury, tri="decision").context["page"].rows]
    assert decisions[0].value == "admitted"


def test_pages_and_bad_parameters_are_ignored(client, grid_jury, office, small_pages):
    client.force_login(office)
    first = grid(client, grid_jury, tri="number")
    assert first.context["pagination"].count == 5
    response = client.get(
        reverse("jury_grid", args=[grid_jury.pk]),
        {"decision": "zzz", "moyenne": "x", "etablissement": "abc", "tri": "evil", "page": "-3"},
    )
    assert response.status_code == 200
    assert numbers(response) == ["N001", "N002", "N003", "N004", "N005"]


def test_previous_and_next_follow_the_grids_filters_and_sort(client, grid_jury, office):
    client.force_login(office)
    grid(client, grid_jury)  # the grid computes the proposals its order reads
    pks = {a.candidate.number: a.candidate.pk for a in grid_jury.assignments.all()}
    response = client.get(
        reverse("deliberation_detail", args=[pks["N003"]]), {"moyenne": "pass", "tri": "-average"}
    )
    context = response.context
    # 9,99… then 9,5 in the band below the pass mark, the highest average first.
    assert context["previous_url"] == (
        reverse("deliberation_detail", args=[pks["N002"]]) + "?moyenne=pass&tri=-average"
    )
    assert context["next_url"] == ""
    assert context["grid_url"].endswith("?moyenne=pass&tri=-average")
    html = response.content.decode()
    assert 'id="grid-previous"' in html and 'id="grid-next"' not in html
    # Without filters: the number order.
    plain = client.get(reverse("deliberation_detail", args=[pks["N003"]])).context
    assert plain["previous_url"] == reverse("deliberation_detail", args=[pks["N002"]])
    assert plain["next_url"] == reverse("deliberation_detail", args=[pks["N004"]])


def test_a_jury_member_sees_his_jury_only_and_a_centre_nothing(client, grid_jury, office, jury):
    member = grid_jury.members.get()
    client.force_login(member)
    assert client.get(reverse("jury_grid", args=[grid_jury.pk])).status_code == 200
    assert client.get(reverse("jury_grid", args=[jury.pk])).status_code == 404
    centre = UserFactory(role=Role.TRAINING_CENTRE, academy=office.academy)
    client.force_login(centre)
    assert client.get(reverse("jury_grid", args=[grid_jury.pk])).status_code == 403


def test_the_grid_makes_a_fixed_number_of_queries_whatever_the_rows(
    client, grid_jury, office, session
):
    client.force_login(office)
    grid(client, grid_jury)  # the proposals are computed once
    with CaptureQueriesContext(connection) as few:
        grid(client, grid_jury)
    more = [
        complete(CandidateFactory(session=session, academy=office.academy), value=v)
        for v in ("11", "9", "13", "6")
    ]
    services.jury_assign(jury=grid_jury, candidates=more, actor=office)
    grid(client, grid_jury)
    with CaptureQueriesContext(connection) as many:
        response = grid(client, grid_jury)
    assert len(response.context["page"].rows) == 9
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]


def test_the_bands_are_read_from_the_regulation_the_resit_band_only_with_resit_orals():
    bands = {band.key: band for band in average_bands(2025)}
    rules = session_rules(2025)
    assert (bands["pass"].low, bands["pass"].high) == (rules.pass_mark_exact - 1, 10)
    assert (bands["resit"].low, bands["resit"].high) == (rules.fail_exact - 1, 8)
    assert bands["pass"].holds(Fraction(6999, 700)) and not bands["pass"].holds(Fraction(10))
    # No resit orals before 2025 (CE D643-22 as amended, from the 2025 session).
    assert [band.key for band in average_bands(2024)] == ["pass"]


def test_a_candidate_a_change_takes_out_of_the_filter_still_leads_to_the_next(
    client, grid_jury, office
):
    client.force_login(office)
    grid(client, grid_jury, moyenne="pass")
    pks = {a.candidate.number: a.candidate.pk for a in grid_jury.assignments.all()}
    response = client.post(
        reverse("jury_change_new", args=[pks["N002"]]) + "?moyenne=pass",
        {"exam": "E1", "value": "12", "reason": "Livret"},
    )
    assert response.status_code == 302 and response["Location"].endswith("?moyenne=pass")
    grid(client, grid_jury)  # admitted now: out of the band
    assert numbers(grid(client, grid_jury, moyenne="pass")) == ["N003"]
    context = client.get(response["Location"]).context
    assert context["next_url"] == (
        reverse("deliberation_detail", args=[pks["N003"]]) + "?moyenne=pass"
    )


def test_a_session_without_resit_orals_offers_neither_their_band_nor_their_filter(client):
    session = ExamSessionFactory(year=2024)
    office = UserFactory(role=Role.EXAM_OFFICE, academy=AcademyFactory(code="B01"))
    CandidateFactory(session=session, academy=office.academy)
    jury = services.jury_create(
        session=session, academy=office.academy, name="Jury 2024", members=[], candidates=[]
    )
    client.force_login(office)
    html = grid(client, jury).content.decode()
    assert 'value="pass"' in html
    assert 'value="resit"' not in html and 'id="filter-resit"' not in html
