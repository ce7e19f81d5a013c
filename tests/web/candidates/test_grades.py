import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from ndrc.rules.results import decide_all, deliberate
from ndrc.web.audit.models import AuditEntry
from ndrc.web.candidates.grade_services import GradeConflict, GradeWrite, grade_set
from ndrc.web.candidates.models import Candidate, Grade
from ndrc.web.candidates.rules_inputs import result_inputs
from ndrc.web.demo.services import DEMO_PASSWORD
from tests.factories import CandidateFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_grade_write_is_audited_with_before_and_after():
    candidate = CandidateFactory()
    actor = UserFactory()
    first = grade_set(
        candidate=candidate, write=GradeWrite("E1", "grade", Decimal("12.5")), actor=actor
    )
    second = grade_set(
        candidate=candidate,
        write=GradeWrite("E1", "absent"),
        actor=actor,
        expected_version=first.version,
        reason="Feuille d'émargement",
    )
    assert second.version == 2 and second.value is None
    entries = AuditEntry.objects.filter(candidate=candidate, action="grade_set").order_by("id")
    assert entries.count() == 2
    assert entries[1].before["value"] == "12.50"
    assert entries[1].after["state"] == "absent"
    assert entries[1].reason == "Feuille d'émargement"


def test_no_lost_update_when_someone_else_changed_the_grade():
    candidate = CandidateFactory()
    actor = UserFactory()
    grade_set(candidate=candidate, write=GradeWrite("E2", "grade", Decimal(10)), actor=actor)
    grade_set(
        candidate=candidate,
        write=GradeWrite("E2", "grade", Decimal(11)),
        actor=actor,
        expected_version=1,
    )
    with pytest.raises(GradeConflict, match="modifiée entre-temps"):
        grade_set(
            candidate=candidate,
            write=GradeWrite("E2", "grade", Decimal(15)),
            actor=actor,
            expected_version=1,
        )
    assert Grade.objects.get(candidate=candidate, exam="E2").value == Decimal(11)


@pytest.mark.parametrize(
    "write",
    [
        GradeWrite("E1", "grade", Decimal("20.5")),
        GradeWrite("E1", "grade", Decimal("12.345")),
        GradeWrite("E1", "grade", None),
        GradeWrite("E1", "absent", Decimal(0)),
        GradeWrite("E9", "grade", Decimal(12)),
        GradeWrite("E1", "unknown"),
    ],
)
def test_invalid_grades_are_refused_and_nothing_is_written(write):
    candidate = CandidateFactory()
    with pytest.raises(ValidationError):
        grade_set(candidate=candidate, write=write, actor=None)
    assert not Grade.objects.exists()
    assert not AuditEntry.objects.filter(action="grade_set").exists()


def test_demo_grades_feed_the_results_engine(demo):
    candidates = Candidate.objects.all()
    assert Grade.objects.count() > 7 * 300
    assert AuditEntry.objects.filter(action="grade_set").count() == Grade.objects.count()
    inputs = result_inputs(candidates)
    decided = decide_all(inputs)
    assert [d.decision for d in decided[:40]] == [deliberate(i).decision for i in inputs[:40]]
    assert {d.decision.value for d in decided} >= {"admitted", "failed", "not_deliverable"}


def test_the_exam_office_sees_every_decision_and_its_explanation(client, demo):
    client.login(username="gestionnaire", password=DEMO_PASSWORD)
    html = client.get(reverse("deliberation")).content.decode()
    # The counts cover the session; the table shows one page of it (50 candidates of 300).
    assert html.count("<tr data-decision=") == 50
    assert "Page 1 sur 6" in html
    assert sum(int(n) for n in re.findall(r'data-decision="[a-z_]+">(\d+)<', html)) == 300
    assert 'id="pass-rate"' in html
    last = client.get(reverse("deliberation"), {"page": "6"}).content.decode()
    assert last.count("<tr data-decision=") == 50 and "Page 6 sur 6" in last
    candidate = Candidate.objects.first()
    detail = client.get(reverse("deliberation_detail", args=[candidate.pk])).content.decode()
    assert "Moyenne générale = (" in detail
    assert candidate.number in detail


@pytest.mark.parametrize("username", ["centre", "examinateur", "candidat"])
def test_other_roles_cannot_open_the_deliberation(client, demo, username):
    client.login(username=username, password=DEMO_PASSWORD)
    assert client.get(reverse("deliberation")).status_code == 403
    candidate = Candidate.objects.first()
    assert client.get(reverse("deliberation_detail", args=[candidate.pk])).status_code == 403
