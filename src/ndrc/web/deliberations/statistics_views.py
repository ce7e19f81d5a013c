"""The « Statistiques » pages: the session's figures for the exam office (its académie's
candidates, compared with the previous session's) and for a training centre (its own
establishment's: the grades it may see, the decisions once published only), a jury's figures
for its members and the exam office (its candidates only). Each plot is a PNG with a text
alternative, drawn beside the table of its numbers (D123–D125)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _

from ndrc.web.accounts.decorators import requires
from ndrc.web.accounts.roles import Permission, Role
from ndrc.web.candidates.models import Grade
from ndrc.web.candidates.selectors import candidates_visible_to, grades_visible_to
from ndrc.web.deliberations import selectors
from ndrc.web.deliberations.anonymity import names_hidden
from ndrc.web.deliberations.models import Jury
from ndrc.web.deliberations.proposals import Freshness, proposals_read
from ndrc.web.deliberations.statistics_plots import panel_named, panels_of
from ndrc.web.deliberations.statistics_selectors import (
    CENTRE,
    ESTABLISHMENT,
    Figures,
    figures_of,
    previous_session,
    with_previous,
)
from ndrc.web.plots import panel_draw, png_response
from ndrc.web.sessions.models import ExamSession
from ndrc.web.sessions.selectors import session_current, user_academy_id


def _centre(user: Any) -> bool:
    """A training centre reads its candidates' published decisions only (D124)."""
    return getattr(user, "role", "") == Role.TRAINING_CENTRE and not user.is_superuser


def session_figures(*, user: Any) -> Figures | None:
    """The figures of the candidates of the session in progress the user sees, with the
    previous session's beside them (the same user's candidates of that session)."""
    session = session_current(user=user)
    if session is None:
        return None
    published_only = _centre(user)
    candidates = candidates_visible_to(user=user, session=session)
    figures = figures_of(
        candidates=candidates,
        grades=grades_visible_to(user=user, candidates=candidates),
        session=session,
        published_only=published_only,
    )
    previous = previous_session(session)
    if previous is not None:
        old = _previous_figures(user=user, session=previous, published_only=published_only)
        if old is not None:
            figures = with_previous(figures, old, previous.year)
    return figures


# A past session's figures change only if one of its juries deliberates again: read at most
# once an hour for the same candidates (D123).
PREVIOUS_SECONDS = 3600


def _previous_figures(*, user: Any, session: ExamSession, published_only: bool) -> Figures | None:
    """The figures of the candidates of a past session the user sees (its arrested results
    only), None without any candidate."""
    before = candidates_visible_to(user=user, session=session)
    grades = grades_visible_to(user=user, candidates=before)
    try:
        scope = f"{before.query}|{grades.query}"
    except EmptyResultSet:  # a scope of nobody (``.none()``): no SQL to write, no figures
        return None
    key = hashlib.sha256(f"{scope}|{published_only}".encode()).hexdigest()
    name = f"statistics:previous:{key}"
    cached = cache.get(name)
    if cached is not None:
        return cached or None
    figures = figures_of(
        candidates=before,
        grades=grades,
        session=session,
        published_only=published_only,
        frozen_only=True,
    )
    result = figures if figures.total else None
    cache.set(name, result or False, PREVIOUS_SECONDS)
    return result


def jury_figures(jury: Jury) -> Figures:
    """The figures of a jury's candidates: its arrested results once closed, its proposals
    before."""
    candidates = selectors.jury_candidates(jury)
    return figures_of(
        candidates=candidates,
        grades=Grade.objects.filter(candidate__in=candidates.order_by().values("pk")),
        session=jury.session,
        frozen_only=jury.is_closed,
    )


def session_statistics(*, user: Any, url: str) -> tuple[Freshness, Figures | None]:
    """The session's figures for the user (the page and the API): the académie's stale
    proposals computed first (not for a training centre, which reads published decisions)."""
    session = session_current(user=user)
    freshness = Freshness()
    if session is not None and not _centre(user):
        freshness, _summary = proposals_read(
            candidates=candidates_visible_to(user=user, session=session),
            session_id=session.pk,
            academy_id=user_academy_id(user),
            actor=user,
            url=url,
        )
    return freshness, session_figures(user=user)


def jury_statistics_read(*, user: Any, jury: Jury, url: str) -> tuple[Freshness, Figures]:
    """A jury's figures (the page and the API): its stale proposals computed first while it is
    open."""
    freshness = Freshness()
    if not jury.is_closed:
        freshness, _summary = proposals_read(
            candidates=selectors.jury_candidates(jury),
            session_id=jury.session_id,
            jury_id=jury.pk,
            actor=user,
            url=url,
        )
    return freshness, jury_figures(jury)


@requires(Permission.VIEW_CANDIDATE_LIST)
def statistics(request: HttpRequest) -> HttpResponse:
    """The session's figures (the exam office's académie, a training centre's establishment)."""
    freshness, figures = session_statistics(user=request.user, url=request.get_full_path())
    session = session_current(user=request.user)
    return _page(request, figures, freshness=freshness, jury=None, session=session)


@requires(Permission.DELIBERATE)
def jury_statistics(request: HttpRequest, pk: int) -> HttpResponse:
    """A jury's figures, for its members and the exam office."""
    jury = selectors.jury_for(request.user, pk)
    freshness, figures = jury_statistics_read(
        user=request.user, jury=jury, url=request.get_full_path()
    )
    return _page(request, figures, freshness=freshness, jury=jury, session=jury.session)


# The panels a page showed, kept for its images: each PNG draws the numbers of the table
# beside it without reading the figures again (a page's twelve images, one reading).
PANELS_SECONDS = 600


def _panels_key(request: HttpRequest, jury: Jury | None) -> str:
    """The user's page of a jury, or of the session he or she works on, in his or her
    language."""
    if jury is not None:
        scope = f"jury:{jury.pk}"
    else:
        session = session_current(user=request.user)
        scope = f"session:{session.pk if session is not None else ''}"
    return f"statistics:{request.user.pk}:{scope}:{translation.get_language()}"


# The panels by establishment and by exam centre name places of the candidates: not shown to
# a member of a jury that deliberates anonymously (D121).
PLACES = frozenset({ESTABLISHMENT, CENTRE})


def places_hidden(user: Any, jury: Jury | None) -> bool:
    """Whether the groups that name places (PLACES) are withheld from the user (D121)."""
    return jury is not None and names_hidden(user=user, jury=jury)


def _page(
    request: HttpRequest,
    figures: Figures | None,
    *,
    freshness: Freshness,
    jury: Jury | None,
    session: Any,
) -> HttpResponse:
    panels = panels_of(figures) if figures is not None else []
    if places_hidden(request.user, jury):
        panels = [p for p in panels if p.slug not in PLACES]
    cache.set(_panels_key(request, jury), {p.slug: p for p in panels}, PANELS_SECONDS)
    title = _("Statistiques — %(jury)s") % {"jury": jury} if jury is not None else _("Statistiques")
    return render(
        request,
        "deliberations/statistics.html",
        {
            "title": title,
            "session": session,
            "jury": jury,
            "figures": figures,
            "freshness": freshness,
            "centre": _centre(request.user),
            "panels": panels,
        },
    )


def _png(
    request: HttpRequest, jury: Jury | None, read: Callable[[], Figures | None], plot: str
) -> HttpResponse:
    """The plot as the page showed it (its panels kept), else from the figures read again."""
    if plot in PLACES and places_hidden(request.user, jury):
        raise Http404(_("Graphique inconnu."))
    shown = cache.get(_panels_key(request, jury)) or {}
    panel = shown.get(plot)
    if panel is None:
        figures = read()
        panel = panel_named(figures, plot) if figures is not None else None
    if panel is None:
        raise Http404(_("Graphique inconnu."))
    return png_response(panel_draw(panel))


@requires(Permission.VIEW_CANDIDATE_LIST)
def statistics_plot(request: HttpRequest, plot: str) -> HttpResponse:
    """A plot of the session's figures (PNG)."""
    return _png(request, None, lambda: session_figures(user=request.user), plot)


@requires(Permission.DELIBERATE)
def jury_statistics_plot(request: HttpRequest, pk: int, plot: str) -> HttpResponse:
    """A plot of a jury's figures (PNG)."""
    jury = selectors.jury_for(request.user, pk)
    return _png(request, jury, lambda: jury_figures(jury), plot)
