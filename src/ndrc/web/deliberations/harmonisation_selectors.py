"""What the harmonisation meeting reads before the jury (A2023 annexe II, E4, E5, E6 : « Avant
le jury final, une procédure d'harmonisation est mise en place par les autorités
académiques » ; « Une harmonisation entre les différentes commissions d'interrogation est
prévue »): for each épreuve (or part) graded by commissions or examiners, the distribution of
its grades, then per commission of the applied schedule and per examiner the same, a group
flagged when its mean lies far from the épreuve's.

Exact arithmetic: the grades are Decimals and every figure is computed on them (the standard
deviation to 28 significant digits); only the page rounds them. A state (absent, NV,
dispensé, note conservée…) is no grade: it is counted apart, never as 0. A grade kept from an
earlier session (« note conservée ») was not given by this session's examiners: counted apart
too.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import QuerySet

from ndrc.rules.catalogue import catalogue
from ndrc.rules.exam_days import exam_day_rules
from ndrc.rules.grades import GradeState
from ndrc.rules.grids.templates import graded_on_grid
from ndrc.rules.regulation import regulation_for_session
from ndrc.web.candidates.models import Candidate, Grade
from ndrc.web.deliberations.models import HarmonisationAdjustment
from ndrc.web.grading.models import EvaluationGrid, ExaminerAssignment
from ndrc.web.scheduling.models import HALVES, Commission, Schedule, Sitting
from ndrc.web.sessions.models import ExamSession

# A group (commission, examiner) is flagged when its mean lies further from the épreuve's mean
# than FLAG_FACTOR standard errors of a mean of its size: |m_g − m| > FLAG_FACTOR × σ / √n_g
# (σ the épreuve's standard deviation). A group graded like the rest of the épreuve is
# flagged by chance about once in twenty. A product choice, not the regulation's.
FLAG_FACTOR = Decimal(2)
# Smaller groups are shown, never flagged: two grades say nothing of a commission.
MIN_GROUP = 3
# The histogram's classes: one point wide, from 0 to the top of the scale (included).
BIN_WIDTH = Decimal(1)

HIGH = "high"
LOW = "low"


def number(value: Decimal | None, places: int = 2) -> str:
    """A figure as the page writes it: two decimals, a comma; « — » when there is none."""
    if value is None:
        return "—"
    step = Decimal(1).scaleb(-places)
    return f"{value.quantize(step, rounding=ROUND_HALF_UP)}".replace(".", ",")


def _quantile(ordered: Sequence[Decimal], q: Decimal) -> Decimal:
    """The q-quantile by linear interpolation between the ordered grades (the « inclusive »
    method: the minimum is the 0-quantile, the maximum the 1-quantile)."""
    position = (len(ordered) - 1) * q
    low = int(position)
    fraction = position - low
    if low + 1 >= len(ordered):
        return ordered[low]
    return ordered[low] + (ordered[low + 1] - ordered[low]) * fraction


@dataclass(frozen=True)
class Stats:
    """The distribution of some grades: how many, mean, standard deviation (of these grades,
    not an estimate for a larger population), extremes and quartiles; all None without any."""

    n: int
    mean: Decimal | None = None
    sd: Decimal | None = None
    minimum: Decimal | None = None
    q1: Decimal | None = None
    median: Decimal | None = None
    q3: Decimal | None = None
    maximum: Decimal | None = None

    def text(self, name: str) -> str:
        return number(getattr(self, name))

    @property
    def cells(self) -> list[str]:
        """Mean, standard deviation, minimum, Q1, median, Q3, maximum as the page writes them."""
        names = ("mean", "sd", "minimum", "q1", "median", "q3", "maximum")
        return [self.text(name) for name in names]


def describe(values: Iterable[Decimal]) -> Stats:
    """The exact statistics of these grades."""
    ordered = sorted(values)
    n = len(ordered)
    if not n:
        return Stats(n=0)
    mean = sum(ordered, Decimal(0)) / n
    variance = sum(((v - mean) ** 2 for v in ordered), Decimal(0)) / n
    return Stats(
        n=n,
        mean=mean,
        sd=variance.sqrt(),
        minimum=ordered[0],
        q1=_quantile(ordered, Decimal("0.25")),
        median=_quantile(ordered, Decimal("0.5")),
        q3=_quantile(ordered, Decimal("0.75")),
        maximum=ordered[-1],
    )


def flag_of(*, group: Stats, overall: Stats) -> str:
    """HIGH or LOW when the group's mean lies more than FLAG_FACTOR standard errors from the
    épreuve's mean; "" otherwise, and for a group of fewer than MIN_GROUP grades."""
    if group.n < MIN_GROUP or group.mean is None or overall.mean is None or not overall.sd:
        return ""
    gap = group.mean - overall.mean
    if abs(gap) * Decimal(group.n).sqrt() > FLAG_FACTOR * overall.sd:
        return HIGH if gap > 0 else LOW
    return ""


@dataclass(frozen=True)
class Group:
    """A commission or an examiner with the grades it gave in the épreuve."""

    key: str
    label: str
    values: tuple[Decimal, ...]
    stats: Stats
    flag: str
    gap: Decimal | None  # group mean − épreuve mean

    @property
    def small(self) -> bool:
        return self.stats.n < MIN_GROUP


def _groups(
    members: dict[str, list[Decimal]], labels: dict[str, str], overall: Stats
) -> list[Group]:
    out = []
    for key, values in members.items():
        stats = describe(values)
        gap = None if stats.mean is None or overall.mean is None else stats.mean - overall.mean
        out.append(
            Group(
                key=key,
                label=labels[key],
                values=tuple(sorted(values)),
                stats=stats,
                flag=flag_of(group=stats, overall=overall),
                gap=gap,
            )
        )
    return sorted(out, key=lambda g: g.label)


@dataclass(frozen=True)
class Bin:
    low: Decimal
    high: Decimal
    count: int
    last: bool  # the last class includes its upper bound (the top of the scale)


def histogram(values: Iterable[Decimal]) -> list[Bin]:
    """The grades counted by classes one point wide, [0; 1[, [1; 2[ … [19; 20]."""
    top = catalogue().max_grade
    count = int(top / BIN_WIDTH)
    counts = [0] * count
    for value in values:
        counts[min(int(value / BIN_WIDTH), count - 1)] += 1
    return [
        Bin(low=i * BIN_WIDTH, high=(i + 1) * BIN_WIDTH, count=c, last=i == count - 1)
        for i, c in enumerate(counts)
    ]


def harmonisation_exams(session: ExamSession | None) -> tuple[str, ...]:
    """The épreuves (or parts) of the session graded by commissions or examiners: those held
    on the exam days (their commissions) and those graded on a grid, in the règlement's
    order."""
    if session is None:
        return ()
    regulation = regulation_for_session(session.year)
    codes = set(exam_day_rules(regulation.id)) | set(graded_on_grid(session.year))
    return tuple(code for code in catalogue().grade_codes if code in codes)


def _split(rows: Iterable[tuple[str, Decimal | None]]) -> tuple[list[Decimal], Counter[str]]:
    """The grades with a value, and the other states counted by their label."""
    values: list[Decimal] = []
    states: Counter[str] = Counter()
    for state, value in rows:
        if state == GradeState.GRADE and value is not None:
            values.append(Decimal(value))
        else:
            states[GradeState(state).label_fr] += 1
    return values, states


@dataclass(frozen=True)
class ExamLine:
    exam: str
    stats: Stats
    states: list[tuple[str, int]]


def harmonisation_overview(
    *, candidates: QuerySet[Candidate], exams: Sequence[str]
) -> list[ExamLine]:
    """Each épreuve's distribution over these candidates (one query)."""
    rows: dict[str, list[tuple[str, Decimal | None]]] = {exam: [] for exam in exams}
    grades = Grade.objects.filter(candidate__in=candidates, exam__in=exams).values_list(
        "exam", "state", "value"
    )
    for exam, state, value in grades.iterator(chunk_size=2000):
        rows[exam].append((state, value))
    out = []
    for exam in exams:
        values, states = _split(rows[exam])
        out.append(ExamLine(exam=exam, stats=describe(values), states=sorted(states.items())))
    return out


def _commission_label(row: tuple, members: dict[int, list[str]]) -> str:
    pk, day, half, centre, room = row
    who = ", ".join(sorted(members.get(pk, [])))
    text = f"{centre} — {room} — {day:%d/%m/%Y} {dict(HALVES)[half]}"
    return f"{text} ({who})" if who else text


def _person(first: str, last: str, username: str) -> str:
    return f"{last.upper()} {first}".strip() or username


@dataclass
class ExamHarmonisation:
    """One épreuve before the harmonisation meeting."""

    exam: str
    overall: Stats
    states: list[tuple[str, int]]
    bins: list[Bin]
    commissions: list[Group]
    examiners: list[Group]
    without_commission: int
    without_examiner: int
    # candidate pk → (commission key, examiner key) of his or her grade
    commission_of: dict[int, str] = field(default_factory=dict)
    examiner_of: dict[int, str] = field(default_factory=dict)

    @property
    def flagged(self) -> int:
        return sum(1 for g in [*self.commissions, *self.examiners] if g.flag)

    def group(self, kind: str) -> list[Group]:
        return self.commissions if kind == "commissions" else self.examiners


def exam_harmonisation(*, candidates: QuerySet[Candidate], exam: str) -> ExamHarmonisation:
    """The épreuve's distribution over these candidates, per commission of the applied schedule
    and per examiner (the one the grade is entrusted to, otherwise the signer of the grid);
    a fixed number of queries, whatever the number of candidates."""
    graded = Grade.objects.filter(candidate__in=candidates, exam=exam).values_list(
        "candidate_id", "state", "value"
    )
    by_candidate: dict[int, Decimal] = {}
    rows: list[tuple[str, Decimal | None]] = []
    for candidate_id, state, value in graded.iterator(chunk_size=2000):
        rows.append((state, value))
        if state == GradeState.GRADE and value is not None:
            by_candidate[candidate_id] = Decimal(value)
    values, states = _split(rows)
    overall = describe(values)

    sittings = Sitting.objects.filter(
        candidate__in=candidates,
        exam=exam,
        commission__schedule__status=Schedule.APPLIED,
        commission__schedule__purpose=Schedule.MAIN,
    ).values_list(
        "candidate_id",
        "commission_id",
        "commission__date",
        "commission__half",
        "commission__centre__name",
        "commission__room__name",
    )
    commission_of: dict[int, str] = {}
    commission_rows: dict[int, tuple] = {}
    for candidate_id, pk, day, half, centre, room in sittings:
        commission_of[candidate_id] = f"c{pk}"
        commission_rows[pk] = (pk, day, half, centre, room)
    members: dict[int, list[str]] = {}
    through = Commission.members.through.objects.filter(
        commission_id__in=list(commission_rows)
    ).values_list("commission_id", "examiner__first_name", "examiner__last_name")
    for pk, first, last in through:
        members.setdefault(pk, []).append(_person(first, last, ""))
    commission_labels = {
        f"c{pk}": _commission_label(row, members) for pk, row in commission_rows.items()
    }

    examiner_of: dict[int, str] = {}
    examiner_labels: dict[str, str] = {}
    signed = (
        EvaluationGrid.objects.filter(
            candidate__in=candidates,
            exam=exam,
            state=EvaluationGrid.SIGNED,
            signed_by__isnull=False,
        )
        .order_by("signed_at", "pk")
        .values_list(
            "candidate_id",
            "signed_by_id",
            "signed_by__first_name",
            "signed_by__last_name",
            "signed_by__username",
        )
    )
    assigned = ExaminerAssignment.objects.filter(candidate__in=candidates, exam=exam).values_list(
        "candidate_id",
        "examiner_id",
        "examiner__first_name",
        "examiner__last_name",
        "examiner__username",
    )
    # The signer of the last grid first, then the examiner entrusted with the grade overrides.
    for source in (signed, assigned):
        for candidate_id, user_id, first, last, username in source:
            examiner_of[candidate_id] = f"u{user_id}"
            examiner_labels[f"u{user_id}"] = _person(first, last, username)

    by_commission: dict[str, list[Decimal]] = {}
    by_examiner: dict[str, list[Decimal]] = {}
    for candidate_id, value in by_candidate.items():
        if candidate_id in commission_of:
            by_commission.setdefault(commission_of[candidate_id], []).append(value)
        if candidate_id in examiner_of:
            by_examiner.setdefault(examiner_of[candidate_id], []).append(value)
    return ExamHarmonisation(
        exam=exam,
        overall=overall,
        states=sorted(states.items()),
        bins=histogram(values),
        commissions=_groups(by_commission, commission_labels, overall),
        examiners=_groups(by_examiner, examiner_labels, overall),
        without_commission=sum(1 for pk in by_candidate if pk not in commission_of),
        without_examiner=sum(1 for pk in by_candidate if pk not in examiner_of),
        commission_of=commission_of,
        examiner_of=examiner_of,
    )


def graded_rows(*, candidates: QuerySet[Candidate], exam: str) -> QuerySet[Grade]:
    """The épreuve's grades of these candidates, by name (a page of them is shown)."""
    return (
        Grade.objects.filter(candidate__in=candidates, exam=exam)
        .select_related("candidate")
        .order_by("candidate__last_name", "candidate__first_name", "candidate__number")
    )


def adjustments_of(
    *, candidates: QuerySet[Candidate], exam: str | None = None
) -> QuerySet[HarmonisationAdjustment]:
    """The harmonisation adjustments of these candidates (of one épreuve), oldest first."""
    rows = HarmonisationAdjustment.objects.filter(candidate__in=candidates)
    if exam is not None:
        rows = rows.filter(exam=exam)
    return rows.select_related("candidate", "author")
