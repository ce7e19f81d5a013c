"""The dates of a period of internship or work (internships/period_checks.py,
data/internship_periods.yaml): within the training, not after the exam, overlaps pointed out."""

import datetime as dt

from ndrc.rules.internships import InternshipRoute, Period, PeriodKind
from ndrc.rules.internships.period_checks import (
    exam_bound,
    overlaps,
    period_problems,
    training_start,
)

D = dt.date


def problems(start, end, kind=PeriodKind.INTERNSHIP, route=InternshipRoute.SCHOOL, **kw):
    kw.setdefault("exam_date", D(2025, 6, 2))
    return period_problems(start=start, end=end, kind=kind, session=2025, route=route, **kw)


def test_the_training_begins_at_the_rentree_two_years_before_the_session():
    assert training_start(session=2025, route=InternshipRoute.SCHOOL) == D(2023, 9, 1)
    # A candidate who sat session 2024 trained for it.
    assert training_start(session=2025, route=InternshipRoute.SCHOOL, earliest_session=2024) == D(
        2022, 9, 1
    )
    # Work certificates of experience candidates are not part of a training.
    assert training_start(session=2025, route=InternshipRoute.EXPERIENCE) is None


def test_a_sound_period_has_no_problem():
    assert problems(D(2023, 11, 6), D(2023, 12, 22)) == []


def test_a_period_after_the_exam_or_before_the_training_is_refused():
    (late,) = [p for p in problems(D(2025, 1, 6), D(2027, 2, 14)) if p.field == "end"]
    assert "postérieure à l'examen" in late.message and "02/06/2025" in late.message
    assert late.citation.source.id == "A2018"
    (early,) = problems(D(2022, 6, 1), D(2022, 7, 1))
    assert early.field == "start" and "01/09/2023" in early.message
    # Several problems at once: the end before the start and the start after the exam.
    assert {p.field for p in problems(D(2027, 1, 10), D(2026, 12, 1))} == {"start", "end"}


def test_without_an_oral_date_the_bound_is_the_end_of_the_session_year():
    assert exam_bound(session=2025, exam_date=None) == D(2025, 12, 31)
    assert problems(D(2025, 9, 1), D(2025, 10, 1), exam_date=None) == []
    assert problems(D(2026, 1, 5), D(2026, 1, 9), exam_date=None)


def test_a_contract_may_start_before_the_training_and_run_after_the_exam():
    contract = PeriodKind.APPRENTICESHIP_CONTRACT
    route = InternshipRoute.APPRENTICESHIP
    assert problems(D(2023, 7, 1), D(2025, 8, 31), kind=contract, route=route) == []
    (gone,) = problems(D(2021, 9, 1), D(2023, 6, 30), kind=contract, route=route)
    assert gone.field == "end"


def test_overlapping_periods_are_pointed_out():
    periods = [
        Period("A", D(2024, 1, 8), D(2024, 2, 9)),
        Period("B", D(2024, 2, 5), D(2024, 3, 1)),
        Period("C", D(2024, 5, 13), D(2024, 7, 5)),
    ]
    (found,) = overlaps(periods)
    assert (found.first, found.second, found.days) == (0, 1, 5)
