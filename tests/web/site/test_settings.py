import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from tests.web.site.production import SECRET_KEY, production_env


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


@pytest.mark.parametrize(
    "key",
    [
        "",
        SECRET_KEY[:49],  # too short
        "abcd" * 20,  # 4 different characters
        "django-insecure-" + SECRET_KEY,  # Django's development kind
    ],
)
def test_production_refuses_to_start_without_a_strong_secret_key(key):
    result = _import_settings({"NDRC_DEBUG": "0", "NDRC_SECRET_KEY": key})
    assert result.returncode != 0
    assert "NDRC_SECRET_KEY manquante ou trop faible" in result.stderr
    assert "au moins 50 caractères" in result.stderr


def test_production_starts_with_a_strong_secret_key():
    result = _import_settings({"NDRC_DEBUG": "0", "NDRC_SECRET_KEY": SECRET_KEY})
    assert result.returncode == 0, result.stderr


def test_a_yes_no_setting_accepts_only_1_or_0():
    result = _import_settings(
        {"NDRC_DEBUG": "0", "NDRC_SECRET_KEY": SECRET_KEY, "NDRC_SSL_REDIRECT": "oui"}
    )
    assert result.returncode != 0
    assert "NDRC_SSL_REDIRECT vaut « oui » : indiquez 1 (oui) ou 0 (non)." in result.stderr


def test_debug_is_off_unless_asked_for():
    env = {k: v for k, v in os.environ.items() if k != "NDRC_DEBUG"}
    result = subprocess.run(
        [sys.executable, "-c", "from ndrc.web import settings; print(settings.DEBUG)"],
        env={**env, "NDRC_SECRET_KEY": SECRET_KEY},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.stdout.strip() == "False", result.stderr
    # Without a key, debug off refuses to start: nobody runs production by mistake.
    result = subprocess.run(
        [sys.executable, "-c", "import ndrc.web.settings"],
        env={k: v for k, v in env.items() if k != "NDRC_SECRET_KEY"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0 and "NDRC_SECRET_KEY" in result.stderr


def test_check_deploy_is_clean_with_the_production_settings(tmp_path):
    """``ndrc web check --deploy`` with docs/deploy.md's settings: no warning at all."""
    result = subprocess.run(
        [str(Path(sys.executable).parent / "ndrc"), "web", "check", "--deploy"],
        env=production_env(tmp_path),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout, (
        result.stdout + result.stderr
    )


def test_check_deploy_warns_when_production_settings_are_weakened(tmp_path):
    """The test above can fail: the same check with HTTPS turned off lists the warnings."""
    result = subprocess.run(
        [str(Path(sys.executable).parent / "ndrc"), "web", "check", "--deploy"],
        env=production_env(tmp_path, NDRC_SSL_REDIRECT="0", NDRC_SECURE_COOKIES="0"),
        capture_output=True,
        text=True,
        check=False,
    )
    output = result.stdout + result.stderr
    assert "security.W008" in output and "security.W012" in output


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
        env={**os.environ, "NDRC_DEBUG": "0", "NDRC_SECRET_KEY": SECRET_KEY},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.stdout.strip() == "True", result.stderr
