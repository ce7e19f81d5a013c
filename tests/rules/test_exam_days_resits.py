"""The épreuves de contrôle held in the resit days (`ndrc.rules.exam_days.resit_exams`,
data/exam_days.yaml `resit_orals`): CE D643-15 and D643-22, from session 2025."""

import pytest

from ndrc.rules.errors import NoRuleInForce
from ndrc.rules.exam_days import exam_day_rules, resit_exams, resit_orals
from ndrc.rules.parameters import Parameters


def test_the_cge_resit_oral_lasts_twenty_minutes_after_twenty_of_preparation_before_a_cge_teacher():
    # BTS_RULES.md: « an oral of 20 min after 20 min of preparation (arrêté of 3 June 2022) ».
    (cu1,) = resit_exams(session=2025, units=["U1"])
    assert (cu1.code, cu1.duration, cu1.loge) == ("CU1", 20, 20)
    assert cu1.label == "Épreuve de contrôle — U1 Culture générale et expression"
    assert cu1.rule.seats == (("cge",),)
    assert not cu1.rule.language_bound
    assert resit_orals(2025)["U1"].certainty == "secondary"


def test_the_language_resit_is_bound_to_the_language_and_the_cejm_one_needs_a_cejm_teacher():
    cu2, cu3 = resit_exams(session=2026, units=["U2", "U3"])
    assert (cu2.code, cu2.rule.seats, cu2.rule.language_bound) == ("CU2", (("language",),), True)
    assert (cu3.code, cu3.rule.seats) == ("CU3", (("cejm",),))
    # Durations not in the texts are marked unsure and cite the project's decision.
    assert resit_orals(2026)["U2"].certainty == "unsure"
    assert cu2.rule.citation.short.startswith("DEC D100")


def test_resit_codes_never_collide_with_the_first_round_exams():
    first_round = set(exam_day_rules("R2023")) | set(exam_day_rules("R2018"))
    codes = {exam.code for exam in resit_exams(session=2025, units=["U1", "U2", "U3"])}
    assert codes == {"CU1", "CU2", "CU3"}
    assert not codes & first_round


def test_every_eligible_unit_has_its_resit_oral():
    eligible = Parameters(session=2025).get("resit_eligible_units").value.split(",")
    assert set(resit_orals(2025)) == set(eligible)


def test_no_resit_oral_before_2025_nor_on_another_unit():
    with pytest.raises(NoRuleInForce):
        resit_exams(session=2024, units=["U1"])
    with pytest.raises(NoRuleInForce):
        resit_exams(session=2025, units=["U4"])
