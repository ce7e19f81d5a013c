"""Reads of the subjects: the activities of a candidate's E4 dossier a fiche-sujet may name
(and why there is none to name), the situation the fiche-sujet belongs to in the candidate's
form, the session's bank of E5 practical subjects and what each candidate was given."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import QuerySet

from ndrc.rules.conformity import Outcome, dossier_catalogue
from ndrc.rules.subjects import practical_cms, sheet_exam, sheet_situation
from ndrc.web.candidates.models import Candidate, ConformityOutcome, Dossier
from ndrc.web.grading.grid_selectors import grid_form
from ndrc.web.grading.subject_models import (
    PracticalSubject,
    PracticalSubjectAssignment,
    SubjectSheet,
)
from ndrc.web.sessions.models import ExamSession


@dataclass(frozen=True)
class Activity:
    """One of the activities the candidate's E4 dossier describes: the fiche's place in the
    dossier (0 or 1), its nature and the nature's label."""

    index: int
    nature: str
    label: str

    @property
    def number(self) -> int:
        return self.index + 1


@dataclass(frozen=True)
class Activities:
    """The activities a fiche-sujet may name, and, when there is none, why (in French);
    ``warning`` says what is missing when the dossier describes only one."""

    activities: tuple[Activity, ...]
    reason: str = ""
    warning: str = ""


def nature_label(nature: str) -> str:
    natures: dict[str, str] = dossier_catalogue(sheet_exam())["natures"]
    return natures.get(nature, nature or "nature non indiquée")


def dossier_activities(candidate: Candidate) -> Activities:
    """The activities described by the fiches of the candidate's E4 dossier. None when the
    dossier is not recorded, has no fiche, or was judged not valid (NV: the candidate is not
    interrogated). One only: the dossier lacks a fiche (a defect penalised in the grid, the
    candidate is interrogated all the same: A2023 annexe II, E4 §4.1)."""
    exam = sheet_exam()
    outcome = (
        ConformityOutcome.objects.filter(candidate=candidate, exam=exam)
        .values_list("outcome", flat=True)
        .first()
    )
    if outcome == Outcome.NOT_VALID.value:
        return Activities(
            (), reason=f"dossier {exam} non valide (NV) : le candidat n'est pas interrogé"
        )
    content = (
        Dossier.objects.filter(candidate=candidate, exam=exam)
        .values_list("content", flat=True)
        .first()
    )
    if content is None:
        return Activities((), reason=f"dossier {exam} non enregistré pour ce candidat")
    fiches = [f for f in (content.get("fiches") or []) if isinstance(f, dict)][:2]
    if not fiches:
        return Activities(
            (), reason=f"le dossier {exam} enregistré ne décrit aucune activité (aucune fiche)"
        )
    activities = tuple(
        Activity(index, str(f.get("nature", "")), nature_label(str(f.get("nature", ""))))
        for index, f in enumerate(fiches)
    )
    warning = ""
    if len(activities) < 2:
        warning = (
            f"Le dossier {exam} ne décrit qu'une activité (absence d'une des deux fiches, "
            "insuffisance pénalisée dans la grille) : la fiche-sujet porte sur celle-ci."
        )
    return Activities(activities, warning=warning)


def sheet_place(candidate: Candidate) -> tuple[str, str]:
    """The form the candidate sits E4 in and the situation its fiche-sujet belongs to (an
    error in French when E4 is not in the candidate's plan or its form has none)."""
    form = grid_form(candidate, sheet_exam())
    situation = sheet_situation(form.value)
    if situation is None:
        raise ValidationError(f"Pas de fiche-sujet en forme {form.label_fr.lower()}.")
    return form.value, situation


def sheet_of(candidate: Candidate) -> SubjectSheet | None:
    """The candidate's fiche-sujet, if written (whatever the form: the one of the plan)."""
    try:
        form, situation = sheet_place(candidate)
    except ValidationError:
        return None
    return SubjectSheet.objects.filter(
        candidate=candidate, exam=sheet_exam(), form=form, situation=situation
    ).first()


def sheets_of(candidates: Iterable[Candidate]) -> dict[int, SubjectSheet]:
    """The E4 fiche-sujet of each of these candidates, the one of the form and situation of
    the candidate's plan, as ``sheet_of`` (one query): a fiche-sujet written for another form
    (the plan changed since) is not the one to show or print."""
    places = {}
    for candidate in candidates:
        try:
            places[candidate.pk] = sheet_place(candidate)
        except ValidationError:
            continue
    return {
        s.candidate_id: s
        for s in SubjectSheet.objects.filter(candidate_id__in=list(places), exam=sheet_exam())
        if places[s.candidate_id] == (s.form, s.situation)
    }


def practical_bank(session: ExamSession) -> QuerySet[PracticalSubject]:
    """The session's bank of subjects, without their files (up to 5 Mio each: read only
    when one is downloaded)."""
    return (
        PracticalSubject.objects.filter(session=session)
        .defer("file_content")
        .order_by("cms", "code")
    )


def bank_balance(session: ExamSession) -> dict[str, int]:
    """How many subjects of each CMS the bank holds (the circular asks as many of each)."""
    counts = Counter(practical_bank(session).values_list("cms", flat=True))
    return {code: counts.get(code, 0) for code in practical_cms()}


def practical_of(candidates: Iterable[Candidate]) -> dict[int, PracticalSubject]:
    """The E5 practical subject given to each of these candidates (one query)."""
    pks = [c.pk for c in candidates]
    return {
        a.candidate_id: a.subject
        for a in PracticalSubjectAssignment.objects.filter(candidate_id__in=pks)
        .select_related("subject")
        .defer("subject__file_content")
    }
