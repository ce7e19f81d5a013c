from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from ndrc.web.accounts.forms import LoginForm
from ndrc.web.pages import views as pages
from ndrc.web.regulation import deliberation_views as deliberation
from ndrc.web.regulation import grade_entry_views as grade_entry
from ndrc.web.regulation import views as regulation

urlpatterns = [
    path("", pages.home, name="home"),
    path("candidats/", pages.candidate_list, name="candidate_list"),
    path("candidats/<int:pk>/plan/", regulation.candidate_plan, name="candidate_plan"),
    path("referentiel/", regulation.referential_index, name="referential"),
    path("referentiel/bloc/<int:number>/", regulation.referential_block, name="referential_block"),
    path("reglement/", regulation.reglement_current, name="reglement_current"),
    path("reglement/<int:year>/", regulation.reglement, name="reglement"),
    path("plan/", regulation.plan_form, name="plan_form"),
    path("notes/", grade_entry.grade_entry, name="grade_entry"),
    path("deliberation/", deliberation.deliberation, name="deliberation"),
    path("deliberation/<int:pk>/", deliberation.deliberation_detail, name="deliberation_detail"),
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
]
