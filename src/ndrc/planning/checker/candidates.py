"""The candidates' checks: every task scheduled exactly once and nothing else; each sitting in
the candidate's centre, on an open half-day, within it, with the right duration, loge and room;
at most one exam a half-day, EF2 right after E6 before the same commission."""

from __future__ import annotations

from collections import defaultdict

from ndrc.planning.checker.context import Context, clock
from ndrc.planning.schedule import Sitting


def check_tasks(ctx: Context) -> list[Sitting]:
    """Every task of every candidate scheduled exactly once, and nothing else; returns the
    sittings that match a task (the others are already reported)."""
    seen: dict[tuple[str, str], int] = defaultdict(int)
    valid: list[Sitting] = []
    for sitting in ctx.schedule.sittings:
        candidate = ctx.candidates.get(sitting.candidate)
        if candidate is None:
            ctx.add(
                "unknown_candidate",
                f"Le candidat {sitting.candidate} n'existe pas dans la session "
                f"({sitting.exam} {ctx.where(sitting)}).",
                candidate=sitting.candidate,
                centre=sitting.centre,
                half_day=sitting.half_day,
            )
            continue
        if sitting.exam not in {task.exam for task in candidate.tasks} or (
            sitting.exam not in ctx.instance.exams
        ):
            ctx.add(
                "unexpected_sitting",
                f"Le candidat {candidate.id} est convoqué à {sitting.exam} "
                f"{ctx.where(sitting)}, épreuve qu'il ne passe pas.",
                candidate=candidate.id,
                centre=sitting.centre,
                half_day=sitting.half_day,
            )
            continue
        seen[(candidate.id, sitting.exam)] += 1
        if seen[(candidate.id, sitting.exam)] > 1:
            ctx.add(
                "duplicate_sitting",
                f"Le candidat {candidate.id} est convoqué plusieurs fois à {sitting.exam} "
                f"(dont {ctx.where(sitting)}).",
                candidate=candidate.id,
                centre=sitting.centre,
                half_day=sitting.half_day,
            )
            continue
        valid.append(sitting)
    for candidate in ctx.instance.candidates:
        for task in candidate.tasks:
            if seen.get((candidate.id, task.exam), 0) == 0:
                ctx.add(
                    "missing_sitting",
                    f"Le candidat {candidate.id} n'est convoqué à aucun horaire pour {task.exam}.",
                    candidate=candidate.id,
                    centre=candidate.centre,
                )
    return valid


def check_place_and_time(ctx: Context, sitting: Sitting) -> None:
    candidate, exam, extra_loge, extra, _ = ctx.task(sitting)
    if sitting.centre != candidate.centre:
        ctx.add(
            "wrong_centre",
            f"Le candidat {candidate.id} passe {exam.code} {ctx.where(sitting)} alors qu'il "
            f"est affecté au centre {candidate.centre}.",
            sitting,
        )
    centre = ctx.centres.get(sitting.centre)
    if centre is None:
        ctx.add(
            "unknown_centre",
            f"Le centre {sitting.centre} où le candidat {candidate.id} passe {exam.code} "
            f"n'existe pas.",
            sitting,
        )
    half_day = ctx.half_day(sitting.half_day)
    if half_day is None or (centre is not None and sitting.half_day not in centre.open):
        ctx.add(
            "half_day_closed",
            f"Le candidat {candidate.id} passe {exam.code} {ctx.where(sitting)}, "
            f"demi-journée où ce centre n'est pas ouvert.",
            sitting,
        )
    if half_day is not None and (sitting.loge_start < half_day.start or sitting.end > half_day.end):
        ctx.add(
            "outside_half_day",
            f"Le candidat {candidate.id} passe {exam.code} {ctx.where(sitting)} de "
            f"{clock(sitting.loge_start)} à {clock(sitting.end)}, hors de la demi-journée "
            f"({clock(half_day.start)} - {clock(half_day.end)}).",
            sitting,
        )
    if sitting.end - sitting.start != exam.duration + extra:
        ctx.add(
            "wrong_duration",
            f"L'épreuve {exam.code} du candidat {candidate.id} {ctx.where(sitting)} dure "
            f"{sitting.end - sitting.start} min au lieu de {exam.duration + extra} min.",
            sitting,
        )
    if sitting.start - sitting.loge_start != exam.loge + extra_loge:
        ctx.add(
            "wrong_loge",
            f"La préparation en loge de {exam.code} du candidat {candidate.id} "
            f"{ctx.where(sitting)} dure {sitting.start - sitting.loge_start} min au lieu de "
            f"{exam.loge + extra_loge} min.",
            sitting,
        )
    room = ctx.rooms.get((sitting.centre, sitting.room))
    if room is None:
        ctx.add(
            "unknown_room",
            f"La salle {sitting.room} où le candidat {candidate.id} passe {exam.code} "
            f"n'existe pas {ctx.where(sitting)}.",
            sitting,
        )
    elif room.id in ctx.instance.rooms_lost:
        ctx.add(
            "room_lost",
            f"Le candidat {candidate.id} passe {exam.code} dans la salle {room.name}, qui "
            f"n'est plus disponible, {ctx.where(sitting)}.",
            sitting,
        )


def check_candidates_half_days(ctx: Context, sittings: list[Sitting]) -> None:
    """At most one exam per candidate and half-day; EF2 (an exam that ``follows`` another)
    right after it, same commission, same room, when the candidate sits both."""
    by_candidate: dict[str, list[Sitting]] = defaultdict(list)
    for sitting in sittings:
        by_candidate[sitting.candidate].append(sitting)
    for candidate_id, own in by_candidate.items():
        by_exam = {s.exam: s for s in own}
        chained: set[str] = set()
        for sitting in own:
            follows = ctx.instance.exams[sitting.exam].follows
            if not follows or follows not in by_exam:
                continue
            before = by_exam[follows]
            if (
                before.centre == sitting.centre
                and before.room == sitting.room
                and before.half_day == sitting.half_day
                and sorted(before.examiners) == sorted(sitting.examiners)
                and sitting.start == before.end
            ):
                chained.add(sitting.exam)
            else:
                ctx.add(
                    "follows_broken",
                    f"L'épreuve {sitting.exam} du candidat {candidate_id} "
                    f"{ctx.where(sitting)} ne suit pas immédiatement son épreuve {follows} "
                    f"devant la même commission.",
                    candidate=candidate_id,
                    centre=sitting.centre,
                    half_day=sitting.half_day,
                )
                chained.add(sitting.exam)  # reported once, as this code
        per_half_day: dict[int, list[Sitting]] = defaultdict(list)
        for sitting in own:
            if sitting.exam not in chained:
                per_half_day[sitting.half_day].append(sitting)
        for half_day, several in per_half_day.items():
            if len(several) > 1:
                exams = ", ".join(sorted(s.exam for s in several))
                ctx.add(
                    "two_exams_half_day",
                    f"Le candidat {candidate_id} passe plusieurs épreuves ({exams}) "
                    f"{ctx.where(several[0])}.",
                    candidate=candidate_id,
                    centre=several[0].centre,
                    half_day=half_day,
                )
