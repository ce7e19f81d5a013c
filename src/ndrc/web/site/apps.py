from django.apps import AppConfig


class SiteConfig(AppConfig):
    name = "ndrc.web.site"
    label = "site"
    verbose_name = "Site : accueil, gabarits, erreurs"
