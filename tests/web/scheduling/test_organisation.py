"""The exam days' organisation: centres (rooms, establishments served, half-days open), the
candidates' centres, the calendar, the examiners and the supply of examiners against the
demand of the candidates' plans; each write audited, another académie's objects 404."""

import datetime as dt

import pytest
from django.urls import reverse

from ndrc.rules.candidate_category import EstablishmentStatus, Habilitation
from ndrc.web.accounts.roles import Role
from ndrc.web.audit.models import AuditEntry
from ndrc.web.scheduling.models import (
    CentreAssignment,
    CentreOpening,
    Examiner,
    ExaminerAvailability,
    OralWindow,
    Room,
    WrittenSitting,
)
from ndrc.web.scheduling.organisation_selectors import (
    candidate_centres,
    supply_demand,
    written_papers,
)
from ndrc.web.sessions.models import ExamCentre
from tests.factories import (
    AcademyFactory,
    CandidateFactory,
    EstablishmentFactory,
    ExamSessionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
PASSWORD = "pw-for-tests-123"


@pytest.fixture
def session():
    return ExamSessionFactory(year=2025)


@pytest.fixture
def office(client, session):
    user = UserFactory(role=Role.EXAM_OFFICE, academy=AcademyFactory(code="A01"))
    client.login(username=user.username, password=PASSWORD)
    return user


@pytest.fixture
def centre(office):
    return ExamCentre.objects.create(code="C1", name="Lycée Blaise-Pascal", academy=office.academy)


@pytest.fixture
def window(session, office):
    return OralWindow.objects.create(
        session=session,
        academy=office.academy,
        first_day=dt.date(2025, 5, 19),
        last_day=dt.date(2025, 5, 20),
        morning_start=dt.time(8, 0),
        afternoon_start=dt.time(13, 30),
        half_day_minutes=240,
    )


def test_the_index_links_every_page_and_flags_candidates_without_centre(client, office, session):
    CandidateFactory(session=session, academy=office.academy)
    page = client.get(reverse("exam_days")).content.decode()
    for name in ("exam_day_centres", "exam_day_candidates", "exam_day_calendar"):
        assert reverse(name) in page
    assert "1 candidat n'a aucun centre d'examen" in page
    assert 'id="nav-exam-days"' in page


def test_a_centre_gets_its_address_rooms_establishments_and_openings(
    client, office, session, centre, window
):
    url = reverse("exam_day_centre", args=[centre.pk])
    client.post(url, {"action": "centre", "address": "36 avenue Carnot", "loge_seats": "12"})
    centre.refresh_from_db()
    assert (centre.address, centre.loge_seats) == ("36 avenue Carnot", 12)
    client.post(
        url, {"action": "room_new", "name": "B12", "kind": "computer", "posts": "8", "active": "on"}
    )
    room = Room.objects.get(centre=centre)
    assert (room.kind, room.posts, room.active) == ("computer", 8, True)
    page = client.post(
        url, {"action": "room_new", "name": "B13", "kind": "computer", "posts": "0"}
    ).content.decode()
    assert "Une salle informatique a au moins un poste" in page
    school = EstablishmentFactory(academy=office.academy)
    client.post(url, {"action": "establishments", "establishment": [str(school.pk)]})
    school.refresh_from_db()
    assert school.exam_centre == centre
    client.post(url, {"action": "openings", "half_day": ["2025-05-19:0", "2025-05-20:1", "x"]})
    assert set(CentreOpening.objects.values_list("date", "half")) == {
        (dt.date(2025, 5, 19), 0),
        (dt.date(2025, 5, 20), 1),
    }
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {
        "exam_centre_update",
        "room_create",
        "exam_centre_establishments",
        "exam_centre_openings",
    } <= actions
    page = client.get(url).content.decode()
    assert "lundi 19/05/2025" in page and "B12" in page


def test_another_academys_centre_and_examiner_are_not_found(client, office, session):
    other = ExamCentre.objects.create(
        code="C9", name="Ailleurs", academy=AcademyFactory(code="B02")
    )
    examiner = Examiner.objects.create(
        session=session, academy=other.academy, last_name="Autre", first_name="Ève"
    )
    assert client.get(reverse("exam_day_centre", args=[other.pk])).status_code == 404
    assert (
        client.post(
            reverse("exam_day_centre", args=[other.pk]), {"action": "centre", "loge_seats": "3"}
        ).status_code
        == 404
    )
    assert client.get(reverse("exam_day_examiner", args=[examiner.pk])).status_code == 404


def test_a_candidates_centre_defaults_changes_with_a_reason_and_is_undone(
    client, office, session, centre
):
    served = EstablishmentFactory(academy=office.academy, exam_centre=centre)
    elsewhere = ExamCentre.objects.create(
        code="C2", name="Lycée Jeanne-d'Arc", academy=office.academy
    )
    sitting_here = CandidateFactory(session=session, academy=office.academy, establishment=served)
    nowhere = CandidateFactory(session=session, academy=office.academy)
    assert candidate_centres(session=session, academy=office.academy) == {
        sitting_here.pk: centre.pk,
        nowhere.pk: None,
    }
    url = reverse("exam_day_candidate_centre", args=[sitting_here.pk])
    page = client.post(url, {"centre": str(elsewhere.pk), "reason": " "}).content.decode()
    assert "Indiquez le motif du changement de centre." in page
    assert not CentreAssignment.objects.exists()
    client.post(url, {"centre": str(elsewhere.pk), "reason": "Proche du domicile"})
    assert candidate_centres(session=session, academy=office.academy)[sitting_here.pk] == (
        elsewhere.pk
    )
    entry = AuditEntry.objects.get(action="candidate_centre_set")
    assert entry.candidate_id == sitting_here.pk and entry.reason == "Proche du domicile"
    listing = client.get(reverse("exam_day_candidates"), {"centre": "aucun"}).content.decode()
    assert nowhere.number in listing and sitting_here.number not in listing
    assert "aucun centre" in listing
    listing = client.get(
        reverse("exam_day_candidates"), {"centre": str(elsewhere.pk)}
    ).content.decode()
    assert sitting_here.number in listing and "affecté" in listing
    client.post(url, {"action": "reset"})
    assert not CentreAssignment.objects.exists()
    assert AuditEntry.objects.filter(action="candidate_centre_reset").exists()
    assert candidate_centres(session=session, academy=office.academy)[sitting_here.pk] == centre.pk


def test_another_academys_candidate_centre_page_is_not_found(client, office, session):
    other = CandidateFactory(session=session, academy=AcademyFactory(code="B02"))
    url = reverse("exam_day_candidate_centre", args=[other.pk])
    assert client.get(url).status_code == 404


def test_the_calendar_checks_the_window_and_the_written_papers(client, office, session):
    url = reverse("exam_day_calendar")
    page = client.post(
        url,
        {
            "action": "window",
            "first_day": "20/05/2025",
            "last_day": "19/05/2025",
            "morning_start": "08:00",
            "afternoon_start": "13:30",
            "half_day_minutes": "240",
        },
    ).content.decode()
    assert "Le dernier jour des oraux précède le premier." in page
    assert not OralWindow.objects.exists()
    page = client.post(
        url,
        {
            "action": "window",
            "first_day": "19/05/2025",
            "last_day": "23/05/2025",
            "morning_start": "08:00",
            "afternoon_start": "13:30",
            "half_day_minutes": "240",
            "resit_first_day": "07/07/2026",
            "resit_last_day": "08/07/2026",
        },
    ).content.decode()
    assert "Les oraux de la session ont lieu en 2025." in page
    assert not OralWindow.objects.exists()
    client.post(
        url,
        {
            "action": "window",
            "first_day": "2025-05-19",
            "last_day": "2025-05-23",
            "morning_start": "08:00",
            "afternoon_start": "13h30",
            "half_day_minutes": "240",
        },
    )
    window = OralWindow.objects.get()
    assert window.afternoon_start == dt.time(13, 30)
    codes = [p.code for p in written_papers(year=2025)]
    assert {"E1", "E3", "E5W"} <= set(codes)
    page = client.post(
        url,
        {
            "action": "written",
            "exam": "E1",
            "date": "2025-05-12",
            "start": "14:00",
            "end": "13:00",
            "loge_minutes": "60",
        },
    ).content.decode()
    assert "L&#x27;heure de fin suit l&#x27;heure de début." in page
    page = client.post(
        url,
        {
            "action": "written",
            "exam": "E1",
            "date": "2025-05-12",
            "start": "10:00",
            "end": "12:00",
            "loge_minutes": "60",
        },
        follow=True,
    ).content.decode()
    assert "Épreuve E1 enregistrée." in page
    assert "le règlement prévoit 240 min" in page
    assert WrittenSitting.objects.get().date == dt.date(2025, 5, 12)
    page = client.post(
        url,
        {
            "action": "written",
            "exam": "E1",
            "date": "2024-05-12",
            "start": "10:00",
            "end": "14:00",
            "loge_minutes": "60",
        },
    ).content.decode()
    assert "Les épreuves ont lieu en 2025." in page
    assert {"oral_window_create", "written_sitting_create"} <= set(
        AuditEntry.objects.values_list("action", flat=True)
    )


def test_an_examiner_is_added_given_availability_and_withdrawn(
    client, office, session, centre, window
):
    account = UserFactory(role=Role.EXAMINER, email="l.martin@example.org")
    page = client.post(
        reverse("exam_day_examiners"),
        {
            "last_name": "Martin",
            "first_name": "Léa",
            "email": "l.martin@example.org",
            "kinds": ["language"],
            "centres": [str(centre.pk)],
            "link_account": "on",
        },
    ).content.decode()
    assert "Indiquez les langues du professeur de langue." in page
    response = client.post(
        reverse("exam_day_examiners"),
        {
            "last_name": "Martin",
            "first_name": "Léa",
            "email": "l.martin@example.org",
            "kinds": ["language", "inconnu"],
            "languages": ["anglais"],
            "centres": [str(centre.pk)],
            "link_account": "on",
        },
    )
    examiner = Examiner.objects.get()
    assert response.url == reverse("exam_day_examiner", args=[examiner.pk])
    assert (examiner.kinds, examiner.languages, examiner.user) == (
        ["language"],
        ["anglais"],
        account,
    )
    assert list(examiner.centres.all()) == [centre]
    url = reverse("exam_day_examiner", args=[examiner.pk])
    client.post(url, {"action": "availability", "half_day": ["2025-05-19:0", "2025-05-19:1"]})
    assert ExaminerAvailability.objects.filter(examiner=examiner).count() == 2
    page = client.post(url, {"action": "withdraw", "reason": ""}).content.decode()
    assert "Indiquez le motif du désistement." in page
    client.post(url, {"action": "withdraw", "reason": "Malade"})
    examiner.refresh_from_db()
    assert examiner.withdrawn
    entry = AuditEntry.objects.get(action="examiner_withdraw")
    assert entry.reason == "Malade"
    assert {"examiner_create", "examiner_availability"} <= set(
        AuditEntry.objects.values_list("action", flat=True)
    )


def test_supply_against_demand_shows_what_is_missing(client, office, session, centre, window):
    # Not habilitated to the CCF: E4 and E6 are one-off orals.
    school = EstablishmentFactory(
        academy=office.academy,
        exam_centre=centre,
        habilitation=Habilitation.NONE,
        status=EstablishmentStatus.PRIVATE_OUTSIDE_CONTRACT,
    )
    for _ in range(3):
        CandidateFactory(session=session, academy=office.academy, establishment=school)
    CandidateFactory(
        session=session,
        academy=office.academy,
        establishment=school,
        lv1="espagnol",
        extra_time=True,
    )
    english = Examiner.objects.create(
        session=session,
        academy=office.academy,
        last_name="Smith",
        first_name="Ann",
        kinds=["language"],
        languages=["anglais"],
    )
    english.centres.set([centre])
    ExaminerAvailability.objects.create(examiner=english, date=window.first_day, half=0)
    # Not available on any half-day: not counted.
    idle = Examiner.objects.create(
        session=session,
        academy=office.academy,
        last_name="Idle",
        first_name="Bo",
        kinds=["bloc1"],
    )
    idle.centres.set([centre])
    rows = {(d.exam, d.language): d for d in supply_demand(session=session, academy=office.academy)}
    e2 = rows[("E2", "anglais")]
    assert (e2.candidates, e2.seats[0].examiners, e2.missing) == (3, 1, False)
    spanish = rows[("E2", "espagnol")]
    assert spanish.candidates == 1 and spanish.missing
    # Extra time: a third more.
    assert spanish.minutes == e2.minutes // 3 + e2.minutes // 3 // 3
    e4 = rows[("E4", "")]
    assert e4.candidates == 4 and [s.examiners for s in e4.seats] == [0, 0]
    assert "A2023" in e4.citation
    page = client.get(reverse("exam_day_examiners")).content.decode()
    assert 'id="missing"' in page and "Lycée Blaise-Pascal" in page


def test_the_api_lists_centres_examiners_and_the_calendar_of_the_academy_only(
    client, office, session, centre, window
):
    Room.objects.create(centre=centre, name="B12", kind="computer", posts=8)
    CentreOpening.objects.create(session=session, centre=centre, date=window.first_day, half=1)
    ExamCentre.objects.create(code="C9", name="Ailleurs", academy=AcademyFactory(code="B02"))
    examiner = Examiner.objects.create(
        session=session,
        academy=office.academy,
        last_name="Smith",
        first_name="Ann",
        kinds=["language"],
        languages=["anglais"],
    )
    examiner.centres.set([centre])
    ExaminerAvailability.objects.create(examiner=examiner, date=window.first_day, half=0)
    WrittenSitting.objects.create(
        session=session,
        exam="E1",
        date=dt.date(2025, 5, 12),
        start=dt.time(10),
        end=dt.time(14),
        loge_minutes=60,
    )
    centres = client.get(reverse("api-exam-day-centres")).json()
    assert [c["code"] for c in centres] == ["C1"]
    assert centres[0]["rooms"][0] == {
        "id": centres[0]["rooms"][0]["id"],
        "name": "B12",
        "kind": "computer",
        "posts": 8,
        "active": True,
    }
    assert centres[0]["openings"] == [{"date": "2025-05-19", "half": "apres-midi"}]
    examiners = client.get(reverse("api-exam-day-examiners")).json()
    assert examiners[0]["centres"] == ["C1"]
    assert examiners[0]["availability"] == [{"date": "2025-05-19", "half": "matin"}]
    calendar = client.get(reverse("api-exam-day-calendar")).json()
    assert calendar["oral_window"]["afternoon_start"] == "13:30"
    assert calendar["written"] == [
        {"exam": "E1", "date": "2025-05-12", "start": "10:00", "end": "14:00", "loge_minutes": 60}
    ]


def test_the_index_links_the_schedule_and_the_convocations(client, office):
    page = client.get(reverse("exam_days")).content.decode()
    assert 'id="schedule-links"' in page
    assert reverse("schedule_overview") in page and reverse("convocations") in page
    assert "Planning des épreuves orales et pratiques" in page


def test_supply_against_demand_counts_half_days(office, session, centre, window):
    school = EstablishmentFactory(
        academy=office.academy,
        exam_centre=centre,
        habilitation=Habilitation.NONE,
        status=EstablishmentStatus.PRIVATE_OUTSIDE_CONTRACT,
    )
    for _ in range(7):
        CandidateFactory(session=session, academy=office.academy, establishment=school)
    teacher = Examiner.objects.create(
        session=session, academy=office.academy, last_name="Un", first_name="Prof", kinds=["bloc1"]
    )
    teacher.centres.set([centre])
    for half in (0, 1):
        ExaminerAvailability.objects.create(examiner=teacher, date=window.first_day, half=half)
    rows = {d.exam: d for d in supply_demand(session=session, academy=office.academy)}
    practical = rows["E5P"]
    # Groups of three examined at once: 7 candidates' minutes over 3, over 240 a half-day.
    assert practical.half_days == -(-practical.minutes // (3 * 240))
    assert (practical.seats[0].examiners, practical.seats[0].half_days) == (1, 2)


def test_an_account_of_another_academy_is_not_linked(client, office, session):
    UserFactory(role=Role.EXAMINER, email="x@example.org", academy=AcademyFactory(code="B02"))
    page = client.post(
        reverse("exam_day_examiners"),
        {
            "last_name": "X",
            "first_name": "Y",
            "email": "x@example.org",
            "kinds": ["cge"],
            "link_account": "on",
        },
    ).content.decode()
    assert "Aucun compte d&#x27;examinateur n&#x27;a l&#x27;adresse « x@example.org »." in page
    assert not Examiner.objects.exists()
