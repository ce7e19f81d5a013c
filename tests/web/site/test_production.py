"""Production mode: gunicorn + WhiteNoise with settings from the environment, behind the load
balancer of docs/deploy.md (HTTPS ended there, X-Forwarded-Proto)."""

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.web.site.production import production_env

BIN = Path(sys.executable).parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _through_the_load_balancer(url: str) -> urllib.request.Request:
    return urllib.request.Request(url, headers={"X-Forwarded-Proto": "https"})


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def test_gunicorn_serves_pages_and_static_files(tmp_path):
    # Secure cookies and the redirect to HTTPS stay on: the test speaks as the load balancer
    # of docs/deploy.md does, which ends HTTPS and says so in X-Forwarded-Proto.
    env = production_env(tmp_path)
    for command in (["migrate", "--noinput"], ["collectstatic", "--noinput"]):
        subprocess.run(
            [str(BIN / "ndrc"), "web", *command], env=env, check=True, capture_output=True
        )
    port = _free_port()
    server = subprocess.Popen(
        [str(BIN / "gunicorn"), "ndrc.web.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                page = urllib.request.urlopen(_through_the_load_balancer(base + "/"), timeout=2)
                break
            except OSError:
                time.sleep(0.1)
        else:
            raise AssertionError("gunicorn did not answer")
        assert page.status == 200
        assert "Examens BTS NDRC" in page.read().decode()
        assert page.headers["Strict-Transport-Security"] == (
            "max-age=31536000; includeSubDomains; preload"
        )
        assert "script-src 'self' 'nonce-" in page.headers["Content-Security-Policy"]
        assert page.headers["X-Content-Type-Options"] == "nosniff"
        assert page.headers["Referrer-Policy"] == "same-origin"
        assert len(page.headers["X-Request-ID"]) == 32
        css = urllib.request.urlopen(
            _through_the_load_balancer(base + "/static/dsfr/dist/dsfr/dsfr.min.css"), timeout=5
        )
        assert css.status == 200
        assert "no-store" not in css.headers.get("Cache-Control", "")
        # Plain HTTP (no X-Forwarded-Proto: https) is sent to HTTPS.
        with pytest.raises(urllib.error.HTTPError) as redirected:
            urllib.request.build_opener(_NoRedirect).open(base + "/", timeout=5)
        assert redirected.value.code == 301
        assert redirected.value.headers["Location"] == f"https://127.0.0.1:{port}/"
    finally:
        server.terminate()
        server.wait(timeout=10)
