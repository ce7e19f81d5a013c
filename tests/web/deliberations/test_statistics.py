"""The « Statistiques » pages (issue 18): pass rates by establishment, route, column and centre,
decisions by column, each épreuve's distribution (states counted apart, never as 0), the
previous session of the académie beside them; who sees which figures; the PNGs."""

from fractions import Fraction

import pytest
from django.urls import reverse

from ndrc.rules.candidate_category import Route
from ndrc.web.candidates.grade_services import GradeWrite, grade_set
from ndrc.web.candidates.models import Candidate, Grade
from ndrc.web.deliberations import services
from ndrc.web.deliberations.statistics_selectors import (
    gap_text,
    rate_text,
)
from ndrc.web.deliberations.statistics_views import session_figures
from ndrc.web.sessions.models import ExamCentre
from tests.factories import CandidateFactory, EstablishmentFactory
from tests.web.conftest import complete

pytestmark = pytest.mark.django_db


def test_rates_and_gaps_are_written_in_french():
    assert rate_text(Fraction(724, 1000)) == "72,4 %"
    assert rate_text(Fraction(2, 3)) == "66,7 %"
    assert rate_text(None) == "—"
    assert gap_text(Fraction(3, 4), Fraction(1, 2)) == "+25,0 pts"
    assert gap_text(Fraction(1, 2), Fraction(51, 100)) == "−1,0 pt"
    assert gap_text(Fraction(1, 2), None) == "—"


@pytest.fixture
def world(jury, office, session):
    """The jury's two school candidates of a public lycée served by a centre (12 and 8 at every
    épreuve), an apprentice of another establishment, not habilitated, without a centre, absent
    at E4 (12 elsewhere); the previous session: four arrested results of the académie."""
    first = jury.assignments.order_by("pk").first().candidate
    lycee = first.establishment
    lycee.exam_centre = ExamCentre.objects.create(
        code="C1", name="Centre Voltaire", academy=office.academy
    )
    lycee.save()
    cfa = EstablishmentFactory(academy=office.academy, name="CFA Pascal", habilitation="aucune")
    apprentice = complete(
        CandidateFactory(
            session=session,
            academy=office.academy,
            establishment=cfa,
            route=Route.APPRENTICESHIP,
            last_name="Zola",
        )
    )
    grade = Grade.objects.get(candidate=apprentice, exam="E4")
    grade_set(
        candidate=apprentice,
        write=GradeWrite("E4", "absent", None),
        actor=office,
        expected_version=grade.version,
    )
    services.jury_assign(jury=jury, candidates=[apprentice], actor=office)
    return jury


def test_explore(world, office, client):
    client.force_login(office)
    client.get(reverse("statistics"))
    figures = session_figures(user=office)
    print(figures)
    print(list(Candidate.objects.values_list("last_name", "route", "proposed__decision")))
