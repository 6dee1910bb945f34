"""Password guessing at the desk's and the admin's sign-in pages is locked out with 429."""

from __future__ import annotations

import time

import pytest
from django.test import Client

from otklik.accounts.models import Role
from tests.factories import make_user

PASSWORD = "pw-123456"  # what make_user sets
pytestmark = pytest.mark.django_db


def _post(client: Client, path: str, username: str, password: str, address: str = "198.51.100.7"):
    return client.post(path, {"username": username, "password": password}, REMOTE_ADDR=address,
                       HTTP_ACCEPT_LANGUAGE="en")  # fmt: skip


@pytest.mark.parametrize("path", ["/login/", "/admin/login/"])
def test_ten_wrong_passwords_lock_out_the_account_from_that_address(path, caplog):
    user = make_user(Role.ADMIN)
    user.is_staff = True  # the admin signs in staff only
    user.save(update_fields=["is_staff"])
    client = Client()
    statuses = [_post(client, path, user.username, "wrong").status_code for _ in range(10)]
    assert statuses == [200] * 9 + [429]
    # Even the right password is refused now, with the wait in the page and in Retry-After.
    locked = _post(client, path, user.username, PASSWORD)
    assert locked.status_code == 429
    assert 14 * 60 < int(locked["Retry-After"]) <= 15 * 60
    assert "Too many failed sign-in attempts. Try again in 15 minutes." in locked.content.decode()
    assert "_auth_user_id" not in client.session
    warnings = [r for r in caplog.records if r.name == "otklik.core.ratelimit" and r.levelname == "WARNING"]
    assert warnings and "198.51.100.7" in warnings[0].getMessage()
    # Another address is not affected.
    assert _post(Client(), path, user.username, PASSWORD, address="198.51.100.8").status_code == 302


def test_one_address_trying_many_accounts_is_locked_out():
    victim = make_user()
    client = Client()
    statuses = [_post(client, "/login/", f"guess{n}", "wrong").status_code for n in range(10)]
    assert statuses[-1] == 429
    assert _post(client, "/login/", victim.username, PASSWORD).status_code == 429


def test_the_lockout_ends(settings):
    settings.LOGIN_LOCKOUT_SECONDS = 1
    user = make_user()
    client = Client()
    for _ in range(10):
        _post(client, "/login/", user.username, "wrong")
    assert _post(client, "/login/", user.username, PASSWORD).status_code == 429
    time.sleep(1.1)
    assert _post(client, "/login/", user.username, PASSWORD).status_code == 302


def test_a_few_typos_still_sign_in():
    user = make_user()
    client = Client()
    for _ in range(3):
        response = _post(client, "/login/", user.username, "wrong")
        assert response.status_code == 200
        assert "The username or password is wrong" in response.content.decode()
    assert _post(client, "/login/", user.username, PASSWORD).status_code == 302
