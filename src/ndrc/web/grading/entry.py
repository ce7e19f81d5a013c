"""Grade entry for a class: how a typed cell reads, and the rows of the entry page (one query
for the grades)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

from ndrc.rules.grade_basis import FILE_STATES
from ndrc.rules.grades import grade_from_token
from ndrc.web.accounts.roles import Role
from ndrc.web.candidates.grade_services import GradeWrite
from ndrc.web.candidates.models import Candidate
from ndrc.web.candidates.selectors import grades_visible_to
from ndrc.web.grading.permits import typed_permit


@dataclass
class EntryRow:
    candidate: Candidate
    text: str
    version: int | None
    allowed: bool
    reason: str = ""
    error: str = ""
    conflict: str = ""
    original: str = ""
    saved: bool = False  # this row's cell was saved by the page just sent

    @property
    def locked_by(self) -> str:
        """The jury whose closed deliberation locks this candidate's file (empty when open):
        the cell is shown locked; the server refuses it anyway (``candidates.locks``)."""
        return self.candidate.locked_by


def parse_entry(text: str, exam: str, *, ccf: bool = False) -> GradeWrite | None:
    """The grade typed in a cell, read by the rules core (``grade_from_token``: a number with
    a comma or point, a state token, BEN:note:session); None if empty. The inverse of
    ``Grade.typed``. A DISP, VAE or BEN stands for a fact of the candidate's file, never a
    CCF proposal: the grade services check it against the file (``ndrc.rules.grade_basis``)
    and let only the exam office write it."""
    if not text.strip():
        return None
    grade = grade_from_token(text, exam)
    return GradeWrite(
        exam,
        grade.state.value,
        grade.value,
        ccf=ccf and grade.state not in FILE_STATES,
        carried_session=None if grade.carried is None else grade.carried.session,
    )


def entry_candidates(
    *, user: Any, candidates: QuerySet[Candidate], exam: str
) -> QuerySet[Candidate]:
    """The candidates listed on the entry page of an épreuve: an examiner sees only those whose
    épreuve is entrusted to him or her (not even the names of the others); everyone else the
    candidates he or she already sees."""
    if getattr(user, "role", "") == Role.EXAMINER:
        return candidates.filter(
            examiner_assignments__examiner=user, examiner_assignments__exam=exam
        ).distinct()
    return candidates


def entry_rows(*, user: Any, candidates: Iterable[Candidate], exam: str) -> list[EntryRow]:
    """The rows of these candidates (one page of the entry page, read with their
    establishment and session), with the grade each shows and whether the user may enter it."""
    listed = list(candidates)
    # Only the grades the user may see (not even read-only the others).
    shown = grades_visible_to(user=user, candidates=listed).filter(exam=exam)
    grades = {g.candidate_id: g for g in shown}
    rows = []
    for candidate in listed:
        permit = typed_permit(user, candidate, exam)
        grade = grades.get(candidate.pk)
        text = "" if grade is None else grade.typed
        rows.append(
            EntryRow(
                candidate=candidate,
                text=text,
                original=text,
                version=None if grade is None else grade.version,
                allowed=permit.allowed,
                reason=permit.reason,
            )
        )
    return rows


@dataclass
class EntryOutcome:
    """What a submitted entry page did: the grades saved (each row told), and per candidate
    the error or the conflict that kept a cell from being saved (nothing else on that row is
    written)."""

    saved: int = 0
    saved_pks: set[int] = field(default_factory=set)  # the rows whose cell was saved
    errors: dict[int, str] = field(default_factory=dict)
    conflicts: dict[int, str] = field(default_factory=dict)
    typed: dict[int, str] = field(default_factory=dict)

    def apply_to(self, rows: list[EntryRow]) -> None:
        """Show each row's error or conflict, and what was typed where it was refused."""
        for row in rows:
            pk = row.candidate.pk
            row.error = self.errors.get(pk, "")
            row.conflict = self.conflicts.get(pk, "")
            row.saved = pk in self.saved_pks
            if row.error:
                row.text = self.typed[pk]
