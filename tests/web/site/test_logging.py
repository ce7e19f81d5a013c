"""Every error seen: a view that raises gives the French 500 page, a line with the request id
and the traceback in the errors file, one e-mail to the administrators; information goes to
the console, each line with the request id (settings.LOGGING, ndrc.web.site.logs)."""

import logging
import re
from pathlib import Path

import pytest
from django.core import mail
from django.core.exceptions import ImproperlyConfigured
from django.test import Client, override_settings
from django.urls import path

from ndrc.web import urls as site_urls
from ndrc.web.site import logs
from ndrc.web.site.logs import SharedRotatingFileHandler, parse_admins

pytestmark = pytest.mark.django_db


def _boom(request):
    raise RuntimeError("panne simulée du calcul")


urlpatterns = [*site_urls.urlpatterns, path("panne/", _boom)]
handler500 = site_urls.handler500

ADMINS = [("Exploitation", "exploitation@ac-exemple.fr")]


def _errors_file() -> Path:
    [handler] = [
        h for h in logging.getLogger("django").handlers if isinstance(h, SharedRotatingFileHandler)
    ]
    return Path(handler.baseFilename)


def _written_during(action):
    log = _errors_file()
    before = log.stat().st_size if log.exists() else 0
    result = action()
    with log.open(encoding="utf-8") as file:
        file.seek(before)
        return result, file.read()


@override_settings(DEBUG=False, ROOT_URLCONF=__name__, ADMINS=ADMINS)
def test_an_error_is_logged_with_its_traceback_and_request_id_and_mailed_to_the_admins():
    client = Client(raise_request_exception=False)
    response, written = _written_during(
        lambda: client.get("/panne/", HTTP_X_REQUEST_ID="lb-7f3a9c21e4")
    )
    html = response.content.decode()
    assert response.status_code == 500
    assert "<h1>Erreur inattendue</h1>" in html
    assert "Référence de l'erreur, à indiquer en la signalant : lb-7f3a9c21e4" in html
    assert "panne simulée" not in html
    assert response["X-Request-ID"] == "lb-7f3a9c21e4"
    first_line = written.splitlines()[0]
    assert re.match(
        r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ ERROR \[lb-7f3a9c21e4\] django\.request", first_line
    )
    assert "Internal Server Error: /panne/" in first_line
    assert "Traceback (most recent call last):" in written
    assert "RuntimeError: panne simulée du calcul" in written
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["exploitation@ac-exemple.fr"]
    assert message.subject == "[NDRC] ERROR [lb-7f3a9c21e4] Internal Server Error: /panne/"
    assert message.body == written.rstrip("\n")  # what the file has, and nothing more:
    assert "HTTP_X_REQUEST_ID" not in message.body  # no request data, no settings by e-mail


@override_settings(DEBUG=False, ROOT_URLCONF=__name__, ADMINS=ADMINS)
def test_without_a_request_id_from_the_load_balancer_the_line_carries_the_one_made():
    client = Client(raise_request_exception=False)
    response, written = _written_during(lambda: client.get("/panne/"))
    made = response["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", made)
    assert f"ERROR [{made}] django.request" in written


@override_settings(DEBUG=False, ADMINS=ADMINS)
def test_a_page_that_answers_writes_no_error_and_sends_no_mail(client):
    response, written = _written_during(lambda: client.get("/"))
    assert response.status_code == 200
    assert written == ""
    assert mail.outbox == []


def test_console_lines_carry_the_request_id():
    [console] = [h for h in logging.getLogger().handlers if type(h) is logging.StreamHandler]
    assert console.level == logging.INFO
    record = logging.LogRecord("ndrc.test", logging.INFO, __file__, 1, "import lancé", None, None)
    token = logs.request_id.set("lb-7f3a9c21e4")
    try:
        assert console.filter(record)
    finally:
        logs.request_id.reset(token)
    assert "INFO [lb-7f3a9c21e4] ndrc.test" in console.format(record)
    outside = logging.LogRecord("ndrc.test", logging.INFO, __file__, 1, "tâche", None, None)
    console.filter(outside)
    assert "INFO [-] ndrc.test" in console.format(outside)  # a command, the worker


def _record(message):
    return logging.LogRecord("ndrc.test", logging.ERROR, __file__, 1, message, None, None)


def test_the_errors_file_rotates_by_size_across_processes(tmp_path):
    """Two workers write the same file; when one rotates it, the other follows to the new file
    instead of writing to (and rotating again) the old one."""
    name = str(tmp_path / "errors.log")
    first, second = (
        SharedRotatingFileHandler(name, maxBytes=200, backupCount=3, encoding="utf-8")
        for _ in range(2)
    )
    try:
        first.emit(_record("a" * 150))
        second.emit(_record("b" * 20))
        first.emit(_record("c" * 150))  # past 200 bytes: first rotates
        second.emit(_record("d" * 20))  # second now writes the new file
        current = Path(name).read_text(encoding="utf-8")
        rotated = Path(name + ".1").read_text(encoding="utf-8")
        assert "c" * 150 in current and "d" * 20 in current
        assert "a" * 150 in rotated and "b" * 20 in rotated
        assert not Path(name + ".2").exists()
    finally:
        first.close()
        second.close()


def test_the_administrators_are_read_from_ndrc_admins():
    assert parse_admins("") == []
    assert parse_admins("Bureau DEC <dec@ac-exemple.fr>, exploitation@ac-exemple.fr") == [
        ("Bureau DEC", "dec@ac-exemple.fr"),
        ("", "exploitation@ac-exemple.fr"),
    ]
    with pytest.raises(ImproperlyConfigured, match="« Bureau DEC » n'est pas une adresse"):
        parse_admins("Bureau DEC")
