"""The two épreuves de contrôle are chosen among the compulsory épreuves of general subjects
(arrêté of 20 June 2024 as modified, art. 1; DEC D39): U1, U2 and U3 for the NDRC, never a
professional unit. The page offers them and the service refuses any other."""

import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from ndrc.web.candidates.grade_services import GradeWrite, grade_set
from ndrc.web.candidates.models import Candidate, Grade
from ndrc.web.deliberations import resits

pytestmark = pytest.mark.django_db
PASSWORD = "pw-for-tests-123"


def _resit_eligible(jury, office):
    candidate = Candidate.objects.filter(jury_assignment__jury=jury).order_by("pk").first()
    for exam in ("E1", "E2", "E3"):
        grade = Grade.objects.get(candidate=candidate, exam=exam)
        grade_set(
            candidate=candidate,
            write=GradeWrite(exam, "grade", Decimal(6)),
            actor=office,
            expected_version=grade.version,
        )
    return candidate


def test_a_resit_on_a_professional_unit_is_refused(jury, office):
    candidate = _resit_eligible(jury, office)
    for unit in ("U4", "U5", "U6"):
        with pytest.raises(
            ValidationError, match=r"pas d'épreuve de contrôle possible \(U1, U2, U3"
        ):
            resits.resit_grade_set(candidate=candidate, unit=unit, value="14", actor=office)
    resits.resit_grade_set(candidate=candidate, unit="U2", value="14", actor=office)
    assert list(candidate.resits.values_list("unit", flat=True)) == ["U2"]


def test_the_resit_choice_lists_the_general_units_only(client, jury, office):
    candidate = _resit_eligible(jury, office)
    client.login(username=office.username, password=PASSWORD)
    page = client.get(reverse("deliberation_detail", args=[candidate.pk])).content.decode()
    select = re.search(r'<select class="fr-select" id="resit-unit".*?</select>', page, re.S)
    assert select is not None
    assert re.findall(r'<option value="(\w+)"', select.group(0)) == ["U1", "U2", "U3"]


def test_an_empty_unit_or_grade_is_asked_for_in_french(jury, office):
    candidate = _resit_eligible(jury, office)
    with pytest.raises(ValidationError, match="Choisissez l'unité de l'épreuve de contrôle"):
        resits.resit_grade_set(candidate=candidate, unit="", value="14", actor=office)
    with pytest.raises(ValidationError, match="Saisissez la note de l'épreuve de contrôle U2"):
        resits.resit_grade_set(candidate=candidate, unit="U2", value=" ", actor=office)
    assert not candidate.resits.exists()
