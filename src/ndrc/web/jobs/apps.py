from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "ndrc.web.jobs"
    label = "jobs"
    verbose_name = "Tâches en arrière-plan"
