from django.urls import path

from ndrc.web.candidates import document_views, file_views, notice_views, views

urlpatterns = [
    path("candidats/", views.candidate_list, name="candidate_list"),
    path("candidats/nouveau/", views.candidate_new, name="candidate_new"),
    path("candidats/<int:pk>/", views.candidate_plan, name="candidate_plan"),
    path("candidats/<int:pk>/modifier/", views.candidate_edit, name="candidate_edit"),
    path("candidats/<int:pk>/stages/", file_views.internship_new, name="internship_new"),
    path(
        "candidats/<int:pk>/stages/<int:period>/corriger/",
        file_views.internship_edit,
        name="internship_edit",
    ),
    path(
        "candidats/<int:pk>/stages/<int:period>/supprimer/",
        file_views.internship_delete,
        name="internship_delete",
    ),
    path("candidats/<int:pk>/dossiers/<str:exam>/", file_views.dossier_edit, name="dossier_edit"),
    path(
        "candidats/<int:pk>/dossiers/<str:exam>/supprimer/",
        file_views.dossier_delete,
        name="dossier_delete",
    ),
    path("candidats/<int:pk>/historique/", views.candidate_audit, name="candidate_audit"),
    path(
        "candidats/<int:pk>/recapitulatif-inscription/",
        notice_views.registration_summary_download,
        name="registration_summary_download",
    ),
    path(
        "candidats/<int:pk>/avis-non-conformite/",
        notice_views.nv_notice_send,
        name="nv_notice_send",
    ),
    path(
        "candidats/<int:pk>/documents/",
        document_views.candidate_documents,
        name="candidate_documents",
    ),
    path("documents/", document_views.documents, name="documents"),
    path(
        "documents/<int:pk>/telecharger/",
        document_views.document_download,
        name="document_download",
    ),
    path("courriels/", document_views.mail_list, name="mail_list"),
]
