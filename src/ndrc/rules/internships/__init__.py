"""Internships and professional experience: is what the candidate did enough to sit E4 and E6?

Each route has its own requirement (annexe III b). Durations are counted from the periods'
dates by one rule (``week_rule`` in ``data/internships.yaml``): calendar days, both ends
included, overlaps counted once, totals exact.

Modules:

- ``model``: periods, reductions, findings and the check's outcome;
- ``counting``: days covered by periods, weeks, months and years as cited numbers of days;
- ``requirements``: the requirement of each route and the check.
"""

from ndrc.rules.internships.counting import covered_days, reference_date, week_rule
from ndrc.rules.internships.model import (
    InternshipCheck,
    InternshipFinding,
    InternshipRoute,
    Period,
    PeriodKind,
    Reduction,
    Severity,
)
from ndrc.rules.internships.requirements import (
    check_internship,
    internship_route,
    reduction_reasons,
)

__all__ = [
    "InternshipCheck",
    "InternshipFinding",
    "InternshipRoute",
    "Period",
    "PeriodKind",
    "Reduction",
    "Severity",
    "check_internship",
    "covered_days",
    "internship_route",
    "reduction_reasons",
    "reference_date",
    "week_rule",
]
