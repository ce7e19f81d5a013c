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
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from itertools import permutations

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
class _Work:
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


class _Checker:
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
        self._seat_cache: dict[tuple[str, tuple[str, ...]], bool] = {}

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

    # -- the checks ---------------------------------------------------------------------------
    def run(self) -> list[Violation]:
        valid = self.check_tasks()
        for sitting in valid:
            self.check_place_and_time(sitting)
            self.check_commission(sitting)
        self.check_candidates_half_days(valid)
        works = self.check_groups(valid)
        self.check_examiner_overlaps(works)
        self.check_rooms(works)
        self.check_posts(valid)
        self.check_loge(valid)
        return self.violations

    def check_tasks(self) -> list[Sitting]:
        """Every task of every candidate scheduled exactly once, and nothing else; returns the
        sittings that match a task (the others are already reported)."""
        seen: dict[tuple[str, str], int] = defaultdict(int)
        valid: list[Sitting] = []
        for sitting in self.schedule.sittings:
            candidate = self.candidates.get(sitting.candidate)
            if candidate is None:
                self.add(
                    "unknown_candidate",
                    f"Le candidat {sitting.candidate} n'existe pas dans la session "
                    f"({sitting.exam} {self.where(sitting)}).",
                    candidate=sitting.candidate,
                    centre=sitting.centre,
                    half_day=sitting.half_day,
                )
                continue
            if sitting.exam not in {task.exam for task in candidate.tasks} or (
                sitting.exam not in self.instance.exams
            ):
                self.add(
                    "unexpected_sitting",
                    f"Le candidat {candidate.id} est convoqué à {sitting.exam} "
                    f"{self.where(sitting)}, épreuve qu'il ne passe pas.",
                    candidate=candidate.id,
                    centre=sitting.centre,
                    half_day=sitting.half_day,
                )
                continue
            seen[(candidate.id, sitting.exam)] += 1
            if seen[(candidate.id, sitting.exam)] > 1:
                self.add(
                    "duplicate_sitting",
                    f"Le candidat {candidate.id} est convoqué plusieurs fois à {sitting.exam} "
                    f"(dont {self.where(sitting)}).",
                    candidate=candidate.id,
                    centre=sitting.centre,
                    half_day=sitting.half_day,
                )
                continue
            valid.append(sitting)
        for candidate in self.instance.candidates:
            for task in candidate.tasks:
                if seen.get((candidate.id, task.exam), 0) == 0:
                    self.add(
                        "missing_sitting",
                        f"Le candidat {candidate.id} n'est convoqué à aucun horaire pour "
                        f"{task.exam}.",
                        candidate=candidate.id,
                        centre=candidate.centre,
                    )
        return valid

    def task(self, sitting: Sitting) -> tuple[Candidate, ExamKind, int, int, str]:
        candidate = self.candidates[sitting.candidate]
        exam = self.instance.exams[sitting.exam]
        task = next(t for t in candidate.tasks if t.exam == sitting.exam)
        return candidate, exam, task.extra_loge, task.extra, task.language

    def check_place_and_time(self, sitting: Sitting) -> None:
        candidate, exam, extra_loge, extra, _ = self.task(sitting)
        if sitting.centre != candidate.centre:
            self.add(
                "wrong_centre",
                f"Le candidat {candidate.id} passe {exam.code} {self.where(sitting)} alors qu'il "
                f"est affecté au centre {candidate.centre}.",
                sitting,
            )
        centre = self.centres.get(sitting.centre)
        if centre is None:
            self.add(
                "unknown_centre",
                f"Le centre {sitting.centre} où le candidat {candidate.id} passe {exam.code} "
                f"n'existe pas.",
                sitting,
            )
        half_day = self.half_day(sitting.half_day)
        if half_day is None or (centre is not None and sitting.half_day not in centre.open):
            self.add(
                "half_day_closed",
                f"Le candidat {candidate.id} passe {exam.code} {self.where(sitting)}, "
                f"demi-journée où ce centre n'est pas ouvert.",
                sitting,
            )
        if half_day is not None and (
            sitting.loge_start < half_day.start or sitting.end > half_day.end
        ):
            self.add(
                "outside_half_day",
                f"Le candidat {candidate.id} passe {exam.code} {self.where(sitting)} de "
                f"{clock(sitting.loge_start)} à {clock(sitting.end)}, hors de la demi-journée "
                f"({clock(half_day.start)} - {clock(half_day.end)}).",
                sitting,
            )
        if sitting.end - sitting.start != exam.duration + extra:
            self.add(
                "wrong_duration",
                f"L'épreuve {exam.code} du candidat {candidate.id} {self.where(sitting)} dure "
                f"{sitting.end - sitting.start} min au lieu de {exam.duration + extra} min.",
                sitting,
            )
        if sitting.start - sitting.loge_start != exam.loge + extra_loge:
            self.add(
                "wrong_loge",
                f"La préparation en loge de {exam.code} du candidat {candidate.id} "
                f"{self.where(sitting)} dure {sitting.start - sitting.loge_start} min au lieu de "
                f"{exam.loge + extra_loge} min.",
                sitting,
            )
        room = self.rooms.get((sitting.centre, sitting.room))
        if room is None:
            self.add(
                "unknown_room",
                f"La salle {sitting.room} où le candidat {candidate.id} passe {exam.code} "
                f"n'existe pas {self.where(sitting)}.",
                sitting,
            )
        elif room.id in self.instance.rooms_lost:
            self.add(
                "room_lost",
                f"Le candidat {candidate.id} passe {exam.code} dans la salle {room.name}, qui "
                f"n'est plus disponible, {self.where(sitting)}.",
                sitting,
            )

    def seats_filled(self, exam: ExamKind, members: tuple[str, ...]) -> bool:
        """A small matching: each seat taken by a distinct member of an accepted kind."""
        key = (exam.code, members)
        cached = self._seat_cache.get(key)
        if cached is not None:
            return cached
        kinds = [self.examiners[m].kinds for m in members]
        ok = any(
            all(
                any(kind in kinds[m] for kind in seat.kinds)
                for seat, m in zip(exam.seats, order, strict=True)
            )
            for order in permutations(range(len(members)), len(exam.seats))
        )
        self._seat_cache[key] = ok
        return ok

    def check_commission(self, sitting: Sitting) -> None:
        candidate, exam, _, _, language = self.task(sitting)
        half_day = sitting.half_day
        members: list[Examiner] = []
        for examiner_id in sitting.examiners:
            examiner = self.examiners.get(examiner_id)
            if examiner is None:
                self.add(
                    "unknown_examiner",
                    f"L'examinateur {examiner_id} de {exam.code} du candidat {candidate.id} "
                    f"{self.where(sitting)} n'existe pas.",
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
            self.add(
                "examiner_count",
                f"La commission de {exam.code} du candidat {candidate.id} {self.where(sitting)} "
                f"compte {len(set(sitting.examiners))} examinateur(s) au lieu de "
                f"{len(exam.seats)}.",
                candidate=candidate.id,
                centre=sitting.centre,
                half_day=half_day,
            )
        elif len(members) == len(sitting.examiners) and not self.seats_filled(
            exam, tuple(sitting.examiners)
        ):
            names = ", ".join(m.name for m in members)
            self.add(
                "examiner_kind",
                f"La commission de {exam.code} du candidat {candidate.id} "
                f"{self.where(sitting)} ({names}) n'a pas les examinateurs que l'épreuve exige.",
                candidate=candidate.id,
                centre=sitting.centre,
                half_day=half_day,
            )
        if exam.language_bound and members and not any(language in m.languages for m in members):
            self.add(
                "examiner_language",
                f"Aucun examinateur de {exam.code} du candidat {candidate.id} "
                f"{self.where(sitting)} n'interroge dans sa langue ({language}).",
                candidate=candidate.id,
                centre=sitting.centre,
                half_day=half_day,
            )
        for m in members:
            if m.establishment and m.establishment == candidate.establishment:
                self.add(
                    "own_establishment",
                    f"{m.name} interroge en {exam.code} le candidat {candidate.id} de son propre "
                    f"établissement ({m.establishment}) {self.where(sitting)}.",
                    sitting,
                    examiner=m.id,
                )
            if half_day not in m.available:
                self.add(
                    "examiner_unavailable",
                    f"{m.name} n'est pas disponible {self.where(sitting)} (candidat "
                    f"{candidate.id}, {exam.code}).",
                    sitting,
                    examiner=m.id,
                )
            if sitting.centre not in m.centres:
                self.add(
                    "examiner_unreachable",
                    f"{m.name} ne peut pas se rendre {self.where(sitting)} (candidat "
                    f"{candidate.id}, {exam.code}).",
                    sitting,
                    examiner=m.id,
                )
            if m.id in self.instance.withdrawn:
                self.add(
                    "examiner_withdrawn",
                    f"{m.name} s'est retiré mais interroge encore le candidat {candidate.id} en "
                    f"{exam.code} {self.where(sitting)}.",
                    sitting,
                    examiner=m.id,
                )

    def check_candidates_half_days(self, sittings: list[Sitting]) -> None:
        """At most one exam per candidate and half-day; EF2 (an exam that ``follows`` another)
        right after it, same commission, same room, when the candidate sits both."""
        by_candidate: dict[str, list[Sitting]] = defaultdict(list)
        for sitting in sittings:
            by_candidate[sitting.candidate].append(sitting)
        for candidate_id, own in by_candidate.items():
            by_exam = {s.exam: s for s in own}
            chained: set[str] = set()
            for sitting in own:
                follows = self.instance.exams[sitting.exam].follows
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
                    self.add(
                        "follows_broken",
                        f"L'épreuve {sitting.exam} du candidat {candidate_id} "
                        f"{self.where(sitting)} ne suit pas immédiatement son épreuve {follows} "
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
                    self.add(
                        "two_exams_half_day",
                        f"Le candidat {candidate_id} passe plusieurs épreuves ({exams}) "
                        f"{self.where(several[0])}.",
                        candidate=candidate_id,
                        centre=several[0].centre,
                        half_day=half_day,
                    )

    def check_groups(self, sittings: list[Sitting]) -> list[_Work]:
        """Group the sittings into the commissions' pieces of work; an E5 practical group is at
        most ``group_size`` candidates sharing the start, the examiners and the room."""
        groups: dict[tuple[str, str, str], list[Sitting]] = defaultdict(list)
        works: list[_Work] = []
        for sitting in sittings:
            exam = self.instance.exams[sitting.exam]
            half_day = self.half_day(sitting.half_day)
            if half_day is None:
                continue
            key = (
                sitting.group
                if exam.group_size > 1 and sitting.group
                else f"candidat:{sitting.candidate}"
            )
            if key.startswith("candidat:"):
                works.append(self._work(sitting, exam, half_day.day, key))
            else:
                groups[(sitting.exam, sitting.centre, key)].append(sitting)
        for (exam_code, centre, key), members in groups.items():
            exam = self.instance.exams[exam_code]
            first = members[0]
            if len(members) > exam.group_size:
                self.add(
                    "group_too_large",
                    f"Le groupe {key} de {exam_code} {self.where(first)} compte "
                    f"{len(members)} candidats (au plus {exam.group_size}).",
                    centre=centre,
                    half_day=first.half_day,
                )
            # the same start, room and examiners; a candidate with extra time ends later
            shape = {(s.room, s.half_day, s.start, tuple(sorted(s.examiners))) for s in members}
            if len(shape) > 1:
                self.add(
                    "group_inconsistent",
                    f"Les candidats du groupe {key} de {exam_code} {self.where(first)} n'ont pas "
                    f"la même salle, la même heure de début et les mêmes examinateurs.",
                    centre=centre,
                    half_day=first.half_day,
                )
                for sitting in members:  # each apart, so that the sweeps still see them
                    day = self.instance.half_days[sitting.half_day].day
                    works.append(self._work(sitting, exam, day, f"{key}:{sitting.candidate}"))
            else:
                day = self.instance.half_days[first.half_day].day
                last = max(members, key=lambda s: s.end)  # the work lasts until the last one ends
                works.append(self._work(last, exam, day, key))
        return works

    @staticmethod
    def _work(sitting: Sitting, exam: ExamKind, day: date, key: str) -> _Work:
        return _Work(
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

    def check_examiner_overlaps(self, works: list[_Work]) -> None:
        """An examiner is never in two places at once, nor in two pieces of work at once."""
        by_examiner: dict[tuple[str, date], list[_Work]] = defaultdict(list)
        for work in works:
            for examiner in work.examiners:
                by_examiner[(examiner, work.day)].append(work)
        for (examiner, _day), own in by_examiner.items():
            for before, after in _overlaps(own):
                name = self.examiner_name(examiner)
                when = self.half_day(after.half_day)
                label = half_day_label(when) if when else str(after.half_day)
                if (before.centre, before.room) != (after.centre, after.room):
                    self.add(
                        "examiner_two_places",
                        f"{name} est attendu à deux endroits à la fois le {label} à "
                        f"{clock(after.start)} (salle {before.room} au centre {before.centre} "
                        f"et salle {after.room} au centre {after.centre}).",
                        examiner=examiner,
                        centre=after.centre,
                        half_day=after.half_day,
                    )
                else:
                    self.add(
                        "examiner_double_booked",
                        f"{name} interroge deux commissions à la fois le {label} à "
                        f"{clock(after.start)} (salle {after.room} au centre {after.centre}).",
                        examiner=examiner,
                        centre=after.centre,
                        half_day=after.half_day,
                    )

    def check_rooms(self, works: list[_Work]) -> None:
        """Never two commissions at once in one room (commissions of exams on computer posts
        may share a computer room: the posts are checked apart)."""
        by_room: dict[tuple[str, str, date], list[_Work]] = defaultdict(list)
        for work in works:
            by_room[(work.centre, work.room, work.day)].append(work)
        for (centre, room, _day), own in by_room.items():
            for before, after in _overlaps(own):
                if before.needs_post and after.needs_post:
                    continue
                when = self.half_day(after.half_day)
                label = half_day_label(when) if when else str(after.half_day)
                self.add(
                    "room_overlap",
                    f"Deux commissions occupent la salle {room} du centre {centre} à la fois le "
                    f"{label} à {clock(after.start)} ({before.exam} et {after.exam}).",
                    centre=centre,
                    half_day=after.half_day,
                )

    def check_posts(self, sittings: list[Sitting]) -> None:
        """The candidates on computer posts at any minute never outnumber the room's posts."""
        events: dict[tuple[str, str, date], list[tuple[int, int, int]]] = defaultdict(list)
        for sitting in sittings:
            if not self.instance.exams[sitting.exam].needs_post:
                continue
            half_day = self.half_day(sitting.half_day)
            if half_day is None:
                continue
            key = (sitting.centre, sitting.room, half_day.day)
            events[key].append((sitting.start, 1, sitting.half_day))
            events[key].append((sitting.end, -1, sitting.half_day))
        for (centre, room_id, _day), timeline in events.items():
            room = self.rooms.get((centre, room_id))
            posts = room.posts if room else 0
            peak, at, index = _peak(timeline)
            if peak > posts:
                when = self.half_day(index)
                label = half_day_label(when) if when else str(index)
                self.add(
                    "posts_exceeded",
                    f"{peak} candidats sont sur poste informatique à la fois dans la salle "
                    f"{room_id} du centre {centre} le {label} à {clock(at)}, pour {posts} "
                    f"poste(s).",
                    centre=centre,
                    half_day=index,
                )

    def check_loge(self, sittings: list[Sitting]) -> None:
        """The candidates in the loge at any minute never outnumber the centre's loge seats."""
        events: dict[tuple[str, date], list[tuple[int, int, int]]] = defaultdict(list)
        for sitting in sittings:
            half_day = self.half_day(sitting.half_day)
            if half_day is None or sitting.start <= sitting.loge_start:
                continue
            key = (sitting.centre, half_day.day)
            events[key].append((sitting.loge_start, 1, sitting.half_day))
            events[key].append((sitting.start, -1, sitting.half_day))
        for (centre_code, _day), timeline in events.items():
            centre = self.centres.get(centre_code)
            seats = centre.loge_seats if centre else 0
            peak, at, index = _peak(timeline)
            if peak > seats:
                when = self.half_day(index)
                label = half_day_label(when) if when else str(index)
                name = centre.name if centre else centre_code
                self.add(
                    "loge_seats_exceeded",
                    f"{peak} candidats sont en loge à la fois au centre {name} le {label} à "
                    f"{clock(at)}, pour {seats} place(s).",
                    centre=centre_code,
                    half_day=index,
                )


def _overlaps(works: Iterable[_Work]) -> list[tuple[_Work, _Work]]:
    """Pairs of distinct pieces of work whose minutes overlap (sort + sweep, each later one
    against the one that ends last before it)."""
    out: list[tuple[_Work, _Work]] = []
    ordered = sorted(works, key=lambda w: (w.start, w.end, w.room, w.key))
    reach: _Work | None = None
    for work in ordered:
        if reach is not None and work.start < reach.end:
            out.append((reach, work))
        if reach is None or work.end > reach.end:
            reach = work
    return out


def _peak(timeline: list[tuple[int, int, int]]) -> tuple[int, int, int]:
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


def check(instance: Instance, schedule: Schedule) -> list[Violation]:
    """Every hard constraint the schedule breaks (an empty list: the schedule is valid)."""
    return _Checker(instance, schedule).run()
