"""Reading the exam days' schedule: the schedules of a session, and the commissions and
sittings each user may see (the exam office its académie's, an examiner his or her own day,
a training centre its candidates', a candidate his or her own; anything else is a 404)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.contrib.admin.models import LogEntry
from django.core.cache import cache
from django.db.models import Max, QuerySet
from django.http import Http404

from ndrc.planning.checker import check
from ndrc.planning.schedule import Violation
from ndrc.web.accounts.roles import Role
from ndrc.web.audit.models import AuditEntry
from ndrc.web.lookups import among
from ndrc.web.scheduling.models import Commission, Examiner, Schedule, Sitting
from ndrc.web.sessions.models import Academy, ExamSession


def schedules_of(
    *, session: ExamSession, academy: Academy, purpose: str = Schedule.MAIN
) -> QuerySet[Schedule]:
    """The schedules made for a session and académie, newest first."""
    return Schedule.objects.filter(session=session, academy=academy, purpose=purpose).order_by(
        "-created_at", "-pk"
    )


def schedule_applied(
    *, session: ExamSession, academy: Academy, purpose: str = Schedule.MAIN
) -> Schedule | None:
    return (
        schedules_of(session=session, academy=academy, purpose=purpose)
        .filter(status=Schedule.APPLIED)
        .first()
    )


def schedule_draft(
    *, session: ExamSession, academy: Academy, purpose: str = Schedule.MAIN
) -> Schedule | None:
    return (
        schedules_of(session=session, academy=academy, purpose=purpose)
        .filter(status=Schedule.DRAFT)
        .first()
    )


def schedules_visible_to(*, user: Any) -> QuerySet[Schedule]:
    """The schedules whose pages this user may open: the exam office's académie's; for the
    others, the applied schedules of their académie (what they see in it is narrowed by
    ``sittings_visible_to``)."""
    if user.role == Role.EXAM_OFFICE:
        return Schedule.objects.filter(academy_id=user.academy_id)
    if user.role in (Role.TRAINING_CENTRE, Role.EXAMINER, Role.CANDIDATE):
        mine = sittings_visible_to(user=user, schedule=None)
        return Schedule.objects.filter(
            status=Schedule.APPLIED,
            pk__in=mine.values("commission__schedule_id"),
        )
    return Schedule.objects.none()


def schedule_visible_to(*, user: Any, pk: int) -> Schedule:
    schedule = schedules_visible_to(user=user).filter(pk=pk).first()
    if schedule is None:
        raise Http404("Planning introuvable.")
    return schedule


def sittings_visible_to(*, user: Any, schedule: Schedule | None) -> QuerySet[Sitting]:
    """The sittings this user may read (in one schedule, or in any)."""
    sittings = Sitting.objects.all()
    if schedule is not None:
        sittings = sittings.filter(commission__schedule=schedule)
    if user.role == Role.EXAM_OFFICE:
        return sittings.filter(commission__schedule__academy_id=user.academy_id)
    if user.role == Role.TRAINING_CENTRE:
        if user.establishment_id is None:
            return sittings.none()
        return sittings.filter(candidate__establishment_id=user.establishment_id)
    if user.role == Role.CANDIDATE:
        return sittings.filter(candidate__user=user)
    if user.role == Role.EXAMINER:
        return sittings.filter(commission__members__user=user)
    return sittings.none()


def examiners_visible_to(*, user: Any, schedule: Schedule) -> QuerySet[Examiner]:
    """The examiners whose day this user may open in this schedule: every member for the exam
    office, his or her own profile for an examiner."""
    members = Examiner.objects.filter(commissions__schedule=schedule).distinct()
    if user.role == Role.EXAM_OFFICE and schedule.academy_id == user.academy_id:
        return members
    if user.role == Role.EXAMINER:
        return members.filter(user=user)
    return Examiner.objects.none()


def commissions_of(*, schedule: Schedule, sittings: QuerySet[Sitting]) -> QuerySet[Commission]:
    """The schedule's commissions that hold one of these sittings, with their centre and room,
    in the order of the printed schedule (centre, day, half, room)."""
    return (
        Commission.objects.filter(schedule=schedule, pk__in=sittings.values("commission_id"))
        .select_related("centre", "room")
        .order_by("centre__name", "date", "half", "room__name", "exam", "pk")
    )


def commission_lines(
    commissions: Sequence[Commission], sittings: QuerySet[Sitting]
) -> dict[int, dict[str, Any]]:
    """For a page of commissions: their members and their sittings (those visible), three
    queries."""
    pks = [c.pk for c in commissions]
    lines: dict[int, dict[str, Any]] = {pk: {"members": [], "sittings": []} for pk in pks}
    through = Commission.members.through.objects.filter(among("commission_id", pks))
    examiners = Examiner.objects.in_bulk({row.examiner_id for row in through})
    for row in through.order_by("pk"):
        lines[row.commission_id]["members"].append(examiners[row.examiner_id])
    for sitting in (
        sittings.filter(among("commission_id", pks))
        .select_related("candidate")
        .order_by("start", "candidate__number")
    ):
        lines[sitting.commission_id]["sittings"].append(sitting)
    return lines


# How many of the journal's latest entries are counted in the revision (see ``data_revision``).
REVISION_WINDOW = 10_000
# How long a verdict stays in the cache: it is never served stale (its key moves with every
# write), the timeout only frees the memory of schedules nobody reads any more.
CONFLICTS_SECONDS = 24 * 3600


def data_revision() -> tuple[int, int, int]:
    """A revision of everything a schedule's conflicts depend on (DEC D104). Every write goes
    through the audited services and leaves an entry in the journal in its own transaction,
    the organisation's (rooms, openings, candidates' centres, window, examiners, their
    centres and availability, withdrawals, lost rooms, schedules) as the candidates' (plan,
    extra time, establishment); the exam centres the admin edits leave an entry in its log.
    So: the journal's latest entry, how many entries there are among the latest
    ``REVISION_WINDOW`` (a transaction that commits after a later one moves the count, not the
    latest), and the admin log's latest entry. Three indexed queries."""
    latest = AuditEntry.objects.aggregate(latest=Max("pk"))["latest"] or 0
    recent = AuditEntry.objects.filter(pk__gt=latest - REVISION_WINDOW).count()
    admin = LogEntry.objects.aggregate(latest=Max("pk"))["latest"] or 0
    return latest, recent, admin


def schedule_conflicts(schedule: Schedule) -> tuple[list[Violation], dict[int, tuple[Any, int]]]:
    """What breaks now in a stored schedule (``conflicts_compute``), kept in the cache under
    the schedule and the revision of the data (``data_revision``, read before computing, so
    a verdict is never older than its key): a page read again without a write in between
    does not build the instance again."""
    key = "schedule-conflicts:{}:{}:{}:{}:{}".format(schedule.pk, schedule.status, *data_revision())
    kept = cache.get(key)
    if kept is not None:
        violations, half_days = kept
        return list(violations), dict(half_days)
    violations, half_days = conflicts_compute(schedule)
    cache.set(key, (violations, half_days), CONFLICTS_SECONDS)
    return violations, half_days


def conflicts_compute(schedule: Schedule) -> tuple[list[Violation], dict[int, tuple[Any, int]]]:
    """What breaks now in a stored schedule: the independent checker run on its sittings
    against a fresh instance (an examiner withdrawn or no longer available, a room lost, a
    centre closed since the schedule was made), and the fresh instance's half-days (index →
    (date, half)) to place them. A schedule with no sitting, or replaced, has none."""
    from ndrc.web.scheduling.build import instance_build
    from ndrc.web.scheduling.services import planned_of

    sittings = Sitting.objects.filter(commission__schedule=schedule)
    if schedule.status == Schedule.REPLACED or not sittings.exists():
        return [], {}
    instance, _ = instance_build(
        session=schedule.session, academy=schedule.academy, purpose=schedule.purpose
    )
    half_days = {i: (h.day, h.half) for i, h in enumerate(instance.half_days)}
    stored = planned_of(schedule=schedule, instance=instance)
    lost = sittings.count() - len(stored.sittings)
    found = check(instance, stored)
    if lost:
        found.append(
            Violation(
                code="half_day_closed",
                message=f"{lost} passage(s) sur une demi-journée où plus aucun centre n'ouvre.",
            )
        )
    return found, half_days


def conflicts_by_commission(
    *,
    commissions: Sequence[Commission],
    lines: dict[int, dict[str, Any]],
    violations: Sequence[Violation],
    half_days: dict[int, tuple[Any, int]],
) -> dict[int, list[str]]:
    """Each commission's conflicts (where they bite): a violation about one of its members,
    one of its candidates, or its centre, on its half-day. ``half_days`` maps the instance's
    half-day indexes to (date, half)."""
    out: dict[int, list[str]] = {}
    for commission in commissions:
        members = {str(m.pk) for m in lines[commission.pk]["members"]}
        numbers = {s.candidate.number for s in lines[commission.pk]["sittings"]}
        found = []
        for violation in violations:
            when = half_days.get(violation.half_day)
            if when is not None and when != (commission.date, commission.half):
                continue
            if _bites(violation, members=members, numbers=numbers, centre=commission.centre.code):
                found.append(violation.message)
        if found:
            out[commission.pk] = sorted(set(found))
    return out


def _bites(violation: Violation, *, members: set[str], numbers: set[str], centre: str) -> bool:
    if violation.examiner or violation.candidate:
        return violation.examiner in members or violation.candidate in numbers
    return violation.centre == centre
