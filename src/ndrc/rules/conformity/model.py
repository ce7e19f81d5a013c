"""What a conformity check reads (dossiers, fiches, periods) and what it says: each
dossier's outcome (conform, defects, NV, reserved, fraud, not held, awaited) and the checklist
of what is done, missing and due."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from ndrc.rules.candidate import CandidateProfile
from ndrc.rules.citation import Citation, cite
from ndrc.rules.exam_plan import ExamPlan
from ndrc.rules.internships import InternshipCheck, Period, Reduction, week_rule


class Outcome(StrEnum):
    CONFORM = "conform"
    DEFECTS = "defects"  # examined, defects penalised in the grid
    NOT_VALID = "nv"
    RESERVED = "reserved"
    FRAUD = "fraud"
    NOT_HELD = "not_held"  # EF2 without its engagement sheet
    NOT_REQUIRED = "not_required"
    AWAITING = "awaiting"  # not deposited yet, the deadline has not passed

    @property
    def label_fr(self) -> str:
        return _LABELS[self]


_LABELS = {
    Outcome.CONFORM: "Conforme",
    Outcome.DEFECTS: "Interrogé, insuffisances pénalisées",
    Outcome.NOT_VALID: "NV (non valide)",
    Outcome.RESERVED: "Note réservée (vérification en cours)",
    Outcome.FRAUD: "Procédure de fraude",
    Outcome.NOT_HELD: "Épreuve ne pouvant se dérouler",
    Outcome.NOT_REQUIRED: "Non concerné",
    Outcome.AWAITING: "Dossier attendu (date limite non atteinte)",
}


class ItemStatus(StrEnum):
    DONE = "done"
    MISSING = "missing"
    DUE = "due"
    WARNING = "warning"

    @property
    def label_fr(self) -> str:
        return {"done": "fait", "missing": "manquant", "due": "à fournir", "warning": "attention"}[
            self.value
        ]


@dataclass(frozen=True)
class Fiche:
    nature: str
    parts: tuple[str, ...] = ()
    covers_pole: bool = True
    real_experience: bool = False
    offer_annex_pages: int | None = None  # E4 from 2022: None when the annex is absent


@dataclass(frozen=True)
class DossierInput:
    exam: str
    deposited_on: dt.date | None = None
    signed: bool = False
    fiches: tuple[Fiche, ...] = ()
    reflective_study_pages: int | None = None
    professional_dossier_pages: int | None = None
    formal_rules_respected: bool = True
    plagiarism_suspected: bool = False
    exam_day_doubt: str = ""  # "", "pending", "cleared", "confirmed"
    engagement_sheet: bool = False


@dataclass(frozen=True)
class ChecklistItem:
    exam: str
    label: str
    status: ItemStatus
    citation: Citation
    due: dt.date | None = None
    detail: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "exam": self.exam,
            "label": self.label,
            "status": self.status.value,
            "due": None if self.due is None else self.due.isoformat(),
            "detail": self.detail,
            "citation": self.citation.to_dict(),
        }


@dataclass(frozen=True)
class DossierOutcome:
    exam: str
    outcome: Outcome
    nv_causes: tuple[str, ...] = ()
    defects: tuple[str, ...] = ()
    citations: tuple[Citation, ...] = ()
    note: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "exam": self.exam,
            "outcome": self.outcome.value,
            "outcome_label": self.outcome.label_fr,
            "nv_causes": list(self.nv_causes),
            "defects": list(self.defects),
            "note": self.note,
            "citations": [c.short for c in self.citations],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> DossierOutcome:
        """The outcome as ``to_dict`` wrote it (what a stored conformity is read back from)."""
        return cls(
            exam=str(data["exam"]),
            outcome=Outcome(data["outcome"]),
            nv_causes=tuple(data.get("nv_causes", ())),
            defects=tuple(data.get("defects", ())),
            citations=tuple(cite(c) for c in data.get("citations", ())),
            note=str(data.get("note", "")),
        )


@dataclass(frozen=True)
class ConformityInput:
    candidate: CandidateProfile
    session: int
    deadline: dt.date | None
    periods: tuple[Period, ...] = ()
    dossiers: dict[str, DossierInput] = field(default_factory=dict)
    reduction: Reduction | None = None
    continuing_situation: str = ""
    distance_status: str = ""
    exam_date: dt.date | None = None
    vae_units: tuple[str, ...] = ()


@dataclass(frozen=True)
class ConformityReport:
    candidate: CandidateProfile
    session: int
    internship: InternshipCheck | None
    outcomes: tuple[DossierOutcome, ...]
    checklist: tuple[ChecklistItem, ...]
    plan: ExamPlan

    def outcome(self, exam: str) -> DossierOutcome | None:
        return next((o for o in self.outcomes if o.exam == exam), None)

    def to_dict(self) -> dict[str, Any]:
        rule, rule_cite = week_rule()
        return {
            "candidate": {"id": self.candidate.identifier, "name": self.candidate.name},
            "session": self.session,
            "internship": None if self.internship is None else self.internship.to_dict(),
            "week_rule": {"text": rule, "citation": rule_cite.short},
            "outcomes": [o.to_dict() for o in self.outcomes],
            "checklist": [i.to_dict() for i in self.checklist],
        }

    def render_fr(self) -> str:
        who = self.candidate.name or self.candidate.identifier or "Candidat"
        lines = [f"Conformité des dossiers — {who} — session {self.session}"]
        if self.internship is not None:
            i = self.internship
            lines.append(
                f"Stage / expérience : {i.counted} pour {i.required} — "
                + ("suffisant" if i.satisfied else "INSUFFISANT")
            )
        for o in self.outcomes:
            lines.append(f"{o.exam} : {o.outcome.label_fr}")
            lines += [f"  ✗ {c}" for c in o.nv_causes]
            lines += [f"  – {d} (pénalisé dans la grille)" for d in o.defects]
            if o.note:
                lines.append(f"  {o.note}")
        lines.append("")
        lines.append("Liste de contrôle :")
        for item in self.checklist:
            due = f" (avant le {item.due:%d/%m/%Y})" if item.due else ""
            detail = f" — {item.detail}" if item.detail else ""
            lines.append(
                f"  [{item.status.label_fr}] {item.exam} : {item.label}{due}{detail} "
                f"[{item.citation.short}]"
            )
        return "\n".join(lines)
