from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import caches
from huey.contrib.djhuey import HUEY as huey

from otklik.accounts.models import Line, Role, Team
from otklik.accounts.services import forget_token_cache
from otklik.desk.services.common import forget_default_teams
from tests.clients import ApiClient
from tests.factories import AgentFactory, SupervisorFactory, TeamFactory, make_user

# Kept importable from here for tests written before tests/factories.py and tests/clients.py.
__all__ = ["ApiClient", "make_user"]


@pytest.fixture(autouse=True)
def _isolated(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    # PBKDF2 costs a quarter of a second or more per password set or checked; tests check the
    # password, not the hasher.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Tasks run in-process and at once, as the worker would run them.
    huey.immediate = True
    forget_token_cache()
    forget_default_teams()
    # Rate-limit counters and lockouts (otklik.core.ratelimit) must not carry over from one test to the next.
    caches["shared"].clear()


@pytest.fixture
def team_l1(db: None) -> Team:
    return TeamFactory(name="Первая линия", line=Line.FIRST, is_default=True)


@pytest.fixture
def team_l2(db: None) -> Team:
    return TeamFactory(name="Вторая линия", line=Line.SECOND)


@pytest.fixture
def team_other(db: None) -> Team:
    return TeamFactory(name="Корпоративные клиенты", line=Line.FIRST)


@pytest.fixture
def agent(team_l1: Team) -> Any:
    return AgentFactory(role=Role.AGENT, teams=[team_l1])


@pytest.fixture
def supervisor(db: None) -> Any:
    return SupervisorFactory()


@pytest.fixture
def api_agent(agent: Any) -> ApiClient:
    return ApiClient(agent)


@pytest.fixture
def api_supervisor(supervisor: Any, team_l1: Team) -> ApiClient:
    return ApiClient(supervisor)
