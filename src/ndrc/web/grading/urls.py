from django.urls import path

from ndrc.web.grading import appeal_views, ccf_views, grid_views, list_views, subject_views, views

urlpatterns = [
    path("notes/", views.grade_entry, name="grade_entry"),
    path("notes/liste/", list_views.grade_list, name="grade_list"),
    path("notes/examinateurs/", views.examiner_assignments, name="examiner_assignments"),
    path("notes/grilles/", grid_views.grids, name="grids"),
    path("notes/grilles/session/", grid_views.circular_grids, name="circular_grids"),
    path("notes/grilles/<int:pk>/<str:exam>/", grid_views.grid_fill, name="grid_fill"),
    path(
        "notes/grilles/<int:pk>/<str:exam>/<str:situation>/",
        grid_views.grid_fill,
        name="grid_fill",
    ),
    # The E4 fiches-sujets and the E5 practical subjects (grading.subject_views).
    path("notes/fiches-sujets/", subject_views.subject_sheets, name="subject_sheets"),
    path("notes/fiches-sujets/<int:pk>/", subject_views.subject_sheet, name="subject_sheet"),
    path("notes/sujets-e5/", subject_views.practical_subjects, name="practical_subjects"),
    path(
        "notes/sujets-e5/attribution/",
        subject_views.practical_assignments,
        name="practical_assignments",
    ),
    # The CCF evaluation dossier (grading.ccf_views).
    path("notes/dossiers-ccf/<int:pk>/<str:exam>/", ccf_views.ccf_dossier, name="ccf_dossier"),
    # Appeals on the grids and the PDF of a signed grid (grading.appeal_views).
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
