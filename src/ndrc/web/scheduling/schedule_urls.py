"""The URLs of the exam days' schedule pages (included by scheduling/urls.py)."""

from django.urls import path

from ndrc.web.scheduling import schedule_views as views

urlpatterns = [
    path("planning/", views.schedule_overview, name="schedule_overview"),
    path("planning/etablir/", views.schedule_establish, name="schedule_establish"),
    path("planning/replanifier/", views.schedule_replan, name="schedule_replan"),
    path("planning/<int:pk>/", views.schedule_detail, name="schedule_detail"),
    path("planning/<int:pk>/appliquer/", views.schedule_apply, name="schedule_apply"),
    path(
        "planning/examinateurs/<int:pk>/journee/", views.examiner_day, name="schedule_examiner_day"
    ),
    path(
        "planning/examinateurs/<int:pk>/desistement/",
        views.examiner_withdraw,
        name="schedule_examiner_withdraw",
    ),
    path("planning/salles/<int:pk>/indisponible/", views.room_lose, name="schedule_room_lose"),
    path(
        "planning/candidats/<int:pk>/passages/", views.candidate_sittings, name="schedule_candidate"
    ),
]

# The loge's print of a commission's subjects (scheduling.subject_print_views).
from ndrc.web.scheduling import subject_print_views  # noqa: E402

urlpatterns += [
    path(
        "planning/commissions/<int:pk>/sujets/",
        subject_print_views.commission_subjects,
        name="commission_subjects",
    ),
]
