"""``ndrc web db_worker``: the worker of django-tasks' database backend, which first notices
the jobs whose previous worker died (their lease expired: marked failed with their reason,
ready to be started again)."""

from __future__ import annotations

from typing import Any

from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from ndrc.web.batch import dedicated_process
from ndrc.web.jobs.services import jobs_expire


class Command(DbWorkerCommand):
    help = (
        "Exécute les tâches en arrière-plan ; au démarrage, marque en échec les tâches dont "
        "le processus de travail s'est arrêté."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        dedicated_process()  # one job at a time, no request: chunks may pause the collector
        marked = jobs_expire()
        if marked:
            self.stderr.write(
                f"{marked} tâche(s) interrompue(s) par l'arrêt d'un processus de travail : "
                "marquée(s) en échec, à relancer depuis leur page."
            )
        super().handle(*args, **options)
