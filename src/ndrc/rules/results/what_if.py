"""What-if: the grade needed at each épreuve still to sit, for each goal, computed by the
results engine itself (``deliberate``: no second copy of the rules, no average computed here).

A goal is met or not by the engine's result: admitted (CE D643-22), at least admissible to
the resit orals (from the sessions that have them, CE D643-15 and D643-22), or the unit of the
épreuve awarded (a grade from the award threshold up, CE D643-15). The engine's decision and
awards never worsen when a grade rises (``tests/rules/test_results_properties.py``), so the
smallest grade of the scale that meets a goal is found by bisection on the scale's steps
(``catalogue().grade_quantum``, 0,01 on 20): an exact grade of the scale, never a float; the
answer meets the goal and the grade one step lower does not (``tests/rules/test_what_if.py``).

The épreuves still to sit (the open ones) are those of the plan with no grade in the input
(an épreuve graded in parts: each part with none). One open épreuve varies « alone », the other
open ones at the bottom of the scale (``Others.WORST``: the grade that suffices whatever they
get) or at its top (``Others.BEST``: below it the goal is out of reach whatever they get);
« together », every open épreuve gets the same grade (``Others.SAME``). DEC D126.

A candidate admissible to the resit orals (no open épreuve left): each choice of units
(``resit_units``, as many as the session's resit orals) with the resit grades needed to be
admitted, the same at each, or one varying with the other at the bottom or the top (DEC D127).

Each answer carries the engine's result at the answer (its explanation, cited, in French and
as JSON) and, for a grade needed, the result one step lower.
"""

from __future__ import annotations

from decimal import Decimal
from itertools import combinations
from typing import Any

from ndrc.rules.citation import cite
from ndrc.rules.grades import format_grade
from ndrc.rules.results.decision import Decision
from ndrc.rules.results.inputs import ResultInput
from ndrc.rules.results.resit import resit_units
from ndrc.rules.results.result import Result
from ndrc.rules.results.trace import decimal_text, step_dict, step_line
from ndrc.rules.results.what_if_search import (
    BLOCKED,
    Goal,
    Others,
    Search,
    Status,
    meets,
    open_exams,
    smallest,
    unit_of,
)


class Answer:
    """The grade needed at some slots for a goal, the other open slots as said, with the
    engine's result at the answer (and one step lower when a grade is needed)."""

    __slots__ = ("_search", "_steps", "goal", "others", "rest", "slots", "status", "step", "unit")

    def __init__(
        self,
        search: Search,
        goal: Goal,
        slots: tuple[str, ...],
        rest: tuple[str, ...],
        others: Others,
        unit: str | None = None,
    ) -> None:
        self._search = search
        self.goal, self.slots, self.rest, self.others, self.unit = goal, slots, rest, others, unit
        top = search.scale.top
        fixed = tuple((code, 0 if others is Others.WORST else top) for code in rest)

        def steps_at(step: int) -> tuple[tuple[str, int], ...]:
            return tuple(sorted([*((code, step) for code in slots), *fixed]))

        self._steps = steps_at
        if goal is Goal.RESIT and not search.rules.has_resit_orals():
            self.status, self.step = Status.NOT_APPLICABLE, None
            return
        step = smallest(lambda s: meets(goal, search.result(steps_at(s)), unit), top)
        self.step = step
        if step == 0:
            self.status = Status.REACHED
        elif step is not None:
            self.status = Status.NEEDED
        elif goal is not Goal.UNIT and search.result(steps_at(top)).decision in BLOCKED:
            self.status = Status.BLOCKED
        else:
            self.status = Status.IMPOSSIBLE

    @property
    def grade(self) -> Decimal | None:
        """The grade needed (0 when reached whatever the grade), None when out of reach."""
        return None if self.step is None else self._search.scale.grade(self.step)

    @property
    def result(self) -> Result | None:
        """The engine's result at the answer (at the top of the scale when out of reach)."""
        if self.status is Status.NOT_APPLICABLE:
            return None
        step = self._search.scale.top if self.step is None else self.step
        return self._search.result(self._steps(step))

    @property
    def below(self) -> Result | None:
        """The engine's result one step below the grade needed (which misses the goal)."""
        if self.status is not Status.NEEDED or self.step is None:
            return None
        return self._search.result(self._steps(self.step - 1))

    def _at(self) -> str:
        scale = self._search.scale
        return decimal_text(scale.grade(0 if self.others is Others.WORST else scale.top))

    def citation(self) -> str:
        rules = self._search.rules
        if self.goal is Goal.ADMITTED:
            return rules.pass_mark_cite
        if self.goal is Goal.RESIT:
            return rules.resit_orals.citation.short
        return rules.award_cite

    def goal_fr(self) -> str:
        if self.goal is Goal.ADMITTED:
            return "être admis"
        if self.goal is Goal.RESIT:
            return "être au moins admissible aux épreuves de contrôle"
        threshold = format_grade(self._search.rules.award_threshold)
        return f"acquérir l'unité {self.unit} (note ≥ {threshold})"

    def others_fr(self) -> str:
        if self.others is Others.SAME and len(self.slots) > 1:
            return " (la même note à chacune)"
        if not self.rest:
            return ""
        scale = self._search.scale
        at = format_grade(scale.grade(0 if self.others is Others.WORST else scale.top))
        which = "à l'autre épreuve de contrôle" if self._search.resit else "aux autres épreuves"
        return f", avec {at} {which} ({_listed(self.rest)})"

    def text_fr(self) -> str:
        """The answer in one French sentence (the engine's explanation is ``explanation``)."""
        at = f"{_listed(self.slots)}{self.others_fr()}"
        status = self.status
        if status is Status.NOT_APPLICABLE:
            return f"Pas d'épreuve de contrôle à la session {self._search.data.session}."
        result = self.result
        assert result is not None
        goal = self.goal_fr()
        if status is Status.REACHED:
            return f"Pour {goal} : atteint quelle que soit la note en {at}."
        if status is Status.BLOCKED:
            return (
                f"Pour {goal} : hors d'atteinte quelle que soit la note en {at} — "
                f"{result.decision.label_fr.lower()} : {decisive(result)}"
            )
        top = format_grade(self._search.rules.max_grade)
        if status is Status.IMPOSSIBLE:
            return f"Pour {goal} : impossible même avec {top} en {at} : {decisive(result)}"
        below = self.below
        assert below is not None and self.grade is not None and self.step is not None
        lower = format_grade(self._search.scale.grade(self.step - 1))
        missed = (
            f"l'unité {self.unit} n'est pas acquise"
            if self.goal is Goal.UNIT
            else below.decision.label_fr.lower()
        )
        return (
            f"Pour {goal} : au moins {format_grade(self.grade)} en {at}. Avec {lower} : {missed}."
        )

    def explanation(self) -> list[str]:
        """The engine's explanation at the answer, step by step, each with its citation."""
        result = self.result
        if result is None:
            return []
        return [step_line(r, t) for r, t in zip(result.records, result.texts(), strict=True)]

    def to_dict(self) -> dict[str, Any]:
        result, below = self.result, self.below
        citation = cite(self.citation())
        return {
            "goal": self.goal.value,
            "unit": self.unit,
            "slots": list(self.slots),
            "others": self.others.value,
            "others_at": None if self.others is Others.SAME or not self.rest else self._at(),
            "rest": list(self.rest),
            "status": self.status.value,
            "grade": None if self.grade is None else decimal_text(self.grade),
            "grade_display": None if self.grade is None else format_grade(self.grade),
            "text": self.text_fr(),
            "citation": citation.to_dict(),
            "decision": None if result is None else result.decision.value,
            "explanation": []
            if result is None
            else [
                step_dict(r, t, result) for r, t in zip(result.records, result.texts(), strict=True)
            ],
            "below_decision": None if below is None else below.decision.value,
        }


class ResitChoice:
    """One choice of units for the resit orals and the resit grades needed to be admitted."""

    __slots__ = ("alone", "together", "units")

    def __init__(self, search: Search, units: tuple[str, ...]) -> None:
        self.units = units
        admitted = Goal.ADMITTED
        self.together = Answer(search, admitted, units, (), Others.SAME)
        self.alone = tuple(
            Answer(search, admitted, (unit,), tuple(u for u in units if u != unit), others)
            for unit in units
            for others in (Others.WORST, Others.BEST)
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "units": list(self.units),
            "together": self.together.to_dict(),
            "alone": [a.to_dict() for a in self.alone],
        }


class WhatIf:
    """Everything the what-if says about one candidate's input."""

    __slots__ = ("alone", "baseline", "data", "exams", "resit_choices", "together")

    def __init__(self, data: ResultInput) -> None:
        self.data = data
        self.exams = open_exams(data)
        search = Search(data)
        # The decision as the input stands, the open épreuves without a grade.
        self.baseline = search.result(())
        exams = self.exams
        self.together: tuple[Answer, ...] = ()
        self.alone: dict[str, tuple[Answer, ...]] = {}
        self.resit_choices: tuple[ResitChoice, ...] = ()
        if exams:
            units = {code: unit_of(data, code) for code in exams}
            if len(exams) > 1:  # one open épreuve: « together » is « alone »
                self.together = (
                    Answer(search, Goal.ADMITTED, exams, (), Others.SAME),
                    Answer(search, Goal.RESIT, exams, (), Others.SAME),
                    *(
                        Answer(search, Goal.UNIT, exams, (), Others.SAME, unit)
                        for unit in dict.fromkeys(units.values())
                        if sum(1 for u in units.values() if u == unit) > 1
                    ),
                )
            # The others at the bottom and at the top of the scale; with no other open
            # épreuve, one answer.
            bounds = (Others.WORST, Others.BEST) if len(exams) > 1 else (Others.WORST,)
            for code in exams:
                rest = tuple(c for c in exams if c != code)
                self.alone[code] = tuple(
                    Answer(search, goal, (code,), rest, others, unit_of_goal(goal, units[code]))
                    for goal in Goal
                    for others in bounds
                )
        elif self.baseline.decision is Decision.RESIT_ELIGIBLE and not data.resit_grades:
            count = search.rules.resit().count
            resit = Search(data, resit=True)
            self.resit_choices = tuple(
                ResitChoice(resit, units)
                for units in combinations(resit_units(self.baseline, _overrides(data)), count)
            )

    def to_dict(self) -> dict[str, Any]:
        baseline = self.baseline
        return {
            "session": self.data.session,
            "open_exams": list(self.exams),
            "baseline": {
                "decision": baseline.decision.value,
                "decision_label": baseline.decision.label_fr,
            },
            "together": [a.to_dict() for a in self.together],
            "alone": {code: [a.to_dict() for a in answers] for code, answers in self.alone.items()},
            "resit_choices": [c.to_dict() for c in self.resit_choices],
        }


# The steps of the explanation that give the decision (the engine's, by their kind).
_DECIDING = frozenset(
    {
        "not_deliverable",
        "pending",
        "pending_after_resit",
        "admitted",
        "failed",
        "below_fail_threshold",
        "resit_not_eligible",
        "resit_declined",
        "resit_eligible",
        "average_after_resit",
    }
)


def decisive(result: Result) -> str:
    """The text of the step of the engine's explanation that gives the decision."""
    texts = result.texts()
    for record, text in zip(reversed(result.records), reversed(texts), strict=True):
        if record[0] in _DECIDING:
            return text
    return texts[-1] if texts else result.decision.label_fr


def unit_of_goal(goal: Goal, unit: str) -> str | None:
    return unit if goal is Goal.UNIT else None


def _listed(codes: tuple[str, ...]) -> str:
    """« E5W, E5P et E6 »."""
    return codes[0] if len(codes) == 1 else f"{', '.join(codes[:-1])} et {codes[-1]}"


def _overrides(data: ResultInput) -> tuple[tuple[str, str], ...]:
    return tuple(data.overrides.items()) if data.overrides else ()


def what_if(data: ResultInput) -> WhatIf:
    """The what-if of one candidate's input (DEC D126, D127)."""
    return WhatIf(data)


__all__ = ["Answer", "Goal", "Others", "ResitChoice", "Status", "WhatIf", "open_exams", "what_if"]
