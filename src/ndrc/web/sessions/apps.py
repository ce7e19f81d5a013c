from django.apps import AppConfig


class SessionsConfig(AppConfig):
    """Sessions, académies, establishments and exam centres. The label is not "sessions",
    which is django.contrib.sessions'."""

    name = "ndrc.web.sessions"
    label = "exam_sessions"
    verbose_name = "Sessions, établissements et centres d'examen"
