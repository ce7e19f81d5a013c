from django.urls import path

from ndrc.web.deliberations import candidate_views as candidate
from ndrc.web.deliberations import document_views as documents
from ndrc.web.deliberations import grid_views as grid
from ndrc.web.deliberations import harmonisation_views as harmonisation
from ndrc.web.deliberations import (
    jury_member_views,
    livret_views,
    minutes_views,
    resit_views,
    views,
)
from ndrc.web.deliberations import overview_views as overview
from ndrc.web.deliberations import statistics_views as statistics
from ndrc.web.deliberations import what_if_views as what_if

urlpatterns = [
    path("deliberation/", overview.deliberation, name="deliberation"),
    path("conformite/", overview.conformity_list, name="conformity_list"),
    path("deliberation/jury/nouveau/", views.jury_new, name="jury_new"),
    path("deliberation/jury/<int:pk>/", overview.jury_detail, name="jury_detail"),
    path("deliberation/jury/<int:pk>/clore/", views.jury_close, name="jury_close"),
    path(
        "deliberation/jury/<int:pk>/candidats/",
        views.jury_add_candidates,
        name="jury_add_candidates",
    ),
    path("deliberation/jury/<int:pk>/rouvrir/", views.jury_reopen, name="jury_reopen"),
    path("deliberation/jury/<int:pk>/publier/", views.jury_publish, name="jury_publish"),
    path("deliberation/jury/<int:pk>/resultats.<str:fmt>", views.jury_export, name="jury_export"),
    path("deliberation/jury/<int:pk>/pv/", minutes_views.jury_minutes, name="jury_minutes"),
    path(
        "deliberation/jury/<int:pk>/pv/editer/",
        minutes_views.jury_minutes_issue,
        name="jury_minutes_issue",
    ),
    path(
        "deliberation/jury/<int:pk>/admis/",
        minutes_views.jury_admitted_list,
        name="jury_admitted_list",
    ),
    path(
        "deliberation/jury/<int:pk>/admis/editer/",
        minutes_views.jury_admitted_list_issue,
        name="jury_admitted_list_issue",
    ),
    path("deliberation/<int:pk>/", candidate.deliberation_detail, name="deliberation_detail"),
    path(
        "deliberation/<int:pk>/modifications/",
        candidate.jury_change_new,
        name="jury_change_new",
    ),
    path(
        "deliberation/<int:pk>/modifications/<int:change>/retrait/",
        candidate.jury_change_withdraw,
        name="jury_change_withdraw",
    ),
    path("deliberation/<int:pk>/controle/", candidate.resit_grade_new, name="resit_grade_new"),
    path(
        "deliberation/<int:pk>/controle/retrait/",
        candidate.resit_grade_withdraw,
        name="resit_grade_withdraw",
    ),
    path("deliberation/<int:pk>/renonciation/", candidate.resit_decline, name="resit_decline"),
    path(
        "deliberation/<int:pk>/controle/choix/",
        candidate.resit_choice_new,
        name="resit_choice_new",
    ),
    path("deliberation/controle/", resit_views.resit_orals, name="resit_orals"),
    path(
        "deliberation/controle/planifier/",
        resit_views.resit_orals_schedule,
        name="resit_orals_schedule",
    ),
    path("mes-resultats/", candidate.my_result, name="my_result"),
    path("mes-resultats/controle/", candidate.my_resit_choice, name="my_resit_choice"),
    path("documents/edition/", documents.document_bundles, name="document_bundles"),
    path(
        "documents/edition/<int:pk>/fichier/",
        documents.document_bundle_download,
        name="document_bundle_download",
    ),
    path("mes-resultats/<slug:kind>.pdf", candidate.my_result_document, name="my_result_document"),
    path("deliberation/harmonisation/", harmonisation.harmonisation, name="harmonisation"),
    path(
        "deliberation/harmonisation/<str:exam>/",
        harmonisation.harmonisation_exam,
        name="harmonisation_exam",
    ),
    path(
        "deliberation/harmonisation/<str:exam>/graphique.png",
        harmonisation.harmonisation_plot,
        name="harmonisation_plot",
    ),
    path(
        "deliberation/<int:pk>/harmonisation/<str:exam>/",
        harmonisation.harmonisation_adjust,
        name="harmonisation_adjust",
    ),
    path(
        "deliberation/<int:pk>/harmonisation/retrait/<int:change>/",
        harmonisation.harmonisation_withdraw,
        name="harmonisation_withdraw",
    ),
    path("mes-resultats/simulation/", what_if.my_what_if, name="my_what_if"),
    path("candidats/<int:pk>/simulation/", what_if.candidate_what_if, name="candidate_what_if"),
    path("deliberation/jury/<int:pk>/grille/", grid.jury_grid, name="jury_grid"),
    path(
        "deliberation/jury/<int:pk>/anonymat/",
        grid.jury_anonymity_lift,
        name="jury_anonymity_lift",
    ),
    # The jury's composition (CE D643-31) and the livret (C2022 §1.3, CE D643-26).
    path(
        "deliberation/jury/<int:pk>/membres/",
        jury_member_views.jury_member_new,
        name="jury_member_new",
    ),
    path(
        "deliberation/jury/<int:pk>/membres/<int:member>/retrait/",
        jury_member_views.jury_member_delete,
        name="jury_member_delete",
    ),
    path(
        "deliberation/jury/<int:pk>/membres/<int:member>/modifier/",
        jury_member_views.jury_member_edit,
        name="jury_member_edit",
    ),
    path("deliberation/<int:pk>/livret/", livret_views.livret_consult, name="livret_consult"),
    path("candidats/<int:pk>/livret/", livret_views.livret_edit, name="livret_edit"),
    path("mon-livret/", livret_views.my_livret, name="my_livret"),
    path("deliberation/statistiques/", statistics.statistics, name="statistics"),
    path(
        "deliberation/statistiques/<slug:plot>.png",
        statistics.statistics_plot,
        name="statistics_plot",
    ),
    path(
        "deliberation/jury/<int:pk>/statistiques/",
        statistics.jury_statistics,
        name="jury_statistics",
    ),
    path(
        "deliberation/jury/<int:pk>/statistiques/<slug:plot>.png",
        statistics.jury_statistics_plot,
        name="jury_statistics_plot",
    ),
]
