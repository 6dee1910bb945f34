from __future__ import annotations

import itertools
from typing import Any

import pytest
from django.core.cache import caches
from django.test import Client
from huey.contrib.djhuey import HUEY as huey

from otklik.accounts.models import Line, Role, Team
from otklik.accounts.services import agent_create, api_token_issue, forget_token_cache
from otklik.desk.services.common import forget_default_teams

_names = itertools.count(1)


@pytest.fixture(autouse=True)
def _isolated(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    # Tasks run in-process and at once, as the worker would run them.
    huey.immediate = True
    forget_token_cache()
    forget_default_teams()
    # Rate-limit counters and lockouts (otklik.core.ratelimit) must not carry over from one test to the next.
    caches["shared"].clear()


@pytest.fixture
def team_l1(db: None) -> Team:
    return Team.objects.create(name="Первая линия", line=Line.FIRST, is_default=True)


@pytest.fixture
def team_l2(db: None) -> Team:
    return Team.objects.create(name="Вторая линия", line=Line.SECOND)


@pytest.fixture
def team_other(db: None) -> Team:
    return Team.objects.create(name="Корпоративные клиенты", line=Line.FIRST)


def make_user(role: str = Role.AGENT, teams: list[Team] | None = None, **extra: Any) -> Any:
    n = next(_names)
    return agent_create(username=f"user{n}", password="pw-123456", role=role, teams=teams or [],
                        first_name=f"Agent{n}", **extra)  # fmt: skip


@pytest.fixture
def agent(team_l1: Team) -> Any:
    return make_user(Role.AGENT, [team_l1])


@pytest.fixture
def supervisor(db: None) -> Any:
    return make_user(Role.SUPERVISOR)


class ApiClient:
    """The JSON API as a client sees it: bearer token, JSON in and out."""

    def __init__(self, user: Any) -> None:
        self.client = Client()
        self.token = api_token_issue(user=user)
        self.headers = {"Authorization": f"Bearer {self.token}"}

    def _call(self, method: str, path: str, data: Any = None, **kwargs: Any) -> Any:
        func = getattr(self.client, method)
        if data is not None and method != "get":
            kwargs.setdefault("content_type", "application/json")
        return func(f"/api/v1{path}", data=data, headers=self.headers, **kwargs)

    def get(self, path: str, params: Any = None) -> Any:
        return self._call("get", path, params)

    def post(self, path: str, data: Any = None, **kwargs: Any) -> Any:
        return self._call("post", path, data if data is not None else {}, **kwargs)

    def patch(self, path: str, data: Any) -> Any:
        return self._call("patch", path, data)


@pytest.fixture
def api_agent(agent: Any) -> ApiClient:
    return ApiClient(agent)


@pytest.fixture
def api_supervisor(supervisor: Any, team_l1: Team) -> ApiClient:
    return ApiClient(supervisor)
