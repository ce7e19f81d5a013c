from django import forms
from django.contrib.auth.forms import (
    AuthenticationForm,
    PasswordChangeForm,
    PasswordResetForm,
    SetPasswordForm,
)
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm


class LoginForm(DsfrBaseForm, AuthenticationForm):
    """Django's login form, rendered with the DSFR."""


class PasswordChangeDsfrForm(DsfrBaseForm, PasswordChangeForm):
    """Django's password change form (the rules of AUTH_PASSWORD_VALIDATORS), with the DSFR."""


class PasswordResetDsfrForm(DsfrBaseForm, PasswordResetForm):
    """The e-mail address to send a reset link to."""


class SetPasswordDsfrForm(DsfrBaseForm, SetPasswordForm):
    """A new password, from a reset link."""


class TokenCreateForm(DsfrBaseForm):
    name = forms.CharField(
        label=_("Nom du jeton"),
        max_length=100,
        help_text=_("Ce à quoi il sert, par exemple « Import des notes du lycée »."),
    )

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError(_("Donnez un nom au jeton."))
        return name


class OtpCodeForm(DsfrBaseForm):
    code = forms.CharField(
        label=_("Code"),
        max_length=16,
        help_text=_(
            "Le code à 6 chiffres affiché par votre application d'authentification, ou l'un de "
            "vos codes de secours."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "text"}),
    )

    def clean_code(self) -> str:
        return "".join(self.cleaned_data["code"].split()).lower()
