from django.apps import AppConfig


class GradingConfig(AppConfig):
    name = "ndrc.web.grading"
    label = "grading"
    verbose_name = "Saisie des notes et examinateurs"
