"""The figures of a session or a jury (« Statistiques »): pass rates by establishment, route,
column of the règlement and exam centre, the decisions by column, each épreuve's distribution
of grades, and the same figures of the previous session of the académie.

Where a candidate's decision is read: the result the jury arrested at its last round once the
jury is closed (``FrozenResult``), the stored proposal before (``ProposedResult``, only when
current: a stale one is counted apart as being computed, never as it was); a training centre
reads only the published results (``published_only``). Every figure comes from aggregate
queries (GROUP BY in the database), a fixed number whatever the number of candidates: one per
source of decisions, one for the grades. Rates are exact fractions until the page writes them.

A grade's state (absent, NV, dispensé…) is no grade: counted apart, never as 0.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any

from django.db.models import BooleanField, Count, ExpressionWrapper, F, IntegerField, Q, QuerySet

from ndrc.rules.candidate import CandidateProfile
from ndrc.rules.candidate_category import EstablishmentStatus, Habilitation, Route
from ndrc.rules.catalogue import catalogue
from ndrc.rules.columns import candidate_column
from ndrc.rules.errors import InvalidCandidate
from ndrc.rules.grades import GradeState
from ndrc.rules.regulation import regulation_for_session
from ndrc.rules.results import Decision
from ndrc.rules.results.decision import pass_rate
from ndrc.web.candidates.models import Candidate, Grade
from ndrc.web.candidates.selectors import proposal_is_current
from ndrc.web.deliberations.models import FrozenResult, Jury
from ndrc.web.sessions.models import Establishment, ExamCentre, ExamSession

# The dimensions of the pass rates, in the page's order.
ESTABLISHMENT = "etablissement"
ROUTE = "voie"
COLUMN = "colonne"
CENTRE = "centre"
DIMENSIONS = (ESTABLISHMENT, ROUTE, COLUMN, CENTRE)

_ROUTES = {r.value for r in Route}

# Where the decisions were read.
FROZEN = "frozen"
PROPOSED = "proposed"


def rate_text(rate: Fraction | None) -> str:
    """A rate as the page writes it: « 72,4 % » (one decimal, half up, a no-break space
    before « % »); « — » without one."""
    if rate is None:
        return "—"
    tenths = (rate * 1000 + Fraction(1, 2)).__floor__()
    return f"{tenths // 10},{tenths % 10}\u00a0%"


def gap_text(current: Fraction | None, previous: Fraction | None) -> str:
    """The difference of two rates in points: « +3,5 pts », « −1,0 pt »; « — » without both."""
    if current is None or previous is None:
        return "—"
    gap = (current - previous) * 100
    tenths = (abs(gap) * 10 + Fraction(1, 2)).__floor__()
    sign = "+" if gap > 0 and tenths else ("−" if gap < 0 and tenths else "")
    unit = "pt" if tenths <= 10 else "pts"
    return f"{sign}{tenths // 10},{tenths % 10}\u00a0{unit}"


@dataclass(frozen=True)
class RateRow:
    """A group of candidates (an establishment, a route, a column, a centre): the count of each
    decision, the pass rate among the definitive ones, and the previous session's."""

    key: str
    label: str
    counts: tuple[tuple[Decision, int], ...]
    previous: Fraction | None = None
    previous_admitted: int = 0
    previous_final: int = 0

    @property
    def total(self) -> int:
        return sum(n for _d, n in self.counts)

    @property
    def admitted(self) -> int:
        return sum(n for d, n in self.counts if d.is_admitted)

    @property
    def final(self) -> int:
        return sum(n for d, n in self.counts if d.is_final)

    @property
    def rate(self) -> Fraction | None:
        return pass_rate(dict(self.counts))

    def count(self, decision: Decision) -> int:
        return dict(self.counts).get(decision, 0)


@dataclass(frozen=True)
class ExamRow:
    """One épreuve's grades: the count in each class one point wide ([0; 1[ … [19; 20]), the
    exact mean, the states counted apart, and the previous session's mean."""

    exam: str
    bins: tuple[int, ...]
    graded: int
    mean: Decimal | None
    states: tuple[tuple[str, int], ...]
    previous_mean: Decimal | None = None


@dataclass
class Figures:
    """The figures of some candidates. ``frozen``/``proposed``: how many decisions were read
    from arrested results and from proposals; ``stale``: proposals being computed (not
    counted); ``undecided``: candidates with neither (a centre before publication)."""

    total: int = 0
    frozen: int = 0
    proposed: int = 0
    stale: int = 0
    undecided: int = 0
    overall: RateRow = field(default_factory=lambda: RateRow("", "", ()))
    groups: dict[str, list[RateRow]] = field(default_factory=dict)
    exams: list[ExamRow] = field(default_factory=list)
    previous_year: int | None = None

    @property
    def source(self) -> str:
        """FROZEN, PROPOSED, both (« mixed ») or "" when no decision was read."""
        if self.frozen and self.proposed:
            return "mixed"
        return FROZEN if self.frozen else (PROPOSED if self.proposed else "")


# --------------------------------------------------------------------------------------------
# Decisions, grouped in the database
# --------------------------------------------------------------------------------------------

# A decision row is grouped by the candidate's establishment, route and the centre the exam
# office assigned (if any), then the decision: ids only, few joins; the establishments' names,
# status, habilitation (the column) and serving centre, and the centres' names, are read after
# (two small queries).
_CURRENT = ExpressionWrapper(proposal_is_current(), output_field=BooleanField())
_CLOSED = ExpressionWrapper(
    Q(jury_assignment__jury__state=Jury.CLOSED), output_field=BooleanField()
)


def _candidate_rows(candidates: QuerySet[Candidate]) -> QuerySet[Any]:
    """Every candidate, grouped with the proposal's decision, whether it is current and
    whether the candidate's jury is closed (one query: the count, the stale ones and the
    proposed decisions together)."""
    return (
        candidates.order_by()
        .annotate(current=_CURRENT, closed=_CLOSED)
        .values_list(
            "establishment_id",
            "route",
            "centre_assignment__centre_id",
            "proposed__decision",
            "current",
            "closed",
        )
        .annotate(n=Count("pk", output_field=IntegerField()))
    )


def _frozen_rows(frozen: QuerySet[FrozenResult]) -> QuerySet[Any]:
    return (
        frozen.order_by()
        .values_list(
            "candidate__establishment_id",
            "candidate__route",
            "candidate__centre_assignment__centre_id",
            "decision",
        )
        .annotate(n=Count("pk", output_field=IntegerField()))
    )


def _last_rounds(
    candidates: QuerySet[Candidate], session_id: int, *, published_only: bool
) -> QuerySet[FrozenResult]:
    """The results arrested at the last round of the candidates' closed juries (of the
    session: its juries' results only are read)."""
    frozen = FrozenResult.objects.filter(
        jury__session_id=session_id,
        jury__state=Jury.CLOSED,
        round=F("jury__round"),
        candidate__in=candidates.order_by().values("pk"),
    )
    return frozen.filter(published_at__isnull=False) if published_only else frozen


class _Labels:
    """The label of each dimension's key: the establishments and centres read once, the
    column of (route, status, habilitation) by the rules (``rules.columns``)."""

    def __init__(self, year: int, rows: list[tuple[Any, ...]]) -> None:
        self.regulation = regulation_for_session(year)
        self.columns: dict[tuple[str, str, str], tuple[str, str]] = {}
        ids = {row[0] for row in rows if row[0] is not None}
        self.establishments = {
            pk: (name, status, habilitation, centre)
            for pk, name, status, habilitation, centre in Establishment.objects.filter(
                pk__in=ids
            ).values_list("pk", "name", "status", "habilitation", "exam_centre_id")
        }
        centres = {row[2] for row in rows if row[2] is not None}
        centres |= {e[3] for e in self.establishments.values() if e[3] is not None}
        self.centres = dict(ExamCentre.objects.filter(pk__in=centres).values_list("pk", "name"))

    def column(self, route: str, status: str | None, habilitation: str | None) -> tuple[str, str]:
        key = (route, status or "", habilitation or "")
        if key not in self.columns:
            try:
                profile = CandidateProfile(
                    route=Route(route),
                    establishment_status=EstablishmentStatus(status) if status else None,
                    habilitation=Habilitation(habilitation) if habilitation else None,
                )
                column = candidate_column(profile, self.regulation).column
                self.columns[key] = (str(column.number), f"Colonne {column.number}")
            except (InvalidCandidate, ValueError):
                self.columns[key] = ("", "Colonne indéterminée")
        return self.columns[key]

    def keys(
        self, establishment: int | None, route: str, assigned: int | None
    ) -> dict[str, tuple[str, str]]:
        name, status, habilitation, serving = self.establishments.get(
            establishment, (None, None, None, None)
        )
        centre = assigned or serving
        route_label = Route(route).label_fr if route in _ROUTES else str(route)
        return {
            ESTABLISHMENT: (str(establishment or ""), name or "Sans établissement"),
            ROUTE: (route, route_label),
            COLUMN: self.column(route, status, habilitation),
            CENTRE: (str(centre or ""), self.centres.get(centre) or "Sans centre d'examen"),
        }


def _rows(
    counts: dict[str, dict[tuple[str, str], Counter[Decision]]], dimension: str
) -> list[RateRow]:
    rows = [
        RateRow(key=key, label=label, counts=tuple((d, c[d]) for d in Decision if c[d]))
        for (key, label), c in counts[dimension].items()
    ]
    if dimension in (ROUTE, COLUMN):
        order = [r.value for r in Route] if dimension == ROUTE else None
        return sorted(rows, key=lambda r: (order.index(r.key) if order else 0, r.key or "9"))
    return sorted(rows, key=lambda r: (not r.key, r.label))


def _decisions(
    figures: Figures,
    *,
    candidate_rows: list[tuple[Any, ...]],
    frozen_rows: list[tuple[Any, ...]],
    proposals: bool,
    year: int,
) -> None:
    """Count the decisions: the arrested ones, then (``proposals``) the current proposals of
    the candidates whose jury is not closed; the stale ones apart."""
    decided: list[tuple[str, tuple[Any, ...], str, int]] = [
        (FROZEN, (e, r, c), d, n) for e, r, c, d, n in frozen_rows
    ]
    for e, r, c, decision, current, closed, n in candidate_rows:
        if not proposals or closed:
            continue
        if current:
            decided.append((PROPOSED, (e, r, c), decision, n))
        else:
            figures.stale += n
    labels = _Labels(year, [key for _s, key, _d, _n in decided])
    counts: dict[str, dict[tuple[str, str], Counter[Decision]]] = {
        d: defaultdict(Counter) for d in DIMENSIONS
    }
    overall: Counter[Decision] = Counter()
    for source, key, decision, n in decided:
        value = Decision(decision)
        overall[value] += n
        setattr(figures, source, getattr(figures, source) + n)
        for dimension, group in labels.keys(*key).items():
            counts[dimension][group][value] += n
    figures.overall = RateRow(
        key="", label="Ensemble", counts=tuple((d, overall[d]) for d in Decision if overall[d])
    )
    figures.groups = {d: _rows(counts, d) for d in DIMENSIONS}


# --------------------------------------------------------------------------------------------
# Grades, grouped in the database
# --------------------------------------------------------------------------------------------


def _exam_rows(grades: QuerySet[Grade]) -> list[ExamRow]:
    """Each épreuve's grades counted by exact value (one query: at most 2 001 values an
    épreuve), then classed and averaged exactly here."""
    top = catalogue().max_grade
    size = int(top)
    values: dict[str, Counter[Decimal]] = defaultdict(Counter)
    states: dict[str, Counter[str]] = defaultdict(Counter)
    rows = grades.order_by().values_list("exam", "state", "value").annotate(n=Count("pk"))
    for exam, state, value, n in rows:
        if state == GradeState.GRADE and value is not None:
            values[exam][Decimal(value)] += n
        else:
            states[exam][GradeState(state).label_fr] += n
    order = list(catalogue().grade_codes)
    exams = sorted(
        set(values) | set(states),
        key=lambda e: (e not in order, order.index(e) if e in order else 0, e),
    )
    out = []
    for exam in exams:
        bins = [0] * size
        total = Decimal(0)
        graded = 0
        for value, n in values[exam].items():
            bins[min(int(value), size - 1)] += n
            total += value * n
            graded += n
        out.append(
            ExamRow(
                exam=exam,
                bins=tuple(bins),
                graded=graded,
                mean=total / graded if graded else None,
                states=tuple(sorted(states[exam].items())),
            )
        )
    return out


# --------------------------------------------------------------------------------------------
# The figures
# --------------------------------------------------------------------------------------------


def figures_of(
    *,
    candidates: QuerySet[Candidate],
    grades: QuerySet[Grade],
    session: ExamSession,
    published_only: bool = False,
    frozen_only: bool = False,
    frozen: QuerySet[FrozenResult] | None = None,
) -> Figures:
    """The figures of these candidates of the session (decisions as described above;
    ``frozen_only``: the arrested results only, as a past session reads them; ``frozen``:
    these arrested results are the decisions, a PV's round) and of these grades (those the
    user may see of them: ``grades_visible_to``). Five queries, whatever the number."""
    figures = Figures()
    candidate_rows = list(_candidate_rows(candidates))
    figures.total = sum(row[-1] for row in candidate_rows)
    proposals = not (published_only or frozen_only or frozen is not None)
    if frozen is None:
        frozen = _last_rounds(candidates, session.pk, published_only=published_only)
    _decisions(
        figures,
        candidate_rows=candidate_rows,
        frozen_rows=list(_frozen_rows(frozen)),
        proposals=proposals,
        year=session.year,
    )
    figures.undecided = figures.total - figures.frozen - figures.proposed - figures.stale
    figures.exams = _exam_rows(grades)
    return figures


def previous_session(session: ExamSession) -> ExamSession | None:
    """The session before this one (the latest earlier year)."""
    return ExamSession.objects.filter(year__lt=session.year).order_by("-year").first()


def with_previous(current: Figures, previous: Figures, year: int) -> Figures:
    """The current figures with the previous session's rate (and mean) beside each group
    found in both (matched by key: the same establishment, route, column, centre)."""

    def merged(rows: list[RateRow], before: list[RateRow]) -> list[RateRow]:
        by_key = {r.key: r for r in before}
        out = []
        for row in rows:
            old = by_key.get(row.key)
            out.append(
                RateRow(
                    key=row.key,
                    label=row.label,
                    counts=row.counts,
                    previous=old.rate if old else None,
                    previous_admitted=old.admitted if old else 0,
                    previous_final=old.final if old else 0,
                )
            )
        return out

    current.previous_year = year
    current.overall = merged([current.overall], [previous.overall])[0]
    current.groups = {
        d: merged(rows, previous.groups.get(d, [])) for d, rows in current.groups.items()
    }
    means = {e.exam: e.mean for e in previous.exams}
    current.exams = [
        ExamRow(
            exam=e.exam,
            bins=e.bins,
            graded=e.graded,
            mean=e.mean,
            states=e.states,
            previous_mean=means.get(e.exam),
        )
        for e in current.exams
    ]
    return current
