from django.core.management.base import BaseCommand

from ndrc.web.demo.services import DEMO_PASSWORD, demo_load


class Command(BaseCommand):
    help = "Charge la session de démonstration 2025 (une seule fois) et affiche les comptes."

    def handle(self, *args: object, **options: object) -> None:
        accounts = demo_load()
        self.stdout.write("")
        self.stdout.write(f"Comptes de démonstration (mot de passe : {DEMO_PASSWORD})")
        for account in accounts:
            self.stdout.write(f"  {account.username:<14} {account.role_label} — {account.scope}")
        self.stdout.write("")
