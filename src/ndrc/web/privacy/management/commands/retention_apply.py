"""``ndrc web retention_apply [--dry-run] [--today YYYY-MM-DD]``: apply the retention rules
(``audit/retention.yaml``) and print what was done."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ndrc.web.privacy.retention import retention_apply

# An option without value (argparse's action; not a journal's action).
FLAG = "store_true"


def _day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"Date invalide : « {text} » (attendu AAAA-MM-JJ).") from None


class Command(BaseCommand):
    help = (
        "Applique les durées de conservation (retention.yaml) : supprime ou pseudonymise ce "
        "qui a passé son terme ; les résultats arrêtés restent inchangés."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action=FLAG, help="Compter sans rien écrire.")
        parser.add_argument(
            "--today", type=_day, default=None, help="Jour d'application (AAAA-MM-JJ)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        today = options["today"] or dt.date.today()
        report = retention_apply(today=today, dry_run=options["dry_run"])
        for line in report.lines():
            self.stdout.write(line)
