"""REST API (v1) of the « Statistiques » pages (D123–D125): the session's figures of the
candidates the user sees (the exam office its académie's, a training centre its
establishment's, the decisions once published only), and a jury's figures for its members and
the exam office. The same selectors as the pages; counts exact, a rate written with one decimal
(its counts beside it), a mean exact."""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Decimal
from fractions import Fraction
from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from ndrc.web.accounts.roles import Permission
from ndrc.web.api.common import ANY_OBJECT, ERROR, error_response
from ndrc.web.api.permissions import requires
from ndrc.web.deliberations import selectors
from ndrc.web.deliberations.statistics_selectors import ExamRow, Figures, RateRow
from ndrc.web.deliberations.statistics_views import (
    PLACES,
    jury_statistics_read,
    places_hidden,
    session_statistics,
)


def _percent(rate: Fraction | None) -> str | None:
    if rate is None:
        return None
    exact = Decimal(rate.numerator) * 100 / Decimal(rate.denominator)
    return str(exact.quantize(Decimal("0.1"), rounding=ROUND_HALF_EVEN))


def _row(row: RateRow) -> dict[str, Any]:
    return {
        "key": row.key,
        "label": row.label,
        "decisions": {decision.value: n for decision, n in row.counts},
        "candidates": row.total,
        "admitted": row.admitted,
        "final": row.final,
        "rate_percent": _percent(row.rate),
        "previous_rate_percent": _percent(row.previous),
    }


def _exam(row: ExamRow) -> dict[str, Any]:
    return {
        "exam": row.exam,
        "graded": row.graded,
        "classes": list(row.bins),
        "mean": None if row.mean is None else str(row.mean),
        "states": dict(row.states),
        "previous_mean": None if row.previous_mean is None else str(row.previous_mean),
    }


def figures_dict(figures: Figures, *, hidden: frozenset[str] = frozenset()) -> dict[str, Any]:
    """The figures as the API gives them, without the groups ``hidden``."""
    return {
        "source": figures.source,
        "candidates": figures.total,
        "frozen": figures.frozen,
        "proposed": figures.proposed,
        "computing": figures.stale,
        "undecided": figures.undecided,
        "previous_year": figures.previous_year,
        "overall": _row(figures.overall),
        "groups": {
            name: [_row(r) for r in rows]
            for name, rows in figures.groups.items()
            if name not in hidden
        },
        "exams": [_exam(r) for r in figures.exams],
    }


DESCRIPTION = (
    "« source » : d'où viennent les décisions (« frozen » : résultats arrêtés, « proposed » : "
    "propositions, « mixed » : les deux) ; « computing » : propositions en cours de calcul, "
    "non comptées ; « rate_percent » : taux de réussite parmi les décisions définitives, à une "
    "décimale (« admitted » / « final » le donnent exactement) ; « classes » : le nombre de "
    "notes dans chaque classe d'un point ([0 ; 1[ … [19 ; 20]) ; « states » : les états (ABS…) "
    "comptés à part, jamais comme 0."
)


class SessionStatisticsView(APIView):
    permission_classes = [requires(Permission.VIEW_CANDIDATE_LIST)]

    @extend_schema(
        summary="Les statistiques de la session en cours (candidats que l'utilisateur voit)",
        description=DESCRIPTION,
        responses={200: ANY_OBJECT, 404: ERROR},
    )
    def get(self, request: Request) -> Response:
        _freshness, figures = session_statistics(user=request.user, url=request.get_full_path())
        if figures is None:
            return error_response("Aucune session en cours.", 404)
        return Response(figures_dict(figures))


class JuryStatisticsView(APIView):
    permission_classes = [requires(Permission.DELIBERATE)]

    @extend_schema(
        summary="Les statistiques d'un jury (ses candidats)",
        description=DESCRIPTION + " Un membre d'un jury qui délibère anonymement ne reçoit "
        "pas les groupes par établissement ni par centre d'examen (D121).",
        responses={200: ANY_OBJECT, 404: ERROR},
    )
    def get(self, request: Request, pk: int) -> Response:
        jury = selectors.jury_for(request.user, pk)
        _freshness, figures = jury_statistics_read(
            user=request.user, jury=jury, url=request.get_full_path()
        )
        hidden = PLACES if places_hidden(request.user, jury) else frozenset()
        return Response(figures_dict(figures, hidden=hidden))
