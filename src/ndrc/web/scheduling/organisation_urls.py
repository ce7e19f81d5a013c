"""The URLs of the exam days' organisation pages (included by scheduling/urls.py)."""

from django.urls import URLPattern, path

from ndrc.web.scheduling import (
    organisation_calendar_views,
    organisation_candidate_views,
    organisation_centre_views,
    organisation_examiner_views,
    organisation_views,
)

urlpatterns: list[URLPattern] = [
    path("", organisation_views.exam_days, name="exam_days"),
    path("centres/", organisation_centre_views.exam_day_centres, name="exam_day_centres"),
    path("centres/<int:pk>/", organisation_centre_views.exam_day_centre, name="exam_day_centre"),
    path(
        "candidats/", organisation_candidate_views.exam_day_candidates, name="exam_day_candidates"
    ),
    path(
        "candidats/<int:pk>/centre/",
        organisation_candidate_views.exam_day_candidate_centre,
        name="exam_day_candidate_centre",
    ),
    path("calendrier/", organisation_calendar_views.exam_day_calendar, name="exam_day_calendar"),
    path(
        "examinateurs/", organisation_examiner_views.exam_day_examiners, name="exam_day_examiners"
    ),
    path(
        "examinateurs/<int:pk>/",
        organisation_examiner_views.exam_day_examiner,
        name="exam_day_examiner",
    ),
]
