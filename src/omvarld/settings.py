"""Django settings for Omvärld. Values that vary between installations come from ``env.py``."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import dj_database_url
import django_stubs_ext
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from omvarld import env

# Lets ``admin.ModelAdmin[Model]`` and other generic annotations work at run time, not only for mypy.
django_stubs_ext.monkeypatch()

ENV = env.read()
PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = ENV.data_dir

SECRET_KEY = ENV.secret_key
DEBUG = ENV.debug
ALLOWED_HOSTS = ENV.allowed_hosts
CSRF_TRUSTED_ORIGINS = ENV.csrf_trusted_origins

INSTALLED_APPS = [
    # First, so that its audited changepassword/createsuperuser (and the refusing axes_reset*) replace the
    # commands of django.contrib.auth and axes: Django takes a command from the first app that has it.
    "omvarld.accounts",
    "omvarld.core.apps.OmvarldAdminConfig",  # django.contrib.admin, branded and without password change
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI's files, served from our own static files (core/api_docs.py)
    "django_filters",
    "omvarld.accounts.apps.AxesConfig",  # django-axes, with a translated name
    "omvarld.core",
    "omvarld.organisation",
    "django_tasks_db",  # the task queue in the database, run by ``omvarld worker`` (ADR 0010)
    "omvarld.jobs",
    "omvarld.engagements",
    "omvarld.imports",
    "django_htmx",
    "omvarld.audit",
    "omvarld.strategy",
    # The start page, navigation and demo: above every other app (CONTRIBUTING.md, "Layers").
    "omvarld.site",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "omvarld.core.middleware.NoStoreMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "omvarld.core.middleware.ExplicitLanguageMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # After the language is chosen (its 503 page is Swedish), before anything reads the request body.
    "omvarld.core.middleware.MaintenanceMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "omvarld.accounts.middleware.AbsoluteSessionLifetimeMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "omvarld.core.middleware.RequestContextMiddleware",
    "omvarld.core.middleware.ApplicationErrorMiddleware",
    # Axes must come last: it turns a lockout into its own response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "omvarld.urls"
WSGI_APPLICATION = "omvarld.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "omvarld.site.context_processors.shell",
            ],
        },
    },
]
# Django's form renderer with inputs, textareas and selects written in Python (the same HTML, faster).
FORM_RENDERER = "omvarld.core.renderers.QuickRenderer"

# --- Database -------------------------------------------------------------------------------------------
DATABASES = {"default": dj_database_url.parse(ENV.database_url, conn_max_age=60, conn_health_checks=True)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers work while one writer writes; IMMEDIATE takes the write lock at BEGIN so two
        # writers queue on busy_timeout instead of failing with "database is locked" halfway through.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts -------------------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# The permission point that core's base views and the audit log ask through core.permissions: they sit
# below accounts, which holds it, and do not import it.
OMVARLD_PERMISSION_POINT = "omvarld.accounts.permissions"

# Registration numbers (diarienummer): a series, numbered from 1 each year without gaps, written as the
# city writes them (the seed's "Dnr 006-1137/2007" is series 006, number 1137, year 2007).
OMVARLD_REGISTRATION_SERIES = ENV.registration_series
OMVARLD_REGISTRATION_FORMAT = ENV.registration_format

# Following matters up (``engagements.followup``, ``omvarld remind``): the days after a journey's end a
# travel report is due, a matter may wait for its decision, an approved matter has to be carried out, and
# how long before a report or a review falls due its reminder goes out. ``OMVARLD_BASE_URL`` is where users
# reach the site, for the links in reminders.
OMVARLD_TRAVEL_REPORT_DAYS = ENV.follow_up.travel_report_days
OMVARLD_DECISION_WAIT_DAYS = ENV.follow_up.decision_wait_days
OMVARLD_CARRY_OUT_DAYS = ENV.follow_up.carry_out_days
OMVARLD_REMIND_DAYS_AHEAD = ENV.follow_up.remind_days_ahead
OMVARLD_BASE_URL = ENV.base_url
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Sessions end after two idle hours, when the browser closes, and at the latest ten hours (a working day)
# after sign-in however active they have been (accounts.middleware.AbsoluteSessionLifetimeMiddleware).
# An active session's idle timeout is renewed once a minute, not written on every request.
SESSION_COOKIE_AGE = int(timedelta(hours=2).total_seconds())
OMVARLD_SESSION_ABSOLUTE_AGE = timedelta(hours=10)
OMVARLD_SESSION_RENEWAL = timedelta(minutes=1)
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Throttle guessing for 15 minutes after five failures for one username from one address, ten from one
# address whatever the names, or ten for one name whatever the addresses (accounts/lockout.py).
OMVARLD_LOCKOUT_LIMITS = {("username", "ip_address"): 5, ("ip_address",): 10, ("username",): 10}
AXES_HANDLER = "omvarld.accounts.lockout.TieredLockoutHandler"
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address", "username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# Renders that template saying when the lock ends, with Retry-After.
AXES_LOCKOUT_CALLABLE = "omvarld.accounts.lockout.lockout_response"
AXES_VERBOSE = False
# Axes' own admin can delete lockout records; accounts/admin.py registers read-only pages instead.
AXES_ENABLE_ADMIN = False
# The address is read with django-ipware. Served directly (the demo), only the socket's address counts, so
# a forged X-Forwarded-For cannot dodge the lock; behind the TLS proxy that OMVARLD_HTTPS implies, the
# address the proxy saw is taken from X-Forwarded-For. ipware counts only the proxies *listed* in the header
# (one proxy that sets the client's address lists none, hence 0) and, strict, distrusts a longer chain.
if ENV.https:
    AXES_IPWARE_META_PRECEDENCE_ORDER: tuple[str, ...] = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
    AXES_IPWARE_PROXY_COUNT = 0
else:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("REMOTE_ADDR",)

# --- Security -------------------------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_COOKIE_HTTPONLY = True
# A form sent with a stale token (after signing in or out in another tab) gets a page that keeps its values.
CSRF_FAILURE_VIEW = "omvarld.core.csrf.csrf_failure"
if ENV.https:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = ENV.hsts_seconds
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    # "__Host-" cookies are accepted by browsers only if Secure, for "/" and this exact host: a sibling
    # subdomain or a plain-HTTP page cannot plant or overwrite them.
    SESSION_COOKIE_NAME = "__Host-omvarld_session"
    CSRF_COOKIE_NAME = "__Host-omvarld_csrftoken"
    LANGUAGE_COOKIE_NAME = "__Host-omvarld_language"

# A strict policy: everything comes from this site; no inline script or style, no CDN.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "object-src": [CSP.NONE],
}

# --- Language and time ----------------------------------------------------------------------------------
LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", "Svenska"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

# --- Static files ---------------------------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Files browsers ask for at the site's root (/favicon.ico), served by whitenoise as they are.
WHITENOISE_ROOT = PACKAGE_DIR / "webroot"
if DEBUG:
    STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}

# --- Uploaded files -------------------------------------------------------------------------------------
# The register's documents are kept in the data directory, never under the site's URLs: each is served
# by a view that asks the permission point (``engagements.views.DocumentDownloadView``).
MEDIA_ROOT = DATA_DIR / "files"
OMVARLD_DOCUMENT_MAX_BYTES = 20 * 1024 * 1024
# An import's file (``imports``): its size, its rows (the heading not counted) and its columns.
OMVARLD_IMPORT_MAX_BYTES = 50 * 1024 * 1024
OMVARLD_IMPORT_MAX_ROWS = 200_000
OMVARLD_IMPORT_MAX_COLUMNS = 200
# A dry run of a file of more rows than this is a background job (``imports.check``), not the request's work.
OMVARLD_IMPORT_CHECK_IN_REQUEST_ROWS = 5_000

# --- Background jobs (ADR 0010) -------------------------------------------------------------------------
# Long work (re-assessing the register, large exports, imports) runs as a job (``omvarld.jobs``) through
# Django's tasks framework: queued in the database and run by ``omvarld worker``, or at once in the process
# that starts it when OMVARLD_TASKS=immediate (the demo and the tests).
TASKS: dict[str, dict[str, object]]
if ENV.tasks == "immediate":
    TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
else:
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# A large re-assessment assesses its batches in this many processes while the job's own process reads and
# writes the database (``engagements.reassess``); 0 keeps the work in that process.
OMVARLD_BULK_PROCESSES = ENV.bulk_processes
# A running job's progress is written outside its transaction (which is rolled back if it fails, and on
# SQLite holds the only write lock) to a cache that the web server reads: files in the data directory,
# shared by the worker and the web server on one machine (docs/operations.md for more than one).
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "jobs": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": DATA_DIR / "cache" / "jobs",
        "TIMEOUT": 7 * 24 * 3600,
        "OPTIONS": {"MAX_ENTRIES": 10_000},
    },
}

# --- API ------------------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "omvarld.core.api_schema.OmvarldAutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "omvarld.core.api_input.BoundedLimitOffsetPagination",
    "PAGE_SIZE": 50,
    # JSON out: DRF's browsable pages need inline scripts and styles that the CSP refuses; the API is
    # documented and tried on /api/docs/ instead (ADR 0005).
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    # JSON only, with a size limit and a depth guard (DRF's own parsers have neither).
    "DEFAULT_PARSER_CLASSES": ["omvarld.core.api_input.BoundedJSONParser"],
    "EXCEPTION_HANDLER": "omvarld.core.api.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Omvärld API",
    "DESCRIPTION": "The City of Stockholm's register of international engagements.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # The schema is behind the login, like the documentation page and the API it describes.
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    # Separate request and response components, so that read-only fields are not asked for in requests.
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "UnitTypeEnum": "omvarld.organisation.models.UnitType",
        "CounterpartTypeEnum": "omvarld.organisation.models.CounterpartType",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "omvarld.organisation.filtersets.unit_codes_in_schema",
        "omvarld.core.api_schema.empty_choice_means_all",
    ],
}

# Screen readers read django-filter's default "---------" aloud; "All" says what the blank choice means.
FILTERS_EMPTY_CHOICE_LABEL = _("All")

# --- E-mail (Django 6.1 mailers) -----------------------------------------------------------------------
if ENV.email.host:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": ENV.email.host,
                "port": ENV.email.port,
                "username": ENV.email.user,
                "password": ENV.email.password,
                "use_tls": ENV.email.use_tls,
            },
        }
    }
else:
    # Without a mail server, messages are written to the log instead of being lost silently.
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
DEFAULT_FROM_EMAIL = ENV.email.default_from
SERVER_EMAIL = ENV.email.default_from

# --- Logging --------------------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": ENV.log_level},
    "loggers": {"axes": {"level": "WARNING"}},
}
