"""A generated national session: candidates with a realistic mix of categories, exemptions,
carried-over grades, absences and optional units (deterministic for a given seed)."""

from __future__ import annotations

import random
from decimal import Decimal

from ndrc.rules.candidate import CandidateProfile, DiplomaHeld
from ndrc.rules.candidate_category import EstablishmentStatus, Habilitation, Route
from ndrc.rules.grades import CarriedOver, Grade, GradeState
from ndrc.rules.results import AssessmentForm, ResultInput

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


def _grade(rng: random.Random) -> Grade:
    roll = rng.random()
    if roll < 0.015:
        return Grade(GradeState.ABSENT)
    if roll < 0.02:
        return Grade(GradeState.ABSENT_FORCE_MAJEURE)
    value = min(20.0, max(0.0, rng.gauss(10.8, 3.2)))
    return Grade(GradeState.GRADE, Decimal(round(value * 4) / 4).quantize(Decimal("0.01")))


def generate_session(count: int, session: int = 2025, seed: int = 2025) -> list[ResultInput]:
    rng = random.Random(seed)
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
        )
        grades = {code: _grade(rng) for code in COMPULSORY}
        if rng.random() < 0.01:
            grades["E4"] = Grade(GradeState.NOT_VALID)
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
        inputs.append(
            ResultInput(
                candidate=candidate,
                session=session,
                grades=grades,
                assessment=AssessmentForm.PROGRESSIVE if progressive else AssessmentForm.GLOBAL,
                vae_units=("U6",) if rng.random() < 0.01 else (),
            )
        )
    return inputs
