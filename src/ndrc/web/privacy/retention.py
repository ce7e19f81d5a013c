"""Applying the retention rules (``audit/retention.yaml``) on a given day: what has passed its
term is deleted or pseudonymised, in one transaction with one journal entry. The frozen results
are never touched: their decision, exact average, explanation and regulation stay as the jury
arrested them, and the file they were computed from keeps what grounds them (grades, routes,
units, exemptions), only the candidate's identity is replaced by a stable pseudonym."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from axes.models import AccessAttempt, AccessFailureLog
from axes.models import AccessLog as LoginLog
from django.conf import settings
from django.db import transaction
from django.db.models import Q

from ndrc.web.audit.models import WITHHELD, AccessLog, AuditEntry
from ndrc.web.audit.retention import retention_rules
from ndrc.web.audit.services import WITHHELD_FIELDS, audit_event, candidates_revise
from ndrc.web.candidates.models import Candidate, Dossier, Internship, Livret
from ndrc.web.deliberations.models import Jury, JuryAssignment
from ndrc.web.documents.models import BUNDLE_FOLDER, DocumentBundle, IssuedDocument, MailRecord
from ndrc.web.grading.ccf_models import EvaluationDossierFile
from ndrc.web.imports.models import ImportFile
from ndrc.web.jobs.models import JobState
from ndrc.web.site.selectors import site_settings

# What a pseudonymised candidate's identity becomes: the last name a stable pseudonym, the
# first name empty, the birth date this day (the field is required; the real one is removed).
PSEUDONYM_PREFIX = "PSEUDO-"
REMOVED_BIRTH_DATE = dt.date(1900, 1, 1)


def pseudonym(candidate_pk: int) -> str:
    """The same pseudonym for the same candidate at every run (keyed by the site's secret, so
    that it cannot be recomputed from the candidate's number)."""
    digest = hmac.new(
        settings.SECRET_KEY.encode(), f"candidate:{candidate_pk}".encode(), hashlib.sha256
    )
    return PSEUDONYM_PREFIX + digest.hexdigest()[:10].upper()


@dataclass
class RetentionReport:
    """What was (or, in a dry run, would be) done, by kind of data."""

    today: dt.date
    dry_run: bool
    counts: dict[str, int] = field(default_factory=dict)

    def lines(self) -> list[str]:
        """The report as the command prints it, in French."""
        head = "Simulation (rien n'est écrit)" if self.dry_run else "Appliqué"
        out = [f"{head} au {self.today:%d/%m/%Y} (règles : src/ndrc/web/audit/retention.yaml) :"]
        out += [f"- {label} : {self.counts.get(kind, 0)}" for kind, label in REPORT_LABELS.items()]
        return out


# The report's lines, by kind of data.
REPORT_LABELS = {
    "evaluation_dossiers": "périodes de stage et dossiers supprimés",
    "ccf_evaluation_dossiers": "documents des dossiers d'évaluation de CCF supprimés",
    "livrets": "livrets scolaires ou de formation supprimés",
    "candidate_identity": "candidats pseudonymisés",
    "candidate_documents": "documents délivrés aux candidats et courriels supprimés",
    "accounts": "comptes de candidats désactivés et pseudonymisés",
    "audit_entries": "entrées du journal pseudonymisées",
    "audit_withheld": "entrées du journal dont les valeurs personnelles sont retirées",
    "import_files": "fichiers d'import supprimés",
    "access_log": "consultations de dossiers supprimées",
    "login_attempts": "traces de connexion supprimées",
    "document_bundles": "fichiers de documents édités en lot supprimés",
}


def retention_apply(*, today: dt.date, dry_run: bool = False, actor: Any = None) -> RetentionReport:
    """Apply every rule on ``today``; in a dry run, count without writing. One journal entry
    when something was done (none in a dry run)."""
    report = RetentionReport(today=today, dry_run=dry_run)
    with transaction.atomic():
        _apply(report)
        if dry_run:
            transaction.set_rollback(True)
        elif any(report.counts.values()):
            _record(report, actor)
    return report


def _after_deliberation(rule: Any, today: dt.date) -> Q | None:
    """The candidates' rows whose term counted from the close of their jury's deliberation
    has passed (a candidate without a closed jury: from the session's end); None when the
    rule sets no term."""
    cutoff = rule.deliberation_cutoff(today)
    if cutoff is None or rule.years is None:
        return None
    closed = JuryAssignment.objects.filter(jury__state=Jury.CLOSED)
    return Q(
        candidate__in=closed.filter(jury__closed_at__date__lt=cutoff).values("candidate_id")
    ) | (
        ~Q(candidate__in=closed.values("candidate_id"))
        & Q(candidate__session__year__lte=today.year - rule.years - 1)
    )


def _apply(report: RetentionReport) -> None:
    # The terms the rectorat sets in the site's settings (the candidate's file: 5 years by
    # default, D643-15) replace the defaults of retention.yaml.
    years = site_settings().retention_years
    rules = {kind: rule.with_years(years) for kind, rule in retention_rules().items()}
    counts = report.counts
    today = report.today

    # Evaluation dossiers: deleted once their term has passed and the session's results are
    # frozen (a session still deliberating keeps them).
    rule = rules["evaluation_dossiers"]
    last_year = rule.session_years_expired(today)
    expired = Q(candidate__session__year__lte=last_year)
    if rule.only_when == "results_frozen":
        expired &= Q(candidate__session__results_frozen=True)
    touched = set(Internship.objects.filter(expired).values_list("candidate_id", flat=True))
    touched |= set(Dossier.objects.filter(expired).values_list("candidate_id", flat=True))
    counts["evaluation_dossiers"] = (
        Internship.objects.filter(expired).delete()[0] + Dossier.objects.filter(expired).delete()[0]
    )
    # What was computed from these files (their proposed results) is no longer current; the
    # frozen results are not touched.
    candidates_revise(touched)

    # CCF evaluation dossiers: the files the training centre uploaded, deleted one year after
    # the candidate's deliberation closed (a candidate without a closed jury: one year after
    # the session's end).
    due = _after_deliberation(rules["ccf_evaluation_dossiers"], today)
    if due is not None:
        counts["ccf_evaluation_dossiers"] = EvaluationDossierFile.objects.filter(due).delete()[0]

    # Livrets: deleted one year after the candidate's deliberation closed, like the CCF
    # evaluation dossiers (the jury's consultations stay, with the journal).
    due = _after_deliberation(rules["livrets"], today)
    if due is not None:
        counts["livrets"] = Livret.objects.filter(due).delete()[0]

    # The candidate's identity, the candidate's account and the journal's entries about the
    # candidate: pseudonymised together.
    last_year = rules["candidate_identity"].session_years_expired(today)
    due = Candidate.objects.filter(session__year__lte=last_year).exclude(
        last_name__startswith=PSEUDONYM_PREFIX
    )
    candidates = list(due.select_related("user"))
    counts["candidate_identity"] = len(candidates)
    counts["accounts"] = 0
    counts["audit_entries"] = 0
    for candidate in candidates:
        _pseudonymise(candidate, counts)

    # The documents issued to these candidates carry their identity: deleted at the same term
    # with the e-mails that announced them (the PV and the list of admitted stay).
    last_year = rules["candidate_documents"].session_years_expired(today)
    counts["candidate_documents"] = (
        IssuedDocument.objects.filter(candidate__session__year__lte=last_year).delete()[0]
        + MailRecord.objects.filter(candidate__session__year__lte=last_year).delete()[0]
    )

    # The journal never keeps a withheld field's value: entries written before the rule
    # (or by a path that did not withhold it) lose theirs.
    counts["audit_withheld"] = _withhold_old_values()

    # Import files: deleted after their term, unless their import is still to run or failed
    # recently enough to be started again (``NDRC_JOBS_KEEP_FAILED_DAYS``, then jobs_purge).
    cutoff = rules["import_files"].cutoff(today)
    restartable = today - dt.timedelta(days=settings.NDRC_JOBS_KEEP_FAILED_DAYS)
    files = (
        ImportFile.objects.filter(created_at__date__lt=cutoff)
        .exclude(job__state__in=(JobState.QUEUED, JobState.RUNNING))
        .exclude(job__state=JobState.FAILED, job__finished_at__date__gte=restartable)
    )
    counts["import_files"] = files.delete()[0]

    # Reads of the files: deleted after their term.
    cutoff = rules["access_log"].cutoff(today)
    counts["access_log"] = AccessLog.objects.filter(at__date__lt=cutoff).delete()[0]

    # Traces of the logins (django-axes: attempts, failures, sessions): deleted after their term.
    cutoff = rules["login_attempts"].cutoff(today)
    counts["login_attempts"] = sum(
        model.objects.filter(attempt_time__date__lt=cutoff).delete()[0]
        for model in (AccessAttempt, AccessFailureLog, LoginLog)
    )

    # Bundles of documents (a ZIP or a merged PDF, copies of documents kept each): deleted
    # after their term, their files once the transaction commits (never in a dry run).
    cutoff = rules["document_bundles"].cutoff(today)
    counts["document_bundles"] = _bundles_delete(cutoff) if cutoff is not None else 0


def _bundles_delete(cutoff: dt.date) -> int:
    """Delete the bundles made before ``cutoff`` and, after the commit, their files and the
    files no bundle names any more that are as old (a job interrupted while writing one)."""
    expired = DocumentBundle.objects.filter(created_at__date__lt=cutoff)
    paths = [Path(settings.VAR_DIR) / path for path in expired.values_list("path", flat=True)]
    count = expired.delete()[0]
    folder = Path(settings.VAR_DIR) / BUNDLE_FOLDER
    named = {
        Path(settings.VAR_DIR) / p for p in DocumentBundle.objects.values_list("path", flat=True)
    }
    limit = dt.datetime.combine(cutoff, dt.time.min).timestamp()
    if folder.is_dir():
        paths += [
            path
            for path in folder.iterdir()
            if path.is_file() and path not in named and path.stat().st_mtime < limit
        ]
    transaction.on_commit(lambda: _files_remove(paths))
    return count


def _files_remove(paths: list[Path]) -> None:
    for path in paths:
        path.unlink(missing_ok=True)


def _pseudonymise(candidate: Candidate, counts: dict[str, int]) -> None:
    name = pseudonym(candidate.pk)
    diplomas = [
        # What grounds an exemption stays (kind, law teaching, a proof was received);
        # the title and the proof's description go.
        {**d, "title": "", "proof": "justificatif reçu" if d.get("proof") else ""}
        for d in candidate.diplomas or []
    ]
    Candidate.objects.filter(pk=candidate.pk).update(
        last_name=name,
        first_name="",
        birth_date=REMOVED_BIRTH_DATE,
        arrangements="",
        extra_time=False,
        diplomas=diplomas,
    )
    candidate.last_name, candidate.first_name = name, ""
    # The entries on the candidate's row name him or her: their names go too.
    for entry in AuditEntry.objects.filter(
        object_type="candidates.Candidate", object_id=str(candidate.pk)
    ):
        entry.object_repr = str(candidate)[:255]
        for side in (entry.before, entry.after):
            if isinstance(side, dict):
                for key, value in (("last_name", name), ("first_name", "")):
                    if key in side:
                        side[key] = value
        entry.save(update_fields=["object_repr", "before", "after"])
        counts["audit_entries"] += 1
    user = candidate.user
    if user is not None and not user.username.startswith(PSEUDONYM_PREFIX.lower()):
        user.username = name.lower()
        user.first_name = user.last_name = user.email = ""
        user.is_active = False
        user.set_unusable_password()
        user.save()
        counts["accounts"] += 1


def _withhold_old_values() -> int:
    """Replace by ``WITHHELD`` the values of withheld fields still in the journal."""
    done = 0
    for label, names in WITHHELD_FIELDS.items():
        kept = Q()
        for name in sorted(names):
            for side in ("before", "after"):
                kept |= Q(**{f"{side}__has_key": name}) & ~Q(**{f"{side}__{name}": WITHHELD})
        for entry in AuditEntry.objects.filter(kept, object_type=label):
            for side in (entry.before, entry.after):
                if isinstance(side, dict):
                    for key in names & side.keys():
                        side[key] = WITHHELD
            entry.save(update_fields=["before", "after"])
            done += 1
    return done


def _record(report: RetentionReport, actor: Any) -> None:
    """One journal entry for the run."""
    audit_event(
        actor=actor,
        action="retention_apply",
        object_type="retention",
        object_repr="Durées de conservation",
        after={"today": report.today.isoformat(), **report.counts},
        reason="Application de retention.yaml (ndrc web retention_apply)",
    )
