from django.apps import AppConfig


class CandidatesConfig(AppConfig):
    name = "ndrc.web.candidates"
    label = "candidates"
    verbose_name = "Candidats et leur dossier"
