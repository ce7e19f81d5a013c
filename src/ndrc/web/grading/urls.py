from django.urls import path

from ndrc.web.grading import appeal_views, grid_views, views

urlpatterns = [
    path("notes/", views.grade_entry, name="grade_entry"),
    path("notes/examinateurs/", views.examiner_assignments, name="examiner_assignments"),
    path("notes/grilles/", grid_views.grids, name="grids"),
    path("notes/grilles/session/", grid_views.circular_grids, name="circular_grids"),
    path("notes/grilles/<int:pk>/<str:exam>/", grid_views.grid_fill, name="grid_fill"),
    path(
        "notes/grilles/<int:pk>/<str:exam>/<str:situation>/",
        grid_views.grid_fill,
        name="grid_fill",
    ),
    path("notes/grilles/reclamations/", appeal_views.appeals, name="appeals"),
    path("mes-resultats/grilles/", appeal_views.my_appeals, name="my_appeals"),
    path(
        "notes/grilles/pdf/<int:pk>/<str:exam>/",
        appeal_views.grid_pdf_download,
        name="grid_pdf",
    ),
    path(
        "notes/grilles/pdf/<int:pk>/<str:exam>/<str:situation>/",
        appeal_views.grid_pdf_download,
        name="grid_pdf",
    ),
]
