from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "ndrc.web.imports"
    label = "imports"
    verbose_name = "Import de candidats et de notes"

    def ready(self) -> None:
        from ndrc.web.imports import services
        from ndrc.web.jobs.signals import job_files_purge

        job_files_purge.connect(services.import_files_purge, dispatch_uid="imports_files_purge")
