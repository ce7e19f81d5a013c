"""Importing the exam days' organisation: rooms, openings, examiners, availability. The dry
run lists every row's errors in French and writes nothing; the confirmed import writes every
row, audited; a row already recorded is updated (room, examiner) or left (a warning)."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ndrc.web.accounts.roles import Role
from ndrc.web.audit.models import AuditEntry
from ndrc.web.scheduling.models import (
    CentreOpening,
    Examiner,
    ExaminerAvailability,
    OralWindow,
    Room,
)
from ndrc.web.sessions.models import ExamCentre
from tests.factories import AcademyFactory, EstablishmentFactory, ExamSessionFactory, UserFactory

PASSWORD = "pw-for-tests-123"


@pytest.fixture
def office(db):
    academy = AcademyFactory(code="A01")
    session = ExamSessionFactory(year=2025)
    ExamCentre.objects.create(code="C1", name="Lycée Blaise-Pascal", academy=academy)
    ExamCentre.objects.create(code="C2", name="Lycée Jeanne-d'Arc", academy=academy)
    ExamCentre.objects.create(code="Z9", name="Ailleurs", academy=AcademyFactory(code="B02"))
    EstablishmentFactory(uai="0630001A", academy=academy)
    OralWindow.objects.create(
        session=session,
        academy=academy,
        first_day=dt.date(2025, 5, 19),
        last_day=dt.date(2025, 5, 23),
        morning_start=dt.time(8),
        afternoon_start=dt.time(13, 30),
        half_day_minutes=240,
    )
    return UserFactory(role=Role.EXAM_OFFICE, academy=academy)


@pytest.fixture
def logged(client, office):
    client.login(username=office.username, password=PASSWORD)
    return client


def _upload(client, text, kind):
    return client.post(
        reverse("import_index"),
        {"contenu": kind, "fichier": SimpleUploadedFile("f.csv", text.encode("utf-8"))},
        follow=True,
    )


def _confirm(client, response):
    stored = response.context["stored"]
    assert stored is not None, [str(e) for e in response.context["report"].errors]
    return client.post(reverse("import_confirm"), {"fichier_id": stored.pk}, follow=True)


def _errors(response):
    return [(e.line, e.column, e.message) for e in response.context["report"].errors]


def test_rooms_dry_run_lists_errors_and_writes_nothing(logged):
    response = _upload(
        logged,
        "centre;nom;type;postes\nC1;B12;informatique;0\nZ9;A1;oral;\nC1;A2;cuisine;\nC1;A3;oral;2\n",
        "rooms",
    )
    assert _errors(response) == [
        (2, "postes", "une salle informatique a au moins un poste."),
        (3, "centre", "centre « Z9 » inconnu dans votre académie."),
        (4, "type", "« cuisine » : attendu oral ou informatique."),
        (5, "postes", "une salle d'interrogation n'a pas de poste : 0."),
    ]
    assert "rien ne sera importé" in response.content.decode()
    assert not Room.objects.exists()


def test_rooms_import_creates_then_updates(logged):
    text = "Centre;Nom;Type;Postes;Disponible\nC1;B12;informatique;12;oui\nC2;A1;oral;;non\n"
    response = _upload(logged, text, "rooms")
    assert "Aucune erreur : 2 lignes seront enregistrées." in response.content.decode()
    assert not Room.objects.exists()
    _confirm(logged, response)
    assert set(Room.objects.values_list("centre__code", "name", "kind", "posts", "active")) == {
        ("C1", "B12", "computer", 12, True),
        ("C2", "A1", "oral", 0, False),
    }
    assert AuditEntry.objects.filter(action="room_create").count() == 2
    _confirm(logged, _upload(logged, "centre;nom;type;postes\nC1;B12;informatique;20\n", "rooms"))
    assert Room.objects.get(name="B12").posts == 20
    assert AuditEntry.objects.filter(action="room_update").count() == 1


def test_openings_import_checks_the_window_and_skips_known_half_days(logged, office):
    response = _upload(
        logged,
        "centre;date;demi_journee\nC1;18/05/2025;matin\nC1;19/05/2025;soir\n",
        "openings",
    )
    assert _errors(response) == [
        (2, "date", "le 18/05/2025 est hors de la période des oraux (19/05/2025 – 23/05/2025)."),
        (3, "demi_journee", "« soir » : attendu matin ou après-midi."),
    ]
    assert not CentreOpening.objects.exists()
    text = "centre;date;Demi-journée\nC1;19/05/2025;matin\nC1;2025-05-19;Après-midi\n"
    _confirm(logged, _upload(logged, text, "openings"))
    assert set(CentreOpening.objects.values_list("date", "half")) == {
        (dt.date(2025, 5, 19), 0),
        (dt.date(2025, 5, 19), 1),
    }
    response = _upload(logged, text, "openings")
    assert "déjà ouvert le 19/05/2025 matin" in response.content.decode()


def test_examiners_and_availability_import(logged, office):
    response = _upload(
        logged,
        "nom;prénom;courriel;uai;qualités;langues;centres\n"
        "Martin;Léa;pas-une-adresse;;language;;C1\n"
        "Roux;Paul;p.roux@example.org;9999999X;chef;;\n",
        "examiners",
    )
    assert _errors(response) == [
        (2, "courriel", "adresse « pas-une-adresse » invalide."),
        (2, "langues", "un professeur de langue a au moins une langue."),
        (3, "qualites", response.context["report"].errors[2].message),
        (3, "uai", "établissement 9999999X inconnu dans votre académie."),
    ]
    assert "qualités inconnues" in response.context["report"].errors[2].message
    text = (
        "nom;prénom;courriel;uai;qualités;langues;centres\n"
        "Martin;Léa;L.Martin@example.org;0630001A;language;anglais espagnol;C1 C2\n"
        "Roux;Paul;p.roux@example.org;;professional;;C1\n"
    )
    _confirm(logged, _upload(logged, text, "examiners"))
    martin = Examiner.objects.get(email="l.martin@example.org")
    assert martin.languages == ["anglais", "espagnol"]
    assert sorted(martin.centres.values_list("code", flat=True)) == ["C1", "C2"]
    assert Examiner.objects.get(last_name="Roux").establishment is None
    response = _upload(
        logged,
        "examinateur;date;demi_journee\n"
        f"l.martin@example.org;19/05/2025;matin\n{Examiner.objects.get(last_name='Roux').pk};"
        "20/05/2025;après-midi\ninconnu@example.org;19/05/2025;matin\n",
        "availability",
    )
    assert _errors(response) == [
        (4, "examinateur", "examinateur « inconnu@example.org » inconnu dans la session.")
    ]
    response = _upload(
        logged,
        "examinateur;date;demi_journee\nl.martin@example.org;19/05/2025;matin\n"
        "p.roux@example.org;20/05/2025;après-midi\n",
        "availability",
    )
    _confirm(logged, response)
    assert ExaminerAvailability.objects.count() == 2
    assert AuditEntry.objects.filter(action="examiner_availability_import").count() == 2


def test_the_templates_of_the_exam_days_files(logged):
    response = logged.get(reverse("import_template"), {"contenu": "examiners"})
    assert response["Content-Disposition"] == 'attachment; filename="modele-examinateurs.csv"'
    assert "nom;prenom;courriel;uai;qualites;langues;centres" in response.content.decode(
        "utf-8-sig"
    )
