"""The « Simulation » of a candidate (what-if, DEC D126–D128): from the grades the user may
see (``candidates.selectors.grades_shown_to``: a candidate those of his or her published
result, a training centre its CCF proposals, the exam office every grade) and the grades the
user supposes for the others, the grade needed at each épreuve still to sit, computed by the
results engine (``ndrc.rules.results.what_if``). Nothing is written; no other grade is read."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from ndrc.rules.errors import InvalidCandidate
from ndrc.rules.grades import Grade, GradeState, format_grade, parse_value
from ndrc.rules.results.what_if import Answer, Goal, Status, WhatIf, open_exams, what_if
from ndrc.web.candidates.models import Candidate
from ndrc.web.candidates.rules_inputs import plan_of, shown_result_input
from ndrc.web.candidates.selectors import GradeLine, grades_shown_to


@dataclass
class Supposed:
    """An épreuve still to sit, and the grade the user supposes for it (if any)."""

    code: str
    title: str
    typed: str = ""
    value: Decimal | None = None
    error: str = ""


@dataclass
class Simulation:
    candidate: Candidate
    shown: list[GradeLine]
    supposed: list[Supposed]
    found: WhatIf
    errors: list[str] = field(default_factory=list)

    @property
    def rows(self) -> list[dict[str, Any]]:
        """Each épreuve still to sit with no supposed grade: per goal, the grade needed with
        the other épreuves at 0 and at 20 (one grade when no other is left to sit)."""
        rows = []
        for code, answers in self.found.alone.items():
            cells = {}
            for goal in Goal:
                cells[goal.value] = [cell(a) for a in answers if a.goal is goal]
            rows.append({"code": code, "cells": cells, "answers": answers})
        return rows


def cell(answer: Answer) -> dict[str, Any]:
    """An answer as a short cell: the grade, or what stands for it."""
    status = answer.status
    if status is Status.NEEDED and answer.grade is not None:
        short = format_grade(answer.grade)
    else:
        short = ""
    return {"status": status.value, "grade": short}


def _titles(candidate: Candidate) -> dict[str, str]:
    """The title of each grade code of the plan (a part: its épreuve's title and its own)."""
    titles = {}
    for planned in plan_of(candidate).exams:
        titles[planned.code] = planned.exam.title
        for part in planned.parts:
            titles[part.code] = f"{planned.exam.title} — {part.title}"
    return titles


def simulation_for(*, user: Any, candidate: Candidate, typed: Mapping[str, str]) -> Simulation:
    """The simulation of a candidate for this user: the grades shown to the user, then the
    grades ``typed`` for the épreuves still to sit (« 12,5 » or « 12.5 »; others ignored)."""
    shown = grades_shown_to(user=user, candidate=candidate)
    base = shown_result_input(candidate, grades=shown)
    titles = _titles(candidate)
    supposed: list[Supposed] = []
    grades = dict(base.grades)
    errors = []
    for code in open_exams(base):
        raw = str(typed.get(code, ""))[:40].strip()
        line = Supposed(code=code, title=titles.get(code, ""), typed=raw)
        if raw:
            try:
                line.value = parse_value(raw, code)
            except InvalidCandidate as error:
                line.error = str(error)
                errors.append(line.error)
            else:
                grades[code] = Grade(GradeState.GRADE, line.value)
        supposed.append(line)
    found = what_if(replace(base, grades=grades))
    return Simulation(candidate, shown, supposed, found, errors)
