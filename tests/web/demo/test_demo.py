import io

import pytest
from django.core.management import CommandError, call_command

from ndrc.rules.candidate_category import EstablishmentStatus, Habilitation, Route
from ndrc.web.audit.models import AuditEntry
from ndrc.web.candidates.models import Candidate
from ndrc.web.demo.management.commands import load_demo
from ndrc.web.demo.services import demo_load
from ndrc.web.sessions.models import ExamSession

pytestmark = pytest.mark.django_db


def test_demo_is_a_2025_session_with_every_category_of_the_reglement(demo):
    session = ExamSession.objects.get()
    assert session.year == 2025
    categories = set(
        Candidate.objects.values_list(
            "route", "establishment__status", "establishment__habilitation"
        )
    )
    # Column 1 of annexe II c: school, apprenticeship and continuing education in habilitated
    # establishments, public or private under contract.
    assert (Route.SCHOOL, EstablishmentStatus.PUBLIC, Habilitation.CCF) in categories
    assert (
        Route.SCHOOL,
        EstablishmentStatus.PRIVATE_UNDER_CONTRACT,
        Habilitation.CCF,
    ) in categories
    assert (Route.APPRENTICESHIP, EstablishmentStatus.PUBLIC, Habilitation.CCF) in categories
    assert (Route.CONTINUING_EDUCATION, EstablishmentStatus.PUBLIC, Habilitation.CCF) in categories
    # Column 2: continuing education in public establishments fully habilitated for CCF.
    assert (
        Route.CONTINUING_EDUCATION,
        EstablishmentStatus.PUBLIC,
        Habilitation.FULL_CCF,
    ) in categories
    # Column 3: private outside contract, non-habilitated, distance learning, experience.
    assert (
        Route.SCHOOL,
        EstablishmentStatus.PRIVATE_OUTSIDE_CONTRACT,
        Habilitation.NONE,
    ) in categories
    assert (
        Route.APPRENTICESHIP,
        EstablishmentStatus.PRIVATE_OUTSIDE_CONTRACT,
        Habilitation.NONE,
    ) in categories
    assert (
        Route.CONTINUING_EDUCATION,
        EstablishmentStatus.PRIVATE_OUTSIDE_CONTRACT,
        Habilitation.NONE,
    ) in categories
    assert (Route.DISTANCE_LEARNING, EstablishmentStatus.PUBLIC, Habilitation.NONE) in categories
    assert (Route.PROFESSIONAL_EXPERIENCE, None, None) in categories
    assert Candidate.objects.count() == 300


def test_demo_optional_units_differ_from_lv1(demo):
    with_ef1 = Candidate.objects.exclude(ef1_language="")
    assert with_ef1.exists()
    assert all(c.ef1_language != c.lv1 for c in with_ef1)
    assert Candidate.objects.filter(ef2=True).exists()


def test_every_demo_write_is_in_the_audit_trail(demo):
    assert AuditEntry.objects.filter(action="candidate_register").count() == 300
    entry = AuditEntry.objects.filter(action="candidate_register").first()
    assert entry.actor.username == "admin"
    assert entry.candidate_id is not None
    assert entry.after["route"] in {r.value for r in Route}


def test_loading_the_demo_twice_changes_nothing(demo):
    before = (Candidate.objects.count(), AuditEntry.objects.count())
    accounts = demo_load()
    assert (Candidate.objects.count(), AuditEntry.objects.count()) == before
    assert [a.username for a in accounts] == [
        "admin",
        "gestionnaire",
        "centre",
        "examinateur",
        "jury",
        "candidat",
    ]


def test_demo_files_carry_exemptions_arrangements_and_the_progressive_form(client, demo):
    assert Candidate.objects.filter(extra_time=True).exclude(arrangements="").exists()
    exempted = Candidate.objects.exclude(exemption_requests=[]).first()
    assert exempted.diplomas[0]["proof"]
    assert Candidate.objects.filter(assessment_form="progressive").exists()
    client.login(username="gestionnaire", password="ndrc-demo-2025")
    arranged = Candidate.objects.filter(extra_time=True).first()
    page = client.get(f"/candidats/{arranged.pk}/").content.decode()
    assert arranged.arrangements in page
    page = client.get(f"/candidats/{exempted.pk}/").content.decode()
    assert "copie du diplôme" in page and "dispense demandée U1" in page


def test_in_the_demo_nobody_sees_a_grade_that_is_not_theirs_to_see(client, demo):
    from ndrc.web.candidates.models import Grade
    from ndrc.web.sessions.selectors import deposit_deadline_for

    client.login(username="examinateur", password="ndrc-demo-2025")
    page = client.get("/notes/?epreuve=E1").content.decode()
    e1 = Grade.objects.filter(exam="E1", state="grade").exclude(value=None)
    assert e1.exists()
    assert not any(f'value="{g.typed}"' in page or f">{g.typed}<" in page for g in e1)
    own = Candidate.objects.get(user__username="candidat")
    assert own.grades.exists() and deposit_deadline_for(candidate=own) is not None
    client.login(username="candidat", password="ndrc-demo-2025")
    page = client.get(f"/candidats/{own.pk}/").content.decode()
    assert 'id="grades"' not in page and 'id="grades-unpublished"' in page
    assert client.get(f"/api/v1/candidates/{own.pk}/grades/").json() == []


def test_load_demo_is_refused_when_debug_is_off(settings):
    """Its accounts have a public password: never on a production server (NDRC_DEBUG=0)."""
    settings.DEBUG = False
    with pytest.raises(CommandError, match="ne se charge qu'en mode développement"):
        call_command("load_demo")
    assert not ExamSession.objects.exists()


def test_load_demo_runs_when_debug_is_asked_for(settings, monkeypatch):
    settings.DEBUG = True
    monkeypatch.setattr(load_demo, "demo_load", lambda: [])
    output = io.StringIO()
    call_command("load_demo", stdout=output)
    assert "Comptes de démonstration" in output.getvalue()
