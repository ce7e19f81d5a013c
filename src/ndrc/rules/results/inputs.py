"""What the results engine reads for one candidate and one session: the grades, the form of
assessment, VAE units, the jury's changes, the resit grades and the dossiers' conformity."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from ndrc.rules.candidate import CandidateProfile
from ndrc.rules.conformity import DossierOutcome
from ndrc.rules.errors import InvalidCandidate
from ndrc.rules.grades import Grade


class AssessmentForm(StrEnum):
    GLOBAL = "global"
    PROGRESSIVE = "progressive"


@dataclass(frozen=True)
class JuryChange:
    """A grade the jury set, with who, when and why (CE D643-26: the jury's decisions are
    recorded): a change without its author, its date (ISO 8601, a day or a day and a time) or
    its reason is refused."""

    exam: str
    value: Decimal
    author: str
    at: str
    reason: str

    def __post_init__(self) -> None:
        where = f"Modification du jury en {self.exam}"
        if not self.author.strip():
            raise InvalidCandidate(f"{where} : son auteur doit être indiqué (CE D643-26).")
        try:
            dt.datetime.fromisoformat(self.at.strip())
        except ValueError:
            raise InvalidCandidate(
                f"{where} : sa date doit être indiquée, au format AAAA-MM-JJ ou "
                f"AAAA-MM-JJTHH:MM (reçu « {self.at} ») (CE D643-26)."
            ) from None
        if not self.reason.strip():
            raise InvalidCandidate(f"{where} : toute modification du jury doit être motivée.")


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
