"""The candidate's notices: the registration summary (« récapitulatif d'inscription », from the
exam plan and the file) and the NV notice (« avis de non-conformité du dossier », from the
conformity of the dossiers once the académie's deposit deadline has passed, before the
orals).

Selectors build the documents' data for many candidates with a fixed number of queries per
chunk (the candidates, their académies and calendars, their kept grades, their accounts and
their centres' accounts, the conformity's few reads); services issue them
(``documents.services.documents_issue``: the same data gives back the same document, a
changed file a new version that replaces it) and, for an NV notice newly issued, tell the
candidate and the candidate's training centre by e-mail, the PDF attached, each message
recorded."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from django.utils import timezone, translation

from ndrc.rules.citation import cite
from ndrc.rules.conformity import Outcome
from ndrc.rules.conformity.dossiers import dossier_data
from ndrc.rules.data_files import load_yaml
from ndrc.rules.errors import RegulationError
from ndrc.rules.exam_plan import ExamPlan, ExamStatus
from ndrc.rules.exam_plan.model import PlannedExam, minutes_text
from ndrc.rules.exemptions import diploma_kinds, exemption_decision
from ndrc.rules.grades import GradeState
from ndrc.rules.texts_applied import texts_applied
from ndrc.rules.validity import grade_validity
from ndrc.web.accounts.models import User
from ndrc.web.accounts.roles import Role
from ndrc.web.audit.services import AuditLine, audit_bulk
from ndrc.web.candidates.models import Candidate, Grade
from ndrc.web.candidates.rules_inputs import candidate_file
from ndrc.web.candidates.selectors import candidates_read
from ndrc.web.candidates.stored_conformity import chunk_conformity
from ndrc.web.documents.mail import Notice, mail_text, notices_send
from ndrc.web.documents.models import IssuedDocument, MailRecord
from ndrc.web.documents.nv_notice import NV_NOTICE, NvExam, NvNoticeData
from ndrc.web.documents.registration_summary import (
    REGISTRATION_SUMMARY,
    CarriedGrade,
    RegistrationSummaryData,
    SummaryExam,
    SummaryLine,
)
from ndrc.web.documents.services import Issue, documents_issue
from ndrc.web.lookups import among
from ndrc.web.sessions.models import Academy, AcademyCalendar
from ndrc.web.sessions.selectors import calendars_for

# Candidates issued together (a fixed number of queries and one transaction each).
CHUNK = 2000
TOPIC = "nv_notice"


@dataclass
class _Chunk:
    """What a chunk of candidates' notices read besides the candidates: their académies and
    calendars (one query each)."""

    candidates: list[Candidate]
    academies: dict[int, Academy]
    calendars: dict[tuple[int, int], AcademyCalendar]

    def calendar(self, candidate: Candidate) -> AcademyCalendar | None:
        return self.calendars.get((candidate.session_id, candidate.academy_id))


def _chunk(pks: Sequence[int]) -> _Chunk:
    candidates = candidates_read(pks)
    return _Chunk(
        candidates=candidates,
        academies=Academy.objects.in_bulk({c.academy_id for c in candidates}),
        calendars=calendars_for((c.session_id, c.academy_id) for c in candidates),
    )


def _texts(year: int) -> tuple[str, ...]:
    try:
        return texts_applied(year)
    except RegulationError:  # a session under no regulation: its plan says so
        return ()


def _establishment(candidate: Candidate) -> str:
    establishment = candidate.establishment
    if establishment is None:
        return ""
    return f"{establishment.name} ({establishment.uai})"


# ---------------------------------------------------------------------------------------------
# The registration summary
# ---------------------------------------------------------------------------------------------


def registration_summaries(
    candidates: Sequence[Candidate], *, today: dt.date | None = None
) -> dict[int, RegistrationSummaryData]:
    """The registration summary of each of these candidates (read with ``candidates_read``:
    their sessions and establishments attached), by key: two queries more (académies and
    calendars, the grades kept from an earlier session)."""
    today = today or timezone.localdate()
    listed = list(candidates)
    academies = Academy.objects.in_bulk({c.academy_id for c in listed})
    calendars = calendars_for((c.session_id, c.academy_id) for c in listed)
    kept: dict[int, list[Grade]] = defaultdict(list)
    for grade in Grade.objects.filter(
        among("candidate_id", (c.pk for c in listed)), state=GradeState.CARRIED_OVER.value
    ).order_by("exam"):
        kept[grade.candidate_id].append(grade)
    result: dict[int, RegistrationSummaryData] = {}
    with translation.override("fr"):
        for candidate in listed:
            calendar = calendars.get((candidate.session_id, candidate.academy_id))
            deadline = None if calendar is None else calendar.deposit_deadline
            result[candidate.pk] = _summary(
                candidate,
                academy=academies[candidate.academy_id].name,
                kept=kept.get(candidate.pk, []),
                # Until the deposit deadline the training centre corrects the file
                # (file_selectors.correction_refusal), then the exam office only.
                check_before=deadline if deadline is not None and today <= deadline else None,
            )
    return result


def _summary(
    candidate: Candidate, *, academy: str, kept: list[Grade], check_before: dt.date | None
) -> RegistrationSummaryData:
    file = candidate_file(candidate)
    plan = file.plan
    year = candidate.session.year
    column = plan.column
    vae_cite = cite(load_yaml("grade_basis.yaml")["vae"]["cite"]).render_fr()
    return RegistrationSummaryData(
        academy=academy,
        session=year,
        texts=_texts(year),
        number=candidate.number,
        last_name=candidate.last_name,
        first_name=candidate.first_name,
        birth_date=candidate.birth_date,
        route=candidate.route_label,
        establishment=_establishment(candidate),
        assessment_form=str(candidate.get_assessment_form_display()),
        regulation="" if plan.regulation is None else plan.regulation.title,
        column=""
        if column is None
        else f"Colonne {column.column.number} du règlement (« {column.column.label} ») : "
        f"{column.reason}.",
        column_citation="" if column is None else column.citation.render_fr(),
        exams=tuple(_exam(p, file.vae_units, vae_cite) for p in plan.exams),
        choices=_choices(candidate),
        exemptions=_exemptions(candidate, plan, file.proven_diplomas),
        diplomas=_diplomas(candidate),
        vae_units=tuple(
            SummaryLine(unit, "validée par la validation des acquis de l'expérience", vae_cite)
            for unit in sorted(file.vae_units)
        ),
        carried=tuple(_carried(grade, year) for grade in kept),
        findings=tuple(
            SummaryLine(
                label,
                finding.message,
                "" if finding.citation is None else finding.citation.short,
            )
            for label, findings in (("Erreur", plan.errors), ("Avertissement", plan.warnings))
            for finding in findings
        ),
        check_before=check_before,
    )


def _exam(planned: PlannedExam, vae_units: frozenset[str], vae_cite: str) -> SummaryExam:
    exam = planned.exam
    coefficient = "—" if exam.coefficient is None else str(exam.coefficient)
    citation = planned.citations[0].short if planned.citations else ""
    if planned.status is ExamStatus.TO_SIT and exam.unit in vae_units:
        return SummaryExam(
            exam.code,
            exam.unit,
            exam.title,
            coefficient,
            "Validée par la VAE",
            "—",
            "—",
            detail=f"unité {exam.unit} validée par la validation des acquis de l'expérience",
            citation=vae_cite,
        )
    status = "À passer" if planned.status is ExamStatus.TO_SIT else planned.status.label_fr
    details = [planned.reason] if planned.reason else []
    details += [
        f"{part.title} : {minutes_text(part.duration)}, coefficient {part.coefficient}"
        for part in planned.parts
    ]
    return SummaryExam(
        exam.code,
        exam.unit,
        exam.title,
        coefficient,
        status,
        planned.form_label_fr() if planned.status is ExamStatus.TO_SIT else "—",
        planned.duration_label_fr() or "—",
        detail=" ; ".join(details),
        citation=citation,
    )


def _choices(candidate: Candidate) -> tuple[SummaryLine, ...]:
    return (
        SummaryLine("Langue vivante 1 (E2)", candidate.lv1 or "non indiquée"),
        SummaryLine(
            "Épreuve facultative EF1",
            f"langue : {candidate.ef1_language}" if candidate.ef1_language else "non choisie",
        ),
        SummaryLine(
            "Épreuve facultative EF2 (engagement étudiant)",
            "choisie" if candidate.ef2 else "non choisie",
        ),
    )


def _exemptions(
    candidate: Candidate, plan: ExamPlan, proven: tuple[Any, ...]
) -> tuple[SummaryLine, ...]:
    """Each exemption requested: granted (with its proof received or to provide) or refused,
    as the rules core decides it, with the text."""
    profile = plan.candidate
    with_proof = replace(profile, diplomas=proven)
    lines = []
    for unit in candidate.exemption_requests or []:
        decision = exemption_decision(profile, str(unit))
        if not decision.granted:
            text = f"refusée — {decision.reason}"
        elif exemption_decision(with_proof, str(unit)).granted:
            text = f"accordée — {decision.reason} Justificatif reçu."
        else:
            text = f"accordée — {decision.reason} Justificatif du diplôme à fournir."
        lines.append(SummaryLine(str(unit), text, decision.citation.short))
    return tuple(lines)


def _diplomas(candidate: Candidate) -> tuple[SummaryLine, ...]:
    kinds = diploma_kinds()
    lines = []
    for diploma in candidate.diplomas or []:
        if not isinstance(diploma, dict):
            continue
        kind = str(diploma.get("kind", ""))
        label = str(diploma.get("title", "")).strip() or kinds.get(kind, kind)
        proof = str(diploma.get("proof", "")).strip()
        lines.append(
            SummaryLine(label, f"justificatif : {proof}" if proof else "justificatif non fourni")
        )
    return tuple(lines)


def _carried(grade: Grade, year: int) -> CarriedGrade:
    value = "—" if grade.value is None else f"{grade.value:.2f}".replace(".", ",")
    if grade.carried_session is None:
        return CarriedGrade(grade.exam, value, 0, 0, "")
    validity = grade_validity(obtained=grade.carried_session, session=year)
    return CarriedGrade(
        grade.exam,
        value,
        grade.carried_session,
        validity.valid_until,
        validity.citation.render_fr(),
    )


def registration_summaries_issue(
    *, candidate_ids: Sequence[int], actor: Any, today: dt.date | None = None
) -> list[IssuedDocument]:
    """Issue the registration summary of these candidates (a chunk at a time): the current
    one when the plan and file are unchanged, a new version replacing it otherwise."""
    issued: list[IssuedDocument] = []
    ids = sorted(set(candidate_ids))
    for start in range(0, len(ids), CHUNK):
        candidates = candidates_read(ids[start : start + CHUNK])
        summaries = registration_summaries(candidates, today=today)
        issued += documents_issue(
            kind=REGISTRATION_SUMMARY,
            issues=[Issue.of_candidate(c, summaries[c.pk]) for c in candidates],
            actor=actor,
            today=today,
        )
    return issued


def registration_summary_issue(*, candidate: Candidate, actor: Any) -> IssuedDocument:
    """Issue one candidate's registration summary (on demand, from the candidate's page)."""
    return registration_summaries_issue(candidate_ids=[candidate.pk], actor=actor)[0]


# ---------------------------------------------------------------------------------------------
# The NV notice
# ---------------------------------------------------------------------------------------------


def nv_notices(
    candidates: Sequence[Candidate], *, today: dt.date | None = None
) -> dict[int, NvNoticeData | str]:
    """The NV notice of each of these candidates (read with ``candidates_read``), or why
    there is none (French): the deposit deadline not fixed or not passed (a dossier not
    deposited yet is awaited, not NV), the orals already held, a file that cannot be read,
    no dossier NV. A few queries for the chunk (académies and calendars, the conformity's)."""
    today = today or timezone.localdate()
    listed = list(candidates)
    academies = Academy.objects.in_bulk({c.academy_id for c in listed})
    calendars = calendars_for((c.session_id, c.academy_id) for c in listed)
    result: dict[int, NvNoticeData | str] = {}
    judged: list[Candidate] = []
    for candidate in listed:
        calendar = calendars.get((candidate.session_id, candidate.academy_id))
        deadline = None if calendar is None else calendar.deposit_deadline
        oral = None if calendar is None else calendar.oral_date
        if deadline is None:
            result[candidate.pk] = (
                "La date limite de dépôt des dossiers n'est pas fixée par l'académie : "
                "aucun dossier ne peut encore être déclaré non conforme."
            )
        elif today <= deadline:
            result[candidate.pk] = (
                f"La date limite de dépôt des dossiers ({deadline:%d/%m/%Y}) n'est pas "
                "passée : un dossier non encore déposé est attendu, il n'est pas non conforme."
            )
        elif oral is not None and today > oral:
            result[candidate.pk] = (
                f"Les épreuves orales ont eu lieu le {oral:%d/%m/%Y} : l'avis, qui prévient le "
                "candidat avant l'épreuve, n'a plus d'objet."
            )
        else:
            judged.append(candidate)
    if not judged:
        return result
    reports = chunk_conformity(judged, today=today).reports
    texts = dossier_data()["nv_notice"]
    for candidate in judged:
        report = reports.get(candidate.pk)
        if report is None or isinstance(report, str):
            result[candidate.pk] = f"Le dossier du candidat ne peut être lu : {report or ''}"
            continue
        nv = [o for o in report.outcomes if o.outcome is Outcome.NOT_VALID]
        if not nv:
            result[candidate.pk] = "Aucun dossier du candidat n'est non conforme (NV)."
            continue
        calendar = calendars[(candidate.session_id, candidate.academy_id)]
        assert calendar.deposit_deadline is not None
        plan = candidate_file(candidate).plan
        exams = []
        for outcome in nv:
            try:
                title = plan.exam(outcome.exam).exam.title
            except KeyError:
                title = ""
            exams.append(
                NvExam(
                    code=outcome.exam,
                    title=title,
                    causes=outcome.nv_causes,
                    citation=outcome.citations[0].render_fr() if outcome.citations else "",
                )
            )
        year = candidate.session.year
        result[candidate.pk] = NvNoticeData(
            academy=academies[candidate.academy_id].name,
            session=year,
            texts=_texts(year),
            number=candidate.number,
            last_name=candidate.last_name,
            first_name=candidate.first_name,
            birth_date=candidate.birth_date,
            establishment=_establishment(candidate),
            deposit_deadline=calendar.deposit_deadline,
            exams=tuple(exams),
            warning=str(texts["warning"]),
            warning_citation=cite(texts["warning_cite"]).render_fr(),
            consequence=str(texts["consequence"]),
            consequence_citation=cite(texts["consequence_cite"]).render_fr(),
            oral_date=calendar.oral_date,
        )
    return result


def nv_notice_refusal(*, candidate: Candidate, today: dt.date | None = None) -> str:
    """Why this candidate has no NV notice to receive (empty when there is one)."""
    found = nv_notices(candidates_read([candidate.pk]), today=today).get(candidate.pk, "")
    return found if isinstance(found, str) else ""


def nv_notices_issue(
    *, candidate_ids: Sequence[int], actor: Any, today: dt.date | None = None
) -> list[IssuedDocument]:
    """Issue the NV notice of those of these candidates who have one (the others are left
    out), and e-mail each notice newly issued to the candidate and to the training centre's
    accounts of the candidate's establishment, the PDF attached (each message recorded; a
    candidate without an account or address is recorded « sans adresse »). A notice issued
    again unchanged is the same document: nobody is e-mailed twice."""
    issued: list[IssuedDocument] = []
    ids = sorted(set(candidate_ids))
    for start in range(0, len(ids), CHUNK):
        candidates = candidates_read(ids[start : start + CHUNK])
        found = nv_notices(candidates, today=today)
        due = [(c, d) for c in candidates if isinstance(d := found[c.pk], NvNoticeData)]
        documents = documents_issue(
            kind=NV_NOTICE,
            issues=[
                Issue(
                    subject=f"candidate:{c.pk}",
                    subject_ref=c.number,
                    data=data,
                    session_id=c.session_id,
                    session_year=c.session.year,
                    academy_id=c.academy_id,
                    candidate_id=c.pk,
                )
                for c, data in due
            ],
            actor=actor,
            today=today,
        )
        _nv_notices_mail(due, documents, actor=actor)
        issued += documents
    return issued


def _nv_notices_mail(
    due: list[tuple[Candidate, NvNoticeData]], documents: list[IssuedDocument], *, actor: Any
) -> None:
    """E-mail the notices not e-mailed yet (one query for those already e-mailed, one for
    the candidates' accounts, one for the centres' accounts) and journal each."""
    if not documents:
        return
    mailed = set(
        MailRecord.objects.filter(
            among("document_id", (d.pk for d in documents)), topic=TOPIC
        ).values_list("document_id", flat=True)
    )
    pending = [
        (candidate, data, document)
        for (candidate, data), document in zip(due, documents, strict=True)
        if document.pk not in mailed
    ]
    if not pending:
        return
    accounts = User.objects.in_bulk({c.user_id for c, _, _ in pending if c.user_id is not None})
    centres: dict[int, list[User]] = defaultdict(list)
    for user in User.objects.filter(
        role=Role.TRAINING_CENTRE,
        is_active=True,
        establishment_id__in={c.establishment_id for c, _, _ in pending if c.establishment_id},
    ).order_by("pk"):
        assert user.establishment_id is not None
        centres[user.establishment_id].append(user)
    notices: list[Notice] = []
    sent: dict[int, int] = defaultdict(int)
    for candidate, data, document in pending:
        account = accounts.get(candidate.user_id) if candidate.user_id else None
        exams = ", ".join(e.code for e in data.exams)
        where = {
            "topic": TOPIC,
            "session_id": candidate.session_id,
            "academy_id": candidate.academy_id,
            "candidate_id": candidate.pk,
            "document": document,
            "attach": True,
        }
        notices.append(
            Notice(
                address="" if account is None else account.email,
                subject=f"Avis de non-conformité de votre dossier ({exams})",
                body=mail_text(
                    f"Bonjour {candidate.first_name} {candidate.last_name},",
                    "",
                    f"La commission de conformité a déclaré votre dossier non conforme ({exams}).",
                    f"Vous trouverez ci-joint l'avis de non-conformité, réf. "
                    f"{document.reference}, qui en donne les causes et les conséquences.",
                ),
                recipient_id=None if account is None else account.pk,
                **where,
            )
        )
        for user in centres.get(candidate.establishment_id or 0, []):
            notices.append(
                Notice(
                    address=user.email,
                    subject=f"Avis de non-conformité ({exams}) — {candidate.last_name.upper()} "
                    f"{candidate.first_name} (n° {candidate.number})",
                    body=mail_text(
                        "Bonjour,",
                        "",
                        f"Le dossier de votre candidat {candidate.first_name} "
                        f"{candidate.last_name} (n° {candidate.number}) a été déclaré non "
                        f"conforme ({exams}).",
                        f"L'avis adressé au candidat, réf. {document.reference}, est joint.",
                    ),
                    recipient_id=user.pk,
                    **where,
                )
            )
    for record in notices_send(notices):
        if record.state == MailRecord.SENT and record.document is not None:
            sent[record.document.pk] += 1
    audit_bulk(
        actor=actor,
        action="nv_notices_send",
        lines=[
            AuditLine(
                obj=document,
                after={"reference": document.reference, "envoyés": sent.get(document.pk, 0)},
                candidate_id=candidate.pk,
                object_repr=f"{NV_NOTICE.label} {document.reference}",
            )
            for candidate, _, document in pending
        ],
        revise=False,
    )


@dataclass(frozen=True)
class Recipient:
    """Who an NV notice is e-mailed to: the candidate or a training centre's account, its
    address (empty: none known, recorded « sans adresse »)."""

    who: str
    address: str


def nv_notice_recipients(*, candidate: Candidate) -> list[Recipient]:
    """Whom the candidate's NV notice is e-mailed to (two queries)."""
    account = None
    if candidate.user_id is not None:
        account = User.objects.filter(pk=candidate.user_id).first()
    recipients = [
        Recipient(
            f"{candidate.first_name} {candidate.last_name.upper()} (candidat)",
            "" if account is None else account.email,
        )
    ]
    if candidate.establishment_id is not None:
        recipients += [
            Recipient(f"{user.get_full_name() or user.username} (centre de formation)", user.email)
            for user in User.objects.filter(
                role=Role.TRAINING_CENTRE,
                is_active=True,
                establishment_id=candidate.establishment_id,
            ).order_by("pk")
        ]
    return recipients


def nv_notice_current(*, candidate: Candidate) -> IssuedDocument | None:
    """The candidate's NV notice issued last, if any (without its bytes)."""
    return (
        IssuedDocument.objects.filter(kind=NV_NOTICE.slug, candidate=candidate)
        .defer("content")
        .order_by("-version")
        .first()
    )
