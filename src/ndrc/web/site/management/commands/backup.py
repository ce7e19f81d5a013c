"""``ndrc web backup [--output FILE]``: a copy of the whole database (pg_dump -Fc on
PostgreSQL, the SQLite backup API otherwise), readable by its owner only."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.utils import timezone

from ndrc.web.site.backup import BackupError, backup, database_label, sha256


class Command(BaseCommand):
    help = (
        "Sauvegarde toute la base (pg_dump -Fc sur PostgreSQL, API de sauvegarde de SQLite "
        "sinon) ; voir docs/deploy.md « Sauvegarde et restauration »."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output",
            "-o",
            type=Path,
            help="Fichier à écrire (par défaut NDRC_BACKUP_DIR/ndrc-AAAAMMJJ-HHMMSS.dump).",
        )

    def handle(self, *args: Any, output: Path | None = None, **options: Any) -> None:
        if output is None:
            stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
            suffix = "dump" if connection.vendor == "postgresql" else "sqlite3"
            output = Path(settings.NDRC_BACKUP_DIR) / f"ndrc-{stamp}.{suffix}"
        try:
            counts = backup(output=output)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Sauvegarde de la base {database_label()} écrite dans {output} "
            f"({output.stat().st_size} octets ; {counts})."
        )
        self.stdout.write(f"SHA-256 : {sha256(output)}")
