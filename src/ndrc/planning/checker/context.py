"""What every check of the checker shares: the instance indexed once, the violations found so
far and the way they name a place, a half-day and a minute; the sweeps that find overlapping
pieces of work and peaks of a timeline."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from ndrc.planning.instance import Candidate, Centre, Examiner, ExamKind, HalfDay, Instance, Room
from ndrc.planning.schedule import Schedule, Sitting, Violation

HALF_NAMES = ("matin", "après-midi")


def half_day_label(half_day: HalfDay) -> str:
    """« 12/05/2026 matin »."""
    half = HALF_NAMES[half_day.half] if 0 <= half_day.half < len(HALF_NAMES) else str(half_day.half)
    return f"{half_day.day.strftime('%d/%m/%Y')} {half}"


def clock(minute: int) -> str:
    """« 8h40 »."""
    return f"{minute // 60}h{minute % 60:02d}"


@dataclass(frozen=True)
class Work:
    """One commission's piece of work: the sittings it examines at once (one candidate, or an
    E5 practical group), in one room, at the same minutes."""

    exam: str
    centre: str
    room: str
    half_day: int
    day: date
    start: int
    end: int
    examiners: tuple[str, ...]
    key: str  # the group, or the candidate when the exam is not taken in groups
    needs_post: bool


class Context:
    """The instance indexed once, the schedule, and the violations found so far."""

    def __init__(self, instance: Instance, schedule: Schedule) -> None:
        self.instance = instance
        self.schedule = schedule
        self.violations: list[Violation] = []
        self.candidates: dict[str, Candidate] = {c.id: c for c in instance.candidates}
        self.centres: dict[str, Centre] = {c.code: c for c in instance.centres}
        self.rooms: dict[tuple[str, str], Room] = {
            (c.code, r.id): r for c in instance.centres for r in c.rooms
        }
        self.examiners: dict[str, Examiner] = {e.id: e for e in instance.examiners}
        self.seat_cache: dict[tuple[str, tuple[str, ...]], bool] = {}

    # -- helpers ------------------------------------------------------------------------------
    def add(
        self,
        code: str,
        message: str,
        sitting: Sitting | None = None,
        *,
        candidate: str = "",
        examiner: str = "",
        centre: str = "",
        half_day: int = -1,
    ) -> None:
        if sitting is not None:
            candidate, centre, half_day = sitting.candidate, sitting.centre, sitting.half_day
        self.violations.append(
            Violation(
                code=code,
                message=message,
                candidate=candidate,
                examiner=examiner,
                centre=centre,
                half_day=half_day,
            )
        )

    def half_day(self, index: int) -> HalfDay | None:
        if 0 <= index < len(self.instance.half_days):
            return self.instance.half_days[index]
        return None

    def where(self, sitting: Sitting) -> str:
        half_day = self.half_day(sitting.half_day)
        when = half_day_label(half_day) if half_day else f"demi-journée n° {sitting.half_day}"
        centre = self.centres.get(sitting.centre)
        name = centre.name if centre else sitting.centre
        return f"au centre {name}, le {when}"

    def examiner_name(self, examiner_id: str) -> str:
        examiner = self.examiners.get(examiner_id)
        return examiner.name if examiner else examiner_id

    def task(self, sitting: Sitting) -> tuple[Candidate, ExamKind, int, int, str]:
        candidate = self.candidates[sitting.candidate]
        exam = self.instance.exams[sitting.exam]
        task = next(t for t in candidate.tasks if t.exam == sitting.exam)
        return candidate, exam, task.extra_loge, task.extra, task.language


def overlaps(works: Iterable[Work]) -> list[tuple[Work, Work]]:
    """Pairs of distinct pieces of work whose minutes overlap (sort + sweep, each later one
    against the one that ends last before it)."""
    out: list[tuple[Work, Work]] = []
    ordered = sorted(works, key=lambda w: (w.start, w.end, w.room, w.key))
    reach: Work | None = None
    for work in ordered:
        if reach is not None and work.start < reach.end:
            out.append((reach, work))
        if reach is None or work.end > reach.end:
            reach = work
    return out


def timeline_peak(timeline: list[tuple[int, int, int]]) -> tuple[int, int, int]:
    """The highest count of a timeline of (minute, +1/−1, half-day) events, the minute it is
    reached and its half-day (ends sort before starts at the same minute)."""
    timeline.sort(key=lambda event: (event[0], event[1]))
    count = peak = 0
    at = half_day = -1
    for minute, delta, index in timeline:
        count += delta
        if count > peak:
            peak, at, half_day = count, minute, index
    return peak, at, half_day
