"""Internships and professional experience: is what the candidate did enough to sit E4 and E6?

Each route has its own requirement (annexe III b). Durations are counted from the periods'
dates by one rule (``week_rule`` in ``data/internships.yaml``): calendar days, both ends
included, overlaps counted once, totals exact.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from enum import StrEnum
from fractions import Fraction
from functools import cache
from typing import Any

from ndrc.rules.candidate_category import Route
from ndrc.rules.citation import Citation, cite
from ndrc.rules.data_files import load_yaml
from ndrc.rules.errors import InvalidCandidate


class PeriodKind(StrEnum):
    INTERNSHIP = "internship"
    WORK = "work"
    APPRENTICESHIP_CONTRACT = "apprenticeship_contract"
    WORK_CONTRACT = "work_contract"  # contrat de travail de type particulier (FPC)


class InternshipRoute(StrEnum):
    SCHOOL = "school"
    APPRENTICESHIP = "apprenticeship"
    CONTINUING_FIRST = "continuing_first"
    CONTINUING_IMPROVEMENT = "continuing_improvement"
    EXPERIENCE = "experience"


class Severity(StrEnum):
    NV = "nv"  # a cause of non-conformity of the E4/E6 dossiers
    WARNING = "warning"


@dataclass(frozen=True)
class Period:
    organisation: str
    start: dt.date
    end: dt.date
    kind: PeriodKind = PeriodKind.INTERNSHIP
    attestation: bool = False
    signed: bool = False
    full_time: bool = True

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def with_weekly_rest(self) -> Period:
        """A period ending on a Friday or a Saturday includes the weekend that follows (the
        weekly rest): five working days make one week (DEC D22)."""
        weekday = self.end.weekday()  # Monday 0 … Sunday 6
        if weekday in (4, 5):
            return replace(self, end=self.end + dt.timedelta(days=6 - weekday))
        return self


@dataclass(frozen=True)
class Reduction:
    """A recorded decision reducing the school internship (force majeure, aménagement,
    positionnement)."""

    reason: str
    reference: str = ""


@dataclass(frozen=True)
class InternshipFinding:
    code: str
    message: str
    severity: Severity
    citation: Citation

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "message": self.message,
            "severity": self.severity.value,
            "citation": self.citation.to_dict(),
        }


@dataclass(frozen=True)
class InternshipCheck:
    route: InternshipRoute | None
    requirement: str
    required: str
    counted: str
    satisfied: bool
    findings: tuple[InternshipFinding, ...] = field(default_factory=tuple)
    citation: Citation | None = None

    @property
    def nv_causes(self) -> tuple[InternshipFinding, ...]:
        return tuple(f for f in self.findings if f.severity is Severity.NV)

    def to_dict(self) -> dict[str, Any]:
        return {
            "route": None if self.route is None else self.route.value,
            "requirement": self.requirement,
            "required": self.required,
            "counted": self.counted,
            "satisfied": self.satisfied,
            "findings": [f.to_dict() for f in self.findings],
            "citation": None if self.citation is None else self.citation.to_dict(),
        }


@cache
def _data() -> dict[str, Any]:
    data: dict[str, Any] = load_yaml("internships.yaml")
    return data


def reduction_reasons() -> dict[str, str]:
    """Every recorded reason that may shorten an internship, in any route (code → text)."""
    reasons: dict[str, str] = {}
    for spec in _data()["routes"].values():
        reasons.update({str(k): str(v) for k, v in (spec.get("reduction_reasons") or {}).items()})
    return reasons


def week_rule() -> tuple[str, Citation]:
    rule = _data()["week_rule"]
    return str(rule["text"]), cite(rule["cite"])


def internship_route(
    route: Route, continuing_situation: str = "", distance_status: str = ""
) -> InternshipRoute:
    """Which requirement applies: distance learners follow their status (annexe III b II.4)."""
    if route is Route.DISTANCE_LEARNING:
        if not distance_status:
            raise InvalidCandidate(
                "internship_status : un candidat à distance relève du cas de son statut "
                "(school, apprenticeship, continuing) : à préciser."
            )
        route = {
            "school": Route.SCHOOL,
            "apprenticeship": Route.APPRENTICESHIP,
            "continuing": Route.CONTINUING_EDUCATION,
        }.get(distance_status, Route.DISTANCE_LEARNING)
        if route is Route.DISTANCE_LEARNING:
            raise InvalidCandidate(f"internship_status : « {distance_status} » inconnu.")
    if route is Route.SCHOOL:
        return InternshipRoute.SCHOOL
    if route is Route.APPRENTICESHIP:
        return InternshipRoute.APPRENTICESHIP
    if route is Route.PROFESSIONAL_EXPERIENCE:
        return InternshipRoute.EXPERIENCE
    if continuing_situation == "improvement":
        return InternshipRoute.CONTINUING_IMPROVEMENT
    if continuing_situation in ("first_training", "retraining", ""):
        return InternshipRoute.CONTINUING_FIRST
    raise InvalidCandidate(
        f"continuing_situation : « {continuing_situation} » inconnu "
        "(first_training, retraining, improvement)."
    )


def covered_days(
    periods: list[Period], since: dt.date | None = None, until: dt.date | None = None
) -> int:
    """Calendar days covered by the periods (both ends included), overlaps counted once,
    restricted to [since, until) when given."""
    spans = []
    for p in periods:
        start = p.start if since is None else max(p.start, since)
        end = p.end if until is None else min(p.end, until - dt.timedelta(days=1))
        if end >= start:
            spans.append((start, end))
    spans.sort()
    days = 0
    current: tuple[dt.date, dt.date] | None = None
    for start, end in spans:
        if current is None or start > current[1] + dt.timedelta(days=1):
            if current is not None:
                days += (current[1] - current[0]).days + 1
            current = (start, end)
        else:
            current = (current[0], max(current[1], end))
    if current is not None:
        days += (current[1] - current[0]).days + 1
    return days


def days_per_week() -> int:
    return int(_data()["week_rule"]["days_per_week"])


def _weeks_text(value: Fraction) -> str:
    """Display only: whole weeks and remaining days (days are whole: periods are in days)."""
    per_week = days_per_week()
    whole, rest = divmod(int(value * per_week), per_week)
    return f"{whole} semaine(s)" + (f" et {rest} jour(s)" if rest else "")


def _num(value: Fraction, places: int) -> str:
    """Display only: French decimal comma."""
    return f"{float(value):.{places}f}".replace(".", ",")


def reference_date(session: int) -> dt.date:
    ref = _data()["exam_reference_date"]
    return dt.date(session, int(ref["month"]), int(ref["day"]))


def _evidence_findings(
    periods: list[Period], kinds: tuple[PeriodKind, ...], citation: Citation
) -> list[InternshipFinding]:
    findings = []
    relevant = [p for p in periods if p.kind in kinds]
    one_each = _data()["one_attestation_per_period"]
    for p in relevant:
        where = f"{p.organisation} ({p.start:%d/%m/%Y} – {p.end:%d/%m/%Y})"
        if not p.attestation:
            label = (
                "certificat de travail"
                if p.kind is PeriodKind.WORK
                else "contrat ou attestation de l'employeur"
                if p.kind is PeriodKind.APPRENTICESHIP_CONTRACT
                else "attestation de stage"
            )
            findings.append(
                InternshipFinding(
                    "attestation_missing",
                    f"{label.capitalize()} manquant(e) pour la période {where} : "
                    f"{one_each['text'].lower()}.",
                    Severity.NV,
                    cite(one_each["cite"]),
                )
            )
        elif not p.signed:
            findings.append(
                InternshipFinding(
                    "attestation_not_signed",
                    f"Le document de la période {where} n'est pas signé ou visé par le "
                    "responsable de l'organisation d'accueil.",
                    Severity.NV,
                    citation,
                )
            )
    return findings


def check_internship(
    *,
    route: InternshipRoute,
    periods: list[Period],
    session: int,
    exempted_units: tuple[str, ...] = (),
    reduction: Reduction | None = None,
    exam_date: dt.date | None = None,
) -> InternshipCheck:
    data = _data()
    none = data["no_internship"]
    if set(none["exempted_units"]) <= set(exempted_units):
        return InternshipCheck(
            route=route,
            requirement=str(none["text"]),
            required="aucun stage",
            counted="—",
            satisfied=True,
            citation=cite(none["cite"]),
        )
    spec = data["routes"][route.value]
    citation = cite(spec["cite"])
    findings: list[InternshipFinding] = []
    if route is InternshipRoute.APPRENTICESHIP:
        contracts = [p for p in periods if p.kind is PeriodKind.APPRENTICESHIP_CONTRACT]
        if not contracts:
            findings.append(
                InternshipFinding(
                    "apprenticeship_contract_missing",
                    "Ni copie du contrat d'apprentissage ni attestation de l'employeur.",
                    Severity.NV,
                    citation,
                )
            )
        findings += _evidence_findings(periods, (PeriodKind.APPRENTICESHIP_CONTRACT,), citation)
        return InternshipCheck(
            route,
            str(spec["label"]),
            "contrat d'apprentissage",
            f"{len(contracts)} document(s)",
            not any(f.severity is Severity.NV for f in findings),
            tuple(findings),
            citation,
        )
    if route in (InternshipRoute.SCHOOL, InternshipRoute.CONTINUING_FIRST):
        return _check_weeks(route, spec, periods, session, reduction, citation)
    if route is InternshipRoute.CONTINUING_IMPROVEMENT:
        return _check_improvement(spec, periods, session, exam_date, citation)
    return _check_experience(spec, periods, citation)


def _check_weeks(
    route: InternshipRoute,
    spec: dict[str, Any],
    periods: list[Period],
    session: int,
    reduction: Reduction | None,
    citation: Citation,
) -> InternshipCheck:
    kinds = [PeriodKind.INTERNSHIP]
    if spec.get("work_contract_counts"):
        kinds.append(PeriodKind.WORK_CONTRACT)
    counted_periods = [p for p in periods if p.kind in kinds]
    days = covered_days([p.with_weekly_rest() for p in counted_periods])
    weeks = Fraction(days, days_per_week())
    minimum = Fraction(int(spec["minimum_weeks"]))
    basis = f"{spec['minimum_weeks']} semaines"
    findings: list[InternshipFinding] = []
    reductions = spec.get("reduction_reasons", {})
    if reduction is not None:
        if reduction.reason not in reductions:
            findings.append(
                InternshipFinding(
                    "reduction_not_allowed",
                    f"Réduction de durée « {reduction.reason} » non prévue (motifs : "
                    + ", ".join(reductions.values() or ["aucun pour cette voie"])
                    + ").",
                    Severity.WARNING,
                    citation,
                )
            )
        else:
            minimum = Fraction(int(spec["reduced_minimum_weeks"]))
            basis = (
                f"{spec['reduced_minimum_weeks']} semaines après réduction "
                f"({reductions[reduction.reason]}"
                + (f", {reduction.reference}" if reduction.reference else "")
                + ")"
            )
    for exception in _data()["exceptions"]:
        if exception["session"] == session and route.value in exception["routes"]:
            exceptional = Fraction(int(exception["minimum_weeks"]))
            if weeks < minimum and weeks >= exceptional:
                findings.append(
                    InternshipFinding(
                        "session_exception",
                        f"Session {session} : {exception['text']} ; durée acceptée à partir de "
                        f"{exception['minimum_weeks']} semaines sur validation de l'autorité "
                        "académique.",
                        Severity.WARNING,
                        cite(exception["cite"]),
                    )
                )
                minimum = exceptional
                basis = f"{exception['minimum_weeks']} semaines (exception de la session {session})"
    satisfied_duration = weeks >= minimum
    if not satisfied_duration:
        findings.append(
            InternshipFinding(
                "internship_too_short",
                f"Durée de stage insuffisante : {_weeks_text(weeks)} pour {basis} requises.",
                Severity.NV,
                citation,
            )
        )
    findings += _evidence_findings(periods, tuple(kinds), citation)
    if spec.get("summer_rest"):
        findings += _summer_rest(counted_periods)
    return InternshipCheck(
        route=route,
        requirement=str(spec["label"]),
        required=basis,
        counted=_weeks_text(weeks),
        satisfied=not any(f.severity is Severity.NV for f in findings),
        findings=tuple(findings),
        citation=citation,
    )


def _summer_rest(periods: list[Period]) -> list[InternshipFinding]:
    rule = _data()["summer_rest"]
    need = int(rule["consecutive_weeks"]) * days_per_week()
    months = [int(m) for m in rule["months"]]
    findings = []
    for year in sorted({d.year for p in periods for d in (p.start, p.end)}):
        start = dt.date(year, months[0], 1)
        end = dt.date(year, months[-1] + 1, 1) if months[-1] < 12 else dt.date(year + 1, 1, 1)
        busy = sorted(
            (max(p.start, start), min(p.end, end - dt.timedelta(days=1)))
            for p in periods
            if p.end >= start and p.start < end
        )
        if not busy:
            continue
        longest, cursor = 0, start
        for b_start, b_end in busy:
            longest = max(longest, (b_start - cursor).days)
            cursor = max(cursor, b_end + dt.timedelta(days=1))
        longest = max(longest, (end - cursor).days)
        if longest < need:
            findings.append(
                InternshipFinding(
                    "summer_rest",
                    f"Été {year} : les périodes de stage ne laissent que {longest} jours "
                    f"consécutifs de repos ({rule['consecutive_weeks']} semaines requises).",
                    Severity.WARNING,
                    cite(rule["cite"]),
                )
            )
    return findings


def _check_improvement(
    spec: dict[str, Any],
    periods: list[Period],
    session: int,
    exam_date: dt.date | None,
    citation: Citation,
) -> InternshipCheck:
    exam = exam_date or reference_date(session)
    month = int(_data()["month_rule"]["days"])
    work = [p for p in periods if p.kind is PeriodKind.WORK]
    one_year_ago = _years_before(exam, int(spec["full_time_window_years"]))
    two_years_ago = _years_before(exam, int(spec["part_time_window_years"]))
    full_days = covered_days([p for p in work if p.full_time], since=one_year_ago, until=exam)
    any_days = covered_days(work, since=two_years_ago, until=exam)
    full_needed = int(spec["full_time_months"]) * month
    any_needed = int(spec["part_time_months"]) * month
    ok = full_days >= full_needed or any_days >= any_needed
    findings: list[InternshipFinding] = []
    if not ok:
        findings.append(
            InternshipFinding(
                "experience_too_short",
                f"Expérience insuffisante : {full_days} jours à plein temps dans l'année "
                f"précédant l'examen ({full_needed} requis : {spec['full_time_months']} mois de "
                f"{month} jours) et {any_days} jours dans les deux années précédentes "
                f"({any_needed} requis à temps partiel).",
                Severity.NV,
                citation,
            )
        )
    findings += _evidence_findings(periods, (PeriodKind.WORK,), citation)
    return InternshipCheck(
        route=InternshipRoute.CONTINUING_IMPROVEMENT,
        requirement=str(spec["label"]),
        required=f"{full_needed} jours à plein temps sur 1 an, ou {any_needed} jours sur 2 ans",
        counted=f"{full_days} jours à plein temps ; {any_days} jours au total",
        satisfied=not any(f.severity is Severity.NV for f in findings),
        findings=tuple(findings),
        citation=citation,
    )


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _check_experience(
    spec: dict[str, Any], periods: list[Period], citation: Citation
) -> InternshipCheck:
    work = [p for p in periods if p.kind is PeriodKind.WORK]
    days = covered_days(work)
    years = Fraction(days, int(_data()["year_rule"]["days"]))
    minimum = int(spec["minimum_years"])
    findings: list[InternshipFinding] = []
    if years < minimum:
        findings.append(
            InternshipFinding(
                "experience_too_short",
                f"Expérience professionnelle insuffisante : {_num(years, 2)} an(s) justifié(s) "
                f"pour {minimum} ans requis.",
                Severity.NV,
                citation,
            )
        )
    findings += _evidence_findings(periods, (PeriodKind.WORK,), citation)
    return InternshipCheck(
        route=InternshipRoute.EXPERIENCE,
        requirement=str(spec["label"]),
        required=f"{minimum} ans",
        counted=f"{_num(years, 2)} an(s)",
        satisfied=not any(f.severity is Severity.NV for f in findings),
        findings=tuple(findings),
        citation=citation,
    )
