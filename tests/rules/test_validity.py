"""One rule of validity (CE D643-15, DEC D17, D36): the exam plan credits a unit of the BTS NRC
exactly when the results engine counts its grade."""

from decimal import Decimal

import pytest

from ndrc.rules.candidate import CandidateProfile, NrcUnitHeld
from ndrc.rules.candidate_category import Route
from ndrc.rules.exam_plan import exam_plan
from ndrc.rules.exam_plan.model import ExamStatus
from ndrc.rules.grades import CarriedOver, Grade, GradeState
from ndrc.rules.results import ResultInput, deliberate
from ndrc.rules.validity import grade_validity

PASSED = {c: Grade(GradeState.GRADE, Decimal(10)) for c in ("E1", "E2", "E3", "E5W", "E5P", "E6")}


@pytest.mark.parametrize("session", range(2020, 2027))
@pytest.mark.parametrize("obtained", range(2014, 2020))
def test_the_plan_credits_an_nrc_unit_exactly_when_the_results_count_its_grade(
    obtained: int, session: int
) -> None:
    candidate = CandidateProfile(
        route=Route.PROFESSIONAL_EXPERIENCE,
        lv1="anglais",
        nrc_units=(NrcUnitHeld(unit="U4", session=obtained),),
    )
    plan = exam_plan(candidate, session)
    credited = plan.exam("E4").status is ExamStatus.CARRIED_OVER
    carried = Grade(
        GradeState.CARRIED_OVER, Decimal(12), carried=CarriedOver(session=obtained, origin="nrc")
    )
    result = deliberate(
        ResultInput(candidate=candidate, session=session, grades={**PASSED, "E4": carried})
    )
    counted = next(u for u in result.units if u.exam == "E4").value is not None
    assert credited == counted == (session <= obtained + 5)


def test_a_grade_counts_from_the_next_session_to_five_years_later() -> None:
    assert grade_validity(obtained=2019, session=2024).counts
    assert grade_validity(obtained=2019, session=2025).expired
    assert not grade_validity(obtained=2025, session=2025).earlier
    assert grade_validity(obtained=2020, session=2025).valid_until == 2025
