"""Public pages of the regulation: the référentiel, the règlement of a session, the plan form."""

from __future__ import annotations

import datetime as dt

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from ndrc.rules.candidate import candidate_from_dict
from ndrc.rules.errors import InvalidCandidate, RegulationError
from ndrc.rules.exam_plan import exam_plan
from ndrc.rules.referential import referential
from ndrc.rules.regulation import regulation_for_session
from ndrc.rules.units import timetable, units
from ndrc.web.sessions.selectors import session_current
from ndrc.web.texts.forms import PlanForm


def referential_index(request: HttpRequest) -> HttpResponse:
    modules, total, timetable_citation = timetable()
    return render(
        request,
        "texts/referential_index.html",
        {
            "title": _("Référentiel"),
            "ref": referential(),
            "units": units(),
            "modules": modules,
            "total": total,
            "timetable_citation": timetable_citation,
        },
    )


def referential_block(request: HttpRequest, number: int) -> HttpResponse:
    ref = referential()
    try:
        block = ref.block(number)
    except KeyError:
        raise Http404 from None
    pole = next(p for p in ref.activity_poles if p.number == block.activity_pole)
    return render(
        request,
        "texts/referential_block.html",
        {"title": f"Bloc {block.number}", "competence_block": block, "pole": pole, "ref": ref},
    )


def reglement_current(request: HttpRequest) -> HttpResponse:
    """The règlement of the session in progress (without one, of this year's session)."""
    session = session_current(user=request.user)
    return redirect("reglement", year=session.year if session else dt.date.today().year)


def reglement(request: HttpRequest, year: int) -> HttpResponse:
    if "annee" in request.GET:
        try:
            return redirect("reglement", year=int(request.GET["annee"]))
        except ValueError:
            pass
    try:
        regulation = regulation_for_session(year)
    except RegulationError as error:
        return render(
            request,
            "texts/reglement_missing.html",
            {"title": _("Règlement d'examen"), "year": year, "error": str(error)},
            status=404,
        )
    exams = regulation.exams_for(year)
    rows = [
        {"exam": exam, "cells": [exam.cells[c.number] for c in regulation.columns]}
        for exam in exams
    ]
    return render(
        request,
        "texts/reglement.html",
        {
            "title": _("Règlement d'examen %(year)s") % {"year": year},
            "year": year,
            "regulation": regulation,
            "rows": rows,
            "exams": exams,
        },
    )


def plan_form(request: HttpRequest) -> HttpResponse:
    session = session_current(user=request.user)
    form = PlanForm(
        request.GET or None,
        initial={"session": session.year if session else dt.date.today().year},
    )
    plan = None
    error = ""
    if form.is_bound and form.is_valid():
        try:
            plan = exam_plan(
                candidate_from_dict(form.candidate_data()), form.cleaned_data["session"]
            )
        except InvalidCandidate as exc:
            error = str(exc)
    return render(
        request,
        "texts/plan.html",
        {"title": _("Plan d'épreuves"), "form": form, "plan": plan, "error": error},
    )
