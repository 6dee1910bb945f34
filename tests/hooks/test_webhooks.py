"""Webhooks against a real HTTP receiver on loopback."""

from __future__ import annotations

import json
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from django.utils import timezone

from otklik.hooks.models import DeliveryStatus, WebhookDelivery, WebhookEndpoint
from otklik.hooks.services import backoff, webhook_attempt, webhooks_due
from otklik.hooks.signing import verify
from otklik.hooks.tasks import sweep_webhooks

pytestmark = pytest.mark.django_db(transaction=True)


class Receiver:
    """A tiny HTTP server that records what it got and answers with a configurable status."""

    def __init__(self) -> None:
        self.requests: list[dict[str, Any]] = []
        self.status = 200
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.requests.append({"headers": dict(self.headers), "body": body})
                self.send_response(receiver.status)
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    server = Receiver()
    yield server
    server.close()


def _open_ticket(api: Any) -> int:
    response = api.post("/tickets", {"customer": {"email": "olga@example.ru"}, "body": "Спасибо за помощь!"})
    assert response.status_code == 201
    return response.json()["id"]


def test_event_is_delivered_signed(api_supervisor, receiver):
    endpoint = WebhookEndpoint.objects.create(url=receiver.url, event_types=["ticket.opened"])
    ticket_id = _open_ticket(api_supervisor)

    assert len(receiver.requests) == 1
    request = receiver.requests[0]
    headers = {k.lower(): v for k, v in request["headers"].items()}
    assert headers["x-otklik-event"] == "ticket.opened"
    assert verify(endpoint.secret, int(headers["x-otklik-timestamp"]), request["body"], headers["x-otklik-signature"])
    assert not verify(
        "other-secret", int(headers["x-otklik-timestamp"]), request["body"], headers["x-otklik-signature"]
    )
    payload = json.loads(request["body"])
    assert payload["ticket"]["id"] == ticket_id
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == (DeliveryStatus.DELIVERED, 1, 200)


def test_endpoint_gets_only_its_event_types(api_supervisor, receiver):
    WebhookEndpoint.objects.create(url=receiver.url, event_types=["message.reply"])
    ticket_id = _open_ticket(api_supervisor)
    assert receiver.requests == []
    api_supervisor.post(f"/tickets/{ticket_id}/messages", {"direction": "outbound", "body": "Рады помочь"})
    assert [json.loads(r["body"])["event"] for r in receiver.requests] == ["message.reply"]


def test_failing_endpoint_never_blocks_the_ticket_and_retries_with_backoff(api_supervisor, receiver):
    receiver.status = 500
    WebhookEndpoint.objects.create(url=receiver.url, event_types=["ticket.opened"])
    ticket_id = _open_ticket(api_supervisor)
    assert api_supervisor.get(f"/tickets/{ticket_id}").status_code == 200

    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == (DeliveryStatus.PENDING, 1, 500)
    assert delivery.next_attempt_at > timezone.now() + timedelta(seconds=10)
    assert webhooks_due() == []  # not due yet

    receiver.status = 200
    WebhookDelivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())
    sweep_webhooks.call_local()
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.DELIVERED, 2)


def test_unreachable_endpoint_gives_up_after_max_attempts(api_supervisor, settings):
    settings.WEBHOOK_MAX_ATTEMPTS = 3
    WebhookEndpoint.objects.create(url="http://127.0.0.1:9/closed", event_types=["ticket.opened"])
    _open_ticket(api_supervisor)
    delivery = WebhookDelivery.objects.get()
    for _ in range(2):
        WebhookDelivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())
        webhook_attempt(delivery_id=delivery.pk)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.FAILED, 3)
    assert "ConnectError" in delivery.last_error


def test_a_claimed_delivery_is_not_sent_twice(api_supervisor, receiver):
    receiver.status = 500
    WebhookEndpoint.objects.create(url=receiver.url, event_types=["ticket.opened"])
    _open_ticket(api_supervisor)
    delivery = WebhookDelivery.objects.get()
    assert webhook_attempt(delivery_id=delivery.pk) is None  # leased / not due: skipped
    assert len(receiver.requests) == 1


def test_backoff_grows_and_is_capped():
    assert [backoff(n).total_seconds() for n in (1, 2, 3, 4)] == [15, 30, 60, 120]
    assert backoff(30).total_seconds() == 3600


def test_nothing_is_sent_for_a_rolled_back_change(api_supervisor, receiver):
    ticket_id = _open_ticket(api_supervisor)
    WebhookEndpoint.objects.create(url=receiver.url)  # every event type
    response = api_supervisor.patch(f"/tickets/{ticket_id}", {"priority": "high", "team_id": 9999})
    assert response.status_code == 422
    assert receiver.requests == []
    assert not WebhookDelivery.objects.exists()
