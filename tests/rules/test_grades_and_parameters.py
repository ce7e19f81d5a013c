from decimal import Decimal

import pytest

from ndrc.rules.errors import InvalidCandidate, NoRuleInForce, RegulationDataError
from ndrc.rules.grades import Grade, GradeState, grade_from_data, grade_from_token
from ndrc.rules.parameters import Parameters, parameter_names


@pytest.mark.parametrize(
    ("token", "state", "value"),
    [
        ("12,5", GradeState.GRADE, Decimal("12.5")),
        ("0", GradeState.GRADE, Decimal("0")),
        ("20", GradeState.GRADE, Decimal("20")),
        ("ABS", GradeState.ABSENT, None),
        ("fm", GradeState.ABSENT_FORCE_MAJEURE, None),
        ("NV", GradeState.NOT_VALID, None),
        ("RES", GradeState.RESERVED, None),
        ("DISP", GradeState.EXEMPTED, None),
        ("VAE", GradeState.VAE, None),
        ("NP", GradeState.NOT_SAT, None),
        ("", GradeState.MISSING, None),
        ("BEN:13,5:2022", GradeState.CARRIED_OVER, Decimal("13.5")),
    ],
)
def test_csv_tokens(token, state, value):
    grade = grade_from_token(token, "test")
    assert grade.state is state
    assert grade.value == value


@pytest.mark.parametrize("bad", ["20.01", "-1", "12.345", "douze", "NaN", "Infinity", "BEN:12"])
def test_out_of_range_or_malformed_grades_are_refused(bad):
    with pytest.raises(InvalidCandidate):
        grade_from_token(bad, "E1")


def test_an_absence_is_never_a_zero():
    grade = grade_from_data({"state": "absent"}, "E1")
    assert grade.value is None
    with pytest.raises(InvalidCandidate):
        Grade(GradeState.ABSENT, Decimal(0))
    with pytest.raises(InvalidCandidate):
        Grade(GradeState.GRADE)


def test_every_parameter_resolves_for_every_session_it_covers():
    for session in range(2020, 2031):
        params = Parameters(session=session)
        for name in parameter_names():
            if name.startswith("resit_") and name != "resit_orals" and session < 2025:
                with pytest.raises(NoRuleInForce):
                    params.get(name)
                continue
            assert params.get(name).citation


def test_resit_orals_start_in_2025():
    assert Parameters(session=2024).get("resit_orals").as_bool() is False
    assert Parameters(session=2025).get("resit_orals").as_bool() is True


def test_a_rule_read_in_the_text_cannot_be_overridden():
    with pytest.raises(RegulationDataError, match="texte"):
        Parameters(session=2025, overrides={"pass_mark": "9"})
    with pytest.raises(RegulationDataError, match="inconnu"):
        Parameters(session=2025, overrides={"nope": "1"})
    overridden = Parameters(session=2025, overrides={"resit_replaces_only_if_higher": "false"})
    value = overridden.get("resit_replaces_only_if_higher")
    assert value.overridden and value.as_bool() is False
    assert "modifiée par l'utilisateur" in value.describe_fr()
