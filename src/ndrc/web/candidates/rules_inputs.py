"""The one place where stored rows become the rules core's inputs: a candidate as the
documented JSON (docs/schemas/candidate.schema.json) and its ``CandidateProfile``, the exam
plan, what the file records that grounds a grade « dispensé », « VAE » or « bénéfice », the
conformity input of the file, and the results engine's input (grades, form, VAE,
conformity outcomes, and the deliberation's jury changes, resit grades and renunciation).

Every function that takes many candidates reads them with a fixed number of queries. The
deliberation's rows are passed in by the deliberations app (this module does not import it):
they are read through the small protocols below.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any, NamedTuple, Protocol

from django.db.models import QuerySet, TextField
from django.db.models.functions import Cast

from ndrc.rules.candidate import CandidateProfile, DiplomaHeld, candidate_from_dict
from ndrc.rules.conformity import (
    ConformityInput,
    ConformityReport,
    DossierOutcome,
    check_conformity,
)
from ndrc.rules.conformity_input import conformity_input_from_dict
from ndrc.rules.errors import InvalidCandidate
from ndrc.rules.exam_plan import ExamPlan, cached_exam_plan
from ndrc.rules.grade_basis import CandidateFile
from ndrc.rules.grades import CarriedOver, GradeState
from ndrc.rules.grades import Grade as RuleGrade
from ndrc.rules.results import AssessmentForm, JuryChange, ResitGrade, ResultInput
from ndrc.web.candidates.models import Candidate, Dossier, Grade, Internship
from ndrc.web.lookups import among
from ndrc.web.sessions.models import AcademyCalendar
from ndrc.web.sessions.selectors import calendars_for


def candidate_dict(candidate: Candidate) -> dict[str, Any]:
    """The candidate in the format of docs/schemas/candidate.schema.json."""
    establishment = candidate.establishment
    data: dict[str, Any] = {
        "id": candidate.number,
        "name": f"{candidate.first_name} {candidate.last_name}",
        "session": candidate.session.year,
        "route": candidate.route,
        "lv1": candidate.lv1,
        "ef1_language": candidate.ef1_language,
        "ef2": candidate.ef2,
        "diplomas": list(candidate.diplomas or []),
        "exemption_requests": list(candidate.exemption_requests or []),
        "nrc_units": list(candidate.nrc_units or []),
        "e6_professional_dossier": candidate.e6_professional_dossier,
    }
    if establishment is not None:
        data["establishment"] = {
            "status": establishment.status,
            "habilitation": establishment.habilitation,
        }
    return data


def candidate_profile(candidate: Candidate) -> CandidateProfile:
    """The candidate's profile for the rules core, read once per object while the fields it
    is read from have not changed (a review reads it for the conformity, the results and the
    grades' basis)."""
    data = candidate_dict(candidate)
    cached = candidate.__dict__.get("_rules_profile")
    if cached is not None and cached[0] == data:
        profile: CandidateProfile = cached[1]
        return profile
    # Candidates of the same category (the file but for the number and name) share one
    # reading of it: a national session has a few hundred categories.
    category = repr([v for k, v in data.items() if k not in ("id", "name")])
    known = _CATEGORIES.get(category)
    if known is None:
        profile = candidate_from_dict(data)
        if len(_CATEGORIES) >= _CATEGORIES_KEPT:
            _CATEGORIES.clear()
        _CATEGORIES[category] = profile
    else:
        profile = replace(known, identifier=str(data["id"]), name=str(data["name"]))
    candidate.__dict__["_rules_profile"] = (data, profile)
    return profile


_CATEGORIES: dict[str, CandidateProfile] = {}
_CATEGORIES_KEPT = 4096


def plan_of(candidate: Candidate) -> ExamPlan:
    """The candidate's exam plan for the session (computed once per category of candidate,
    then given this candidate's identity)."""
    profile = candidate_profile(candidate)
    return replace(cached_exam_plan(profile, candidate.session.year), candidate=profile)


def candidate_file(candidate: Candidate) -> CandidateFile:
    """What the candidate's file records that grounds a grade « dispensé », « VAE » or
    « bénéfice » (``ndrc.rules.grade_basis``): the exam plan, the units validated by the VAE
    and the diplomas whose proof the file names."""
    proven = []
    for diploma in candidate.diplomas or []:
        if isinstance(diploma, dict) and str(diploma.get("proof", "")).strip():
            proven.append(
                DiplomaHeld(
                    kind=str(diploma.get("kind", "")),
                    law_economics_management=bool(diploma.get("law_economics_management")),
                    title=str(diploma.get("title", "")),
                )
            )
    return CandidateFile(
        plan=plan_of(candidate),
        vae_units=frozenset(str(u).upper() for u in candidate.vae_units or []),
        proven_diplomas=tuple(proven),
    )


def conformity_input(
    candidate: Candidate,
    internships: Iterable[Internship | PeriodRow],
    dossiers: Iterable[Dossier | DossierRow],
    *,
    calendar: AcademyCalendar | None,
) -> ConformityInput:
    """The conformity input of a candidate (docs/conformity-format.md) from the stored file;
    the dates are those of the candidate's académie (``calendar``)."""
    data = conformity_data(candidate, internships, dossiers, calendar=calendar)
    return conformity_input_from_dict(data, candidate=candidate_profile(candidate))


def conformity_data(
    candidate: Candidate,
    internships: Iterable[Internship | PeriodRow],
    dossiers: Iterable[Dossier | DossierRow],
    *,
    calendar: AcademyCalendar | None,
) -> dict[str, Any]:
    """Everything a candidate's conformity is judged on, as the JSON of
    docs/conformity-format.md (plain values: what a stored conformity is keyed by)."""
    deadline = None if calendar is None else calendar.deposit_deadline
    oral_date = None if calendar is None else calendar.oral_date
    data = candidate_dict(candidate)
    data.update(
        {
            "deposit_deadline": deadline and deadline.isoformat(),
            "exam_date": oral_date and oral_date.isoformat(),
            "periods": [
                {
                    "organisation": p.organisation,
                    "start": p.start.isoformat(),
                    "end": p.end.isoformat(),
                    "kind": p.kind,
                    "attestation": p.attestation,
                    "signed": p.signed,
                    "full_time": p.full_time,
                }
                for p in internships
            ],
            "dossiers": {d.exam: d.content for d in dossiers},
            "continuing_situation": candidate.continuing_situation,
            "internship_status": candidate.internship_status,
            "vae_units": list(candidate.vae_units or []),
        }
    )
    if candidate.internship_reduction_reason:
        data["internship_reduction"] = {
            "reason": candidate.internship_reduction_reason,
            "reference": candidate.internship_reduction_reference,
        }
    return data


def _listed(candidates: QuerySet[Candidate] | Sequence[Candidate]) -> list[Candidate]:
    if isinstance(candidates, QuerySet):
        return list(candidates.select_related("establishment", "session"))
    return list(candidates)


class PeriodRow(NamedTuple):
    """An internship as conformity reads it (the fields ``conformity_input`` uses)."""

    candidate_id: int
    organisation: str
    start: dt.date
    end: dt.date
    kind: str
    attestation: bool
    signed: bool
    full_time: bool


class DossierRow(NamedTuple):
    """A dossier as conformity reads it: its content as the JSON text stored, read when the
    dossier is judged (a stored conformity is keyed by the text)."""

    candidate_id: int
    exam: str
    text: str

    @property
    def content(self) -> dict[str, Any]:
        content: dict[str, Any] = json.loads(self.text)
        return content


def conformity_reports(
    candidates: QuerySet[Candidate] | Sequence[Candidate], *, as_of: dt.date | None = None
) -> dict[int, ConformityReport | str]:
    """Per candidate pk, the conformity report, or the French message of what in the stored
    file cannot be read (a period ending before it starts, an unknown situation…). Four
    queries for any number of candidates (candidates, académies' dates, internships,
    dossiers)."""
    listed = _listed(candidates)
    files = conformity_files(listed)
    reports: dict[int, ConformityReport | str] = {}
    for candidate in listed:
        try:
            data = conformity_input(
                candidate,
                files.periods[candidate.pk],
                files.dossiers[candidate.pk],
                calendar=files.calendar(candidate),
            )
            reports[candidate.pk] = check_conformity(data, as_of=as_of)
        except InvalidCandidate as error:
            reports[candidate.pk] = str(error)
    return reports


@dataclass(frozen=True)
class ConformityFiles:
    """What the conformity of many candidates is read from: their periods and dossiers (plain
    rows, by candidate pk) and their académies' dates."""

    periods: defaultdict[int, list[PeriodRow]]
    dossiers: defaultdict[int, list[DossierRow]]
    calendars: dict[tuple[int, int], AcademyCalendar]

    def calendar(self, candidate: Candidate) -> AcademyCalendar | None:
        return self.calendars.get((candidate.session_id, candidate.academy_id))


def conformity_files(listed: Sequence[Candidate]) -> ConformityFiles:
    """The periods, dossiers and académies' dates of these candidates: three queries."""
    pks = [c.pk for c in listed]
    calendars = calendars_for((c.session_id, c.academy_id) for c in listed)
    # Plain rows, not model objects: a national session reads hundreds of thousands.
    periods: defaultdict[int, list[PeriodRow]] = defaultdict(list)
    for period in (
        Internship.objects.filter(among("candidate_id", pks))
        .order_by("start", "pk")
        .values_list(*PeriodRow._fields, named=True)
    ):
        periods[period.candidate_id].append(period)
    dossiers: defaultdict[int, list[DossierRow]] = defaultdict(list)
    for dossier in (
        Dossier.objects.filter(among("candidate_id", pks))
        .annotate(text=Cast("content", TextField()))
        .values_list(*DossierRow._fields)
    ):
        dossiers[dossier[0]].append(DossierRow._make(dossier))
    return ConformityFiles(periods=periods, dossiers=dossiers, calendars=calendars)


def _deadline(
    calendars: dict[tuple[int, int], AcademyCalendar], candidate: Candidate
) -> dt.date | None:
    calendar = calendars.get((candidate.session_id, candidate.academy_id))
    return None if calendar is None else calendar.deposit_deadline


class GradeRow(NamedTuple):
    """A stored grade as the results engine reads it."""

    candidate_id: int
    exam: str
    state: str
    value: Decimal | None
    carried_session: int | None
    ccf: bool


def rule_grade(grade: Grade | GradeRow | ShownGrade) -> RuleGrade:
    """A stored grade as the rules core's grade (an explicit state, never 0 for an absence)."""
    state = GradeState(grade.state)
    return RuleGrade(
        state,
        grade.value,
        carried=CarriedOver(grade.carried_session)
        if state is GradeState.CARRIED_OVER and grade.carried_session
        else None,
        ccf=grade.ccf,
    )


class ConformityOutcomes(Protocol):
    """What the results engine reads of a conformity: a report just judged, or one stored
    with the proposed result and read back (``stored_conformity.StoredConformity``)."""

    @property
    def outcomes(self) -> tuple[DossierOutcome, ...]: ...


class JuryChangeRow(Protocol):
    """A jury's grade change as the deliberations app stores it."""

    candidate_id: int
    exam: str
    value: Decimal
    reason: str
    at: dt.datetime

    @property
    def author_name(self) -> str: ...


class ResitRow(Protocol):
    """The grade of a resit oral as the deliberations app stores it."""

    candidate_id: int
    unit: str
    value: Decimal


def jury_change(row: JuryChangeRow) -> JuryChange:
    return JuryChange(
        exam=row.exam,
        value=row.value,
        author=row.author_name,
        at=row.at.isoformat(timespec="minutes"),
        reason=row.reason,
    )


def result_inputs(
    candidates: QuerySet[Candidate] | Sequence[Candidate],
    *,
    jury_changes: Iterable[JuryChangeRow] = (),
    resits: Iterable[ResitRow] = (),
    resit_declined: Iterable[int] = (),
    reports: Mapping[int, ConformityOutcomes | str] | None = None,
) -> list[ResultInput]:
    """The results engine's inputs for these candidates, in their order: grades, form of the
    exam, VAE units, the conformity outcomes of their dossiers and, when given, the jury's
    changes, the resit grades and who renounces the resit orals. Six queries; ``reports``,
    when the caller has already read the candidates' conformity (``conformity_reports``),
    is not computed again."""
    listed = _listed(candidates)
    grades: dict[int, dict[str, RuleGrade]] = defaultdict(dict)
    known: dict[tuple[Any, ...], RuleGrade] = {}  # a few hundred distinct grades, read once
    for row in Grade.objects.filter(among("candidate_id", (c.pk for c in listed))).values_list(
        *GradeRow._fields
    ):
        key = row[2:]
        grade = known.get(key)
        if grade is None:
            grade = known[key] = rule_grade(GradeRow._make(row))
        grades[row[0]][row[1]] = grade
    # Conformity is judged once the exam office has fixed the deposit deadline; before that
    # the deliberation lists it as missing (no silent "conform").
    calendars = calendars_for((c.session_id, c.academy_id) for c in listed)
    if reports is None:
        reports = conformity_reports(listed)
    reports = {
        c.pk: reports[c.pk]
        for c in listed
        if _deadline(calendars, c) is not None and c.pk in reports
    }
    changes: dict[int, list[JuryChange]] = defaultdict(list)
    for change in jury_changes:
        changes[change.candidate_id].append(jury_change(change))
    resit_grades: dict[int, list[ResitGrade]] = defaultdict(list)
    for resit in resits:
        resit_grades[resit.candidate_id].append(ResitGrade(unit=resit.unit, value=resit.value))
    declined = set(resit_declined)
    inputs = []
    for c in listed:
        report = reports.get(c.pk)
        inputs.append(
            ResultInput(
                candidate=candidate_profile(c),
                session=c.session.year,
                grades=grades.get(c.pk, {}),
                assessment=AssessmentForm(c.assessment_form),
                vae_units=tuple(str(u).upper() for u in c.vae_units or []),
                conformity=() if report is None or isinstance(report, str) else report.outcomes,
                jury_changes=tuple(changes.get(c.pk, ())),
                resit_grades=tuple(resit_grades.get(c.pk, ())),
                resit_declined=c.pk in declined,
            )
        )
    return inputs


class ShownGrade(Protocol):
    """A grade as a user is shown it (``selectors.GradeLine``)."""

    exam: str
    state: str
    value: Decimal | None
    carried_session: int | None
    ccf: bool


def shown_result_input(candidate: Candidate, *, grades: Iterable[ShownGrade]) -> ResultInput:
    """The results engine's input of one candidate from the grades a user is shown, and from
    them only (a what-if never reads the others, DEC D128): the file's form of assessment,
    VAE units and dossiers' conformity as ``result_inputs`` reads them; no jury change nor
    resit grade (a published result's grades already hold the jury's). A kept grade whose
    session of origin is not shown (a published result names it in its label only) counts
    as a grade of its value."""
    given: dict[str, RuleGrade] = {}
    for line in grades:
        if line.state == GradeState.CARRIED_OVER and not line.carried_session:
            given[line.exam] = RuleGrade(GradeState.GRADE, line.value)
        else:
            given[line.exam] = rule_grade(line)
    calendars = calendars_for([(candidate.session_id, candidate.academy_id)])
    report = None
    if _deadline(calendars, candidate) is not None:
        report = conformity_reports([candidate]).get(candidate.pk)
    return ResultInput(
        candidate=candidate_profile(candidate),
        session=candidate.session.year,
        grades=given,
        assessment=AssessmentForm(candidate.assessment_form),
        vae_units=tuple(str(u).upper() for u in candidate.vae_units or []),
        conformity=() if report is None or isinstance(report, str) else report.outcomes,
    )
