"""The independent checker: every hard constraint of a schedule, at candidate and minute level.

It never imports the solver and trusts nothing the solver says: it reads the instance and the
sittings only. Each broken constraint gives a `Violation` with a stable ``code`` (below) and a
French message naming the candidate, the examiner, the centre and the half-day concerned.

Set-based: one pass over the sittings to index them, then sorts and sweeps (examiners, rooms,
posts, loge seats); 5,000 candidates are checked in well under a second.

Codes:

- candidates' tasks: ``unknown_candidate``, ``unexpected_sitting`` (an exam the candidate does
  not sit), ``duplicate_sitting``, ``missing_sitting``;
- place and time: ``wrong_centre``, ``unknown_centre``, ``half_day_closed``,
  ``outside_half_day``, ``wrong_duration``, ``wrong_loge``, ``two_exams_half_day``,
  ``follows_broken`` (EF2 right after E6 with the same commission);
- commissions: ``unknown_examiner``, ``examiner_count``, ``examiner_kind``,
  ``examiner_language``, ``own_establishment``, ``examiner_unavailable``,
  ``examiner_unreachable``, ``examiner_withdrawn``, ``examiner_two_places``,
  ``examiner_double_booked``;
- rooms: ``unknown_room``, ``room_lost``, ``room_overlap``, ``posts_exceeded``;
- groups (E5 practical): ``group_too_large``, ``group_inconsistent`` (a group shares its start,
  room and examiners; it lasts until its last candidate, extra time included, ends);
- loge: ``loge_seats_exceeded``.

Two commissions never share a room at the same minutes, except commissions whose exam needs a
computer post: several of them may work at once in a computer room as long as its posts suffice
(the design note's « 3 × E5 sessions ≤ posts »).

The checks are cut by concept: `candidates` (the candidates' tasks, place and time, one exam
a half-day), `commissions` (seats, languages, examiners), `resources` (groups, rooms, posts,
loge), on what `context` shares (the instance indexed once, the violations, the sweeps).
"""

from __future__ import annotations

from ndrc.planning.checker.candidates import (
    check_candidates_half_days,
    check_place_and_time,
    check_tasks,
)
from ndrc.planning.checker.commissions import check_commission, check_examiner_overlaps
from ndrc.planning.checker.context import Context
from ndrc.planning.checker.resources import check_groups, check_loge, check_posts, check_rooms
from ndrc.planning.instance import Instance
from ndrc.planning.schedule import Schedule, Violation

__all__ = ["check"]


def check(instance: Instance, schedule: Schedule) -> list[Violation]:
    """Every hard constraint the schedule breaks (an empty list: the schedule is valid)."""
    ctx = Context(instance, schedule)
    valid = check_tasks(ctx)
    for sitting in valid:
        check_place_and_time(ctx, sitting)
        check_commission(ctx, sitting)
    check_candidates_half_days(ctx, valid)
    works = check_groups(ctx, valid)
    check_examiner_overlaps(ctx, works)
    check_rooms(ctx, works)
    check_posts(ctx, valid)
    check_loge(ctx, valid)
    return ctx.violations
