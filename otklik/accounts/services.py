from __future__ import annotations

import copy
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from otklik.accounts.models import AgentProfile, ApiToken, Line, Role, Team
from otklik.core.cache import TimedCache

TOKEN_PREFIX = "otk_"  # noqa: S105 - a public marker, not a secret


@transaction.atomic
def api_token_issue(*, user: User, name: str = "") -> str:
    """Create a token for ``user`` and return the plain key; only its hash is stored."""
    key = TOKEN_PREFIX + secrets.token_urlsafe(32)
    ApiToken.objects.create(user=user, name=name, prefix=key[:12], key_hash=ApiToken.hash_key(key))
    return key


# Token lookups are cached per process for a few seconds: the lookup joins three tables and ran
# on every API request. A revoked or deactivated token stops working within that time.
token_cache: TimedCache[ApiToken | None] = TimedCache(seconds=10.0)


def forget_token_cache() -> None:
    token_cache.clear()


def _token_by_hash(key_hash: str) -> ApiToken | None:
    return token_cache.get(
        key_hash,
        lambda: (
            ApiToken.objects.select_related("user", "user__agent_profile")
            .filter(key_hash=key_hash, revoked_at__isnull=True, user__is_active=True)
            .first()
        ),
    )


def api_token_authenticate(key: str) -> User | None:
    token = _token_by_hash(ApiToken.hash_key(key))
    if token is None:
        return None
    now = timezone.now()
    # Touch last_used at most once a minute: a write on every request would serialize the API.
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        token.last_used_at = now
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    # A copy per request: the cached instance is shared between threads.
    return copy.copy(token.user)


@transaction.atomic
def agent_create(
    *,
    username: str,
    password: str,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    role: str = Role.AGENT,
    line: int = Line.FIRST,
    teams: list[Team] | None = None,
    language: str = "",
    time_zone: str = "",
) -> User:
    user_model = get_user_model()
    user = user_model.objects.create_user(
        username=username, password=password, email=email,
        first_name=first_name, last_name=last_name,
        is_staff=role == Role.ADMIN, is_superuser=role == Role.ADMIN,
    )  # fmt: skip
    profile = AgentProfile.objects.create(user=user, role=role, line=line, language=language, time_zone=time_zone)
    if teams:
        profile.teams.set(teams)
    return user


@transaction.atomic
def agent_set_language(*, user: User, language: str) -> None:
    """Remember the person's language so every page and email follows it from now on."""
    if language not in {code for code, _name in settings.LANGUAGES}:
        return
    AgentProfile.objects.filter(user=user).update(language=language)
