"""Django settings. Everything that differs between machines comes from the environment.

- ``DATABASE_URL``: defaults to a SQLite file in ``var/``; PostgreSQL in production and CI.
- ``NDRC_SECRET_KEY``: required when ``NDRC_DEBUG`` is off: at least 50 characters, at least 5
  different ones, not Django's ``django-insecure`` kind.
- ``NDRC_DEBUG``: off unless set to ``1`` (``make run`` and the tests ask for it).
- the production settings (HTTPS, cookies, Content-Security-Policy, logs): the block
  « Production settings » at the end, and docs/deploy.md.
- ``NDRC_ALLOWED_HOSTS``: comma-separated host names.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from ndrc.web.site.logs import parse_admins

PACKAGE_DIR = Path(__file__).resolve().parent
BASE_DIR = Path(os.environ.get("NDRC_HOME", Path.cwd())).resolve()
VAR_DIR = BASE_DIR / "var"

DEBUG = os.environ.get("NDRC_DEBUG", "0") == "1"  # development only when asked for
# The time the exam days' solver may take to establish or re-plan a schedule, in seconds
# (the solver stops earlier when it reaches its bounds).
NDRC_SCHEDULE_SECONDS = float(os.environ.get("NDRC_SCHEDULE_SECONDS", "120"))
SECRET_KEY = os.environ.get("NDRC_SECRET_KEY", "")
if not DEBUG and (
    len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5 or SECRET_KEY.startswith("django-insecure")
):
    raise ImproperlyConfigured(
        "NDRC_SECRET_KEY manquante ou trop faible : en production (NDRC_DEBUG différent de 1), "
        "la clé secrète doit compter au moins 50 caractères, dont au moins 5 différents, et ne "
        "pas commencer par « django-insecure ». Engendrez-en une, par exemple avec : "
        "python3 -c 'import secrets; print(secrets.token_urlsafe(64))'"
    )
if not SECRET_KEY:
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
    "django_tables2",
    "django_filters",
    "dsfr",
    # The project's apps, from the base floor up (docs/architecture.md).
    "ndrc.web.accounts",
    "ndrc.web.audit",
    "ndrc.web.jobs",
    "ndrc.web.documents",
    "ndrc.web.sessions",
    "ndrc.web.texts",
    "ndrc.web.candidates",
    "ndrc.web.grading",
    "ndrc.web.scheduling",
    "ndrc.web.deliberations",
    "ndrc.web.site",
    "ndrc.web.imports",
    "ndrc.web.demo",
    "csp",
    "ndrc.web.privacy",
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
    "ndrc.web.site.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
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
    "ndrc.web.site.middleware.PrivateResponsesMiddleware",
    "axes.middleware.AxesMiddleware",
]

if not DEBUG:  # in development, runserver and the test server serve static files themselves
    MIDDLEWARE.insert(
        MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
        "whitenoise.middleware.WhiteNoiseMiddleware",
    )
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
                "csp.context_processors.nonce",
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

# --- Production settings (« 9 · Production grade ») ---
# HTTPS behind the load balancer of docs/deploy.md, cookies, security headers, the
# Content-Security-Policy (in development too: the browser tests run under it), the logs.


def _flag(name: str, default: bool) -> bool:
    """A yes/no setting from the environment: ``1`` is yes, ``0`` is no."""
    value = os.environ.get(name, "")
    if value not in ("", "0", "1"):
        raise ImproperlyConfigured(f"{name} vaut « {value} » : indiquez 1 (oui) ou 0 (non).")
    return default if value == "" else value == "1"


PRODUCTION = not DEBUG
# The load balancer ends HTTPS and tells the application servers through X-Forwarded-Proto,
# which it sets itself (it must overwrite what a client sent): docs/deploy.md.
if _flag("NDRC_BEHIND_PROXY", PRODUCTION):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = _flag("NDRC_SSL_REDIRECT", PRODUCTION)
SECURE_HSTS_SECONDS = int(os.environ.get("NDRC_HSTS_SECONDS", "31536000")) if PRODUCTION else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = _flag("NDRC_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = _flag("NDRC_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"  # the error pages' « page précédente » needs it
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = LANGUAGE_COOKIE_SECURE = _flag(
    "NDRC_SECURE_COOKIES", PRODUCTION
)
SESSION_COOKIE_HTTPONLY = CSRF_COOKIE_HTTPONLY = LANGUAGE_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = CSRF_COOKIE_SAMESITE = LANGUAGE_COOKIE_SAMESITE = "Lax"

# Content-Security-Policy (django-csp): nothing but this site's files, inline <script> and
# <style> only with the response's nonce ({{ request.csp_nonce }}), no style="…" attribute, no
# on…= handler (the site's own static/ndrc/ndrc.css and ndrc.js carry them).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        # The DSFR's own script sets style attributes on its components (sizes of the
        # collapsing menus…), sometimes late under load: style attributes only, never a
        # <style> element or a script; the site's templates carry none (tested).
        "style-src-attr": [UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}
# django-dsfr's templates, as rendered by the site, without inline handler or style attribute.
TEMPLATES[0]["DIRS"] = [*TEMPLATES[0]["DIRS"], PACKAGE_DIR / "site" / "dsfr_overrides"]

# Errors (with their traceback) to a rotating file and by e-mail to the administrators,
# information to the console; every line carries the request id (X-Request-ID).
ADMINS = parse_admins(os.environ.get("NDRC_ADMINS", ""))
SERVER_EMAIL = os.environ.get("NDRC_SERVER_EMAIL", "root@localhost")
EMAIL_SUBJECT_PREFIX = "[NDRC] "
LOG_DIR = Path(os.environ.get("NDRC_LOG_DIR", VAR_DIR / "log"))
LOG_DIR.mkdir(parents=True, exist_ok=True)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "ndrc.web.site.logs.RequestIdFilter"},
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
    },
    "formatters": {
        "line": {
            "format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s %(process)d: %(message)s"
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "level": "INFO",
            "filters": ["request_id"],
            "formatter": "line",
        },
        "errors_file": {
            "class": "ndrc.web.site.logs.SharedRotatingFileHandler",
            "level": "ERROR",
            "filters": ["request_id"],
            "formatter": "line",
            "filename": str(LOG_DIR / "errors.log"),
            "maxBytes": int(os.environ.get("NDRC_LOG_MAX_BYTES", str(10 * 1024 * 1024))),
            "backupCount": int(os.environ.get("NDRC_LOG_BACKUPS", "10")),
            "encoding": "utf-8",
            "delay": True,
        },
        "mail_admins": {
            "class": "ndrc.web.site.logs.ErrorMailHandler",
            "level": "ERROR",
            "filters": ["require_debug_false", "request_id"],
            "formatter": "line",
        },
    },
    "root": {"handlers": ["console", "errors_file", "mail_admins"], "level": "INFO"},
    "loggers": {
        # Django's own loggers go to the same handlers (its default would mail only in part).
        "django": {
            "handlers": ["console", "errors_file", "mail_admins"],
            "level": "INFO",
            "propagate": False,
        },
        # A request for a host not served (robots, scans) is noted, not mailed.
        "django.security.DisallowedHost": {"handlers": ["console"], "propagate": False},
    },
}
# --- Jobs that survive a crash, backup and restore (« 9 · Production grade ») ---
# A running job's lease: a job whose worker gave no sign of life (progress or heartbeat) for
# this many seconds is marked failed, with its reason, and can be started again.
NDRC_JOBS_LEASE_SECONDS = int(os.environ.get("NDRC_JOBS_LEASE_SECONDS", "120"))
# How long the file of a failed import is kept so that the import can be started again
# without uploading it (deleted afterwards by `ndrc web jobs_purge`).
NDRC_JOBS_KEEP_FAILED_DAYS = int(os.environ.get("NDRC_JOBS_KEEP_FAILED_DAYS", "7"))
# Where `ndrc web backup` writes when no --output is given.
NDRC_BACKUP_DIR = Path(os.environ.get("NDRC_BACKUP_DIR", VAR_DIR / "backups"))
# --- Personal data (« 9 · Production grade ») ---
# How to reach the data protection officer, as the rectorat gives it (name, e-mail or postal
# address): shown on « Données personnelles » while the site's settings (admin « Réglages du
# site ») name none. Empty: the page says « non renseigné » and warns the administrator.
NDRC_DPO_CONTACT = os.environ.get("NDRC_DPO_CONTACT", "")
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
