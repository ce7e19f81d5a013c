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
from tests.web.scheduling.world import World, one_teacher, scarce_teacher, small_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_exam_office_schedules_applies_and_reads_a_centre_and_an_examiner_day(
    live_server, page, screenshot
):
    world = small_world()
    url = live_server.url
    _establish(page, url, world)
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


def _establish(page, url: str, world: World) -> None:
    """The exam office logs in, opens the schedule (none applied yet) and establishes one."""
    world.office.username = "bureau-examens"
    world.office.save()
    page.goto(url + "/connexion/")
    page.get_by_label("Nom d’utilisateur").fill("bureau-examens")
    page.get_by_label("Mot de passe").fill("pw-for-tests-123")
    page.locator("#login-form button[type=submit]").click()
    page.locator("#nav-group-exam-days").click()
    page.locator("#nav-schedule").click()
    assert "Aucun planning n'est encore appliqué." in page.locator("#no-applied").inner_text()
    page.locator("#establish").click()


def test_the_schedule_says_why_a_centre_needs_more_days(live_server, page, screenshot):
    """The annexe's only teacher cannot hold its four sessions in the two days each resource
    alone would allow: the report's « Ressource limitante » says it needs three and what would
    lift it (D135), and the schedule found reaches that bound."""
    world = small_world()
    scarce_teacher(world)
    url = live_server.url
    _establish(page, url, world)
    page.wait_for_selector("#job-result")
    page.goto(url + "/journees/planning/")
    binding = page.locator("#binding").inner_text()
    assert (
        "au centre Lycée Jean-Zay, il faut au moins 3 jours : en 2 jours, aucun choix de jours "
        "ne réunit à la fois assez d'examinateurs pour chaque épreuve et chaque langue, de "
        "commissions complètes, de salles, de postes et de places de loge ; ce qui lèverait cet "
        "obstacle à lui seul : un professeur du bloc 1 de plus présent chaque demi-journée"
    ) in binding
    report = Schedule.objects.get().report
    assert report["bounds"]["per_centre"]["C02"][1] == 3
    assert page.locator("#centre-days").inner_text() == (
        f"{report['values']['centre_days']} / {report['bounds']['centre_days']}"
    )
    screenshot("binding")


def test_two_centres_sharing_too_few_examiners_are_named(live_server, page, screenshot):
    """One teacher for both centres: each centre alone has a schedule, both together none.
    The job fails at once and says which centres, which examiners they share and what would
    lift it (D143); the schedule's page says it too."""
    world = small_world()
    one_teacher(world)
    url = live_server.url
    _establish(page, url, world)
    page.wait_for_selector("#job-error")
    said = page.locator("#job-error").inner_text()
    assert re.search(
        r"Aucun planning possible : les centres Lycée (Blaise-Pascal|Jean-Zay) et Lycée "
        r"(Blaise-Pascal|Jean-Zay) partagent 3 examinateurs \(FAURE Camille, GIRARD Camille, "
        r"SEUL Camille\) : à eux deux, aucun choix de jours ne leur réunit assez "
        r"d'examinateurs pour chaque épreuve et chaque langue \(un examinateur ne tient "
        r"qu'une place par demi-journée\) ; ce qui lèverait cet obstacle à lui seul : un "
        r"professeur du bloc 1 de plus présent chaque demi-journée, pouvant se rendre dans les "
        r"deux centres",
        said,
    ), said
    screenshot("job-error")
    page.goto(url + "/journees/planning/")
    assert "partagent 3 examinateurs" in page.locator("#schedule-impossible").inner_text()
    # No schedule: no ratio to a bound, and nothing to apply.
    assert page.locator("#centre-days").inner_text() == "— / 5"
    assert "rapport" not in page.locator("#schedule-report").inner_text()
    assert page.locator("#draft-link").inner_text() == "Voir le détail du calcul"
    screenshot("impossible")


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
