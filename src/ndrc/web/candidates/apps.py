from django.apps import AppConfig


class CandidatesConfig(AppConfig):
    name = "ndrc.web.candidates"
    label = "candidates"
    verbose_name = "Candidats et leur dossier"

    def ready(self) -> None:
        from ndrc.web.candidates import notices
        from ndrc.web.documents.kinds import issuer_register

        issuer_register(
            notices.REGISTRATION_SUMMARY.slug,
            lambda ids, actor: notices.registration_summaries_issue(candidate_ids=ids, actor=actor),
        )
        issuer_register(
            notices.NV_NOTICE.slug,
            lambda ids, actor: notices.nv_notices_issue(candidate_ids=ids, actor=actor),
        )
