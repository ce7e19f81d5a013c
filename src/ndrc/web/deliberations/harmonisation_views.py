"""The harmonisation meeting's pages (the exam office only: the grades before publication are
for no one else): each épreuve's distribution, per commission and per examiner with the
groups flagged, the plots (PNG, each drawn beside a table of its numbers), and the
adjustment of a grade with its reason, or its withdrawal."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ndrc.rules.catalogue import catalogue
from ndrc.web import plots
from ndrc.web.accounts.decorators import requires
from ndrc.web.accounts.roles import Permission
from ndrc.web.candidates.models import Candidate, Grade
from ndrc.web.candidates.selectors import candidate_visible_to, candidates_visible_to
from ndrc.web.deliberations import harmonisation_selectors as selectors
from ndrc.web.deliberations import harmonisation_services as services
from ndrc.web.deliberations.harmonisation_selectors import Group, Stats, number
from ndrc.web.keys import key_from
from ndrc.web.pagination import paginate
from ndrc.web.sessions.selectors import session_current

# What ``?graphique=`` of the plot's URL names.
PLOTS = ("histogramme", "commissions", "examinateurs")
FLAG_COLOUR = plots.FLAG_COLOUR
BAR_COLOUR = plots.BAR_COLOUR


def _exam_of(request: HttpRequest, exam: str) -> tuple[str, QuerySet[Candidate]]:
    """The épreuve asked for, if it is one the session harmonises (404 otherwise)."""
    session = session_current(user=request.user)
    if exam not in selectors.harmonisation_exams(session):
        raise Http404(_("Pas d'harmonisation pour cette épreuve."))
    return exam, candidates_visible_to(user=request.user, session=session)


@requires(Permission.MANAGE_JURIES)
def harmonisation(request: HttpRequest) -> HttpResponse:
    """Each épreuve graded by commissions or examiners, with its distribution."""
    session = session_current(user=request.user)
    exams = selectors.harmonisation_exams(session)
    candidates = candidates_visible_to(user=request.user, session=session)
    return render(
        request,
        "deliberations/harmonisation.html",
        {
            "title": _("Harmonisation des notes"),
            "session": session,
            "lines": selectors.harmonisation_overview(candidates=candidates, exams=exams),
        },
    )


def _group_rows(groups: list[Group]) -> list[dict[str, object]]:
    return [
        {
            "group": g,
            "cells": g.stats.cells,
            "gap": ("+" if g.gap is not None and g.gap > 0 else "") + number(g.gap),
        }
        for g in groups
    ]


@requires(Permission.MANAGE_JURIES)
def harmonisation_exam(request: HttpRequest, exam: str) -> HttpResponse:
    """One épreuve: its distribution, per commission and per examiner, the plots, its grades a
    page at a time (each with its adjustment link) and the adjustments recorded."""
    exam, candidates = _exam_of(request, exam)
    data = selectors.exam_harmonisation(candidates=candidates, exam=exam)
    pagination = paginate(request, selectors.graded_rows(candidates=candidates, exam=exam))
    labels = {g.key: g for g in [*data.commissions, *data.examiners]}
    rows = [
        (
            grade,
            labels.get(data.commission_of.get(grade.candidate_id, "")),
            labels.get(data.examiner_of.get(grade.candidate_id, "")),
        )
        for grade in pagination.rows
    ]
    return render(
        request,
        "deliberations/harmonisation_exam.html",
        {
            "title": _("Harmonisation des notes — %(exam)s") % {"exam": exam},
            "exam": exam,
            "data": data,
            "overall": data.overall.cells,
            "bins": [(number(b.low, 0), number(b.high, 0), b.last, b.count) for b in data.bins],
            "commissions": _group_rows(data.commissions),
            "examiners": _group_rows(data.examiners),
            "factor": number(selectors.FLAG_FACTOR, 1),
            "min_group": selectors.MIN_GROUP,
            "rows": rows,
            "pagination": pagination,
            "adjustments": list(selectors.adjustments_of(candidates=candidates, exam=exam)),
        },
    )


def _histogram(exam: str, overall: Stats, bins: list[selectors.Bin]) -> HttpResponse:
    mean_label = (
        "" if overall.mean is None else _("moyenne %(mean)s") % {"mean": number(overall.mean)}
    )
    return plots.png_response(
        plots.histogram(
            title=_("%(exam)s — répartition des notes") % {"exam": exam},
            lows=[float(b.low) for b in bins],
            counts=[b.count for b in bins],
            width=float(selectors.BIN_WIDTH),
            top=float(catalogue().max_grade),
            xlabel=_("Note sur %(max)s") % {"max": catalogue().max_grade},
            ylabel=_("Nombre de notes"),
            mean=None if overall.mean is None else float(overall.mean),
            mean_label=mean_label,
        )
    )


def _groups_plot(exam: str, overall: Stats, groups: list[Group], title: str) -> HttpResponse:
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter

    figure = Figure(figsize=(8, max(2.5, 0.45 * len(groups) + 1.2)))
    axes = figure.add_subplot()
    if groups:
        series = [[float(v) for v in g.values] for g in groups]
        axes.boxplot(series, orientation="horizontal", widths=0.5)
        for i, values in enumerate(series, start=1):
            axes.scatter(values, [i] * len(values), s=12, color=BAR_COLOUR, alpha=0.6, zorder=3)
        axes.set_yticks(range(1, len(groups) + 1))
        axes.set_yticklabels([g.label[:60] for g in groups], fontsize=8)
        for tick, group in zip(axes.get_yticklabels(), groups, strict=True):
            if group.flag:
                tick.set_color(FLAG_COLOUR)
                tick.set_fontweight("bold")
    else:
        axes.text(0.5, 0.5, _("Aucun groupe"), ha="center", va="center", transform=axes.transAxes)
        axes.set_yticks([])
    if overall.mean is not None:
        axes.axvline(float(overall.mean), color=FLAG_COLOUR, linestyle="--")
    axes.set_xlim(0, float(catalogue().max_grade))
    axes.set_xlabel(_("Note sur %(max)s") % {"max": catalogue().max_grade})
    axes.set_title(title)
    axes.xaxis.set_major_formatter(FuncFormatter(plots.comma))
    return plots.png_response(plots.png_bytes(figure))


@requires(Permission.MANAGE_JURIES)
def harmonisation_plot(request: HttpRequest, exam: str) -> HttpResponse:
    """A plot of the épreuve (PNG): ``?graphique=histogramme`` (the default),
    ``commissions`` or ``examinateurs`` (a box and the grades of each group)."""
    exam, candidates = _exam_of(request, exam)
    kind = request.GET.get("graphique", PLOTS[0])
    if kind not in PLOTS:
        raise Http404(_("Graphique inconnu."))
    data = selectors.exam_harmonisation(candidates=candidates, exam=exam)
    if kind == "histogramme":
        return _histogram(exam, data.overall, data.bins)
    if kind == "commissions":
        title = _("%(exam)s — notes par commission") % {"exam": exam}
        return _groups_plot(exam, data.overall, data.commissions, title)
    title = _("%(exam)s — notes par examinateur") % {"exam": exam}
    return _groups_plot(exam, data.overall, data.examiners, title)


def _adjust_page(
    request: HttpRequest, candidate: Candidate, exam: str, errors: list[str], status: int = 200
) -> HttpResponse:
    grade = Grade.objects.filter(candidate=candidate, exam=exam).first()
    return render(
        request,
        "deliberations/harmonisation_adjust.html",
        {
            "title": _("Ajustement d'harmonisation"),
            "candidate": candidate,
            "exam": exam,
            "grade": grade,
            "adjustments": list(
                selectors.adjustments_of(
                    candidates=Candidate.objects.filter(pk=candidate.pk), exam=exam
                )
            ),
            "errors": errors,
            "form": request.POST if request.method == "POST" else {},
        },
        status=status,
    )


@requires(Permission.MANAGE_JURIES)
def harmonisation_adjust(request: HttpRequest, pk: int, exam: str) -> HttpResponse:
    """A candidate's grade of the épreuve and its adjustments; POST records an adjustment
    (new grade, reason, the version of the grade the page showed)."""
    candidate = candidate_visible_to(user=request.user, pk=pk)
    exam, _candidates = _exam_of(request, exam)
    if request.method != "POST":
        return _adjust_page(request, candidate, exam, [])
    try:
        services.harmonisation_adjust(
            candidate=candidate,
            exam=exam,
            value=request.POST.get("value", ""),
            reason=request.POST.get("reason", ""),
            expected_version=key_from(request.POST.get("version", "")),
            actor=request.user,
        )
    except ValidationError as error:
        return _adjust_page(request, candidate, exam, error.messages, status=400)
    messages.success(request, _("Ajustement enregistré."))
    return redirect("harmonisation_adjust", pk=candidate.pk, exam=exam)


@requires(Permission.MANAGE_JURIES)
@require_POST
def harmonisation_withdraw(request: HttpRequest, pk: int, change: int) -> HttpResponse:
    """Withdraw an adjustment, with a reason: the grade goes back to its value before."""
    candidate = candidate_visible_to(user=request.user, pk=pk)
    adjustment = get_object_or_404(
        selectors.adjustments_of(candidates=Candidate.objects.filter(pk=candidate.pk)), pk=change
    )
    exam, _candidates = _exam_of(request, adjustment.exam)
    try:
        services.harmonisation_withdraw(
            adjustment=adjustment, reason=request.POST.get("reason", ""), actor=request.user
        )
    except ValidationError as error:
        return _adjust_page(request, candidate, exam, error.messages, status=400)
    messages.success(request, _("Ajustement retiré."))
    return redirect("harmonisation_adjust", pk=candidate.pk, exam=exam)
