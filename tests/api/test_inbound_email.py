"""POST /api/v1/inbound/email: pushed mail takes the same path as IMAP and the pipe."""

from __future__ import annotations

from email.message import EmailMessage

import pytest

from otklik.intake.models import InboundMail
from tests.clients import ApiClient

pytestmark = pytest.mark.django_db


def _raw(message_id: str = "<push1@mail.example>") -> bytes:
    message = EmailMessage()
    message["From"] = "Ольга <olga@example.ru>"
    message["Subject"] = "Где заказ?"
    message["Message-ID"] = message_id
    message.set_content("Заказ 4411 не пришёл.")
    return bytes(message)


def _push(api: ApiClient, body: bytes):
    return api.client.post("/api/v1/inbound/email", data=body, content_type="message/rfc822", headers=api.headers)


def test_pushed_mail_opens_a_ticket_and_a_retry_is_a_duplicate(supervisor, team_l1):
    api = ApiClient(supervisor)
    first = _push(api, _raw())
    assert first.status_code == 201 and first.json()["outcome"] == "new"
    again = _push(api, _raw())
    assert again.status_code == 200
    assert again.json() == {**first.json(), "outcome": "duplicate"}


def test_junk_is_kept_in_the_quarantine_and_answered_2xx(supervisor, team_l1):
    response = _push(ApiClient(supervisor), b"\x00\x01 this is not mail")
    assert response.status_code == 200 and response.json()["outcome"] == "quarantined"
    assert InboundMail.objects.get().outcome == "quarantined"


def test_an_agents_token_may_not_push_mail_and_an_empty_body_is_refused(agent, supervisor, team_l1):
    refused = _push(ApiClient(agent), _raw())
    assert refused.status_code == 403 and refused.json()["error"] == "forbidden"
    empty = _push(ApiClient(supervisor), b"  ")
    assert empty.status_code == 422 and empty.json()["field"] == "body"
    assert InboundMail.objects.count() == 0


def test_no_token_is_401(team_l1):
    from django.test import Client

    assert Client().post("/api/v1/inbound/email", data=_raw(), content_type="message/rfc822").status_code == 401
