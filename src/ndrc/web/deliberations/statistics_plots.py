"""The statistics' panels: each plot with the table of its numbers (``plots.Panel``, plain
values), built from ``statistics_selectors.Figures`` the same way for the « Statistiques »
pages and the PV's annex. Rates are written « 72,4 % » beside their exact counts."""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext as _

from ndrc.rules.catalogue import catalogue
from ndrc.rules.results import Decision
from ndrc.web.candidates.models import Candidate, Grade
from ndrc.web.deliberations.harmonisation_selectors import number
from ndrc.web.deliberations.models import FrozenResult, Jury
from ndrc.web.deliberations.statistics_selectors import (
    CENTRE,
    COLUMN,
    ESTABLISHMENT,
    ROUTE,
    Figures,
    RateRow,
    figures_of,
    gap_text,
    rate_text,
)
from ndrc.web.plots import HISTOGRAM, RATES, STACKED, Panel

# The slug of the decisions by column's plot, and the prefix of an épreuve's.
DECISIONS = "decisions"
EXAM_PREFIX = "notes-"
# The bars a plot of rates draws at most (the largest groups).
MAX_BARS = 25


def _titles() -> dict[str, tuple[str, str]]:
    return {
        ESTABLISHMENT: (_("Taux de réussite par établissement"), _("Établissement")),
        ROUTE: (_("Taux de réussite par voie"), _("Voie")),
        COLUMN: (_("Taux de réussite par colonne du règlement"), _("Colonne")),
        CENTRE: (_("Taux de réussite par centre d'examen"), _("Centre d'examen")),
    }


def _percent(row: RateRow, previous: bool = False) -> float | None:
    rate = row.previous if previous else row.rate
    return None if rate is None else float(rate * 100)


def _rate_cells(row: RateRow, compared: bool) -> tuple[str, ...]:
    cells: tuple[str, ...] = (
        str(row.total),
        str(row.final),
        str(row.admitted),
        rate_text(row.rate),
    )
    if compared:
        previous = (
            f"{rate_text(row.previous)} ({row.previous_admitted}/{row.previous_final})"
            if row.previous is not None
            else "—"
        )
        cells += (previous, gap_text(row.rate, row.previous))
    return cells


def _rates_panel(figures: Figures, dimension: str) -> Panel:
    title, first = _titles()[dimension]
    rows = figures.groups.get(dimension, [])
    compared = figures.previous_year is not None
    header: tuple[str, ...] = (
        first,
        _("Candidats"),
        _("Décisions définitives"),
        _("Admis"),
        _("Taux"),
    )
    if compared:
        header += (
            _("Taux %(year)s") % {"year": figures.previous_year},
            _("Écart"),
        )
    table = tuple((r.label, *_rate_cells(r, compared)) for r in [*rows, figures.overall])
    if len(rows) > MAX_BARS:
        # A plot of hundreds of bars says nothing: the largest groups, the table has all.
        largest = set(sorted(range(len(rows)), key=lambda i: -rows[i].total)[:MAX_BARS])
        rows = [r for i, r in enumerate(rows) if i in largest]
        title = _("%(title)s (les %(n)s plus grands groupes ; tous dans le tableau)") % {
            "title": title,
            "n": MAX_BARS,
        }
    described = "; ".join(f"{r.label} {rate_text(r.rate)}" for r in rows)
    return Panel(
        slug=dimension,
        title=title,
        alt=f"{title} : {described or _('aucune décision')}.",
        header=header,
        rows=table,
        kind=RATES,
        labels=tuple(r.label for r in rows),
        values=tuple(_percent(r) for r in rows),
        texts=tuple(rate_text(r.rate) for r in rows),
        previous=tuple(_percent(r, True) for r in rows) if compared else None,
        previous_texts=tuple(rate_text(r.previous) for r in rows) if compared else (),
        legend=(
            _("cette session"),
            _("session %(year)s") % {"year": figures.previous_year} if compared else "",
        ),
        xlabel=_("Admis parmi les décisions définitives"),
        empty=_("Aucune décision"),
    )


def _decisions_panel(figures: Figures) -> Panel:
    rows = figures.groups.get(COLUMN, [])
    shown = [d for d in Decision if any(r.count(d) for r in rows)]
    title = _("Décisions par colonne du règlement")
    table = tuple(
        (r.label, *(str(r.count(d)) for d in shown), str(r.total)) for r in [*rows, figures.overall]
    )
    described = "; ".join(
        f"{r.label} : " + ", ".join(f"{d.label_fr} {r.count(d)}" for d in shown if r.count(d))
        for r in rows
    )
    return Panel(
        slug=DECISIONS,
        title=title,
        alt=f"{title} : {described or _('aucune décision')}.",
        header=(_("Colonne"), *(d.label_fr for d in shown), _("Total")),
        rows=table,
        kind=STACKED,
        labels=tuple(r.label for r in rows),
        series=tuple((d.label_fr, tuple(r.count(d) for r in rows)) for d in shown),
        xlabel=_("Candidats"),
        empty=_("Aucune décision"),
    )


def _exam_panel(figures: Figures, index: int) -> Panel:
    exam = figures.exams[index]
    top = catalogue().max_grade
    title = _("%(exam)s — répartition des notes") % {"exam": exam.exam}
    last = len(exam.bins) - 1
    table: list[tuple[str, ...]] = [
        (f"[{i}\u00a0;\u00a0{i + 1}{']' if i == last else '['}", str(n))
        for i, n in enumerate(exam.bins)
    ]
    table.append((_("Notes"), str(exam.graded)))
    table += [(state, str(n)) for state, n in exam.states]
    table.append((_("Moyenne"), number(exam.mean)))
    if figures.previous_year is not None:
        table.append(
            (_("Moyenne %(year)s") % {"year": figures.previous_year}, number(exam.previous_mean))
        )
    states = ", ".join(f"{state} {n}" for state, n in exam.states)
    alt = _("%(title)s : %(n)s notes, moyenne %(mean)s") % {
        "title": title,
        "n": exam.graded,
        "mean": number(exam.mean),
    }
    return Panel(
        slug=f"{EXAM_PREFIX}{exam.exam}",
        title=title,
        alt=f"{alt}{' ; ' + states if states else ''}.",
        header=(_("Classe"), _("Notes")),
        rows=tuple(table),
        kind=HISTOGRAM,
        values=tuple(float(n) for n in exam.bins),
        xlabel=_("Note sur %(max)s") % {"max": top},
        ylabel=_("Nombre de notes"),
        mean=None if exam.mean is None else float(exam.mean),
        mean_label=_("moyenne %(mean)s") % {"mean": number(exam.mean)},
        top=float(top),
    )


def panels_of(figures: Figures) -> list[Panel]:
    """Every panel of these figures, in the page's order (no decision panel when no
    decision was read)."""
    out = []
    if figures.frozen or figures.proposed:
        out += [_rates_panel(figures, d) for d in (ESTABLISHMENT, ROUTE, COLUMN, CENTRE)]
        out.append(_decisions_panel(figures))
    out += [_exam_panel(figures, i) for i in range(len(figures.exams))]
    return out


def panel_named(figures: Figures, slug: str) -> Panel | None:
    """The panel of this name; a plot the page may show but has nothing for (no decision
    read yet, none shown to this user, an épreuve without grades) is an empty plot; None for
    a name no page shows."""
    found = next((p for p in panels_of(figures) if p.slug == slug), None)
    if found is not None:
        return found
    exams = {f"{EXAM_PREFIX}{code}" for code in catalogue().grade_codes}
    if slug not in {ESTABLISHMENT, ROUTE, COLUMN, CENTRE, DECISIONS} | exams:
        return None
    return Panel(
        slug=slug,
        title=_("Statistiques"),
        alt=_("Aucune donnée à montrer."),
        header=(),
        rows=(),
        kind=RATES,
        empty=_("Aucune donnée à montrer."),
    )


def jury_round_panels(jury: Jury, round_: int) -> tuple[Panel, ...]:
    """The PV's annex: the figures of the candidates whose result the jury arrested at this
    round (those results, and their stored grades), in French whatever the user's language."""
    frozen = FrozenResult.objects.filter(jury=jury, round=round_)
    candidates = Candidate.objects.filter(pk__in=frozen.values("candidate_id"))
    with translation.override("fr"):
        figures = figures_of(
            candidates=candidates,
            grades=Grade.objects.filter(candidate__in=candidates.values("pk")),
            session=jury.session,
            frozen=frozen,
        )
        return tuple(panels_of(figures))
