"""The harmonisation before the jury (A2023 annexe II, E4, E5, E6 : « Avant le jury final, une
procédure d'harmonisation est mise en place par les autorités académiques » ; « Une
harmonisation entre les différentes commissions d'interrogation est prévue »): exact
statistics per épreuve, commission and examiner, the groups flagged, the plots, and the
adjustments recorded with their reason and author."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ndrc.web.accounts.roles import Role
from ndrc.web.audit.models import AuditEntry
from ndrc.web.candidates.models import Candidate, Grade
from ndrc.web.deliberations.harmonisation_selectors import (
    HIGH,
    LOW,
    describe,
    exam_harmonisation,
    flag_of,
    harmonisation_exams,
)
from ndrc.web.deliberations.harmonisation_services import (
    harmonisation_adjust,
    harmonisation_withdraw,
)
from ndrc.web.deliberations.models import HarmonisationAdjustment
from ndrc.web.grading.models import ExaminerAssignment
from ndrc.web.scheduling.models import Commission, Examiner, Room, Schedule, Sitting
from ndrc.web.sessions.models import ExamCentre
from tests.factories import CandidateFactory, UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "pw-for-tests-123"
D = Decimal


def test_statistics_are_exact():
    stats = describe([D(v) for v in ("2", "4", "4", "4", "5", "5", "7", "9")])
    assert (stats.n, stats.mean, stats.sd) == (8, D(5), D(2))
    assert (stats.minimum, stats.q1, stats.median, stats.q3, stats.maximum) == (
        D(2),
        D(4),
        D("4.5"),
        D("5.5"),
        D(9),
    )
    assert stats.cells[:2] == ["5,00", "2,00"]
    assert describe([]).n == 0 and describe([]).cells == ["—"] * 7


def test_the_flag_rule():
    overall = describe([D(v) for v in range(0, 21)])  # mean 10, sd √(770/21) ≈ 6,06
    # 2 × 6,06 / √3 ≈ 7,0: a group of three at 17,33 is far, one at 16 is not.
    assert flag_of(group=describe([D(17), D(17), D(18)]), overall=overall) == HIGH
    assert flag_of(group=describe([D(3), D(2), D(3)]), overall=overall) == LOW
    assert flag_of(group=describe([D(16), D(16), D(16)]), overall=overall) == ""
    # Two grades: never flagged, however far.
    assert flag_of(group=describe([D(20), D(20)]), overall=overall) == ""


def test_the_harmonised_exams_are_those_of_commissions_and_examiners(session):
    exams = harmonisation_exams(session)
    assert {"E2", "E4", "E5P", "E6", "EF1", "EF2"} <= set(exams)
    assert "E1" not in exams and "E5W" not in exams


def _world(session, office, *, sizes=(6, 6, 2), values=None):
    """Commissions of E4 in an applied schedule, one examiner each, a grade for each
    candidate: the first commission around 10, the second around 16,7, a third of two."""
    academy = office.academy
    centre = ExamCentre.objects.create(
        code=f"C{ExamCentre.objects.count()}", name="Lycée Voltaire", academy=academy
    )
    room = Room.objects.create(centre=centre, name="Salle 12")
    schedule = Schedule.objects.create(session=session, academy=academy, status=Schedule.APPLIED)
    values = values or [
        ["8", "9", "10", "10", "11", "12"],
        ["15", "16", "16", "17", "18", "18"],
        ["13", "13"],
    ]
    people = []
    for index, size in enumerate(sizes):
        user = UserFactory(role=Role.EXAMINER, academy=academy, last_name=f"Jury{index}")
        examiner = Examiner.objects.create(
            session=session, academy=academy, last_name=f"Exam{index}", first_name="A", user=user
        )
        commission = Commission.objects.create(
            schedule=schedule,
            centre=centre,
            room=room,
            date=dt.date(2025, 5, 12 + index),
            half=0,
            exam="E4",
        )
        commission.members.set([examiner])
        for k in range(size):
            candidate = CandidateFactory(session=session, academy=academy)
            Grade.objects.create(
                candidate=candidate,
                exam="E4",
                state="grade",
                value=D(values[index % len(values)][k % len(values[index % len(values)])]),
            )
            Sitting.objects.create(
                commission=commission, candidate=candidate, exam="E4", loge_start=0, start=1, end=2
            )
            ExaminerAssignment.objects.create(examiner=user, candidate=candidate, exam="E4")
            people.append(candidate)
    return people


def test_groups_flagged_and_states_counted_apart(session, office):
    _world(session, office)
    absent = CandidateFactory(session=session, academy=office.academy)
    Grade.objects.create(candidate=absent, exam="E4", state="absent")
    data = exam_harmonisation(candidates=Candidate.objects.all(), exam="E4")
    values = [*map(D, ["8", "9", "10", "10", "11", "12", "15", "16", "16", "17", "18", "18"])]
    expected = describe([*values, D(13), D(13)])
    assert data.overall == expected and data.overall.n == 14  # the absent is not a 0
    assert data.states == [("absent (non justifié)", 1)]
    flags = [(g.stats.n, g.flag) for g in data.commissions]
    assert flags == [(6, LOW), (6, HIGH), (2, "")]
    assert [(g.stats.n, g.flag) for g in data.examiners] == flags
    assert sum(b.count for b in data.bins) == 14 and data.bins[-1].last


def _login(client, user):
    client.login(username=user.username, password=PASSWORD)
    return client


def test_the_page_shows_the_groups_and_the_rule(client, session, office):
    _world(session, office)
    page = _login(client, office).get(reverse("harmonisation_exam", args=["E4"]))
    text = page.content.decode()
    assert page.status_code == 200
    assert 'data-flag="low"' in text and 'data-flag="high"' in text
    assert "13,29" in text  # the épreuve's mean (186 / 14), with a comma
    assert "moins de 3 notes n'est jamais signalé" in text
    assert "trop peu de notes" in text
    overview = client.get(reverse("harmonisation")).content.decode()
    assert 'data-exam="E4"' in overview and reverse("harmonisation_exam", args=["E4"]) in overview
    assert reverse("harmonisation") in client.get(reverse("deliberation")).content.decode()
    assert client.get(reverse("harmonisation_exam", args=["E1"])).status_code == 404
    assert client.get(reverse("harmonisation_exam", args=["ZZ"])).status_code == 404


@pytest.mark.parametrize("kind", ["histogramme", "commissions", "examinateurs"])
def test_the_plots_are_images(client, session, office, kind):
    _world(session, office)
    response = _login(client, office).get(
        reverse("harmonisation_plot", args=["E4"]), {"graphique": kind}
    )
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert response.content.startswith(b"\x89PNG")


def test_an_unknown_plot_is_not_found(client, session, office):
    response = _login(client, office).get(
        reverse("harmonisation_plot", args=["E4"]), {"graphique": "camembert"}
    )
    assert response.status_code == 404


def _queries(client, session, office, n):
    _world(session, office, sizes=(n,), values=[["12"]])
    _login(client, office)
    url = reverse("harmonisation_exam", args=["E4"])
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_no_query_per_candidate(client, session, office):
    few = _queries(client, session, office, 3)
    Candidate.objects.all().delete()
    assert _queries(client, session, office, 30) == few


def _grade(candidate):
    return Grade.objects.get(candidate=candidate, exam="E4")


def test_an_adjustment_writes_the_grade_with_the_journal(client, session, office):
    candidate = _world(session, office)[0]
    url = reverse("harmonisation_adjust", args=[candidate.pk, "E4"])
    _login(client, office)
    form = client.get(url).content.decode()
    assert 'name="version" value="1"' in form
    response = client.post(
        url, {"value": "9,5", "reason": "Commission 1 trop sévère", "version": "1"}
    )
    assert response.status_code == 302
    grade = _grade(candidate)
    assert (grade.value, grade.version) == (D("9.5"), 2)
    adjustment = HarmonisationAdjustment.objects.get()
    assert (adjustment.before, adjustment.value, adjustment.author) == (D(8), D("9.5"), office)
    entries = AuditEntry.objects.filter(candidate=candidate).order_by("pk")
    assert [e.action for e in entries][-2:] == ["grade_set", "harmonisation_adjust"]
    assert entries.last().reason == "Commission 1 trop sévère"
    assert "Harmonisation : Commission 1 trop sévère" in entries[len(entries) - 2].reason
    # Withdrawn with a reason: the grade goes back, the adjustment stays recorded.
    withdraw = reverse("harmonisation_withdraw", args=[candidate.pk, adjustment.pk])
    assert client.post(withdraw, {"reason": ""}).status_code == 400
    assert client.post(withdraw, {"reason": "Erreur de candidat"}).status_code == 302
    assert _grade(candidate).value == D(8)
    assert HarmonisationAdjustment.objects.get().withdrawn


def test_an_adjustment_without_reason_or_stale_or_after_closing_is_refused(client, session, office):
    candidate = _world(session, office)[0]
    url = reverse("harmonisation_adjust", args=[candidate.pk, "E4"])
    _login(client, office)
    response = client.post(url, {"value": "9,5", "reason": " ", "version": "1"})
    assert response.status_code == 400 and "Le motif de l&#x27;ajustement est obligatoire" in (
        response.content.decode()
    )
    response = client.post(url, {"value": "9,5", "reason": "Motif", "version": "7"})
    assert response.status_code == 400 and "modifiée entre-temps" in response.content.decode()
    assert _grade(candidate).value == D(8) and not HarmonisationAdjustment.objects.exists()
    Candidate.objects.filter(pk=candidate.pk).update(locked_by="Jury A")
    candidate.refresh_from_db()
    with pytest.raises(ValidationError, match="Délibération close"):
        harmonisation_adjust(
            candidate=candidate,
            exam="E4",
            value="9,5",
            reason="Motif",
            expected_version=1,
            actor=office,
        )
    assert client.post(url, {"value": "9,5", "reason": "Motif", "version": "1"}).status_code == 400
    assert _grade(candidate).value == D(8)


@pytest.mark.parametrize("version", ["²", "1" * 5000, "１"])
def test_an_adjustment_with_a_malformed_version_is_refused(client, session, office, version):
    """« ² » or 5,000 digits once gave a server error; now a conflict, nothing written."""
    candidate = _world(session, office)[0]
    url = reverse("harmonisation_adjust", args=[candidate.pk, "E4"])
    _login(client, office)
    response = client.post(url, {"value": "9,5", "reason": "Motif", "version": version})
    assert response.status_code == 400 and "modifiée entre-temps" in response.content.decode()
    assert _grade(candidate).version == 1 and not HarmonisationAdjustment.objects.exists()


def test_a_withdrawal_after_closing_is_refused(session, office):
    candidate = _world(session, office)[0]
    adjustment = harmonisation_adjust(
        candidate=candidate, exam="E4", value="9", reason="Motif", expected_version=1, actor=office
    )
    Candidate.objects.filter(pk=candidate.pk).update(locked_by="Jury A")
    adjustment.candidate.refresh_from_db()
    with pytest.raises(ValidationError, match="Délibération close"):
        harmonisation_withdraw(adjustment=adjustment, reason="Erreur", actor=office)
    assert _grade(candidate).value == D(9)


def test_a_state_is_not_adjusted(session, office):
    candidate = CandidateFactory(session=session, academy=office.academy)
    Grade.objects.create(candidate=candidate, exam="E4", state="absent")
    with pytest.raises(ValidationError, match="pas de note chiffrée"):
        harmonisation_adjust(
            candidate=candidate,
            exam="E4",
            value="10",
            reason="Motif",
            expected_version=1,
            actor=office,
        )


@pytest.mark.parametrize("role", [Role.TRAINING_CENTRE, Role.EXAMINER, Role.JURY])
def test_only_the_exam_office_sees_the_harmonisation(client, session, office, role):
    candidate = _world(session, office)[0]
    user = UserFactory(role=role, academy=office.academy, establishment=candidate.establishment)
    _login(client, user)
    for url in (
        reverse("harmonisation"),
        reverse("harmonisation_exam", args=["E4"]),
        reverse("harmonisation_plot", args=["E4"]),
        reverse("harmonisation_adjust", args=[candidate.pk, "E4"]),
    ):
        assert client.get(url).status_code == 403, url
    response = client.post(
        reverse("harmonisation_adjust", args=[candidate.pk, "E4"]),
        {"value": "9", "reason": "Motif", "version": "1"},
    )
    assert response.status_code == 403 and _grade(candidate).value == D(8)
