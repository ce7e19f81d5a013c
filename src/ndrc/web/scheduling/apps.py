from django.apps import AppConfig


class SchedulingConfig(AppConfig):
    name = "ndrc.web.scheduling"
    label = "scheduling"
    verbose_name = "Journées d'examen : centres, calendrier, commissions, convocations"

    def ready(self) -> None:
        from ndrc.web.documents.kinds import issuer_register
        from ndrc.web.scheduling import convocation_candidates as candidates
        from ndrc.web.scheduling import convocation_examiners as examiners

        issuer_register(candidates.CONVOCATION.slug, candidates.convocations_issuer)
        issuer_register(examiners.EXAMINER_CONVOCATION.slug, examiners.examiner_convocations_issuer)
