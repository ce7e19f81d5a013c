"""``ndrc web jobs_purge``: notice interrupted jobs and delete the files that failed jobs keep
for a restart once ``NDRC_JOBS_KEEP_FAILED_DAYS`` have passed (run it daily, see
docs/deploy.md)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from ndrc.web.jobs.services import jobs_purge


class Command(BaseCommand):
    help = (
        "Supprime les fichiers conservés pour relancer les tâches en échec depuis plus de "
        "NDRC_JOBS_KEEP_FAILED_DAYS jours."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        counts = jobs_purge()
        days = settings.NDRC_JOBS_KEEP_FAILED_DAYS
        if not counts or not any(counts.values()):
            self.stdout.write(f"Rien à supprimer (tâches en échec depuis plus de {days} jours).")
            return
        for what, n in sorted(counts.items()):
            self.stdout.write(
                f"{what} : {n} supprimé(s) (tâches en échec depuis plus de {days} jours)."
            )
