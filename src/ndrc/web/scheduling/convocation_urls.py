"""The URLs of the exam days' convocation pages (included by scheduling/urls.py)."""

from django.urls import URLPattern, path

from ndrc.web.scheduling import convocation_views as views

urlpatterns: list[URLPattern] = [
    path("convocations/", views.convocations, name="convocations"),
    path("convocations/envoyer/", views.convocations_send, name="convocations_send"),
]
