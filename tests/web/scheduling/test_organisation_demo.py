"""The demo session's exam days: every candidate has a centre, the centres have rooms, posts,
loge seats and openings, the calendar is entered, and every épreuve to organise has an
examiner available for each seat of its commission."""

import pytest

from ndrc.web.scheduling.models import CentreOpening, OralWindow, Room, WrittenSitting
from ndrc.web.scheduling.organisation_selectors import candidate_centres, supply_demand
from ndrc.web.sessions.models import Academy, ExamSession

pytestmark = pytest.mark.django_db


def test_the_demo_has_what_the_scheduler_needs(demo):
    session = ExamSession.objects.get(year=2025)
    academy = Academy.objects.get()
    centres = candidate_centres(session=session, academy=academy)
    assert centres and None not in centres.values()
    assert Room.objects.filter(kind="computer", posts__gt=0).count() == 2
    assert CentreOpening.objects.filter(session=session).count() == 2 * 8 * 2
    assert OralWindow.objects.get(session=session).half_day_minutes == 240
    assert set(WrittenSitting.objects.values_list("exam", flat=True)) == {"E1", "E3", "E5W"}
    demand = supply_demand(session=session, academy=academy)
    assert {d.exam for d in demand} >= {"E2", "E4", "E5P", "E6"}
    assert [(d.centre, d.exam, d.language) for d in demand if d.missing] == []
