"""Grade entry for a class, on one keyboard-friendly page, with no lost update."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from ndrc.web.accounts.decorators import requires
from ndrc.web.accounts.models import User
from ndrc.web.accounts.roles import Permission, Role
from ndrc.web.exams import selectors
from ndrc.web.exams.grade_entry import ENTRY_EXAMS, entry_rows, grades_enter, sits
from ndrc.web.exams.models import Candidate, Establishment, ExaminerAssignment
from ndrc.web.exams.services import examiners_assign


def _default_exam(user: object) -> str:
    """An examiner starts on the first épreuve entrusted to him or her; others on E1."""
    if getattr(user, "role", "") == Role.EXAMINER:
        first = ExaminerAssignment.objects.filter(examiner=user).order_by("exam").first()
        if first is not None:
            return first.exam
    return "E1"


@requires(Permission.ENTER_GRADES)
def grade_entry(request: HttpRequest) -> HttpResponse:
    session = selectors.session_current()
    exam = request.GET.get("epreuve") or _default_exam(request.user)
    if exam not in ENTRY_EXAMS:
        exam = "E1"
    candidates = (
        selectors.candidates_visible_to(user=request.user, session=session)
        if session
        else Candidate.objects.none()
    )
    establishments = Establishment.objects.filter(
        pk__in=candidates.values("establishment")
    ).order_by("name")
    chosen = request.GET.get("etablissement", "")
    if chosen.isdigit():
        candidates = candidates.filter(establishment_id=int(chosen))
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
    rows = entry_rows(user=request.user, candidates=candidates, exam=exam)
    if outcome is not None:
        for row in rows:
            pk = row.candidate.pk
            row.error = outcome.errors.get(pk, "")
            row.conflict = outcome.conflicts.get(pk, "")
            if row.error:
                row.text = outcome.typed[pk]
    return render(
        request,
        "grades/entry.html",
        {
            "title": _("Saisie des notes"),
            "session": session,
            "exam": exam,
            "exams": ENTRY_EXAMS,
            "establishments": establishments,
            "chosen": chosen,
            "rows": rows,
        },
    )


@requires(Permission.ASSIGN_EXAMINERS)
def examiner_assignments(request: HttpRequest) -> HttpResponse:
    """Entrust an épreuve to an examiner for the candidates of an establishment (or those by
    professional experience) who sit it; the list of current assignments."""
    session = selectors.session_current()
    candidates = (
        selectors.candidates_visible_to(user=request.user, session=session)
        if session
        else Candidate.objects.none()
    )
    examiners = User.objects.filter(role=Role.EXAMINER, academy_id=request.user.academy_id)
    establishments = Establishment.objects.filter(
        pk__in=candidates.values("establishment")
    ).order_by("name")
    if request.method == "POST":
        exam = request.POST.get("exam", "")
        examiner = examiners.filter(pk=request.POST.get("examiner") or 0).first()
        chosen = request.POST.get("establishment", "")
        group = (
            candidates.filter(establishment__isnull=True)
            if chosen == "none"
            else candidates.filter(establishment_id=int(chosen) if chosen.isdigit() else 0)
        )
        sitting = [c for c in group if exam in ENTRY_EXAMS and sits(c, exam)]
        if examiner is None or not sitting:
            messages.error(
                request, _("Choisissez un examinateur et un groupe qui passe l'épreuve.")
            )
        else:
            try:
                n = examiners_assign(
                    examiner=examiner, exam=exam, candidates=sitting, actor=request.user
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
        "grades/assignments.html",
        {
            "title": _("Examinateurs"),
            "session": session,
            "examiners": examiners,
            "establishments": establishments,
            "exams": ENTRY_EXAMS,
            "summary": summary,
        },
    )
