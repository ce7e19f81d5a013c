"""The extra time a convocation tells comes from the épreuve's regulated duration and the
rule (`ndrc.rules.exam_days.extra_minutes`), not from the length of the sitting: a sitting the
schedule made longer than the épreuve (a free slot after it) does not lengthen the extra time
the candidate and the examiners read (DEC D94: at most one third of the épreuve)."""

import pytest

from ndrc.web.candidates.selectors import candidates_read
from ndrc.web.scheduling.convocation_candidates import candidate_convocations
from ndrc.web.scheduling.convocation_examiners import examiner_convocations
from ndrc.web.scheduling.models import Sitting
from tests.web.scheduling.convocation_world import exam_days

pytestmark = pytest.mark.django_db


def _lengthened(world, minutes):
    """Each sitting of the world made ``minutes`` long (E4 is a 40-minute oral)."""
    for sitting in Sitting.objects.filter(commission=world["commission"]):
        sitting.end = sitting.start + minutes
        sitting.save()


def _oral(world):
    candidate = candidates_read([world["candidates"][0].pk])[0]
    data = candidate_convocations([candidate], schedule_ids=[world["schedule"].pk])[candidate.pk]
    return next(e for e in data.exams if e.code == "E4")


def _examiners_row(world):
    data = examiner_convocations([world["teacher"]], schedule_ids=[world["schedule"].pk])
    return data[world["teacher"].pk].half_days[0].candidates[0]


def test_with_the_arrangement_the_extra_time_is_one_third_of_the_regulated_duration():
    world = exam_days(extra_time=True)
    _lengthened(world, 60)
    oral = _oral(world)
    assert (oral.duration, oral.extra, oral.end - oral.start) == (40, 13, 60)
    assert _examiners_row(world).extra == 13


def test_without_the_arrangement_a_longer_sitting_gives_no_extra_time():
    world = exam_days()
    _lengthened(world, 60)
    oral = _oral(world)
    assert (oral.duration, oral.extra) == (40, 0)
    assert _examiners_row(world).extra == 0
