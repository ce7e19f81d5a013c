"""A generated national session, as the web application hands it to the results engine
(``ndrc.web.candidates.rules_inputs.result_inputs``): candidates with a realistic mix of
categories, exemptions, carried-over grades, absences and optional units; every candidate's
dossiers checked by ``check_conformity`` (the académie's deposit deadline is fixed), so that
each input carries its conformity outcomes; the jury's grade changes, with author, date and
reason, of a few candidates; and, once the resit orals are held, the resit grades of most
candidates eligible for them (deterministic for a given seed)."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import replace
from decimal import Decimal

from ndrc.rules.candidate import CandidateProfile, DiplomaHeld
from ndrc.rules.candidate_category import EstablishmentStatus, Habilitation, Route
from ndrc.rules.conformity import ConformityInput, DossierInput, Fiche, check_conformity
from ndrc.rules.grades import CarriedOver, Grade, GradeState
from ndrc.rules.internships import Period, PeriodKind
from ndrc.rules.results import (
    AssessmentForm,
    Decision,
    JuryChange,
    ResitGrade,
    ResultInput,
    decide,
    deliberate,
    resit_units,
)

CATEGORIES = (
    # weight, route, status, habilitation
    (50, Route.SCHOOL, EstablishmentStatus.PUBLIC, Habilitation.CCF),
    (12, Route.SCHOOL, EstablishmentStatus.PRIVATE_UNDER_CONTRACT, Habilitation.CCF),
    (5, Route.SCHOOL, EstablishmentStatus.PRIVATE_OUTSIDE_CONTRACT, Habilitation.NONE),
    (15, Route.APPRENTICESHIP, EstablishmentStatus.PUBLIC, Habilitation.CCF),
    (4, Route.APPRENTICESHIP, EstablishmentStatus.PRIVATE_OUTSIDE_CONTRACT, Habilitation.NONE),
    (3, Route.CONTINUING_EDUCATION, EstablishmentStatus.PUBLIC, Habilitation.FULL_CCF),
    (2, Route.CONTINUING_EDUCATION, EstablishmentStatus.PUBLIC, Habilitation.CCF),
    (
        3,
        Route.CONTINUING_EDUCATION,
        EstablishmentStatus.PRIVATE_OUTSIDE_CONTRACT,
        Habilitation.NONE,
    ),
    (3, Route.DISTANCE_LEARNING, None, None),
    (3, Route.PROFESSIONAL_EXPERIENCE, None, None),
)
COMPULSORY = ("E1", "E2", "E3", "E4", "E5W", "E5P", "E6")
JURY_CHANGED = ("E1", "E4", "E5P", "E6")


def _d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def _internships(*spans: tuple[str, str]) -> tuple[Period, ...]:
    return tuple(
        Period(f"Entreprise {i}", _d(start), _d(end), PeriodKind.INTERNSHIP, True, True)
        for i, (start, end) in enumerate(spans, 1)
    )


# The periods a file records, by route (21 weeks of internship; a two-year apprenticeship
# contract; four years of work), as in examples/conformity_2025.json.
_SCHOOL_PERIODS = _internships(
    ("2023-11-06", "2023-12-22"), ("2024-05-13", "2024-07-05"), ("2025-01-06", "2025-02-14")
)
_SHORT_PERIODS = _internships(("2024-05-13", "2024-06-28"))
PERIODS = {
    Route.SCHOOL: _SCHOOL_PERIODS,
    Route.DISTANCE_LEARNING: _SCHOOL_PERIODS,
    Route.CONTINUING_EDUCATION: _SCHOOL_PERIODS,
    Route.APPRENTICESHIP: (
        Period(
            "CFA Commerce",
            _d("2023-09-01"),
            _d("2025-06-30"),
            PeriodKind.APPRENTICESHIP_CONTRACT,
            True,
            True,
        ),
    ),
    Route.PROFESSIONAL_EXPERIENCE: (
        Period("Assurances", _d("2020-09-01"), _d("2024-08-31"), PeriodKind.WORK, True, True),
    ),
}
DEADLINE, ORAL = _d("2025-03-14"), _d("2025-05-19")
_PARTS = ("description", "upstream_analysis", "information_analysis", "reflective_analysis")
E4 = DossierInput(
    "E4",
    _d("2025-03-10"),
    True,
    (
        Fiche("sales_negotiation", _PARTS, offer_annex_pages=2),
        Fiche("commercial_event", _PARTS, offer_annex_pages=1),
    ),
)
E4_INCOMPLETE = replace(E4, fiches=(Fiche("sales_negotiation", _PARTS[:1]),))  # defects
E4_LATE = replace(E4, deposited_on=_d("2025-03-20"))  # NV
E6 = DossierInput(
    "E6",
    _d("2025-03-10"),
    True,
    (
        Fiche("distributor_network", real_experience=True),
        Fiche("partner_network"),
        Fiche("direct_sales_network"),
    ),
)


def _grade(rng: random.Random) -> Grade:
    roll = rng.random()
    if roll < 0.015:
        return Grade(GradeState.ABSENT)
    if roll < 0.02:
        return Grade(GradeState.ABSENT_FORCE_MAJEURE)
    value = min(20.0, max(0.0, rng.gauss(10.8, 3.2)))
    return Grade(GradeState.GRADE, Decimal(round(value * 4) / 4).quantize(Decimal("0.01")))


def _dossiers(rng: random.Random, ef2: bool) -> dict[str, DossierInput]:
    """The dossiers as deposited: 3 % of E4 with composition defects, 0.5 % late (NV), 0.3 %
    with a doubt on the exam day (reserved), 0.1 % suspected of plagiarism (fraud); 2 % of the
    EF2 candidates without their engagement sheet."""
    roll = rng.random()
    e4 = (
        E4_INCOMPLETE
        if roll < 0.03
        else E4_LATE
        if roll < 0.035
        else replace(E4, exam_day_doubt="pending")
        if roll < 0.038
        else replace(E4, plagiarism_suspected=True)
        if roll < 0.039
        else E4
    )
    dossiers = {"E4": e4, "E6": E6}
    if ef2:
        dossiers["EF2"] = DossierInput("EF2", engagement_sheet=rng.random() >= 0.02)
    return dossiers


def _conformity(candidate: CandidateProfile, session: int, rng: random.Random) -> ConformityInput:
    periods = PERIODS[candidate.route]
    if candidate.route is Route.SCHOOL and rng.random() < 0.005:
        periods = _SHORT_PERIODS  # internship too short: NV
    return ConformityInput(
        candidate=candidate,
        session=session,
        deadline=DEADLINE,
        periods=periods,
        dossiers=_dossiers(rng, candidate.ef2),
        distance_status="school" if candidate.route is Route.DISTANCE_LEARNING else "",
        exam_date=ORAL,
    )


def _jury_change(rng: random.Random, session: int) -> JuryChange:
    return JuryChange(
        exam=rng.choice(JURY_CHANGED),
        value=Decimal(rng.randint(20, 36)) / 2,
        author="Présidente du jury",
        at=f"{session}-07-0{rng.randint(1, 4)}T10:{rng.randint(10, 59)}",
        reason="Harmonisation des notes de la commission d'interrogation.",
    )


def generate_session(count: int, session: int = 2025, seed: int = 2025) -> list[ResultInput]:
    """``count`` candidates as the web application passes them to the engine."""
    return generate_files(count, session, seed)[0]


def generate_files(
    count: int, session: int = 2025, seed: int = 2025
) -> tuple[list[ResultInput], list[ConformityInput]]:
    """The engine's inputs, and the conformity inputs their outcomes were checked from."""
    rng = random.Random(seed)
    files = []
    weights = [c[0] for c in CATEGORIES]
    inputs = []
    for i in range(count):
        _, route, status, habilitation = rng.choices(CATEGORIES, weights)[0]
        exempted = rng.random() < 0.05
        ef1 = rng.random() < 0.2
        candidate = CandidateProfile(
            route=route,
            establishment_status=status,
            habilitation=habilitation,
            lv1="anglais",
            ef1_language="espagnol" if ef1 else "",
            ef2=rng.random() < 0.1,
            diplomas=(DiplomaHeld(kind="bts_other_specialty"),) if exempted else (),
            exemption_requests=("U1", "U2") if exempted else (),
            identifier=f"{session % 100}N{i:06d}",
            name=f"Candidat {i}",
        )
        grades = {code: _grade(rng) for code in COMPULSORY}
        if rng.random() < 0.08:
            grades["E3"] = Grade(
                GradeState.CARRIED_OVER,
                Decimal(rng.randint(10, 16)),
                carried=CarriedOver(session=session - rng.randint(1, 4)),
            )
        if ef1:
            grades["EF1"] = _grade(rng)
        if candidate.ef2:
            grades["EF2"] = _grade(rng)
        progressive = route is Route.CONTINUING_EDUCATION and rng.random() < 0.3
        vae_units = ("U6",) if rng.random() < 0.01 else ()
        files.append(replace(_conformity(candidate, session, rng), vae_units=vae_units))
        conformity = check_conformity(files[-1])
        changes = (_jury_change(rng, session),) if rng.random() < 0.03 else ()
        inputs.append(
            ResultInput(
                candidate=candidate,
                session=session,
                grades=grades,
                assessment=AssessmentForm.PROGRESSIVE if progressive else AssessmentForm.GLOBAL,
                vae_units=vae_units,
                conformity=conformity.outcomes,
                jury_changes=changes,
            )
        )
    return [_after_resit_orals(data, rng) for data in inputs], files


def _after_resit_orals(data: ResultInput, rng: random.Random) -> ResultInput:
    """The deliberation after the resit orals: 80 % of the candidates eligible have their
    grades entered for the units they chose, 5 % renounced."""
    if decide(data).decision is not Decision.RESIT_ELIGIBLE:
        return data
    roll = rng.random()
    if roll < 0.05:
        return replace(data, resit_declined=True)
    if roll >= 0.85:
        return data
    units = resit_units(deliberate(data))[:2]
    grades = tuple(ResitGrade(unit, Decimal(rng.randint(12, 36)) / 2) for unit in units)
    return replace(data, resit_grades=grades)
