from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "ndrc.web.api"
    label = "api"
    verbose_name = "API REST"
