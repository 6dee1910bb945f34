from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from otklik.accounts.models import Line, Team
from otklik.desk.choices import (
    Channel,
    ContactKind,
    Direction,
    Kind,
    KindSource,
    Priority,
    Status,
    Verb,
)


class Customer(models.Model):
    name = models.CharField(pgettext_lazy("person", "name"), max_length=200, blank=True)
    city = models.CharField(_("city"), max_length=120, blank=True)
    language = models.CharField(_("language"), max_length=8, blank=True)
    time_zone = models.CharField(_("time zone"), max_length=64, blank=True)
    first_contact_at = models.DateTimeField(_("first contact"), null=True, blank=True)
    external_id = models.CharField(_("external id"), max_length=200, null=True, blank=True, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("customer")
        verbose_name_plural = _("customers")
        indexes = [models.Index(fields=["name"], name="customer_name_idx")]

    def __str__(self) -> str:
        return self.name or f"#{self.pk}"


class CustomerContact(models.Model):
    """One way to reach a customer. Values are stored normalized so lookups are exact."""

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="contacts")
    kind = models.CharField(_("kind"), max_length=16, choices=ContactKind.choices)
    value = models.CharField(_("value"), max_length=254)
    is_primary = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        constraints = [models.UniqueConstraint(fields=["kind", "value"], name="contact_kind_value_unique")]

    def __str__(self) -> str:
        return f"{self.kind}: {self.value}"


class Topic(models.Model):
    """A node of the configurable topic tree (e.g. Delivery → Late delivery)."""

    parent = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="children")
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["parent_id", "name"]
        constraints = [models.UniqueConstraint(fields=["parent", "name"], name="topic_parent_name_unique")]

    def __str__(self) -> str:
        return self.path

    @property
    def path(self) -> str:
        return " → ".join(node.name for node in reversed(topic_ancestry(self, lambda node: node.parent)))


def topic_ancestry(topic: Topic, parent_of: Callable[[Topic], Topic | None]) -> list[Topic]:
    """The topic and its ancestors, nearest first; stops on a cycle an admin made by hand."""
    nodes: list[Topic] = []
    seen: set[int] = set()
    node: Topic | None = topic
    while node is not None and node.pk not in seen:
        seen.add(node.pk)
        nodes.append(node)
        node = parent_of(node)
    return nodes


class Ticket(models.Model):
    customer = models.ForeignKey(Customer, on_delete=models.PROTECT, related_name="tickets")
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    subject = models.CharField(_("subject"), max_length=300, blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, blank=True)
    kind_confidence = models.FloatField(_("kind confidence"), null=True, blank=True)
    kind_source = models.CharField(_("kind set by"), max_length=16, choices=KindSource.choices, blank=True)
    kind_set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("kind set by agent"),
    )  # fmt: skip
    # Set on intake when the classifier is unsure; cleared when an agent confirms or corrects the kind.
    needs_triage = models.BooleanField(_("needs triage"), default=False)
    tone_rude = models.BooleanField(_("rude"), default=False)
    tone_negative = models.BooleanField(_("negative tone"), default=False)
    claim_amount = models.DecimalField(_("claimed amount"), max_digits=14, decimal_places=2, null=True, blank=True)
    claim_currency = models.CharField(_("currency"), max_length=3, blank=True)
    # The classifier's full verdict on the first message: language, scores, the deciding phrases,
    # order/contract references, model version. Shown on the ticket page; never filtered on.
    classification = models.JSONField(_("classification"), default=dict, blank=True)
    topic = models.ForeignKey(Topic, on_delete=models.PROTECT, null=True, blank=True, related_name="tickets")
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.NEW)
    priority = models.CharField(_("priority"), max_length=10, choices=Priority.choices, default=Priority.NORMAL)
    line = models.PositiveSmallIntegerField(_("line"), choices=Line.choices, default=Line.FIRST)
    # No single-column index on team or assignee: the composite indexes below start with them and
    # serve the same lookups, and every index is one more b-tree each new ticket writes.
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, null=True, blank=True, related_name="tickets", db_index=False
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="assigned_tickets", verbose_name=_("assignee"), db_index=False,
    )  # fmt: skip
    merged_into = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="merged_tickets"
    )
    external_id = models.CharField(_("external id"), max_length=200, null=True, blank=True, unique=True)
    created_at = models.DateTimeField(_("created"), db_index=True)
    updated_at = models.DateTimeField(_("updated"))
    first_response_at = models.DateTimeField(_("first response"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    reopen_count = models.PositiveIntegerField(_("reopened"), default=0)
    message_count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("ticket")
        verbose_name_plural = _("tickets")
        indexes = [
            # The list pages and the API page through tickets by (updated_at, id).
            models.Index(fields=["updated_at", "id"], name="ticket_updated_idx"),
            models.Index(fields=["status", "updated_at"], name="ticket_status_updated_idx"),
            models.Index(fields=["team", "status", "updated_at"], name="ticket_team_status_idx"),
            models.Index(fields=["assignee", "status"], name="ticket_assignee_status_idx"),
            models.Index(fields=["kind", "created_at"], name="ticket_kind_created_idx"),
            # The triage list is small and hot: index only the tickets waiting in it.
            models.Index(fields=["updated_at", "id"], condition=models.Q(needs_triage=True), name="ticket_triage_idx"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.subject}"


def attachment_path(instance: Attachment, filename: str) -> str:
    return f"attachments/{instance.message.ticket_id}/{instance.message_id}/{filename}"


class Message(models.Model):
    # Indexed by message_ticket_created_idx, which starts with the ticket.
    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="messages", db_index=False)
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices)
    author_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    author_customer = models.ForeignKey(
        Customer, on_delete=models.SET_NULL, null=True, blank=True, related_name="messages"
    )
    body_text = models.TextField(_("text"))
    body_html = models.TextField(_("HTML"), blank=True)
    # Channel metadata: Message-ID / In-Reply-To for email, chat ids for messengers, etc.
    meta = models.JSONField(default=dict, blank=True)
    external_id = models.CharField(max_length=300, null=True, blank=True, unique=True)
    created_at = models.DateTimeField(_("created"))

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["ticket", "created_at"], name="message_ticket_created_idx")]

    def __str__(self) -> str:
        return f"{self.direction} #{self.pk} on ticket {self.ticket_id}"


class Attachment(models.Model):
    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path)
    filename = models.CharField(max_length=255)
    content_type = models.CharField(max_length=120, blank=True)
    size = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.filename


class Event(models.Model):
    """Append-only audit row: who did what to which ticket, and the values before and after."""

    # Indexed by event_ticket_created_idx, which starts with the ticket.
    ticket = models.ForeignKey(
        Ticket, on_delete=models.CASCADE, null=True, blank=True, related_name="events", db_index=False
    )
    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, null=True, blank=True, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Who acted when no user did: "customer", "system", "api:<token user>", "import"…
    actor_label = models.CharField(max_length=60, blank=True)
    verb = models.CharField(_("what happened"), max_length=40, choices=Verb.choices)
    before = models.JSONField(default=dict, blank=True)
    after = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(_("when"))

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["ticket", "created_at"], name="event_ticket_created_idx"),
            models.Index(fields=["verb", "created_at"], name="event_verb_created_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.verb} on ticket {self.ticket_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not self._state.adding:
            raise RuntimeError("Events are append-only")
        super().save(*args, **kwargs)


class EventCursor(models.Model):
    """How far one consumer of the event feed has read (otklik/desk/feed.py).

    ``position`` is the last event id handed to the consumer. ``gaps`` lists ids below it that were
    missing when it was read, as ``[id, first seen (ISO time)]``: on PostgreSQL a transaction that took
    an id earlier can commit later, so a gap is looked up again until it fills or grows too old.
    """

    consumer = models.CharField(_("consumer"), max_length=100, unique=True)
    position = models.BigIntegerField(_("last event handled"), default=0)
    gaps = models.JSONField(default=list, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("event feed cursor")
        verbose_name_plural = _("event feed cursors")

    def __str__(self) -> str:
        return f"{self.consumer} at {self.position}"
