"""The conformity check of one candidate: the internship requirement, each dossier's
outcome and the checklist (DEC D28: a dossier not deposited before the deadline is awaited)."""

from __future__ import annotations

import datetime as dt

from ndrc.rules.citation import Citation, cite
from ndrc.rules.conformity.dossiers import (
    conformity_citation,
    deposit_items,
    deposited_dossiers,
    dossier_data,
    e4_defects,
    e6_defects,
)
from ndrc.rules.conformity.model import (
    ChecklistItem,
    ConformityInput,
    ConformityReport,
    DossierInput,
    DossierOutcome,
    ItemStatus,
    Outcome,
)
from ndrc.rules.exam_plan import ExamStatus, cached_exam_plan
from ndrc.rules.internships import (
    InternshipCheck,
    Severity,
    check_internship,
    internship_route,
    week_rule,
)


def _internship_items(check: InternshipCheck, items: list[ChecklistItem]) -> None:
    citation = check.citation or week_rule()[1]
    exams = "/".join(deposited_dossiers(True))
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
    plan = cached_exam_plan(data.candidate, data.session)
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
    oral_dossiers = [code for code in deposited_dossiers(True) if code in to_sit]
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
    texts = dossier_data()["nv_causes"]
    for code in oral_dossiers:
        dossier = data.dossiers.get(code)
        citation = conformity_citation(regulation_id)
        causes: list[str] = []
        awaiting = deposit_items(code, dossier, data, as_of, citation, causes, items)
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
                defects, more = e4_defects(dossier, data.session, items)
            else:
                professional = plan.exam(code).exam.dossier
                allowed = bool(
                    professional
                    and professional.professional_dossier
                    and data.candidate.route.value in professional.professional_dossier.routes
                )
                defects, more = e6_defects(dossier, data.session, allowed, items)
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
    for code in (c for c in deposited_dossiers(False) if c in to_sit):
        sheet = dossier_data()["exams"][code]["engagement_sheet"]
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
    data = dossier_data()
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
