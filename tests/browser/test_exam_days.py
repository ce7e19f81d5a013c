"""The exam office schedules the orals and practicals of a session in the browser: it
establishes the schedule (a background job: the real solver, then the independent checker),
reads value / bound, applies the schedule after confirming, then opens a centre's day and an
examiner's day: on a small académie built through the models (two centres, three days, three
one-off candidates), and the demo session as loaded.
Screenshots in test-artifacts/."""

import re

import pytest

from ndrc.web.demo.services import DEMO_PASSWORD
from ndrc.web.scheduling.models import Schedule, Sitting
from tests.web.scheduling.world import small_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_exam_office_schedules_applies_and_reads_a_centre_and_an_examiner_day(
    live_server, page, screenshot
):
    world = small_world()
    world.office.username = "bureau-examens"
    world.office.save()
    url = live_server.url
    page.goto(url + "/connexion/")
    page.get_by_label("Nom d’utilisateur").fill("bureau-examens")
    page.get_by_label("Mot de passe").fill("pw-for-tests-123")
    page.locator("#login-form button[type=submit]").click()
    page.locator("#nav-group-exam-days").click()
    page.locator("#nav-schedule").click()
    assert "Aucun planning n'est encore appliqué." in page.locator("#no-applied").inner_text()
    page.locator("#establish").click()
    page.wait_for_selector("#job-result")
    assert (
        "Planning proposé : 13 passage(s), vérifié par le contrôleur."
        in page.locator("#job-result").inner_text()
    )
    screenshot("job")
    page.goto(url + "/journees/planning/")
    page.locator("#draft-link").click()
    draft = Schedule.objects.get()
    report = draft.report
    value_bound = page.locator("#centre-days").inner_text()
    assert value_bound == f"{report['values']['centre_days']} / {report['bounds']['centre_days']}"
    assert re.fullmatch(r"\d+ / \d+", page.locator("#examiner-half-days").inner_text())
    assert page.locator("#checker-verdict").inner_text() == "aucune contrainte violée"
    screenshot("draft")
    page.locator("label[for=confirm]").click()
    assert page.locator("#confirm").is_checked()
    page.locator("#apply").click()
    assert "Planning appliqué" in page.locator("[role=alert]").first.inner_text()
    assert page.locator("#schedule-status strong").inner_text() == "appliqué"
    # A centre's day: its rooms, commissions and candidates with their times.
    annexe = page.locator('section[data-centre="C02"]')
    assert "Lycée Jean-Zay" in annexe.locator("h2").inner_text()
    assert annexe.locator('[data-candidate="25000002"]').count() == 4
    screenshot("centre-days")
    # An examiner's day, from a member of a commission.
    member = page.locator("td ul li a").filter(has_text="BERNARD Camille").first
    member.click()
    assert page.locator("h1").inner_text() == "Journées de BERNARD Camille"
    rows = page.locator("tr[data-commission]").count()
    expected = (
        Sitting.objects.filter(
            commission__schedule=draft, commission__members=world.examiners["bloc1"]
        )
        .values("commission_id")
        .distinct()
        .count()
    )
    assert rows == expected > 0
    screenshot("examiner-day")


def test_the_demo_session_is_scheduled_and_checked(live_server, demo, page, screenshot, settings):
    """The demo's organisation as it is loaded (two centres, fifteen examiners, every one-off
    oral and practical of its candidates): the exam office establishes the schedule, the
    checker accepts it, and the draft reads value / bound. The solver is given 20 s (setting
    NDRC_SCHEDULE_SECONDS) instead of 120."""
    settings.NDRC_SCHEDULE_SECONDS = 20
    url = live_server.url
    page.goto(url + "/connexion/")
    page.get_by_label("Nom d’utilisateur").fill("gestionnaire")
    page.get_by_label("Mot de passe").fill(DEMO_PASSWORD)
    page.locator("#login-form button[type=submit]").click()
    page.locator("#nav-group-exam-days").click()
    page.locator("#nav-schedule").click()
    page.locator("#establish").click(no_wait_after=True)
    page.wait_for_selector("#job-result", timeout=180_000)
    result = page.locator("#job-result").inner_text()
    draft = Schedule.objects.get()
    sittings = Sitting.objects.filter(commission__schedule=draft).count()
    assert f"Planning proposé : {sittings} passage(s), vérifié par le contrôleur." in result
    assert sittings > 100
    screenshot("demo-job")
    page.goto(url + "/journees/planning/")
    page.locator("#draft-link").click()
    assert page.locator("#checker-verdict").inner_text() == "aucune contrainte violée"
    screenshot("demo-draft")
