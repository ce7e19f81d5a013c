from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "ndrc.web.accounts"
    label = "accounts"
    verbose_name = "Comptes et rôles"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from ndrc.web.accounts.middleware import session_start

        user_logged_in.connect(session_start, dispatch_uid="ndrc_session_start")
