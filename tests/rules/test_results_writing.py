"""Writing a result: its JSON and French explanation agree with the objects read from it; the
results are recorded compactly; averages are written as their definition says; the
generated session benchmarked is what the web application passes to the engine."""

import gc
from decimal import Decimal
from fractions import Fraction

from benchmarks.session_generator import generate_session
from hypothesis import given, settings
from hypothesis import strategies as st

from ndrc.rules.grades import format_grade
from ndrc.rules.results import Decision, KeptUnit, UnitResult, deliberate_all, format_average
from ndrc.rules.results.display import display_average


def test_the_generated_session_is_what_the_web_application_passes():
    """Every candidate carries its dossiers' conformity outcomes (the deposit deadline is
    fixed), some the jury's changes, some their resit grades or their renunciation."""
    session = generate_session(2000, seed=11)
    assert all(data.conformity for data in session)
    assert {o.exam for data in session for o in data.conformity} >= {"E4", "E6"}
    assert any(data.jury_changes for data in session)
    assert any(data.resit_grades for data in session)
    decisions = {r.decision for r in deliberate_all(session)}
    assert Decision.ADMITTED_AFTER_RESIT in decisions


def test_json_and_explanation_agree_with_the_objects_read():
    """Units, units awarded and grades kept are recorded as plain values: the objects read
    from a result give the same JSON as the result's own, and so do its steps."""
    for result in deliberate_all(generate_session(300, seed=5)):
        data = result.to_dict()
        assert all(isinstance(u, UnitResult) for u in result.units)
        assert [u.to_dict() for u in result.units] == data["units"]
        assert all(isinstance(k, KeptUnit) for k in result.units_awarded)
        assert [k.to_dict() for k in result.units_awarded] == data["units_awarded"]
        assert [k.to_dict() for k in result.grades_kept] == data["grades_kept"]
        assert [s.to_dict() for s in result.steps] == data["explanation"]
        lines = result.explanation_fr().split("\n")[2:]
        assert lines == [f"{i}. {s.render_fr()}" for i, s in enumerate(result.steps, 1)]


def test_a_result_holds_few_objects_the_garbage_collector_follows():
    """A national session's results must not make the collector walk hundreds of thousands of
    objects: the units awarded and grades kept are plain tuples it stops following, and the
    units are one tuple."""
    results = deliberate_all(generate_session(200, seed=3))
    gc.collect()
    rows = [row for r in results for row in (*r.awarded_rows, *r.kept_rows)]
    assert rows
    assert not any(gc.is_tracked(row) for row in rows)
    assert all(type(r.unit_rows) is tuple for r in results)


def _defined(value, threshold=None):
    """``format_average`` as defined: two decimals, four or six when fewer would show the
    average on the other side of a threshold."""
    exact = (
        value
        if isinstance(value, Decimal)
        else Decimal(value.numerator) / Decimal(value.denominator)
    )
    thresholds = (
        () if threshold is None else threshold if isinstance(threshold, tuple) else (threshold,)
    )
    for places in (2, 4, 6):
        shown = exact.quantize(Decimal(1).scaleb(-places))
        if all((Fraction(shown) >= t) == (Fraction(value) >= t) for t in thresholds):
            return f"{shown}".replace(".", ",")
    return f"{exact:.8f}".replace(".", ",")


near = st.integers(min_value=-3000, max_value=3000)
averages = st.one_of(
    st.builds(
        lambda base, delta, d: Fraction(base * d * 10**6 + delta, d * 10**6),
        st.sampled_from([0, 8, 10, 20]),
        near,
        st.integers(min_value=1, max_value=200),
    ),
    st.builds(Fraction, st.integers(min_value=0, max_value=8400), st.integers(1, 420)),
    st.builds(lambda c: Decimal(c) / 100, st.integers(min_value=0, max_value=2000)),
    st.sampled_from([Decimal("-0"), Decimal("0"), Decimal("9.995"), Decimal("10.005")]),
)
thresholds = st.sampled_from(
    [None, Fraction(10), Decimal(10), Decimal("10.0"), (Fraction(10), Fraction(8)), Fraction(21, 2)]
)


@settings(max_examples=500)
@given(value=averages, threshold=thresholds)
def test_averages_are_written_as_defined(value, threshold):
    defined = (
        threshold if threshold is None or isinstance(threshold, tuple) else Fraction(threshold)
    )
    expected = _defined(value, defined)
    assert format_average(value, threshold) == expected
    assert format_average(value, threshold) == expected  # written again, from memory


def test_written_decimals_keep_the_sign_of_zero_and_their_value():
    assert format_average(Decimal("-0")) == "-0,00"
    assert format_average(Decimal("0")) == "0,00"
    assert format_grade(Decimal("-0")) == "-0,00"
    assert format_grade(Decimal("12.5")) == format_grade(Decimal("12.50")) == "12,50"
    assert display_average(Fraction(19999, 2000), 2025) == "9,9995"
