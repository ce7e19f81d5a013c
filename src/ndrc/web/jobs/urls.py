from django.urls import path

from ndrc.web.jobs import views

urlpatterns = [
    path("", views.job_list, name="job_list"),
    path("<int:pk>/", views.job_detail, name="job_detail"),
    path("<int:pk>/etat/", views.job_state, name="job_state"),
    path("<int:pk>/relancer/", views.job_restart, name="job_restart"),
]
