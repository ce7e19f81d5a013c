"""« Établir le planning », applying it, re-planning: the real solver, the real checker."""

import pytest
from django.core.exceptions import ValidationError

from ndrc.planning.schedule import Schedule as PlannedSchedule
from ndrc.planning.solver import solve
from ndrc.web.audit.models import AuditEntry
from ndrc.web.grading.models import ExaminerAssignment
from ndrc.web.jobs.models import JobState
from ndrc.web.scheduling import organisation_services, planning_jobs, services
from ndrc.web.scheduling.models import Commission, Examiner, Schedule, Sitting
from tests.web.scheduling.world import small_world

pytestmark = pytest.mark.django_db


def establish(world, **kwargs):
    return planning_jobs.schedule_plan_start(
        session=world.session, academy=world.academy, actor=world.office, time_limit=10, **kwargs
    )


def test_the_job_stores_a_checked_draft_with_its_commissions_and_report():
    world = small_world()
    job = establish(world)
    assert job.state == JobState.DONE, (job.message, job.result)
    schedule = Schedule.objects.get(pk=job.result["schedule"])
    assert schedule.status == Schedule.DRAFT and schedule.purpose == Schedule.MAIN
    report = schedule.report
    assert report["checker"] == {"checked": True, "violations": []}
    assert report["status"] in ("optimal", "feasible")
    assert report["values"]["centre_days"] >= report["bounds"]["centre_days"] >= 1
    assert report["values"]["examiner_half_days"] >= report["bounds"]["examiner_half_days"]
    sittings = Sitting.objects.filter(commission__schedule=schedule)
    # 3 candidates: E2, E4, E5P, E6 each, and the third EF1.
    assert sittings.count() == 13 == report["sittings"]
    longer = sittings.get(candidate=world.candidates[1], exam="E4")
    plain = sittings.get(candidate=world.candidates[0], exam="E4")
    assert longer.end - longer.start > plain.end - plain.start
    assert longer.start - longer.loge_start > plain.start - plain.loge_start
    e4 = Commission.objects.filter(schedule=schedule, exam="E4").first()
    kinds = sorted(k for m in e4.members.all() for k in m.kinds)
    assert "bloc1" in kinds[0] or "bloc1" in kinds
    assert AuditEntry.objects.filter(action="schedule_store", object_id=str(schedule.pk)).exists()


def test_a_schedule_the_checker_refuses_is_not_saved(monkeypatch):
    """The real solver's schedule, one sitting moved out of its half-day: the checker finds
    it, the job fails with the list, nothing is stored."""
    world = small_world()

    def broken(instance, **kwargs):
        report = solve(instance, **kwargs)
        first, *rest = report.schedule.sittings
        moved = first.__class__(**{**first.__dict__, "start": 0, "loge_start": 0, "end": 40})
        return report.__class__(
            **{**report.__dict__, "schedule": PlannedSchedule(sittings=(moved, *rest))}
        )

    monkeypatch.setattr(planning_jobs, "solve", broken)
    job = establish(world)
    assert job.state == JobState.FAILED
    assert job.message.startswith("Planning refusé par le contrôleur")
    assert job.result["details"]
    assert not Schedule.objects.exists()


def test_an_infeasible_instance_is_reported_at_once_with_its_resource():
    world = small_world()
    world.examiners["lang"].delete()
    job = establish(world)
    assert job.state == JobState.FAILED
    assert job.message.startswith("Aucun planning possible : ")
    assert "anglais" in job.message or "langue" in job.message, job.message
    schedule = Schedule.objects.get()
    assert schedule.status == Schedule.DRAFT
    assert not Sitting.objects.filter(commission__schedule=schedule).exists()
    assert schedule.report["message"] == job.message
    with pytest.raises(ValidationError):
        services.schedule_apply(schedule=schedule, actor=world.office)


def test_apply_replaces_the_applied_schedule_and_entrusts_the_examiners():
    world = small_world()
    first = Schedule.objects.get(pk=establish(world).result["schedule"])
    services.schedule_apply(schedule=first, actor=world.office)
    second = Schedule.objects.get(pk=establish(world).result["schedule"])
    services.schedule_apply(schedule=second, actor=world.office)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (Schedule.REPLACED, Schedule.APPLIED)
    assert second.applied_at is not None
    entrusted = ExaminerAssignment.objects.filter(examiner=world.examiner_user)
    expected = Sitting.objects.filter(
        commission__schedule=second, commission__members=world.examiners["bloc1"]
    )
    assert entrusted.count() == expected.count() > 0
    assert AuditEntry.objects.filter(action="schedule_apply").count() == 2
    with pytest.raises(ValidationError):
        services.schedule_apply(schedule=first, actor=world.office)


def test_replanning_after_a_withdrawal_keeps_the_rest_and_lists_the_changed_candidates():
    world = small_world()
    applied = Schedule.objects.get(pk=establish(world).result["schedule"])
    services.schedule_apply(schedule=applied, actor=world.office)
    before = {
        (s.candidate.number, s.exam): (s.commission.date, s.start)
        for s in Sitting.objects.filter(commission__schedule=applied).select_related(
            "candidate", "commission"
        )
    }
    gone = Examiner.objects.get(
        pk=Commission.objects.filter(schedule=applied, exam="E4").first().members.all()[0].pk
    )
    organisation_services.examiner_withdraw(examiner=gone, reason="Malade", actor=world.office)
    job = establish(world, replan=True, reason="Désistement")
    assert job.state == JobState.DONE, (job.message, job.result)
    draft = Schedule.objects.get(pk=job.result["schedule"])
    assert draft.replaces == applied and draft.status == Schedule.DRAFT
    assert not Commission.objects.filter(schedule=draft, members=gone).exists()
    changed = draft.report["changed"]
    touched = {
        s.candidate.number
        for s in Sitting.objects.filter(commission__schedule=applied, commission__members=gone)
    }
    assert touched <= {c["candidate"] for c in changed}
    for line in changed:
        assert line["before"] != line["after"]
    after = {
        (s.candidate.number, s.exam): (s.commission.date, s.start)
        for s in Sitting.objects.filter(commission__schedule=draft).select_related(
            "candidate", "commission"
        )
    }
    unchanged = {c for c, _ in before} - {c["candidate"] for c in changed}
    for number in unchanged:
        assert {k: v for k, v in before.items() if k[0] == number} == {
            k: v for k, v in after.items() if k[0] == number
        }
    services.schedule_apply(schedule=draft, actor=world.office)
    applied.refresh_from_db()
    assert applied.status == Schedule.REPLACED


def test_a_lost_room_needs_a_reason_and_is_lost_once():
    world = small_world()
    with pytest.raises(ValidationError):
        services.room_lose(room=world.rooms["A"], reason=" ", actor=world.office)
    services.room_lose(room=world.rooms["A"], reason="Dégât des eaux", actor=world.office)
    with pytest.raises(ValidationError):
        services.room_lose(room=world.rooms["A"], reason="encore", actor=world.office)
    assert AuditEntry.objects.filter(action="room_lose").count() == 1
