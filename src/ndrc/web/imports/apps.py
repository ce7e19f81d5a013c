from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "ndrc.web.imports"
    label = "imports"
    verbose_name = "Import de candidats et de notes"
