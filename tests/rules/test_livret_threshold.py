"""A failure near a threshold requires the livret to have been opened (CE D643-26): within
one point below the pass mark, or below the resit orals' threshold where they are open."""

from fractions import Fraction

import pytest

from ndrc.rules.livret import livret_problem, near_margin, near_threshold, pix_required
from ndrc.rules.results import Decision


def test_the_margin_is_one_point():
    assert near_margin() == 1


@pytest.mark.parametrize(
    ("decision", "average", "session", "near"),
    [
        (Decision.FAILED, Fraction(9), 2025, True),
        (Decision.FAILED, Fraction(999, 100), 2025, True),
        (Decision.FAILED, Fraction(899, 100), 2025, False),
        (Decision.FAILED, Fraction(7), 2025, True),  # within a point below 8 (resit orals)
        (Decision.FAILED, Fraction(699, 100), 2025, False),
        (Decision.FAILED, Fraction(7), 2023, False),  # no resit orals before 2025
        (Decision.FAILED_AFTER_RESIT, Fraction(95, 10), 2025, True),
        (Decision.ADMITTED, Fraction(10), 2025, False),
        (Decision.RESIT_ELIGIBLE, Fraction(9), 2025, False),
        (Decision.FAILED, None, 2025, False),
    ],
)
def test_near_a_threshold(decision, average, session, near):
    assert near_threshold(decision=decision, average=average, session=session) is near


def test_the_problem_only_for_an_unopened_livret_that_exists():
    assert livret_problem(opened=True, has_livret=True, near=True) is None
    assert livret_problem(opened=False, has_livret=False, near=True) is None
    assert livret_problem(opened=False, has_livret=True, near=False) is None
    problem = livret_problem(opened=False, has_livret=True, near=True)
    assert problem is not None and problem.startswith("ajourné près d'un seuil")
    assert "CE D643-26" in problem


def test_the_pix_mention_from_2022():
    assert pix_required(2022) and not pix_required(2021)
