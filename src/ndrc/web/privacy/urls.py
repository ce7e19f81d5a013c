from django.urls import path

from ndrc.web.privacy import views

urlpatterns = [
    path("mes-donnees-personnelles/", views.my_personal_data, name="my_personal_data"),
    path(
        "mes-donnees-personnelles.json",
        views.my_personal_data,
        {"fmt": "json"},
        name="my_personal_data_json",
    ),
    path(
        "candidats/<int:pk>/donnees-personnelles/",
        views.candidate_personal_data,
        name="candidate_personal_data",
    ),
    path(
        "candidats/<int:pk>/donnees-personnelles.json",
        views.candidate_personal_data,
        {"fmt": "json"},
        name="candidate_personal_data_json",
    ),
    path("candidats/<int:pk>/consultations/", views.candidate_accesses, name="candidate_accesses"),
]
