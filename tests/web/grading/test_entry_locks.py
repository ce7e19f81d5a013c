"""The grade entry page shows the cells of a candidate whose jury has closed locked: disabled,
with a lock mark and the reason as text; the server refuses them anyway. The page carries the
script that warns before unsaved cells are lost."""

from decimal import Decimal

import pytest
from django.urls import reverse

from ndrc.web.accounts.roles import Role
from ndrc.web.candidates.grade_services import GradeWrite, grade_set
from ndrc.web.candidates.models import Candidate, Grade
from tests.factories import AcademyFactory, CandidateFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_closed_jurys_cell_is_shown_locked_and_refused(client):
    office = UserFactory(role=Role.EXAM_OFFICE, academy=AcademyFactory(code="A01"))
    locked = CandidateFactory(academy=office.academy, last_name="Clos")
    open_ = CandidateFactory(academy=office.academy, establishment=locked.establishment)
    grade_set(candidate=locked, write=GradeWrite("E1", "grade", Decimal(12)), actor=None)
    Candidate.objects.filter(pk=locked.pk).update(locked_by="Jury A")
    client.force_login(office)
    html = client.get(reverse("grade_entry"), {"epreuve": "E1"}).content.decode()
    assert f'name="grade-{open_.pk}"' in html
    assert f'name="grade-{locked.pk}"' not in html
    assert f'aria-describedby="locked-{locked.pk}" size="8" disabled>' in html
    assert 'value="12,00"' in html and "data-lock" in html
    assert f'id="locked-{locked.pk}" data-locked>' in html
    assert "Délibération close : jury « Jury A »" in html
    assert html.count("data-locked") == 1
    assert "grading/entry.js" in html and "data-msg-leave=" in html

    response = client.post(
        reverse("grade_entry") + "?epreuve=E1",
        {f"grade-{locked.pk}": "15", f"original-{locked.pk}": "12,00", f"version-{locked.pk}": "1"},
    )
    assert response.status_code == 200
    assert Grade.objects.get(candidate=locked, exam="E1").value == Decimal(12)
    assert "Délibération close" in response.content.decode()
