from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "ndrc.web.documents"
    label = "documents"
    verbose_name = "Documents délivrés"

    def ready(self) -> None:
        from ndrc.web.documents import blocks_certificate, transcript  # noqa: F401
