"""The « Simulation » page (what-if, DEC D126–D128): a candidate only his or her own, a
training centre only its candidates and from their CCF proposals only; no grade the user may
not see is used nor shown; French decimals; nothing is written."""

import json
from decimal import Decimal

import pytest
from django.urls import reverse

from ndrc.web.accounts.roles import Role
from ndrc.web.audit.models import AuditEntry
from ndrc.web.candidates.grade_services import GradeWrite, grade_set
from ndrc.web.candidates.models import Candidate, Grade
from ndrc.web.deliberations import closing, services
from tests.builders import conforming_files
from tests.factories import CandidateFactory, UserFactory

PASSWORD = "pw-for-tests-123"
pytestmark = pytest.mark.django_db


def graded(candidate, values, ccf=()):
    for exam, value in values.items():
        write = GradeWrite(exam, "grade", Decimal(value), ccf=exam in ccf)
        grade_set(candidate=candidate, write=write, actor=None)
    return candidate


@pytest.fixture
def own(session, office):
    account = UserFactory(role=Role.CANDIDATE, username="moi")
    candidate = CandidateFactory(session=session, academy=office.academy, user=account)
    # Stored grades the candidate may not see before publication (13,37 nowhere else).
    conforming_files(candidate)
    return graded(candidate, {"E1": "13.37", "E4": "14.25"}, ccf=("E4",))


def page(client, url, **typed):
    response = client.get(url, typed)
    assert response.status_code == 200
    return response.content.decode()


def test_a_candidate_simulates_from_supposed_grades_before_publication(client, own):
    client.login(username="moi", password=PASSWORD)
    html = page(client, reverse("my_what_if"))
    assert "13,37" not in html and "14,25" not in html and 'id="what-if-none-shown"' in html
    for code in ("E1", "E2", "E3", "E4", "E5W", "E5P", "E6"):
        assert f'name="{code}"' in html
    typed = {"E1": "10", "E2": "10", "E3": "10", "E4": "9", "E5W": "10,0", "E5P": " 10 "}
    html = page(client, reverse("my_what_if"), **typed)
    assert "13,37" not in html and "14,25" not in html
    # 10×9 + 9×5 + 10×4 + 3g ≥ 210 → g ≥ 11,67 (to one hundredth, by the engine).
    assert 'data-exam="E6"' in html
    assert "Pour être admis : au moins 11,67 en E6. Avec 11,66 : ajourné." in html
    assert "Code de l&#x27;éducation, D643-22" in html or "CE D643-22" in html
    assert 'value="10,0"' in html
    data = client.get(reverse("my_what_if"), {**typed, "format": "json"}).json()
    assert data["open_exams"] == ["E6"]
    needed = [a for a in data["alone"]["E6"] if a["goal"] == "admitted"]
    assert {a["grade"] for a in needed} == {"11.67"}
    assert "13.37" not in json.dumps(data) and "14.25" not in json.dumps(data)
    assert not AuditEntry.objects.filter(action__icontains="what").exists()


def test_a_candidate_sees_only_his_own_simulation(client, own, session, office):
    other = graded(CandidateFactory(session=session, academy=office.academy), {"E1": "12"})
    client.login(username="moi", password=PASSWORD)
    assert client.get(reverse("candidate_what_if", args=[other.pk])).status_code == 404
    assert client.get(reverse("candidate_what_if", args=[own.pk])).status_code == 200
    html = page(client, reverse("my_result"))
    assert reverse("my_what_if") in html


def test_supposed_grades_are_read_as_french_decimals_and_refused_in_french(client, own):
    client.login(username="moi", password=PASSWORD)
    before = (Grade.objects.count(), AuditEntry.objects.count())
    html = page(client, reverse("my_what_if"), E1="abc", E2="25", E3="12,555", E4="12,5", X="1")
    assert "« abc » n&#x27;est pas une note" in html
    assert "doit être comprise entre 0 et 20" in html
    assert "a plus de deux décimales" in html
    assert 'id="what-if-errors"' in html and 'value="12,5"' in html
    for nonsense in ({"E1": "1e1"}, {"E1": "x" * 5000}, {"format": "xml"}, {"E1": "\x00"}):
        assert client.get(reverse("my_what_if"), nonsense).status_code in (200, 400)
    assert (Grade.objects.count(), AuditEntry.objects.count()) == before


def test_a_training_centre_simulates_its_candidates_from_their_ccf_proposals(
    client, own, session, office
):
    centre = UserFactory(
        role=Role.TRAINING_CENTRE,
        academy=office.academy,
        establishment=own.establishment,
        username="centre",
    )
    client.login(username="centre", password=PASSWORD)
    file = page(client, reverse("candidate_plan", args=[own.pk]))
    assert reverse("candidate_what_if", args=[own.pk]) in file
    html = page(client, reverse("candidate_what_if", args=[own.pk]))
    assert "E4 : 14,25" in html and "13,37" not in html  # the CCF proposal, not E1
    assert 'name="E1"' in html and 'name="E4"' not in html
    data = client.get(reverse("candidate_what_if", args=[own.pk]), {"format": "json"}).json()
    assert "E1" in data["open_exams"] and "E4" not in data["open_exams"]
    elsewhere = CandidateFactory(session=session, academy=office.academy)
    assert centre.establishment_id != elsewhere.establishment_id
    assert client.get(reverse("candidate_what_if", args=[elsewhere.pk])).status_code == 404


def test_a_published_candidate_in_resit_sees_each_choice_of_two_units(client, session, office):
    account = UserFactory(role=Role.CANDIDATE, username="rattrapage")
    candidate = CandidateFactory(session=session, academy=office.academy, user=account)
    values = {"E1": "9", "E2": "9", "E3": "9", "E4": "10", "E5W": "10", "E5P": "10", "E6": "10"}
    conforming_files(graded(candidate, values))
    member = UserFactory(role=Role.JURY, academy=office.academy)
    jury = services.jury_create(
        session=session,
        academy=office.academy,
        name="Jury R",
        members=[member],
        candidates=[candidate],
        actor=office,
    )
    closing.deliberation_close(jury=jury, actor=office)
    closing.results_publish(jury=jury, actor=office)
    client.login(username="rattrapage", password=PASSWORD)
    html = page(client, reverse("my_what_if"))
    assert "Admissible aux épreuves de contrôle" in html and 'id="what-if-form"' not in html
    assert 'id="what-if-resit"' in html
    assert "Épreuves de contrôle : chaque choix de 2 unités" in html  # the rules' resit_count
    for pair in ("U1 + U2", "U1 + U3", "U2 + U3"):
        assert pair in html
    assert "au moins 10,50 en U1 et U2 (la même note à chacune)" in html
    assert Candidate.objects.get(pk=candidate.pk).locked_by  # untouched by the simulation


def test_the_exam_office_simulates_from_every_grade(client, own, office):
    client.login(username=office.username, password=PASSWORD)
    html = page(client, reverse("candidate_what_if", args=[own.pk]))
    assert "E1 : 13,37" in html and "E4 : 14,25" in html
    assert 'name="E1"' not in html and 'name="E6"' in html
    html = page(client, reverse("candidate_what_if", args=[own.pk]), E2="abc")
    assert "« abc » n&#x27;est pas une note" in html


def test_an_unreadable_file_is_said_not_a_server_error(client, own, monkeypatch):
    from ndrc.rules.errors import InvalidCandidate
    from ndrc.web.deliberations import what_if_views

    def unreadable(**_):
        raise InvalidCandidate("lv1 : langue inconnue.")

    monkeypatch.setattr(what_if_views, "simulation_for", unreadable)
    client.login(username="moi", password=PASSWORD)
    html = page(client, reverse("my_what_if"))
    assert 'id="what-if-unreadable"' in html and "lv1 : langue inconnue." in html


def test_a_simulation_read_by_staff_is_logged_not_the_candidates_own(client, own, office):
    from ndrc.web.audit.models import AccessLog

    client.login(username="moi", password=PASSWORD)
    page(client, reverse("candidate_what_if", args=[own.pk]))
    assert not AccessLog.objects.exists()
    client.login(username=office.username, password=PASSWORD)
    page(client, reverse("candidate_what_if", args=[own.pk]))
    read = AccessLog.objects.get()
    assert (read.user, read.candidate, read.page) == (office, own, "what_if")
    assert read.page_label == "simulation des résultats"


def test_the_scale_written_on_the_page_is_the_rules_scale(client, own, office, monkeypatch):
    from ndrc.rules.results.what_if_search import Scale
    from ndrc.web.deliberations import what_if_views

    client.login(username=office.username, password=PASSWORD)
    html = page(client, reverse("candidate_what_if", args=[own.pk]))
    assert "Notes supposées (facultatives, sur 20, par exemple 12,5)" in html
    assert "Note nécessaire (avec 0 / avec 20 aux autres épreuves)" in html

    class Scale40(Scale):
        def __init__(self):
            super().__init__()
            self.top *= 2

    monkeypatch.setattr(what_if_views, "Scale", Scale40)
    html = page(client, reverse("candidate_what_if", args=[own.pk]))
    assert "sur 40," in html and "avec 0 / avec 40 aux autres" in html
    assert "même avec 40 aux autres." in html


def test_the_api_gives_the_pages_simulation_and_logs_a_staff_read(client, own, office):
    """D142's sibling: GET /api/v1/candidates/<id>/what-if/ answers what the page's JSON
    does, from the same grades, and a read by staff is logged as the page's."""
    from ndrc.web.audit.models import AccessLog

    client.login(username="moi", password=PASSWORD)
    url = reverse("api-candidate-what-if", args=[own.pk])
    mine = client.get(url, {"E2": "12,5", "E6": "abc"})
    assert mine.status_code == 200
    page_json = client.get(
        reverse("candidate_what_if", args=[own.pk]), {"E2": "12,5", "E6": "abc", "format": "json"}
    ).json()
    assert mine.json() == page_json
    assert mine.json()["errors"] and "13.37" not in json.dumps(mine.json())
    assert "E1" in mine.json()["open_exams"]  # unpublished: to suppose, not read
    assert not AccessLog.objects.exists()
    client.login(username=office.username, password=PASSWORD)
    staff = client.get(url).json()
    assert "E1" not in staff["open_exams"]  # the exam office simulates from every grade
    read = AccessLog.objects.get()
    assert (read.user, read.candidate, read.page) == (office, own, "what_if")
    other = CandidateFactory(session=own.session)
    client.login(username="moi", password=PASSWORD)
    assert client.get(reverse("api-candidate-what-if", args=[other.pk])).status_code == 404
