"""The livret scolaire or de formation the jury must look at before failing a candidate
(Code de l'éducation, article D643-26; circular of session 2022 §1.3, with the mention of
the Pix certification from session 2022).

A candidate is « near a threshold » when the decision is a failure (« ajourné », before or
after the resit orals) and the average is within ``near_margin`` points below the pass mark,
or below the resit orals' threshold in a session where they are open (DEC D118): failing
him or her requires the livret to have been opened by the jury."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from functools import cache
from typing import Any

from ndrc.rules.citation import cite
from ndrc.rules.data_files import load_yaml
from ndrc.rules.parameters import Parameters
from ndrc.rules.results.decision import Decision

_FAILURES = frozenset({Decision.FAILED, Decision.FAILED_AFTER_RESIT})


@cache
def _data() -> dict[str, Any]:
    data: dict[str, Any] = load_yaml("jury.yaml")
    return dict(data["livret"])


def near_margin() -> Fraction:
    return Fraction(Decimal(str(_data()["near_margin"])))


def near_citation() -> str:
    return cite(str(_data()["near_cite"])).short


def pix_required(session: int) -> bool:
    """Whether the livret carries the Pix mention (from session 2022, C2022 §1.3)."""
    return session >= int(_data()["pix_from"])


def pix_citation() -> str:
    return cite(str(_data()["pix_cite"])).short


def thresholds(session: int) -> tuple[Fraction, ...]:
    """The thresholds a failure may be near: the pass mark, and the resit orals' threshold
    when they are open in the session (parameters/results.yaml)."""
    params = Parameters(session=session)
    marks = [Fraction(params.get("pass_mark").as_decimal())]
    if params.get("resit_orals").as_bool():
        marks.append(Fraction(params.get("fail_threshold").as_decimal()))
    return tuple(marks)


def near_bands(session: int) -> tuple[tuple[Fraction, Fraction], ...]:
    """The averages « near a threshold » at this session, as (low, high): from ``near_margin``
    below each threshold (included) up to the threshold (excluded); the pass mark's first.
    The one reading of « near » the livret's check, the deliberation grid and the jury's home
    page share (DEC D118, D120)."""
    margin = near_margin()
    return tuple((mark - margin, mark) for mark in thresholds(session))


def in_near_band(average: Fraction, session: int) -> bool:
    """Whether an exact average lies in a band « near a threshold »."""
    return any(low <= average < high for low, high in near_bands(session))


def near_threshold(*, decision: Decision, average: Fraction | None, session: int) -> bool:
    """A failure whose exact average is within the margin below a threshold."""
    if decision not in _FAILURES or average is None:
        return False
    return in_near_band(average, session)


def livret_problem(*, opened: bool, has_livret: bool, near: bool) -> str | None:
    """What blocks the closing for a candidate about the livret, in French: a near-threshold
    failure whose livret was not opened. A candidate without a livret is not blocked (there
    is nothing for the jury to open; the missing document is the centre's, shown on the
    candidate's page, DEC D119)."""
    if not near or not has_livret or opened:
        return None
    return (
        "ajourné près d'un seuil : le jury doit consulter le livret scolaire ou de formation "
        f"avant de l'ajourner ({near_citation()})"
    )
