"""What the solver returns and the checker reads: one sitting per candidate and exam, the
commissions, and the report (value, bounds, binding resource, times)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, order=True)
class Sitting:
    """One candidate's exam: where, when, with whom.

    ``loge_start`` equals ``start`` when the exam has no loge. ``start`` and ``end`` are
    minutes from midnight of the half-day's date, extra time included. ``group`` names the
    group of an E5 practical (the candidates examined at once share it; "" otherwise)."""

    candidate: str
    exam: str
    centre: str
    room: str
    half_day: int  # index into Instance.half_days
    loge_start: int
    start: int
    end: int
    examiners: tuple[str, ...]
    group: str = ""


@dataclass(frozen=True)
class Schedule:
    sittings: tuple[Sitting, ...]

    def by_candidate(self) -> dict[str, list[Sitting]]:
        out: dict[str, list[Sitting]] = {}
        for sitting in self.sittings:
            out.setdefault(sitting.candidate, []).append(sitting)
        return out


@dataclass(frozen=True)
class Binding:
    """A resource that bounds the schedule, said in words for the exam office
    (« il manque un professionnel le mardi 12 mai au centre X »)."""

    # A stable code: "professional", "teacher:bloc1", "language:es", "rooms", "posts", "loge",
    # "days"; "proof" when the solver proved a centre needs more days than the resources say;
    # "sharing" for two centres that need more days together (``centre``: the first), or, in
    # a diagnosis, that cannot hold together or leave a centre short (D143).
    resource: str
    centre: str  # centre code, "" for the whole session
    message: str  # French


@dataclass(frozen=True)
class Bounds:
    examiner_half_days: int
    centre_days: int
    per_centre: dict[str, tuple[int, int]]  # centre → (examiner half-days, centre-days)
    binding: tuple[Binding, ...]
    infeasible: bool  # a bound exceeds what the instance offers: no schedule exists
    # Pairs of centres (no centre in two) proven to need more days together than each alone,
    # for the examiners they share (`shared_bound`, D138): ((centre, centre), days together).
    together: tuple[tuple[tuple[str, str], int], ...] = ()


def centre_days_of(
    per_centre: dict[str, tuple[int, int]], together: tuple[tuple[tuple[str, str], int], ...]
) -> int:
    """The centre-days bound: each centre's days, and what each pair of centres needs beyond
    its two centres' days (the pairs are disjoint, so the sum stays a lower bound)."""
    total = sum(days for _halves, days in per_centre.values())
    for (a, b), days in together:
        total += max(0, days - per_centre.get(a, (0, 0))[1] - per_centre.get(b, (0, 0))[1])
    return total


@dataclass(frozen=True)
class Violation:
    """A hard constraint a schedule breaks (the checker's finding), in French."""

    code: str
    message: str
    candidate: str = ""
    examiner: str = ""
    centre: str = ""
    half_day: int = -1


@dataclass(frozen=True)
class SolveReport:
    status: str  # "optimal", "feasible", "infeasible", "unknown"
    schedule: Schedule | None
    bounds: Bounds
    examiner_half_days: int = 0
    centre_days: int = 0
    load_spread: int = 0  # max − min half-days over the examiners used
    trips: int = 0  # candidates' distinct days at a centre, summed
    first_feasible_seconds: float | None = None
    seconds: float = 0.0
    diagnosis: tuple[Binding, ...] = ()  # why there is no schedule, when there is none
    changed: tuple[str, ...] = field(default=())  # re-planning: candidates whose sittings changed
