"""Dossier conformity of stored candidates: the rules core's reports, read with three queries
for any number of candidates (candidates, internships, dossiers)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db.models import QuerySet

from ndrc.rules.conformity import ConformityReport, check_conformity
from ndrc.rules.errors import InvalidCandidate
from ndrc.web.exams.models import Candidate, Dossier, Internship
from ndrc.web.regulation.plan_adapter import conformity_input


def conformity_reports(
    candidates: QuerySet[Candidate] | list[Candidate], *, as_of: dt.date | None = None
) -> dict[int, ConformityReport | str]:
    """Per candidate pk, the conformity report, or the French message of what in the stored
    file cannot be read (a period ending before it starts, an unknown situation…)."""
    listed = (
        list(candidates.select_related("establishment", "session"))
        if isinstance(candidates, QuerySet)
        else candidates
    )
    pks = [c.pk for c in listed]
    periods: dict[int, list[Internship]] = defaultdict(list)
    for period in Internship.objects.filter(candidate_id__in=pks).order_by("start"):
        periods[period.candidate_id].append(period)
    dossiers: dict[int, list[Dossier]] = defaultdict(list)
    for dossier in Dossier.objects.filter(candidate_id__in=pks):
        dossiers[dossier.candidate_id].append(dossier)
    reports: dict[int, ConformityReport | str] = {}
    for candidate in listed:
        try:
            data = conformity_input(candidate, periods[candidate.pk], dossiers[candidate.pk])
            reports[candidate.pk] = check_conformity(data, as_of=as_of)
        except InvalidCandidate as error:
            reports[candidate.pk] = str(error)
    return reports
