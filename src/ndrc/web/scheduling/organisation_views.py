"""The exam days' organisation pages, for the exam office of an académie: the index, the
exam centres (rooms, establishments served, half-days open), the candidates' centres, the
calendar (window of the orals, written papers) and the examiners (availability, withdrawal,
supply against demand)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ndrc.web.accounts.decorators import requires
from ndrc.web.accounts.roles import Permission, Role
from ndrc.web.keys import key_from
from ndrc.web.pagination import paginate
from ndrc.web.scheduling import organisation_selectors as selectors
from ndrc.web.scheduling import organisation_services as services
from ndrc.web.scheduling.models import HALVES, Examiner, Room, WrittenSitting
from ndrc.web.sessions.models import Establishment, ExamCentre, ExamSession
from ndrc.web.sessions.selectors import session_current

# The pages of the schedule and of the convocations, linked from the index of the exam days:
# (URL name, label marked for translation).
SCHEDULE_LINKS: list[tuple[str, Any]] = [
    ("schedule_overview", gettext_lazy("Planning des épreuves orales et pratiques")),
    ("convocations", gettext_lazy("Convocations")),
]

# --------------------------------------------------------------------------------------------
# Reading the form
# --------------------------------------------------------------------------------------------


def _date(text: str, label: str, *, required: bool = True) -> dt.date | None:
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


def _time(text: str, label: str) -> dt.time:
    text = text.strip().replace("h", ":")
    try:
        return dt.time.fromisoformat(text if ":" in text else f"{text}:00")
    except ValueError:
        raise ValidationError(
            _("%(what)s : heure illisible « %(text)s » (HH:MM).") % {"what": label, "text": text}
        ) from None


def _number(text: str, label: str, *, low: int = 0, high: int = 32767) -> int:
    value = key_from(text)
    if value is None or not low <= value <= high:
        raise ValidationError(
            _("%(what)s : un nombre entier de %(low)s à %(high)s.")
            % {"what": label, "low": low, "high": high}
        )
    return value


def _half_days(request: HttpRequest, days: list[dt.date]) -> set[tuple[dt.date, int]]:
    """The ticked cells of a grid of half-days (« AAAA-MM-JJ:0 »), only the window's."""
    allowed = {f"{d.isoformat()}:{h}": (d, h) for d in days for h, _label in HALVES}
    return {allowed[v] for v in request.POST.getlist("half_day") if v in allowed}


def _grid(days: list[dt.date], ticked: set[tuple[dt.date, int]]) -> list[dict[str, Any]]:
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


def _messages(error: ValidationError) -> list[str]:
    return list(error.messages)


def _context(request: HttpRequest) -> tuple[ExamSession | None, Any, str]:
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


def _blocked(request: HttpRequest, title: str, blocked: str) -> HttpResponse:
    return render(
        request, "scheduling/organisation/blocked.html", {"title": title, "blocked": blocked}
    )


# --------------------------------------------------------------------------------------------
# Index
# --------------------------------------------------------------------------------------------


@requires(Permission.ORGANISE_EXAM_DAYS)
def exam_days(request: HttpRequest) -> HttpResponse:
    """The index of the exam days: what is entered, and the links to each page."""
    session, academy, blocked = _context(request)
    title = _("Journées d'examen")
    if blocked:
        return _blocked(request, title, blocked)
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


# --------------------------------------------------------------------------------------------
# Centres
# --------------------------------------------------------------------------------------------


@requires(Permission.ORGANISE_EXAM_DAYS)
def exam_day_centres(request: HttpRequest) -> HttpResponse:
    """The académie's exam centres with their rooms and loge seats."""
    session, academy, blocked = _context(request)
    title = _("Centres d'examen")
    if blocked:
        return _blocked(request, title, blocked)
    return render(
        request,
        "scheduling/organisation/centres.html",
        {"title": title, "session": session, "centres": selectors.centres_of(academy=academy)},
    )


@requires(Permission.ORGANISE_EXAM_DAYS)
def exam_day_centre(request: HttpRequest, pk: int) -> HttpResponse:
    """One centre: address and loge seats, rooms, establishments served, half-days open. A
    POST names what it changes in ``action``."""
    session, academy, blocked = _context(request)
    if blocked:
        return _blocked(request, _("Centre d'examen"), blocked)
    assert session is not None
    centre = selectors.centre_of(academy=academy, pk=pk)
    window = selectors.oral_window(session=session, academy=academy)
    days = selectors.window_days(window)
    errors: list[str] = []
    if request.method == "POST":
        try:
            done = _centre_post(request, session=session, centre=centre, days=days)
        except ValidationError as error:
            errors = _messages(error)
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
            "grid": _grid(days, selectors.openings_of(session=session, centre=centre)),
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
            loge_seats=_number(post.get("loge_seats", ""), _("Places en loge")),
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
            "posts": _number(post.get("posts", "0") or "0", _("Postes informatiques"), high=500),
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
            session=session, centre=centre, half_days=_half_days(request, days), actor=user
        )
        return _("Demi-journées d'ouverture enregistrées.")
    raise ValidationError(_("Action inconnue."))


# --------------------------------------------------------------------------------------------
# Candidates' centres
# --------------------------------------------------------------------------------------------


@requires(Permission.ORGANISE_EXAM_DAYS)
def exam_day_candidates(request: HttpRequest) -> HttpResponse:
    """The session's candidates with their centre, filtered by centre or establishment."""
    session, academy, blocked = _context(request)
    title = _("Centres des candidats")
    if blocked:
        return _blocked(request, title, blocked)
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
    session, academy, blocked = _context(request)
    title = _("Centre du candidat")
    if blocked:
        return _blocked(request, title, blocked)
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
            errors = _messages(error)
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


# --------------------------------------------------------------------------------------------
# Calendar
# --------------------------------------------------------------------------------------------


@requires(Permission.ORGANISE_EXAM_DAYS)
def exam_day_calendar(request: HttpRequest) -> HttpResponse:
    """The window of the orals and the written papers of the session."""
    session, academy, blocked = _context(request)
    title = _("Calendrier des épreuves")
    if blocked:
        return _blocked(request, title, blocked)
    assert session is not None
    papers = selectors.written_papers(year=session.year)
    errors: list[str] = []
    if request.method == "POST":
        try:
            done = _calendar_post(request, session=session, academy=academy, papers=papers)
        except ValidationError as error:
            errors = _messages(error)
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
                "first_day": _date(post.get("first_day", ""), _("Premier jour des oraux")),
                "last_day": _date(post.get("last_day", ""), _("Dernier jour des oraux")),
                "morning_start": _time(post.get("morning_start", ""), _("Début du matin")),
                "afternoon_start": _time(
                    post.get("afternoon_start", ""), _("Début de l'après-midi")
                ),
                "half_day_minutes": _number(
                    post.get("half_day_minutes", ""), _("Durée d'une demi-journée"), high=720
                ),
                "resit_first_day": _date(
                    post.get("resit_first_day", ""),
                    _("Premier jour des oraux de contrôle"),
                    required=False,
                ),
                "resit_last_day": _date(
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
                "date": _date(post.get("date", ""), _("Date")),
                "start": _time(post.get("start", ""), _("Heure de début")),
                "end": _time(post.get("end", ""), _("Heure de fin")),
                "loge_minutes": _number(post.get("loge_minutes", ""), _("Temps de loge"), high=240),
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


# --------------------------------------------------------------------------------------------
# Examiners
# --------------------------------------------------------------------------------------------


def _examiner_values(
    request: HttpRequest, *, academy: Any, year: int
) -> tuple[dict[str, Any], list[ExamCentre]]:
    post = request.POST
    last_name = post.get("last_name", "").strip()
    first_name = post.get("first_name", "").strip()
    if not last_name or not first_name:
        raise ValidationError(_("Indiquez le nom et le prénom de l'examinateur."))
    kinds = [k for k in post.getlist("kinds") if k in selectors.kind_labels()]
    offered = selectors.language_codes(year=year)
    languages = [lang for lang in post.getlist("languages") if lang in offered]
    uai = key_from(post.get("establishment", ""))
    establishment = (
        Establishment.objects.filter(academy=academy, pk=uai).first() if uai is not None else None
    )
    if uai is not None and establishment is None:
        raise ValidationError(_("Établissement inconnu dans votre académie."))
    email = post.get("email", "").strip()
    user = None
    if post.get("link_account") == "on":
        user = (
            get_user_model()
            .objects.filter(email__iexact=email, role=Role.EXAMINER)
            .filter(Q(academy=academy) | Q(academy__isnull=True))
            .exclude(email="")
            .first()
        )
        if user is None:
            raise ValidationError(
                _("Aucun compte d'examinateur n'a l'adresse « %(email)s ».") % {"email": email}
            )
    centres = list(
        ExamCentre.objects.filter(
            academy=academy, pk__in=[k for k in map(key_from, post.getlist("centres")) if k]
        )
    )
    values = {
        "last_name": last_name[:128],
        "first_name": first_name[:128],
        "email": email[:254],
        "establishment": establishment,
        "kinds": kinds,
        "languages": languages if "language" in kinds else [],
        "user": user,
    }
    return values, centres


def _examiner_form(session: ExamSession, academy: Any) -> dict[str, Any]:
    return {
        "kinds": selectors.kind_labels(),
        "languages": selectors.language_codes(year=session.year),
        "centres": list(selectors.centres_of(academy=academy)),
        "establishments": selectors.establishments_served(academy=academy),
    }


@requires(Permission.ORGANISE_EXAM_DAYS)
def exam_day_examiners(request: HttpRequest) -> HttpResponse:
    """The examiners (a POST adds one) and the supply against the demand of the candidates'
    plans."""
    session, academy, blocked = _context(request)
    title = _("Examinateurs")
    if blocked:
        return _blocked(request, title, blocked)
    assert session is not None
    errors: list[str] = []
    if request.method == "POST":
        try:
            values, centres = _examiner_values(request, academy=academy, year=session.year)
            examiner = services.examiner_create(
                session=session,
                academy=academy,
                values=values,
                centres=centres,
                actor=request.user,
            )
        except ValidationError as error:
            errors = _messages(error)
        else:
            messages.success(request, _("Examinateur %(name)s ajouté.") % {"name": examiner})
            return redirect("exam_day_examiner", pk=examiner.pk)
    demand = selectors.supply_demand(session=session, academy=academy)
    return render(
        request,
        "scheduling/organisation/examiners.html",
        {
            "title": title,
            "session": session,
            "page": paginate(request, selectors.examiners_of(session=session, academy=academy)),
            "demand": demand,
            "missing": sum(1 for d in demand if d.missing),
            "errors": errors,
            **_examiner_form(session, academy),
        },
    )


@requires(Permission.ORGANISE_EXAM_DAYS)
def exam_day_examiner(request: HttpRequest, pk: int) -> HttpResponse:
    """One examiner: identity, kinds, languages, centres, availability; withdrawal."""
    session, academy, blocked = _context(request)
    if blocked:
        return _blocked(request, _("Examinateur"), blocked)
    assert session is not None
    examiner: Examiner = selectors.examiner_of(session=session, academy=academy, pk=pk)
    days = selectors.window_days(selectors.oral_window(session=session, academy=academy))
    errors: list[str] = []
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "edit":
                values, centres = _examiner_values(request, academy=academy, year=session.year)
                services.examiner_update(
                    examiner=examiner, values=values, centres=centres, actor=request.user
                )
                done = _("Examinateur enregistré.")
            elif action == "availability":
                if not days:
                    raise ValidationError(_("Saisissez d'abord la période des oraux (calendrier)."))
                services.availability_set(
                    examiner=examiner, half_days=_half_days(request, days), actor=request.user
                )
                done = _("Disponibilités enregistrées.")
            elif action == "withdraw":
                services.examiner_withdraw(
                    examiner=examiner,
                    reason=request.POST.get("reason", "")[:255],
                    actor=request.user,
                )
                done = _("Désistement enregistré.")
            else:
                raise ValidationError(_("Action inconnue."))
        except ValidationError as error:
            errors = _messages(error)
        else:
            messages.success(request, done)
            return redirect("exam_day_examiner", pk=examiner.pk)
    return render(
        request,
        "scheduling/organisation/examiner.html",
        {
            "title": str(examiner),
            "session": session,
            "examiner": examiner,
            "chosen_centres": set(examiner.centres.values_list("pk", flat=True)),
            "grid": _grid(days, selectors.availability_of(examiner=examiner)),
            "errors": errors,
            **_examiner_form(session, academy),
        },
    )
