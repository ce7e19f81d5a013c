"""The messages of an action are shown by the site's base page, once, in DSFR alerts above the
content: on a page that never showed them itself, and never twice on a page that did."""

import pytest
from django.urls import reverse

from ndrc.web.accounts.roles import Role
from ndrc.web.scheduling.organisation_selectors import written_papers
from tests.factories import AcademyFactory, ExamSessionFactory, UserFactory

pytestmark = pytest.mark.django_db

WINDOW = {
    "action": "window",
    "first_day": "19/05/2025",
    "last_day": "23/05/2025",
    "morning_start": "08:00",
    "afternoon_start": "13:30",
    "half_day_minutes": "240",
}


@pytest.fixture
def office(client):
    ExamSessionFactory(year=2025)
    user = UserFactory(role=Role.EXAM_OFFICE, academy=AcademyFactory(code="A01"))
    client.force_login(user)
    return user


def test_a_page_that_never_showed_messages_shows_the_last_action_s(client, office):
    client.post(reverse("exam_day_calendar"), WINDOW)
    page = client.get(reverse("exam_days")).content.decode()
    assert page.count("Période des oraux enregistrée.") == 1
    assert page.count('data-message="success"') == 1
    assert 'class="fr-alert fr-alert--success fr-alert--sm fr-mb-2w"' in page
    # Shown once: the next page has no message left.
    again = client.get(reverse("exam_days")).content.decode()
    assert "Période des oraux enregistrée." not in again


def test_the_calendar_shows_its_message_once(client, office):
    page = client.post(reverse("exam_day_calendar"), WINDOW, follow=True).content.decode()
    assert page.count("Période des oraux enregistrée.") == 1
    assert page.count('data-message="success"') == 1


def test_the_sessions_page_shows_its_message_once(client, office):
    session = ExamSessionFactory(year=2026)
    answer = client.post(reverse("session_current", args=[session.pk]), follow=True)
    page = answer.content.decode()
    assert answer.status_code == 200
    assert page.count("Vous travaillez désormais sur") == 1
    assert page.count('data-message="success"') == 1


def test_a_warning_is_a_dsfr_warning_shown_with_the_success(client, office):
    paper = next(p for p in written_papers(year=2025) if p.duration)
    client.post(
        reverse("exam_day_calendar"),
        {
            "action": "written",
            "exam": paper.code,
            "date": "12/05/2025",
            "start": "08:00",
            "end": "08:30",
            "loge_minutes": "0",
        },
    )
    page = client.get(reverse("exam_days")).content.decode()
    assert page.count('data-message="warning"') == 1
    assert "fr-alert--warning" in page
    assert page.count('data-message="success"') == 1
