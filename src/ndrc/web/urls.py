"""The site's URLs: each app's, the admin, the language switch and the API."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("ndrc.web.site.urls")),
    path("", include("ndrc.web.accounts.urls")),
    path("", include("ndrc.web.texts.urls")),
    path("", include("ndrc.web.sessions.urls")),
    path("", include("ndrc.web.candidates.urls")),
    path("", include("ndrc.web.grading.urls")),
    path("", include("ndrc.web.scheduling.urls")),
    path("", include("ndrc.web.deliberations.urls")),
    path("", include("ndrc.web.privacy.urls")),
    path("import/", include("ndrc.web.imports.urls")),
    path("taches/", include("ndrc.web.jobs.urls")),
    path("api/", include("ndrc.web.api.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

handler403 = "ndrc.web.site.errors.permission_denied"
handler404 = "ndrc.web.site.errors.not_found"
handler500 = "ndrc.web.site.errors.server_error"
