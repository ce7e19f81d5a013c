"""Production runs the background jobs in the worker, never in the request: a system check
refuses the immediate backend when NDRC_DEBUG is off."""

import os
import subprocess
import sys
from pathlib import Path

from django.core.checks import run_checks

from tests.web.site.production import SECRET_KEY

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
DATABASE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _errors():
    return [e for e in run_checks() if e.id == "jobs.E001"]


def test_production_with_the_immediate_backend_is_an_error(settings):
    settings.DEBUG = False
    settings.TASKS = IMMEDIATE
    (error,) = _errors()
    assert "ne peuvent pas s'exécuter dans la requête web" in error.msg
    assert "NDRC_TASKS_BACKEND=django_tasks_db.DatabaseBackend" in error.hint
    assert "db_worker" in error.hint


def test_production_with_the_database_backend_or_development_passes(settings):
    settings.DEBUG = False
    settings.TASKS = DATABASE
    assert _errors() == []
    settings.DEBUG = True
    settings.TASKS = IMMEDIATE
    assert _errors() == []


def _check(tmp_path, **env):
    return subprocess.run(
        [str(Path(sys.executable).parent / "ndrc"), "web", "check"],
        env={
            **{k: v for k, v in os.environ.items() if k != "NDRC_TASKS_BACKEND"},
            "NDRC_DEBUG": "0",
            "NDRC_SECRET_KEY": SECRET_KEY,
            "NDRC_HOME": str(tmp_path),
            "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
            **env,
        },
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_production_settings_refuse_to_start_without_the_worker_backend(tmp_path):
    """What docs/deploy.md sets: without NDRC_TASKS_BACKEND, ``ndrc web check`` (and migrate,
    the worker, runserver) stops with the error."""
    refused = _check(tmp_path)
    assert refused.returncode != 0 and "jobs.E001" in refused.stderr
    accepted = _check(tmp_path, NDRC_TASKS_BACKEND="django_tasks_db.DatabaseBackend")
    assert accepted.returncode == 0, accepted.stderr
