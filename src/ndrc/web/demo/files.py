"""Internships and dossiers of the demo session, with a realistic share of problems (late or
missing deposits, short internships, missing fiches, a doubt on the exam day)."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from ndrc.rules.candidate_category import Route
from ndrc.web.candidates.models import Candidate, Dossier, Internship

DEPOSIT_DEADLINE = dt.date(2025, 3, 14)
ORAL_DATE = dt.date(2025, 5, 19)
E4_PARTS = ["description", "upstream_analysis", "information_analysis", "reflective_analysis"]

SCHOOL_PERIODS = (
    ("2023-11-06", "2023-12-22"),
    ("2024-05-13", "2024-07-05"),
    ("2025-01-06", "2025-02-14"),
)
ORGANISATIONS = (
    "Boulangeries Arvernes",
    "Volcans Distribution",
    "Banque du Massif",
    "Clermont Optique",
    "Garage des Dômes",
    "Assurances Limagne",
)


def _periods(candidate: Candidate, rng: random.Random) -> list[Internship]:
    def period(start: str, end: str, kind: str = "internship", **flags: Any) -> Internship:
        return Internship(
            candidate=candidate,
            organisation=rng.choice(ORGANISATIONS),
            start=dt.date.fromisoformat(start),
            end=dt.date.fromisoformat(end),
            kind=kind,
            attestation=flags.get("attestation", True),
            signed=flags.get("signed", True),
        )

    route = Route(candidate.route)
    if route is Route.APPRENTICESHIP:
        return [period("2023-09-04", "2025-06-30", "apprenticeship_contract")]
    if route is Route.PROFESSIONAL_EXPERIENCE:
        return [period("2020-09-01", "2024-08-31", "work")]
    if route is Route.CONTINUING_EDUCATION:
        return [period("2024-05-13", "2024-07-05"), period("2025-01-06", "2025-01-31")]
    periods = [period(*dates) for dates in SCHOOL_PERIODS]
    roll = rng.random()
    if roll < 0.02:
        periods = periods[1:2]  # 8 weeks: too short without a recorded reduction
    elif roll < 0.04:
        periods[-1].attestation = False
    return periods


def _e4(rng: random.Random) -> dict[str, Any]:
    roll = rng.random()
    deposited = "2025-03-20" if roll < 0.02 else "2025-03-10"
    second_parts = E4_PARTS[:2] if 0.02 <= roll < 0.06 else E4_PARTS
    e4: dict[str, Any] = {
        "deposited_on": deposited,
        "signed": True,
        "fiches": [
            {"nature": "sales_negotiation", "parts": E4_PARTS, "offer_annex_pages": 2},
            {"nature": "commercial_event", "parts": second_parts, "offer_annex_pages": 1},
        ],
    }
    if 0.06 <= roll < 0.075:
        e4["exam_day_doubt"] = "pending"
    return e4


def _e6(candidate: Candidate, rng: random.Random) -> dict[str, Any]:
    if candidate.e6_professional_dossier:
        return {"deposited_on": "2025-03-10", "signed": True, "professional_dossier_pages": 9}
    roll = rng.random()
    fiches: list[dict[str, Any]] = [
        {"nature": "distributor_network", "real_experience": True},
        {"nature": "partner_network"},
        {"nature": "direct_sales_network"},
    ]
    if roll < 0.03:
        fiches[2] = {"nature": "partner_network"}
    return {"deposited_on": "2025-03-11", "signed": roll < 0.995, "fiches": fiches}


def demo_files(candidates: list[Candidate]) -> tuple[list[Internship], list[Dossier]]:
    """The internships and dossiers of these candidates (not saved)."""
    internships: list[Internship] = []
    dossiers: list[Dossier] = []
    for candidate in candidates:
        rng = random.Random(f"files-{candidate.number}")
        internships += _periods(candidate, rng)
        if rng.random() >= 0.01:  # about 1 % never deposit their E4 dossier
            dossiers.append(Dossier(candidate=candidate, exam="E4", content=_e4(rng)))
        dossiers.append(Dossier(candidate=candidate, exam="E6", content=_e6(candidate, rng)))
        if candidate.ef2:
            dossiers.append(
                Dossier(candidate=candidate, exam="EF2", content={"engagement_sheet": True})
            )
    return internships, dossiers
