from django.apps import AppConfig


class RegulationConfig(AppConfig):
    name = "ndrc.web.regulation"
    label = "regulation"
    verbose_name = "Référentiel et règlement d'examen"
