"""The minimal Django project that hosts django-helpdesk, written out at run time.

Settings follow django-helpdesk's install docs (sites, humanize, rest_framework, helpdesk) and
mirror Otklik's database settings so neither side gets a tuning the other lacks: SQLite in WAL with
synchronous=NORMAL, busy_timeout, IMMEDIATE transactions and persistent connections;
PostgreSQL with CONN_MAX_AGE=60.
"""

SETTINGS = r"""
import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
SECRET_KEY = "bench-only-not-secret"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "helpdesk",
]
SITE_ID = 1
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
ROOT_URLCONF = "peerdesk.urls"
WSGI_APPLICATION = "peerdesk.wsgi.application"
TEMPLATES = [{
    "BACKEND": "django.template.backends.django.DjangoTemplates",
    "DIRS": [],
    "APP_DIRS": True,
    "OPTIONS": {"context_processors": [
        "django.template.context_processors.debug",
        "django.template.context_processors.request",
        "django.contrib.auth.context_processors.auth",
        "django.contrib.messages.context_processors.messages",
    ]},
}]
if os.environ["PEER_DB_ENGINE"] == "sqlite":
    DATABASES = {"default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ["PEER_DB_NAME"],
        "OPTIONS": {
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                "PRAGMA busy_timeout=20000; PRAGMA foreign_keys=ON; PRAGMA cache_size=-32000;"
                "PRAGMA wal_autocheckpoint=10000;"
            ),
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        },
        "CONN_MAX_AGE": 60,
        "CONN_HEALTH_CHECKS": True,
    }}
else:
    DATABASES = {"default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": os.environ["PEER_DB_NAME"],
        "USER": "postgres",
        "HOST": "127.0.0.1",
        "PORT": os.environ["PEER_DB_PORT"],
        "CONN_MAX_AGE": 60,
    }}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
LANGUAGE_CODE = "en"
TIME_ZONE = "Europe/Moscow"
USE_I18N = True
USE_TZ = True
STATIC_URL = "static/"
MEDIA_ROOT = os.environ.get("PEER_MEDIA_ROOT", str(BASE_DIR / "media"))
LOGIN_URL = "helpdesk:login"
LOGIN_REDIRECT_URL = "helpdesk:home"
# helpdesk mails the submitter of every new ticket. E-mail on: Django's SMTP backend, to the bench's sink
# on loopback (bench/smtp_sink.py). Off: the dummy backend, which drops the mail helpdesk still renders.
if os.environ.get("PEER_SMTP_PORT"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = "127.0.0.1"
    EMAIL_PORT = int(os.environ["PEER_SMTP_PORT"])
    EMAIL_TIMEOUT = 10
else:
    EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
DEFAULT_FROM_EMAIL = "helpdesk@example.com"
HELPDESK_TEAMS_MODE_ENABLED = False
HELPDESK_API_ENABLED = True
# Token auth, like Otklik's bearer tokens: basic auth would spend each request in PBKDF2.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
}
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
"""

URLS = """
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("helpdesk.urls", namespace="helpdesk")),
]
"""

WSGI = """
import os
from django.core.wsgi import get_wsgi_application
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peerdesk.settings")
application = get_wsgi_application()
"""

ASGI = """
import os
from django.core.asgi import get_asgi_application
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peerdesk.settings")
application = get_asgi_application()
"""

MANAGE = """
import os
import sys
if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peerdesk.settings")
    from django.core.management import execute_from_command_line
    execute_from_command_line(sys.argv)
"""

# Run with the peer's interpreter: creates the API user, a queue and N tickets, prints JSON.
LOADER = r"""
import json
import os
import random
import sys
from datetime import timedelta

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peerdesk.settings")
import django

django.setup()

from django.contrib.auth import get_user_model
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.auth import SESSION_KEY, BACKEND_SESSION_KEY, HASH_SESSION_KEY
from django.db import transaction
from django.utils import timezone
from rest_framework.authtoken.models import Token

from helpdesk.models import FollowUp, Queue, Ticket, mk_secret
from helpdesk.query import query_to_base64

count = int(sys.argv[1])
rng = random.Random(1)
User = get_user_model()
user = User.objects.filter(username="bench").first()
if user is None:
    user = User.objects.create_superuser("bench", "bench@example.com", "bench-password-1")
token, _ = Token.objects.get_or_create(user=user)
queue, _ = Queue.objects.get_or_create(slug="support", defaults={"title": "Support", "email_address": "support@example.com"})

# Roughly the shape of a service desk's history: most tickets done, a fifth still open.
STATUSES = [(Ticket.OPEN_STATUS, 20), (Ticket.REOPENED_STATUS, 3), (Ticket.RESOLVED_STATUS, 15),
            (Ticket.CLOSED_STATUS, 60), (Ticket.DUPLICATE_STATUS, 2)]
values = [s for s, _ in STATUSES]
weights = [w for _, w in STATUSES]
have = Ticket.objects.count()
now = timezone.now()
batch = 5000
for start in range(have, count, batch):
    rows = []
    for i in range(start, min(count, start + batch)):
        created = now - timedelta(days=365) + timedelta(seconds=i * 31536000 // max(count, 1))
        rows.append(Ticket(
            title=f"Order {i} was not delivered", queue=queue, created=created, modified=created,
            submitter_email=f"customer{rng.randrange(count // 3 + 1)}@example.com",
            status=rng.choices(values, weights)[0], priority=rng.choice([1, 2, 3, 3, 3, 4, 5]),
            description=f"Hello, my order {i} has not arrived yet. Please check it.", secret_key=mk_secret(),
        ))
    with transaction.atomic():
        tickets = Ticket.objects.bulk_create(rows)  # SQLite >= 3.35 and PostgreSQL return the ids
        FollowUp.objects.bulk_create([
            FollowUp(ticket=t, date=t.created, title="Ticket Opened", comment=t.description, public=True)
            for t in tickets
        ])
    print(f"  peer loader: {min(count, start + batch)}/{count}", file=sys.stderr, flush=True)

session = SessionStore()
session[SESSION_KEY] = str(user.pk)
session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
session[HASH_SESSION_KEY] = user.get_session_auth_hash()
session.create()

base = {"filtering": {}, "sorting": "created", "sortreverse": True, "search_string": ""}
open_q = {"filtering": {"status__in": [Ticket.OPEN_STATUS, Ticket.REOPENED_STATUS]}, "sorting": "created",
          "sortreverse": True, "search_string": ""}
print(json.dumps({
    "token": token.key, "queue": queue.pk, "session": session.session_key,
    "tickets": Ticket.objects.count(), "dt_all": query_to_base64(base), "dt_open": query_to_base64(open_q),
}))
"""
