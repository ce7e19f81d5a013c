from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "ndrc.web.jobs"
    label = "jobs"
    verbose_name = "Tâches en arrière-plan"

    def ready(self) -> None:
        from ndrc.web.jobs import checks  # noqa: F401  (registers the system check)
