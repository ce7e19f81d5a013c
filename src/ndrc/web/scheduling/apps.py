from django.apps import AppConfig


class SchedulingConfig(AppConfig):
    name = "ndrc.web.scheduling"
    label = "scheduling"
    verbose_name = "Journées d'examen : centres, calendrier, commissions, convocations"
