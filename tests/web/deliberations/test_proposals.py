"""Stored proposals (candidates.ProposedResult): the whole-session pages read them, every
write about a candidate makes them stale, they are computed again before being shown (at once
when few, by a job when many) and never shown stale; the pages cost a bounded number of
queries whatever the number of candidates."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ndrc.web.audit.services import AuditLine, audit_bulk, audit_record
from ndrc.web.candidates.grade_services import GradeWrite, grade_set
from ndrc.web.candidates.models import Candidate, ConformityOutcome, Grade, ProposedResult
from ndrc.web.deliberations import proposals, services
from ndrc.web.deliberations.selectors import jury_review
from ndrc.web.jobs.models import Job
from ndrc.web.sessions.services import session_dates_set
from tests.factories import CandidateFactory
from tests.web.conftest import complete

pytestmark = pytest.mark.django_db
PASSWORD = "pw-for-tests-123"


def _counts(html: str) -> dict[str, int]:
    return {d: int(n) for d, n in re.findall(r'data-decision="([a-z_]+)">(\d+)<', html)}


def test_a_changed_grade_changes_the_session_overview_at_once(client, jury, office):
    client.force_login(office)
    assert _counts(client.get(reverse("deliberation")).content.decode()) == {
        "admitted": 1,
        "failed": 1,
    }
    weak = Candidate.objects.get(grades__exam="E1", grades__value=Decimal("8"))
    for exam in ("E1", "E2", "E3"):
        grade = Grade.objects.get(candidate=weak, exam=exam)
        grade_set(
            candidate=weak,
            write=GradeWrite(exam, "grade", Decimal("15")),
            actor=office,
            expected_version=grade.version,
        )
    html = client.get(reverse("deliberation")).content.decode()
    assert _counts(html) == {"admitted": 2}
    page = client.get(reverse("jury_detail", args=[jury.pk])).content.decode()
    assert _counts(page) == {"admitted": 2}
    assert page.count('<tr data-decision="admitted">') == 2


def test_every_audited_write_about_a_candidate_moves_its_revision(jury, office):
    first, second = Candidate.objects.order_by("pk")
    audit_record(actor=office, action="note", obj=first, candidate=first)
    audit_bulk(
        actor=office,
        action="note",
        lines=[
            AuditLine(obj=first, candidate_id=first.pk),
            AuditLine(obj=second, candidate_id=second.pk),
        ],
    )
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.revision - second.revision == 1


def test_a_stale_proposal_is_never_shown_as_it_was(client, jury, office):
    client.force_login(office)
    client.get(reverse("jury_detail", args=[jury.pk]))
    assert ProposedResult.objects.count() == 2
    weak = Candidate.objects.get(grades__exam="E1", grades__value=Decimal("8"))
    grade = Grade.objects.get(candidate=weak, exam="E4")
    grade_set(
        candidate=weak,
        write=GradeWrite("E4", "grade", Decimal("20")),
        actor=office,
        expected_version=grade.version,
    )
    stored = ProposedResult.objects.get(candidate=weak)
    weak.refresh_from_db()
    assert stored.revision < weak.revision  # stale until a page reads it
    client.get(reverse("deliberation"))
    assert ProposedResult.objects.get(candidate=weak).revision == weak.revision


def test_many_stale_proposals_are_computed_by_a_job_and_the_page_says_so(
    client, jury, office, monkeypatch
):
    monkeypatch.setattr(proposals, "SYNC_LIMIT", 1)
    client.force_login(office)
    html = client.get(reverse("jury_detail", args=[jury.pk])).content.decode()
    job = Job.objects.get(kind="proposals_refresh")
    # The immediate backend of the tests has run it: the page shows the current proposals.
    assert job.state == "done" and job.result["count"] == 2
    assert _counts(html) == {"admitted": 1, "failed": 1}
    assert "en cours de calcul" not in html


def test_the_page_shows_proposals_being_computed_as_such(client, jury, office, monkeypatch):
    monkeypatch.setattr(proposals, "SYNC_LIMIT", 1)
    monkeypatch.setattr(proposals, "job_run", lambda **kwargs: Job.objects.create(kind="x"))
    client.force_login(office)
    html = client.get(reverse("jury_detail", args=[jury.pk])).content.decode()
    assert "2 résultats proposés sont en cours de calcul" in html
    assert html.count("<em>en cours de calcul</em>") == 2
    assert 'id="close-button" disabled' in html
    assert "Rien ne manque" not in html


def test_new_dates_of_the_academie_make_its_proposals_stale(client, jury, office, session):
    client.force_login(office)
    client.get(reverse("deliberation"))
    before = dict(Candidate.objects.values_list("pk", "revision"))
    session_dates_set(
        session=session,
        academy=office.academy,
        deposit_deadline=dt.date(2025, 3, 20),
        oral_date=None,
        actor=office,
    )
    after = dict(Candidate.objects.values_list("pk", "revision"))
    assert all(after[pk] == before[pk] + 1 for pk in before)
    client.get(reverse("deliberation"))
    assert set(ProposedResult.objects.values_list("revision", flat=True)) == set(after.values())


def test_conformity_read_before_the_deadline_is_read_again_once_it_has_passed(
    jury, office, session, monkeypatch
):
    candidate = Candidate.objects.order_by("pk").first()
    candidate.dossiers.filter(exam="E4").delete()
    proposals.proposals_refresh(candidate_ids=[candidate.pk], today=dt.date(2025, 3, 1))
    before = ConformityOutcome.objects.get(candidate=candidate, exam="E4")
    assert before.outcome != "nv"  # awaited before the deadline
    assert ProposedResult.objects.get(candidate=candidate).conformity_until == dt.date(2025, 3, 14)
    from ndrc.web.candidates.selectors import stale_candidates

    assert candidate.pk in set(
        stale_candidates(Candidate.objects.all()).values_list("pk", flat=True)
    )
    ids = list(stale_candidates(Candidate.objects.all()).values_list("pk", flat=True))
    proposals.proposals_refresh(candidate_ids=ids)
    assert ConformityOutcome.objects.get(candidate=candidate, exam="E4").outcome == "nv"


def test_stored_proposals_agree_with_the_live_review(client, jury, office):
    client.force_login(office)
    client.get(reverse("jury_detail", args=[jury.pk]))
    live = {r.candidate.pk: r for r in jury_review(jury).rows}
    for stored in ProposedResult.objects.all():
        row = live[stored.candidate_id]
        assert stored.decision == row.result.decision.value
        assert stored.average_display == (row.result.to_dict()["average_display"] or "")
        assert stored.problems == row.problems


def _grow(session, office, jury, n):
    template = Candidate.objects.filter(jury_assignment__jury=jury).first()
    added = []
    for _ in range(n):
        candidate = CandidateFactory(
            session=session, academy=office.academy, establishment=template.establishment
        )
        complete(candidate)
        added.append(candidate)
    services.jury_assign(jury=jury, candidates=added, actor=office)


@pytest.mark.parametrize(
    "url",
    [
        lambda jury: reverse("deliberation"),
        lambda jury: reverse("jury_detail", args=[jury.pk]),
        lambda jury: reverse("conformity_list"),
    ],
    ids=["deliberation", "jury", "conformity"],
)
def test_whole_session_pages_cost_the_same_queries_at_two_sizes(client, jury, office, session, url):
    client.force_login(office)

    def queries() -> int:
        client.get(url(jury))  # computes what is stale
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url(jury))
        assert response.status_code == 200
        return len(captured)

    small = queries()
    _grow(session, office, jury, 12)
    assert Candidate.objects.count() == 14
    assert queries() == small


def test_a_candidate_written_while_computed_stays_stale(jury, office, monkeypatch):
    candidate = Candidate.objects.order_by("pk").first()
    real = proposals.deliberation_inputs

    def meanwhile(candidates, **kwargs):
        inputs = real(candidates, **kwargs)
        audit_record(actor=office, action="note", obj=candidate, candidate=candidate)
        return inputs

    monkeypatch.setattr(proposals, "deliberation_inputs", meanwhile)
    proposals.proposals_refresh(candidate_ids=list(Candidate.objects.values_list("pk", flat=True)))
    assert not ProposedResult.objects.filter(candidate=candidate).exists()
    assert ProposedResult.objects.count() == 1


def test_computing_the_same_candidates_twice_replaces_their_proposals(jury):
    ids = list(Candidate.objects.values_list("pk", flat=True))
    proposals.proposals_refresh(candidate_ids=ids)
    proposals.proposals_refresh(candidate_ids=ids)
    assert ProposedResult.objects.count() == 2
    assert ConformityOutcome.objects.filter(exam="E4").count() == 2


def test_a_grade_change_reads_the_stored_conformity_back_a_file_change_judges_it_again(
    jury, office, monkeypatch
):
    from ndrc.rules.conformity import check_conformity
    from ndrc.web.candidates import stored_conformity
    from ndrc.web.candidates.rules_inputs import conformity_reports

    ids = list(Candidate.objects.order_by("pk").values_list("pk", flat=True))
    proposals.proposals_refresh(candidate_ids=ids)
    judged = []

    def counting(data, **kwargs):
        judged.append(data.candidate.identifier)
        return check_conformity(data, **kwargs)

    monkeypatch.setattr(stored_conformity, "check_conformity", counting)
    first = Candidate.objects.get(pk=ids[0])
    grade = Grade.objects.get(candidate=first, exam="E1")
    grade_set(
        candidate=first,
        write=GradeWrite("E1", "grade", Decimal("13")),
        actor=office,
        expected_version=grade.version,
    )
    proposals.proposals_refresh(candidate_ids=ids)
    assert judged == []  # the dossiers are not judged again for a grade
    chunk = stored_conformity.chunk_conformity(
        list(Candidate.objects.order_by("pk")), today=dt.date(2025, 6, 1)
    )
    live = conformity_reports(list(Candidate.objects.order_by("pk")))
    for pk in ids:  # what is read back is what judging again gives, citations included
        assert chunk.reports[pk].outcomes == live[pk].outcomes
    rows_before = set(ConformityOutcome.objects.values_list("pk", flat=True))

    dossier = first.dossiers.get(exam="E4")
    dossier.content = {**dossier.content, "signed": False}
    dossier.save()
    audit_record(actor=office, action="dossier_set", obj=dossier, candidate=first)
    proposals.proposals_refresh(candidate_ids=ids)
    assert judged == [first.number]
    assert ConformityOutcome.objects.get(candidate=first, exam="E4").outcome == "nv"
    assert ProposedResult.objects.get(candidate=first).decision != "admitted"
    # the other candidate's list rows were kept as they were
    second = Candidate.objects.get(pk=ids[1])
    assert set(second.conformity_outcomes.values_list("pk", flat=True)) <= rows_before


def test_a_new_version_of_the_rules_judges_every_dossier_again(jury, monkeypatch):
    from ndrc.web.candidates import stored_conformity

    ids = list(Candidate.objects.values_list("pk", flat=True))
    proposals.proposals_refresh(candidate_ids=ids)
    keys = dict(ProposedResult.objects.values_list("candidate_id", "conformity_key"))
    monkeypatch.setattr(stored_conformity, "rules_fingerprint", lambda: "another version")
    chunk = stored_conformity.chunk_conformity(
        list(Candidate.objects.all()), today=dt.date(2025, 6, 1)
    )
    assert chunk.kept == set()
    assert all(chunk.keys[pk] != keys[pk] for pk in ids)


@pytest.mark.django_db(transaction=True)
def test_the_database_worker_computes_two_chunks_at_once_to_the_same_proposals(jury, monkeypatch):
    """In the database worker on PostgreSQL the chunks are computed two at once, each in its
    own thread and transaction (batch.chunks_worked): the proposals are those computed one
    chunk after the other."""
    from ndrc.web import batch

    ids = sorted(Candidate.objects.values_list("pk", flat=True))
    monkeypatch.setattr(proposals, "CHUNK", 1)
    proposals.proposals_refresh(candidate_ids=ids)
    fields = ("candidate_id", "revision", "decision", "average", "problems", "conformity_key")
    one_after_the_other = list(ProposedResult.objects.order_by("pk").values_list(*fields))
    outcomes = sorted(ConformityOutcome.objects.values_list("candidate_id", "exam", "outcome"))
    ProposedResult.objects.all().delete()
    ConformityOutcome.objects.all().delete()
    monkeypatch.setattr(batch, "_dedicated", True)
    progress = []
    proposals.proposals_refresh(
        candidate_ids=ids, progress=lambda done, total, message: progress.append((done, total))
    )
    assert list(ProposedResult.objects.order_by("pk").values_list(*fields)) == one_after_the_other
    assert (
        sorted(ConformityOutcome.objects.values_list("candidate_id", "exam", "outcome")) == outcomes
    )
    assert progress == [(1, 2), (2, 2)]
