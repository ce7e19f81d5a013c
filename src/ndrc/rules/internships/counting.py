"""How durations are counted from dates, by the rules of ``data/internships.yaml`` (DEC D22):
calendar days, both ends included, overlaps counted once; a week, a month and a year are a
cited number of days; totals are exact."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from functools import cache
from typing import Any

from ndrc.rules.citation import Citation, cite
from ndrc.rules.data_files import load_yaml
from ndrc.rules.internships.model import Period


@cache
def internship_data() -> dict[str, Any]:
    data: dict[str, Any] = load_yaml("internships.yaml")
    return data


def week_rule() -> tuple[str, Citation]:
    rule = internship_data()["week_rule"]
    return str(rule["text"]), cite(rule["cite"])


def days_per_week() -> int:
    return int(internship_data()["week_rule"]["days_per_week"])


def working_days_per_week() -> int:
    return int(internship_data()["week_rule"]["working_days"])


def days_per_year() -> int:
    return int(internship_data()["year_rule"]["days"])


def _runs(
    periods: list[Period], since: dt.date | None = None, until: dt.date | None = None
) -> list[int]:
    """The lengths in calendar days (both ends included) of the runs of consecutive days the
    periods cover, overlaps merged, restricted to [since, until) when given."""
    spans = []
    for p in periods:
        start = p.start if since is None else max(p.start, since)
        end = p.end if until is None else min(p.end, until - dt.timedelta(days=1))
        if end >= start:
            spans.append((start, end))
    spans.sort()
    runs: list[int] = []
    current: tuple[dt.date, dt.date] | None = None
    for start, end in spans:
        if current is None or start > current[1] + dt.timedelta(days=1):
            if current is not None:
                runs.append((current[1] - current[0]).days + 1)
            current = (start, end)
        else:
            current = (current[0], max(current[1], end))
    if current is not None:
        runs.append((current[1] - current[0]).days + 1)
    return runs


def covered_days(
    periods: list[Period], since: dt.date | None = None, until: dt.date | None = None
) -> int:
    """Calendar days covered by the periods (both ends included), overlaps counted once,
    restricted to [since, until) when given."""
    return sum(_runs(periods, since, until))


def week_days(periods: list[Period]) -> int:
    """Days of internship counted in weeks (DEC D22, D37): each run of consecutive days counts
    its whole weeks, and a rest of at least five days (five working days, whatever the days
    worked: Monday to Friday, Tuesday to Saturday…) counts as a whole week with its weekly
    rest; a shorter rest counts its days."""
    per_week, working = days_per_week(), working_days_per_week()
    total = 0
    for run in _runs(periods):
        whole, rest = divmod(run, per_week)
        total += whole * per_week + (per_week if rest >= working else rest)
    return total


def weeks_text(value: Fraction) -> str:
    """Display only: whole weeks and remaining days (days are whole: periods are in days)."""
    per_week = days_per_week()
    whole, rest = divmod(int(value * per_week), per_week)
    return f"{whole} semaine(s)" + (f" et {rest} jour(s)" if rest else "")


def number_text(value: Fraction, places: int) -> str:
    """Display only: French decimal comma."""
    return f"{float(value):.{places}f}".replace(".", ",")


def reference_date(session: int) -> dt.date:
    ref = internship_data()["exam_reference_date"]
    return dt.date(session, int(ref["month"]), int(ref["day"]))


def years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)
