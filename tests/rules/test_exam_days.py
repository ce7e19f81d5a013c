"""Which orals and practicals are scheduled on the exam days, and what each needs
(`ndrc.rules.exam_days`, data/exam_days.yaml)."""

import pytest

from ndrc.rules.candidate import CandidateProfile
from ndrc.rules.candidate_category import EstablishmentStatus, Habilitation, Route
from ndrc.rules.errors import NoRuleInForce
from ndrc.rules.exam_days import (
    exam_day_rules,
    examiner_kinds,
    extra_minutes,
    extra_time,
    extra_time_citation,
    scheduled_exams,
)
from ndrc.rules.exam_plan import cached_exam_plan

CCF_SCHOOL = CandidateProfile(
    route=Route.SCHOOL,
    establishment_status=EstablishmentStatus.PUBLIC,
    habilitation=Habilitation.CCF,
    lv1="anglais",
)
ONE_OFF = CandidateProfile(
    route=Route.PROFESSIONAL_EXPERIENCE,
    establishment_status=EstablishmentStatus.PRIVATE_OUTSIDE_CONTRACT,
    habilitation=Habilitation.NONE,
    lv1="anglais",
    ef1_language="espagnol",
    ef2=True,
)


def _codes(profile, session):
    return [exam.code for exam in scheduled_exams(cached_exam_plan(profile, session))]


def test_a_school_candidate_sits_the_e2_oral_and_the_e5_practical_on_the_exam_days():
    # A2023 annexe I, column 1: E4, E6 and EF2 in CCF, E2 one-off oral; E5 one-off for all.
    assert _codes(CCF_SCHOOL, 2025) == ["E2", "E5P"]


def test_a_one_off_candidate_sits_every_oral_and_the_practical():
    exams = {e.code: e for e in scheduled_exams(cached_exam_plan(ONE_OFF, 2025))}
    assert list(exams) == ["E2", "E4", "E5P", "E6", "EF1", "EF2"]
    # A2023 annexe II: E4 40 min of loge then 40 min; E6 30 min; E2 30 + 30; EF2 20, no loge.
    assert (exams["E4"].loge, exams["E4"].duration) == (40, 40)
    assert (exams["E6"].loge, exams["E6"].duration) == (0, 30)
    assert (exams["E2"].loge, exams["E2"].duration) == (30, 30)
    assert (exams["EF2"].loge, exams["EF2"].duration) == (0, 20)
    assert exams["EF2"].rule.follows == "E6"
    assert exams["E5P"].rule.group_size == 3 and exams["E5P"].rule.needs_post
    assert exams["E2"].rule.language_bound and exams["EF1"].rule.language_bound
    assert exams["E4"].rule.seats == (("bloc1",), ("professional", "bloc1", "bloc2", "bloc3"))
    assert exams["E4"].rule.citation.source.id == ("A2023")


def test_the_durations_follow_the_regulation_of_the_session():
    # A2018 annexe II d: the E4 oral lasted 60 minutes before 2024 (40 from 2024, A2023).
    before = {e.code: e for e in scheduled_exams(cached_exam_plan(ONE_OFF, 2023))}
    assert before["E4"].duration == 60
    assert before["E4"].rule.citation.source.id == ("A2018")


def test_extra_time_is_at_most_one_third_rounded_down():
    assert extra_time(40) == 13
    assert extra_time(30) == 10
    assert extra_time(20) == 6
    assert extra_time(0) == 0
    assert extra_time_citation().short == "DEC D94"


def test_extra_minutes_only_with_the_arrangement():
    assert extra_minutes(duration=40, arranged=True) == 13
    assert extra_minutes(duration=40, arranged=False) == 0
    assert extra_minutes(duration=0, arranged=True) == 0


def test_every_seat_names_known_kinds_and_every_rule_cites_its_text():
    kinds = examiner_kinds()
    assert {"bloc1", "bloc2", "bloc3", "language", "professional"} <= set(kinds)
    assert all(label["fr"] and label["en"] for label in kinds.values())
    for regulation in ("R2018", "R2023"):
        for rule in exam_day_rules(regulation).values():
            assert rule.seats and all(set(seat) <= set(kinds) for seat in rule.seats)
            assert rule.citation.location


def test_no_rule_for_an_unknown_regulation_is_an_error():
    with pytest.raises(NoRuleInForce):
        exam_day_rules("R1999")
