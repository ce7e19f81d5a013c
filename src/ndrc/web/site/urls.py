from django.contrib.auth import views as auth_views
from django.urls import path

from ndrc.web.accounts.views import LoginPage
from ndrc.web.site import journal_views, views

urlpatterns = [
    path("", views.home, name="home"),
    path("accessibilite/", views.accessibility, name="accessibility"),
    path("mentions-legales/", views.legal_notice, name="legal_notice"),
    path("donnees-personnelles/", views.personal_data, name="personal_data"),
    path("connexion/", LoginPage.as_view(), name="login"),
    path("deconnexion/", auth_views.LogoutView.as_view(), name="logout"),
    path("journal/", journal_views.journal, name="journal"),
]
