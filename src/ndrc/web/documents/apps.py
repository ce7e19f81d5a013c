from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "ndrc.web.documents"
    label = "documents"
    verbose_name = "Documents délivrés"
