"""What a schedule is made from: half-days, centres with their rooms, examiners, candidates
and the exams each of them sits (plain, immutable data; no Django, no solver).

Every regulatory value (durations, loge times, group sizes, the kinds of examiner a
commission needs) comes in with the instance: `ndrc.web.scheduling` reads them from the rules
core (`ndrc.rules.exam_days`), so this floor holds no regulatory literal.

Times are minutes from midnight of the day; a half-day is one date, one half (0 morning, 1
afternoon), the minute it starts and its length.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True, order=True)
class HalfDay:
    """One half-day of the session's window of orals."""

    day: date
    half: int  # 0 morning, 1 afternoon
    start: int  # minute from midnight when the first loge may open
    length: int  # minutes available (the last oral ends at start + length at the latest)

    @property
    def end(self) -> int:
        return self.start + self.length


@dataclass(frozen=True)
class Seat:
    """One member's seat in a commission: the kinds of examiner that may take it, in the
    order of preference of the text (« un professionnel, à défaut un professeur … »)."""

    kinds: tuple[str, ...]


@dataclass(frozen=True)
class ExamKind:
    """A one-off oral or practical as it is scheduled (for one regulation).

    ``loge`` is the preparation in the loge before the oral (0 when none); ``group_size`` the
    candidates one commission examines at once (3 for the E5 practical); ``needs_post`` a
    computer post per candidate; ``language_bound`` a seat must speak the candidate's
    language; ``follows`` the exam this one comes right after, with the same commission, when
    the candidate sits both (EF2 after E6)."""

    code: str
    label: str
    duration: int
    loge: int
    seats: tuple[Seat, ...]
    group_size: int = 1
    needs_post: bool = False
    language_bound: bool = False
    follows: str = ""


@dataclass(frozen=True)
class Task:
    """One exam one candidate sits. ``extra`` minutes lengthen both the loge and the oral
    (extra time, up to one third of each: the builder computes it from the candidate's
    file)."""

    exam: str
    language: str = ""
    extra_loge: int = 0
    extra: int = 0


@dataclass(frozen=True)
class Candidate:
    id: str  # the candidate number
    establishment: str  # UAI, "" for an individual candidate
    centre: str  # the centre code the candidate is assigned to
    tasks: tuple[Task, ...]


@dataclass(frozen=True)
class Room:
    id: str
    name: str
    posts: int = 0  # computer posts (E5 practical); 0 for an oral room


@dataclass(frozen=True)
class Centre:
    code: str
    name: str
    rooms: tuple[Room, ...]
    loge_seats: int
    open: frozenset[int]  # indexes into Instance.half_days


@dataclass(frozen=True)
class Examiner:
    id: str
    name: str
    establishment: str  # UAI, "" for a professional from no establishment
    kinds: frozenset[str]
    languages: frozenset[str]
    centres: frozenset[str]  # centre codes the examiner can reach
    available: frozenset[int]  # indexes into Instance.half_days


@dataclass(frozen=True)
class Instance:
    half_days: tuple[HalfDay, ...]
    exams: dict[str, ExamKind]
    centres: tuple[Centre, ...]
    examiners: tuple[Examiner, ...]
    candidates: tuple[Candidate, ...]
    # For a re-planning: examiners withdrawn and rooms lost (room ids), so that the checker
    # can refuse a schedule that still uses them.
    withdrawn: frozenset[str] = field(default=frozenset())
    rooms_lost: frozenset[str] = field(default=frozenset())

    def centre(self, code: str) -> Centre:
        for centre in self.centres:
            if centre.code == code:
                return centre
        raise KeyError(code)
