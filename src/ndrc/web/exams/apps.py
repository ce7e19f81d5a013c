from django.apps import AppConfig


class ExamsConfig(AppConfig):
    name = "ndrc.web.exams"
    label = "exams"
    verbose_name = "Sessions, établissements et candidats"
