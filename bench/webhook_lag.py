"""``python -m bench.webhook_lag``: does one hanging endpoint delay the others' webhooks?

A real worker (``otklik run_huey``, its own process) sends to three receivers on loopback: one that
hangs for 30 s on every request (longer than the 10 s timeout), one that answers at once, and one that
answers 500 at once. Deliveries for the hanging and the healthy endpoint are written at a steady rate
for a minute (outbox rows plus ``deliveries_send_soon``, as the creation side does); the failing
endpoint gets a single delivery at the start, so its retries show the backoff schedule without its
circuit opening. Reported: the healthy endpoint's lag from writing a row to its arrival (p50, p95,
max; target p95 under 5 s), the failing endpoint's retry delays (target 15 s, then 30 s), and how many
requests the hanging endpoint ever had in flight at once.

Runs in a throw-away directory (its own SQLite database and task queue), so it touches nothing else.
Options: ``--seconds 60 --rate 2`` (events a second, each with one delivery per endpoint).
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HANG_SECONDS = 30.0


def _setup(var_dir: Path) -> None:
    os.environ.update(
        {"OTKLIK_DEV": "1", "OTKLIK_VAR_DIR": str(var_dir), "DJANGO_SETTINGS_MODULE": "otklik.config.settings"}
    )
    os.environ.pop("DATABASE_URL", None)
    os.environ.pop("REDIS_URL", None)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def _write(endpoints: list[Any], n: int) -> list[int]:
    from django.db import transaction
    from django.utils import timezone

    from otklik.desk.models import Event
    from otklik.hooks.models import WebhookDelivery

    now = timezone.now()
    with transaction.atomic():
        # A verb no bench endpoint subscribes to, so the event feed's own consumer adds no rows of its own.
        event = Event.objects.create(verb="ticket.opened", created_at=now, after={"n": n})
        payload = {"event": "bench", "n": n, "written_at": time.time()}
        rows = [WebhookDelivery.objects.create(endpoint=e, event=event, payload=payload, next_attempt_at=now)
                for e in endpoints]  # fmt: skip
    return [row.pk for row in rows]


def run(seconds: float, rate: float) -> dict[str, Any]:
    var_dir = Path(tempfile.mkdtemp(prefix="otklik-webhook-lag-"))
    _setup(var_dir)
    from django.conf import settings

    from bench import machine
    from otklik.hooks.delivery import deliveries_send_soon
    from otklik.hooks.models import WebhookEndpoint
    from tests.hooks.receivers import Receiver

    hanging = Receiver(hang=True, hold_seconds=HANG_SECONDS)
    healthy, failing = Receiver(200), Receiver(500)
    never = ["ticket.closed"]
    slow = WebhookEndpoint.objects.create(url=hanging.url, description="hangs", event_types=never)
    fine = WebhookEndpoint.objects.create(url=healthy.url, description="healthy", event_types=never)
    broken = WebhookEndpoint.objects.create(url=failing.url, description="answers 500", event_types=never)

    worker = subprocess.Popen([sys.executable, "-m", "otklik.cli", "run_huey", "--quiet"], env=os.environ.copy())
    try:
        time.sleep(2.0)  # the consumer starts
        deliveries_send_soon(_write([broken], -1))
        start, n = time.monotonic(), 0
        while time.monotonic() - start < seconds:
            deliveries_send_soon(_write([slow, fine], n))
            n += 1
            time.sleep(max(0.0, start + n / rate - time.monotonic()))
        deadline = time.monotonic() + 20
        while len(healthy.requests) < n and time.monotonic() < deadline:
            time.sleep(0.1)
    finally:
        worker.terminate()
        worker.wait(timeout=30)

    lags = [r["at"] - json.loads(r["body"])["written_at"] for r in healthy.requests]
    failed_at = [r["at"] for r in failing.requests]
    slow.refresh_from_db()
    result = {
        "command": "python -m bench.webhook_lag " + f"--seconds {seconds:g} --rate {rate:g}",
        "machine": machine.describe(),
        "settings": {
            "WEBHOOK_TIMEOUT_SECONDS": settings.WEBHOOK_TIMEOUT_SECONDS,
            "WEBHOOK_SENDER_THREADS": settings.WEBHOOK_SENDER_THREADS,
            "WEBHOOK_MAX_IN_FLIGHT_PER_ENDPOINT": settings.WEBHOOK_MAX_IN_FLIGHT_PER_ENDPOINT,
            "WEBHOOK_BREAKER_FAILURES": settings.WEBHOOK_BREAKER_FAILURES,
            "WEBHOOK_BREAKER_COOLDOWN_SECONDS": settings.WEBHOOK_BREAKER_COOLDOWN_SECONDS,
            "WORKER_THREADS": settings.HUEY["consumer"]["workers"],
        },
        "written per endpoint": n,
        "healthy received": len(healthy.requests),
        "healthy lag p50 s": round(statistics.median(lags), 3) if lags else None,
        "healthy lag p95 s": round(_percentile(lags, 0.95), 3) if lags else None,
        "healthy lag max s": round(max(lags), 3) if lags else None,
        "failing retry delays s": [round(b - a, 2) for a, b in itertools.pairwise(failed_at)],
        "hanging requests": len(hanging.requests),
        "hanging max in flight": hanging.max_in_flight,
        "hanging circuit at the end": slow.circuit_state,
    }
    for receiver in (hanging, healthy, failing):
        receiver.close()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--rate", type=float, default=2.0)
    args = parser.parse_args()
    result = run(args.seconds, args.rate)
    for key, value in result.items():
        print(f"{key}: {value}")


if __name__ == "__main__":
    main()
