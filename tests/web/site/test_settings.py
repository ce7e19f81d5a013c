import os
import subprocess
import sys

import pytest
from django.db import connection


@pytest.mark.django_db
def test_the_suite_runs_on_the_database_it_was_given():
    url = os.environ.get("DATABASE_URL", "")
    expected = "postgresql" if url.startswith("postgres") else "sqlite"
    assert connection.vendor == expected
    if expected == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version_num")
            assert int(cursor.fetchone()[0]) >= 150000


def _import_settings(env):
    return subprocess.run(
        [sys.executable, "-c", "import ndrc.web.settings"],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = _import_settings({"NDRC_DEBUG": "0", "NDRC_SECRET_KEY": ""})
    assert result.returncode != 0
    assert "NDRC_SECRET_KEY" in result.stderr


def test_production_starts_with_a_secret_key():
    assert _import_settings({"NDRC_DEBUG": "0", "NDRC_SECRET_KEY": "x" * 50}).returncode == 0


def test_make_run_serves_the_dsfr_static_files():
    """In development (make run), runserver is the staticfiles one, which serves /static/."""
    from django.core.management import get_commands

    assert get_commands()["runserver"] == "django.contrib.staticfiles"


def test_production_serves_static_files_through_whitenoise():
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='ndrc.web.settings'; "
            "django.setup(); from django.conf import settings; "
            "print('whitenoise.middleware.WhiteNoiseMiddleware' in settings.MIDDLEWARE)",
        ],
        env={**os.environ, "NDRC_DEBUG": "0", "NDRC_SECRET_KEY": "x" * 50},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.stdout.strip() == "True", result.stderr
