"""The exam office's deliberation view: every candidate's proposed decision, with its
explanation. Decisions are computed by the rules core from the grades in the database."""

from __future__ import annotations

from collections import Counter

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from ndrc.rules.fast_decision import decide_all
from ndrc.rules.results import Decision, deliberate, format_average
from ndrc.web.accounts.decorators import requires
from ndrc.web.accounts.roles import Permission
from ndrc.web.exams import selectors
from ndrc.web.exams.grades import result_inputs
from ndrc.web.exams.models import Candidate

FINAL = (
    Decision.ADMITTED,
    Decision.ADMITTED_AFTER_RESIT,
    Decision.FAILED,
    Decision.FAILED_AFTER_RESIT,
    Decision.NOT_DELIVERABLE,
)


@requires(Permission.DELIBERATE)
def deliberation(request: HttpRequest) -> HttpResponse:
    session = selectors.session_current()
    rows = []
    counts: Counter[Decision] = Counter()
    if session is not None:
        candidates = selectors.candidates_visible_to(user=request.user, session=session)
        listed = list(candidates.select_related("establishment", "session"))
        decided = decide_all(result_inputs(candidates))
        for candidate, d in zip(listed, decided, strict=True):
            counts[d.decision] += 1
            rows.append(
                {
                    "candidate": candidate,
                    "decision": d.decision,
                    "average": "—" if d.average is None else format_average(d.average),
                }
            )
    final = sum(counts[d] for d in FINAL)
    admitted = counts[Decision.ADMITTED] + counts[Decision.ADMITTED_AFTER_RESIT]
    return render(
        request,
        "deliberation/list.html",
        {
            "title": _("Délibération"),
            "session": session,
            "rows": rows,
            "counts": [(d, counts[d]) for d in Decision if counts[d]],
            "pass_rate": None if not final else f"{100 * admitted / final:.1f}".replace(".", ","),
        },
    )


@requires(Permission.DELIBERATE)
def deliberation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    session = selectors.session_current()
    visible = (
        selectors.candidates_visible_to(user=request.user, session=session)
        if session
        else Candidate.objects.none()
    )
    candidate = get_object_or_404(visible, pk=pk)
    result = deliberate(result_inputs(Candidate.objects.filter(pk=candidate.pk))[0])
    return render(
        request,
        "deliberation/detail.html",
        {"title": _("Délibération"), "candidate": candidate, "result": result},
    )
