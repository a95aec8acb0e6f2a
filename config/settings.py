"""Settings for Uchet. Every value that differs between machines comes from the
environment (see .env.example); the defaults suit a newcomer's laptop."""

import os
from datetime import timedelta
from pathlib import Path

import environ
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# A local .env is a convenience for development; real deployments pass variables.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str(
    "SECRET_KEY",
    default="django-insecure-development-only-key-set-SECRET_KEY-in-production",
)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "config.apps.ProjectConfig",
    "config.admin.UchetAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "config.apps.BackgroundTasksConfig",
    "config.apps.LoginLockoutConfig",
    "common",
    "learners",
    "achievements",
    "credit_transfer",
    "rewards",
    "archive",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "config.middleware.PrivatePagesMiddleware",
    "config.middleware.RefusalLogMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Axes must come last: it turns a locked-out login into its own response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
                "learners.context_processors.navigation",
                "learners.context_processors.terms",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web process read while the worker writes; the timeout rides out
    # short write locks instead of failing a teacher's save. Write transactions start
    # IMMEDIATE: a deferred one that later needs the write lock fails at once with
    # «database is locked» whatever the timeout, so two teachers saving together got a
    # server error; taking the lock at BEGIN makes the second wait its turn instead.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON;",
        }
    )
    # Tests run on a file, as production does: an in-memory database shares one
    # cache between threads and cannot show how concurrent saves really behave.
    (BASE_DIR / "var").mkdir(exist_ok=True)
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / "var" / f"test-{os.getpid()}.sqlite3")}
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "learners.backends.UchetBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Argon2id at OWASP's parameters: ~20 ms of one core a login instead of PBKDF2's ~350 ms,
# so a morning burst of logins does not queue the journal behind it. PBKDF2 stays
# second so hashes made before verify, and are re-hashed with Argon2id at that login.
PASSWORD_HASHERS = [
    "learners.hashers.OwaspArgon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Failed logins: after AXES_FAILURE_LIMIT wrong passwords for one account from one
# address, that pair waits AXES_COOLOFF_TIME. Keyed on the pair so that a whole
# school behind one NAT address is not locked out by one pupil.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_IPWARE_PROXY_COUNT = env.int("PROXY_COUNT", default=0)

LANGUAGE_CODE = "ru"
LANGUAGES = [("ru", "Русский")]
# Our own catalogue fills the few strings Django's Russian one does not have yet.
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env.str("TIME_ZONE", default="Europe/Moscow")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "var" / "static")
# WhiteNoise scans this folder at start-up; make sure it exists before collectstatic ran.
Path(STATIC_ROOT).mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
# Evidence scans and archive exports are personal data: this root is never served
# by URL, only streamed by views that check the access policy.
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "var" / "media")
# The archive (R-AR-1..3): its own private folder, and the two places its backups go.
# Each is a Django storage: in production a location may be S3-compatible storage
# through django-storages (README, «Архив»).
ARCHIVE_ROOT = env.path("ARCHIVE_ROOT", default=BASE_DIR / "var" / "archive")
ARCHIVE_BACKUP_STORAGES = ["archive_backup_1", "archive_backup_2"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "archive": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(ARCHIVE_ROOT)},
    },
    "archive_backup_1": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {
            "location": str(env.path("ARCHIVE_BACKUP_1", default=BASE_DIR / "var" / "backup-1"))
        },
    },
    "archive_backup_2": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {
            "location": str(env.path("ARCHIVE_BACKUP_2", default=BASE_DIR / "var" / "backup-2"))
        },
    },
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env.bool("STATIC_MANIFEST", default=False)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# A snapshot run with no sign of work for this long is taken for dead (a killed
# worker) by `manage.py archive_reap`, so that it can be started again.
ARCHIVE_REAP_AFTER_MINUTES = env.int("ARCHIVE_REAP_AFTER_MINUTES", default=30)
# The software version printed in every snapshot's manifest.
UCHET_VERSION = env.str("UCHET_VERSION", default="0.1.0")

TASKS = {
    "default": {
        "BACKEND": env.str("TASKS_BACKEND", default="django_tasks_db.DatabaseBackend"),
    }
}

# EMAIL_URL, e.g. smtp+tls://user:password@smtp.example.org:587; console in development.
# In production a missing EMAIL_URL is an error, not letters (with reset links and
# children's names) quietly printed to the log: the web process refuses to start
# (config/checks.py) and a letter sent anyway fails on its outbox row.
UCHET_MAIL_CONFIGURED = DEBUG or bool(env.str("EMAIL_URL", default=""))
_email = env.email_url("EMAIL_URL", default="consolemail://")
_smtp_options = {
    "host": _email.get("EMAIL_HOST"),
    "port": _email.get("EMAIL_PORT"),
    "username": _email.get("EMAIL_HOST_USER"),
    "password": _email.get("EMAIL_HOST_PASSWORD"),
    "use_tls": _email.get("EMAIL_USE_TLS"),
    "use_ssl": _email.get("EMAIL_USE_SSL"),
}
MAILERS = {
    "default": {
        "BACKEND": (
            _email["EMAIL_BACKEND"] if UCHET_MAIL_CONFIGURED else "config.mail.UnconfiguredBackend"
        ),
        "OPTIONS": (
            {k: v for k, v in _smtp_options.items() if v not in (None, "")}
            if _email["EMAIL_BACKEND"].endswith("smtp.EmailBackend")
            else {}
        ),
    }
}
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Учёт <uchet@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Transport security: off by default for a laptop on http://127.0.0.1, on in
# production through the environment (docker-compose and .env.example set them).
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=False)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=False)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=False)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=False)
if env.bool("BEHIND_TLS_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=60 * 60 * 12)
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}

# Uchet's own settings.
# The address families open the site at: links in the letters they get.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")
UCHET_EVIDENCE_MAX_BYTES = env.int("EVIDENCE_MAX_BYTES", default=10 * 1024 * 1024)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    # StreamHandler writes to stderr, where the container's log collector reads it.
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "loggers": {
        "uchet": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
        # Server errors with their traceback (Django sends them only to mail_admins when
        # DEBUG is off): the message names the path, never the data of the request.
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        # Refused hosts and failed CSRF checks.
        "django.security": {"handlers": ["console"], "level": "WARNING", "propagate": False},
    },
}

# Working days the organisation has to answer a family's request for a document about
# the learner's results (R-AR-7): the ten working days 152-FZ art. 14 p. 3 gives a
# personal-data subject's request, unless a local act sets fewer.
UCHET_REQUEST_WORKING_DAYS = env.int("REQUEST_WORKING_DAYS", default=10)
