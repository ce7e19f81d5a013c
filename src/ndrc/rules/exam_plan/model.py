"""What an exam plan says: each planned épreuve (status, form, durations, situations,
phases, parts, commission, dossier, citations), the registration errors and warnings, and their
JSON form."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from ndrc.rules.candidate import CandidateProfile
from ndrc.rules.citation import Citation
from ndrc.rules.columns import ColumnAssignment
from ndrc.rules.regulation import Exam, Form, Modality, Part, Regulation, Timed


class ExamStatus(StrEnum):
    TO_SIT = "to_sit"
    EXEMPTED = "exempted"
    CARRIED_OVER = "carried_over"

    @property
    def label_fr(self) -> str:
        return {
            "to_sit": "À passer",
            "exempted": "Dispensé",
            "carried_over": "Bénéfice (BTS NRC)",
        }[self.value]


@dataclass(frozen=True)
class Finding:
    """A registration error or warning, with the text it applies."""

    code: str
    message: str
    citation: Citation | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "message": self.message,
            "citation": None if self.citation is None else self.citation.to_dict(),
        }


@dataclass(frozen=True)
class PlannedDossier:
    items: tuple[str, ...]
    rules: tuple[str, ...]
    citation: Citation


@dataclass(frozen=True)
class PlannedExam:
    exam: Exam
    status: ExamStatus
    reason: str = ""
    form: Form | None = None
    modality: Modality | None = None
    duration: int | None = None
    preparation: int | None = None
    preparation_place: str = ""
    situations: tuple[Timed, ...] = ()
    phases: tuple[Timed, ...] = ()
    parts: tuple[Part, ...] = ()
    commission: str = ""
    subject_sheet: str = ""
    dossier: PlannedDossier | None = None
    citations: tuple[Citation, ...] = ()

    @property
    def code(self) -> str:
        return self.exam.code

    def form_label_fr(self) -> str:
        if self.status is not ExamStatus.TO_SIT or self.form is None:
            return self.status.label_fr
        if self.parts:
            return " + ".join(f"Ponctuelle {p.modality.label_fr}" for p in self.parts)
        if self.form is Form.CCF:
            count = len(self.situations) or 0
            return f"CCF, {count} situation{'s' if count > 1 else ''} d'évaluation"
        assert self.modality is not None
        return f"Ponctuelle {self.modality.label_fr}"

    def duration_label_fr(self) -> str:
        if self.status is not ExamStatus.TO_SIT:
            return ""
        if self.parts:
            return " + ".join(minutes_text(p.duration) for p in self.parts)
        if self.form is Form.CCF:
            return " ; ".join(minutes_text(s.duration) for s in self.situations)
        text = minutes_text(self.duration)
        if self.preparation:
            text += f" (préparation {minutes_text(self.preparation)}"
            text += f" en {self.preparation_place})" if self.preparation_place else ")"
        return text

    def to_dict(self) -> dict[str, Any]:
        exam = self.exam
        return {
            "code": exam.code,
            "unit": exam.unit,
            "title": exam.title,
            "category": exam.category.value,
            "coefficient": exam.coefficient,
            "status": self.status.value,
            "reason": self.reason,
            "form": None if self.form is None else self.form.value,
            "modality": None if self.modality is None else self.modality.value,
            "duration_minutes": self.duration,
            "preparation_minutes": self.preparation,
            "preparation_place": self.preparation_place,
            "situations": [timed_dict(s) for s in self.situations],
            "phases": [timed_dict(p) for p in self.phases],
            "parts": [
                {
                    "code": p.code,
                    "title": p.title,
                    "modality": p.modality.value,
                    "duration_minutes": p.duration,
                    "preparation_minutes": p.preparation,
                    "coefficient": p.coefficient,
                    "commission": p.commission,
                    "citation": p.citation.to_dict(),
                }
                for p in self.parts
            ],
            "commission": self.commission,
            "subject_sheet": self.subject_sheet,
            "dossier": None
            if self.dossier is None
            else {
                "items": list(self.dossier.items),
                "rules": list(self.dossier.rules),
                "citation": self.dossier.citation.to_dict(),
            },
            "citations": [c.to_dict() for c in self.citations],
        }


@dataclass(frozen=True)
class ExamPlan:
    session: int
    candidate: CandidateProfile
    regulation: Regulation | None
    column: ColumnAssignment | None
    exams: tuple[PlannedExam, ...] = ()
    errors: tuple[Finding, ...] = ()
    warnings: tuple[Finding, ...] = field(default=())

    def exam(self, code: str) -> PlannedExam:
        for planned in self.exams:
            if planned.code == code:
                return planned
        raise KeyError(code)

    @property
    def is_valid(self) -> bool:
        return not self.errors

    def to_dict(self) -> dict[str, Any]:
        regulation = self.regulation
        column = self.column
        return {
            "session": self.session,
            "candidate": {
                "id": self.candidate.identifier,
                "name": self.candidate.name,
                "route": self.candidate.route.value,
            },
            "regulation": None
            if regulation is None
            else {
                "id": regulation.id,
                "title": regulation.title,
                "citation": regulation.sessions_citation.to_dict(),
            },
            "column": None
            if column is None
            else {
                "number": column.column.number,
                "label": column.column.label,
                "reason": column.reason,
                "citation": column.citation.to_dict(),
            },
            "exams": [e.to_dict() for e in self.exams],
            "errors": [e.to_dict() for e in self.errors],
            "warnings": [w.to_dict() for w in self.warnings],
            "valid": self.is_valid,
        }


def minutes_text(value: int | None) -> str:
    if value is None:
        return "—"
    hours, minutes = divmod(value, 60)
    if hours and minutes:
        return f"{hours} h {minutes:02d}"
    if hours:
        return f"{hours} h"
    return f"{minutes} min"


def timed_dict(timed: Timed) -> dict[str, Any]:
    return {
        "name": timed.name,
        "duration_minutes": timed.duration,
        "preparation_minutes": timed.preparation,
        "detail": timed.detail,
    }
