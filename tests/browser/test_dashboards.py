"""The home page of the exam office and of a training centre say what to do next, in French,
each item with its count, its link and its deadline (screenshots to look at)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from ndrc.web.accounts.roles import Role
from ndrc.web.candidates.grade_services import GradeWrite, grade_set
from ndrc.web.deliberations import services
from ndrc.web.grading.models import GridAppeal
from tests.builders import conforming_files
from tests.factories import (
    AcademyFactory,
    CandidateFactory,
    EstablishmentFactory,
    ExamSessionFactory,
    UserFactory,
    academy_dates,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(page, url, username):
    page.goto(url + "/connexion/")
    page.get_by_label("Nom d’utilisateur").fill(username)
    page.get_by_label("Mot de passe").fill("pw-for-tests-123")
    page.locator("#login-form button[type=submit]").click()


def _complete(candidate):
    for exam in ("E1", "E2", "E3", "E4", "E5W", "E5P", "E6"):
        grade_set(candidate=candidate, write=GradeWrite(exam, "grade", Decimal(12)), actor=None)
    return conforming_files(candidate)


def test_the_exam_office_and_a_training_centre_see_what_to_do(live_server, page, screenshot):
    session = ExamSessionFactory(year=2025)
    rectorat = AcademyFactory(code="A01", name="Académie de Clermont-Ferrand")
    academy_dates(session, rectorat, deposit_deadline=dt.date(2025, 3, 14))
    office = UserFactory(role=Role.EXAM_OFFICE, academy=rectorat, username="rectorat")
    school = EstablishmentFactory(academy=rectorat, name="Lycée Blaise-Pascal")
    done = [
        _complete(CandidateFactory(session=session, academy=rectorat, establishment=school))
        for _ in range(2)
    ]
    services.jury_create(
        session=session,
        academy=rectorat,
        name="Jury 1",
        members=[],
        candidates=done,
        actor=office,
    )
    late = CandidateFactory(session=session, academy=rectorat, establishment=school)
    GridAppeal.objects.create(
        candidate=done[0], exam="E4", what=GridAppeal.GRIDS, requested_at=timezone.now()
    )

    _login(page, live_server.url, "rectorat")
    todo = page.locator("#todo")
    assert todo.locator("h2").inner_text() == "À faire"
    assert page.locator("#todo-nv").get_attribute("data-count") == "1"
    assert page.locator("#todo-close").get_attribute("data-count") == "1"
    assert page.locator("#todo-appeals").get_attribute("data-count") == "1"
    screenshot("exam-office")
    page.locator("#todo-nv a").click()
    assert "/conformite/" in page.url and late.number in page.content()

    # A training centre of another académie, whose deposit deadline is still ahead.
    other = AcademyFactory(code="A02", name="Académie de Lyon")
    deadline = timezone.localdate() + dt.timedelta(days=15)
    academy_dates(session, other, deposit_deadline=deadline)
    centre_school = EstablishmentFactory(academy=other, name="Lycée La Martinière")
    for _ in range(3):
        CandidateFactory(session=session, academy=other, establishment=centre_school)
    UserFactory(
        role=Role.TRAINING_CENTRE, academy=other, establishment=centre_school, username="lycee"
    )
    page.context.clear_cookies()
    _login(page, live_server.url, "lycee")
    assert page.locator("#todo-dossiers").get_attribute("data-count") == "3"
    assert f"Avant le {deadline:%d/%m/%Y}" in page.locator("#todo-dossiers").inner_text()
    assert page.locator("#todo-ccf").get_attribute("data-count") == "6"
    assert "#todo-nv" not in page.content() and "Jury 1" not in page.content()
    screenshot("training-centre")
