"""The loge's print of a commission's half-day: its candidates in loge order, each with the
loge time in French (« 08h20 ») and the subject handed over there, the E4 fiche-sujet
(A2023 annexe II, E4 §4.2.1 « Préparation en loge ») or the E5 practical subject (C2022
§1.12), one per printed page; the exam office and the commission's members only; the exam
office shares out a practical commission's subjects from it."""

import datetime as dt

import pytest
from django.urls import reverse

from ndrc.web.accounts.roles import Role
from ndrc.web.candidates.models import Dossier, Route
from ndrc.web.grading.models import (
    ExaminerAssignment,
    PracticalSubject,
    PracticalSubjectAssignment,
    SubjectSheet,
)
from ndrc.web.scheduling.models import Commission, Examiner, Room, Schedule, Sitting
from ndrc.web.sessions.models import ExamCentre
from tests.factories import CandidateFactory, UserFactory

pytestmark = pytest.mark.django_db

FICHES = {
    "fiches": [
        {"nature": "sales_negotiation", "covers_pole": True},
        {"nature": "commercial_event", "covers_pole": True},
    ]
}


def _commission(session, office, exam, member_user, loges):
    """An applied schedule's commission of ``exam`` whose member has ``member_user``'s
    account, with one-off candidates whose loges open at these minutes (in that order of
    creation)."""
    centre = ExamCentre.objects.create(
        code="C01", name="Lycée Blaise-Pascal", academy=office.academy
    )
    room = Room.objects.create(centre=centre, name="Salle A")
    schedule = Schedule.objects.create(
        session=session, academy=office.academy, status=Schedule.APPLIED
    )
    commission = Commission.objects.create(
        schedule=schedule, centre=centre, room=room, date=dt.date(2025, 5, 12), half=0, exam=exam
    )
    member = Examiner.objects.create(
        session=session,
        academy=office.academy,
        last_name="Roux",
        first_name="Lou",
        user=member_user,
    )
    commission.members.set([member])
    candidates = []
    for index, loge in enumerate(loges):
        candidate = CandidateFactory(
            session=session,
            academy=office.academy,
            route=Route.PROFESSIONAL_EXPERIENCE,
            last_name=f"Nom{index}",
            number=f"N{index}",
        )
        Sitting.objects.create(
            commission=commission,
            candidate=candidate,
            exam=exam,
            loge_start=loge,
            start=loge + 40,
            end=loge + 80,
        )
        candidates.append(candidate)
    return commission, candidates


def test_the_loge_print_lists_the_fiches_sujets_in_loge_order(client, session, office):
    examiner = UserFactory(role=Role.EXAMINER, academy=office.academy, username="membre")
    commission, candidates = _commission(session, office, "E4", examiner, [580, 500, 540])
    for index, candidate in enumerate(candidates[:2]):
        Dossier.objects.create(candidate=candidate, exam="E4", content=FICHES)
        ExaminerAssignment.objects.create(examiner=examiner, candidate=candidate, exam="E4")
        SubjectSheet.objects.create(
            candidate=candidate,
            exam="E4",
            form="one_off",
            situation="",
            activity=index,
            nature=FICHES["fiches"][index]["nature"],
            changed_parameters=f"Paramètres du candidat {index}",
            roles="Le client",
            state=SubjectSheet.FINAL if index == 1 else SubjectSheet.DRAFT,
        )
    client.force_login(examiner)
    url = reverse("commission_subjects", args=[commission.pk])
    html = client.get(url).content.decode()
    # Loge order: N1 at 08h20, N2 at 09h00, N0 at 09h40.
    positions = [html.index(f'data-candidate="N{i}"') for i in (1, 2, 0)]
    assert positions == sorted(positions)
    assert "loge à 08h20, passage à 09h00" in html and "loge à 09h40" in html
    assert "Paramètres du candidat 1" in html and "organisation et animation" in html
    assert "Paramètres du candidat 0" in html and "Brouillon : pas encore définitive" in html
    assert "fiche-sujet non rédigée" in html
    assert "lundi 12/05/2025" in html
    assert "2 candidats sans sujet définitif." in html
    # The schedule's page links to it for the commission's member.
    detail = client.get(reverse("schedule_detail", args=[commission.schedule.pk]))
    assert url in detail.content.decode()


def test_the_loge_print_is_the_commissions_and_the_offices_only(client, session, office):
    examiner = UserFactory(role=Role.EXAMINER, academy=office.academy, username="membre")
    commission, candidates = _commission(session, office, "E4", examiner, [500])
    url = reverse("commission_subjects", args=[commission.pk])
    other = UserFactory(role=Role.EXAMINER, academy=office.academy, username="autre")
    client.force_login(other)
    assert client.get(url).status_code == 404
    centre = UserFactory(
        role=Role.TRAINING_CENTRE,
        academy=office.academy,
        establishment=candidates[0].establishment,
    )
    client.force_login(centre)
    assert client.get(url).status_code == 403
    client.force_login(candidates[0].user or UserFactory(role=Role.CANDIDATE))
    assert client.get(url).status_code == 403
    client.force_login(office)
    assert client.get(url).status_code == 200
    # A draft schedule's commission is the office's only.
    commission.schedule.status = Schedule.DRAFT
    commission.schedule.save()
    client.force_login(examiner)
    assert client.get(url).status_code == 404


def test_the_office_shares_out_a_practical_commissions_subjects(client, session, office):
    examiner = UserFactory(role=Role.EXAMINER, academy=office.academy, username="membre")
    commission, candidates = _commission(session, office, "E5P", examiner, [480, 480, 480, 560])
    for code, cms in (("WP1", "wordpress"), ("PS1", "prestashop")):
        PracticalSubject.objects.create(session=session, code=code, title=f"Sujet {code}", cms=cms)
    url = reverse("commission_subjects", args=[commission.pk])
    client.force_login(examiner)
    assert client.post(url, {"action": "share"}).status_code == 404
    assert not PracticalSubjectAssignment.objects.exists()
    client.force_login(office)
    client.post(url, {"action": "share"})
    given = [PracticalSubjectAssignment.objects.get(candidate=c).subject.code for c in candidates]
    assert given == ["WP1", "PS1", "WP1", "PS1"]
    html = client.get(url).content.decode()
    assert "WP1 — Sujet WP1 (WordPress)" in html and "loge à 08h00" in html
