"""What the bounds and the solver both read from an instance: each candidate's exams as
« units » (an exam and the one that follows it with the same commission, e.g. E6 then EF2,
make one unit), the examiners that may take each seat, and the French words of the messages.

A unit's ``slot`` is the minutes it holds its commission (extra time included, the following
exam included); ``loge`` the minutes of loge before its oral (extra included).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ndrc.french_dates import day_text
from ndrc.planning.instance import Candidate, Centre, Examiner, ExamKind, Instance, Task


def french_day(day: date) -> str:
    """« lundi 11 mai »: a day in the messages for the exam office."""
    return day_text(day, year=False)


# Languages given by their ISO 639-1 code are named in French in the messages.
_LANGUAGE_NAMES = {
    "ar": "arabe",
    "de": "allemand",
    "en": "anglais",
    "es": "espagnol",
    "he": "hébreu",
    "it": "italien",
    "ja": "japonais",
    "nl": "néerlandais",
    "pt": "portugais",
    "ru": "russe",
    "zh": "chinois",
}


def of_language(language: str) -> str:
    """« d'allemand », « de russe » (« de » elided before a vowel or a mute h)."""
    name = _LANGUAGE_NAMES.get(language, language)
    return f"d'{name}" if name[:1].lower() in "aeéèêiîouyh" else f"de {name}"


@dataclass(frozen=True, order=True)
class Unit:
    """One candidate's exam as one commission holds it (with the exam that follows it)."""

    family: str  # the exam code whose commission holds the unit (E6 for E6 + EF2)
    language: str
    loge: int
    slot: int
    parts: tuple[tuple[str, int, int, int], ...]  # (exam, loge, minutes, extra) in order


def units(instance: Instance, candidate: Candidate) -> tuple[Unit, ...]:
    """The candidate's tasks merged into units (a follower joins the exam it follows)."""
    by_exam = {task.exam: task for task in candidate.tasks}
    followers: dict[str, Task] = {}
    for task in candidate.tasks:
        follows = instance.exams[task.exam].follows
        if follows and follows in by_exam:
            followers[follows] = task
    out: list[Unit] = []
    for task in candidate.tasks:
        exam = instance.exams[task.exam]
        if exam.follows and exam.follows in by_exam:
            continue
        parts = [(task.exam, exam.loge + task.extra_loge, exam.duration + task.extra, task.extra)]
        follower = followers.get(task.exam)
        if follower is not None:
            fexam = instance.exams[follower.exam]
            parts.append((follower.exam, 0, fexam.duration + follower.extra, follower.extra))
        loge = parts[0][1]
        slot = sum(part[2] for part in parts)
        if exam.group_size <= 1:
            # The next candidate's loge opens when this one's oral starts: a commission holds
            # a candidate at least as long as his or her loge.
            slot = max(slot, loge)
        out.append(
            Unit(task.exam, task.language if exam.language_bound else "", loge, slot, tuple(parts))
        )
    return tuple(sorted(out))


def seat_eligible(
    examiner: Examiner, exam: ExamKind, seat: int, language: str, centre: Centre
) -> bool:
    """Whether the examiner may take that seat of that exam at that centre."""
    if centre.code not in examiner.centres:
        return False
    if not examiner.kinds & set(exam.seats[seat].kinds):
        return False
    return not (exam.language_bound and seat == 0 and language not in examiner.languages)


def usable_rooms(instance: Instance, centre: Centre) -> tuple[int, int]:
    """(oral rooms, E5-practical sessions the computer posts allow) of the centre."""
    orals = 0
    post_sessions = 0
    group = max((exam.group_size for exam in instance.exams.values() if exam.needs_post), default=1)
    for room in centre.rooms:
        if room.id in instance.rooms_lost:
            continue
        if room.posts > 0:
            post_sessions += room.posts // group
        else:
            orals += 1
    return orals, post_sessions


def centre_candidates(instance: Instance) -> dict[str, list[Candidate]]:
    out: dict[str, list[Candidate]] = {centre.code: [] for centre in instance.centres}
    for candidate in instance.candidates:
        out.setdefault(candidate.centre, []).append(candidate)
    return out


def centre_length(instance: Instance, centre: Centre) -> int:
    """The longest half-day the centre is open (any half-day's when it opens none)."""
    lengths = [instance.half_days[h].length for h in centre.open] or [
        h.length for h in instance.half_days
    ]
    return max(lengths, default=0)


def sessions_needed(exam: ExamKind, length: int, slots: list[int]) -> int:
    """A lower bound on the sessions (one commission, one half-day) the slots need."""
    if not slots:
        return 0
    if exam.group_size > 1:
        rounds = max(1, length // max(1, exam.duration))
        return -(-len(slots) // (exam.group_size * rounds))
    usable = max(1, length - exam.loge)
    per_session = max(1, usable // max(1, exam.duration))
    by_count = -(-len(slots) // per_session)
    by_minutes = -(-sum(slots) // usable)
    return max(by_count, by_minutes)
