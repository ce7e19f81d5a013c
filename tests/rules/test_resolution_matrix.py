"""Every rule resolves for every session 2020-2030 × every candidate category × every épreuve."""

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ndrc.rules.candidate import CandidateProfile
from ndrc.rules.candidate_category import EstablishmentStatus, Habilitation, Route
from ndrc.rules.errors import AmbiguousRule, NoRuleInForce
from ndrc.rules.exam_plan import ExamStatus, exam_plan
from ndrc.rules.regulation import Form, Regulation, all_regulations, regulation_for_session

SESSIONS = range(2020, 2031)
CATEGORIES = [
    CandidateProfile(route=route, establishment_status=status, habilitation=habilitation)
    for route, status, habilitation in itertools.product(Route, EstablishmentStatus, Habilitation)
]


@pytest.mark.parametrize("session", SESSIONS)
def test_every_category_gets_every_exam_resolved(session):
    regulation = regulation_for_session(session)
    for category in CATEGORIES:
        profile = CandidateProfile(
            route=category.route,
            establishment_status=category.establishment_status,
            habilitation=category.habilitation,
            lv1="anglais",
            ef1_language="espagnol",
            ef2=regulation.has_exam("EF2", session),
        )
        plan = exam_plan(profile, session)
        assert plan.is_valid, (session, category, plan.errors)
        assert plan.column is not None and plan.column.column.number in (1, 2, 3)
        codes = [p.code for p in plan.exams]
        assert codes == [e.code for e in regulation.exams_for(session)]
        for planned in plan.exams:
            assert planned.status is ExamStatus.TO_SIT
            assert planned.form is not None
            assert planned.citations, planned.code
            if planned.form is Form.CCF:
                assert planned.situations
            elif planned.parts:
                assert sum(p.coefficient for p in planned.parts) == planned.exam.coefficient
            else:
                assert planned.duration and planned.modality is not None


def test_sessions_are_covered_once_with_no_gap_and_no_overlap():
    for session in range(2020, 2101):
        governing = [r.id for r in all_regulations() if r.governs(session)]
        assert len(governing) == 1, (session, governing)


def test_two_regulations_for_one_session_is_an_error():
    regulation = regulation_for_session(2025)
    with pytest.raises(AmbiguousRule, match="2025"):
        regulation_for_session(2025, (regulation, regulation))


def test_no_regulation_is_an_error_never_a_default():
    with pytest.raises(NoRuleInForce, match="2019"):
        regulation_for_session(2019)
    with pytest.raises(NoRuleInForce, match="2025"):
        regulation_for_session(2025, ())


def test_every_value_of_every_regulation_has_a_citation():
    for regulation in all_regulations():
        assert isinstance(regulation, Regulation)
        for column in regulation.columns:
            assert column.citation.source.id in {"A2018", "A2023"}
        for exam in regulation.exams:
            assert exam.citation and exam.definition_citation and exam.category_citation


@given(
    session=st.integers(min_value=2015, max_value=2040),
    route=st.sampled_from(list(Route)),
    status=st.none() | st.sampled_from(list(EstablishmentStatus)),
    habilitation=st.none() | st.sampled_from(list(Habilitation)),
    lv1=st.sampled_from(["", "anglais", "espagnol"]),
    ef1=st.sampled_from(["", "anglais", "allemand"]),
    ef2=st.booleans(),
    requests=st.lists(st.sampled_from(["U1", "U2", "U3", "U4", "U6"]), unique=True),
)
def test_a_plan_is_always_produced_and_every_exam_is_explained(
    session, route, status, habilitation, lv1, ef1, ef2, requests
):
    profile = CandidateProfile(
        route=route,
        establishment_status=status,
        habilitation=habilitation,
        lv1=lv1,
        ef1_language=ef1,
        ef2=ef2,
        exemption_requests=tuple(requests),
    )
    plan = exam_plan(profile, session)
    assert plan.to_dict()["valid"] is plan.is_valid
    for planned in plan.exams:
        assert planned.citations
        if planned.status is not ExamStatus.TO_SIT:
            assert planned.reason
    if session < 2020:
        assert [e.code for e in plan.errors] == ["session_before_first_session"]
