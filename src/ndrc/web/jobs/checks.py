"""The system check that keeps long work out of the web requests in production: with
``NDRC_DEBUG=0`` the background jobs (imports, closing a deliberation) must be queued in the
database and run by ``ndrc web db_worker``, never run at once inside the request that starts
them (a 30,000-candidate closing would outlast the server's timeout, see docs/deploy.md)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, register
from django.utils.module_loading import import_string
from django_tasks.backends.dummy import DummyBackend
from django_tasks.backends.immediate import ImmediateBackend

# Backends that never leave the request: the immediate one runs the job in it, the dummy one
# never runs it.
IN_REQUEST = (ImmediateBackend, DummyBackend)


@register()
def jobs_worker_required(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    if settings.DEBUG:
        return []
    errors = []
    for alias, options in getattr(settings, "TASKS", {}).items():
        path = options.get("BACKEND", "")
        try:
            backend = import_string(path)
        except ImportError:
            continue  # django-tasks reports an unknown backend itself
        if isinstance(backend, type) and issubclass(backend, IN_REQUEST):
            errors.append(
                Error(
                    f"En production (NDRC_DEBUG=0), les tâches en arrière-plan ne peuvent pas "
                    f"s'exécuter dans la requête web : le moteur de tâches « {alias} » est "
                    f"{path}.",
                    hint=(
                        "Définissez NDRC_TASKS_BACKEND=django_tasks_db.DatabaseBackend et "
                        "lancez au moins un « ndrc web db_worker » (voir docs/deploy.md)."
                    ),
                    id="jobs.E001",
                )
            )
    return errors
