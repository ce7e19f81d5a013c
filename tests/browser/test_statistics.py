"""The « Statistiques » page of the demo session in the browser, in French: the exam office
opens it from the deliberation, every plot is drawn (an image with its text alternative)
beside the table of its numbers, the previous session of the académie beside this one.
Screenshot in test-artifacts/."""

import datetime as dt

import pytest

from ndrc.web.accounts.models import User
from ndrc.web.candidates.models import Candidate
from ndrc.web.deliberations.models import FrozenResult, Jury
from ndrc.web.demo.services import DEMO_PASSWORD
from ndrc.web.sessions.models import ExamSession

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _previous_session() -> None:
    """The session of 2024 of the demo's académie: three candidates of each establishment,
    their results arrested by a closed jury (two admitted of three, one of three for every
    other establishment)."""
    office = User.objects.get(username="gestionnaire")
    before = ExamSession.objects.create(year=2024, label="Session 2024")
    jury = Jury.objects.create(
        session=before, academy=office.academy, name="Jury 2024", state=Jury.CLOSED
    )
    current = Candidate.objects.filter(academy=office.academy).exclude(session=before)
    establishments = sorted(
        {c.establishment for c in current if c.establishment is not None}, key=lambda e: e.pk
    )
    people = Candidate.objects.bulk_create(
        Candidate(
            session=before,
            academy=office.academy,
            number=f"24NDRC{i:05d}",
            last_name=f"ANCIEN{i:03d}",
            first_name="Prénom",
            birth_date=dt.date(2004, 1, 1),
            route="scolaire",
            establishment=establishment,
            lv1="anglais",
        )
        for i, establishment in enumerate(e for e in establishments for _ in range(3))
    )
    FrozenResult.objects.bulk_create(
        FrozenResult(
            jury=jury,
            candidate=candidate,
            round=1,
            decision="admitted" if i % 3 < 1 + (i // 3) % 2 else "failed",
            decision_label="",
            regulation="2023",
            result={},
            explanation="",
        )
        for i, candidate in enumerate(people)
    )


def test_the_statistics_page_of_the_demo_in_french(live_server, demo, page, screenshot):
    _previous_session()
    url = live_server.url
    page.goto(url + "/connexion/")
    page.get_by_label("Nom d’utilisateur").fill("gestionnaire")
    page.get_by_label("Mot de passe").fill(DEMO_PASSWORD)
    page.locator("#login-form button[type=submit]").click()
    page.goto(f"{url}/deliberation/")
    page.locator("#statistics-link").click()
    page.wait_for_selector("#table-etablissement")
    assert page.locator("h1").inner_text() == "Statistiques"
    assert "Comparaison avec la session 2024" in page.locator("#source").inner_text()
    images = page.locator("img[id^=plot-]")
    assert images.count() >= 12
    # Every plot is drawn (loaded, not a broken image) and says what it shows.
    for index in range(images.count()):
        image = images.nth(index)
        image.scroll_into_view_if_needed()
        page.wait_for_function(
            "(img) => img.complete && img.naturalWidth > 0", arg=image.element_handle()
        )
        assert image.get_attribute("alt").endswith("Les nombres sont dans le tableau voisin.")
    table = page.locator("#table-voie").inner_text()
    assert "Voie scolaire" in table and "Taux 2024" in table and "\xa0%" in table
    screenshot("statistiques")
