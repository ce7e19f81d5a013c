"""Conformity of a candidate's dossiers (E4, E6, EF2) and the checklist of what is done,
missing and due — weeks before the orals.

- A cause of non-conformity (not deposited, late, internship or experience too short,
  attestation missing, documents not signed) gives **NV**: the candidate is not examined and
  cannot be awarded the diploma.
- A composition defect is passed to the evaluation grid as a penalty: the candidate is examined.
- A doubt on the exam day gives a **reserved** grade until verification, then confirmed or NV.
- From 2024, plagiarism is fraud.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache
from typing import Any

from ndrc.rules.candidate import CandidateProfile
from ndrc.rules.catalogue import catalogue
from ndrc.rules.citation import Citation, cite
from ndrc.rules.data_files import load_yaml
from ndrc.rules.exam_plan import ExamPlan, ExamStatus, exam_plan
from ndrc.rules.internships import (
    InternshipCheck,
    Period,
    Reduction,
    Severity,
    check_internship,
    internship_route,
    week_rule,
)


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


@cache
def _data() -> dict[str, Any]:
    data: dict[str, Any] = load_yaml("dossiers.yaml")
    return data


def dossier_catalogue(exam: str) -> dict[str, Any]:
    """What a dossier of this épreuve is made of (fiche natures and parts, page limits), as
    encoded from the texts; for the forms that describe a deposited dossier."""
    exams: dict[str, Any] = _data()["exams"]
    return dict(exams[exam])


def _conformity_citation(regulation_id: str) -> Citation:
    return cite(_data()["conformity_cite"][regulation_id])


def _deposit(
    exam: str,
    dossier: DossierInput | None,
    data: ConformityInput,
    as_of: dt.date | None,
    citation: Citation,
    causes: list[str],
    items: list[ChecklistItem],
) -> bool:
    """Checklist items of the deposit; True when the dossier is still awaited."""
    texts = _data()["nv_causes"]
    deadline = data.deadline
    if dossier is None or dossier.deposited_on is None:
        if deadline is not None and as_of is not None and as_of <= deadline:
            items.append(
                ChecklistItem(exam, "Dépôt du dossier", ItemStatus.DUE, citation, due=deadline)
            )
            return True
        causes.append(texts["not_deposited"])
        items.append(ChecklistItem(exam, "Dépôt du dossier", ItemStatus.MISSING, citation))
        return False
    if deadline is not None and dossier.deposited_on > deadline:
        causes.append(texts["late"])
        items.append(
            ChecklistItem(
                exam,
                "Dépôt du dossier",
                ItemStatus.MISSING,
                citation,
                detail=f"déposé le {dossier.deposited_on:%d/%m/%Y}, après le {deadline:%d/%m/%Y}",
            )
        )
    else:
        items.append(
            ChecklistItem(
                exam,
                "Dépôt du dossier",
                ItemStatus.DONE,
                citation,
                detail=f"déposé le {dossier.deposited_on:%d/%m/%Y}",
            )
        )
    if dossier.signed:
        items.append(ChecklistItem(exam, "Documents visés et signés", ItemStatus.DONE, citation))
    else:
        causes.append(texts["not_signed"])
        items.append(ChecklistItem(exam, "Documents visés et signés", ItemStatus.MISSING, citation))
    return False


def _e4_defects(
    dossier: DossierInput, session: int, items: list[ChecklistItem]
) -> tuple[list[str], list[Citation]]:
    spec = _data()["exams"]["E4"]
    defects: list[str] = []
    citations: list[Citation] = []

    def defect(code: str, detail: str = "") -> None:
        entry = spec["defects"][code]
        defects.append(entry["text"] + (f" ({detail})" if detail else ""))
        citations.append(cite(entry["cite"]))

    natures = [f.nature for f in dossier.fiches]
    for nature, label in spec["natures"].items():
        present = nature in natures
        items.append(
            ChecklistItem(
                "E4",
                f"Fiche : {label}",
                ItemStatus.DONE if present else ItemStatus.MISSING,
                cite(spec["defects"]["missing_fiche"]["cite"]),
            )
        )
    if len(natures) > len(set(natures)):
        defect("same_nature")
    required = len(spec["natures"])  # one fiche of each nature
    if len(set(natures) & set(spec["natures"])) < required and len(set(natures)) == len(natures):
        defect("missing_fiche")
    if any(not f.covers_pole for f in dossier.fiches):
        defect("not_covering_pole")
    parts = spec["fiche_parts"]
    for fiche in dossier.fiches:
        missing = [parts[p] for p in parts if p not in fiche.parts]
        if missing:
            defect(
                "missing_part",
                f"{spec['natures'].get(fiche.nature, fiche.nature)} : " + ", ".join(missing),
            )
    annex = spec["offer_annex"]
    if session >= int(annex["from_session"]):
        for fiche in dossier.fiches:
            label = spec["natures"].get(fiche.nature, fiche.nature)
            if fiche.offer_annex_pages is None:
                defect("missing_offer_annex", label)
                status = ItemStatus.MISSING
            elif fiche.offer_annex_pages > int(annex["max_pages"]):
                defect("offer_annex_too_long", f"{label} : {fiche.offer_annex_pages} pages")
                status = ItemStatus.WARNING
            else:
                status = ItemStatus.DONE
            items.append(
                ChecklistItem(
                    "E4", f"Annexe de l'offre commerciale ({label})", status, cite(annex["cite"])
                )
            )
    return defects, citations


def _e6_defects(
    dossier: DossierInput,
    session: int,
    professional_allowed: bool,
    items: list[ChecklistItem],
) -> tuple[list[str], list[Citation]]:
    spec = _data()["exams"]["E6"]
    defects: list[str] = []
    citations: list[Citation] = []

    def defect(code: str, detail: str = "") -> None:
        entry = spec["defects"][code]
        defects.append(entry["text"] + (f" ({detail})" if detail else ""))
        citations.append(cite(entry["cite"]))

    uses_professional = professional_allowed and dossier.professional_dossier_pages is not None
    if uses_professional:
        pages = dossier.professional_dossier_pages or 0
        limit = int(spec["professional_dossier_max_pages"])
        items.append(
            ChecklistItem(
                "E6",
                "Dossier professionnel (activités réseau du pôle 3)",
                ItemStatus.DONE if pages <= limit else ItemStatus.WARNING,
                cite(spec["defects"]["volume"]["cite"]),
                detail=f"{pages} pages (une dizaine au maximum)",
            )
        )
        if pages > limit:
            defect("volume", f"dossier professionnel de {pages} pages")
    else:
        natures = [f.nature for f in dossier.fiches]
        for nature, label in spec["natures"].items():
            items.append(
                ChecklistItem(
                    "E6",
                    f"Fiche : {label}",
                    ItemStatus.DONE if nature in natures else ItemStatus.MISSING,
                    cite(spec["defects"]["missing_fiches"]["cite"]),
                )
            )
        distinct = set(natures) & set(spec["natures"])
        required = len(spec["natures"])  # one fiche of each network type
        if len(natures) > len(set(natures)):
            defect("same_nature")
        if len(distinct) < required:
            defect("missing_fiches", f"{len(distinct)} type(s) de réseau sur {required}")
        if any(not f.covers_pole for f in dossier.fiches):
            defect("not_covering_pole")
        if dossier.fiches and not any(f.real_experience for f in dossier.fiches):
            defect("no_real_experience")
    study = spec["reflective_study"]
    if session <= int(study["until_session"]):
        study_pages = dossier.reflective_study_pages
        if study_pages is None:
            defect("missing_reflective_study")
            status = ItemStatus.MISSING
        elif study_pages > int(study["max_pages"]):
            defect("volume", f"étude réflexive de {study_pages} pages")
            status = ItemStatus.WARNING
        else:
            status = ItemStatus.DONE
        items.append(ChecklistItem("E6", "Étude réflexive réseau", status, cite(study["cite"])))
    if not dossier.formal_rules_respected:
        defect("volume")
    return defects, citations


def _deposited(deposit: bool) -> tuple[str, ...]:
    """The épreuves whose dossier is deposited with the internship attestations (E4, E6), or
    the others (EF2 and its engagement sheet)."""
    specs = _data()["exams"]
    return tuple(code for code in catalogue().dossier_exams if specs[code]["deposit"] is deposit)


def _internship_items(check: InternshipCheck, items: list[ChecklistItem]) -> None:
    citation = check.citation or week_rule()[1]
    exams = "/".join(_deposited(True))
    items.append(
        ChecklistItem(
            exams,
            f"Stage ou expérience : {check.required}",
            ItemStatus.DONE
            if not [f for f in check.findings if f.code.endswith("too_short")]
            else ItemStatus.MISSING,
            citation,
            detail=f"justifié : {check.counted}",
        )
    )
    for finding in check.findings:
        if finding.code.endswith("too_short"):
            continue
        items.append(
            ChecklistItem(
                exams,
                finding.message,
                ItemStatus.MISSING if finding.severity is Severity.NV else ItemStatus.WARNING,
                finding.citation,
            )
        )


def check_conformity(data: ConformityInput, as_of: dt.date | None = None) -> ConformityReport:
    """The conformity report; ``as_of`` (today, for a checklist) turns a missing deposit
    before the deadline into an item due rather than a cause of NV."""
    plan = exam_plan(data.candidate, data.session)
    to_sit = {
        p.code: p
        for p in plan.exams
        if p.status is ExamStatus.TO_SIT and p.exam.unit not in data.vae_units
    }
    exempted = (
        tuple(p.exam.unit for p in plan.exams if p.status is not ExamStatus.TO_SIT) + data.vae_units
    )
    items: list[ChecklistItem] = []
    outcomes: list[DossierOutcome] = []
    internship: InternshipCheck | None = None
    oral_dossiers = [code for code in _deposited(True) if code in to_sit]
    regulation_id = plan.regulation.id if plan.regulation else "R2023"
    if oral_dossiers:
        internship = check_internship(
            route=internship_route(
                data.candidate.route, data.continuing_situation, data.distance_status
            ),
            periods=list(data.periods),
            session=data.session,
            exempted_units=exempted,
            reduction=data.reduction,
            exam_date=data.exam_date,
        )
        _internship_items(internship, items)
    texts = _data()["nv_causes"]
    for code in oral_dossiers:
        dossier = data.dossiers.get(code)
        citation = _conformity_citation(regulation_id)
        causes: list[str] = []
        awaiting = _deposit(code, dossier, data, as_of, citation, causes, items)
        planned_dossier = plan.exam(code).dossier
        if awaiting and planned_dossier is not None:
            items.extend(
                ChecklistItem(
                    code, label, ItemStatus.DUE, planned_dossier.citation, due=data.deadline
                )
                for label in planned_dossier.items
            )
        assert internship is not None
        for finding in internship.nv_causes:
            cause = (
                texts["internship_too_short"]
                if finding.code.endswith("too_short")
                else texts["attestation_missing"]
                if finding.code in ("attestation_missing", "apprenticeship_contract_missing")
                else texts["not_signed"]
            )
            if cause not in causes:
                causes.append(cause)
        defects: list[str] = []
        citations = [citation]
        if dossier is not None and dossier.deposited_on is not None:
            if code == "E4":
                defects, more = _e4_defects(dossier, data.session, items)
            else:
                professional = plan.exam(code).exam.dossier
                allowed = bool(
                    professional
                    and professional.professional_dossier
                    and data.candidate.route.value in professional.professional_dossier.routes
                )
                defects, more = _e6_defects(dossier, data.session, allowed, items)
            citations += more
        if awaiting and not causes:
            outcomes.append(
                DossierOutcome(
                    code,
                    Outcome.AWAITING,
                    citations=tuple(citations),
                    note=f"À déposer au plus tard le {data.deadline:%d/%m/%Y}."
                    if data.deadline
                    else "",
                )
            )
            continue
        outcomes.append(_outcome(code, dossier, data.session, causes, defects, citations))
    for code in (c for c in _deposited(False) if c in to_sit):
        sheet = _data()["exams"][code]["engagement_sheet"]
        dossier = data.dossiers.get(code)
        present = dossier is not None and dossier.engagement_sheet
        items.append(
            ChecklistItem(
                code,
                "Fiche d'engagement étudiant",
                ItemStatus.DONE if present else ItemStatus.MISSING,
                cite(sheet["cite"]),
            )
        )
        outcomes.append(
            DossierOutcome(
                code,
                Outcome.CONFORM if present else Outcome.NOT_HELD,
                citations=(cite(sheet["cite"]),),
                note="" if present else str(sheet["text"]),
            )
        )
    return ConformityReport(
        candidate=data.candidate,
        session=data.session,
        internship=internship,
        outcomes=tuple(outcomes),
        checklist=tuple(items),
        plan=plan,
    )


def _outcome(
    code: str,
    dossier: DossierInput | None,
    session: int,
    causes: list[str],
    defects: list[str],
    citations: list[Citation],
) -> DossierOutcome:
    data = _data()
    if causes:
        return DossierOutcome(
            code,
            Outcome.NOT_VALID,
            tuple(causes),
            tuple(defects),
            tuple(citations),
            note=str(data["nv_effect"]),
        )
    fraud = data["fraud"]
    if dossier is not None and dossier.plagiarism_suspected:
        if session >= int(fraud["from_session"]):
            return DossierOutcome(
                code,
                Outcome.FRAUD,
                (),
                tuple(defects),
                (*citations, cite(fraud["cite"])),
                note=str(fraud["text"]),
            )
        return DossierOutcome(
            code,
            Outcome.RESERVED,
            (),
            tuple(defects),
            (*citations, cite(fraud["before_cite"])),
            note=str(fraud["before_text"]),
        )
    doubt = dossier.exam_day_doubt if dossier is not None else ""
    if doubt == "pending":
        return DossierOutcome(
            code,
            Outcome.RESERVED,
            (),
            tuple(defects),
            tuple(citations),
            note=str(data["reserved"]["text"]),
        )
    if doubt == "confirmed":
        return DossierOutcome(
            code,
            Outcome.NOT_VALID,
            (data["nv_causes"]["doubt_confirmed"],),
            tuple(defects),
            tuple(citations),
            note=str(data["nv_effect"]),
        )
    return DossierOutcome(
        code,
        Outcome.DEFECTS if defects else Outcome.CONFORM,
        (),
        tuple(defects),
        tuple(citations),
        note="Doute levé après vérification : la note est confirmée." if doubt == "cleared" else "",
    )
