"""The subjects' pages: the E4 fiches-sujets to write (the candidates the user may see, the
state of each one's fiche-sujet), a candidate's fiche-sujet (the activity chosen among the
two of the dossier, the parameters changed, the roles of the simulation; a draft, made final
for the loge, reopened with a reason), and, for the exam office, the session's bank of E5
practical subjects and the subject given to each candidate (by hand, or shared out
alternating WordPress and PrestaShop)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from ndrc.rules.subjects import (
    practical_citation,
    practical_cms,
    practical_exam,
    sheet_citation,
    sheet_exam,
)
from ndrc.web.accounts.decorators import requires
from ndrc.web.accounts.roles import Permission
from ndrc.web.candidates.models import Candidate
from ndrc.web.candidates.selectors import candidates_visible_to, establishments_of, in_group
from ndrc.web.grading.entry import entry_candidates
from ndrc.web.grading.permits import grade_permit
from ndrc.web.grading.subject_models import PracticalSubject
from ndrc.web.grading.subject_selectors import (
    bank_balance,
    dossier_activities,
    nature_label,
    practical_bank,
    practical_of,
    sheet_of,
    sheet_place,
    sheets_of,
)
from ndrc.web.grading.subject_services import (
    MAX_FILE,
    SheetConflict,
    SheetText,
    practical_assign,
    practical_share,
    practical_subject_add,
    sheet_reopen,
    sheet_write,
)
from ndrc.web.keys import key_from
from ndrc.web.pagination import paginate
from ndrc.web.sessions.selectors import session_current


def _errors(request: HttpRequest, error: ValidationError) -> None:
    for text in error.messages:
        messages.error(request, text)


def _candidates(request: HttpRequest, exam: str) -> tuple[Any, Any]:
    session = session_current(user=request.user)
    candidates = entry_candidates(
        user=request.user,
        candidates=candidates_visible_to(user=request.user, session=session),
        exam=exam,
    )
    return session, candidates


@requires(Permission.FILL_GRIDS)
def subject_sheets(request: HttpRequest) -> HttpResponse:
    """The candidates whose E4 fiche-sujet the user may see, with its state."""
    session, candidates = _candidates(request, sheet_exam())
    establishments = establishments_of(candidates)
    chosen = request.GET.get("etablissement", "")
    if chosen.isdigit():
        candidates = in_group(candidates, chosen)
    pagination = paginate(request, candidates.order_by("last_name", "first_name", "number", "pk"))
    listed = list(pagination.rows)
    sheets = sheets_of(listed)
    rows = []
    for candidate in listed:
        permit = grade_permit(request.user, candidate, sheet_exam())
        rows.append((candidate, permit, sheets.get(candidate.pk)))
    return render(
        request,
        "grading/subject_sheets.html",
        {
            "title": _("Fiches-sujets E4"),
            "session": session,
            "exam": sheet_exam(),
            "establishments": establishments,
            "chosen": chosen,
            "rows": rows,
            "pagination": pagination,
            "citation": sheet_citation(),
        },
    )


def _visible(request: HttpRequest, pk: int) -> Candidate:
    """The candidate, if the user may see him or her (404 otherwise, not even whether the
    candidate exists)."""
    session = session_current(user=request.user)
    candidate = (
        candidates_visible_to(user=request.user, session=session)
        .select_related("session", "establishment")
        .filter(pk=pk)
        .first()
    )
    if candidate is None:
        raise Http404
    return candidate


@requires(Permission.FILL_GRIDS)
def subject_sheet(request: HttpRequest, pk: int) -> HttpResponse:
    """A candidate's fiche-sujet: written, made final, reopened; printable."""
    candidate = _visible(request, pk)
    exam = sheet_exam()
    permit = grade_permit(request.user, candidate, exam)
    here = reverse("subject_sheet", args=[candidate.pk])
    if request.method == "POST":
        action = request.POST.get("action", "save")
        try:
            if action == "reopen":
                stored = sheet_of(candidate)
                if stored is None:
                    raise ValidationError(_("Aucune fiche-sujet à rouvrir."))
                sheet_reopen(user=request.user, sheet=stored, reason=request.POST.get("reason", ""))
                messages.success(request, _("Fiche-sujet rouverte : elle redevient un brouillon."))
            else:
                sheet_write(
                    user=request.user,
                    candidate=candidate,
                    text=SheetText(
                        activity=key_from(request.POST.get("activity", "")),
                        changed_parameters=request.POST.get("changed_parameters", ""),
                        roles=request.POST.get("roles", ""),
                    ),
                    expected_version=key_from(request.POST.get("version", "")),
                    final=action == "final",
                )
                messages.success(
                    request,
                    _("Fiche-sujet définitive : elle est prête pour la loge.")
                    if action == "final"
                    else _("Fiche-sujet enregistrée (brouillon)."),
                )
        except SheetConflict as error:
            messages.error(request, str(error))
        except ValidationError as error:
            _errors(request, error)
        return redirect(here)
    place_error = ""
    form = situation = ""
    try:
        form, situation = sheet_place(candidate)
    except ValidationError as error:
        place_error = " ".join(error.messages)
    stored = sheet_of(candidate) if permit.allowed else None
    found = dossier_activities(candidate) if permit.allowed else None
    return render(
        request,
        "grading/subject_sheet.html",
        {
            "title": _("Fiche-sujet"),
            "candidate": candidate,
            "exam": exam,
            "form": form,
            "situation": situation,
            "place_error": place_error,
            "allowed": permit.allowed,
            "reason": permit.reason,
            "stored": stored,
            "stored_label": nature_label(stored.nature) if stored is not None else "",
            "found": found,
            "editable": permit.allowed
            and not place_error
            and bool(found and found.activities)
            and not (stored and stored.is_final),
            "citation": sheet_citation(),
        },
    )


def _bank_file(session: Any, code: str) -> HttpResponse:
    subject = PracticalSubject.objects.filter(session=session, code=code).first()
    if subject is None or not subject.file_name:
        raise Http404
    response = HttpResponse(bytes(subject.file_content), content_type="application/octet-stream")
    safe = "".join(c for c in subject.file_name if c.isalnum() or c in "._- ") or "sujet"
    response["Content-Disposition"] = f'attachment; filename="{safe}"'
    return response


@requires(Permission.MANAGE_GRIDS)
def practical_subjects(request: HttpRequest) -> HttpResponse:
    """The session's bank of E5 practical subjects (as many WordPress as PrestaShop, each
    with its grille d'aide à l'évaluation): the list, the balance, adding one; a subject's
    file (``?fichier=<code>``)."""
    session = session_current(user=request.user)
    if session is None:
        raise Http404
    if request.method == "GET" and request.GET.get("fichier"):
        return _bank_file(session, request.GET["fichier"])
    if request.method == "POST":
        upload = request.FILES.get("file")
        content = b""
        if upload is not None:
            if upload.size is None or upload.size > MAX_FILE:
                messages.error(request, _("Le fichier du sujet doit peser 5 Mio au plus."))
                return redirect("practical_subjects")
            content = upload.read()
        try:
            subject = practical_subject_add(
                user=request.user,
                session=session,
                code=request.POST.get("code", ""),
                title=request.POST.get("title", ""),
                cms=request.POST.get("cms", ""),
                file_name=(upload.name or "") if upload is not None else "",
                file_content=content,
            )
        except ValidationError as error:
            _errors(request, error)
        else:
            messages.success(
                request, _("Sujet %(code)s ajouté à la banque.") % {"code": subject.code}
            )
        return redirect("practical_subjects")
    balance = bank_balance(session)
    cms = practical_cms()
    return render(
        request,
        "grading/practical_subjects.html",
        {
            "title": _("Banque de sujets E5 pratique"),
            "session": session,
            "subjects": practical_bank(session),
            "cms": list(cms.items()),
            "balance": [(cms[code], n) for code, n in balance.items()],
            "balanced": len(set(balance.values())) == 1,
            "citation": practical_citation(),
        },
    )


@requires(Permission.MANAGE_GRIDS)
def practical_assignments(request: HttpRequest) -> HttpResponse:
    """The subject given to each candidate sitting E5's practical part: picked by hand, or
    « Répartir » over the candidates listed (an establishment's, or all) who have none."""
    session, candidates = _candidates(request, practical_exam())
    if session is None:
        raise Http404
    establishments = establishments_of(candidates)
    chosen = request.GET.get("etablissement", "") or request.POST.get("etablissement", "")
    if chosen.isdigit():
        candidates = in_group(candidates, chosen)
    candidates = candidates.order_by("last_name", "first_name", "number", "pk")
    back = reverse("practical_assignments") + (
        f"?etablissement={chosen}" if chosen.isdigit() else ""
    )
    if request.method == "POST":
        try:
            if request.POST.get("action") == "share":
                shared = practical_share(
                    user=request.user, session=session, candidates=list(candidates)
                )
                messages.success(
                    request,
                    _("%(n)s candidat(s) ont reçu un sujet, en alternant WordPress et PrestaShop.")
                    % {"n": shared.given},
                )
                for line in shared.skipped[:20]:
                    messages.info(request, line)
            else:
                candidate = candidates.filter(
                    pk=key_from(request.POST.get("candidate", ""))
                ).first()
                subject = (
                    practical_bank(session)
                    .filter(pk=key_from(request.POST.get("subject", "")))
                    .first()
                )
                if candidate is None or subject is None:
                    raise ValidationError(
                        _("Choisissez un candidat de la liste et un sujet de la banque.")
                    )
                practical_assign(user=request.user, candidate=candidate, subject=subject)
                messages.success(
                    request,
                    _("Sujet %(code)s attribué à %(who)s.")
                    % {"code": subject.code, "who": candidate},
                )
        except ValidationError as error:
            _errors(request, error)
        return redirect(back)
    pagination = paginate(request, candidates)
    listed = list(pagination.rows)
    given = practical_of(listed)
    return render(
        request,
        "grading/practical_assignments.html",
        {
            "title": _("Sujets E5 pratique attribués"),
            "session": session,
            "exam": practical_exam(),
            "establishments": establishments,
            "chosen": chosen,
            "rows": [(c, given.get(c.pk)) for c in listed],
            "subjects": practical_bank(session),
            "pagination": pagination,
        },
    )
