"""Browser tests: Playwright drives Debian's Chromium (/usr/bin/chromium) against live_server."""

import os
from pathlib import Path

import pytest

CHROMIUM = Path(os.environ.get("NDRC_CHROMIUM", "/usr/bin/chromium"))
ARTIFACTS = Path(os.environ.get("NDRC_TEST_ARTIFACTS", "test-artifacts"))


@pytest.fixture(scope="session")
def browser():
    # Playwright's sync API runs an event loop in this thread; the ORM calls made by the
    # test itself (fixtures) are still synchronous.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} est requis pour les tests du navigateur (make test l'installe).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


# Every page reports what its Content-Security-Policy blocked (an inline script or style
# without the nonce, a style="…" attribute, an on…= handler, another site's file).
REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", function (event) {
  window.ndrcCspViolation([event.violatedDirective, event.blockedURI, event.sample,
                           event.sourceFile + ":" + event.lineNumber].join(" | "));
});
"""


@pytest.fixture
def csp_violations():
    """What the browser refused under the site's Content-Security-Policy, during the test."""
    return []


@pytest.fixture
def page(browser, csp_violations):
    # French explicitly, whatever the machine's locale: the pages are served in French
    # through Accept-Language (navigator.language is fr-FR), times read in Paris.
    context = browser.new_context(
        locale="fr-FR", timezone_id="Europe/Paris", viewport={"width": 1280, "height": 900}
    )
    context.expose_function("ndrcCspViolation", lambda text: csp_violations.append(text))
    context.add_init_script(REPORT_CSP_VIOLATIONS)
    page = context.new_page()
    page.on(
        "console",
        lambda message: (
            csp_violations.append(message.text)
            if "Content Security Policy" in message.text
            else None
        ),
    )
    yield page
    context.close()
    if csp_violations:
        pytest.fail(
            "Le navigateur a bloqué ce que la Content-Security-Policy du site interdit :\n"
            + "\n".join(csp_violations),
            pytrace=False,
        )


@pytest.fixture
def screenshot(page, request):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    db = os.environ.get("DATABASE_URL", "sqlite").split(":", 1)[0]

    def take(name: str) -> Path:
        path = ARTIFACTS / f"{request.node.name}-{name}-{db}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take
