from django.apps import AppConfig


class DeliberationsConfig(AppConfig):
    name = "ndrc.web.deliberations"
    label = "deliberations"
    verbose_name = "Jurys, délibérations et résultats"
