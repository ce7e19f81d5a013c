"""The URLs of the exam days' organisation pages (included by scheduling/urls.py)."""

from django.urls import URLPattern, path

from ndrc.web.scheduling import organisation_views as views

urlpatterns: list[URLPattern] = [
    path("", views.exam_days, name="exam_days"),
    path("centres/", views.exam_day_centres, name="exam_day_centres"),
    path("centres/<int:pk>/", views.exam_day_centre, name="exam_day_centre"),
    path("candidats/", views.exam_day_candidates, name="exam_day_candidates"),
    path(
        "candidats/<int:pk>/centre/",
        views.exam_day_candidate_centre,
        name="exam_day_candidate_centre",
    ),
    path("calendrier/", views.exam_day_calendar, name="exam_day_calendar"),
    path("examinateurs/", views.exam_day_examiners, name="exam_day_examiners"),
    path("examinateurs/<int:pk>/", views.exam_day_examiner, name="exam_day_examiner"),
]
