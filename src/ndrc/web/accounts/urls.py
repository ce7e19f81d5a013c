from django.urls import path

from ndrc.web.accounts import views

urlpatterns = [
    path("compte/", views.account, name="account"),
    path("compte/mot-de-passe/", views.password_change, name="password_change"),
    path("compte/jetons/", views.api_tokens, name="api_tokens"),
    path("compte/double-authentification/", views.otp_enrol, name="otp_enrol"),
    path("compte/code/", views.otp_verify, name="otp_verify"),
    path("mot-de-passe-oublie/", views.PasswordReset.as_view(), name="password_reset"),
    path(
        "mot-de-passe-oublie/envoye/",
        views.PasswordResetDone.as_view(),
        name="password_reset_done",
    ),
    path(
        "mot-de-passe-oublie/<uidb64>/<token>/",
        views.PasswordResetConfirm.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "mot-de-passe-oublie/termine/",
        views.PasswordResetComplete.as_view(),
        name="password_reset_complete",
    ),
]
