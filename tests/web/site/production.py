"""The environment of a production server (NDRC_DEBUG=0), for the tests that start one in a
subprocess: what docs/deploy.md asks for, on a throw-away SQLite database."""

import os
import string
from pathlib import Path

# Long and varied: accepted by the production settings (a weak key is refused).
SECRET_KEY = "cle-de-test-seulement-" + string.ascii_letters + string.digits


def production_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {
        # The environment of the tests but their own settings: the NDRC_ ones, and the
        # browser tests' DJANGO_ALLOW_ASYNC_UNSAFE (which production refuses, async.E001).
        **{
            k: v
            for k, v in os.environ.items()
            if not k.startswith("NDRC_") and k != "DJANGO_ALLOW_ASYNC_UNSAFE"
        },
        "NDRC_DEBUG": "0",
        "NDRC_SECRET_KEY": SECRET_KEY,
        "NDRC_ALLOWED_HOSTS": "127.0.0.1,examens.ac-exemple.fr",
        "NDRC_HOME": str(tmp_path),
        "NDRC_LOG_DIR": str(tmp_path / "log"),
        "NDRC_STATIC_ROOT": str(tmp_path / "static"),
        "NDRC_TASKS_BACKEND": "django_tasks_db.DatabaseBackend",  # required (jobs.E001)
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "ndrc.web.settings",
    }
    env.update(extra)
    return env
