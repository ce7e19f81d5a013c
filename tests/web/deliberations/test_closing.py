"""Closing a deliberation at scale: the jury is reviewed and written chunk by chunk (COPY on
PostgreSQL, bulk_create elsewhere: the suite runs on both), a bounded number of queries per
chunk, nothing written when a candidate is blocked, progress told per chunk."""

import csv
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ndrc.web.audit.models import AuditEntry
from ndrc.web.candidates.models import Candidate, Grade
from ndrc.web.deliberations import closing, services
from ndrc.web.deliberations.models import FrozenResult, Jury
from ndrc.web.deliberations.selectors import jury_review
from tests.factories import CandidateFactory
from tests.web.conftest import complete

pytestmark = pytest.mark.django_db


def _jury(session, office, name, *, complete_count, blocked_count=0):
    """A jury of complete candidates, then candidates whose E2 grade is missing (blocked), in
    the order of their primary keys."""
    candidates = [
        complete(CandidateFactory(session=session, academy=office.academy, last_name=f"C{i}"))
        for i in range(complete_count)
    ] + [
        complete(CandidateFactory(session=session, academy=office.academy, last_name=f"B{i}"))
        for i in range(blocked_count)
    ]
    Grade.objects.filter(candidate__last_name__startswith="B", exam="E2").delete()
    return services.jury_create(
        session=session,
        academy=office.academy,
        name=name,
        members=[],
        candidates=candidates,
        actor=office,
    )


def test_every_candidate_gets_one_frozen_result_and_one_audit_entry(session, office, monkeypatch):
    """Three chunks of two (the last one short): on PostgreSQL the rows go through COPY."""
    monkeypatch.setattr(closing, "CHUNK", 2)
    jury = _jury(session, office, "Jury C", complete_count=5)
    proposed = {r.candidate.pk: r.result for r in jury_review(jury).rows}
    assert closing.deliberation_close(jury=jury, actor=office) == 5
    frozen = {f.candidate_id: f for f in FrozenResult.objects.filter(jury=jury)}
    assert set(frozen) == set(proposed)
    for pk, result in proposed.items():
        f = frozen[pk]
        assert (f.round, f.decision, f.regulation) == (1, result.decision.value, "R2023")
        assert f.result == result.to_dict() and f.explanation == result.explanation_fr()
        assert f.frozen_at is not None and f.published_at is None
    entries = AuditEntry.objects.filter(action="result_freeze")
    assert sorted(e.candidate_id for e in entries) == sorted(proposed)
    some = entries.filter(candidate_id=next(iter(proposed))).get()
    assert some.object_type == "deliberations.FrozenResult"
    assert some.object_id == f"{jury.pk}:1" and some.actor == office
    assert some.after["decision"] == proposed[some.candidate_id].decision.value
    assert set(Candidate.objects.filter(pk__in=proposed).values_list("locked_by", flat=True)) == {
        "Jury C"
    }


def test_a_blocked_candidate_in_a_later_chunk_leaves_nothing_written(session, office, monkeypatch):
    """The first chunk was written before the blocked one was reviewed: the refusal rolls it
    back with the rest (no result, no audit entry, no lock, the jury still open)."""
    monkeypatch.setattr(closing, "CHUNK", 2)
    jury = _jury(session, office, "Jury B", complete_count=2, blocked_count=1)
    blocked = Candidate.objects.get(last_name="B0")
    with pytest.raises(closing.DeliberationBlocked) as refused:
        closing.deliberation_close(jury=jury, actor=office)
    assert len(refused.value.problems) == 1
    assert refused.value.problems[0].startswith(f"{blocked.number} : manque : E2")
    assert not FrozenResult.objects.exists()
    assert not AuditEntry.objects.filter(action__in=["result_freeze", "deliberation_close"])
    assert not Candidate.objects.exclude(locked_by="").exists()
    assert not Jury.objects.get(pk=jury.pk).is_closed


def test_a_long_list_of_blocked_candidates_is_cut_with_how_many_more(session, office, monkeypatch):
    monkeypatch.setattr(closing, "BLOCKERS_SHOWN", 2)
    jury = _jury(session, office, "Jury B", complete_count=1, blocked_count=3)
    with pytest.raises(closing.DeliberationBlocked) as refused:
        closing.deliberation_close(jury=jury, actor=office)
    numbers = dict(Candidate.objects.values_list("last_name", "number"))
    problems = refused.value.problems
    assert len(problems) == 3
    assert [p.split(" : ")[0] for p in problems[:2]] == [numbers["B0"], numbers["B1"]]
    assert problems[2].startswith("… et 1 autre(s) candidat(s) bloqué(s)")


def test_progress_counts_the_candidates_chunk_by_chunk(session, office, monkeypatch):
    monkeypatch.setattr(closing, "CHUNK", 2)
    jury = _jury(session, office, "Jury P", complete_count=3)
    told = []
    closing.deliberation_close(
        jury=jury, actor=office, progress=lambda done, total, message: told.append((done, total))
    )
    assert told == [(0, 3), (2, 3), (3, 3)]


def _queries(jury, office):
    with CaptureQueriesContext(connection) as queries:
        closing.deliberation_close(jury=jury, actor=office)
    return len(queries)


def test_the_queries_grow_with_the_chunks_not_with_the_candidates(session, office, monkeypatch):
    """(COPY does not go through the query log: on PostgreSQL the writes count for none.)"""
    monkeypatch.setattr(closing, "CHUNK", 3)
    two = _queries(_jury(session, office, "Jury 2", complete_count=2), office)
    three = _queries(_jury(session, office, "Jury 3", complete_count=3), office)
    six = _queries(_jury(session, office, "Jury 6", complete_count=6), office)
    assert two == three
    assert 0 < six - three <= 15  # one more chunk: reviewed (fixed queries) and written


def _no_objects(*args, **kwargs):
    raise AssertionError("the export loaded the results as model objects")


def test_the_export_of_a_closed_round_reads_values_and_writes_every_column(client, session, office):
    """The export reads plain values (three keys of each result's JSON), not the objects: the
    same columns as the results hold, in CSV and in a write-only XLSX (bold frozen header)."""
    jury = _jury(session, office, "Jury E", complete_count=2)
    closing.deliberation_close(jury=jury, actor=office)
    closing.results_publish(jury=jury, actor=office)
    client.force_login(office)

    def export(fmt):
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(FrozenResult, "from_db", classmethod(_no_objects))
            return client.get(reverse("jury_export", args=[jury.pk, fmt]))

    response = export("csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 2
    for row in rows:
        frozen = FrozenResult.objects.get(candidate__number=row["numero"])
        data = frozen.result
        assert row["moyenne"] == frozen.average_display and row["decision"] == frozen.decision
        assert row["moyenne_apres_controle"] == (data["average_after_resit_display"] or "")
        assert row["unites_obtenues"] == " ".join(u["unit"] for u in data["units_awarded"])
        assert row["blocs_obtenus"] == " ".join(str(b) for b in data["blocks_obtained"])
        assert row["publie_le"] == f"{frozen.published_at:%d/%m/%Y %H:%M}"
        assert row["nom"] == frozen.candidate.last_name.upper()
    assert any(row["unites_obtenues"] for row in rows)
    response = export("xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet["A2"].value in {r["numero"] for r in rows}
    assert sheet.max_row == 3 and sheet["A1"].font.bold and sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["A"].width == 14
