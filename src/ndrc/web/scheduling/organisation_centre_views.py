"""The exam centres of the exam days: the list, and one centre's address and loge seats, rooms,
establishments served and half-days open."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from ndrc.web.accounts.decorators import requires
from ndrc.web.accounts.roles import Permission
from ndrc.web.keys import key_from
from ndrc.web.scheduling import organisation_selectors as selectors
from ndrc.web.scheduling import organisation_services as services
from ndrc.web.scheduling.models import Room
from ndrc.web.scheduling.organisation_forms import (
    blocked_page,
    error_messages,
    half_day_grid,
    half_days_ticked,
    page_context,
    parse_number,
)
from ndrc.web.sessions.models import Establishment, ExamCentre, ExamSession


@requires(Permission.ORGANISE_EXAM_DAYS)
def exam_day_centres(request: HttpRequest) -> HttpResponse:
    """The académie's exam centres with their rooms and loge seats."""
    session, academy, blocked = page_context(request)
    title = _("Centres d'examen")
    if blocked:
        return blocked_page(request, title, blocked)
    return render(
        request,
        "scheduling/organisation/centres.html",
        {"title": title, "session": session, "centres": selectors.centres_of(academy=academy)},
    )


@requires(Permission.ORGANISE_EXAM_DAYS)
def exam_day_centre(request: HttpRequest, pk: int) -> HttpResponse:
    """One centre: address and loge seats, rooms, establishments served, half-days open. A
    POST names what it changes in ``action``."""
    session, academy, blocked = page_context(request)
    if blocked:
        return blocked_page(request, _("Centre d'examen"), blocked)
    assert session is not None
    centre = selectors.centre_of(academy=academy, pk=pk)
    window = selectors.oral_window(session=session, academy=academy)
    days = selectors.window_days(window)
    errors: list[str] = []
    if request.method == "POST":
        try:
            done = _centre_post(request, session=session, centre=centre, days=days)
        except ValidationError as error:
            errors = error_messages(error)
        else:
            if done:
                messages.success(request, done)
            return redirect("exam_day_centre", pk=centre.pk)
    establishments = list(selectors.establishments_served(academy=academy))
    return render(
        request,
        "scheduling/organisation/centre.html",
        {
            "title": _("Centre d'examen %(name)s") % {"name": centre.name},
            "session": session,
            "centre": centre,
            "rooms": list(centre.rooms.order_by("name")),
            "room_kinds": Room.KINDS,
            "establishments": establishments,
            "window": window,
            "grid": half_day_grid(days, selectors.openings_of(session=session, centre=centre)),
            "errors": errors,
        },
    )


def _centre_post(
    request: HttpRequest, *, session: ExamSession, centre: ExamCentre, days: list[dt.date]
) -> str:
    post = request.POST
    action = post.get("action", "")
    user = request.user
    if action == "centre":
        services.centre_update(
            centre=centre,
            address=post.get("address", "").strip()[:255],
            loge_seats=parse_number(post.get("loge_seats", ""), _("Places en loge")),
            actor=user,
        )
        return _("Centre enregistré.")
    if action in ("room_new", "room_edit"):
        name = post.get("name", "").strip()
        if not name:
            raise ValidationError(_("Nommez la salle."))
        kind = post.get("kind", "")
        if kind not in dict(Room.KINDS):
            raise ValidationError(_("Choisissez le type de salle."))
        values = {
            "name": name[:64],
            "kind": kind,
            "posts": parse_number(
                post.get("posts", "0") or "0", _("Postes informatiques"), high=500
            ),
            "active": post.get("active") == "on",
        }
        if action == "room_new":
            services.room_create(centre=centre, actor=user, **values)
            return _("Salle ajoutée.")
        room = get_object_or_404(Room, pk=key_from(post.get("room", "")) or 0, centre=centre)
        services.room_update(room=room, actor=user, **values)
        return _("Salle enregistrée.")
    if action == "establishments":
        chosen = [key_from(v) for v in post.getlist("establishment")]
        services.centre_establishments_set(
            centre=centre,
            establishments=Establishment.objects.filter(
                academy_id=centre.academy_id, pk__in=[c for c in chosen if c is not None]
            ),
            actor=user,
        )
        return _("Établissements rattachés enregistrés.")
    if action == "openings":
        if not days:
            raise ValidationError(_("Saisissez d'abord la période des oraux (calendrier)."))
        services.openings_set(
            session=session, centre=centre, half_days=half_days_ticked(request, days), actor=user
        )
        return _("Demi-journées d'ouverture enregistrées.")
    raise ValidationError(_("Action inconnue."))
