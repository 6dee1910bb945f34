"""Sending webhooks: per-endpoint slots, the circuit breaker, the retry schedule and deactivation.

Real HTTP receivers on loopback (tests/hooks/receivers.py); a hanging receiver holds its requests
until the test lets go, so the assertions are about order and counts, not about wall-clock time.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import AbstractContextManager, nullcontext
from datetime import UTC, timedelta
from typing import Any

import httpx
import pytest
from django.db import connection
from django.utils import timezone
from huey.contrib.djhuey import HUEY

from otklik.desk.models import Event
from otklik.hooks import delivery as hooks_delivery
from otklik.hooks.delivery import DEACTIVATED, Skip, _claim, deliveries_send_soon
from otklik.hooks.models import CircuitState, DeliveryStatus, WebhookDelivery, WebhookEndpoint
from otklik.hooks.senders import Senders
from otklik.hooks.services import (
    backoff,
    webhook_attempt,
    webhook_endpoint_close_circuit,
    webhook_endpoint_set_active,
    webhook_redeliver,
    webhooks_due,
)
from otklik.hooks.signing import verify
from otklik.hooks.tasks import sweep_webhooks
from tests.hooks.receivers import Receiver, wait_for

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def receivers() -> Iterator[list[Receiver]]:
    made: list[Receiver] = []
    yield made
    for receiver in made:
        receiver.close()


@pytest.fixture
def make_receiver(receivers: list[Receiver]) -> Any:
    def make(status: int = 200, **kwargs: Any) -> Receiver:
        receiver = Receiver(status, **kwargs)
        receivers.append(receiver)
        return receiver

    return make


@pytest.fixture(autouse=True)
def _no_leftover_wakeups() -> Iterator[None]:
    yield
    HUEY.flush()  # immediate mode keeps scheduled wake-ups in memory


def _deliveries(endpoint: WebhookEndpoint, count: int) -> list[int]:
    """Outbox rows as the creation side writes them: due now, one event each."""
    now = timezone.now()
    ids = []
    for n in range(count):
        event = Event.objects.create(verb="ticket.opened", created_at=now, after={"n": n})
        payload = {"event": event.verb, "event_id": event.pk, "n": n}
        ids.append(WebhookDelivery.objects.create(endpoint=endpoint, event=event, payload=payload,
                                                  next_attempt_at=now).pk)  # fmt: skip
    return ids


def _statuses(ids: list[int]) -> list[str]:
    by_id = dict(WebhookDelivery.objects.filter(pk__in=ids).values_list("pk", "status"))
    return [by_id[pk] for pk in ids]


# --- One hanging endpoint cannot hold back the others --------------------------------------------

_db_lock = threading.Lock()


def _db_turn() -> AbstractContextManager[Any]:
    """The test database's turn for one thread at a time, on SQLite only.

    The SQLite test database lives in memory with a shared cache, which refuses a second writer at once
    ("database table is locked") instead of queueing it on the busy timeout as the real database file
    does. The requests themselves still run side by side: only the claim and the record take turns.
    """
    return _db_lock if connection.vendor == "sqlite" else nullcontext()


def _send_taking_turns(delivery_id: int, client: httpx.Client) -> object:
    with _db_turn():
        claimed = hooks_delivery._claim(delivery_id)
    if isinstance(claimed, Skip):
        return claimed
    answer = hooks_delivery._post(claimed, client)
    with _db_turn():
        return hooks_delivery._record_attempt(claimed, *answer)


def _statuses_now(ids: list[int]) -> list[str]:
    with _db_turn():
        return _statuses(ids)


def test_a_hanging_endpoint_holds_only_its_own_slots(settings, make_receiver):
    settings.WEBHOOK_MAX_IN_FLIGHT_PER_ENDPOINT = 2
    settings.WEBHOOK_TIMEOUT_SECONDS = 120  # the hanging receiver answers when the test lets it
    hanging, healthy = make_receiver(hang=True), make_receiver()
    slow = WebhookEndpoint.objects.create(url=hanging.url)
    fine = WebhookEndpoint.objects.create(url=healthy.url)
    slow_ids = _deliveries(slow, 6)
    fine_ids = _deliveries(fine, 10)
    senders = Senders(threads=4, per_endpoint=2, timeout=120, send=_send_taking_turns)

    # The hanging endpoint's rows go first, as they would after a burst of its events.
    with _db_turn():
        senders.submit(slow_ids)
        senders.submit(fine_ids)

    assert wait_for(lambda: len(healthy.requests) == 10)
    assert wait_for(lambda: _statuses_now(fine_ids) == [DeliveryStatus.DELIVERED] * 10)
    # Every healthy delivery is done while the hanging endpoint still holds its two requests.
    assert hanging.in_flight == 2
    assert hanging.max_in_flight == 2
    assert len(hanging.requests) == 2
    assert sorted(_statuses_now(slow_ids)) == [DeliveryStatus.PENDING] * 4 + [DeliveryStatus.SENDING] * 2
    assert senders.in_flight(slow.pk) == 2
    # The healthy endpoint got each event once (two at a time, so not strictly in order).
    assert sorted(json.loads(r["body"])["n"] for r in healthy.requests) == list(range(10))

    hanging.release()
    assert senders.wait_idle(timeout=60)
    assert _statuses(slow_ids) == [DeliveryStatus.DELIVERED] * 6
    assert len(hanging.requests) == 6
    assert hanging.max_in_flight == 2


def test_the_limit_per_endpoint_holds_across_worker_processes():
    """The claim counts the endpoint's leased rows in the database, so a second sender pool is refused too."""
    endpoint = WebhookEndpoint.objects.create(url="http://127.0.0.1:9/never")
    first, second, third = _deliveries(endpoint, 3)
    assert not isinstance(_claim(first), Skip)
    assert not isinstance(_claim(second), Skip)
    assert _claim(third) is Skip.ENDPOINT_BUSY
    assert _statuses([first, second, third]) == [DeliveryStatus.SENDING] * 2 + [DeliveryStatus.PENDING]


def test_a_claimed_row_whose_sender_died_is_due_again_after_its_lease(make_receiver):
    receiver = make_receiver()
    endpoint = WebhookEndpoint.objects.create(url=receiver.url)
    [pk] = _deliveries(endpoint, 1)
    assert not isinstance(_claim(pk), Skip)  # …and the worker is killed before it records anything
    assert webhooks_due() == []
    WebhookDelivery.objects.filter(pk=pk).update(next_attempt_at=timezone.now())  # the lease ran out
    assert webhooks_due() == [pk]
    sweep_webhooks.call_local()
    assert _statuses([pk]) == [DeliveryStatus.DELIVERED]
    assert len(receiver.requests) == 1


# --- Retries at 15 s, 30 s, 1 min … ---------------------------------------------------------------


def test_backoff_schedule():
    assert [backoff(n).total_seconds() for n in range(1, 10)] == [15, 30, 60, 120, 240, 480, 960, 1920, 3600]


def test_a_failed_attempt_schedules_its_wakeup_for_the_moment_it_falls_due(make_receiver):
    receiver = make_receiver(500)
    endpoint = WebhookEndpoint.objects.create(url=receiver.url)
    [pk] = _deliveries(endpoint, 1)
    before = timezone.now()
    webhook_attempt(delivery_id=pk)
    after = timezone.now()

    row = WebhookDelivery.objects.get(pk=pk)
    assert (row.status, row.attempts, row.last_status_code) == (DeliveryStatus.PENDING, 1, 500)
    assert before + timedelta(seconds=15) <= row.next_attempt_at <= after + timedelta(seconds=15)
    [wakeup] = HUEY.scheduled()
    assert wakeup.name.endswith("send_webhooks")
    assert wakeup.args == ([pk],)
    eta = wakeup.eta.replace(tzinfo=UTC) if HUEY.utc else wakeup.eta.astimezone(UTC)
    assert row.next_attempt_at <= eta <= row.next_attempt_at + timedelta(seconds=1)

    # The second failure waits 30 s.
    WebhookDelivery.objects.filter(pk=pk).update(next_attempt_at=timezone.now())
    before = timezone.now()
    webhook_attempt(delivery_id=pk)
    row.refresh_from_db()
    assert row.attempts == 2
    assert before + timedelta(seconds=30) <= row.next_attempt_at <= timezone.now() + timedelta(seconds=30)


def test_send_soon_never_raises_when_the_queue_is_down(monkeypatch, make_receiver):
    receiver = make_receiver()
    endpoint = WebhookEndpoint.objects.create(url=receiver.url)
    ids = _deliveries(endpoint, 2)

    def queue_down(*args: Any, **kwargs: Any) -> None:
        raise ConnectionError("queue is down")

    monkeypatch.setattr("otklik.hooks.tasks.send_webhooks", queue_down)
    deliveries_send_soon(ids)  # logs, does not raise
    assert receiver.requests == []
    monkeypatch.undo()
    sweep_webhooks.call_local()  # the safety net finds them in the table
    assert _statuses(ids) == [DeliveryStatus.DELIVERED] * 2


# --- The circuit breaker --------------------------------------------------------------------------


def test_the_circuit_opens_after_failures_in_a_row_and_postpones_the_rest(settings, make_receiver):
    settings.WEBHOOK_BREAKER_FAILURES = 3
    settings.WEBHOOK_BREAKER_COOLDOWN_SECONDS = 60
    receiver = make_receiver(503)
    endpoint = WebhookEndpoint.objects.create(url=receiver.url)
    ids = _deliveries(endpoint, 5)
    for pk in ids:
        webhook_attempt(delivery_id=pk)

    endpoint.refresh_from_db()
    assert (endpoint.circuit_state, endpoint.consecutive_failures) == (CircuitState.OPEN, 3)
    assert endpoint.circuit_retry_at is not None
    assert endpoint.circuit_retry_at > timezone.now() + timedelta(seconds=55)
    assert len(receiver.requests) == 3  # the last two were not attempted
    rows = list(WebhookDelivery.objects.filter(pk__in=ids).order_by("pk"))
    assert [r.attempts for r in rows] == [1, 1, 1, 0, 0]
    assert {r.next_attempt_at for r in rows} == {endpoint.circuit_retry_at}  # postponed, visibly
    assert webhooks_due() == []
    # One wake-up for the endpoint at the end of the cool-down, not one per row.
    assert [t.name.rsplit(".", 1)[-1] for t in HUEY.scheduled()].count("wake_webhook_endpoint") == 1

    # Even a row someone marks due is held back while the circuit is open.
    WebhookDelivery.objects.filter(pk=ids[4]).update(next_attempt_at=timezone.now())
    assert _claim(ids[4]) is Skip.CIRCUIT_OPEN
    assert len(receiver.requests) == 3


def _cool_down_passes(endpoint: WebhookEndpoint) -> None:
    past = timezone.now() - timedelta(seconds=1)
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(circuit_retry_at=past)
    WebhookDelivery.objects.filter(endpoint=endpoint, status=DeliveryStatus.PENDING).update(next_attempt_at=past)


def test_after_the_cool_down_one_trial_goes_and_its_success_closes_the_circuit(settings, make_receiver):
    settings.WEBHOOK_BREAKER_FAILURES = 2
    receiver = make_receiver(500)
    endpoint = WebhookEndpoint.objects.create(url=receiver.url)
    ids = _deliveries(endpoint, 4)
    for pk in ids[:2]:
        webhook_attempt(delivery_id=pk)
    _cool_down_passes(endpoint)

    trial = _claim(ids[2])
    assert isinstance(trial, WebhookDelivery)
    endpoint.refresh_from_db()
    assert endpoint.circuit_state == CircuitState.HALF_OPEN
    assert _claim(ids[3]) is Skip.CIRCUIT_OPEN  # one trial at a time
    assert webhooks_due() == []

    # The trial is sent and answered fine: the circuit closes and the backlog is sent at once.
    receiver.status = 200
    hooks_delivery._record_attempt(trial, *hooks_delivery._post(trial, None))
    endpoint.refresh_from_db()
    assert (endpoint.circuit_state, endpoint.consecutive_failures, endpoint.circuit_retry_at) == (
        CircuitState.CLOSED, 0, None
    )  # fmt: skip
    assert _statuses(ids) == [DeliveryStatus.DELIVERED] * 4
    assert len(receiver.requests) == 2 + 4


def test_a_failed_trial_opens_the_circuit_again(settings, make_receiver):
    settings.WEBHOOK_BREAKER_FAILURES = 2
    receiver = make_receiver(500)
    endpoint = WebhookEndpoint.objects.create(url=receiver.url)
    ids = _deliveries(endpoint, 3)
    for pk in ids[:2]:
        webhook_attempt(delivery_id=pk)
    _cool_down_passes(endpoint)

    webhook_attempt(delivery_id=ids[2])  # the trial, and it fails
    endpoint.refresh_from_db()
    assert endpoint.circuit_state == CircuitState.OPEN
    assert endpoint.circuit_retry_at is not None
    assert endpoint.circuit_retry_at > timezone.now() + timedelta(seconds=50)
    assert len(receiver.requests) == 3
    assert webhooks_due() == []


def test_a_success_resets_the_count_of_failures_in_a_row(settings, make_receiver):
    settings.WEBHOOK_BREAKER_FAILURES = 3
    receiver = make_receiver(500)
    endpoint = WebhookEndpoint.objects.create(url=receiver.url)
    ids = _deliveries(endpoint, 5)
    for pk, status in zip(ids, [500, 500, 200, 500, 500], strict=True):
        receiver.status = status
        webhook_attempt(delivery_id=pk)
    endpoint.refresh_from_db()
    assert (endpoint.circuit_state, endpoint.consecutive_failures) == (CircuitState.CLOSED, 2)


def test_an_admin_can_close_the_circuit(settings, make_receiver):
    settings.WEBHOOK_BREAKER_FAILURES = 1
    receiver = make_receiver(500)
    endpoint = WebhookEndpoint.objects.create(url=receiver.url)
    ids = _deliveries(endpoint, 3)
    webhook_attempt(delivery_id=ids[0])
    receiver.status = 200
    webhook_endpoint_close_circuit(endpoint=endpoint)
    assert _statuses(ids) == [DeliveryStatus.DELIVERED] * 3


# --- Deactivation ---------------------------------------------------------------------------------


def test_deactivating_an_endpoint_cancels_its_waiting_deliveries(make_receiver):
    receiver = make_receiver()
    endpoint = WebhookEndpoint.objects.create(url=receiver.url)
    other = WebhookEndpoint.objects.create(url=receiver.url, description="other")
    ids = _deliveries(endpoint, 3)
    other_ids = _deliveries(other, 1)

    assert webhook_endpoint_set_active(endpoint=endpoint, is_active=False) == 3
    assert _statuses(ids) == [DeliveryStatus.CANCELLED] * 3
    assert set(WebhookDelivery.objects.filter(pk__in=ids).values_list("last_error", flat=True)) == {DEACTIVATED}
    deliveries_send_soon(ids + other_ids)
    sweep_webhooks.call_local()
    assert len(receiver.requests) == 1  # only the other endpoint's
    assert _statuses(other_ids) == [DeliveryStatus.DELIVERED]


def test_a_row_of_an_endpoint_switched_off_behind_the_services_back_is_never_sent(make_receiver):
    receiver = make_receiver()
    endpoint = WebhookEndpoint.objects.create(url=receiver.url)
    ids = _deliveries(endpoint, 2)
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(is_active=False)
    assert _claim(ids[0]) is Skip.INACTIVE
    assert webhook_attempt(delivery_id=ids[1]) is None
    assert receiver.requests == []
    assert _statuses(ids) == [DeliveryStatus.CANCELLED] * 2


def test_reactivation_resets_the_circuit_and_leaves_cancelled_rows_to_the_admin(settings, make_receiver):
    settings.WEBHOOK_BREAKER_FAILURES = 1
    receiver = make_receiver(500)
    endpoint = WebhookEndpoint.objects.create(url=receiver.url)
    ids = _deliveries(endpoint, 2)
    webhook_attempt(delivery_id=ids[0])  # opens the circuit
    webhook_endpoint_set_active(endpoint=endpoint, is_active=False)
    receiver.status = 200

    webhook_endpoint_set_active(endpoint=endpoint, is_active=True)
    endpoint.refresh_from_db()
    assert (endpoint.circuit_state, endpoint.consecutive_failures) == (CircuitState.CLOSED, 0)
    assert _statuses(ids) == [DeliveryStatus.CANCELLED] * 2
    sweep_webhooks.call_local()
    assert len(receiver.requests) == 1

    webhook_redeliver(delivery=WebhookDelivery.objects.get(pk=ids[1]))  # "Deliver again" in the admin
    assert _statuses(ids) == [DeliveryStatus.CANCELLED, DeliveryStatus.DELIVERED]
    body = receiver.requests[-1]
    headers = {k.lower(): v for k, v in body["headers"].items()}
    assert verify(endpoint.secret, int(headers["x-otklik-timestamp"]), body["body"], headers["x-otklik-signature"])


def test_the_admin_deactivates_and_shows_the_circuit(admin_client, make_receiver):
    receiver = make_receiver()
    endpoint = WebhookEndpoint.objects.create(url=receiver.url, description="CRM")
    ids = _deliveries(endpoint, 2)
    page = admin_client.get("/admin/hooks/webhookendpoint/")
    assert page.status_code == 200
    assert "circuit_state" in page.content.decode()  # the breaker's column

    response = admin_client.post(
        "/admin/hooks/webhookendpoint/", {"action": "deactivate", "_selected_action": [endpoint.pk]}
    )
    assert response.status_code == 302
    endpoint.refresh_from_db()
    assert not endpoint.is_active
    assert _statuses(ids) == [DeliveryStatus.CANCELLED] * 2
