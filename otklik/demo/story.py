"""One ticket's life as rows: the same changes, in the same order, as ``otklik.desk.services`` makes.

Each method mirrors one service (``ticket_open``, ``ticket_reply``, ``message_add_inbound``,
``ticket_add_note``, ``ticket_assign``, ``ticket_escalate``, ``ticket_change_status``,
``ticket_change_kind``) and appends the Message and Event rows it would write, with the same
``before``/``after`` shapes, actors and status rules (``apply_status``). Keep them in step when the
services change: ``tests/demo`` checks the invariants the rest of the product relies on.

A step dated after "now" raises ``Cutoff``: the story stops there, so recent tickets stay new, open
or waiting exactly as far as their story got.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from otklik.desk.choices import DONE_STATUSES, Direction, KindSource, Status, Verb

CUSTOMER = (None, "customer")
SYSTEM = (None, "system")
Actor = tuple[int | None, str]  # (user id, label), as Event.actor and Event.actor_label

TICKET_COLUMNS = (
    "id", "customer_id", "channel", "subject", "kind", "kind_confidence", "kind_source", "kind_set_by_id",
    "topic_id", "status", "priority", "line", "team_id", "assignee_id", "merged_into_id", "external_id",
    "created_at", "updated_at", "first_response_at", "resolved_at", "closed_at", "reopen_count", "message_count",
    "needs_triage", "tone_rude", "tone_negative", "claim_amount", "claim_currency", "classification",
)  # fmt: skip
MESSAGE_COLUMNS = ("id", "ticket_id", "direction", "author_user_id", "author_customer_id", "body_text",
                   "body_html", "meta", "external_id", "created_at")  # fmt: skip
EVENT_COLUMNS = ("id", "ticket_id", "customer_id", "actor_id", "actor_label", "verb", "before", "after", "created_at")


class Cutoff(Exception):
    """The next step would happen after "now"."""


class Batch:
    """Rows of many tickets waiting to be written, with the id counters they draw from."""

    def __init__(self, *, next_message_id: int, next_event_id: int, db_time: Callable[[int], Any],
                 db_json: Callable[[dict[str, Any]], Any]) -> None:  # fmt: skip
        self.next_message_id = next_message_id
        self.next_event_id = next_event_id
        self.db_time = db_time
        self.db_json = db_json
        self.empty_json = db_json({})
        self.tickets: list[tuple[Any, ...]] = []
        self.messages: list[tuple[Any, ...]] = []
        self.events: list[tuple[Any, ...]] = []

    def clear(self) -> None:
        self.tickets, self.messages, self.events = [], [], []


class Story:
    __slots__ = ("amount", "assignee", "batch", "channel", "closed", "created", "customer_id", "first_response",
                 "id", "kind", "kind_confidence", "kind_set_by", "kind_source", "line", "message_count",
                 "needs_triage", "negative", "now", "priority", "reopen_count", "resolved", "status", "subject", "team",
                 "topic_id", "updated")  # fmt: skip

    def __init__(self, batch: Batch, *, ticket_id: int, customer_id: int, now: int) -> None:
        self.batch, self.id, self.customer_id, self.now = batch, ticket_id, customer_id, now
        self.status = Status.NEW.value
        self.assignee: int | None = None
        self.kind_set_by: int | None = None
        self.first_response: int | None = None
        self.resolved: int | None = None
        self.closed: int | None = None
        self.reopen_count = self.message_count = 0

    # --- rows -----------------------------------------------------------------------------------

    def _when(self, at: int) -> int:
        if at > self.now:
            raise Cutoff
        return max(at, self.updated)

    def _message(self, at: int, direction: str, author: int | None, body: str) -> int:
        batch = self.batch
        message_id = batch.next_message_id
        batch.next_message_id += 1
        customer = self.customer_id if direction == Direction.INBOUND else None
        user = author if direction != Direction.INBOUND else None
        batch.messages.append((message_id, self.id, str(direction), user, customer, body, "", batch.empty_json, None,
                               batch.db_time(at)))  # fmt: skip
        self.message_count += 1
        self.updated = at
        return message_id

    def _event(self, at: int, actor: Actor, verb: str, before: dict[str, Any] | None, after: dict[str, Any]) -> None:
        batch = self.batch
        batch.events.append((batch.next_event_id, self.id, self.customer_id, actor[0], actor[1], str(verb),
                             batch.db_json(before) if before else batch.empty_json, batch.db_json(after),
                             batch.db_time(at)))  # fmt: skip
        batch.next_event_id += 1
        self.updated = at

    def _apply_status(self, status: str, at: int) -> str:
        """``services.tickets.apply_status``: the timestamps that go with a status, and the verb."""
        old, self.status, verb = self.status, str(status), Verb.STATUS_CHANGED.value
        if status == Status.RESOLVED and self.resolved is None:
            self.resolved = at
        if status == Status.CLOSED:
            self.closed = at
            self.resolved = self.resolved or at
        if old in DONE_STATUSES and status not in DONE_STATUSES:
            self.reopen_count += 1
            self.resolved = self.closed = None
            verb = Verb.REOPENED.value
        return verb

    def row(self) -> tuple[Any, ...]:
        t = self.batch.db_time
        return (self.id, self.customer_id, self.channel, self.subject, self.kind, self.kind_confidence,
                self.kind_source, self.kind_set_by, self.topic_id, self.status, self.priority, self.line, self.team,
                self.assignee, None, None, t(self.created), t(self.updated),
                t(self.first_response) if self.first_response else None, t(self.resolved) if self.resolved else None,
                t(self.closed) if self.closed else None, self.reopen_count, self.message_count,
                self.needs_triage, False, self.negative, self._claim_amount(), "RUB" if self._claim_amount() else "",
                self.batch.empty_json)  # fmt: skip

    def _claim_amount(self) -> int | None:
        return self.amount if self.kind == "claim" else None

    # --- services -------------------------------------------------------------------------------

    def open(self, at: int, actor: Actor, *, channel: str, subject: str, body: str, kind: str,
             kind_confidence: float | None, topic_id: int | None, priority: str, team: int, line: int,
             needs_triage: bool, negative: bool, amount: int | None) -> None:  # fmt: skip
        if at > self.now:
            raise Cutoff
        self.created = self.updated = at
        self.channel, self.subject, self.topic_id, self.priority = channel, subject[:300], topic_id, priority
        self.kind = kind
        self.kind_confidence = kind_confidence if kind else None
        self.kind_source = KindSource.CLASSIFIER.value if kind else ""
        self.needs_triage, self.negative, self.amount = needs_triage, negative, amount
        self.team, self.line = team, line
        message = self._message(at, Direction.INBOUND, None, body)
        self._event(at, actor, Verb.TICKET_OPENED, None, {
            "channel": channel, "subject": self.subject, "kind": kind, "priority": priority,
            "team": team, "line": line, "message": message,
        })  # fmt: skip

    def inbound(self, at: int, body: str) -> None:
        at = self._when(at)
        message = self._message(at, Direction.INBOUND, None, body)
        if self.status in DONE_STATUSES or self.status == Status.PENDING_CUSTOMER:
            before = self.status
            verb = self._apply_status(Status.OPEN, at)
            self._event(at, CUSTOMER, verb, {"status": before}, {"status": Status.OPEN.value})
        self._event(at, CUSTOMER, Verb.MESSAGE_INBOUND, None, {"message": message})

    def reply(self, at: int, agent: int, body: str, status: str = Status.PENDING_CUSTOMER) -> None:
        at = self._when(at)
        message = self._message(at, Direction.OUTBOUND, agent, body)
        if self.first_response is None:
            self.first_response = at
        if self.assignee is None:
            self.assignee = agent  # the service assigns the replying agent without an event
        before = self.status
        verb = self._apply_status(status, at) if status != before else ""
        self._event(at, (agent, ""), Verb.MESSAGE_REPLY, None, {"message": message})
        if verb:
            self._event(at, (agent, ""), verb, {"status": before}, {"status": self.status})

    def note(self, at: int, agent: int, body: str) -> None:
        at = self._when(at)
        message = self._message(at, Direction.NOTE, agent, body)
        self._event(at, (agent, ""), Verb.MESSAGE_NOTE, None, {"message": message})

    def assign(self, at: int, actor: Actor, assignee: int) -> None:
        at = self._when(at)
        if self.assignee == assignee:
            return
        before = {"assignee": self.assignee}
        self.assignee = assignee
        if self.status == Status.NEW:
            self.status = Status.OPEN.value  # silently, as ticket_assign does
        self._event(at, actor, Verb.ASSIGNED, before, {"assignee": assignee})

    def escalate(self, at: int, agent: int, *, reason: str, team: int, line: int) -> None:
        at = self._when(at)
        before = {"line": self.line, "team": self.team, "assignee": self.assignee}
        self.line, self.team, self.assignee = line, team, None
        if self.status in DONE_STATUSES:
            self.status = Status.OPEN.value
        self._event(at, (agent, ""), Verb.ESCALATED, before,
                    {"line": line, "team": team, "assignee": None, "reason": reason})  # fmt: skip
        self.note(at, agent, reason)

    def change_status(self, at: int, actor: Actor, status: str) -> None:
        at = self._when(at)
        if status == self.status:
            return
        before = self.status
        verb = self._apply_status(status, at)
        self._event(at, actor, verb, {"status": before}, {"status": self.status})

    def change_kind(self, at: int, agent: int, kind: str) -> None:
        at = self._when(at)
        before = {"kind": self.kind, "kind_source": self.kind_source, "kind_confidence": self.kind_confidence}
        self.kind, self.kind_source, self.kind_confidence, self.kind_set_by = kind, KindSource.AGENT.value, 1.0, agent
        self.needs_triage = False
        self._event(at, (agent, ""), Verb.KIND_CHANGED, before,
                    {"kind": kind, "kind_source": KindSource.AGENT.value, "kind_confidence": 1.0})  # fmt: skip
