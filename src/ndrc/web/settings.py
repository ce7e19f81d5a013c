"""Django settings. Everything that differs between machines comes from the environment.

- ``DATABASE_URL``: defaults to a SQLite file in ``var/``; PostgreSQL in production and CI.
- ``NDRC_SECRET_KEY``: required when ``NDRC_DEBUG`` is off.
- ``NDRC_DEBUG``: ``1`` for development (the default for ``make run``).
- ``NDRC_ALLOWED_HOSTS``: comma-separated host names.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent
BASE_DIR = Path(os.environ.get("NDRC_HOME", Path.cwd())).resolve()
VAR_DIR = BASE_DIR / "var"

DEBUG = os.environ.get("NDRC_DEBUG", "1") == "1"
SECRET_KEY = os.environ.get("NDRC_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("NDRC_SECRET_KEY must be set when NDRC_DEBUG is not 1.")
    SECRET_KEY = "dev-only-not-secret-ndrc"

ALLOWED_HOSTS = [
    h.strip() for h in os.environ.get("NDRC_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")
]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("NDRC_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "widget_tweaks",
    "dsfr",
    # The project's apps, from the base floor up (docs/architecture.md).
    "ndrc.web.accounts",
    "ndrc.web.audit",
    "ndrc.web.jobs",
    "ndrc.web.sessions",
    "ndrc.web.texts",
    "ndrc.web.candidates",
    "ndrc.web.grading",
    "ndrc.web.deliberations",
    "ndrc.web.site",
    "ndrc.web.imports",
    "ndrc.web.demo",
    "django_tasks",
    "django_tasks_db",
    "rest_framework",
    "drf_spectacular",
    "ndrc.web.api",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "ndrc.web.site.middleware.FrenchFirstMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "ndrc.web.accounts.middleware.IdleTimeoutMiddleware",
    "ndrc.web.accounts.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "ndrc.web.site.middleware.NulCharacterMiddleware",
    "axes.middleware.AxesMiddleware",
]

if not DEBUG:  # in development, runserver and the test server serve static files themselves
    MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")
    INSTALLED_APPS.insert(
        INSTALLED_APPS.index("django.contrib.staticfiles"), "whitenoise.runserver_nostatic"
    )

ROOT_URLCONF = "ndrc.web.urls"
WSGI_APPLICATION = "ndrc.web.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "dsfr.context_processors.site_config",
                "ndrc.web.accounts.context_processors.permissions",
            ],
        },
    },
]

if not os.environ.get("DATABASE_URL"):
    VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{VAR_DIR / 'ndrc.sqlite3'}",
        conn_max_age=int(os.environ.get("NDRC_CONN_MAX_AGE", "0")),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("Français")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("NDRC_STATIC_ROOT", BASE_DIR / "staticfiles"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

if not DEBUG:
    SESSION_COOKIE_SECURE = os.environ.get("NDRC_SECURE_COOKIES", "1") == "1"
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "ndrc.web.api.authentication.BearerTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "API des examens du BTS NDRC",
    "DESCRIPTION": "Règlement, référentiel, plans d'épreuves, délibération et candidats.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # The states of a grade, one enumeration wherever a grade is read or written.
    "ENUM_NAME_OVERRIDES": {"GradeStateEnum": "ndrc.web.candidates.models.GRADE_STATES"},
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "ndrc.web.api.schema_hooks.non_negative_path_ids",
        "ndrc.web.api.schema_hooks.token_refusals",
    ],
}

# Background jobs (ndrc.web.jobs): run at once in the request by default; in production set
# NDRC_TASKS_BACKEND=django_tasks_db.DatabaseBackend and run `ndrc web db_worker` beside the
# application servers (they share the PostgreSQL database; see docs/deploy.md).
TASKS = {
    "default": {
        "BACKEND": os.environ.get(
            "NDRC_TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend"
        )
    }
}

# --- Authentication and sessions (« 9 · Production grade ») ---
# Lockout (django-axes): after NDRC_LOGIN_FAILURE_LIMIT failed attempts for one username from one
# address, that username is refused from that address for NDRC_LOGIN_COOLOFF_MINUTES (each new
# attempt during the lockout starts the wait again), before any password is hashed. The exam
# office unlocks in the admin (« Tentatives d'accès ») or with `ndrc web axes_reset_username`.
AUTHENTICATION_BACKENDS = [
    "ndrc.web.accounts.backends.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("NDRC_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = dt.timedelta(minutes=int(os.environ.get("NDRC_LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_CALLABLE = "ndrc.web.accounts.lockout.lockout_response"
AXES_RESET_ON_SUCCESS = True
# The client's address behind the load balancer of docs/deploy.md: the number of proxies that
# add themselves to X-Forwarded-For (0: the address of the connection).
AXES_IPWARE_PROXY_COUNT = int(os.environ.get("NDRC_PROXY_COUNT", "0")) or None
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"] if AXES_IPWARE_PROXY_COUNT else ["REMOTE_ADDR"]
)

# The password rules of a State service.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_RESET_TIMEOUT = 3600  # a reset link is valid one hour

# E-mail (password reset): printed on the console in development, SMTP in production.
if DEBUG and not os.environ.get("NDRC_EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
else:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ.get("NDRC_EMAIL_HOST", "localhost")
    EMAIL_PORT = int(os.environ.get("NDRC_EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("NDRC_EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("NDRC_EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = os.environ.get("NDRC_EMAIL_USE_TLS", "1") == "1"
    EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = os.environ.get("NDRC_DEFAULT_FROM_EMAIL", "ne-pas-repondre@localhost")

# Idle timeout: a session without a request for this long is logged out.
NDRC_SESSION_IDLE_MINUTES = int(os.environ.get("NDRC_SESSION_IDLE_MINUTES", "30"))

# Two-factor authentication (django-otp, TOTP): required of the exam office, the juries and the
# superusers when NDRC_OTP_REQUIRED is on (the default when debug is off), and of anyone who
# enrolled a device.
NDRC_OTP_REQUIRED = os.environ.get("NDRC_OTP_REQUIRED", "0" if DEBUG else "1") == "1"
OTP_TOTP_ISSUER = "BTS NDRC"

# API tokens: valid this many days after their creation.
NDRC_API_TOKEN_DAYS = int(os.environ.get("NDRC_API_TOKEN_DAYS", "90"))
