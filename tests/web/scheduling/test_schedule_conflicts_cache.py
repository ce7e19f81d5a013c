"""A schedule's conflicts are computed once per revision of the data: a page read again does
not build the instance again; a change of availability (through its page) builds it again and
the new conflict shows where it bites."""

import pytest
from django.test import Client
from django.urls import reverse

from ndrc.web.scheduling import build, planning_jobs, services
from ndrc.web.scheduling.models import Commission, Schedule
from tests.web.scheduling.world import small_world

pytestmark = pytest.mark.django_db


def test_the_verdict_is_kept_until_the_availability_changes(monkeypatch):
    world = small_world()
    job = planning_jobs.schedule_plan_start(
        session=world.session, academy=world.academy, actor=world.office, time_limit=10
    )
    schedule = services.schedule_apply(
        schedule=Schedule.objects.get(pk=job.result["schedule"]), actor=world.office
    )
    builds = []
    original = build.instance_build

    def counted(**kwargs):
        builds.append(kwargs)
        return original(**kwargs)

    monkeypatch.setattr(build, "instance_build", counted)
    office = Client()
    office.force_login(world.office)
    detail = reverse("schedule_detail", args=[schedule.pk])

    office.get(detail)
    second = office.get(detail).content.decode()
    assert len(builds) == 1
    assert 'class="schedule-conflict"' not in second

    commission = Commission.objects.filter(schedule=schedule, exam="E4").order_by("pk").first()
    member = commission.members.order_by("pk").first()
    kept = [
        f"{a.date.isoformat()}:{a.half}"
        for a in member.availability.all()
        if (a.date, a.half) != (commission.date, commission.half)
    ]
    answer = office.post(
        reverse("exam_day_examiner", args=[member.pk]),
        {"action": "availability", "half_day": kept},
    )
    assert answer.status_code == 302

    page = office.get(detail).content.decode()
    assert len(builds) == 2
    assert f'<tr data-commission="{commission.pk}" class="schedule-conflict">' in page
    assert "pas disponible" in page
    office.get(detail)
    assert len(builds) == 2
