"""``decide`` gives the same decision and average as ``deliberate`` for every input: one
decision ladder serves both (there is no fallback)."""

import gc
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
from benchmarks.session_generator import generate_session
from hypothesis import given, settings
from hypothesis import strategies as st

import ndrc.rules
from ndrc.rules.candidate import CandidateProfile, DiplomaHeld
from ndrc.rules.candidate_category import EstablishmentStatus, Habilitation, Route
from ndrc.rules.errors import NoRuleInForce
from ndrc.rules.exam_plan import cached_exam_plan
from ndrc.rules.grades import CarriedOver, Grade, GradeState
from ndrc.rules.results import (
    AssessmentForm,
    JuryChange,
    ResultInput,
    decide,
    decide_all,
    deliberate,
    deliberate_all,
)

CODES = ("E1", "E2", "E3", "E4", "E5", "E5W", "E5P", "E6", "EF1", "EF2")
values = st.one_of(
    st.integers(min_value=0, max_value=2000).map(lambda c: Decimal(c) / 100),
    st.sampled_from([Decimal(10), Decimal(8), Decimal("9.99"), Decimal("10.01")]),
)


@st.composite
def grades(draw):
    state = draw(st.sampled_from(list(GradeState)))
    if state is GradeState.GRADE:
        return Grade(state, draw(values))
    if state is GradeState.CARRIED_OVER:
        return Grade(
            state,
            draw(values),
            carried=CarriedOver(session=draw(st.integers(min_value=2015, max_value=2030))),
        )
    return Grade(state)


@st.composite
def inputs(draw):
    route = draw(st.sampled_from(list(Route)))
    candidate = CandidateProfile(
        route=route,
        establishment_status=draw(st.sampled_from(list(EstablishmentStatus))),
        habilitation=draw(st.sampled_from(list(Habilitation))),
        lv1="anglais",
        ef1_language=draw(st.sampled_from(["", "espagnol", "anglais"])),
        ef2=draw(st.booleans()),
        diplomas=(DiplomaHeld(kind="dut"),),
        exemption_requests=tuple(draw(st.lists(st.sampled_from(["U1", "U2"]), unique=True))),
    )
    chosen = draw(st.lists(st.sampled_from(CODES), unique=True, min_size=4))
    graded = {code: draw(grades()) for code in chosen}
    mostly_numeric = {
        code: Grade(GradeState.GRADE, draw(values))
        for code in ("E1", "E2", "E3", "E4", "E5W", "E5P", "E6")
    }
    use_numeric = draw(st.booleans())
    return ResultInput(
        candidate=candidate,
        session=draw(st.integers(min_value=2020, max_value=2030)),
        grades={**mostly_numeric, **graded} if use_numeric else graded,
        assessment=draw(st.sampled_from(list(AssessmentForm))),
        vae_units=tuple(draw(st.lists(st.sampled_from(["U2", "U4", "U6", "UF1"]), unique=True))),
        jury_changes=(
            (JuryChange("E1", Decimal(12), "jury", "2025-07-01", "motif"),)
            if draw(st.booleans()) and draw(st.booleans())
            else ()
        ),
    )


@settings(max_examples=600)
@given(data=inputs())
def test_decide_agrees_with_deliberate(data):
    decided = decide(data)
    fast = (decided.decision, decided.average)
    full = deliberate(data)
    assert fast == (full.decision, full.average), full.explanation_fr()


def test_decide_agrees_with_deliberate_on_a_generated_session():
    session = generate_session(3000, seed=7)
    answered = 0
    for data in session:
        decided = decide(data)
        fast = (decided.decision, decided.average)
        answered += 1
        full = deliberate(data)
        assert fast == (full.decision, full.average)
    assert answered > 2000
    decided = decide_all(session[:50])
    assert [d.decision for d in decided] == [deliberate(d).decision for d in session[:50]]
    assert decided[0].result().steps


def test_plan_caches_stay_right_across_many_distinct_candidates():
    """Regression: a cache keyed by object identity gave other plans' specs after eviction."""
    inputs = []
    for i in range(9000):
        exempted = i % 2 == 0
        inputs.append(
            ResultInput(
                candidate=CandidateProfile(
                    route=Route.CONTINUING_EDUCATION,
                    establishment_status=EstablishmentStatus.PUBLIC,
                    habilitation=Habilitation.CCF,
                    lv1="anglais",
                    diplomas=(DiplomaHeld(kind="dut" if exempted else "licence", title=f"D{i}"),),
                    exemption_requests=("U1", "U2") if exempted else (),
                ),
                session=2025,
                grades={
                    **{c: Grade(GradeState.GRADE, Decimal(4)) for c in ("E1", "E2", "E3")},
                    "E4": Grade(GradeState.GRADE, Decimal(14)),
                    **{c: Grade(GradeState.GRADE, Decimal(12)) for c in ("E5W", "E5P", "E6")},
                },
            )
        )
    decided = decide_all(inputs)
    for data, d in zip(inputs[::97], decided[::97], strict=True):
        full = deliberate(data)
        assert (d.decision, d.average) == (full.decision, full.average)


def test_the_engine_leaves_the_garbage_collector_alone():
    """A web process calls the engine: it must never switch the collector off."""
    session = generate_session(200, seed=3)
    assert gc.isenabled()
    decide_all(session)
    deliberate_all(session)
    assert gc.isenabled()
    rules = Path(ndrc.rules.__file__).parent
    for path in rules.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for call in ("gc.disable", "gc.enable", "gc.freeze"):
            assert call not in text, (path, call)


def test_one_plan_per_category_whoever_the_candidate_is():
    school = CandidateProfile(
        route=Route.SCHOOL,
        establishment_status=EstablishmentStatus.PUBLIC,
        habilitation=Habilitation.CCF,
        lv1="anglais",
    )
    first = replace(school, identifier="A", name="Ann")
    second = replace(school, identifier="B", name="Bob")
    other = replace(school, ef1_language="espagnol")
    plan = cached_exam_plan(first, 2025)
    assert cached_exam_plan(second, 2025) is plan
    assert plan.candidate.identifier == plan.candidate.name == ""
    assert cached_exam_plan(other, 2025) is not plan
    assert "EF1" in [p.code for p in cached_exam_plan(other, 2025).exams]
    assert cached_exam_plan(first, 2022) is not plan


@pytest.mark.parametrize("value", [Decimal(5), Decimal(9)])
def test_resit_orals_forced_on_a_session_without_their_parameters_is_an_error(value):
    """Below the pass mark, the resit parameters are read even under the fail threshold: a
    session that has none is an error on both paths, never a silent default."""
    data = ResultInput(
        candidate=CandidateProfile(route=Route.PROFESSIONAL_EXPERIENCE, lv1="anglais"),
        session=2024,
        grades={
            c: Grade(GradeState.GRADE, value) for c in ("E1", "E2", "E3", "E4", "E5W", "E5P", "E6")
        },
        overrides={"resit_orals": "true"},
    )
    with pytest.raises(NoRuleInForce, match="2024"):
        deliberate(data)
    with pytest.raises(NoRuleInForce, match="2024"):
        decide(data)
