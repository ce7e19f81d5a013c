"""A candidate's exam plan for a session: every épreuve with its form, durations, situations,
phases, coefficient, commission and dossier, what is exempted or carried over and why, and the
registration errors. Each value carries the citation of the text it comes from."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache
from typing import Any

from ndrc.rules.candidate import CandidateProfile
from ndrc.rules.candidate_category import Route
from ndrc.rules.citation import Citation, cite
from ndrc.rules.columns import ColumnAssignment, candidate_column
from ndrc.rules.correspondence import incomplete_rows, ndrc_units_from_nrc
from ndrc.rules.data_files import load_yaml
from ndrc.rules.errors import InvalidCandidate, NoRuleInForce, RegulationError
from ndrc.rules.exemptions import exemption_decision
from ndrc.rules.regulation import (
    Dossier,
    Exam,
    ExamCategory,
    Form,
    Modality,
    Part,
    Regulation,
    Timed,
    regulation_for_session,
)


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
            return " + ".join(_minutes(p.duration) for p in self.parts)
        if self.form is Form.CCF:
            return " ; ".join(_minutes(s.duration) for s in self.situations)
        text = _minutes(self.duration)
        if self.preparation:
            text += f" (préparation {_minutes(self.preparation)}"
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
            "situations": [_timed_dict(s) for s in self.situations],
            "phases": [_timed_dict(p) for p in self.phases],
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


def _minutes(value: int | None) -> str:
    if value is None:
        return "—"
    hours, minutes = divmod(value, 60)
    if hours and minutes:
        return f"{hours} h {minutes:02d}"
    if hours:
        return f"{hours} h"
    return f"{minutes} min"


def _timed_dict(timed: Timed) -> dict[str, Any]:
    return {
        "name": timed.name,
        "duration_minutes": timed.duration,
        "preparation_minutes": timed.preparation,
        "detail": timed.detail,
    }


@cache
def first_session() -> tuple[int, Citation]:
    raw = load_yaml("diploma.yaml")["first_session"]
    return int(raw["value"]), cite(raw["cite"])


def _dossier(dossier: Dossier, candidate: CandidateProfile, session: int) -> PlannedDossier:
    items = [item for item in dossier.items if item.applies_to(session)]
    citation = dossier.citation
    rules = list(dossier.rules)
    pro = dossier.professional_dossier
    if (
        pro is not None
        and candidate.e6_professional_dossier
        and candidate.route.value in pro.routes
    ):
        items = [i for i in items if i.code not in pro.replaces]
        rules = [r for r in rules if "fiches" not in r]
        return PlannedDossier(
            items=(pro.label, *(i.label for i in items)), rules=tuple(rules), citation=pro.citation
        )
    return PlannedDossier(
        items=tuple(i.label for i in items), rules=tuple(rules), citation=citation
    )


def _to_sit(exam: Exam, column: int, candidate: CandidateProfile, session: int) -> PlannedExam:
    cell = exam.cells[column]
    definition = exam.form_definition(cell.form)
    citations = [exam.citation, exam.definition_citation]
    if definition is not None:
        citations.append(definition.citation)
    situations: tuple[Timed, ...] = ()
    if cell.form is Form.CCF:
        situations = (
            definition.situations
            if definition is not None and definition.situations
            else tuple(Timed(name=f"Situation {i + 1}") for i in range(cell.situations or 0))
        )
    dossier = None
    if exam.dossier is not None:
        dossier = _dossier(exam.dossier, candidate, session)
        citations.append(dossier.citation)
        citations.extend(
            i.citation
            for i in exam.dossier.items
            if i.citation is not None and i.applies_to(session)
        )
    return PlannedExam(
        exam=exam,
        status=ExamStatus.TO_SIT,
        form=cell.form,
        modality=cell.modality,
        duration=cell.duration,
        preparation=cell.preparation,
        preparation_place=cell.preparation_place,
        situations=situations,
        phases=definition.phases if definition is not None and cell.form is Form.ONE_OFF else (),
        parts=exam.parts if cell.has_parts else (),
        commission=definition.commission if definition is not None else "",
        subject_sheet=definition.subject_sheet if definition is not None else "",
        dossier=dossier,
        citations=tuple(citations),
    )


def _chosen(exam: Exam, candidate: CandidateProfile) -> bool:
    if exam.category is not ExamCategory.OPTIONAL:
        return True
    if exam.unit == "UF1":
        return bool(candidate.ef1_language)
    if exam.unit == "UF2":
        return candidate.ef2
    return False


def _choice_findings(
    candidate: CandidateProfile, regulation: Regulation, session: int
) -> list[Finding]:
    errors: list[Finding] = []
    if candidate.ef1_language and candidate.ef1_language == candidate.lv1:
        ef1 = regulation.exam("EF1")
        errors.append(
            Finding(
                "ef1_same_language_as_lv1",
                f"EF1 : la langue choisie ({candidate.ef1_language}) doit être différente de la "
                f"LV1 ({candidate.lv1}). {ef1.language_rule}.",
                ef1.citation,
            )
        )
    if candidate.ef2 and not regulation.has_exam("EF2", session):
        errors.append(
            Finding(
                "ef2_not_in_force",
                f"EF2 « Engagement étudiant » n'est définie par aucun des textes en vigueur pour "
                f"la session {session} : le règlement du BTS NDRC l'ouvre à compter de la "
                "session 2024 (la circulaire de la session 2022 l'organise pour 2022 seulement).",
                cite("A2023 art. 4 et annexe I, ligne EF2 ; DEC D14"),
            )
        )
    if candidate.e6_professional_dossier and candidate.route is not Route.PROFESSIONAL_EXPERIENCE:
        dossier = regulation.exam("E6").dossier
        errors.append(
            Finding(
                "professional_dossier_not_allowed",
                "E6 : seul un candidat qui se présente au titre de son expérience professionnelle "
                "peut remplacer les fiches par un dossier professionnel.",
                None
                if dossier is None or dossier.professional_dossier is None
                else dossier.professional_dossier.citation,
            )
        )
    return errors


def exam_plan(candidate: CandidateProfile, session: int) -> ExamPlan:
    """The exam plan; a session that no regulation governs gives a plan with only an error."""
    first, first_citation = first_session()
    if session < first:
        return ExamPlan(
            session=session,
            candidate=candidate,
            regulation=None,
            column=None,
            errors=(
                Finding(
                    "session_before_first_session",
                    f"La session {session} précède la première session du BTS NDRC ({first}).",
                    first_citation,
                ),
            ),
        )
    try:
        regulation = regulation_for_session(session)
    except NoRuleInForce as error:
        return ExamPlan(
            session=session,
            candidate=candidate,
            regulation=None,
            column=None,
            errors=(Finding(error.code, str(error)),),
        )
    try:
        column = candidate_column(candidate, regulation)
    except InvalidCandidate as error:
        return ExamPlan(
            session=session,
            candidate=candidate,
            regulation=regulation,
            column=None,
            errors=(Finding("candidate_category_incomplete", str(error)),),
        )

    errors = _choice_findings(candidate, regulation, session)
    warnings: list[Finding] = []
    from_nrc = ndrc_units_from_nrc({u.unit for u in candidate.nrc_units})
    for row in incomplete_rows({u.unit for u in candidate.nrc_units}):
        warnings.append(
            Finding(
                "nrc_units_incomplete",
                f"{' et '.join(row.nrc_units)} du BTS NRC ensemble correspondent à "
                f"{row.ndrc_unit} : une seule ne suffit pas, {row.ndrc_exam} reste à passer.",
                row.citation,
            )
        )
    exemptions = {u: exemption_decision(candidate, u) for u in candidate.exemption_requests}
    for decision in exemptions.values():
        if not decision.granted:
            errors.append(
                Finding(
                    decision.code,
                    decision.reason,
                    decision.citation,
                )
            )

    planned: list[PlannedExam] = []
    for exam in regulation.exams_for(session):
        if not _chosen(exam, candidate):
            continue
        if exam.unit in from_nrc:
            row = from_nrc[exam.unit]
            planned.append(
                PlannedExam(
                    exam=exam,
                    status=ExamStatus.CARRIED_OVER,
                    reason=f"Unité{'s' if len(row.nrc_units) > 1 else ''} "
                    f"{', '.join(row.nrc_titles)} du BTS NRC, correspondant à {exam.unit}.",
                    citations=(row.citation,),
                )
            )
            continue
        exemption = exemptions.get(exam.unit)
        if exemption is not None and exemption.granted:
            planned.append(
                PlannedExam(
                    exam=exam,
                    status=ExamStatus.EXEMPTED,
                    reason=exemption.reason,
                    citations=(exemption.citation,),
                )
            )
            continue
        planned.append(_to_sit(exam, column.column.number, candidate, session))

    if not candidate.lv1 and any(p.code == "E2" and p.status is ExamStatus.TO_SIT for p in planned):
        errors.append(
            Finding(
                "lv1_missing",
                "E2 : la langue vivante étrangère 1 du candidat doit être indiquée.",
                regulation.exam("E2").citation,
            )
        )
    return ExamPlan(
        session=session,
        candidate=candidate,
        regulation=regulation,
        column=column,
        exams=tuple(planned),
        errors=tuple(errors),
        warnings=tuple(warnings),
    )


def render_plan_fr(plan: ExamPlan) -> str:
    """The plan as a French text table, with the citations below it."""
    lines: list[str] = []
    who = plan.candidate.name or plan.candidate.identifier or "Candidat"
    lines.append(f"Plan d'épreuves — {who} — session {plan.session}")
    if plan.regulation is not None:
        lines.append(f"Règlement : {plan.regulation.title} ({plan.regulation.id})")
    if plan.column is not None:
        lines.append(
            f"Colonne {plan.column.column.number} du règlement : {plan.column.reason} "
            f"[{plan.column.citation.short}]"
        )
    if plan.exams:
        rows = [("Épreuve", "Unité", "Coef.", "Forme", "Durée", "Référence")]
        for p in plan.exams:
            rows.append(
                (
                    f"{p.code} {p.exam.title}",
                    p.exam.unit,
                    "—" if p.exam.coefficient is None else str(p.exam.coefficient),
                    p.form_label_fr(),
                    p.duration_label_fr(),
                    p.citations[0].short if p.citations else "",
                )
            )
        widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
        lines.append("")
        for index, row in enumerate(rows):
            lines.append("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip())
            if index == 0:
                lines.append("  ".join("-" * w for w in widths))
        details = [p for p in plan.exams if p.reason or p.situations or p.phases or p.parts]
        if details:
            lines.append("")
            for p in details:
                lines.append(f"{p.code} — {p.exam.title}")
                if p.reason:
                    lines.append(f"  {p.reason}")
                for part in p.parts:
                    lines.append(
                        f"  • {part.title} : {_minutes(part.duration)}, coefficient "
                        f"{part.coefficient} [{part.citation.short}]"
                    )
                for timed in (*p.situations, *p.phases):
                    extra = (
                        f", préparation {_minutes(timed.preparation)}" if timed.preparation else ""
                    )
                    length = f" : {_minutes(timed.duration)} maximum" if timed.duration else ""
                    lines.append(f"  • {timed.name}{length}{extra}")
                if p.commission:
                    lines.append(f"  Commission : {p.commission}")
                if p.dossier is not None:
                    lines.append(f"  Dossier [{p.dossier.citation.short}] :")
                    lines.extend(f"    - {item}" for item in p.dossier.items)
    for title, findings in (
        ("Erreurs d'inscription", plan.errors),
        ("Avertissements", plan.warnings),
    ):
        if findings:
            lines.append("")
            lines.append(f"{title} :")
            for finding in findings:
                ref = f" [{finding.citation.short}]" if finding.citation else ""
                lines.append(f"  ✗ {finding.message}{ref}")
    return "\n".join(lines)


__all__ = [
    "ExamPlan",
    "ExamStatus",
    "Finding",
    "PlannedExam",
    "RegulationError",
    "exam_plan",
    "render_plan_fr",
]


def cached_exam_plan(candidate: CandidateProfile, session: int) -> ExamPlan:
    """(Interim: the plan cache moves here on branch rules-engine.)"""
    from ndrc.rules.results import cached_plan

    return cached_plan(candidate, session)
