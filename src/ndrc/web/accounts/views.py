"""The pages of one's own account: login, password change and reset, API tokens, the second
factor (enrolment, code)."""

from __future__ import annotations

import base64
from typing import Any

import segno
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods
from django_otp import devices_for_user, match_token, user_has_device
from django_otp import login as otp_login
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice, default_key

from ndrc.web.accounts import services
from ndrc.web.accounts.decorators import signed_in
from ndrc.web.accounts.forms import (
    LoginForm,
    OtpCodeForm,
    PasswordChangeDsfrForm,
    PasswordResetDsfrForm,
    SetPasswordDsfrForm,
    TokenCreateForm,
)
from ndrc.web.accounts.middleware import EXPIRED, NO_SECOND_FACTOR
from ndrc.web.accounts.models import ApiToken
from ndrc.web.accounts.second_factor import role_needs_second_factor, second_factor_needed

# --- Login and password -----------------------------------------------------------------------


class LoginPage(auth_views.LoginView):
    """Django's login, with the DSFR form; says when the previous session expired."""

    template_name = "accounts/login.html"
    authentication_form = LoginForm

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["session_expired"] = self.request.session.pop(EXPIRED, False)
        return context


class PasswordChange(auth_views.PasswordChangeView):
    template_name = "accounts/form_page.html"
    form_class = PasswordChangeDsfrForm
    success_url = reverse_lazy("account")
    extra_context = {
        "title": gettext_lazy("Changer de mot de passe"),
        "submit": gettext_lazy("Changer le mot de passe"),
    }

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        services.password_changed(user=form.user, action="password_change")
        messages.success(self.request, _("Votre mot de passe a été changé."))
        return response


class PasswordReset(auth_views.PasswordResetView):
    template_name = "accounts/form_page.html"
    form_class = PasswordResetDsfrForm
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("password_reset_done")
    extra_context = {
        "title": gettext_lazy("Mot de passe oublié"),
        "intro": gettext_lazy(
            "Saisissez l'adresse électronique de votre compte : vous recevrez un lien pour "
            "choisir un nouveau mot de passe, valable une heure."
        ),
        "submit": gettext_lazy("Recevoir le lien"),
    }


class PasswordResetDone(auth_views.PasswordResetDoneView):
    template_name = "accounts/message_page.html"
    extra_context = {
        "title": gettext_lazy("Lien envoyé"),
        "message": gettext_lazy(
            "Si un compte correspond à cette adresse, un message vient d'y être envoyé avec un "
            "lien pour choisir un nouveau mot de passe. Le lien est valable une heure."
        ),
    }


class PasswordResetConfirm(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    form_class = SetPasswordDsfrForm
    success_url = reverse_lazy("password_reset_complete")
    extra_context = {
        "title": gettext_lazy("Nouveau mot de passe"),
        "submit": gettext_lazy("Enregistrer le mot de passe"),
    }

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        services.password_changed(user=form.user, action="password_reset")
        return response


class PasswordResetComplete(auth_views.PasswordResetCompleteView):
    template_name = "accounts/message_page.html"
    extra_context = {
        "title": gettext_lazy("Mot de passe changé"),
        "message": gettext_lazy("Votre mot de passe a été changé : vous pouvez vous connecter."),
        "login_link": True,
    }


password_change = signed_in(PasswordChange.as_view())


# --- The account page and the API tokens --------------------------------------------------------


@signed_in
def account(request: HttpRequest) -> HttpResponse:
    context = {
        "title": _("Mon compte"),
        "enrolled": user_has_device(request.user),
        "second_factor_required": second_factor_needed(request.user) is not None,
    }
    return render(request, "accounts/account.html", context)


def may_create_token(request: HttpRequest) -> bool:
    """A token of the exam office, a jury member or a superuser is created only in a session
    verified by a second factor (the token is then used without one)."""
    user = request.user
    return not role_needs_second_factor(user) or user.is_verified()  # type: ignore[union-attr]


@signed_in
@require_http_methods(["GET", "POST"])
def api_tokens(request: HttpRequest) -> HttpResponse:
    form = TokenCreateForm()
    new_key = None
    if request.method == "POST" and request.POST.get("revoke"):
        token_id = request.POST["revoke"]
        valid = token_id.isascii() and token_id.isdigit() and len(token_id) <= 18
        token = get_object_or_404(ApiToken, pk=int(token_id) if valid else 0, user=request.user)
        services.token_revoke(token=token, actor=request.user)
        messages.success(request, _("Le jeton « %(name)s » est révoqué.") % {"name": token.name})
        return redirect("api_tokens")
    if request.method == "POST":
        form = TokenCreateForm(request.POST)
        if not may_create_token(request):
            messages.error(
                request,
                _(
                    "Pour créer un jeton, votre compte doit d'abord être vérifié en deux étapes : "
                    "activez la double authentification puis saisissez votre code."
                ),
            )
        elif form.is_valid():
            token, new_key = services.token_create(
                user=request.user, name=form.cleaned_data["name"], actor=request.user
            )
            form = TokenCreateForm()
    context = {
        "title": _("Jetons d'accès à l'API"),
        "tokens": ApiToken.objects.filter(user=request.user),
        "form": form,
        "new_key": new_key,
        "may_create": may_create_token(request),
    }
    return render(request, "accounts/api_tokens.html", context)


# --- Second factor ------------------------------------------------------------------------------

ENROL_KEY = "ndrc_otp_key"


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("home")


@signed_in
@require_http_methods(["GET", "POST"])
def otp_enrol(request: HttpRequest) -> HttpResponse:
    """Show a new secret (QR code and text), confirm it with a first code, then show the backup
    codes once. A user who has a device replaces it only after giving a code in this session."""
    user = request.user
    if user_has_device(user) and not user.is_verified():  # type: ignore[union-attr]
        return redirect(f"{reverse('otp_verify')}?next={reverse('otp_enrol')}")
    key = request.session.get(ENROL_KEY)
    if not isinstance(key, str) or len(key) != 40:
        key = default_key()
        request.session[ENROL_KEY] = key
    form = OtpCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"]
        totp = TOTP(bytes.fromhex(key))
        if code.isdigit() and totp.verify(int(code), tolerance=1):
            codes = services.otp_enrol(user=user, key=key)
            otp_login(request, TOTPDevice.objects.get(user=user))
            request.session.pop(ENROL_KEY, None)
            request.session.pop(NO_SECOND_FACTOR, None)
            context = {"title": _("Codes de secours"), "codes": codes, "next": _next(request)}
            return render(request, "accounts/otp_backup_codes.html", context)
        form.add_error("code", _("Ce code ne correspond pas : vérifiez l'heure de l'appareil."))
    device = TOTPDevice(user=user, key=key)
    context = {
        "title": _("Activer la double authentification"),
        "form": form,
        "qr_svg": segno.make(device.config_url, error="m").svg_inline(scale=5, omitsize=True),
        "secret": base64.b32encode(bytes.fromhex(key)).decode(),
        "next": _next(request),
    }
    return render(request, "accounts/otp_enrol.html", context)


@signed_in
@require_http_methods(["GET", "POST"])
def otp_verify(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = OtpCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if any(not d.verify_is_allowed()[0] for d in devices_for_user(user)):
            # django-otp makes one wait longer after each wrong code (1 s, 2 s, 4 s…).
            form.add_error(
                "code", _("Trop de codes erronés à la suite : attendez un instant et réessayez.")
            )
        elif (device := match_token(user, form.cleaned_data["code"])) is not None:
            otp_login(request, device)
            return redirect(_next(request))
        else:
            form.add_error("code", _("Ce code n'est pas valable (ou a déjà servi)."))
    context = {
        "title": _("Vérification en deux étapes"),
        "form": form,
        "enrolled": user_has_device(user),
        "next": _next(request),
    }
    return render(request, "accounts/otp_verify.html", context)
