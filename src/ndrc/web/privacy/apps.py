from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "ndrc.web.privacy"
    label = "privacy"
    verbose_name = "Données personnelles"
