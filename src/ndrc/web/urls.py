from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from ndrc.web.accounts.forms import LoginForm
from ndrc.web.deliberations import views as deliberation
from ndrc.web.pages import establishment_views as establishments
from ndrc.web.pages import session_views as sessions
from ndrc.web.pages import views as pages
from ndrc.web.regulation import candidate_file_views as candidate_file
from ndrc.web.regulation import grade_entry_views as grade_entry
from ndrc.web.regulation import views as regulation

urlpatterns = [
    path("", pages.home, name="home"),
    path("candidats/", pages.candidate_list, name="candidate_list"),
    path("sessions/", sessions.session_list, name="session_list"),
    path("etablissements/", establishments.establishment_list, name="establishment_list"),
    path("sessions/<int:pk>/dates/", sessions.session_dates, name="session_dates"),
    path("sessions/<int:pk>/en-cours/", sessions.session_current_set, name="session_current"),
    path("candidats/nouveau/", candidate_file.candidate_new, name="candidate_new"),
    path("candidats/<int:pk>/", candidate_file.candidate_plan, name="candidate_plan"),
    path("candidats/<int:pk>/modifier/", candidate_file.candidate_edit, name="candidate_edit"),
    path(
        "candidats/<int:pk>/stages/",
        candidate_file.internship_new,
        name="internship_new",
    ),
    path(
        "candidats/<int:pk>/dossiers/<str:exam>/",
        candidate_file.dossier_edit,
        name="dossier_edit",
    ),
    path("conformite/", candidate_file.conformity_list, name="conformity_list"),
    path("referentiel/", regulation.referential_index, name="referential"),
    path("referentiel/bloc/<int:number>/", regulation.referential_block, name="referential_block"),
    path("reglement/", regulation.reglement_current, name="reglement_current"),
    path("reglement/<int:year>/", regulation.reglement, name="reglement"),
    path("plan/", regulation.plan_form, name="plan_form"),
    path("notes/", grade_entry.grade_entry, name="grade_entry"),
    path("notes/examinateurs/", grade_entry.examiner_assignments, name="examiner_assignments"),
    path("deliberation/", deliberation.deliberation, name="deliberation"),
    path("deliberation/<int:pk>/", deliberation.deliberation_detail, name="deliberation_detail"),
    path("deliberation/jury/nouveau/", deliberation.jury_new, name="jury_new"),
    path("deliberation/jury/<int:pk>/", deliberation.jury_detail, name="jury_detail"),
    path("deliberation/jury/<int:pk>/clore/", deliberation.jury_close, name="jury_close"),
    path(
        "deliberation/jury/<int:pk>/candidats/",
        deliberation.jury_add_candidates,
        name="jury_add_candidates",
    ),
    path("deliberation/jury/<int:pk>/rouvrir/", deliberation.jury_reopen, name="jury_reopen"),
    path("deliberation/jury/<int:pk>/publier/", deliberation.jury_publish, name="jury_publish"),
    path(
        "deliberation/jury/<int:pk>/resultats.<str:fmt>",
        deliberation.jury_export,
        name="jury_export",
    ),
    path("mes-resultats/", deliberation.my_result, name="my_result"),
    path("candidats/<int:pk>/historique/", deliberation.candidate_audit, name="candidate_audit"),
    path(
        "connexion/",
        auth_views.LoginView.as_view(
            template_name="registration/login.html", authentication_form=LoginForm
        ),
        name="login",
    ),
    path("deconnexion/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/", include("ndrc.web.api.urls")),
    path("import/", include("ndrc.web.imports.urls")),
    path("taches/", include("ndrc.web.jobs.urls")),
]

handler404 = "ndrc.web.api.not_found.not_found"
