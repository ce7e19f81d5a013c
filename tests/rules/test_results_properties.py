"""Invariants of the results engine (hypothesis)."""

from decimal import Decimal
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from ndrc.cli.deliberate import summary
from ndrc.rules.candidate import CandidateProfile, DiplomaHeld
from ndrc.rules.candidate_category import EstablishmentStatus, Habilitation, Route
from ndrc.rules.grades import Grade, GradeState
from ndrc.rules.results import Decision, ResultInput, deliberate

COMPULSORY = ("E1", "E2", "E3", "E4", "E5W", "E5P", "E6")
RANK = {
    Decision.FAILED: 0,
    Decision.FAILED_AFTER_RESIT: 0,
    Decision.RESIT_ELIGIBLE: 1,
    Decision.ADMITTED_AFTER_RESIT: 2,
    Decision.ADMITTED: 3,
}

grade_values = st.integers(min_value=0, max_value=2000).map(lambda c: Decimal(c) / 100)
sessions = st.sampled_from([2021, 2023, 2024, 2025, 2027])


def profile(ef1: bool = False, exempt_u1: bool = False) -> CandidateProfile:
    return CandidateProfile(
        route=Route.CONTINUING_EDUCATION,
        establishment_status=EstablishmentStatus.PUBLIC,
        habilitation=Habilitation.CCF,
        lv1="anglais",
        ef1_language="espagnol" if ef1 else "",
        diplomas=(DiplomaHeld(kind="dut"),) if exempt_u1 else (),
        exemption_requests=("U1",) if exempt_u1 else (),
    )


def run(values: dict[str, Decimal], session: int, **kwargs) -> object:
    grades = {code: Grade(GradeState.GRADE, value) for code, value in values.items()}
    candidate = kwargs.pop("candidate", profile())
    return deliberate(ResultInput(candidate=candidate, session=session, grades=grades, **kwargs))


@settings(max_examples=150)
@given(
    values=st.fixed_dictionaries({c: grade_values for c in COMPULSORY}),
    session=sessions,
    which=st.sampled_from(COMPULSORY),
    raise_by=grade_values,
)
def test_raising_one_grade_never_worsens_the_decision(values, session, which, raise_by):
    before = run(values, session)
    raised = dict(values, **{which: min(Decimal(20), values[which] + raise_by)})
    after = run(raised, session)
    assert RANK[after.decision] >= RANK[before.decision]
    assert after.average >= before.average


@settings(max_examples=100)
@given(
    values=st.fixed_dictionaries({c: grade_values for c in COMPULSORY}),
    session=sessions,
    other=grade_values,
)
def test_an_exempted_unit_grade_has_no_influence(values, session, other):
    candidate = profile(exempt_u1=True)
    first = run(values, session, candidate=candidate)
    second = run(dict(values, E1=other), session, candidate=candidate)
    assert first.decision is second.decision
    assert first.average == second.average
    assert first.divisor == second.divisor == 18


@settings(max_examples=100)
@given(
    values=st.fixed_dictionaries({c: grade_values for c in COMPULSORY}),
    session=sessions,
    ef1=grade_values,
)
def test_optional_units_never_lower_the_average(values, session, ef1):
    without = run(values, session)
    with_optional = run(dict(values, EF1=ef1), session, candidate=profile(ef1=True))
    assert with_optional.average >= without.average
    assert RANK[with_optional.decision] >= RANK[without.decision]


@settings(max_examples=100)
@given(
    values=st.fixed_dictionaries({c: grade_values for c in (*COMPULSORY, "EF1")}),
    session=sessions,
)
def test_the_average_stays_within_0_and_20(values, session):
    result = run(values, session, candidate=profile(ef1=True))
    assert Fraction(0) <= result.average <= Fraction(20)


@settings(max_examples=30)
@given(
    batch=st.lists(
        st.fixed_dictionaries({c: grade_values for c in COMPULSORY}), min_size=2, max_size=8
    ),
    seed=st.randoms(),
)
def test_the_order_of_candidates_changes_nothing(batch, seed):
    inputs = [
        ResultInput(
            candidate=CandidateProfile(
                route=Route.PROFESSIONAL_EXPERIENCE, lv1="anglais", identifier=f"C{i}"
            ),
            session=2025,
            grades={c: Grade(GradeState.GRADE, v) for c, v in values.items()},
        )
        for i, values in enumerate(batch)
    ]
    shuffled = list(inputs)
    seed.shuffle(shuffled)
    first = {r.candidate.identifier: r.to_dict() for r in map(deliberate, inputs)}
    second_results = [deliberate(i) for i in shuffled]
    second = {r.candidate.identifier: r.to_dict() for r in second_results}
    assert first == second
    assert summary([deliberate(i) for i in inputs]) == summary(second_results)
