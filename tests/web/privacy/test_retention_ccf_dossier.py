"""The CCF evaluation dossier's retention (A2023 annexe II, E4 §4.2.2 and E6 §4.2.2: the
training centre keeps it « pendant une durée d'un an »): the files uploaded are deleted one
year after the candidate's deliberation closed, with the report and the dry run of
``retention_apply``; the signed grids and the situations stay."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from ndrc.web.audit.models import AuditEntry
from ndrc.web.audit.retention import retention_rules
from ndrc.web.deliberations import closing
from ndrc.web.deliberations.models import Jury
from ndrc.web.grading.models import CcfSituation, EvaluationDossierFile
from ndrc.web.privacy.retention import retention_apply
from tests.factories import CandidateFactory, ExamSessionFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%%EOF\n"
CLOSED_AT = dt.datetime(2025, 7, 4, 16, 0, tzinfo=dt.UTC)


def _file(candidate, exam="E4"):
    return EvaluationDossierFile.objects.create(
        candidate=candidate,
        exam=exam,
        kind="support",
        filename="dossier.pdf",
        mimetype="application/pdf",
        content=PDF,
        size=len(PDF),
        sha256="0" * 64,
    )


@pytest.fixture
def deliberated(jury, office):
    """The jury's deliberation closed on 4 July 2025; a file of each candidate's E4 dossier
    and a situation recorded."""
    closing.deliberation_close(jury=jury, actor=office)
    Jury.objects.filter(pk=jury.pk).update(closed_at=CLOSED_AT)
    candidates = [a.candidate for a in jury.assignments.order_by("candidate__pk")]
    for candidate in candidates:
        _file(candidate)
        CcfSituation.objects.create(
            candidate=candidate, exam="E4", situation="A", date=dt.date(2025, 3, 10)
        )
    return candidates


def test_the_rule_cites_the_texts_and_counts_from_the_deliberation():
    rule = retention_rules()["ccf_evaluation_dossiers"]
    assert (rule.years, rule.start, rule.action) == (1, "deliberation", "delete")
    assert "E4 §4.2.2 et E6 §4.2.2" in rule.source and "pendant une durée" in rule.source
    assert rule.deliberation_cutoff(dt.date(2026, 7, 5)) == dt.date(2025, 7, 5)
    assert rule.deliberation_cutoff(dt.date(2028, 2, 29)) == dt.date(2027, 2, 28)
    assert retention_rules()["import_files"].deliberation_cutoff(dt.date(2026, 7, 5)) is None


def test_the_files_stay_for_a_year_after_the_deliberation(deliberated):
    report = retention_apply(today=dt.date(2026, 7, 4))
    assert report.counts["ccf_evaluation_dossiers"] == 0
    assert EvaluationDossierFile.objects.count() == 2


def test_a_dry_run_counts_the_files_and_deletes_none(deliberated):
    report = retention_apply(today=dt.date(2026, 7, 6), dry_run=True)
    assert report.counts["ccf_evaluation_dossiers"] == 2
    assert "- documents des dossiers d'évaluation de CCF supprimés : 2" in report.lines()
    assert EvaluationDossierFile.objects.count() == 2
    assert not AuditEntry.objects.filter(action="retention_apply").exists()


def test_the_files_go_one_year_after_the_deliberation_the_situations_stay(deliberated, office):
    other = CandidateFactory(session=ExamSessionFactory(year=2026))  # no jury, a later session
    kept = _file(other, "E6")
    out = io.StringIO()
    call_command("retention_apply", "--today", "2026-07-06", stdout=out)
    assert "- documents des dossiers d'évaluation de CCF supprimés : 2" in out.getvalue()
    assert list(EvaluationDossierFile.objects.values_list("pk", flat=True)) == [kept.pk]
    assert CcfSituation.objects.count() == 2
    entry = AuditEntry.objects.get(action="retention_apply")
    assert entry.after["ccf_evaluation_dossiers"] == 2


def test_a_reopened_deliberation_keeps_the_files_until_a_year_after_the_session(
    deliberated, session
):
    Jury.objects.update(state=Jury.OPEN)
    _file(CandidateFactory(session=session))  # a candidate of the session without a jury
    assert retention_apply(today=dt.date(2026, 12, 31)).counts["ccf_evaluation_dossiers"] == 0
    # Without a closed jury the term runs from the session's end (31/12/2025).
    assert retention_apply(today=dt.date(2027, 1, 1)).counts["ccf_evaluation_dossiers"] == 3
    assert not EvaluationDossierFile.objects.exists()


def test_the_personal_data_page_gives_the_term_from_the_deliberation(client):
    html = client.get(reverse("personal_data")).content.decode()
    assert 'data-kind="ccf_evaluation_dossiers"' in html
    assert "1 an après la délibération" in html
