from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "ndrc.web.documents"
    label = "documents"
    verbose_name = "Documents délivrés"

    def ready(self) -> None:
        # Each document module declares its kind (kinds.kind_register) when imported.
        from ndrc.web.documents import admitted_list, minutes  # noqa: F401
