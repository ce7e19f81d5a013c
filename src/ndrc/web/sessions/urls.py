from django.urls import path

from ndrc.web.sessions import views

urlpatterns = [
    path("sessions/", views.session_list, name="session_list"),
    path("sessions/<int:pk>/dates/", views.session_dates, name="session_dates"),
    path("sessions/<int:pk>/en-cours/", views.session_current_set, name="session_current"),
    path("etablissements/", views.establishment_list, name="establishment_list"),
    path("etablissements/centres/", views.exam_centre_new, name="exam_centre_new"),
]
