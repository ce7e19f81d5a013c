from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "ndrc.web.documents"
    label = "documents"
    verbose_name = "Documents délivrés"

    def ready(self) -> None:
        # Each document module declares its kind at import (kinds.kind_register).
        from ndrc.web.documents import (  # noqa: F401
            admitted_list,
            blocks_certificate,
            convocation,
            examiner_convocation,
            grid_sheet,
            minutes,
            nv_notice,
            registration_summary,
            transcript,
        )
