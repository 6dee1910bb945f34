"""A Schemathesis campaign against the JSON API: ``python -m bench.fuzz_api --cases 100000``.

Valid and invalid requests generated from ``/api/v1/openapi.json`` go through the real WSGI
application (committing, as in production) on a fresh database made from ``DATABASE_URL``
(PostgreSQL when set, SQLite otherwise) and dropped afterwards. A request answered with a 5xx, or an
answer that does not match its declared schema, is counted and its first examples printed; the
exit status is 1 when any request failed. docs/api-fuzzing.md records the runs.
"""

from __future__ import annotations

import argparse
import collections
import logging
import os
import sys
import time
from typing import Any

os.environ.setdefault("OTKLIK_DEV", "1")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "otklik.config.settings")

ROUND_EXAMPLES = 250  # per operation and mode in one round; rounds change the seed until --cases


class Tally:
    def __init__(self) -> None:
        self.cases = 0
        self.statuses: collections.Counter[int] = collections.Counter()
        self.failures: collections.Counter[str] = collections.Counter()
        self.examples: list[str] = []

    def failed(self, label: str, case: Any, exc: BaseException) -> None:
        self.failures[label] += 1
        if len(self.examples) < 10:
            self.examples.append(f"{label}: {type(exc).__name__}: {str(exc)[:400]}\n  {case.as_curl_command()[:600]}")


def _setup() -> tuple[Any, str]:
    import django

    django.setup()
    from django.conf import settings
    from django.test.utils import setup_databases, setup_test_environment

    setup_test_environment()
    settings.ALLOWED_HOSTS = ["*"]
    settings.API_RATE_LIMIT = None  # the campaign measures input handling, not the limiter
    settings.DEBUG = False
    names = setup_databases(verbosity=0, interactive=False)
    # Keep one connection instead of one per request, and no log line per refused request: the
    # campaign is bound by the CPU, and both only cost time without changing what is checked.
    from django.db import connections

    for connection in connections.all():
        connection.settings_dict["CONN_MAX_AGE"] = None
    logging.disable(logging.WARNING)
    return names, settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]


def _seed_data() -> str:
    from otklik.accounts.models import Line, Role, Team
    from otklik.accounts.services import agent_create, api_token_issue
    from otklik.core.actor import Actor
    from otklik.desk import services

    team = Team.objects.create(name="Первая линия", line=Line.FIRST, is_default=True)
    supervisor = agent_create(username="fuzz", password="fuzz-password-1", role=Role.SUPERVISOR, teams=[team])
    for i in range(5):  # something for the generated ids to find, update and merge
        who = services.ContactRef(email=f"client{i}@example.ru", name=f"Клиент {i}")
        appeal = services.Appeal(who=who, channel="api", body=f"Где мой заказ {i}?")
        services.ticket_open(appeal=appeal, actor=Actor.customer())
    return api_token_issue(user=supervisor)


def _run_round(schema: Any, token: str, tally: Tally, seed: int, examples: int) -> None:
    from hypothesis import HealthCheck, given, settings
    from hypothesis import seed as with_seed
    from schemathesis.generation import GenerationMode

    headers = {"Authorization": f"Bearer {token}"}
    for result in schema.get_all_operations():
        operation = result.ok()
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            label = f"{mode.value} {operation.label}"
            run = given(case=operation.as_strategy(generation_mode=mode))(_checker(tally, label, headers))
            settings(max_examples=examples, deadline=None, database=None, suppress_health_check=list(HealthCheck))(
                with_seed(seed)(run)
            )()


def _checker(tally: Tally, label: str, headers: dict[str, str]) -> Any:
    from schemathesis.checks import not_a_server_error
    from schemathesis.specs.openapi.checks import response_schema_conformance

    def check(case: Any) -> None:
        tally.cases += 1
        try:
            response = case.call(headers=headers)
        except Exception as exc:  # the app raised through the WSGI layer: a server error
            tally.failed(label, case, exc)
            return
        tally.statuses[response.status_code] += 1
        try:
            case.validate_response(response, checks=[not_a_server_error, response_schema_conformance])
        except (Exception, BaseExceptionGroup) as exc:  # schemathesis reports failures as a group
            tally.failed(label, case, exc)

    return check


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000, help="stop after at least this many requests")
    parser.add_argument("--first-seed", type=int, default=0, help="seed of the first round (one per process)")
    parser.add_argument("--examples", type=int, default=ROUND_EXAMPLES, help="per operation and mode per round")
    args = parser.parse_args()

    names, engine = _setup()
    import schemathesis
    from django.core.handlers.wsgi import WSGIHandler
    from django.test.utils import teardown_databases

    try:
        token = _seed_data()
        # POST /inbound/email takes a raw message: generated bytes are sent as they are.
        schemathesis.serializer.alias("message/rfc822", "application/octet-stream")
        schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", WSGIHandler())
        tally, started, seed = Tally(), time.monotonic(), args.first_seed
        while tally.cases < args.cases:
            _run_round(schema, token, tally, seed, args.examples)
            seed += 1
            elapsed = time.monotonic() - started
            print(f"round {seed}: {tally.cases} cases, {sum(tally.failures.values())} failures, "
                  f"{elapsed:.0f} s, {tally.cases / elapsed:.0f} cases/s", flush=True)  # fmt: skip
        elapsed = time.monotonic() - started
    finally:
        teardown_databases(names, verbosity=0)

    from bench.machine import describe

    print(f"\ndatabase: {engine}; machine: {describe()}")
    print(
        f"cases: {tally.cases} in {elapsed:.0f} s ({tally.cases / elapsed:.0f}/s), seeds {args.first_seed}..{seed - 1}"
    )
    print(f"statuses: {dict(sorted(tally.statuses.items()))}")
    server_errors = sum(n for status, n in tally.statuses.items() if status >= 500)
    print(f"server errors (5xx): {server_errors}; failed checks: {sum(tally.failures.values())}")
    for label, n in tally.failures.most_common():
        print(f"  {n:6d}  {label}")
    for example in tally.examples:
        print(example)
    return 1 if tally.failures else 0


if __name__ == "__main__":
    sys.exit(main())
