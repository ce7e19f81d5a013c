"""The journal (« Journal d'audit »): every write the exam office may read, to search,
filter, sort and export (``site.journal``)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from ndrc.web.accounts.decorators import requires
from ndrc.web.accounts.roles import Permission
from ndrc.web.audit.selectors import journal_of
from ndrc.web.listing import export_asked, list_export, listing_read
from ndrc.web.site.journal import JournalFilters, JournalTable

# The journal grows with every write: past this many entries of a filter, it is not counted
# further (the pages stop there; a narrower filter, or the export, reads the rest).
JOURNAL_COUNTED = 10_000


@requires(Permission.VIEW_AUDIT)
def journal(request: HttpRequest) -> HttpResponse:
    """The entries of the user's académie (by its users or about its candidates), the latest
    first, one page at a time: found by object or candidate number (``?q=``), filtered by
    action (``?action=``), author (``?auteur=``) and dates (``?du=``, ``?au=``), sorted by a
    column (``?tri=``); ``?format=csv`` or ``xlsx`` downloads every entry of the filter."""
    entries = journal_of(
        academy_id=getattr(request.user, "academy_id", None),
        everything=request.user.is_superuser,
    )
    filters = JournalFilters(request.GET or None, entries=entries)
    listing, ordered = listing_read(
        request, filters=filters, table_class=JournalTable, default="-at", most=JOURNAL_COUNTED
    )
    fmt = export_asked(request)
    if fmt:
        return list_export(
            request, listing=listing, rows=ordered, fmt=fmt, stem="journal", title=_("Journal")
        )
    return render(
        request,
        "site/journal.html",
        {
            "title": _("Journal d'audit"),
            "listing": listing,
            "searched": filters.active,
            "pagination": listing.pagination,
        },
    )
