from django.apps import AppConfig


class TextsConfig(AppConfig):
    name = "ndrc.web.texts"
    label = "texts"
    verbose_name = "Référentiel et règlement d'examen"
