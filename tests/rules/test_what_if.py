"""What-if (DEC D126, D127): every answer is the engine's own, exact on the grade scale: the
grade needed meets the goal and the grade one step lower does not; « reached » holds at 0,
« impossible » fails at 20. Checked against ``deliberate`` itself, not the search's cache."""

import json
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from ndrc.rules.candidate import CandidateProfile, DiplomaHeld
from ndrc.rules.candidate_category import EstablishmentStatus, Habilitation, Route
from ndrc.rules.catalogue import catalogue
from ndrc.rules.grades import Grade, GradeState
from ndrc.rules.results import Decision, ResultInput, deliberate
from ndrc.rules.results.what_if import Goal, Others, Status, open_exams, what_if

ENTRY = ("E1", "E2", "E3", "E4", "E5W", "E5P", "E6", "EF1", "EF2")
QUANTUM = catalogue().grade_quantum
TOP = catalogue().max_grade
grade_values = st.integers(min_value=0, max_value=2000).map(lambda c: Decimal(c) / 100)


def profile(*, ef1: bool = False, ef2: bool = False, exempt_u1: bool = False) -> CandidateProfile:
    return CandidateProfile(
        route=Route.CONTINUING_EDUCATION,
        establishment_status=EstablishmentStatus.PUBLIC,
        habilitation=Habilitation.CCF,
        lv1="anglais",
        ef1_language="espagnol" if ef1 else "",
        ef2=ef2,
        diplomas=(DiplomaHeld(kind="dut"),) if exempt_u1 else (),
        exemption_requests=("U1",) if exempt_u1 else (),
    )


def graded(values: dict[str, Decimal]) -> dict[str, Grade]:
    return {code: Grade(GradeState.GRADE, value) for code, value in values.items()}


def at(data: ResultInput, answer, step_grade: Decimal) -> ResultInput:
    """The input with the answer's slots at ``step_grade`` and the rest as the answer says,
    built here (not by the search)."""
    rest = Decimal(0) if answer.others is Others.WORST else TOP
    values = {code: step_grade for code in answer.slots}
    values |= {code: rest for code in answer.rest}
    return ResultInput(
        candidate=data.candidate,
        session=data.session,
        grades={**data.grades, **graded(values)},
        assessment=data.assessment,
    )


def meets(goal: Goal, result, unit: str | None) -> bool:
    if goal is Goal.ADMITTED:
        return result.decision.is_admitted
    if goal is Goal.RESIT:
        return result.decision in (
            Decision.ADMITTED,
            Decision.RESIT_ELIGIBLE,
            Decision.ADMITTED_AFTER_RESIT,
            Decision.FAILED_AFTER_RESIT,
        )
    return unit in {k.unit for k in result.units_awarded}


@st.composite
def inputs(draw):
    candidate = profile(
        ef1=draw(st.booleans()), ef2=draw(st.booleans()), exempt_u1=draw(st.booleans())
    )
    known = draw(st.lists(st.sampled_from(ENTRY), unique=True, max_size=6))
    values = {code: draw(grade_values) for code in known}
    return ResultInput(
        candidate=candidate,
        session=draw(st.sampled_from([2023, 2024, 2025, 2026])),
        grades=graded(values),
    )


def check(data: ResultInput, answer) -> None:
    goal, unit = answer.goal, answer.unit
    if answer.status is Status.NOT_APPLICABLE:
        assert goal is Goal.RESIT and data.session < 2025
        return
    if answer.status is Status.REACHED:
        assert meets(goal, deliberate(at(data, answer, Decimal(0))), unit)
    elif answer.status is Status.NEEDED:
        grade = answer.grade
        assert grade == grade.quantize(QUANTUM) and Decimal(0) < grade <= TOP
        assert meets(goal, deliberate(at(data, answer, grade)), unit), answer.text_fr()
        assert not meets(goal, deliberate(at(data, answer, grade - QUANTUM)), unit)
    else:
        assert answer.grade is None
        result = deliberate(at(data, answer, TOP))
        assert not meets(goal, result, unit)
        blocked = result.decision in (Decision.PENDING, Decision.NOT_DELIVERABLE)
        assert (answer.status is Status.BLOCKED) == (blocked and goal is not Goal.UNIT)


@settings(max_examples=60, deadline=None)
@given(data=inputs())
def test_every_answer_is_exact_on_the_scale(data):
    found = what_if(data)
    assert found.exams == open_exams(data)
    assert bool(found.together) == (len(found.exams) > 1)
    for answer in found.together:
        check(data, answer)
    for code, answers in found.alone.items():
        bounds = (Others.WORST, Others.BEST) if len(found.exams) > 1 else (Others.WORST,)
        assert {(a.goal, a.others) for a in answers} == {(g, o) for g in Goal for o in bounds}
        for answer in answers:
            assert answer.slots == (code,)
            check(data, answer)
    json.dumps(found.to_dict())


@settings(max_examples=40, deadline=None)
@given(values=st.fixed_dictionaries({c: grade_values for c in ENTRY[:7]}))
def test_resit_choices_are_exact(values):
    """A candidate admissible to the resit orals: each pair of units, the resit grades
    needed to be admitted (the same at both, or one with the other at 0 or 20)."""
    data = ResultInput(candidate=profile(), session=2025, grades=graded(values))
    found = what_if(data)
    if deliberate(data).decision is not Decision.RESIT_ELIGIBLE:
        assert found.resit_choices == ()
        return
    assert [c.units for c in found.resit_choices] == [("U1", "U2"), ("U1", "U3"), ("U2", "U3")]
    for choice in found.resit_choices:
        for answer in (choice.together, *choice.alone):
            rest = Decimal(0) if answer.others is Others.WORST else TOP

            def resit(grade, answer=answer, rest=rest):
                from ndrc.rules.results import ResitGrade

                sat = [ResitGrade(u, grade) for u in answer.slots]
                sat += [ResitGrade(u, rest) for u in answer.rest]
                return deliberate(
                    ResultInput(
                        candidate=data.candidate,
                        session=2025,
                        grades=data.grades,
                        resit_grades=tuple(sat),
                    )
                ).decision.is_admitted

            if answer.status is Status.NEEDED:
                assert resit(answer.grade) and not resit(answer.grade - QUANTUM)
            elif answer.status is Status.REACHED:
                assert resit(Decimal(0))
            else:
                assert answer.status is Status.IMPOSSIBLE and not resit(TOP)


def school(values: dict[str, str], session: int = 2025) -> ResultInput:
    return ResultInput(
        candidate=CandidateProfile(
            route=Route.SCHOOL,
            establishment_status=EstablishmentStatus.PUBLIC,
            habilitation=Habilitation.CCF,
            lv1="anglais",
        ),
        session=session,
        grades=graded({k: Decimal(v) for k, v in values.items()}),
    )


def answer(found, code: str, goal: Goal, others: Others):
    return next(a for a in found.alone[code] if a.goal is goal and a.others is others)


def test_needed_grade_at_the_last_epreuve_with_its_explanation():
    # E1–E5 at 10 except E4 at 9: points 3×10·3 + 9×5 + 10×4 = 175; 175 + 3g ≥ 210 → g ≥ 11,67.
    data = school({"E1": "10", "E2": "10", "E3": "10", "E4": "9", "E5W": "10", "E5P": "10"})
    found = what_if(data)
    assert found.exams == ("E6",)
    admitted = answer(found, "E6", Goal.ADMITTED, Others.WORST)
    assert admitted.status is Status.NEEDED and admitted.grade == Decimal("11.67")
    assert admitted.text_fr() == ("Pour être admis : au moins 11,67 en E6. Avec 11,66 : ajourné.")
    assert "Moyenne 10,00 ≥ 10,00 : admis. [Code de l'éducation, D643-22" in "\n".join(
        admitted.explanation()
    )
    written = admitted.to_dict()
    assert written["grade"] == "11.67" and written["citation"]["source"]
    assert [s["rule"] for s in written["explanation"]][-2:] == ["admitted", "units_awarded"]
    # Below, the professional units' average (9×5 + 10×4 + 3×11,66)/12 < 10: no resit orals.
    assert written["below_decision"] == "failed"
    resit = answer(found, "E6", Goal.RESIT, Others.WORST)
    # 175 + 3g ≥ 168 always; professional (9×5 + 10×4 + 3g)/12 ≥ 10 → g ≥ 11,67 too.
    assert resit.status is Status.NEEDED and resit.grade == Decimal("11.67")
    unit = answer(found, "E6", Goal.UNIT, Others.WORST)
    assert unit.unit == "U6" and unit.grade == Decimal(10)
    assert unit.text_fr().endswith("Avec 9,99 : l'unité U6 n'est pas acquise.")


def test_reached_and_impossible_are_answers():
    high = what_if(school({c: "16" for c in ("E1", "E2", "E3", "E4", "E5W", "E5P")}))
    assert answer(high, "E6", Goal.ADMITTED, Others.WORST).status is Status.REACHED
    assert (
        "quelle que soit la note en E6" in answer(high, "E6", Goal.ADMITTED, Others.WORST).text_fr()
    )
    low = what_if(school({c: "2" for c in ("E1", "E2", "E3", "E4", "E5W", "E5P")}))
    hopeless = answer(low, "E6", Goal.ADMITTED, Others.WORST)
    assert hopeless.status is Status.IMPOSSIBLE
    assert hopeless.text_fr() == (
        "Pour être admis : impossible même avec 20,00 en E6 : Moyenne 4,57 < 8,00 : ajourné, "
        "sans épreuve de contrôle."
    )
    assert any(line.startswith("Moyenne générale") for line in hopeless.explanation())


def test_no_resit_goal_before_2025():
    found = what_if(school({"E1": "10"}, session=2024))
    resit = answer(found, "E2", Goal.RESIT, Others.WORST)
    assert resit.status is Status.NOT_APPLICABLE
    assert resit.text_fr() == "Pas d'épreuve de contrôle à la session 2024."


def test_a_blocked_decision_is_said_with_its_reason():
    data = school({"E1": "12"})
    data = ResultInput(
        candidate=data.candidate,
        session=2025,
        grades={**data.grades, "E4": Grade(GradeState.NOT_VALID)},
    )
    found = what_if(data)
    assert "E4" not in found.exams
    blocked = answer(found, "E6", Goal.ADMITTED, Others.BEST)
    assert blocked.status is Status.BLOCKED
    assert "E4 : NV" in blocked.text_fr()


def test_together_the_same_grade_at_every_open_epreuve():
    data = school({"E1": "8", "E2": "8", "E3": "8"})
    found = what_if(data)
    together = {(a.goal, a.unit): a for a in found.together}
    admitted = together[(Goal.ADMITTED, None)]
    # 8 × 9 + g × 12 ≥ 10 × 21 → g ≥ 11,5.
    assert admitted.grade == Decimal("11.50") and admitted.slots == ("E4", "E5W", "E5P", "E6")
    assert "E4, E5W, E5P et E6 (la même note à chacune)" in admitted.text_fr()
    assert together[(Goal.UNIT, "U5")].grade == Decimal(10)


def test_an_epreuve_whose_dossier_is_not_valid_is_not_to_sit():
    from ndrc.rules.conformity import DossierOutcome, Outcome

    data = school({"E1": "12"})
    outcome = DossierOutcome(exam="E4", outcome=Outcome.NOT_VALID, nv_causes=("absence de dépôt",))
    data = ResultInput(
        candidate=data.candidate, session=2025, grades=data.grades, conformity=(outcome,)
    )
    found = what_if(data)
    assert "E4" not in found.exams and "E6" in found.exams
    assert answer(found, "E6", Goal.ADMITTED, Others.BEST).status is Status.BLOCKED
