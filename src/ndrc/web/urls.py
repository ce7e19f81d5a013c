from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from ndrc.web.accounts.forms import LoginForm
from ndrc.web.pages import views as pages

urlpatterns = [
    path("", pages.home, name="home"),
    path("candidats/", pages.candidate_list, name="candidate_list"),
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
]
