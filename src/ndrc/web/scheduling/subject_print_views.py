"""The loge's print of a commission's half-day (issue « 12 · Evaluation », on the schedule of
« 11 · The exam days »): each candidate in loge order with the loge time, and the subject
handed over there, the E4 fiche-sujet (the activity chosen, the parameters changed, the roles
of the simulation: A2023 annexe II, E4 §4.2.1 « Préparation en loge ») or the E5 practical
subject (C2022 §1.12); one candidate per printed page. The exam office may share out the
E5 subjects of a commission's candidates from it (« Répartir »). The exam office of the
commission's académie and the commission's members open it; nobody else (404)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from ndrc.rules.subjects import practical_exam, sheet_exam
from ndrc.web.accounts.decorators import requires
from ndrc.web.accounts.roles import Permission, Role
from ndrc.web.grading.subject_selectors import nature_label, practical_of, sheets_of
from ndrc.web.grading.subject_services import practical_share
from ndrc.web.scheduling.models import Commission, Schedule, Sitting


def _commission(user: Any, pk: int) -> Commission:
    """The commission, if this user may print its subjects: the exam office of its
    académie, one of its members in an applied schedule."""
    commissions = Commission.objects.select_related(
        "centre", "room", "schedule__session", "schedule__academy"
    )
    if user.role == Role.EXAM_OFFICE:
        found = commissions.filter(pk=pk, schedule__academy_id=user.academy_id).first()
    elif user.role == Role.EXAMINER:
        found = (
            commissions.filter(
                Q(pk=pk) & Q(members__user=user) & Q(schedule__status=Schedule.APPLIED)
            )
            .distinct()
            .first()
        )
    else:
        found = None
    if found is None:
        raise Http404
    return found


@requires(Permission.PRINT_SUBJECTS)
def commission_subjects(request: HttpRequest, pk: int) -> HttpResponse:
    """The commission's candidates in loge order, each with the loge time and the subject
    handed over: printable for the loge."""
    user: Any = request.user
    commission = _commission(user, pk)
    sittings = list(
        Sitting.objects.filter(commission=commission)
        .select_related("candidate")
        .order_by("loge_start", "start", "candidate__number")
    )
    candidates = [s.candidate for s in sittings]
    office = user.role == Role.EXAM_OFFICE
    if request.method == "POST":
        if not office or request.POST.get("action") != "share":
            raise Http404
        try:
            shared = practical_share(
                user=user,
                session=commission.schedule.session,
                candidates=[s.candidate for s in sittings if s.exam == practical_exam()],
            )
        except ValidationError as error:
            for text in error.messages:
                messages.error(request, text)
        else:
            messages.success(
                request,
                _("%(n)s candidat(s) ont reçu un sujet, en alternant WordPress et PrestaShop.")
                % {"n": shared.given},
            )
            for line in shared.skipped[:20]:
                messages.info(request, line)
        return redirect("commission_subjects", pk=commission.pk)
    sheets = sheets_of(candidates)
    practicals = practical_of(candidates)
    rows = []
    for sitting in sittings:
        sheet = sheets.get(sitting.candidate_id) if sitting.exam == sheet_exam() else None
        rows.append(
            {
                "sitting": sitting,
                "sheet": sheet,
                # The activity as it was when the fiche-sujet was written.
                "activity": nature_label(sheet.nature) if sheet is not None else "",
                "practical": practicals.get(sitting.candidate_id)
                if sitting.exam == practical_exam()
                else None,
            }
        )
    members = list(commission.members.order_by("last_name", "first_name"))
    return render(
        request,
        "scheduling/subjects/commission.html",
        {
            "commission": commission,
            "members": members,
            "rows": rows,
            "office": office,
            "sheet_exam": sheet_exam(),
            "practical_exam": practical_exam(),
            "missing": sum(
                1
                for r in rows
                if (
                    r["sitting"].exam == sheet_exam()
                    and (r["sheet"] is None or not r["sheet"].is_final)
                )
                or (r["sitting"].exam == practical_exam() and r["practical"] is None)
            ),
        },
    )
