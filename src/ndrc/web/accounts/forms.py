from django.contrib.auth.forms import AuthenticationForm
from dsfr.forms import DsfrBaseForm


class LoginForm(DsfrBaseForm, AuthenticationForm):
    """Django's login form, rendered with the DSFR."""
