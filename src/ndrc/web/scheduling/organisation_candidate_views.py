"""The candidates' centres: each candidate of the session with the centre he or she sits in
(by default the one serving the establishment), and the change of one candidate's centre."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from ndrc.web.accounts.decorators import requires
from ndrc.web.accounts.roles import Permission
from ndrc.web.keys import key_from
from ndrc.web.pagination import paginate
from ndrc.web.scheduling import organisation_selectors as selectors
from ndrc.web.scheduling import organisation_services as services
from ndrc.web.scheduling.organisation_forms import blocked_page, error_messages, page_context
from ndrc.web.sessions.models import ExamCentre


@requires(Permission.ORGANISE_EXAM_DAYS)
def exam_day_candidates(request: HttpRequest) -> HttpResponse:
    """The session's candidates with their centre, filtered by centre or establishment."""
    session, academy, blocked = page_context(request)
    title = _("Centres des candidats")
    if blocked:
        return blocked_page(request, title, blocked)
    assert session is not None
    centre = request.GET.get("centre", "").strip()
    establishment = key_from(request.GET.get("etablissement", ""))
    rows = selectors.candidate_centre_rows(
        session=session, academy=academy, centre=centre, establishment=establishment
    )
    centres = list(selectors.centres_of(academy=academy))
    names = {c.pk: c.name for c in centres}
    page = paginate(request, rows)
    for row in page.rows:
        row.centre_name = names.get(row.centre_pk, "")
    return render(
        request,
        "scheduling/organisation/candidates.html",
        {
            "title": title,
            "session": session,
            "page": page,
            "centres": centres,
            "establishments": selectors.establishments_served(academy=academy),
            "centre": centre,
            "establishment": establishment,
            "without_centre": selectors.candidates_without_centre(session=session, academy=academy),
        },
    )


@requires(Permission.ORGANISE_EXAM_DAYS)
def exam_day_candidate_centre(request: HttpRequest, pk: int) -> HttpResponse:
    """Change one candidate's centre (with a reason), or go back to the default one."""
    session, academy, blocked = page_context(request)
    title = _("Centre du candidat")
    if blocked:
        return blocked_page(request, title, blocked)
    assert session is not None
    candidate = selectors.candidate_of(session=session, academy=academy, pk=pk)
    errors: list[str] = []
    if request.method == "POST":
        try:
            if request.POST.get("action") == "reset":
                services.candidate_centre_reset(candidate=candidate, actor=request.user)
                messages.success(request, _("Le candidat revient au centre de rattachement."))
            else:
                centre = ExamCentre.objects.filter(
                    academy=academy, pk=key_from(request.POST.get("centre", "")) or 0
                ).first()
                if centre is None:
                    raise ValidationError(_("Choisissez un centre de votre académie."))
                services.candidate_centre_set(
                    candidate=candidate,
                    centre=centre,
                    reason=request.POST.get("reason", "")[:255],
                    actor=request.user,
                )
                messages.success(request, _("Centre du candidat enregistré."))
        except ValidationError as error:
            errors = error_messages(error)
        else:
            return redirect("exam_day_candidates")
    assignment = getattr(candidate, "centre_assignment", None)
    establishment = candidate.establishment
    return render(
        request,
        "scheduling/organisation/candidate_centre.html",
        {
            "title": title,
            "candidate": candidate,
            "assignment": assignment,
            "serving": establishment.exam_centre if establishment else None,
            "centres": selectors.centres_of(academy=academy),
            "errors": errors,
        },
    )
