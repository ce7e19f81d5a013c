"""The retention rules (audit/retention.yaml) and ``ndrc web retention_apply``: what has passed
its term is deleted or pseudonymised, every frozen result stays as the jury arrested it."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from ndrc.web.accounts.roles import Role
from ndrc.web.audit.models import WITHHELD, AccessLog, AuditEntry
from ndrc.web.audit.retention import retention_rules
from ndrc.web.candidates.models import Candidate, Dossier, Internship
from ndrc.web.deliberations import closing
from ndrc.web.deliberations.models import FrozenResult
from ndrc.web.imports.models import ImportFile
from ndrc.web.privacy.retention import (
    PSEUDONYM_PREFIX,
    REMOVED_BIRTH_DATE,
    pseudonym,
    retention_apply,
)
from tests.factories import CandidateFactory, ExamSessionFactory, UserFactory

pytestmark = pytest.mark.django_db

FROZEN_FIELDS = ("decision", "decision_label", "average", "average_display", "regulation")


def test_every_kind_of_data_has_a_term_and_a_source():
    rules = retention_rules()
    assert set(rules) == {
        "evaluation_dossiers",
        "ccf_evaluation_dossiers",
        "candidate_identity",
        "grades_and_results",
        "audit_entries",
        "import_files",
        "accounts",
        "access_log",
        "login_attempts",
        "document_bundles",
        "candidate_documents",
        "livrets",
    }
    for rule in rules.values():
        assert rule.source and rule.decided_by in ("texts", "rectorat")
        assert rule.decided_by == "texts" or rule.why  # the rectorat's choice says why
    assert "2005-003" in rules["evaluation_dossiers"].source
    assert "D643-15" in rules["candidate_identity"].source
    assert "2021-122" in rules["access_log"].source
    assert rules["grades_and_results"].action == "keep"
    assert (rules["document_bundles"].days, rules["document_bundles"].action) == (30, "delete")


def _frozen(candidate):
    return [
        (*(getattr(f, name) for name in FROZEN_FIELDS), f.explanation, f.result)
        for f in FrozenResult.objects.filter(candidate=candidate).order_by("round")
    ]


@pytest.fixture
def published(jury, office):
    closing.deliberation_close(jury=jury, actor=office)
    closing.results_publish(jury=jury, actor=office)
    candidates = [a.candidate for a in jury.assignments.order_by("candidate__pk")]
    first = candidates[0]
    first.user = UserFactory(role=Role.CANDIDATE, username="lou", email="lou@example.org")
    first.save()
    Candidate.objects.filter(pk=first.pk).update(arrangements="Tiers-temps", extra_time=True)
    return candidates


def test_a_dry_run_counts_and_writes_nothing(published):
    before = (Candidate.objects.get(pk=published[0].pk).last_name, AuditEntry.objects.count())
    report = retention_apply(today=dt.date(2031, 1, 2), dry_run=True)
    assert report.counts["candidate_identity"] == 2
    assert report.counts["evaluation_dossiers"] > 0
    after = (Candidate.objects.get(pk=published[0].pk).last_name, AuditEntry.objects.count())
    assert after == before
    assert Internship.objects.exists()


def test_before_the_terms_nothing_changes(published):
    report = retention_apply(today=dt.date(2026, 12, 31))
    assert not any(report.counts.values())
    assert not AuditEntry.objects.filter(action="retention_apply").exists()


def test_evaluation_dossiers_go_one_year_after_the_session_of_a_frozen_session(published):
    other = CandidateFactory(session=ExamSessionFactory(year=2024))  # results not frozen
    Internship.objects.create(
        candidate=other, organisation="Acme", start=dt.date(2023, 1, 2), end=dt.date(2023, 2, 2)
    )
    revisions = {c.pk: Candidate.objects.get(pk=c.pk).revision for c in published}
    retention_apply(today=dt.date(2027, 1, 1))
    assert not Internship.objects.filter(candidate__in=published).exists()
    for pk, revision in revisions.items():  # what was computed from the file is stale
        assert Candidate.objects.get(pk=pk).revision > revision
    assert not Dossier.objects.filter(candidate__in=published).exists()
    assert Internship.objects.filter(candidate=other).exists()
    assert Candidate.objects.get(pk=published[0].pk).last_name == published[0].last_name


def test_identity_is_pseudonymised_and_every_frozen_result_is_unchanged(published):
    candidate = published[0]
    frozen_before = {c.pk: _frozen(c) for c in published}
    assert all(frozen_before.values())
    AuditEntry.objects.create(  # as candidate_register writes it
        action="candidate_register",
        object_type="candidates.Candidate",
        object_id=str(candidate.pk),
        object_repr=str(candidate),
        candidate=candidate,
        after={"last_name": candidate.last_name, "first_name": candidate.first_name},
    )
    retention_apply(today=dt.date(2031, 1, 2))
    stored = Candidate.objects.select_related("user").get(pk=candidate.pk)
    assert stored.last_name == pseudonym(candidate.pk)
    assert stored.last_name.startswith(PSEUDONYM_PREFIX) and stored.first_name == ""
    assert stored.birth_date == REMOVED_BIRTH_DATE
    assert (stored.arrangements, stored.extra_time) == ("", False)
    assert stored.number == candidate.number  # the link to the archived minutes
    assert {c.pk: _frozen(c) for c in published} == frozen_before
    user = stored.user
    assert not user.is_active and user.email == "" and not user.has_usable_password()
    assert user.username == stored.last_name.lower()
    registration = AuditEntry.objects.get(action="candidate_register", candidate=candidate)
    assert registration.after["last_name"] == stored.last_name
    assert registration.after["first_name"] == ""
    assert candidate.first_name not in registration.object_repr
    # The pseudonym is stable: a second run changes nothing more.
    report = retention_apply(today=dt.date(2031, 1, 3))
    assert report.counts["candidate_identity"] == 0
    assert Candidate.objects.get(pk=candidate.pk).last_name == stored.last_name


def test_old_journal_values_and_old_reads_and_files_go(published, office):
    candidate = published[0]
    AuditEntry.objects.create(
        action="candidate_update",
        object_type="candidates.Candidate",
        object_id=str(candidate.pk),
        object_repr=str(candidate),
        candidate=candidate,
        before={"birth_date": "2005-03-01", "lv1": "anglais"},
        after={"birth_date": "2005-04-01", "lv1": "espagnol"},
    )
    old = AccessLog.objects.create(user=office, candidate=candidate, page="file")
    AccessLog.objects.filter(pk=old.pk).update(at=timezone.now() - dt.timedelta(days=400))
    recent = AccessLog.objects.create(user=office, candidate=candidate, page="file")
    stored = ImportFile.objects.create(
        kind="candidates",
        filename="candidats.csv",
        content=b"numero;nom\n",
        session=candidate.session,
        academy=candidate.academy,
        created_by=office,
    )
    ImportFile.objects.filter(pk=stored.pk).update(created_at=timezone.now() - dt.timedelta(days=3))
    out = io.StringIO()
    call_command("retention_apply", "--today", timezone.localdate().isoformat(), stdout=out)
    text = out.getvalue()
    assert "entrées du journal dont les valeurs personnelles sont retirées : 1" in text
    assert "consultations de dossiers supprimées : 1" in text
    assert "fichiers d'import supprimés : 1" in text
    entry = AuditEntry.objects.get(action="candidate_update", candidate=candidate)
    assert entry.before["birth_date"] == entry.after["birth_date"] == WITHHELD
    assert entry.after["lv1"] == "espagnol"
    assert list(AccessLog.objects.all()) == [recent]
    assert not ImportFile.objects.exists()
    (run,) = AuditEntry.objects.filter(action="retention_apply")
    assert run.after["access_log"] == 1 and run.after["import_files"] == 1


def test_the_command_refuses_a_date_it_cannot_read():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Date invalide"):
        call_command("retention_apply", "--today", "31/12/2030")


def test_the_candidate_file_term_is_the_site_setting(published):
    from ndrc.web.site.models import SiteSettings

    SiteSettings.objects.create(retention_years=6)
    report = retention_apply(today=dt.date(2031, 1, 2), dry_run=True)
    assert report.counts["candidate_identity"] == 0
    report = retention_apply(today=dt.date(2032, 1, 2), dry_run=True)
    assert report.counts["candidate_identity"] == 2


def test_the_file_of_a_recently_failed_import_is_kept_for_its_restart(published, office):
    from ndrc.web.jobs.models import Job, JobState

    candidate = published[0]
    now = timezone.now()
    files = {}
    for name, failed_days_ago in (("recent", 1), ("old", 30)):
        job = Job.objects.create(
            kind="import_candidates",
            task="ndrc.web.imports.services.import_work",
            state=JobState.FAILED,
            finished_at=now - dt.timedelta(days=failed_days_ago),
        )
        files[name] = ImportFile.objects.create(
            kind="candidates",
            filename=f"{name}.csv",
            content=b"numero;nom\n",
            session=candidate.session,
            academy=candidate.academy,
            created_by=office,
            job=job,
        )
    ImportFile.objects.update(created_at=now - dt.timedelta(days=40))
    call_command(
        "retention_apply", "--today", timezone.localdate().isoformat(), stdout=io.StringIO()
    )
    assert list(ImportFile.objects.values_list("filename", flat=True)) == ["recent.csv"]


def test_the_traces_of_logins_go_after_six_months(published):
    from axes.models import AccessAttempt, AccessFailureLog

    now = timezone.now()
    for days in (200, 10):
        attempt = AccessAttempt.objects.create(
            username=f"u{days}",
            ip_address="192.0.2.1",
            user_agent="navigateur",
            http_accept="*/*",
            path_info="/connexion/",
            get_data="",
            post_data="",
            failures_since_start=1,
        )
        failure = AccessFailureLog.objects.create(
            username=f"u{days}",
            ip_address="192.0.2.1",
            user_agent="navigateur",
            http_accept="*/*",
            path_info="/connexion/",
        )
        for model, row in ((AccessAttempt, attempt), (AccessFailureLog, failure)):
            model.objects.filter(pk=row.pk).update(attempt_time=now - dt.timedelta(days=days))
    out = io.StringIO()
    call_command("retention_apply", "--today", timezone.localdate().isoformat(), stdout=out)
    assert "traces de connexion supprimées : 2" in out.getvalue()
    assert list(AccessAttempt.objects.values_list("username", flat=True)) == ["u10"]
    assert list(AccessFailureLog.objects.values_list("username", flat=True)) == ["u10"]


def test_the_documents_issued_to_a_candidate_go_with_the_identity_the_pv_stays(published, office):
    from ndrc.web.deliberations.minutes import minutes_issue
    from ndrc.web.deliberations.transcripts import transcripts_issue
    from ndrc.web.documents.mail import Notice, notices_send
    from ndrc.web.documents.models import IssuedDocument, MailRecord

    jury = published[0].jury_assignment.jury
    minutes_issue(jury=jury, actor=office)
    transcripts_issue(candidate_ids=[c.pk for c in published], actor=office)
    notices_send(
        [
            Notice(
                address="lou@example.org",
                subject="Résultats",
                body="Publiés.",
                topic="results",
                candidate_id=published[0].pk,
            )
        ]
    )
    candidates_documents = IssuedDocument.objects.filter(candidate__in=published)
    assert candidates_documents.exists() and MailRecord.objects.exists()
    assert retention_apply(today=dt.date(2030, 12, 31)).counts["candidate_documents"] == 0
    report = retention_apply(today=dt.date(2031, 1, 2))
    assert report.counts["candidate_documents"] > 0
    assert not candidates_documents.exists()
    assert not MailRecord.objects.filter(candidate__in=published).exists()
    assert IssuedDocument.objects.filter(kind="pv-deliberation", jury_id=jury.pk).exists()
