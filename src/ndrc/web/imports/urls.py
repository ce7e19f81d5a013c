from django.urls import path

from ndrc.web.imports import views

urlpatterns = [
    path("", views.import_index, name="import_index"),
    path("confirmer/", views.import_confirm, name="import_confirm"),
    path("modele/", views.import_template, name="import_template"),
]
