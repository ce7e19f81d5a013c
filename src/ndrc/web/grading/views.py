"""Grade entry for a class, on one keyboard-friendly page, with no lost update; the examiners
the épreuves are entrusted to."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from ndrc.rules.catalogue import catalogue
from ndrc.web.accounts.decorators import requires
from ndrc.web.accounts.models import User
from ndrc.web.accounts.roles import Permission, Role
from ndrc.web.candidates.selectors import candidates_visible_to, establishments_of, in_group
from ndrc.web.grading.entry import entry_candidates, entry_rows
from ndrc.web.grading.models import ExaminerAssignment
from ndrc.web.grading.services import examiners_assign, grades_enter
from ndrc.web.keys import key_from
from ndrc.web.pagination import paginate
from ndrc.web.sessions.selectors import session_current


def _default_exam(user: object) -> str:
    """An examiner starts on the first épreuve entrusted to him or her; others on the first
    épreuve graded."""
    if getattr(user, "role", "") == Role.EXAMINER:
        first = ExaminerAssignment.objects.filter(examiner=user).order_by("exam").first()
        if first is not None:
            return first.exam
    return catalogue().entry_codes[0]


@requires(Permission.ENTER_GRADES)
def grade_entry(request: HttpRequest) -> HttpResponse:
    session = session_current(user=request.user)
    codes = catalogue().entry_codes
    exam = request.GET.get("epreuve") or _default_exam(request.user)
    if exam not in codes:
        exam = codes[0]
    candidates = entry_candidates(
        user=request.user,
        candidates=candidates_visible_to(user=request.user, session=session),
        exam=exam,
    )
    establishments = establishments_of(candidates)
    chosen = request.GET.get("etablissement", "")
    if chosen.isdigit():
        candidates = in_group(candidates, chosen)
    candidates = candidates.order_by("last_name", "first_name", "number", "pk")
    outcome = None
    if request.method == "POST":
        outcome = grades_enter(
            user=request.user, candidates=candidates, exam=exam, cells=request.POST.dict()
        )
        if outcome.saved:
            messages.success(request, _("%(n)s note(s) enregistrée(s).") % {"n": outcome.saved})
        if outcome.errors or outcome.conflicts:
            messages.error(
                request,
                _("%(n)s ligne(s) non enregistrée(s) : voir le message de chaque ligne.")
                % {"n": len(outcome.errors) + len(outcome.conflicts)},
            )
    pagination = paginate(request, candidates)
    rows = entry_rows(user=request.user, candidates=pagination.rows, exam=exam)
    if outcome is not None:
        outcome.apply_to(rows)
    return render(
        request,
        "grading/entry.html",
        {
            "title": _("Saisie des notes"),
            "session": session,
            "exam": exam,
            "exams": codes,
            "establishments": establishments,
            "chosen": chosen,
            "rows": rows,
            "pagination": pagination,
        },
    )


@requires(Permission.ASSIGN_EXAMINERS)
def examiner_assignments(request: HttpRequest) -> HttpResponse:
    """Entrust an épreuve to an examiner for the candidates of an establishment (or those by
    professional experience) who sit it; the list of current assignments."""
    candidates = candidates_visible_to(
        user=request.user, session=session_current(user=request.user)
    )
    examiners = User.objects.filter(role=Role.EXAMINER, academy_id=request.user.academy_id)
    if request.method == "POST":
        exam = request.POST.get("exam", "")
        chosen_examiner = request.POST.get("examiner", "")
        examiner_pk = key_from(chosen_examiner)
        examiner = None if examiner_pk is None else examiners.filter(pk=examiner_pk).first()
        group = list(in_group(candidates, request.POST.get("establishment", "")))
        if examiner is None or not group:
            messages.error(
                request, _("Choisissez un examinateur et un groupe qui passe l'épreuve.")
            )
        else:
            try:
                n = examiners_assign(
                    examiner=examiner, exam=exam, candidates=group, actor=request.user
                )
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(
                    request,
                    _("%(n)s candidat(s) confié(s) à %(who)s pour %(exam)s.")
                    % {"n": n, "who": examiner, "exam": exam},
                )
        return redirect("examiner_assignments")
    summary = (
        ExaminerAssignment.objects.filter(candidate__in=candidates)
        .values("examiner__username", "examiner__first_name", "examiner__last_name", "exam")
        .annotate(n=Count("id"))
        .order_by("examiner__username", "exam")
    )
    return render(
        request,
        "grading/assignments.html",
        {
            "title": _("Examinateurs"),
            "session": session_current(user=request.user),
            "examiners": examiners,
            "establishments": establishments_of(candidates),
            "exams": catalogue().entry_codes,
            "summary": paginate(request, summary),
        },
    )
