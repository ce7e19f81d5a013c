"""Grade entry for a class, on one keyboard-friendly page, with no lost update."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from ndrc.web.accounts.decorators import requires
from ndrc.web.accounts.roles import Permission
from ndrc.web.exams import selectors
from ndrc.web.exams.grade_entry import ENTRY_EXAMS, entry_rows, grades_enter
from ndrc.web.exams.models import Candidate, Establishment


@requires(Permission.ENTER_GRADES)
def grade_entry(request: HttpRequest) -> HttpResponse:
    session = selectors.session_current()
    exam = request.GET.get("epreuve", "E1")
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
