"""Django settings. Every value that differs between installations comes from ``env``."""

from __future__ import annotations

import zoneinfo
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from otklik.config.env import (
    ConfigError,
    env,
    env_bool,
    env_int,
    env_list,
    env_proxy_ssl_header,
    env_rate,
    env_share,
)

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env("OTKLIK_VAR_DIR", str(Path.cwd() / "var"))).resolve()
# The embedded database, task queue and uploads live here; it must exist before Huey opens it.
VAR_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env_bool("DEBUG", False)
# Development mode (`make run`, the tests) may run on the well-known key below; anything else must be given
# its own key, so a desk put on a network without configuration refuses to start instead of signing
# sessions with a key everyone can read in this file.
DEV_MODE = env_bool("OTKLIK_DEV", False)
DEVELOPMENT_SECRET_KEY = "insecure-development-key-change-me-in-production"  # noqa: S105 - refused outside dev
SECRET_KEY = env("SECRET_KEY", DEVELOPMENT_SECRET_KEY)
if SECRET_KEY == DEVELOPMENT_SECRET_KEY and not (DEBUG or DEV_MODE):
    raise ConfigError(
        "SECRET_KEY is not set: give it a long random value (docs/deployment.md), or set OTKLIK_DEV=1 to run a development desk"
    )
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

# --- HTTPS behind a proxy (docs/deployment.md) -------------------------------------------------
# Only when the proxy always sets this header: otherwise a client could claim HTTPS by sending it.
SECURE_PROXY_SSL_HEADER = env_proxy_ssl_header("SECURE_PROXY_SSL_HEADER")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", False)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", False)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
# Every page's scripts, styles and images come from the desk itself (htmx and Swagger UI are shipped with
# it), so nothing else may run. otklik.core.csp sends it; Django 5.2 has no header of its own.
CONTENT_SECURITY_POLICY = env(
    "CONTENT_SECURITY_POLICY",
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
)
# How many proxies in front of the desk append to X-Forwarded-For; 0 trusts only the socket's address.
# Login lockouts count by client address, so behind a proxy this must be set or every client is one.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)

HOST = env("HOST", "127.0.0.1")
PORT = env_int("PORT", 8000)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    # Its templates and static files: the API docs page loads Swagger UI from the desk, not from a CDN.
    "ninja",
    "huey.contrib.djhuey",
    "otklik.core",
    "otklik.accounts",
    "otklik.desk",
    "otklik.intake",
    "otklik.hooks",
    "otklik.classify",
    "otklik.workforce",
    "otklik.api",
    "otklik.web",
    "otklik.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "otklik.core.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "otklik.core.middleware.RequestSizeLimitMiddleware",
    "otklik.core.busy.DatabaseBusyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "otklik.accounts.middleware.UserPreferencesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "otklik.core.ratelimit.RateLimitedStatusMiddleware",
]

ROOT_URLCONF = "otklik.config.urls"
WSGI_APPLICATION = "otklik.config.wsgi.application"
ASGI_APPLICATION = "otklik.config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
DATABASE_URL = env("DATABASE_URL")
if DATABASE_URL:
    if not DATABASE_URL.startswith(("postgres://", "postgresql://", "sqlite://")):
        raise ConfigError(f"DATABASE_URL must be postgres://… or sqlite://…, got {DATABASE_URL!r}")
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(VAR_DIR / "otklik.sqlite3"),
        }
    }
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # Django's own SQLite backend. WAL lets readers work while one writer writes; IMMEDIATE transactions
    # take the write lock up front, so concurrent writers queue on the busy timeout instead of failing to
    # upgrade a read lock. A writer that cannot get the lock within the timeout gets "database is locked"
    # (answered 503 by otklik.core.busy), so one stuck transaction cannot hang every other writer.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; PRAGMA cache_size=-32000;"
            # Checkpoint the WAL every ~40 MB instead of every 4 MB: the commit that crosses the mark copies
            # the WAL while it holds the write lock, and copying less often copies each hot page once.
            "PRAGMA wal_autocheckpoint=10000;"
        ),
        "transaction_mode": "IMMEDIATE",
        "timeout": env_int("SQLITE_BUSY_TIMEOUT_SECONDS", 20),
    }
    # Keep connections between requests: opening one runs the PRAGMAs above every time.
    DATABASES["default"]["CONN_MAX_AGE"] = 60
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    DATABASES["default"]["TEST"] = {"NAME": None}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Background work --------------------------------------------------------------------------
REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    HUEY = {
        "huey_class": "huey.PriorityRedisHuey",
        "name": "otklik",
        "url": REDIS_URL,
        "immediate": False,
        "consumer": {"workers": env_int("WORKER_THREADS", 4), "worker_type": "thread"},
    }
else:
    HUEY = {
        "huey_class": "huey.SqliteHuey",
        "name": "otklik",
        "filename": str(VAR_DIR / "tasks.sqlite3"),
        "immediate": False,
        # An idle worker polls the SQLite queue at least once a second (huey's default backs off to 10 s),
        # so a webhook retry's wake-up runs within about a second of its due time.
        "consumer": {"workers": env_int("WORKER_THREADS", 2), "worker_type": "thread", "max_delay": 1.0},
    }

# --- Caches -----------------------------------------------------------------------------------
# "shared" holds what every web process must see alike: the rate-limit counters. Redis when there is one;
# on the embedded setup a SQLite file beside the database (otklik.core.sqlite_cache: Django's file cache
# took 0.85-7.6 ms a count, this takes about 0.1 ms; docs/deployment.md).
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "shared": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL, "KEY_PREFIX": "otklik"}
        if REDIS_URL
        else {"BACKEND": "otklik.core.sqlite_cache.SQLiteCache", "LOCATION": str(VAR_DIR / "cache.sqlite3")}
    ),
}

# --- Auth -----------------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
# Password and API token guessing: this many failures from one address (for one account, or in all)
# lock that address out for LOGIN_LOCKOUT_SECONDS. Counted in the "shared" cache (Caches above).
LOGIN_FAILURE_LIMIT = env_rate("LOGIN_FAILURE_LIMIT", "10/15m")
LOGIN_LOCKOUT_SECONDS = env_int("LOGIN_LOCKOUT_SECONDS", 15 * 60)
# Requests a single API token may make.
API_RATE_LIMIT = env_rate("API_RATE_LIMIT", "600/minute")
LOGIN_URL = "web:login"
LOGIN_REDIRECT_URL = "web:ticket-list"
LOGOUT_REDIRECT_URL = "web:login"

# --- Languages and time -----------------------------------------------------------------------
LANGUAGE_CODE = env("LANGUAGE_CODE", "ru")
LANGUAGES = [("ru", _("Russian")), ("en", _("English"))]
if LANGUAGE_CODE not in dict(LANGUAGES):
    raise ConfigError(f"LANGUAGE_CODE must be one of ru, en; got {LANGUAGE_CODE!r}")
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env("TIME_ZONE", "Europe/Moscow")
try:
    zoneinfo.ZoneInfo(TIME_ZONE)
except (zoneinfo.ZoneInfoNotFoundError, ValueError) as exc:
    raise ConfigError(f"TIME_ZONE={TIME_ZONE!r} is not a known time zone") from exc
USE_I18N = True
USE_TZ = True

# --- Static and media -------------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # whitenoise warns about a missing root even when finders serve
MEDIA_URL = "media/"
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

# --- Limits -----------------------------------------------------------------------------------
# Bodies over this size are refused with 413 before anything is parsed or written.
OTKLIK_MAX_REQUEST_BYTES = env_int("OTKLIK_MAX_REQUEST_BYTES", 10 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = OTKLIK_MAX_REQUEST_BYTES
OTKLIK_MAX_MESSAGE_CHARS = env_int("OTKLIK_MAX_MESSAGE_CHARS", 200_000)
WEBHOOK_TIMEOUT_SECONDS = env_int("WEBHOOK_TIMEOUT_SECONDS", 10)
WEBHOOK_MAX_ATTEMPTS = env_int("WEBHOOK_MAX_ATTEMPTS", 8)
# Webhook sending (docs/webhooks.md): sender threads per worker process, requests in flight per endpoint,
# and the circuit breaker (failures in a row that open it, seconds it stays open before one trial).
WEBHOOK_SENDER_THREADS = env_int("WEBHOOK_SENDER_THREADS", 8)
WEBHOOK_MAX_IN_FLIGHT_PER_ENDPOINT = env_int("WEBHOOK_MAX_IN_FLIGHT_PER_ENDPOINT", 2)
WEBHOOK_BREAKER_FAILURES = env_int("WEBHOOK_BREAKER_FAILURES", 5)
WEBHOOK_BREAKER_COOLDOWN_SECONDS = env_int("WEBHOOK_BREAKER_COOLDOWN_SECONDS", 60)
# A new ticket whose kind the classifier is less sure of than this waits in the triage list.
CLASSIFY_TRIAGE_BELOW = env_share("CLASSIFY_TRIAGE_BELOW", 0.6)
# A ticket read as another kind but at least this likely to be a claim waits in triage too: missing a
# claim is the expensive mistake (docs/classification.md, "Triage in the desk").
CLASSIFY_POSSIBLE_CLAIM_ABOVE = env_share("CLASSIFY_POSSIBLE_CLAIM_ABOVE", 0.1)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # httpx logs every webhook delivery at INFO; failures are logged by the webhook sender itself.
        "httpx": {"level": "WARNING"},
        "httpcore": {"level": "WARNING"},
        # The consumer attaches its own handler; without this every task line is printed twice,
        # and the once-a-minute sweep would flood the console at INFO.
        "huey": {"level": env("HUEY_LOG_LEVEL", "WARNING"), "propagate": False, "handlers": ["console"]},
    },
}
