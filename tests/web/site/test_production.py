"""Production mode: gunicorn + WhiteNoise with settings from the environment."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

BIN = Path(sys.executable).parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_gunicorn_serves_pages_and_static_files(tmp_path):
    env = {
        **os.environ,
        "NDRC_DEBUG": "0",
        "NDRC_SECRET_KEY": "x" * 50,
        "NDRC_ALLOWED_HOSTS": "127.0.0.1",
        "NDRC_HOME": str(tmp_path),
        "NDRC_STATIC_ROOT": str(tmp_path / "static"),
        "NDRC_SECURE_COOKIES": "0",
        "NDRC_TASKS_BACKEND": "django_tasks_db.DatabaseBackend",  # required (jobs.E001)
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
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
                page = urllib.request.urlopen(base + "/", timeout=2)
                break
            except OSError:
                time.sleep(0.1)
        else:
            raise AssertionError("gunicorn did not answer")
        assert page.status == 200
        assert "Examens BTS NDRC" in page.read().decode()
        css = urllib.request.urlopen(base + "/static/dsfr/dist/dsfr/dsfr.min.css", timeout=5)
        assert css.status == 200
    finally:
        server.terminate()
        server.wait(timeout=10)
