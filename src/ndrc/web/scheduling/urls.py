"""The exam days' URLs: the organisation (centres, calendar, examiners), the schedule and the
convocations, each in its own module."""

from django.urls import include, path

urlpatterns = [
    path("journees/", include("ndrc.web.scheduling.organisation_urls")),
    path("journees/", include("ndrc.web.scheduling.schedule_urls")),
    path("journees/", include("ndrc.web.scheduling.convocation_urls")),
]
