"""What an internship check reads and says: periods of internship or work, a recorded
reduction, the requirement's route, and the findings (causes of NV or warnings)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from ndrc.rules.citation import Citation


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
