from django.apps import AppConfig


class SchedulingConfig(AppConfig):
    name = "ndrc.web.scheduling"
    label = "scheduling"
    verbose_name = "Journées d'examen : centres, calendrier, commissions, convocations"

    def ready(self) -> None:
        from ndrc.web.documents.kinds import issuer_register
        from ndrc.web.scheduling import convocations

        issuer_register(convocations.CONVOCATION.slug, convocations.convocations_issuer)
