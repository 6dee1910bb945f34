"""Schemathesis against the API's own OpenAPI schema: no generated request, valid or not, may
answer with a server error, and every answer must match the schema it declares.

Runs on the suite's database (SQLite, and PostgreSQL in CI), so text the database cannot store is
caught here too. The bigger campaign is ``python -m bench.fuzz_api`` (docs/api-fuzzing.md).
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import response_schema_conformance

from otklik.accounts.models import Role
from otklik.accounts.services import api_token_issue
from otklik.api.api import api
from tests.conftest import ApiClient, make_user

pytestmark = pytest.mark.django_db

EXAMPLES = 25  # per operation and mode: 13 operations x 2 modes x 25 ≈ 650 requests
OPERATIONS = [(method.upper(), path) for path, ops in api.get_openapi_schema()["paths"].items() for method in ops]


class InTestTransaction(WSGIHandler):
    """The real WSGI application inside the test's transaction: like Django's test client, keep
    the request signals from closing the connection that holds it (the test client reconnects
    them after each of its own requests, so they are set aside per request here)."""

    def __call__(self, environ: dict, start_response: Any) -> list[bytes]:
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        try:
            response = super().__call__(environ, start_response)
            body = b"".join(response)
            response.close()
            return [body]
        finally:
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)


@pytest.fixture
def app(settings: Any) -> WSGIHandler:
    settings.ALLOWED_HOSTS = ["*"]
    settings.API_RATE_LIMIT = None
    return InTestTransaction()


@pytest.fixture
def token(team_l1: Any) -> str:
    supervisor = make_user(role=Role.SUPERVISOR, teams=[team_l1])
    client = ApiClient(supervisor)
    for email in ("ivan@example.ru", "olga@example.ru"):  # something to find, update and merge
        assert client.post("/tickets", {"customer": {"email": email}, "body": "Где мой заказ?"}).status_code == 201
    return api_token_issue(user=supervisor)


@pytest.mark.parametrize(("method", "path"), OPERATIONS)
@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_no_server_errors_and_answers_match_the_schema(app: WSGIHandler, token: str, method, path, mode) -> None:
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    operation = schema[path][method]
    headers = {"Authorization": f"Bearer {token}"}

    @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
              suppress_health_check=list(HealthCheck))  # fmt: skip
    @given(case=operation.as_strategy(generation_mode=mode))
    def check(case: Any) -> None:
        response = case.call(headers=headers)
        case.validate_response(response, checks=[not_a_server_error, response_schema_conformance])

    check()
