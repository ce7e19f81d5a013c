"""The resources' checks: E5 practical groups (size, one start, room and commission), the rooms
(never two commissions at once, except on computer posts), the posts of a computer room and
the loge seats of a centre at every minute."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from ndrc.planning.checker.context import (
    Context,
    Work,
    clock,
    half_day_label,
    overlaps,
    timeline_peak,
)
from ndrc.planning.instance import ExamKind
from ndrc.planning.schedule import Sitting


def check_groups(ctx: Context, sittings: list[Sitting]) -> list[Work]:
    """Group the sittings into the commissions' pieces of work; an E5 practical group is at
    most ``group_size`` candidates sharing the start, the examiners and the room."""
    groups: dict[tuple[str, str, str], list[Sitting]] = defaultdict(list)
    works: list[Work] = []
    for sitting in sittings:
        exam = ctx.instance.exams[sitting.exam]
        half_day = ctx.half_day(sitting.half_day)
        if half_day is None:
            continue
        key = (
            sitting.group
            if exam.group_size > 1 and sitting.group
            else f"candidat:{sitting.candidate}"
        )
        if key.startswith("candidat:"):
            works.append(_work(sitting, exam, half_day.day, key))
        else:
            groups[(sitting.exam, sitting.centre, key)].append(sitting)
    for (exam_code, centre, key), members in groups.items():
        exam = ctx.instance.exams[exam_code]
        first = members[0]
        if len(members) > exam.group_size:
            ctx.add(
                "group_too_large",
                f"Le groupe {key} de {exam_code} {ctx.where(first)} compte "
                f"{len(members)} candidats (au plus {exam.group_size}).",
                centre=centre,
                half_day=first.half_day,
            )
        # the same start, room and examiners; a candidate with extra time ends later
        shape = {(s.room, s.half_day, s.start, tuple(sorted(s.examiners))) for s in members}
        if len(shape) > 1:
            ctx.add(
                "group_inconsistent",
                f"Les candidats du groupe {key} de {exam_code} {ctx.where(first)} n'ont pas "
                f"la même salle, la même heure de début et les mêmes examinateurs.",
                centre=centre,
                half_day=first.half_day,
            )
            for sitting in members:  # each apart, so that the sweeps still see them
                day = ctx.instance.half_days[sitting.half_day].day
                works.append(_work(sitting, exam, day, f"{key}:{sitting.candidate}"))
        else:
            day = ctx.instance.half_days[first.half_day].day
            last = max(members, key=lambda s: s.end)  # the work lasts until the last one ends
            works.append(_work(last, exam, day, key))
    return works


def _work(sitting: Sitting, exam: ExamKind, day: date, key: str) -> Work:
    return Work(
        exam=sitting.exam,
        centre=sitting.centre,
        room=sitting.room,
        half_day=sitting.half_day,
        day=day,
        start=sitting.start,
        end=sitting.end,
        examiners=tuple(sorted(sitting.examiners)),
        key=key,
        needs_post=exam.needs_post,
    )


def check_rooms(ctx: Context, works: list[Work]) -> None:
    """Never two commissions at once in one room (commissions of exams on computer posts
    may share a computer room: the posts are checked apart)."""
    by_room: dict[tuple[str, str, date], list[Work]] = defaultdict(list)
    for work in works:
        by_room[(work.centre, work.room, work.day)].append(work)
    for (centre, room, _day), own in by_room.items():
        for before, after in overlaps(own):
            if before.needs_post and after.needs_post:
                continue
            when = ctx.half_day(after.half_day)
            label = half_day_label(when) if when else str(after.half_day)
            ctx.add(
                "room_overlap",
                f"Deux commissions occupent la salle {room} du centre {centre} à la fois le "
                f"{label} à {clock(after.start)} ({before.exam} et {after.exam}).",
                centre=centre,
                half_day=after.half_day,
            )


def check_posts(ctx: Context, sittings: list[Sitting]) -> None:
    """The candidates on computer posts at any minute never outnumber the room's posts."""
    events: dict[tuple[str, str, date], list[tuple[int, int, int]]] = defaultdict(list)
    for sitting in sittings:
        if not ctx.instance.exams[sitting.exam].needs_post:
            continue
        half_day = ctx.half_day(sitting.half_day)
        if half_day is None:
            continue
        key = (sitting.centre, sitting.room, half_day.day)
        events[key].append((sitting.start, 1, sitting.half_day))
        events[key].append((sitting.end, -1, sitting.half_day))
    for (centre, room_id, _day), timeline in events.items():
        room = ctx.rooms.get((centre, room_id))
        posts = room.posts if room else 0
        peak, at, index = timeline_peak(timeline)
        if peak > posts:
            when = ctx.half_day(index)
            label = half_day_label(when) if when else str(index)
            ctx.add(
                "posts_exceeded",
                f"{peak} candidats sont sur poste informatique à la fois dans la salle "
                f"{room_id} du centre {centre} le {label} à {clock(at)}, pour {posts} "
                f"poste(s).",
                centre=centre,
                half_day=index,
            )


def check_loge(ctx: Context, sittings: list[Sitting]) -> None:
    """The candidates in the loge at any minute never outnumber the centre's loge seats."""
    events: dict[tuple[str, date], list[tuple[int, int, int]]] = defaultdict(list)
    for sitting in sittings:
        half_day = ctx.half_day(sitting.half_day)
        if half_day is None or sitting.start <= sitting.loge_start:
            continue
        key = (sitting.centre, half_day.day)
        events[key].append((sitting.loge_start, 1, sitting.half_day))
        events[key].append((sitting.start, -1, sitting.half_day))
    for (centre_code, _day), timeline in events.items():
        centre = ctx.centres.get(centre_code)
        seats = centre.loge_seats if centre else 0
        peak, at, index = timeline_peak(timeline)
        if peak > seats:
            when = ctx.half_day(index)
            label = half_day_label(when) if when else str(index)
            name = centre.name if centre else centre_code
            ctx.add(
                "loge_seats_exceeded",
                f"{peak} candidats sont en loge à la fois au centre {name} le {label} à "
                f"{clock(at)}, pour {seats} place(s).",
                centre=centre_code,
                half_day=index,
            )
