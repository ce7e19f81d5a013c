from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from ndrc.web.demo.services import DEMO_PASSWORD, demo_load


class Command(BaseCommand):
    help = "Charge la session de démonstration 2025 (une seule fois) et affiche les comptes."

    def handle(self, *args: object, **options: object) -> None:
        if not settings.DEBUG:
            # The demo creates accounts whose password is public: never on a real server.
            raise CommandError(
                "La session de démonstration ne se charge qu'en mode développement "
                "(NDRC_DEBUG=1, comme le fait « make run ») : ses comptes ont un mot de passe "
                "public et n'ont pas leur place sur un serveur de production."
            )
        accounts = demo_load()
        self.stdout.write("")
        self.stdout.write(f"Comptes de démonstration (mot de passe : {DEMO_PASSWORD})")
        for account in accounts:
            self.stdout.write(f"  {account.username:<14} {account.role_label} — {account.scope}")
        self.stdout.write("")
