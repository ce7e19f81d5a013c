"""What every answer says to the browser and to caches: the Content-Security-Policy with its
nonce (and pages that need nothing else: no style="…", no on…= handler, a nonce on every inline
<script> and <style>), Cache-Control: no-store on what may carry personal data, and the request
id (X-Request-ID)."""

import re

import pytest
from django.urls import reverse

from ndrc.web.jobs.models import Job

pytestmark = pytest.mark.django_db

POLICY = [
    "default-src 'self'",
    "script-src 'self' 'nonce-",
    "style-src 'self' 'nonce-",
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' data:",
    "frame-ancestors 'none'",
    "form-action 'self'",
    "base-uri 'self'",
    "object-src 'none'",
]
INLINE_ELEMENT = re.compile(r"<(script|style)\b([^>]*)>", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"<[^>]+\sstyle\s*=", re.IGNORECASE)
HANDLER_ATTRIBUTE = re.compile(r"<[^>]+\son[a-z]+\s*=", re.IGNORECASE)


def _office_pages(office, jury):
    candidate = jury.assignments.first().candidate
    job = Job.objects.create(
        kind="import", label="Import", task="x", created_by=office, academy=office.academy
    )
    return [
        reverse("home"),
        reverse("referential"),
        reverse("reglement_current"),
        reverse("plan_form"),
        reverse("candidate_list"),
        reverse("candidate_plan", args=[candidate.pk]),
        reverse("deliberation"),
        reverse("conformity_list"),
        reverse("jury_detail", args=[jury.pk]),
        reverse("deliberation_detail", args=[candidate.pk]),
        reverse("session_list"),
        reverse("import_index"),
        reverse("job_detail", args=[job.pk]),
    ]


def _nonce(response) -> str:
    policy = response["Content-Security-Policy"]
    for part in POLICY:
        assert part in policy, policy
    return re.search(r"'nonce-([^']+)'", policy).group(1)


def test_every_page_works_under_the_policy_without_inline_style_or_handler(client, office, jury):
    client.force_login(office)
    seen_scripts = 0
    for url in _office_pages(office, jury):
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        html = response.content.decode()
        nonce = _nonce(response)
        assert not STYLE_ATTRIBUTE.search(html), (url, STYLE_ATTRIBUTE.search(html).group(0))
        assert not HANDLER_ATTRIBUTE.search(html), (url, HANDLER_ATTRIBUTE.search(html).group(0))
        for element, attributes in INLINE_ELEMENT.findall(html):
            if "src=" not in attributes:
                assert f'nonce="{nonce}"' in attributes, (url, element, attributes)
                seen_scripts += 1
    assert seen_scripts >= 1  # the job page follows its progress with an inline script


def test_a_notice_of_the_site_closes_without_an_inline_handler(client, settings):
    """django-dsfr's notice (an announcement set in the site's settings) has an onclick; the
    site's copy of its template has none: static/ndrc/ndrc.js closes it."""
    from dsfr.models import DsfrConfig

    config = DsfrConfig.objects.first()
    config.notice_title = "Maintenance ce soir"
    config.notice_is_collapsible = True
    config.save()
    html = client.get(reverse("home")).content.decode()
    assert "Maintenance ce soir" in html
    assert "data-ndrc-close-notice" in html
    assert not HANDLER_ATTRIBUTE.search(html)
    assert "ndrc/ndrc.js" in html


def test_pages_of_a_signed_in_user_and_the_api_are_never_stored(client, office, jury):
    public = client.get(reverse("referential"))
    assert "no-store" not in public.get("Cache-Control", "")  # an official text, for anyone
    anonymous_api = client.get("/api/v1/nulle-part/")
    assert "no-store" in anonymous_api["Cache-Control"]
    client.force_login(office)
    candidate = jury.assignments.first().candidate
    for url in (
        reverse("home"),
        reverse("referential"),
        reverse("candidate_list"),
        reverse("candidate_plan", args=[candidate.pk]),
        reverse("jury_detail", args=[jury.pk]),
        reverse("api-candidates"),
        reverse("api-candidate-grades", args=[candidate.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        directives = {d.strip() for d in response["Cache-Control"].split(",")}
        assert {"no-store", "private"} <= directives, (url, response["Cache-Control"])


def test_every_answer_carries_a_request_id(client):
    first = client.get(reverse("home"))["X-Request-ID"]
    second = client.get(reverse("home"))["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", first) and first != second


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("4f1c2a9e-lb-0042", True),
        ("Root=1-67891233-abcdef012345678912345678", True),
        ("court", False),  # too short to tell requests apart
        ("deux mots pour tromper", False),
        ("x" * 200, False),
        ("<script>", False),
    ],
)
def test_the_load_balancers_request_id_is_kept_when_it_is_a_sane_token(client, given, kept):
    answered = client.get(reverse("home"), HTTP_X_REQUEST_ID=given)["X-Request-ID"]
    assert (answered == given) is kept
    if not kept:
        assert re.fullmatch(r"[0-9a-f]{32}", answered)
