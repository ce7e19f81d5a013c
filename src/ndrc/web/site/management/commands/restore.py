"""``ndrc web restore FILE [--yes]``: replace the whole database by a backup of
``ndrc web backup``. Irreversible: refused when the database holds data, unless confirmed
(``--yes``, or « oui » typed at the prompt)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ndrc.web.site.backup import BackupError, check_file, database_counts, database_label, restore

# argparse's flag action (named apart: `action="…"` in the source names an audited action).
FLAG = "store_true"


class Command(BaseCommand):
    help = (
        "Restaure une sauvegarde de « ndrc web backup » en remplaçant toute la base "
        "(irréversible : refusé si la base contient des données, sauf avec --yes)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="La sauvegarde à restaurer.")
        parser.add_argument(
            "--yes",
            action=FLAG,
            help="Confirme le remplacement d'une base qui contient déjà des données.",
        )

    def handle(self, *args: Any, file: Path, yes: bool = False, **options: Any) -> None:
        try:
            check_file(file)
            before = database_counts()
            if not before.empty and not yes and not self._confirmed(before):
                raise CommandError(
                    f"La base {database_label()} contient déjà des données ({before}) : la "
                    "restauration les remplacerait toutes, sans retour possible. Sauvegardez-"
                    "la d'abord (ndrc web backup), puis relancez avec --yes pour confirmer."
                )
            after = restore(path=file)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Base {database_label()} restaurée depuis {file} : {after}.")
        self.stdout.write(
            "Lancez ensuite « ndrc web migrate » si la sauvegarde vient d'une version "
            "antérieure de l'application."
        )

    def _confirmed(self, before: Any) -> bool:
        if not sys.stdin.isatty():
            return False
        self.stdout.write(
            f"La base {database_label()} contient {before}. La restauration remplace tout, "
            "sans retour possible."
        )
        return input("Tapez « oui » pour confirmer : ").strip().lower() == "oui"
