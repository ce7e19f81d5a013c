"""Writes of the subjects (issue « 12 · Evaluation »): the commission writes a candidate's
E4 fiche-sujet on one of the two activities of the candidate's dossier, makes it final for
the loge, reopens it with a reason (A2023 annexe II, E4 §4.2.1 « Conception des
fiches-sujets » and §4.2.2 situation B; C2022 §1.11); the exam office adds the subjects of
the session's E5 practical bank and gives each candidate one, by hand or shared out
alternating WordPress and PrestaShop (C2022 §1.12). Each write is one transaction and one
journal entry (a share: one entry per candidate given a subject); nothing changes once the
candidate's jury has closed (``ensure_open``). Only the commission or the examiner E4 is
entrusted to (``grade_permit``), or the exam office, writes a fiche-sujet."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from ndrc.rules.subjects import cms_share, practical_cms, practical_exam, sheet_exam
from ndrc.web.audit.services import AuditLine, audit_bulk, audit_record
from ndrc.web.candidates.locks import ensure_open
from ndrc.web.candidates.models import Candidate
from ndrc.web.grading.permits import grade_permit, sits
from ndrc.web.grading.subject_models import (
    PracticalSubject,
    PracticalSubjectAssignment,
    SubjectSheet,
)
from ndrc.web.grading.subject_selectors import dossier_activities, sheet_place
from ndrc.web.sessions.models import ExamSession

MAX_TEXT = 4000
MAX_FILE = 5 * 1024 * 1024


class SheetConflict(Exception):
    """The fiche-sujet changed since the page read it (the other member of the commission)."""


@dataclass(frozen=True)
class SheetText:
    """What the commission types: the activity (the fiche's place in the dossier), the
    parameters it changes, the roles of the simulation."""

    activity: int | None
    changed_parameters: str
    roles: str


def _user(user: Any) -> Any:
    return user if getattr(user, "pk", None) else None


def sheet_permit(user: Any, candidate: Candidate) -> None:
    """Refuse (in French) a user who may not write this candidate's fiche-sujet."""
    permit = grade_permit(user, candidate, sheet_exam())
    if not permit.allowed:
        raise ValidationError(f"Fiche-sujet inaccessible : {permit.reason}.")


def _state(sheet: SubjectSheet) -> dict[str, Any]:
    return {
        "activity": sheet.activity,
        "nature": sheet.nature,
        "changed_parameters": sheet.changed_parameters,
        "roles": sheet.roles,
        "state": sheet.state,
        "version": sheet.version,
    }


def _checked(candidate: Candidate, text: SheetText) -> tuple[int, str, str, str]:
    """The activity chosen (its place and nature) and the two texts, or every reason they
    cannot be written."""
    found = dossier_activities(candidate)
    if not found.activities:
        raise ValidationError(f"Pas de fiche-sujet pour ce candidat : {found.reason}.")
    errors = []
    chosen = next((a for a in found.activities if a.index == text.activity), None)
    if chosen is None:
        described = ", ".join(f"{a.number} ({a.label})" for a in found.activities)
        errors.append(
            "Choisissez l'activité parmi celles que décrit le dossier du candidat : "
            f"fiche {described}."
        )
    changed = text.changed_parameters.strip()
    roles = text.roles.strip()
    if not changed:
        errors.append("Indiquez les paramètres modifiés de l'activité choisie.")
    if not roles:
        errors.append("Indiquez le rôle tenu par les membres de la commission dans la simulation.")
    for label, value in (("Paramètres modifiés", changed), ("Rôles", roles)):
        if len(value) > MAX_TEXT:
            errors.append(f"{label} : {MAX_TEXT} caractères au plus ({len(value)} saisis).")
    if errors:
        raise ValidationError(errors)
    assert chosen is not None
    return chosen.index, chosen.nature, changed, roles


def sheet_write(
    *,
    user: Any,
    candidate: Candidate,
    text: SheetText,
    expected_version: int | None,
    final: bool = False,
) -> SubjectSheet:
    """Write the candidate's fiche-sujet (begun if it was not), a draft or, with ``final``,
    made final for the loge. A final one is not changed (reopen it with a reason); one
    changed since the page read it is a conflict."""
    sheet_permit(user, candidate)
    form, situation = sheet_place(candidate)
    activity, nature, changed, roles = _checked(candidate, text)
    state = SubjectSheet.FINAL if final else SubjectSheet.DRAFT
    with transaction.atomic():
        ensure_open([candidate])
        current = (
            SubjectSheet.objects.select_for_update()
            .filter(candidate=candidate, exam=sheet_exam(), form=form, situation=situation)
            .first()
        )
        if current is None:
            if expected_version not in (None, 0):
                raise SheetConflict("La fiche-sujet a été supprimée entre-temps.")
            sheet = SubjectSheet(
                candidate=candidate,
                exam=sheet_exam(),
                form=form,
                situation=situation,
                activity=activity,
                nature=nature,
                changed_parameters=changed,
                roles=roles,
                state=state,
                author=_user(user),
            )
            sheet.full_clean()
            try:
                with transaction.atomic():
                    sheet.save()
            except IntegrityError:
                raise SheetConflict(
                    "Un autre membre de la commission vient de commencer cette fiche-sujet : "
                    "relisez-la."
                ) from None
            audit_record(
                actor=user,
                action="subject_sheet_write",
                obj=sheet,
                after=_state(sheet),
                candidate=candidate,
                revise=False,
            )
            return sheet
        if current.is_final:
            raise ValidationError(
                "Fiche-sujet définitive : rouvrez-la, avec un motif, pour la modifier."
            )
        if expected_version is None:
            raise SheetConflict(
                f"La fiche-sujet existe déjà (version {current.version}) et la page ne dit pas "
                "quelle version elle a lue : relisez-la."
            )
        if expected_version != current.version:
            raise SheetConflict(
                f"La fiche-sujet a été modifiée entre-temps (version {current.version}, vous "
                f"aviez la version {expected_version}) : relisez-la."
            )
        before = _state(current)
        current.activity, current.nature = activity, nature
        current.changed_parameters, current.roles = changed, roles
        current.state = state
        current.version += 1
        current.author = _user(user)
        current.save()
        audit_record(
            actor=user,
            action="subject_sheet_write",
            obj=current,
            before=before,
            after=_state(current),
            candidate=candidate,
            revise=False,
        )
        return current


def sheet_reopen(*, user: Any, sheet: SubjectSheet, reason: str) -> SubjectSheet:
    """A final fiche-sujet back to a draft, with the reason; refused once the candidate's
    jury has closed."""
    sheet_permit(user, sheet.candidate)
    if not reason.strip():
        raise ValidationError("Indiquez le motif de la réouverture.")
    with transaction.atomic():
        ensure_open([sheet.candidate])
        current = SubjectSheet.objects.select_for_update().get(pk=sheet.pk)
        if not current.is_final:
            raise ValidationError("Cette fiche-sujet n'est pas définitive.")
        before = _state(current)
        current.state = SubjectSheet.DRAFT
        current.version += 1
        current.save()
        audit_record(
            actor=user,
            action="subject_sheet_reopen",
            obj=current,
            before=before,
            after=_state(current),
            reason=reason.strip()[:500],
            candidate=current.candidate,
            revise=False,
        )
        return current


def practical_subject_add(
    *,
    user: Any,
    session: ExamSession,
    code: str,
    title: str,
    cms: str,
    file_name: str = "",
    file_content: bytes = b"",
) -> PracticalSubject:
    """Add a subject to the session's E5 practical bank (its code is unique in the
    session), with its file if given."""
    code, title = code.strip(), title.strip()
    errors = []
    if not code:
        errors.append("Indiquez le code du sujet.")
    if not title:
        errors.append("Indiquez l'intitulé du sujet.")
    if cms not in practical_cms():
        errors.append("Choisissez le CMS du sujet : WordPress ou PrestaShop.")
    if len(code) > 32 or len(title) > 255:
        errors.append("Code : 32 caractères au plus ; intitulé : 255 caractères au plus.")
    if len(file_content) > MAX_FILE:
        errors.append("Le fichier du sujet dépasse 5 Mio.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        if PracticalSubject.objects.filter(session=session, code=code).exists():
            raise ValidationError(f"Un sujet de code « {code} » existe déjà pour la session.")
        subject = PracticalSubject(
            session=session,
            code=code,
            title=title,
            cms=cms,
            file_name=file_name.strip()[:255] if file_content else "",
            file_content=file_content,
            added_by=_user(user),
        )
        subject.full_clean()
        try:
            with transaction.atomic():
                subject.save()
        except IntegrityError:
            raise ValidationError(
                f"Un sujet de code « {code} » existe déjà pour la session."
            ) from None
        audit_record(
            actor=user,
            action="practical_subject_add",
            obj=subject,
            after={"code": code, "title": title, "cms": cms, "file": subject.file_name},
        )
        return subject


def _assignable(candidate: Candidate) -> None:
    if not sits(candidate, practical_exam()):
        raise ValidationError(
            f"{candidate} ne passe pas l'épreuve pratique {practical_exam()} à cette session."
        )


def practical_assign(
    *, user: Any, candidate: Candidate, subject: PracticalSubject
) -> PracticalSubjectAssignment:
    """Give the candidate this subject of the bank (replacing the one given before)."""
    if subject.session_id != candidate.session_id:
        raise ValidationError("Ce sujet n'appartient pas à la banque de la session du candidat.")
    _assignable(candidate)
    with transaction.atomic():
        ensure_open([candidate])
        current = (
            PracticalSubjectAssignment.objects.select_for_update(of=("self",))
            .filter(candidate=candidate)
            .select_related("subject")
            .defer("subject__file_content")
            .first()
        )
        before = None if current is None else {"subject": current.subject.code}
        if current is None:
            current = PracticalSubjectAssignment(candidate=candidate, subject=subject)
        current.subject = subject
        current.assigned_by = _user(user)
        current.save()
        audit_record(
            actor=user,
            action="practical_subject_assign",
            obj=current,
            before=before,
            after={"subject": subject.code, "cms": subject.cms},
            candidate=candidate,
            revise=False,
        )
        return current


@dataclass(frozen=True)
class Shared:
    """What a share did: how many candidates were given a subject, and those left aside
    (already given one, not sitting the practical, file locked) with the reason."""

    given: int
    skipped: list[str]


def practical_share(*, user: Any, session: ExamSession, candidates: Sequence[Candidate]) -> Shared:
    """« Répartir »: give a subject to each of these candidates (a commission's or a
    group's, in their order) who has none, alternating WordPress and PrestaShop so that,
    with those already given, the CMS stay balanced (C2022 §1.12: the bank has as many of
    each), and, within a CMS, the subject the fewest have. One transaction, one journal
    entry per candidate given a subject."""
    bank = list(
        PracticalSubject.objects.filter(session=session).defer("file_content").order_by("code")
    )
    by_cms = {code: [s for s in bank if s.cms == code] for code in practical_cms()}
    missing = [code for code, subjects in by_cms.items() if not subjects]
    if missing:
        labels = ", ".join(practical_cms()[code] for code in missing)
        raise ValidationError(f"La banque de la session n'a aucun sujet {labels} : ajoutez-en.")
    with transaction.atomic():
        listed = list(
            Candidate.objects.select_for_update(of=("self",))
            .filter(pk__in=[c.pk for c in candidates], session=session)
            .order_by("pk")
        )
        order = {c.pk: i for i, c in enumerate(candidates)}
        listed.sort(key=lambda c: order[c.pk])
        given = {
            a.candidate_id: a.subject
            for a in PracticalSubjectAssignment.objects.filter(candidate__in=listed)
            .select_related("subject")
            .defer("subject__file_content")
        }
        skipped = []
        todo = []
        for candidate in listed:
            if candidate.pk in given:
                skipped.append(f"{candidate} : sujet déjà attribué ({given[candidate.pk].code})")
            elif candidate.locked_by:
                skipped.append(f"{candidate} : délibération close (jury « {candidate.locked_by} »)")
            elif not sits(candidate, practical_exam()):
                skipped.append(f"{candidate} : ne passe pas l'épreuve {practical_exam()}")
            else:
                todo.append(candidate)
        uses = Counter(
            PracticalSubjectAssignment.objects.filter(subject__session=session).values_list(
                "subject_id", flat=True
            )
        )
        shares = cms_share(len(todo), already=[s.cms for s in given.values()])
        rows = []
        for candidate, cms in zip(todo, shares, strict=True):
            subject = min(by_cms[cms], key=lambda s: (uses[s.pk], s.code))
            uses[subject.pk] += 1
            rows.append(
                PracticalSubjectAssignment(
                    candidate=candidate, subject=subject, assigned_by=_user(user)
                )
            )
        PracticalSubjectAssignment.objects.bulk_create(rows)
        audit_bulk(
            actor=user,
            action="practical_subject_share",
            lines=[
                AuditLine(
                    obj=row,
                    after={"subject": row.subject.code, "cms": row.subject.cms},
                    candidate_id=row.candidate_id,
                )
                for row in rows
            ],
            revise=False,
        )
        return Shared(len(rows), skipped)
