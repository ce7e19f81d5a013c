"""Writing the exam days' schedules: storing a checked schedule (a draft), applying it (the
applied one is replaced; the examiners with an account are entrusted their candidates'
épreuves) and a room's loss (which calls for a re-planning, as an examiner's withdrawal
does: ``organisation_services.examiner_withdraw``). One
transaction and one audit entry each."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from ndrc.planning.instance import Instance
from ndrc.planning.schedule import Schedule as PlannedSchedule
from ndrc.planning.schedule import Sitting as PlannedSitting
from ndrc.web.accounts.roles import Role
from ndrc.web.audit.services import audit_record, audited_create, bulk_insert_rows
from ndrc.web.candidates.models import Candidate
from ndrc.web.grading.models import ExaminerAssignment
from ndrc.web.lookups import among
from ndrc.web.scheduling.models import Commission, Examiner, Room, Schedule, Sitting
from ndrc.web.sessions.models import Academy, ExamCentre, ExamSession


def _clock(minute: int) -> str:
    return f"{minute // 60:02d}h{minute % 60:02d}"


def sitting_words(
    *, exam: str, day: dt.date, start: int, centre: str, room: str, examiners: str
) -> str:
    """A sitting said in a line (the « before → after » of a re-planning)."""
    return f"{exam} le {day:%d/%m/%Y} à {_clock(start)}, {centre}, {room} ({examiners})"


@transaction.atomic
def schedule_store(
    *,
    session: ExamSession,
    academy: Academy,
    purpose: str,
    instance: Instance,
    planned: PlannedSchedule | None,
    report: dict[str, Any],
    actor: Any,
    replaces: Schedule | None = None,
    reason: str = "",
) -> Schedule:
    """A draft schedule with its commissions and sittings (bulk): one commission per (centre,
    room, half-day, épreuve, members). ``planned`` None records a schedule with no sitting
    (no schedule was possible: the report says why)."""
    user = actor if getattr(actor, "pk", None) else None
    sittings = planned.sittings if planned is not None else ()
    report = {**report, "sittings": len(sittings)}
    schedule = audited_create(
        Schedule(
            session=session,
            academy=academy,
            purpose=purpose,
            status=Schedule.DRAFT,
            replaces=replaces,
            reason=reason[:255],
            report=report,
            created_by=user,
        ),
        actor=actor,
        action="schedule_store",
        fields=("purpose", "status", "reason"),
    )
    if not sittings:
        return schedule
    candidates = dict(
        Candidate.objects.filter(session=session, academy=academy).values_list("number", "pk")
    )
    centres = dict(ExamCentre.objects.filter(academy=academy).values_list("code", "pk"))
    keys: dict[tuple[str, str, int, str, tuple[str, ...]], list[PlannedSitting]] = defaultdict(list)
    for sitting in sittings:
        keys[
            (sitting.centre, sitting.room, sitting.half_day, sitting.exam, sitting.examiners)
        ].append(sitting)
    ordered = sorted(keys)
    commissions = Commission.objects.bulk_create(
        [
            Commission(
                schedule=schedule,
                centre_id=centres[centre],
                room_id=int(room),
                date=instance.half_days[half_day].day,
                half=instance.half_days[half_day].half,
                exam=exam,
            )
            for centre, room, half_day, exam, _ in ordered
        ],
        batch_size=1000,
    )
    through = Commission.members.through
    through.objects.bulk_create(
        [
            through(commission_id=commission.pk, examiner_id=int(member))
            for key, commission in zip(ordered, commissions, strict=True)
            for member in key[4]
        ],
        batch_size=1000,
    )
    bulk_insert_rows(
        Sitting,
        [
            {
                "commission_id": commission.pk,
                "candidate_id": candidates[sitting.candidate],
                "exam": sitting.exam,
                "loge_start": sitting.loge_start,
                "start": sitting.start,
                "end": sitting.end,
                "group": sitting.group,
            }
            for key, commission in zip(ordered, commissions, strict=True)
            for sitting in keys[key]
        ],
    )
    return schedule


def planned_of(*, schedule: Schedule, instance: Instance) -> PlannedSchedule:
    """A stored schedule as the planning floor reads it, for ``instance`` (its half-days):
    the sittings of half-days the instance no longer has are left out."""
    index = {(h.day, h.half): i for i, h in enumerate(instance.half_days)}
    members: dict[int, list[str]] = defaultdict(list)
    through = Commission.members.through.objects.filter(commission__schedule=schedule)
    for commission_id, examiner_id in through.order_by("pk").values_list(
        "commission_id", "examiner_id"
    ):
        members[commission_id].append(str(examiner_id))
    rows = Sitting.objects.filter(commission__schedule=schedule).values_list(
        "candidate__number",
        "exam",
        "commission_id",
        "commission__centre__code",
        "commission__room_id",
        "commission__date",
        "commission__half",
        "loge_start",
        "start",
        "end",
        "group",
    )
    out = []
    for number, exam, commission, centre, room, day, half, loge, start, end, group in rows:
        if (day, half) not in index:
            continue
        out.append(
            PlannedSitting(
                candidate=number,
                exam=exam,
                centre=centre,
                room=str(room),
                half_day=index[(day, half)],
                loge_start=loge,
                start=start,
                end=end,
                examiners=tuple(members[commission]),
                group=group,
            )
        )
    return PlannedSchedule(sittings=tuple(sorted(out)))


def changes_between(
    *, before: PlannedSchedule, after: PlannedSchedule, instance: Instance
) -> list[dict[str, Any]]:
    """The candidates whose convocation changes, each with its sittings before → after (in
    words), in candidate order."""
    names = _names(before, after)
    centre_names = {c.code: c.name for c in instance.centres}

    def words(sitting: PlannedSitting) -> str:
        return sitting_words(
            exam=sitting.exam,
            day=instance.half_days[sitting.half_day].day,
            start=sitting.start,
            centre=centre_names.get(sitting.centre, sitting.centre),
            room=names["rooms"].get(sitting.room, sitting.room),
            examiners=", ".join(names["examiners"].get(e, e) for e in sitting.examiners),
        )

    old, new = before.by_candidate(), after.by_candidate()
    out = []
    for candidate in sorted({*old, *new}):
        was = sorted(words(s) for s in old.get(candidate, []))
        now = sorted(words(s) for s in new.get(candidate, []))
        if was != now:
            out.append({"candidate": candidate, "before": was, "after": now})
    return out


def _names(*schedules: PlannedSchedule) -> dict[str, dict[str, str]]:
    rooms = {s.room for schedule in schedules for s in schedule.sittings}
    examiners = {e for schedule in schedules for s in schedule.sittings for e in s.examiners}
    return {
        "rooms": {
            str(pk): name
            for pk, name in Room.objects.filter(
                among("pk", [int(r) for r in rooms if r.isdigit()])
            ).values_list("pk", "name")
        },
        "examiners": {
            str(e.pk): str(e)
            for e in Examiner.objects.filter(
                among("pk", [int(key) for key in examiners if key.isdigit()])
            )
        },
    }


@transaction.atomic
def schedule_apply(*, schedule: Schedule, actor: Any) -> Schedule:
    """The draft becomes the applied schedule (its sittings are the convocations); the one
    applied before is replaced. The examiners with an account are entrusted their candidates'
    épreuves (one examiner per candidate and épreuve: the commission's first member who has an
    account). One audit entry."""
    current = Schedule.objects.select_for_update().get(pk=schedule.pk)
    if current.status != Schedule.DRAFT:
        raise ValidationError(
            f"Seul un planning proposé peut être appliqué : celui-ci est "
            f"{current.get_status_display()}."
        )
    if not Sitting.objects.filter(commission__schedule=current).exists():
        raise ValidationError("Ce planning ne contient aucun passage : il ne peut être appliqué.")
    previous = list(
        Schedule.objects.select_for_update().filter(
            session_id=current.session_id,
            academy_id=current.academy_id,
            purpose=current.purpose,
            status=Schedule.APPLIED,
        )
    )
    Schedule.objects.filter(pk__in=[p.pk for p in previous]).update(status=Schedule.REPLACED)
    current.status = Schedule.APPLIED
    current.applied_at = timezone.now()
    current.save(update_fields=["status", "applied_at"])
    entrusted = _entrust(current)
    audit_record(
        actor=actor,
        action="schedule_apply",
        obj=current,
        before={"applied": [p.pk for p in previous]},
        after={"status": current.status, "entrusted": entrusted},
    )
    return current


def _entrust(schedule: Schedule) -> int:
    """Grading's assignments from the schedule: for each sitting, the commission's first
    member with an examiner's account (replacing an earlier examiner of that épreuve)."""
    first: dict[int, int] = {}
    rows = (
        Commission.members.through.objects.filter(
            commission__schedule=schedule,
            examiner__user__isnull=False,
            examiner__user__role=Role.EXAMINER,
        )
        .order_by("pk")
        .values_list("commission_id", "examiner__user_id")
    )
    for commission_id, user_id in rows:
        first.setdefault(commission_id, user_id)
    sat = list(
        Sitting.objects.filter(commission__schedule=schedule).values_list(
            "candidate_id", "exam", "commission_id"
        )
    )
    pairs = {
        (candidate_id, exam): first[commission_id]
        for candidate_id, exam, commission_id in sat
        if commission_id in first
    }
    # Every épreuve the schedule places is now its commission's: the earlier examiner's
    # assignment goes, even when the new commission has nobody with an account.
    by_exam: dict[str, list[int]] = defaultdict(list)
    for candidate_id, exam, _ in sat:
        by_exam[exam].append(candidate_id)
    for exam, candidates in by_exam.items():
        for start in range(0, len(candidates), 2000):
            ExaminerAssignment.objects.filter(
                among("candidate_id", candidates[start : start + 2000]), exam=exam
            ).delete()
    ExaminerAssignment.objects.bulk_create(
        [
            ExaminerAssignment(examiner_id=user_id, candidate_id=candidate_id, exam=exam)
            for (candidate_id, exam), user_id in sorted(pairs.items())
        ],
        batch_size=1000,
    )
    return len(pairs)


@transaction.atomic
def room_lose(*, room: Room, reason: str, actor: Any) -> Room:
    """A room is no longer available: the next re-planning moves its sittings. One audit
    entry."""
    if not room.active:
        raise ValidationError(f"La salle {room.name} est déjà indisponible.")
    if not reason.strip():
        raise ValidationError({"reason": "Indiquez pourquoi la salle n'est plus disponible."})
    room.active = False
    room.save(update_fields=["active"])
    audit_record(
        actor=actor,
        action="room_lose",
        obj=room,
        before={"active": True},
        after={"active": False},
        reason=reason.strip(),
    )
    return room
