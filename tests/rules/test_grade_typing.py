"""A grade's value as typed is read in one place (``ndrc.rules.grades.parse_value``, through
``grade_from_token`` for a cell): ASCII digits with one decimal comma or point, nothing else.
Python's ``Decimal`` would read « 1e1 », « NaN », « Infinity » and digits of other scripts
(« １２ », « ١٢ »): each is refused with a French message."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ndrc.rules.errors import InvalidCandidate
from ndrc.rules.grades import GradeState, grade_from_token, parse_value


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("12", Decimal("12")),
        ("12,5", Decimal("12.5")),
        ("12.25", Decimal("12.25")),
        ("0", Decimal("0")),
        ("20,00", Decimal("20")),
        (" 12 ", Decimal("12")),  # blanks around a cell are not part of it
        ("\t9,5", Decimal("9.5")),
        (12, Decimal("12")),  # numbers of a JSON document or a spreadsheet cell
        (12.5, Decimal("12.5")),
        (Decimal("7.75"), Decimal("7.75")),
    ],
)
def test_a_grade_is_ascii_digits_with_one_comma_or_point(typed, value):
    assert parse_value(typed, "E1") == value


@pytest.mark.parametrize(
    "typed",
    [
        "1e1",
        "1E1",
        "１２",  # full-width digits
        "١٢",  # Arabic-Indic digits
        "۱۲",  # Extended Arabic-Indic digits
        "१२",  # Devanagari digits
        "NaN",
        "nan",
        "Infinity",
        "-Infinity",
        "inf",
        "12,5,3",
        "12.5.3",
        "12,",
        ",5",
        "+12",
        "-0",
        "1 2",
        "12\u00a0",  # a non-breaking space is not a blank of the cell
        "0x10",
        "1_0",
        "²",
        "",
        "12\x00",
    ],
)
def test_anything_else_typed_is_not_a_grade(typed):
    with pytest.raises(InvalidCandidate) as refused:
        parse_value(typed, "E1")
    assert "n'est pas une note" in str(refused.value)
    assert str(refused.value).startswith("E1 : « ")


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("20,5", "doit être comprise entre 0 et 20"),
        ("12,345", "a plus de deux décimales"),
        (float("nan"), "doit être comprise entre 0 et 20"),
        (float("inf"), "doit être comprise entre 0 et 20"),
        (-1, "doit être comprise entre 0 et 20"),
        (True, "n'est pas une note"),
        (None, "n'est pas une note"),
    ],
)
def test_a_number_out_of_the_scale_is_refused(typed, message):
    with pytest.raises(InvalidCandidate, match=message):
        parse_value(typed, "E1")


@pytest.mark.parametrize(
    "typed",
    ["BEN:12:40000", "BEN:12:²", "BEN:12:２０２２", "BEN:12:abc", "BEN:12:", "BEN:1e1:2022"],
)
def test_a_kept_grade_needs_a_grade_and_a_session_of_four_digits_at_most(typed):
    with pytest.raises(InvalidCandidate, match=r"BEN:note:session|n'est pas une note"):
        grade_from_token(typed, "E1")


def test_a_kept_grade_reads_its_grade_and_session():
    grade = grade_from_token("ben:13,5:2022", "E1")
    assert grade.state is GradeState.CARRIED_OVER
    assert grade.value == Decimal("13.5") and grade.carried.session == 2022


@given(st.text(max_size=12))
def test_any_text_is_a_grade_or_a_french_refusal(text):
    try:
        value = parse_value(text, "E1")
    except InvalidCandidate as refused:
        assert str(refused).startswith("E1 : ")
    else:
        cleaned = text.strip(" \t\r\n")
        assert cleaned.replace(",", "", 1).replace(".", "", 1).isascii()
        assert Decimal(0) <= value <= Decimal(20)
