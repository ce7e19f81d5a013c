"""Django settings. Everything that differs between machines comes from the environment.

- ``DATABASE_URL``: defaults to a SQLite file in ``var/``; PostgreSQL in production and CI.
- ``NDRC_SECRET_KEY``: required when ``NDRC_DEBUG`` is off.
- ``NDRC_DEBUG``: ``1`` for development (the default for ``make run``).
- ``NDRC_ALLOWED_HOSTS``: comma-separated host names.
"""

from __future__ import annotations

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
    "ndrc.web.privacy",
    "django_tasks",
    "django_tasks_db",
    "rest_framework",
    "drf_spectacular",
    "ndrc.web.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "ndrc.web.site.middleware.FrenchFirstMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "ndrc.web.site.middleware.NulCharacterMiddleware",
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
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]
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
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.BasicAuthentication",
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

# --- Personal data (« 9 · Production grade ») ---
# How to reach the data protection officer, as the rectorat gives it (name, e-mail or postal
# address): shown on « Données personnelles » while the site's settings (admin « Réglages du
# site ») name none. Empty: the page says « non renseigné » and warns the administrator.
NDRC_DPO_CONTACT = os.environ.get("NDRC_DPO_CONTACT", "")
