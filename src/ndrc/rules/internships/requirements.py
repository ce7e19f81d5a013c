"""The requirement of each route (annexe III b) and the check of a candidate's periods
against it: weeks of internship, an apprenticeship contract, or work certificates."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from fractions import Fraction
from typing import Any

from ndrc.rules.candidate_category import Route
from ndrc.rules.citation import Citation, cite
from ndrc.rules.errors import InvalidCandidate
from ndrc.rules.internships.counting import (
    covered_days,
    days_per_week,
    days_per_year,
    internship_data,
    number_text,
    reference_date,
    week_days,
    weeks_text,
    years_before,
)
from ndrc.rules.internships.model import (
    InternshipCheck,
    InternshipFinding,
    InternshipRoute,
    Period,
    PeriodKind,
    Reduction,
    Severity,
)
from ndrc.rules.internships.period_checks import uncounted


def reduction_reasons() -> dict[str, str]:
    """Every recorded reason that may shorten an internship, in any route (code → text)."""
    reasons: dict[str, str] = {}
    for spec in internship_data()["routes"].values():
        reasons.update({str(k): str(v) for k, v in (spec.get("reduction_reasons") or {}).items()})
    return reasons


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


def _evidence_findings(
    periods: list[Period], kinds: tuple[PeriodKind, ...], citation: Citation
) -> list[InternshipFinding]:
    findings = []
    relevant = [p for p in periods if p.kind in kinds]
    one_each = internship_data()["one_attestation_per_period"]
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
    data = internship_data()
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
    excluded = uncounted(periods, session=session, exam_date=exam_date)
    if excluded:
        periods = [p for p in periods if all(p is not e for e, _ in excluded)]
    check = _check_route(route, spec, periods, session, reduction, exam_date, citation)
    if not excluded:
        return check
    not_counted = tuple(
        InternshipFinding(
            "period_not_counted",
            f"Période « {period.organisation} » ({period.start:%d/%m/%Y} – "
            f"{period.end:%d/%m/%Y}) non comptée : {problem.message}",
            Severity.WARNING,
            problem.citation,
        )
        for period, problem in excluded
    )
    return replace(check, findings=not_counted + check.findings)


def _check_route(
    route: InternshipRoute,
    spec: dict[str, Any],
    periods: list[Period],
    session: int,
    reduction: Reduction | None,
    exam_date: dt.date | None,
    citation: Citation,
) -> InternshipCheck:
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
    days = week_days(counted_periods)
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
    for exception in internship_data()["exceptions"]:
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
                f"Durée de stage insuffisante : {weeks_text(weeks)} pour {basis} requises.",
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
        counted=weeks_text(weeks),
        satisfied=not any(f.severity is Severity.NV for f in findings),
        findings=tuple(findings),
        citation=citation,
    )


def _summer_rest(periods: list[Period]) -> list[InternshipFinding]:
    rule = internship_data()["summer_rest"]
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
    """Work certificates (six months full time in the year before the exam, or a year part
    time in the two years before), or the internship attestation they may replace (II.3.b:
    « peut être remplacée »), for continuing education's internship duration (DEC D38)."""
    exam = exam_date or reference_date(session)
    month = int(internship_data()["month_rule"]["days"])
    work = [p for p in periods if p.kind is PeriodKind.WORK]
    internships = [p for p in periods if p.kind is PeriodKind.INTERNSHIP]
    one_year_ago = years_before(exam, int(spec["full_time_window_years"]))
    two_years_ago = years_before(exam, int(spec["part_time_window_years"]))
    full_days = covered_days([p for p in work if p.full_time], since=one_year_ago, until=exam)
    any_days = covered_days(work, since=two_years_ago, until=exam)
    full_needed = int(spec["full_time_months"]) * month
    any_needed = int(spec["part_time_months"]) * month
    alternative = spec["internship"]
    weeks = Fraction(week_days(internships), days_per_week())
    weeks_needed = int(alternative["minimum_weeks"])
    by_work = full_days >= full_needed or any_days >= any_needed
    by_internship = bool(internships) and weeks >= weeks_needed
    findings: list[InternshipFinding] = []
    if not (by_work or by_internship):
        message = (
            f"Expérience insuffisante : {full_days} jours à plein temps dans l'année "
            f"précédant l'examen ({full_needed} requis : {spec['full_time_months']} mois de "
            f"{month} jours) et {any_days} jours dans les deux années précédentes "
            f"({any_needed} requis à temps partiel)"
        )
        if internships:
            message += (
                f" ; stage de {weeks_text(weeks)} ({weeks_needed} semaines requises "
                "pour que l'attestation de stage suffise)"
            )
        findings.append(
            InternshipFinding("experience_too_short", message + ".", Severity.NV, citation)
        )
    # Only the evidence of the way that meets the requirement is checked (or of both when
    # neither does): an attestation of a short internship does not matter beside certificates.
    kinds: tuple[PeriodKind, ...] = (PeriodKind.WORK, PeriodKind.INTERNSHIP)
    if by_work:
        kinds = (PeriodKind.WORK,)
    elif by_internship:
        kinds = (PeriodKind.INTERNSHIP,)
    findings += _evidence_findings(periods, kinds, citation)
    counted = f"{full_days} jours à plein temps ; {any_days} jours au total"
    if internships:
        counted += f" ; stage : {weeks_text(weeks)}"
    return InternshipCheck(
        route=InternshipRoute.CONTINUING_IMPROVEMENT,
        requirement=str(spec["label"]),
        required=f"{full_needed} jours à plein temps sur 1 an, ou {any_needed} jours sur 2 ans, "
        f"{alternative['text']}",
        counted=counted,
        satisfied=not any(f.severity is Severity.NV for f in findings),
        findings=tuple(findings),
        citation=citation if by_work or not by_internship else cite(alternative["cite"]),
    )


def _check_experience(
    spec: dict[str, Any], periods: list[Period], citation: Citation
) -> InternshipCheck:
    work = [p for p in periods if p.kind is PeriodKind.WORK]
    days = covered_days(work)
    years = Fraction(days, days_per_year())
    minimum = int(spec["minimum_years"])
    findings: list[InternshipFinding] = []
    if years < minimum:
        findings.append(
            InternshipFinding(
                "experience_too_short",
                f"Expérience professionnelle insuffisante : {number_text(years, 2)} an(s) "
                f"justifié(s) pour {minimum} ans requis.",
                Severity.NV,
                citation,
            )
        )
    findings += _evidence_findings(periods, (PeriodKind.WORK,), citation)
    return InternshipCheck(
        route=InternshipRoute.EXPERIENCE,
        requirement=str(spec["label"]),
        required=f"{minimum} ans",
        counted=f"{number_text(years, 2)} an(s)",
        satisfied=not any(f.severity is Severity.NV for f in findings),
        findings=tuple(findings),
        citation=citation,
    )
