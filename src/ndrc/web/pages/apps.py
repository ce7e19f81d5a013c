from django.apps import AppConfig


class PagesConfig(AppConfig):
    name = "ndrc.web.pages"
    label = "pages"
    verbose_name = "Pages du site"
