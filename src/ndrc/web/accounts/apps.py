from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "ndrc.web.accounts"
    label = "accounts"
    verbose_name = "Comptes et rôles"
