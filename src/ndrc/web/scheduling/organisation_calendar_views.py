"""The calendar of the exam days: the window of the orals (and of the resit orals) and the
written papers of the national calendar, with their loge time."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from ndrc.web.accounts.decorators import requires
from ndrc.web.accounts.roles import Permission
from ndrc.web.scheduling import organisation_selectors as selectors
from ndrc.web.scheduling import organisation_services as services
from ndrc.web.scheduling.models import WrittenSitting
from ndrc.web.scheduling.organisation_forms import (
    blocked_page,
    error_messages,
    page_context,
    parse_date,
    parse_number,
    parse_time,
)
from ndrc.web.sessions.models import ExamSession


@requires(Permission.ORGANISE_EXAM_DAYS)
def exam_day_calendar(request: HttpRequest) -> HttpResponse:
    """The window of the orals and the written papers of the session."""
    session, academy, blocked = page_context(request)
    title = _("Calendrier des épreuves")
    if blocked:
        return blocked_page(request, title, blocked)
    assert session is not None
    papers = selectors.written_papers(year=session.year)
    errors: list[str] = []
    if request.method == "POST":
        try:
            done = _calendar_post(request, session=session, academy=academy, papers=papers)
        except ValidationError as error:
            errors = error_messages(error)
        else:
            messages.success(request, done)
            return redirect("exam_day_calendar")
    sittings = {s.exam: s for s in selectors.written_sittings(session=session)}
    rows = []
    for paper in papers:
        sitting = sittings.get(paper.code)
        minutes = _minutes(sitting) if sitting else None
        rows.append(
            {
                "paper": paper,
                "sitting": sitting,
                "minutes": minutes,
                "mismatch": bool(minutes and paper.duration and minutes != paper.duration),
            }
        )
    return render(
        request,
        "scheduling/organisation/calendar.html",
        {
            "title": title,
            "session": session,
            "window": selectors.oral_window(session=session, academy=academy),
            "rows": rows,
            "errors": errors,
        },
    )


def _minutes(sitting: WrittenSitting) -> int:
    return (sitting.end.hour * 60 + sitting.end.minute) - (
        sitting.start.hour * 60 + sitting.start.minute
    )


def _calendar_post(
    request: HttpRequest, *, session: ExamSession, academy: Any, papers: list[Any]
) -> str:
    post = request.POST
    if post.get("action") == "window":
        services.oral_window_save(
            session=session,
            academy=academy,
            values={
                "first_day": parse_date(post.get("first_day", ""), _("Premier jour des oraux")),
                "last_day": parse_date(post.get("last_day", ""), _("Dernier jour des oraux")),
                "morning_start": parse_time(post.get("morning_start", ""), _("Début du matin")),
                "afternoon_start": parse_time(
                    post.get("afternoon_start", ""), _("Début de l'après-midi")
                ),
                "half_day_minutes": parse_number(
                    post.get("half_day_minutes", ""), _("Durée d'une demi-journée"), high=720
                ),
                "resit_first_day": parse_date(
                    post.get("resit_first_day", ""),
                    _("Premier jour des oraux de contrôle"),
                    required=False,
                ),
                "resit_last_day": parse_date(
                    post.get("resit_last_day", ""),
                    _("Dernier jour des oraux de contrôle"),
                    required=False,
                ),
            },
            actor=request.user,
        )
        return _("Période des oraux enregistrée.")
    if post.get("action") == "written":
        codes = {p.code for p in papers}
        exam = post.get("exam", "")
        if exam not in codes:
            raise ValidationError(_("Épreuve écrite inconnue du règlement de la session."))
        sitting = services.written_sitting_save(
            session=session,
            exam=exam,
            values={
                "date": parse_date(post.get("date", ""), _("Date")),
                "start": parse_time(post.get("start", ""), _("Heure de début")),
                "end": parse_time(post.get("end", ""), _("Heure de fin")),
                "loge_minutes": parse_number(
                    post.get("loge_minutes", ""), _("Temps de loge"), high=240
                ),
            },
            actor=request.user,
        )
        paper = next(p for p in papers if p.code == exam)
        if paper.duration and _minutes(sitting) != paper.duration:
            messages.warning(
                request,
                _(
                    "Attention : l'épreuve %(exam)s dure %(minutes)s min, le règlement prévoit "
                    "%(duration)s min."
                )
                % {"exam": exam, "minutes": _minutes(sitting), "duration": paper.duration},
            )
        return _("Épreuve %(exam)s enregistrée.") % {"exam": exam}
    raise ValidationError(_("Action inconnue."))
