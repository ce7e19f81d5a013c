"""The schedule's pages: the exam office establishes, reads value / bound, applies with a
confirmation; each user sees his or her part (404 outside); a conflict shows where it
bites."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from ndrc.web.accounts.roles import Role
from ndrc.web.jobs.models import Job, JobState
from ndrc.web.scheduling import planning_jobs, services
from ndrc.web.scheduling.models import Commission, Examiner, Schedule, Sitting
from tests.factories import UserFactory
from tests.web.scheduling.world import small_world

pytestmark = pytest.mark.django_db


def client(user):
    c = Client()
    c.force_login(user)
    return c


def applied(world):
    job = planning_jobs.schedule_plan_start(
        session=world.session, academy=world.academy, actor=world.office, time_limit=10
    )
    schedule = Schedule.objects.get(pk=job.result["schedule"])
    return services.schedule_apply(schedule=schedule, actor=world.office)


def text(response):
    return re.sub(r"\s+", " ", response.content.decode())


def test_the_office_establishes_reads_value_and_bound_and_applies_with_a_confirmation(
    settings,
):
    world = small_world()
    settings.NDRC_SCHEDULE_SECONDS = 10
    office = client(world.office)
    page = office.get(reverse("schedule_overview"))
    assert page.status_code == 200
    assert "Aucun planning n'est encore appliqué." in text(page)
    response = office.post(reverse("schedule_establish"))
    job = Job.objects.get(kind=planning_jobs.PLAN_KIND)
    assert response["Location"] == reverse("job_detail", args=[job.pk])
    assert job.state == JobState.DONE, job.message
    draft = Schedule.objects.get()
    detail = text(office.get(reverse("schedule_detail", args=[draft.pk])))
    report = draft.report
    assert (
        f'id="centre-days">{report["values"]["centre_days"]} / '
        f"{report['bounds']['centre_days']}<" in detail
    )
    assert "aucune contrainte violée" in detail
    assert "Lycée Blaise-Pascal" in detail and "25000001" in detail
    # Without the confirmation nothing changes.
    office.post(reverse("schedule_apply", args=[draft.pk]))
    draft.refresh_from_db()
    assert draft.status == Schedule.DRAFT
    follow = office.post(
        reverse("schedule_apply", args=[draft.pk]), {"confirm": "yes"}, follow=True
    )
    draft.refresh_from_db()
    assert draft.status == Schedule.APPLIED
    assert "Planning appliqué" in text(follow)


def test_an_examiner_sees_only_his_or_her_day(monkeypatch):
    world = small_world()
    schedule = applied(world)
    mine = world.examiners["bloc1"]
    other = world.examiners["pro"]
    examiner = client(world.examiner_user)
    day = examiner.get(reverse("schedule_examiner_day", args=[mine.pk]))
    assert day.status_code == 200
    own = set(
        Sitting.objects.filter(commission__schedule=schedule, commission__members=mine).values_list(
            "candidate__number", flat=True
        )
    )
    shown = set(re.findall(r'data-candidate="(\d+)"', day.content.decode()))
    assert shown == own
    assert examiner.get(reverse("schedule_examiner_day", args=[other.pk])).status_code == 404
    # The schedule's page shows him or her only his or her commissions.
    page = examiner.get(reverse("schedule_detail", args=[schedule.pk])).content.decode()
    listed = {int(pk) for pk in re.findall(r'data-commission="(\d+)"', page)}
    assert listed == set(
        Commission.objects.filter(schedule=schedule, members=mine).values_list("pk", flat=True)
    )
    # « Ma journée » from the overview.
    overview = examiner.get(reverse("schedule_overview")).content.decode()
    assert reverse("schedule_examiner_day", args=[mine.pk]) in overview
    # An examiner of another académie's session: nothing.
    stranger = UserFactory(role=Role.EXAMINER)
    assert client(stranger).get(reverse("schedule_detail", args=[schedule.pk])).status_code == 404


def test_a_candidate_sees_his_or_her_sittings_and_no_one_else_s():
    world = small_world()
    applied(world)
    first, second, _ = world.candidates
    first.user = UserFactory(role=Role.CANDIDATE, academy=world.academy)
    first.save()
    mine = client(first.user)
    page = mine.get(reverse("schedule_candidate", args=[first.pk]))
    assert page.status_code == 200
    assert set(re.findall(r'data-exam="(\w+)"', page.content.decode())) == {
        "E2",
        "E4",
        "E5P",
        "E6",
    }
    assert mine.get(reverse("schedule_candidate", args=[second.pk])).status_code == 404
    centre = UserFactory(
        role=Role.TRAINING_CENTRE, academy=world.academy, establishment=world.establishment
    )
    assert client(centre).get(reverse("schedule_candidate", args=[second.pk])).status_code == 200


def test_a_withdrawal_shows_on_the_commission_and_the_day_then_replanning_lists_the_changes():
    world = small_world()
    schedule = applied(world)
    gone = Examiner.objects.filter(commissions__schedule=schedule).order_by("pk").first()
    office = client(world.office)
    office.post(reverse("schedule_examiner_withdraw", args=[gone.pk]), {"reason": "Malade"})
    gone.refresh_from_db()
    assert gone.withdrawn
    page = office.get(reverse("schedule_detail", args=[schedule.pk])).content.decode()
    bitten = Commission.objects.filter(schedule=schedule, members=gone)
    for commission in bitten:
        row = re.search(rf'<tr data-commission="{commission.pk}" class="schedule-conflict">', page)
        assert row, commission
    assert 'id="conflicts"' in page
    day = office.get(reverse("schedule_examiner_day", args=[gone.pk])).content.decode()
    assert 'id="examiner-conflicts"' in day and 'id="withdrawn"' in day
    office.post(reverse("schedule_replan"), {"reason": "Désistement"})
    draft = Schedule.objects.get(status=Schedule.DRAFT)
    shown = office.get(reverse("schedule_detail", args=[draft.pk])).content.decode()
    assert 'id="changed"' in shown
    for line in draft.report["changed"]:
        assert f'data-changed="{line["candidate"]}"' in shown
    assert "remplace le planning appliqué" in shown


def test_a_changed_availability_and_a_lost_room_show_where_they_bite():
    world = small_world()
    schedule = applied(world)
    commission = Commission.objects.filter(schedule=schedule, exam="E4").first()
    member = commission.members.order_by("pk").first()
    member.availability.filter(date=commission.date, half=commission.half).delete()
    office = client(world.office)
    day = office.get(reverse("schedule_examiner_day", args=[member.pk])).content.decode()
    assert 'id="examiner-conflicts"' in day
    assert f'<tr data-commission="{commission.pk}" class="schedule-conflict">' in day
    # The other commissions of the day are untouched.
    others = Commission.objects.filter(schedule=schedule).exclude(members=member)
    page = office.get(reverse("schedule_detail", args=[schedule.pk])).content.decode()
    for other in others:
        assert f'<tr data-commission="{other.pk}">' in page
    room = Commission.objects.filter(schedule=schedule, exam="E6").first().room
    office.post(reverse("schedule_room_lose", args=[room.pk]), {"reason": "Dégât des eaux"})
    page = office.get(reverse("schedule_detail", args=[schedule.pk])).content.decode()
    for lost in Commission.objects.filter(schedule=schedule, room=room):
        assert f'<tr data-commission="{lost.pk}" class="schedule-conflict">' in page
    assert "indisponible" in page
