from django.apps import AppConfig


class DeliberationsConfig(AppConfig):
    name = "ndrc.web.deliberations"
    label = "deliberations"
    verbose_name = "Jurys, délibérations et résultats"

    def ready(self) -> None:
        from ndrc.web.deliberations.transcripts import certificates_issuer, transcripts_issuer
        from ndrc.web.documents.blocks_certificate import BLOCKS_CERTIFICATE
        from ndrc.web.documents.kinds import issuer_register
        from ndrc.web.documents.transcript import TRANSCRIPT

        issuer_register(TRANSCRIPT.slug, transcripts_issuer)
        issuer_register(BLOCKS_CERTIFICATE.slug, certificates_issuer)
