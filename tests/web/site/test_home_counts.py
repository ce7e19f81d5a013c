"""The home page of an examiner counts the candidates entrusted to him or her by épreuve, and
that of a jury member the candidates of his or her juries, with links."""

import pytest
from django.urls import reverse

from ndrc.web.deliberations.models import Jury
from ndrc.web.demo.services import DEMO_PASSWORD
from ndrc.web.grading.models import ExaminerAssignment

pytestmark = pytest.mark.django_db


def test_an_examiner_sees_his_candidates_by_epreuve(client, demo):
    client.login(username="examinateur", password=DEMO_PASSWORD)
    html = client.get(reverse("home")).content.decode()
    rows = ExaminerAssignment.objects.filter(examiner__username="examinateur")
    total = rows.values("candidate").distinct().count()
    assert total > 0
    assert "Aucun candidat ne vous est encore affecté" not in html
    assert f'<td id="candidate-count">{total}</td>' in html
    for exam in set(rows.values_list("exam", flat=True)):
        n = rows.filter(exam=exam).count()
        assert f'<a href="{reverse("grade_entry")}?epreuve={exam}">{exam}</a>' in html
        assert f"<td>{n} candidat" in html


def test_a_jury_member_sees_the_candidates_of_his_juries(client, demo):
    client.login(username="jury", password=DEMO_PASSWORD)
    html = client.get(reverse("home")).content.decode()
    juries = Jury.objects.filter(members__username="jury")
    total = sum(j.assignments.count() for j in juries)
    assert total > 0
    assert "Aucun candidat ne vous est encore affecté" not in html
    assert f'<td id="candidate-count">{total}</td>' in html
    for jury in juries:
        assert f'<a href="{reverse("jury_detail", args=[jury.pk])}">{jury.name}</a>' in html


def test_the_home_page_promises_only_what_exists(client):
    html = client.get(reverse("home")).content.decode()
    for absent in ("grilles", "convocations", "documents officiels"):
        assert absent not in html
