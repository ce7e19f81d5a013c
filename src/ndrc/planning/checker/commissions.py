"""The commissions' checks: the seats filled by examiners of the accepted kinds, the language,
no examiner of the candidate's own establishment, available, able to reach the centre, not
withdrawn; never in two places nor two commissions at once."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from itertools import permutations

from ndrc.planning.checker.context import Context, Work, clock, half_day_label, overlaps
from ndrc.planning.instance import Examiner, ExamKind
from ndrc.planning.schedule import Sitting


def seats_filled(ctx: Context, exam: ExamKind, members: tuple[str, ...]) -> bool:
    """A small matching: each seat taken by a distinct member of an accepted kind."""
    key = (exam.code, members)
    cached = ctx.seat_cache.get(key)
    if cached is not None:
        return cached
    kinds = [ctx.examiners[m].kinds for m in members]
    ok = any(
        all(
            any(kind in kinds[m] for kind in seat.kinds)
            for seat, m in zip(exam.seats, order, strict=True)
        )
        for order in permutations(range(len(members)), len(exam.seats))
    )
    ctx.seat_cache[key] = ok
    return ok


def check_commission(ctx: Context, sitting: Sitting) -> None:
    candidate, exam, _, _, language = ctx.task(sitting)
    half_day = sitting.half_day
    members: list[Examiner] = []
    for examiner_id in sitting.examiners:
        examiner = ctx.examiners.get(examiner_id)
        if examiner is None:
            ctx.add(
                "unknown_examiner",
                f"L'examinateur {examiner_id} de {exam.code} du candidat {candidate.id} "
                f"{ctx.where(sitting)} n'existe pas.",
                candidate=candidate.id,
                examiner=examiner_id,
                centre=sitting.centre,
                half_day=half_day,
            )
            continue
        members.append(examiner)
    if len(sitting.examiners) != len(exam.seats) or len(set(sitting.examiners)) != len(
        sitting.examiners
    ):
        ctx.add(
            "examiner_count",
            f"La commission de {exam.code} du candidat {candidate.id} {ctx.where(sitting)} "
            f"compte {len(set(sitting.examiners))} examinateur(s) au lieu de "
            f"{len(exam.seats)}.",
            candidate=candidate.id,
            centre=sitting.centre,
            half_day=half_day,
        )
    elif len(members) == len(sitting.examiners) and not seats_filled(
        ctx, exam, tuple(sitting.examiners)
    ):
        names = ", ".join(m.name for m in members)
        ctx.add(
            "examiner_kind",
            f"La commission de {exam.code} du candidat {candidate.id} "
            f"{ctx.where(sitting)} ({names}) n'a pas les examinateurs que l'épreuve exige.",
            candidate=candidate.id,
            centre=sitting.centre,
            half_day=half_day,
        )
    if exam.language_bound and members and not any(language in m.languages for m in members):
        ctx.add(
            "examiner_language",
            f"Aucun examinateur de {exam.code} du candidat {candidate.id} "
            f"{ctx.where(sitting)} n'interroge dans sa langue ({language}).",
            candidate=candidate.id,
            centre=sitting.centre,
            half_day=half_day,
        )
    for m in members:
        if m.establishment and m.establishment == candidate.establishment:
            ctx.add(
                "own_establishment",
                f"{m.name} interroge en {exam.code} le candidat {candidate.id} de son propre "
                f"établissement ({m.establishment}) {ctx.where(sitting)}.",
                sitting,
                examiner=m.id,
            )
        if half_day not in m.available:
            ctx.add(
                "examiner_unavailable",
                f"{m.name} n'est pas disponible {ctx.where(sitting)} (candidat "
                f"{candidate.id}, {exam.code}).",
                sitting,
                examiner=m.id,
            )
        if sitting.centre not in m.centres:
            ctx.add(
                "examiner_unreachable",
                f"{m.name} ne peut pas se rendre {ctx.where(sitting)} (candidat "
                f"{candidate.id}, {exam.code}).",
                sitting,
                examiner=m.id,
            )
        if m.id in ctx.instance.withdrawn:
            ctx.add(
                "examiner_withdrawn",
                f"{m.name} s'est retiré mais interroge encore le candidat {candidate.id} en "
                f"{exam.code} {ctx.where(sitting)}.",
                sitting,
                examiner=m.id,
            )


def check_examiner_overlaps(ctx: Context, works: list[Work]) -> None:
    """An examiner is never in two places at once, nor in two pieces of work at once."""
    by_examiner: dict[tuple[str, date], list[Work]] = defaultdict(list)
    for work in works:
        for examiner in work.examiners:
            by_examiner[(examiner, work.day)].append(work)
    for (examiner, _day), own in by_examiner.items():
        for before, after in overlaps(own):
            name = ctx.examiner_name(examiner)
            when = ctx.half_day(after.half_day)
            label = half_day_label(when) if when else str(after.half_day)
            if (before.centre, before.room) != (after.centre, after.room):
                ctx.add(
                    "examiner_two_places",
                    f"{name} est attendu à deux endroits à la fois le {label} à "
                    f"{clock(after.start)} (salle {before.room} au centre {before.centre} "
                    f"et salle {after.room} au centre {after.centre}).",
                    examiner=examiner,
                    centre=after.centre,
                    half_day=after.half_day,
                )
            else:
                ctx.add(
                    "examiner_double_booked",
                    f"{name} interroge deux commissions à la fois le {label} à "
                    f"{clock(after.start)} (salle {after.room} au centre {after.centre}).",
                    examiner=examiner,
                    centre=after.centre,
                    half_day=after.half_day,
                )
