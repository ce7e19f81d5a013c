from django.urls import path

from ndrc.web.grading import views

urlpatterns = [
    path("notes/", views.grade_entry, name="grade_entry"),
    path("notes/examinateurs/", views.examiner_assignments, name="examiner_assignments"),
]
