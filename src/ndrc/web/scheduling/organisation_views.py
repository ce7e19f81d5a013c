"""The exam days' organisation pages, for the exam office of an académie: the index, linking
to the exam centres (``organisation_centre_views``), the candidates' centres
(``organisation_candidate_views``), the calendar (``organisation_calendar_views``) and the
examiners (``organisation_examiner_views``); what the pages share is in
``organisation_forms``."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ndrc.web.accounts.decorators import requires
from ndrc.web.accounts.roles import Permission
from ndrc.web.scheduling import organisation_selectors as selectors
from ndrc.web.scheduling.organisation_forms import blocked_page, page_context

# The pages of the schedule and of the convocations, linked from the index of the exam days:
# (URL name, label marked for translation).
SCHEDULE_LINKS: list[tuple[str, Any]] = [
    ("schedule_overview", gettext_lazy("Planning des épreuves orales et pratiques")),
    ("convocations", gettext_lazy("Convocations")),
]


@requires(Permission.ORGANISE_EXAM_DAYS)
def exam_days(request: HttpRequest) -> HttpResponse:
    """The index of the exam days: what is entered, and the links to each page."""
    session, academy, blocked = page_context(request)
    title = _("Journées d'examen")
    if blocked:
        return blocked_page(request, title, blocked)
    assert session is not None
    centres = list(selectors.centres_of(academy=academy))
    return render(
        request,
        "scheduling/organisation/index.html",
        {
            "title": title,
            "session": session,
            "centres": len(centres),
            "rooms": sum(len(c.rooms.all()) for c in centres),
            "window": selectors.oral_window(session=session, academy=academy),
            "examiners": selectors.examiners_of(session=session, academy=academy).count(),
            "without_centre": selectors.candidates_without_centre(session=session, academy=academy),
            "schedule_links": [(reverse(name), label) for name, label in SCHEDULE_LINKS],
        },
    )
