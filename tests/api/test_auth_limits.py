"""Token guessing is locked out and each token's request rate is limited, in the API's error shape."""

from __future__ import annotations

import pytest
from django.test import Client

from otklik.accounts.services import api_token_issue
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def _get(token: str | None, address: str = "192.0.2.10"):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return Client().get("/api/v1/tickets", headers=headers, REMOTE_ADDR=address, HTTP_ACCEPT_LANGUAGE="en")


def _assert_rate_limited(response, longest: int) -> None:
    assert response.status_code == 429
    body = response.json()
    assert body["error"] == "rate_limited" and body["field"] is None
    assert body["message"].startswith("Too many requests. Try again in")
    assert 0 < int(response["Retry-After"]) <= longest


def test_ten_wrong_tokens_lock_out_the_address(agent, caplog):
    good = api_token_issue(user=agent)
    statuses = [_get(f"otk_guess{n:03d}xxxxxxxx").status_code for n in range(9)]
    assert statuses == [401] * 9
    _assert_rate_limited(_get("otk_guess999xxxxxxxx"), 15 * 60)
    # The lockout is checked before the token: a good one from the same address waits too.
    _assert_rate_limited(_get(good), 15 * 60)
    assert any(r.levelname == "WARNING" and "192.0.2.10" in r.getMessage() for r in caplog.records)
    assert _get(good, address="192.0.2.11").status_code == 200


def test_requests_without_a_token_are_not_counted_as_guesses(agent):
    assert {_get(None).status_code for _ in range(12)} == {401}
    assert _get(api_token_issue(user=agent)).status_code == 200


def test_each_token_has_its_own_request_rate(agent, settings, caplog):
    settings.API_RATE_LIMIT = (3, 60)
    busy, other = api_token_issue(user=agent), api_token_issue(user=make_user())
    assert [_get(busy).status_code for _ in range(3)] == [200, 200, 200]
    _assert_rate_limited(_get(busy), 60)
    assert _get(other).status_code == 200
    assert any("Rate limit 3/60 s exceeded" in r.getMessage() for r in caplog.records)
