"""The grades list (« Liste des notes »): every grade of the session the user may see, to
search, filter, sort and export (``grading.lists``)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from ndrc.web.accounts.decorators import requires
from ndrc.web.accounts.roles import Permission
from ndrc.web.candidates.selectors import candidates_visible_to, grades_visible_to
from ndrc.web.grading.lists import GradeFilters, GradeTable
from ndrc.web.listing import export_asked, list_export, listing_read
from ndrc.web.sessions.selectors import session_current


@requires(Permission.ENTER_GRADES)
def grade_list(request: HttpRequest) -> HttpResponse:
    """The grades the user sees (``grades_visible_to``), one page at a time: found by the
    candidate (``?q=``), filtered by épreuve (``?epreuve=``), state (``?etat=``) and
    establishment (``?etablissement=``), sorted by a column (``?tri=``); ``?format=csv`` or
    ``xlsx`` downloads every grade of the filter."""
    session = session_current(user=request.user)
    visible = candidates_visible_to(user=request.user, session=session)
    # By default in the order of the candidates' keys then the épreuves: the index of one
    # grade per candidate and épreuve gives the first page without sorting the session.
    grades = (
        grades_visible_to(user=request.user, candidates=visible)
        .select_related("candidate", "candidate__establishment", "updated_by")
        .order_by("candidate_id", "exam")
    )
    filters = GradeFilters(request.GET or None, grades=grades, visible=visible)
    listing, ordered = listing_read(request, filters=filters, table_class=GradeTable, default="")
    fmt = export_asked(request)
    if fmt and session is not None:
        return list_export(
            request,
            listing=listing,
            rows=ordered,
            fmt=fmt,
            stem=f"notes-{session.year}",
            title=_("Notes"),
        )
    return render(
        request,
        "grading/grade_list.html",
        {
            "title": _("Liste des notes"),
            "session": session,
            "listing": listing,
            "searched": filters.active,
            "pagination": listing.pagination,
        },
    )
