"""The roles of the people who use the product, and what each may do.

Every view declares the permission it needs; ``has_permission`` is the one place
where a role is checked against it.
"""

from __future__ import annotations

from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    EXAM_OFFICE = "exam_office", _("Division des examens (rectorat)")
    TRAINING_CENTRE = "training_centre", _("Centre de formation")
    EXAMINER = "examiner", _("Examinateur")
    JURY = "jury", _("Jury")
    CANDIDATE = "candidate", _("Candidat")


class Permission(StrEnum):
    VIEW_CANDIDATE_LIST = "view_candidate_list"
    VIEW_OWN_FILE = "view_own_file"
    MANAGE_SESSIONS = "manage_sessions"
    VIEW_CANDIDATE_PLAN = "view_candidate_plan"
    DELIBERATE = "deliberate"
    ENTER_GRADES = "enter_grades"
    FILL_GRIDS = "fill_grids"
    MANAGE_GRIDS = "manage_grids"
    MANAGE_JURIES = "manage_juries"
    PUBLISH_RESULTS = "publish_results"
    EXPORT_RESULTS = "export_results"
    VIEW_AUDIT = "view_audit"
    VIEW_OWN_RESULTS = "view_own_results"
    EDIT_CANDIDATE_FILE = "edit_candidate_file"
    ASSIGN_EXAMINERS = "assign_examiners"
    IMPORT_DATA = "import_data"
    FOLLOW_JOBS = "follow_jobs"
    REOPEN_DELIBERATION = "reopen_deliberation"
    JUDGE_CONFORMITY = "judge_conformity"
    REGISTER_CANDIDATES = "register_candidates"
    # Documents (« 10 · The documents »): issuing them is the rectorat's; each person reads
    # those meant for him or her (documents.kinds: to_candidate, to_centre).
    ISSUE_DOCUMENTS = "issue_documents"
    VIEW_DOCUMENTS = "view_documents"
    # The exam days (« 11 · The exam days »): centres, rooms, calendar, examiners and the
    # schedule are organised by the rectorat; each person reads his or her part of the
    # schedule (scheduling.selectors: an examiner his or her day, a centre its candidates', a
    # candidate his or her own).
    ORGANISE_EXAM_DAYS = "organise_exam_days"
    VIEW_EXAM_DAYS = "view_exam_days"
    # The loge's print of a commission's fiches-sujets and E5 subjects (issue 17): the
    # rectorat and the commission's examiners; never the training centres nor the candidates
    # (the subjects stay unknown to them until the loge).
    PRINT_SUBJECTS = "print_subjects"
    # The CCF evaluation dossier the training centre keeps for the jury and the rectorat
    # (A2023 annexe II, E4 §4.2.2, E6 §4.2.2): the centre and the exam office read it.
    VIEW_CCF_DOSSIERS = "view_ccf_dossiers"


ROLE_PERMISSIONS: dict[str, frozenset[Permission]] = {
    Role.EXAM_OFFICE: frozenset(
        {
            Permission.VIEW_CANDIDATE_LIST,
            Permission.MANAGE_SESSIONS,
            Permission.VIEW_CANDIDATE_PLAN,
            Permission.DELIBERATE,
            Permission.ENTER_GRADES,
            Permission.MANAGE_JURIES,
            Permission.PUBLISH_RESULTS,
            Permission.EXPORT_RESULTS,
            Permission.VIEW_AUDIT,
            Permission.EDIT_CANDIDATE_FILE,
            Permission.IMPORT_DATA,
            Permission.ASSIGN_EXAMINERS,
            Permission.FOLLOW_JOBS,
            # A re-deliberation is decided by the rectorat (the jury asks for it).
            Permission.REOPEN_DELIBERATION,
            # Doubts on a dossier and suspicions of plagiarism are the rectorat's judgement.
            Permission.JUDGE_CONFORMITY,
            Permission.REGISTER_CANDIDATES,
            Permission.ISSUE_DOCUMENTS,
            Permission.VIEW_DOCUMENTS,
            Permission.ORGANISE_EXAM_DAYS,
            Permission.VIEW_EXAM_DAYS,
            # The national circular's grids of the session, and every grid read.
            Permission.MANAGE_GRIDS,
            Permission.FILL_GRIDS,
            Permission.PRINT_SUBJECTS,
            Permission.VIEW_CCF_DOSSIERS,
        }
    ),
    # A training centre keeps its own candidates' internships and dossiers and enters their
    # CCF grade proposals.
    Role.TRAINING_CENTRE: frozenset(
        {
            Permission.VIEW_CANDIDATE_LIST,
            Permission.VIEW_CANDIDATE_PLAN,
            Permission.ENTER_GRADES,
            Permission.FILL_GRIDS,
            Permission.EDIT_CANDIDATE_FILE,
            Permission.VIEW_DOCUMENTS,
            Permission.VIEW_EXAM_DAYS,
            Permission.VIEW_CCF_DOSSIERS,
        }
    ),
    # An examiner enters the grades of the candidates and épreuves assigned to him or her.
    # He or she reads the documents addressed to him or her (the convocation).
    Role.EXAMINER: frozenset(
        {
            Permission.ENTER_GRADES,
            Permission.FILL_GRIDS,
            Permission.VIEW_EXAM_DAYS,
            Permission.VIEW_DOCUMENTS,
            Permission.PRINT_SUBJECTS,
        }
    ),
    # A jury member deliberates on the candidates of his or her juries only.
    Role.JURY: frozenset({Permission.DELIBERATE, Permission.FOLLOW_JOBS}),
    Role.CANDIDATE: frozenset(
        {
            Permission.VIEW_OWN_FILE,
            Permission.VIEW_CANDIDATE_PLAN,
            Permission.VIEW_OWN_RESULTS,
            Permission.VIEW_DOCUMENTS,
            Permission.VIEW_EXAM_DAYS,
        }
    ),
}


def has_permission(user: object, permission: Permission) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if getattr(user, "is_superuser", False):
        return True
    return permission in ROLE_PERMISSIONS.get(getattr(user, "role", ""), frozenset())
