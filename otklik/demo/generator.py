"""Generate a realistic, reproducible desk: staff, topics, customers and months of tickets.

Why this bypasses the services: ``otklik.desk.services`` writes one ticket with several queries,
row locks and an event publication per change, i.e. minutes for 100,000 tickets. Demo data has no
concurrent writers, no webhooks to notify and no user input to validate, so the generator builds
the rows in memory and inserts them in large batches inside one transaction. It writes the same
rows the services would: ``story.Story`` mirrors each service step (statuses, timestamps, counters,
audit events with their actor and ``before``/``after`` shapes), customers' contacts are normalized
as ``customer_create`` stores them, and ``tests/demo`` checks the invariants. Never use this path
for real data.

Reproducible: everything is drawn from ``random.Random(seed)`` in a fixed order, and times are laid
out back from midnight of the current day in the desk's time zone, so a seed gives the same
customers, subjects, kinds and statuses whenever it runs (only the dates move with the calendar).
"""

from __future__ import annotations

import random
import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from otklik.demo import texts, writer
from otklik.demo.lifecycle import DAY, HOUR, Case, Clock, Play
from otklik.demo.people import CLAIMS, ENGLISH, L1, L2, CustomerFactory, CustomerSeed, Desk, ensure_desk
from otklik.demo.story import EVENT_COLUMNS, MESSAGE_COLUMNS, TICKET_COLUMNS, Batch, Story
from otklik.demo.topics import TOPIC_TREE, Leaf
from otklik.desk.choices import Channel, Kind, Priority, Verb
from otklik.desk.models import Customer, CustomerContact, Event, Message, Ticket, Topic

BATCH = 2_000
KIND_WEIGHTS = {Kind.QUESTION: 45, Kind.COMPLAINT: 22, Kind.CLAIM: 13, Kind.GRATITUDE: 9, Kind.SUGGESTION: 11}
# Mondays are busiest, Sundays quietest; by hour, the working day with a lunch dip and evening tail.
WEEKDAY_LOAD = [1.2, 1.1, 1.05, 1.0, 0.95, 0.7, 0.6]
HOUR_LOAD = [2, 1, 1, 1, 1, 2, 4, 8, 14, 18, 20, 20, 17, 18, 19, 18, 17, 15, 13, 12, 10, 8, 6, 4]
CHANNELS_RU = {Channel.EMAIL: 33, Channel.CHAT: 30, Channel.PHONE: 12, Channel.FORM: 13, Channel.TELEGRAM: 12}
CHANNELS_EN = {Channel.EMAIL: 55, Channel.CHAT: 30, Channel.FORM: 15}
ENGLISH_SHARE = 0.12
# A payment-provider incident a month ago: a burst of double-charge claims analytics should show.
INCIDENT_DAYS = (29, 31)


@dataclass(frozen=True)
class Summary:
    tickets: int
    customers: int
    messages: int
    events: int


def ensure_topics() -> list[tuple[Leaf, int]]:
    leaves = []
    for branch in TOPIC_TREE:
        parent, _ = Topic.objects.get_or_create(parent=None, name=branch.name, defaults={"name_en": branch.name_en})
        for leaf in branch.leaves:
            node, _ = Topic.objects.get_or_create(parent=parent, name=leaf.name, defaults={"name_en": leaf.name_en})
            leaves.append((leaf, node.pk))
    return leaves


def make_clock(days: int) -> Clock:
    zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    today = timezone.now().astimezone(zone).date()
    midnight = datetime(today.year, today.month, today.day, tzinfo=zone)
    return Clock(now=int(midnight.timestamp()), offset=int(zone.utcoffset(midnight).total_seconds()))  # type: ignore[union-attr]


def opening_times(rng: random.Random, clock: Clock, count: int, days: int) -> list[int]:
    """Ticket creation times over the last ``days`` days, busiest on recent weekday mornings."""
    first_day = clock.now - days * DAY
    weights = []
    for d in range(days):
        weekday = (clock.day_ordinal(first_day + d * DAY) - 1) % 7  # ordinal 1 was a Monday
        weights.append(WEEKDAY_LOAD[weekday] * (0.8 + 0.4 * d / days))  # the business grows
    day_picks = rng.choices(range(days), weights, k=count)
    hour_picks = rng.choices(range(24), HOUR_LOAD, k=count)
    return sorted(
        first_day + d * DAY + h * HOUR + rng.randrange(HOUR) for d, h in zip(day_picks, hour_picks, strict=True)
    )


class Generator:
    def __init__(self, *, tickets: int, seed: int, days: int = 90) -> None:
        self.count, self.days = tickets, days
        self.rng = random.Random(seed)
        self.clock = make_clock(days)
        self.customers: dict[int, tuple[int, CustomerSeed]] = {}  # pool index → (id, seed)

    def run(self, progress: Callable[[int], None] | None = None) -> Summary:
        with writer.fast_sqlite(), transaction.atomic():
            desk = ensure_desk()
            self.desk, self.leaves = desk, ensure_topics()
            self._prepare(desk)
            times = opening_times(self.rng, self.clock, self.count, self.days)
            for start in range(0, len(times), BATCH):
                self._write_batch(times[start : start + BATCH])
                if progress:
                    progress(min(BATCH, len(times) - start))
            writer.reset_sequences([Customer, CustomerContact, Ticket, Message, Event])
        return Summary(self.count, len(self.customers), self.batch.next_message_id - self.first_message_id,
                       self.batch.next_event_id - self.first_event_id)  # fmt: skip

    def _prepare(self, desk: Desk) -> None:
        taken = set(CustomerContact.objects.values_list("kind", "value")) if CustomerContact.objects.exists() else set()
        self.factory = CustomerFactory(self.rng, taken)
        self.pool = max(10, int(self.count * 0.45))
        self.next_customer_id, self.next_contact_id = writer.next_id(Customer), writer.next_id(CustomerContact)
        self.next_ticket_id = writer.next_id(Ticket)
        self.first_message_id, self.first_event_id = writer.next_id(Message), writer.next_id(Event)
        self.batch = Batch(next_message_id=self.first_message_id, next_event_id=self.first_event_id,
                           db_time=writer.db_time_adapter(), db_json=writer.db_json_adapter())  # fmt: skip
        self.l1, self.english, self.l2, self.claims = (desk.members(n) for n in (L1, ENGLISH, L2, CLAIMS))
        self.agent_names = [a.first_name for a in desk.agents]
        self.leaves_by_kind = {k: [(leaf, pk) for leaf, pk in self.leaves if k in leaf.texts] for k in KIND_WEIGHTS}
        self.leaf_weights = {k: [leaf.kinds[k] for leaf, _ in v] for k, v in self.leaves_by_kind.items()}

    def _write_batch(self, times: list[int]) -> None:
        batch, new_customers = self.batch, []
        batch.clear()
        for created in times:
            customer_id, seed, is_new = self._customer()
            if is_new:
                new_customers.append((customer_id, seed, created))
            story = Story(batch, ticket_id=self.next_ticket_id, customer_id=customer_id, now=self.clock.now)
            self.next_ticket_id += 1
            Play(self.rng, self.clock, self._case(story, created, seed)).run()
            batch.tickets.append(story.row())
        self._write_customers(new_customers)
        writer.insert(Ticket, TICKET_COLUMNS, batch.tickets)
        writer.insert(Message, MESSAGE_COLUMNS, batch.messages)
        writer.insert(Event, EVENT_COLUMNS, batch.events)

    def _customer(self) -> tuple[int, CustomerSeed, bool]:
        # Skewed: a few loyal customers write often, most write once or twice.
        index = int(self.pool * self.rng.random() ** 1.7)
        known = self.customers.get(index)
        if known is not None:
            return known[0], known[1], False
        seed = self.factory.make(english=self.rng.random() < ENGLISH_SHARE)
        self.customers[index] = (self.next_customer_id, seed)
        self.next_customer_id += 1
        return self.customers[index][0], seed, True

    def _case(self, story: Story, created: int, customer: CustomerSeed) -> Case:
        rng, english = self.rng, customer.language == "en"
        lang = texts.EN if english else texts.RU
        kind, leaf, topic_id = self._kind_and_topic(created)
        channel = self._channel(created, customer, english)
        guess, confidence = self._classifier(kind)
        details = texts.draw_details(rng, self.clock.day_ordinal(created), kind, self.agent_names)
        ctx = details.context(lang)
        subject, body = texts.customer_first_message(rng, leaf=leaf, kind=kind, lang=lang, channel=channel, ctx=ctx,
                                                     name=customer.name)  # fmt: skip
        claims_team = kind == Kind.CLAIM
        return Case(
            story=story, created=created, channel=channel, kind=kind, lang=lang, customer_first=customer.first_name,
            ctx=ctx, first_line=self.english if english else self.l1,
            second_line=self.claims if claims_team else self.l2,
            second_team=self.desk.teams[CLAIMS if claims_team else L2], subject=subject, body=body, guess=guess,
            confidence=confidence, needs_triage=confidence is None or confidence < settings.CLASSIFY_TRIAGE_BELOW,
            amount=details.amount if kind == Kind.CLAIM else None, topic_id=topic_id,
            priority=self._priority(kind, details.amount),
            team=self.desk.teams[ENGLISH if english else L1],
        )  # fmt: skip

    def _kind_and_topic(self, created: int) -> tuple[str, Leaf, int]:
        rng = self.rng
        days_ago = (self.clock.now - created) // DAY
        if INCIDENT_DAYS[0] <= days_ago <= INCIDENT_DAYS[1] and rng.random() < 0.35:
            leaf, pk = next((leaf, pk) for leaf, pk in self.leaves if leaf.name_en == "Double charge")
            return Kind.CLAIM.value, leaf, pk
        kind = rng.choices(list(KIND_WEIGHTS), list(KIND_WEIGHTS.values()))[0]
        leaf, pk = rng.choices(self.leaves_by_kind[kind], self.leaf_weights[kind])[0]
        return kind.value, leaf, pk

    def _channel(self, created: int, customer: CustomerSeed, english: bool) -> str:
        weights = CHANNELS_EN if english else CHANNELS_RU
        channel = self.rng.choices(list(weights), list(weights.values()))[0]
        kinds = {kind for kind, _ in customer.contacts}
        hour = (created + self.clock.offset) % DAY // HOUR
        if channel == Channel.PHONE and ("phone" not in kinds or not 9 <= hour < 21):
            channel = Channel.CHAT
        if channel == Channel.TELEGRAM and "telegram" not in kinds:
            channel = Channel.CHAT
        return channel.value

    def _classifier(self, kind: str) -> tuple[str, float | None]:
        """Mostly right and confident; sometimes wrong (an agent corrects it) or undecided."""
        rng, roll = self.rng, self.rng.random()
        if roll < 0.04:
            return "", None
        if roll < 0.11:
            wrong = rng.choice([k.value for k in KIND_WEIGHTS if k != kind])
            return wrong, round(rng.uniform(0.42, 0.7), 2)
        return kind, round(rng.uniform(0.7, 0.99), 2)

    def _priority(self, kind: str, amount: int) -> str:
        if kind == Kind.CLAIM:
            return Priority.URGENT.value if amount >= 30_000 else Priority.HIGH.value
        if kind in {Kind.GRATITUDE, Kind.SUGGESTION}:
            return Priority.LOW.value
        return Priority.HIGH.value if kind == Kind.COMPLAINT and self.rng.random() < 0.2 else Priority.NORMAL.value

    def _write_customers(self, new: list[tuple[int, CustomerSeed, int]]) -> None:
        t, js, batch = self.batch.db_time, self.batch.db_json, self.batch
        customers, contacts, events = [], [], []
        for customer_id, seed, first_contact in new:
            when = t(first_contact)
            customers.append((customer_id, seed.name, seed.city, seed.language, seed.time_zone, when, None, when, when))
            seen: set[str] = set()
            for kind, value in seed.contacts:
                contacts.append((self.next_contact_id, customer_id, kind, value, kind not in seen))
                seen.add(kind)
                self.next_contact_id += 1
            after = {"name": seed.name, "contacts": [f"{k}:{v}" for k, v in seed.contacts]}
            events.append((batch.next_event_id, None, customer_id, None, "customer", Verb.CUSTOMER_CREATED.value,
                           batch.empty_json, js(after), when))  # fmt: skip
            batch.next_event_id += 1
        writer.insert(Customer, ("id", "name", "city", "language", "time_zone", "first_contact_at", "external_id",
                                 "created_at", "updated_at"), customers)  # fmt: skip
        writer.insert(CustomerContact, ("id", "customer_id", "kind", "value", "is_primary"), contacts)
        writer.insert(Event, EVENT_COLUMNS, events)


def generate(*, tickets: int, seed: int, days: int = 90, progress: Callable[[int], None] | None = None) -> Summary:
    if connection.vendor not in {"sqlite", "postgresql"}:
        raise RuntimeError(f"Demo data supports SQLite and PostgreSQL, not {connection.vendor}")
    return Generator(tickets=tickets, seed=seed, days=days).run(progress)
