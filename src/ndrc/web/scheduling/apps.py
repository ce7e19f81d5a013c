from django.apps import AppConfig


class SchedulingConfig(AppConfig):
    name = "ndrc.web.scheduling"
    label = "scheduling"
    verbose_name = "Journées d'examen : centres, calendrier, commissions, convocations"

    def ready(self) -> None:
        from ndrc.web.documents.kinds import issuer_register
        from ndrc.web.scheduling import convocation_candidates as candidates

        issuer_register(candidates.CONVOCATION.slug, candidates.convocations_issuer)
