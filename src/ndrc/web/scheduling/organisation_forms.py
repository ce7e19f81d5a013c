"""What the exam days' organisation pages share: reading their forms (dates, times, numbers,
grids of half-days) and their frame (the session in progress, the user's académie, the page
shown when neither is there)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from ndrc.web.keys import key_from
from ndrc.web.scheduling.models import HALVES
from ndrc.web.sessions.models import ExamSession
from ndrc.web.sessions.selectors import session_current


def parse_date(text: str, label: str, *, required: bool = True) -> dt.date | None:
    text = text.strip()
    if not text:
        if required:
            raise ValidationError(_("%(what)s : date obligatoire.") % {"what": label})
        return None
    for parse in (dt.date.fromisoformat, lambda t: dt.datetime.strptime(t, "%d/%m/%Y").date()):
        try:
            return parse(text)
        except ValueError:
            continue
    raise ValidationError(
        _("%(what)s : date illisible « %(text)s » (JJ/MM/AAAA).") % {"what": label, "text": text}
    )


def parse_time(text: str, label: str) -> dt.time:
    text = text.strip().replace("h", ":")
    try:
        return dt.time.fromisoformat(text if ":" in text else f"{text}:00")
    except ValueError:
        raise ValidationError(
            _("%(what)s : heure illisible « %(text)s » (HH:MM).") % {"what": label, "text": text}
        ) from None


def parse_number(text: str, label: str, *, low: int = 0, high: int = 32767) -> int:
    value = key_from(text)
    if value is None or not low <= value <= high:
        raise ValidationError(
            _("%(what)s : un nombre entier de %(low)s à %(high)s.")
            % {"what": label, "low": low, "high": high}
        )
    return value


def half_days_ticked(request: HttpRequest, days: list[dt.date]) -> set[tuple[dt.date, int]]:
    """The ticked cells of a grid of half-days (« AAAA-MM-JJ:0 »), only the window's."""
    allowed = {f"{d.isoformat()}:{h}": (d, h) for d in days for h, _label in HALVES}
    return {allowed[v] for v in request.POST.getlist("half_day") if v in allowed}


def half_day_grid(days: list[dt.date], ticked: set[tuple[dt.date, int]]) -> list[dict[str, Any]]:
    return [
        {
            "day": d,
            "halves": [
                {"value": f"{d.isoformat()}:{h}", "label": label, "ticked": (d, h) in ticked}
                for h, label in HALVES
            ],
        }
        for d in days
    ]


def error_messages(error: ValidationError) -> list[str]:
    return list(error.messages)


def page_context(request: HttpRequest) -> tuple[ExamSession | None, Any, str]:
    """The session in progress, the user's académie, and why the page cannot be used."""
    session = session_current(user=request.user)
    academy = getattr(request.user, "academy", None)
    if session is None:
        return None, academy, _("Aucune session d'examen n'existe : créez d'abord la session.")
    if academy is None:
        return (
            session,
            None,
            _(
                "Votre compte n'est rattaché à aucune académie : les journées d'examen sont "
                "organisées par académie."
            ),
        )
    return session, academy, ""


def blocked_page(request: HttpRequest, title: str, blocked: str) -> HttpResponse:
    return render(
        request, "scheduling/organisation/blocked.html", {"title": title, "blocked": blocked}
    )
