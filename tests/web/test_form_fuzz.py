"""Every form of the site, fuzzed: no input gives a server error.

The pages are read from the URL resolver (``test_permission_matrix.ENDPOINTS``, so a new page
is fuzzed the day it is added). For each HTML page that takes a POST, a user allowed to post
there sends values drawn by hypothesis for the fields of the page's own forms (read from the
page) and the fields the site's forms use: text with NUL bytes or control characters, very
long text, numbers out of range, impossible dates (31/02/2026), keys that are not numbers,
digits of other scripts, formulas, nothing. Any exception or status 500 fails. (The API is
fuzzed from its schema by tests/web/api/test_fuzz.py.)

A few examples per form in the normal suite (SQLite and PostgreSQL: make test);
``make fuzz`` runs many more (``FUZZ_EXAMPLES``)."""

from __future__ import annotations

import os
from html.parser import HTMLParser

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.web.test_permission_matrix import (
    ENDPOINTS,
    PRINCIPALS,
    client_for,
    expected_access,
    may,
    world,  # noqa: F401 (the fixture)
)

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "3"))

# The fields the site's forms post (a POST-only page has no form of its own to read).
COMMON_FIELDS = (
    "name",
    "label",
    "year",
    "reason",
    "value",
    "exam",
    "unit",
    "members",
    "establishment",
    "establishments",
    "experience",
    "confirmed",
    "seen",
    "declined",
    "withdraw",
    "fichier_id",
    "contenu",
    "uai",
    "status",
    "habilitation",
    "city",
    "code",
    "organisation",
    "start",
    "end",
    "kind",
    "deposit_deadline",
    "oral_date",
    "examiner",
    "page",
)

NASTY = st.sampled_from(
    [
        "",
        " ",
        "\x00",
        "a\x00b",
        "\x01\x1b\x7f\x85",
        "abc",
        "-1",
        "0",
        "1",
        "99999999999999999999999",
        "2147483648",
        "1e1",
        "NaN",
        "Infinity",
        "１２",
        "١٢",
        "²",
        "12,5,3",
        "31/02/2026",
        "2026-02-31",
        "00/00/0000",
        "9999-12-31",
        "0001-01-01",
        "BEN:12:40000",
        "BEN:12:²",
        '=HYPERLINK("http://x","y")',
        "x" * 10_000,
        "é" * 300,
        "none",
        "E1",
        "U4",
        "scolaire",
        "public",
        "\ud7ff\ue000\U0010ffff",
    ]
)
VALUE = st.one_of(
    NASTY,
    st.text(max_size=40),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.dates().map(lambda d: d.strftime("%d/%m/%Y")),
)


class _Forms(HTMLParser):
    """The names of the fields of a page's POST forms."""

    def __init__(self) -> None:
        super().__init__()
        self.names: set[str] = set()
        self._in_post = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "form":
            self._in_post = (values.get("method") or "").lower() == "post"
        elif self._in_post and tag in ("input", "select", "textarea") and values.get("name"):
            self.names.add(str(values["name"]))

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._in_post = False


def _fields(client, url: str, endpoint) -> list[str]:
    names = set(COMMON_FIELDS)
    if endpoint.answers("get"):
        page = client.get(url)
        if page.status_code == 200 and "html" in page.get("Content-Type", ""):
            parser = _Forms()
            parser.feed(page.content.decode())
            names |= parser.names
    names.discard("csrfmiddlewaretoken")
    return sorted(names)


FORMS = [
    pytest.param(endpoint, id=str(endpoint))
    for endpoint in ENDPOINTS
    if not endpoint.is_api and endpoint.answers("post")
]


@pytest.mark.parametrize("endpoint", FORMS)
def test_no_form_gives_a_server_error(world, endpoint):  # noqa: F811
    allowed = [p for p in PRINCIPALS if may(world.users[p], expected_access(endpoint))]
    assert allowed, f"{endpoint}: nobody may post there"
    # A signed-in user when one may post (the page's real forms), else anonymous.
    principal = next((p for p in allowed if p != "anonymous"), allowed[0])
    url = endpoint.url(world.objects)
    fields = _fields(client_for(world.users[principal]), url, endpoint)

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(
        st.fixed_dictionaries(
            {},
            optional={name: st.one_of(VALUE, st.lists(VALUE, max_size=3)) for name in fields},
        )
    )
    def post(data: dict[str, object]) -> None:
        # A new client each time: an example that logs out does not change the next one.
        response = client_for(world.users[principal]).post(url, data)
        assert response.status_code < 500, f"POST {url} {data!r}: {response.status_code}"

    post()
