"""The pages work under the site's Content-Security-Policy: every browser test fails when the
browser blocks something (tests/browser/conftest.py); this test shows that the watch sees a
violation, and that the job page's inline script (with its nonce) runs."""

import re

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_browser_reports_what_the_policy_blocks(live_server, page, csp_violations):
    page.goto(live_server.url + "/")
    assert "script-src 'self' 'nonce-" in page.evaluate(
        "fetch('/').then(r => r.headers.get('Content-Security-Policy'))"
    )
    # What a template must never do: an inline script or <style> element without the nonce
    # (style attributes are left to the DSFR's script: style-src-attr).
    page.evaluate(
        """() => {
          const script = document.createElement("script");
          script.textContent = "window.ndrcInjected = true;";
          document.body.appendChild(script);
          const style = document.createElement("style");
          style.textContent = "body { color: rgb(255, 0, 0); }";
          document.head.appendChild(style);
        }"""
    )
    page.wait_for_timeout(300)
    assert page.evaluate("window.ndrcInjected === undefined")  # blocked
    assert page.evaluate("getComputedStyle(document.body).color") != "rgb(255, 0, 0)"
    assert any("script-src" in v for v in csp_violations), csp_violations
    assert any("style-src-elem" in v or "style-src " in v for v in csp_violations), csp_violations
    csp_violations.clear()  # seen on purpose: the test's page may close


def test_the_site_notice_closes_without_an_inline_handler(live_server, page):
    from dsfr.models import DsfrConfig

    # (the browser tests' database starts empty: the notice is the only setting here)
    DsfrConfig.objects.create(
        language="fr", notice_title="Maintenance ce soir", notice_is_collapsible=True
    )
    page.goto(live_server.url + "/")
    assert page.locator(".fr-notice").is_visible()
    page.locator("[data-ndrc-close-notice]").click()
    assert page.locator(".fr-notice").count() == 0


def test_the_job_pages_inline_script_runs_with_its_nonce(live_server, page):
    """The progress of a job is followed by the page's inline script (nonce): it polls the
    state and reloads the page when the job ends."""
    from playwright.sync_api import expect

    from ndrc.web.accounts.roles import Role
    from ndrc.web.jobs.models import Job, JobState
    from tests.factories import AcademyFactory, UserFactory

    office = UserFactory(role=Role.EXAM_OFFICE, academy=AcademyFactory(code="A01"))
    office.set_password("mot-de-passe-du-test")
    office.save()
    job = Job.objects.create(
        kind="import",
        label="Import des notes",
        task="ndrc.web.imports.tasks.run",
        state=JobState.RUNNING,
        done=30,
        total=100,
        created_by=office,
        academy=office.academy,
    )
    page.goto(live_server.url + "/connexion/?next=" + f"/taches/{job.pk}/")
    page.get_by_label("Nom d’utilisateur").fill(office.username)
    page.get_by_label("Mot de passe").fill("mot-de-passe-du-test")
    page.locator("#login-form button[type=submit]").click()
    assert page.locator("#job-percent").inner_text() == "30 %"
    Job.objects.filter(pk=job.pk).update(done=60)
    # The script polls the state every second and shows it.
    expect(page.locator("#job-percent")).to_have_text(re.compile(r"^60 %"), timeout=5000)
    Job.objects.filter(pk=job.pk).update(state=JobState.DONE, done=100, message="Fini.")
    page.locator("#job-result").wait_for(timeout=5000)  # reloaded by the script
    assert "Terminé" in page.locator("#job-result").inner_text()
