"""What the results engine reads for one candidate and one session: the grades, the form of
assessment, VAE units, the jury's changes, the resit grades and the dossiers' conformity."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from ndrc.rules.candidate import CandidateProfile
from ndrc.rules.conformity import DossierOutcome
from ndrc.rules.grades import Grade


class AssessmentForm(StrEnum):
    GLOBAL = "global"
    PROGRESSIVE = "progressive"


@dataclass(frozen=True)
class JuryChange:
    """A grade the jury set, with who, when and why (CE D643-26)."""

    exam: str
    value: Decimal
    author: str
    at: str
    reason: str


@dataclass(frozen=True)
class ResitGrade:
    unit: str
    value: Decimal


@dataclass(frozen=True)
class ResultInput:
    candidate: CandidateProfile
    session: int
    grades: dict[str, Grade]
    assessment: AssessmentForm = AssessmentForm.GLOBAL
    vae_units: tuple[str, ...] = ()
    jury_changes: tuple[JuryChange, ...] = ()
    resit_grades: tuple[ResitGrade, ...] = ()
    resit_declined: bool = False
    fraud_procedure: bool = False
    overrides: dict[str, str] = field(default_factory=dict)
    conformity: tuple[DossierOutcome, ...] = ()
