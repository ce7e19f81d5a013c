"""The épreuves de contrôle scheduled in the resit days (DEC D100): the job with the real
solver and the real checker, the schedule applied like the main one, the convocation naming
each resit oral, and « Planifier les oraux de contrôle » from the candidates' choices."""

import datetime as dt

import pytest
from django.urls import reverse

from ndrc.rules.exam_days import extra_time
from ndrc.web.candidates.selectors import candidates_read
from ndrc.web.deliberations.models import ResitChoice
from ndrc.web.jobs.models import Job, JobState
from ndrc.web.scheduling import planning_jobs, services
from ndrc.web.scheduling.convocation_candidates import candidate_convocations
from ndrc.web.scheduling.convocation_common import applied_schedules
from ndrc.web.scheduling.models import (
    CentreOpening,
    ExaminerAvailability,
    Schedule,
    Sitting,
)
from ndrc.web.sessions.models import ExamCentre
from tests.web.scheduling.world import examiner, small_world

pytestmark = pytest.mark.django_db
PASSWORD = "pw-for-tests-123"
RESIT_DAYS = (dt.date(2025, 7, 7), dt.date(2025, 7, 8))


def resit_world():
    """The small world, its two centres open on the resit days, a CGE and a CEJM teacher,
    and the language teacher available then."""
    world = small_world()
    centres = list(ExamCentre.objects.filter(academy=world.academy))
    CentreOpening.objects.bulk_create(
        CentreOpening(session=world.session, centre=c, date=d, half=h)
        for c in centres
        for d in RESIT_DAYS
        for h in (0, 1)
    )
    cge = examiner(world.session, world.academy, world.centre, "Mercier", ["cge"])
    cejm = examiner(world.session, world.academy, world.centre, "Dupuis", ["cejm"])
    ExaminerAvailability.objects.bulk_create(
        ExaminerAvailability(examiner=e, date=d, half=h)
        for e in (cge, cejm, world.examiners["lang"])
        for d in RESIT_DAYS
        for h in (0, 1)
    )
    return world


def test_two_candidates_resit_orals_are_scheduled_checked_applied_and_convened():
    world = resit_world()
    first, second = world.candidates[0], world.candidates[1]
    job = planning_jobs.schedule_plan_start(
        session=world.session,
        academy=world.academy,
        actor=world.office,
        purpose=Schedule.RESIT,
        resits={first.pk: ["U1", "U2"], second.pk: ["U1", "U3"]},
        time_limit=10,
    )
    assert job.state == JobState.DONE, (job.message, job.result)
    schedule = Schedule.objects.get(pk=job.result["schedule"])
    assert schedule.purpose == Schedule.RESIT and schedule.status == Schedule.DRAFT
    assert schedule.report["checker"] == {"checked": True, "violations": []}
    sittings = Sitting.objects.filter(commission__schedule=schedule).select_related("commission")
    assert sorted((s.candidate.number, s.exam) for s in sittings) == [
        ("25000001", "CU1"),
        ("25000001", "CU2"),
        ("25000002", "CU1"),
        ("25000002", "CU3"),
    ]
    assert {s.commission.date for s in sittings} <= set(RESIT_DAYS)
    plain = sittings.get(candidate=first, exam="CU1")
    assert (plain.end - plain.start, plain.start - plain.loge_start) == (20, 20)
    longer = sittings.get(candidate=second, exam="CU1")  # extra time: a third more
    assert longer.end - longer.start == 20 + extra_time(20)
    cu3 = sittings.get(candidate=second, exam="CU3").commission
    assert [m.last_name for m in cu3.members.all()] == ["Dupuis"]

    services.schedule_apply(schedule=schedule, actor=world.office)
    schedule.refresh_from_db()
    assert schedule.status == Schedule.APPLIED
    ids = applied_schedules(session_id=world.session.pk, academy_id=world.academy.pk)
    assert schedule.pk in ids
    data = candidate_convocations(candidates_read([first.pk]), schedule_ids=ids)[first.pk]
    labels = {e.code: e.label for e in data.exams}
    assert labels["CU1"] == "Épreuve de contrôle — U1 Culture générale et expression"
    assert labels["CU2"] == "Épreuve de contrôle — U2 Communication en langue vivante étrangère 1"
    assert {e.date for e in data.exams if e.code.startswith("CU")} <= set(RESIT_DAYS)


def test_the_exam_office_plans_the_resit_orals_of_the_candidates_who_chose(client, settings):
    world = resit_world()
    settings.NDRC_SCHEDULE_SECONDS = 10
    world.office.set_password(PASSWORD)
    world.office.save()
    client.login(username=world.office.username, password=PASSWORD)
    page = client.get(reverse("resit_orals")).content.decode()
    assert 'id="no-resit-choice"' in page
    refused = client.post(reverse("resit_orals_schedule"), follow=True).content.decode()
    assert "Aucun candidat n&#x27;a choisi ses épreuves de contrôle." in refused
    assert not Job.objects.exists()
    ResitChoice.objects.create(
        candidate=world.candidates[2], units=["U2", "U3"], chosen_by=world.office
    )
    page = client.get(reverse("resit_orals")).content.decode()
    assert "25000003" in page and "U2, U3" in page and 'id="resit-schedule"' in page
    response = client.post(reverse("resit_orals_schedule"))
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/{job.pk}/")
    assert job.state == JobState.DONE, (job.message, job.result)
    assert job.params["purpose"] == Schedule.RESIT
    assert job.params["resits"] == {str(world.candidates[2].pk): ["U2", "U3"]}
    schedule = Schedule.objects.get(pk=job.result["schedule"])
    assert sorted(
        Sitting.objects.filter(commission__schedule=schedule).values_list("exam", flat=True)
    ) == ["CU2", "CU3"]
    # The resit schedule is listed on the page and on the schedule overview.
    assert (
        reverse("schedule_detail", args=[schedule.pk])
        in client.get(reverse("resit_orals")).content.decode()
    )
