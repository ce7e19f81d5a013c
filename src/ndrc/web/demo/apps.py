from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "ndrc.web.demo"
    label = "demo"
    verbose_name = "Session de démonstration"
