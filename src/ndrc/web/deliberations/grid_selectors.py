"""The deliberation grid of a jury: every candidate with each épreuve's grade or state, the
exact average (displayed without crossing a threshold), the proposed decision and what blocks
the closing; filters (decision, average bands below the regulation's thresholds, resit
eligible, changed by the jury, establishment) and sorts. Read from the stored proposals
(``candidates.ProposedResult``, kept current by ``proposals_read``): one query orders the
jury's candidates, one page of rows is then read and deliberated (the explanation's units)
with a fixed number of queries whatever the number of rows."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction

from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from ndrc.rules.grades import Grade as RuleGrade
from ndrc.rules.grades import GradeState, token_for
from ndrc.rules.livret import near_bands
from ndrc.rules.results import Decision, deliberate, format_average
from ndrc.web.candidates.models import Candidate
from ndrc.web.candidates.selectors import proposal_is_current
from ndrc.web.candidates.stored_conformity import chunk_conformity
from ndrc.web.deliberations.models import Jury, JuryGradeChange
from ndrc.web.deliberations.selectors import deliberation_inputs, jury_candidates
from ndrc.web.sessions.models import Establishment

SORTS = ("number", "name", "average", "-average", "decision")


@dataclass(frozen=True)
class Band:
    """The averages from ``low`` (included) up to ``high`` (excluded): ``high`` is a
    threshold of the regulation (``parameters/results.yaml``), ``low`` it less the margin of
    « near a threshold » (``rules/data/jury.yaml``)."""

    key: str
    low: Fraction
    high: Fraction
    label: str

    def holds(self, average: Fraction) -> bool:
        return self.low <= average < self.high


def average_bands(year: int) -> list[Band]:
    """The bands a jury filters on: the averages « near a threshold » (``rules.livret``,
    DEC D118, D120): just below the pass mark (CE D643-22: « moyenne générale ≥ 10/20 »),
    and, where the session has resit orals (from 2025, CE D643-22 as amended by décret
    2022-850), just below the average from which a candidate may sit them (below it the
    candidate is ajourné)."""
    labels = (
        ("pass", _("%(low)s à moins de %(high)s (sous l'admission)")),
        ("resit", _("%(low)s à moins de %(high)s (sous le contrôle)")),
    )
    return [
        Band(key, low, high, label % {"low": format_average(low), "high": format_average(high)})
        for (key, label), (low, high) in zip(labels, near_bands(year), strict=False)
    ]


@dataclass(frozen=True)
class GridQuery:
    """The grid's filters and sort, as read from the query string (already checked)."""

    decision: str = ""
    band: Band | None = None
    resit: bool = False
    changed: bool = False
    establishment: int | None = None
    sort: str = "number"


def _current() -> ExpressionWrapper:
    return ExpressionWrapper(proposal_is_current(), output_field=BooleanField())


_PARSED: dict[str, tuple[int, int, float]] = {}
_DECISION_ORDER = {d.value: i for i, d in enumerate(Decision)}


def _average(text: str | None) -> tuple[int, int, float] | None:
    """The stored exact average (a decimal or ``p/q``) as its numerator and denominator
    (compared in integers) and a float (to sort)."""
    if not text:
        return None
    value = _PARSED.get(text)
    if value is None:
        if len(_PARSED) > 65536:
            _PARSED.clear()
        exact = Fraction(text)
        value = _PARSED[text] = (exact.numerator, exact.denominator, float(exact))
    return value


def _within(
    average: tuple[int, int, float] | None, low: tuple[int, int], high: tuple[int, int]
) -> bool:
    """low ≤ average < high, exactly (denominators are positive)."""
    if average is None:
        return False
    top, bottom = average[0], average[1]
    return top * low[1] >= low[0] * bottom and top * high[1] < high[0] * bottom


@dataclass(frozen=True)
class GridScan:
    """The jury's candidates read once for the grid: those kept by the filters in the sort's
    order (their keys), how many the jury has, how many proposals are stale, and the
    establishments of its candidates (keys)."""

    order: list[int]
    total: int
    stale: int
    establishments: frozenset[int]


def grid_scan(jury: Jury, query: GridQuery, *, keep: int | None = None) -> GridScan:
    """One query over the jury's candidates (their number, establishment and stored
    proposal; their names only for the sort by name), filtered and sorted here (the average
    bands compare the stored exact averages as fractions; the candidate's number breaks
    ties). A candidate whose proposal is being computed is kept by no average band nor
    decision and comes last in those sorts. ``keep``: a candidate kept whatever the filters
    (the one a detail page shows, which a jury change may have taken out of them: its
    « suivant » still leads on)."""
    by_name = query.sort == "name"
    candidates = (
        jury_candidates(jury).select_related(None).order_by().annotate(is_current=_current())
    )
    if query.changed:
        candidates = candidates.annotate(
            changed=Exists(
                JuryGradeChange.objects.filter(jury=jury, candidate=OuterRef("pk"), withdrawn=False)
            )
        )
    decision = Decision.RESIT_ELIGIBLE.value if query.resit else query.decision
    if query.resit and query.decision and query.decision != decision:
        decision = "-"  # both asked for and different: nobody
    by_average = query.band is not None or query.sort in ("average", "-average")
    by_decision = bool(decision) or query.sort == "decision"
    # Only the columns the filters and the sort read (30,000 rows: each column counts).
    fields = ["pk", "number", "establishment_id", "is_current"]
    fields += ["proposed__decision"] if by_decision else []
    fields += ["proposed__average"] if by_average else []
    fields += ["changed"] if query.changed else []
    fields += ["last_name", "first_name"] if by_name else []
    at = {name: index for index, name in enumerate(fields)}
    low = high = (0, 1)
    if query.band is not None:
        low, high = query.band.low.as_integer_ratio(), query.band.high.as_integer_ratio()
    total = stale = 0
    establishments: set[int] = set()
    keyed = []
    for row in candidates.values_list(*fields):
        pk, number, establishment, current = row[:4]
        total += 1
        if not current:
            stale += 1
        if establishment is not None:
            establishments.add(establishment)
        proposed = row[at["proposed__decision"]] if by_decision and current else None
        average = _average(row[at["proposed__average"]]) if by_average and current else None
        kept = (
            (not decision or proposed == decision)
            and (query.band is None or _within(average, low, high))
            and (not query.changed or row[at["changed"]])
            and (query.establishment is None or establishment == query.establishment)
        )
        if not kept and pk != keep:
            continue
        name = (row[-2].upper(), row[-1].upper()) if by_name else None
        keyed.append((pk, number, name, proposed, average))
    sort = query.sort
    if by_name:
        keyed.sort(key=lambda r: (r[2], r[1]))
    elif sort in ("average", "-average"):
        # Exact averages differ by far more than a float's precision: floats sort them.
        sign = -1 if sort == "-average" else 1
        keyed.sort(key=lambda r: (r[4] is None, sign * (r[4][2] if r[4] else 0), r[1]))
    elif sort == "decision":
        keyed.sort(key=lambda r: (_DECISION_ORDER.get(r[3] or "", len(_DECISION_ORDER)), r[1]))
    else:
        keyed.sort(key=lambda r: r[1])
    return GridScan(
        order=[r[0] for r in keyed],
        total=total,
        stale=stale,
        establishments=frozenset(establishments),
    )


def grid_neighbours(order: Sequence[int], pk: int) -> tuple[int | None, int | None, int]:
    """The candidates before and after ``pk`` in the grid's order, and its position from 1
    (0 when the filters leave it out)."""
    try:
        index = list(order).index(pk)
    except ValueError:
        return None, None, 0
    before = order[index - 1] if index > 0 else None
    after = order[index + 1] if index + 1 < len(order) else None
    return before, after, index + 1


@dataclass
class GridCell:
    text: str
    title: str
    jury: bool = False


@dataclass
class GridRow:
    candidate: Candidate
    current: bool
    decision: Decision | None
    average: str
    cells: list[GridCell | None] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def _cell(grade: RuleGrade, jury: bool) -> GridCell:
    """A unit's grade as the project shows it: the grade, a kept grade with its session, or
    the state's code (ABS, FM, NV, RES, DISP, VAE, NP) — never 0 for an absence."""
    if grade.state in (GradeState.GRADE, GradeState.CARRIED_OVER):
        return GridCell(grade.label_fr(), grade.label_fr(), jury)
    return GridCell(token_for(grade.state) or "—", grade.state.label_fr, jury)


@dataclass
class GridPage:
    exams: list[str]
    rows: list[GridRow]


def grid_rows(ids: Sequence[int]) -> GridPage:
    """The rows of one page of the grid (``ids`` in order): the candidates with their stored
    proposal, each unit's grade or state as the results engine reads it (the jury's changes,
    the conformity of the dossiers as stored with the proposal). A fixed number of queries."""
    by_pk = {
        c.pk: c
        for c in Candidate.objects.filter(pk__in=list(ids))
        .select_related("establishment", "session", "proposed")
        .annotate(is_current=_current())
    }
    candidates = [by_pk[pk] for pk in ids if pk in by_pk]
    reports = chunk_conformity(candidates, today=timezone.localdate()).reports
    exams: list[str] = []
    read: list[tuple[Candidate, dict[str, GridCell]]] = []
    for candidate, data in zip(
        candidates, deliberation_inputs(candidates, reports=reports), strict=True
    ):
        cells: dict[str, GridCell] = {}
        for unit in deliberate(data).units:
            if unit.exam not in exams:
                exams.append(unit.exam)
            cells[unit.exam] = _cell(unit.grade, unit.jury_change is not None)
        read.append((candidate, cells))
    rows = []
    for candidate, cells in read:
        proposed = getattr(candidate, "proposed", None) if candidate.is_current else None
        rows.append(
            GridRow(
                candidate=candidate,
                current=proposed is not None,
                decision=None if proposed is None else Decision(proposed.decision),
                average="" if proposed is None else proposed.average_display,
                cells=[cells.get(exam) for exam in exams],
                problems=[] if proposed is None else list(proposed.problems),
            )
        )
    return GridPage(exams=exams, rows=rows)


def grid_establishments(keys: frozenset[int]) -> list[tuple[int, str]]:
    """The establishments of the jury's candidates (for the filter), by name."""
    return list(
        Establishment.objects.filter(pk__in=sorted(keys)).order_by("name").values_list("pk", "name")
    )
