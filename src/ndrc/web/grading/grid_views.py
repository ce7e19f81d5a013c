"""The evaluation grids' pages: the list of the grids to fill for an épreuve, a candidate's
grid (filled by keyboard, saved as one types, signed, reopened with a reason) and the
national circular's grids of the session (exam office)."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from ndrc.rules.errors import RegulationError
from ndrc.rules.grids import (
    Grid,
    commission_seats,
    default_grids,
    graded_on_grid,
    grid_from_dict,
    grid_in_force,
)
from ndrc.rules.grids.ccf import ccf_situations
from ndrc.rules.regulation import Form
from ndrc.web.accounts.decorators import requires
from ndrc.web.accounts.roles import Permission
from ndrc.web.candidates.models import Candidate
from ndrc.web.candidates.selectors import candidates_visible_to, establishments_of, in_group
from ndrc.web.grading.entry import entry_candidates
from ndrc.web.grading.grid_selectors import (
    defects_of,
    grade_version,
    grid_candidate,
    grid_form,
    grid_rows,
    last_situation,
    may_download_pdf,
    session_grid,
    sign_problems,
)
from ndrc.web.grading.grid_services import (
    Filled,
    GridConflict,
    circular_grid_load,
    grid_begin,
    grid_reopen,
    grid_save,
    grid_sign,
)
from ndrc.web.grading.models import EvaluationGrid, SessionGrid
from ndrc.web.grading.permits import grade_permit
from ndrc.web.keys import key_from
from ndrc.web.pagination import paginate
from ndrc.web.sessions.selectors import session_current

MAX_UPLOAD = 512 * 1024


@requires(Permission.FILL_GRIDS)
def grids(request: HttpRequest) -> HttpResponse:
    """The candidates of an épreuve graded on a grid whom the user may see, with the state of
    each situation's grid."""
    session = session_current(user=request.user)
    exams = graded_on_grid(session.year) if session else ()
    exam = request.GET.get("epreuve", "")
    if exam not in exams:
        exam = exams[0] if exams else ""
    candidates = entry_candidates(
        user=request.user,
        candidates=candidates_visible_to(user=request.user, session=session),
        exam=exam,
    )
    establishments = establishments_of(candidates)
    chosen = request.GET.get("etablissement", "")
    if chosen.isdigit():
        candidates = in_group(candidates, chosen)
    pagination = paginate(request, candidates.order_by("last_name", "first_name", "number", "pk"))
    return render(
        request,
        "grading/grids.html",
        {
            "title": _("Grilles d'évaluation"),
            "session": session,
            "exam": exam,
            "exams": exams,
            "establishments": establishments,
            "chosen": chosen,
            "rows": grid_rows(user=request.user, candidates=pagination.rows, exam=exam),
            "pagination": pagination,
        },
    )


def _filled(post: Any, grid: Grid) -> Filled:
    levels = {c.code: post.get(f"level-{c.code}", "") for c in grid.criteria}
    comments = {s.code: post.get(f"comment-{s.code}", "") for s in grid.sections}
    penalties = {
        key.removeprefix("penalty-"): str(value)
        for key, value in post.items()
        if key.startswith("penalty-")
    }
    return Filled(
        levels, comments, penalties, post.get("proposal", ""), post.get("second_member", "")
    )


@requires(Permission.FILL_GRIDS)
def grid_fill(request: HttpRequest, pk: int, exam: str, situation: str = "") -> HttpResponse:
    candidate, situation = grid_candidate(user=request.user, pk=pk, exam=exam, situation=situation)
    permit = grade_permit(request.user, candidate, exam)
    form = grid_form(candidate, exam)
    stored = EvaluationGrid.objects.filter(
        candidate=candidate, exam=exam, form=form.value, situation=situation
    ).first()
    here = reverse("grid_fill", args=[pk, exam, situation] if situation else [pk, exam])
    wants_json = request.headers.get("x-requested-with") == "fetch"
    confirm: list[str] | None = None
    if request.method == "POST":
        action = request.POST.get("action", "save")
        began = stored is None
        version = key_from(request.POST.get("version", ""))
        try:
            if action == "reopen":
                if stored is None:
                    raise ValidationError(_("Cette grille n'est pas signée."))
                grid_reopen(user=request.user, grid=stored, reason=request.POST.get("reason", ""))
                messages.success(request, _("Grille rouverte : elle redevient un brouillon."))
                return redirect(here)
            if stored is None:  # begun by its first save (or a signature's)
                stored = grid_begin(
                    user=request.user, candidate=candidate, exam=exam, situation=situation
                )
            if action == "sign" and request.POST.get("confirmed") == "1":
                grid_sign(
                    user=request.user,
                    grid=stored,
                    expected_version=version,
                    grade_version=key_from(request.POST.get("grade_version", "")),
                )
                messages.success(
                    request,
                    _("Grille signée : la note est enregistrée.")
                    if last_situation(candidate, exam) == situation
                    else _("Grille signée."),
                )
                return redirect(here)
            stored = grid_save(
                user=request.user,
                grid=stored,
                filled=_filled(request.POST, grid_from_dict(stored.grid)),
                # A page that read no grid expects the one it begins (version 1), never a
                # grid someone else began and filled meanwhile.
                expected_version=version if version is not None else (1 if began else 0),
            )
        except GridConflict as error:
            if wants_json:
                return JsonResponse({"ok": False, "conflict": str(error)}, status=409)
            messages.error(request, str(error))
            return redirect(here)
        except ValidationError as error:
            if wants_json:
                return JsonResponse({"ok": False, "errors": error.messages}, status=400)
            for text in error.messages:
                messages.error(request, text)
            return redirect(here)
        if wants_json:
            return JsonResponse({"ok": True, "version": stored.version})
        if action != "sign":
            messages.success(request, _("Grille enregistrée (brouillon)."))
            return redirect(here)
        # Signing asks for a confirmation, with what still keeps the grid from being signed.
        confirm = sign_problems(stored)
    try:
        template = (
            grid_from_dict(stored.grid)
            if stored is not None
            else grid_in_force(
                session=candidate.session.year,
                exam=exam,
                form=form,
                situation=situation,
                loaded=session_grid(
                    session=candidate.session, exam=exam, form=form, situation=situation
                ),
            )
        )
    except RegulationError as error:
        messages.error(request, str(error))
        return redirect(reverse("grids") + f"?epreuve={exam}")
    if not permit.allowed:
        # A user who sees the candidate but may not fill this grid (a centre on a one-off
        # grid, an examiner another épreuve is entrusted to) reads none of it.
        stored = None
    defects = (
        ()
        if not permit.allowed
        else defects_of(stored)
        if stored is not None
        else _defects_for(candidate, exam)
    )
    editable = (
        permit.allowed and not candidate.locked_by and (stored is None or not stored.is_signed)
    )
    return render(
        request,
        "grading/grid.html",
        {
            "title": _("Grille d'évaluation"),
            "candidate": candidate,
            "exam": exam,
            "situation": situation,
            "grid": template,
            "stored": stored,
            "levels": (stored.levels if stored else {}),
            "comments": (stored.comments if stored else {}),
            "penalties": (stored.penalties if stored else {}),
            "proposal": stored.proposal if stored else "",
            "defects": [(code, text, template.penalty_limits.get(code)) for code, text in defects],
            "carries_grade": last_situation(candidate, exam) == situation,
            "seats": commission_seats(session=candidate.session.year, exam=exam, form=form),
            "grade_version": grade_version(candidate, exam) if permit.allowed else None,
            "editable": editable,
            "allowed": permit.allowed,
            "reason": permit.reason,
            "confirm": confirm,
            # What is typed offline is kept under the user's own key (a shared exam-room laptop).
            "storage_key": json.dumps(
                f"ndrc-grid-{request.user.pk}-{candidate.pk}-{exam}-{situation}"
            ),
            "locked": bool(candidate.locked_by),
            "can_pdf": may_download_pdf(request.user, stored),
            # E4's and E6's CCF situations record their dates, commissions and dossier.
            "has_ccf_dossier": form is Form.CCF
            and bool(ccf_situations(candidate.session.year, exam)),
        },
    )


def _defects_for(candidate: Candidate, exam: str) -> tuple[tuple[str, str], ...]:
    return defects_of(EvaluationGrid(candidate=candidate, exam=exam))


@requires(Permission.MANAGE_GRIDS)
def circular_grids(request: HttpRequest) -> HttpResponse:
    """The grids of the session: the default ones, those of the national circular loaded
    (each replaces the default one of its épreuve, form and situation), and the loading."""
    session = session_current(user=request.user)
    if session is None:
        raise Http404
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None or upload.size is None or upload.size > MAX_UPLOAD:
            messages.error(request, _("Choisissez un fichier YAML ou CSV de 512 Kio au plus."))
            return redirect("circular_grids")
        try:
            content = upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            messages.error(request, _("Le fichier doit être encodé en UTF-8."))
            return redirect("circular_grids")
        try:
            row = circular_grid_load(
                user=request.user,
                session=session,
                filename=upload.name or "",
                content=content,
                exam=request.POST.get("exam", ""),
                form=request.POST.get("form", ""),
                situation=request.POST.get("situation", ""),
                citation=request.POST.get("citation", ""),
            )
        except ValidationError as error:
            for text in error.messages:
                messages.error(request, text)
        else:
            messages.success(
                request,
                _("Grille chargée pour %(exam)s : elle remplace la grille par défaut.")
                % {"exam": row.exam},
            )
        return redirect("circular_grids")
    loaded = {(r.exam, r.form, r.situation): r for r in SessionGrid.objects.filter(session=session)}
    shown = []
    for key, grid in sorted(default_grids(session.year).items()):
        row = loaded.get(key)
        shown.append((grid_from_dict(row.grid) if row else grid, row))
    return render(
        request,
        "grading/circular_grids.html",
        {"title": _("Grilles de la session"), "session": session, "grids": shown},
    )
