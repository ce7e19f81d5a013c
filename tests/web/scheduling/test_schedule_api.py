"""The API of the schedule's sittings: scoped like the pages, filterable."""

import pytest
from rest_framework.test import APIClient

from ndrc.web.accounts.roles import Role
from ndrc.web.scheduling.models import Sitting
from tests.factories import UserFactory
from tests.web.scheduling.test_schedule_pages import applied
from tests.web.scheduling.world import DAYS, small_world

pytestmark = pytest.mark.django_db
URL = "/api/v1/exam-days/sittings/"


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_the_office_reads_every_sitting_and_filters_them():
    world = small_world()
    schedule = applied(world)
    office = api(world.office)
    body = office.get(URL).json()
    assert body["count"] == Sitting.objects.filter(commission__schedule=schedule).count() == 13
    row = body["results"][0]
    assert set(row) >= {"candidate_number", "exam", "centre", "room", "date", "start_time"}
    assert office.get(URL, {"candidate": "25000002"}).json()["count"] == 4
    assert office.get(URL, {"centre": "C02"}).json()["count"] == 4
    day = DAYS[0]
    expected = Sitting.objects.filter(commission__schedule=schedule, commission__date=day).count()
    assert office.get(URL, {"date": day.strftime("%d/%m/%Y")}).json()["count"] == expected
    examiner = world.examiners["lang"]
    assert (
        office.get(URL, {"examiner": examiner.pk}).json()["count"]
        == Sitting.objects.filter(commission__members=examiner).count()
    )
    refused = office.get(URL, {"date": "31/02/2025"})
    assert refused.status_code == 400 and "Date illisible" in refused.json()["detail"]
    assert office.get(URL, {"examiner": "x"}).status_code == 400


def test_an_examiner_reads_only_his_or_her_commissions_and_a_stranger_nothing():
    world = small_world()
    schedule = applied(world)
    mine = api(world.examiner_user).get(URL).json()
    expected = Sitting.objects.filter(
        commission__schedule=schedule, commission__members=world.examiners["bloc1"]
    ).count()
    assert mine["count"] == expected > 0
    stranger = UserFactory(role=Role.EXAM_OFFICE)
    assert api(stranger).get(URL).json()["count"] == 0
    assert api(stranger).get(URL, {"schedule": schedule.pk}).status_code == 404
