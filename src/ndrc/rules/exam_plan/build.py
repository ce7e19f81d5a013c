"""Building a candidate's exam plan for a session: the regulation in force, the candidate's
column, the épreuves chosen, exempted or carried over from the BTS NRC, and the registration
errors."""

from __future__ import annotations

from functools import cache

from ndrc.rules.candidate import CandidateProfile
from ndrc.rules.candidate_category import Route
from ndrc.rules.citation import Citation, cite
from ndrc.rules.columns import candidate_column
from ndrc.rules.correspondence import incomplete_rows, ndrc_units_from_nrc
from ndrc.rules.data_files import load_yaml
from ndrc.rules.errors import InvalidCandidate, NoRuleInForce
from ndrc.rules.exam_plan.model import ExamPlan, ExamStatus, Finding, PlannedDossier, PlannedExam
from ndrc.rules.exemptions import exemption_decision
from ndrc.rules.regulation import (
    Dossier,
    Exam,
    ExamCategory,
    Form,
    Regulation,
    Timed,
    regulation_for_session,
)
from ndrc.rules.validity import grade_validity


def _valid_nrc_units(
    candidate: CandidateProfile, session: int, warnings: list[Finding]
) -> set[str]:
    """The units of the BTS NRC that still count at the session (annexe IV read with CE
    D643-15: five years, DEC D17; the same rule as the results engine's, DEC D36). A unit whose
    session is not given is credited: the results engine checks the grade's own session."""
    held: set[str] = set()
    for unit in candidate.nrc_units:
        if unit.session is None:
            held.add(unit.unit)
            continue
        validity = grade_validity(obtained=int(unit.session), session=session)
        if validity.counts:
            held.add(unit.unit)
            continue
        what = f"Unité {unit.unit} du BTS NRC"
        warnings.append(
            Finding(
                "nrc_unit_expired" if validity.earlier else "nrc_unit_not_earlier",
                (validity.expired_fr(what) if validity.earlier else validity.not_earlier_fr(what))
                + " Elle ne vaut pas l'unité correspondante du BTS NDRC : l'épreuve est à passer.",
                validity.citation,
            )
        )
    return held


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
        ef2 = regulation.exam("EF2") if regulation.has_exam("EF2") else None
        opens = (
            f" : cette unité facultative de tout BTS est ouverte à compter de la session "
            f"{min(ef2.only_sessions)}"
            if ef2 is not None and ef2.only_sessions
            else ""
        )
        errors.append(
            Finding(
                "ef2_not_in_force",
                f"EF2 « Engagement étudiant » n'existe pas pour la session {session}{opens}.",
                ef2.sessions_citation
                if ef2 is not None and ef2.sessions_citation is not None
                else cite("A2023 art. 4 et annexe I, ligne EF2 ; DEC D14"),
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
    nrc_held = _valid_nrc_units(candidate, session, warnings)
    from_nrc = ndrc_units_from_nrc(nrc_held)
    for row in incomplete_rows(nrc_held):
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
