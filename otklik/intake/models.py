from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from otklik.desk.models import Message, Ticket


class MailOutcome(models.TextChoices):
    NEW = "new", _("new ticket")
    ADDED = "added", _("added to a ticket")
    DUPLICATE = "duplicate", _("duplicate")
    QUARANTINED = "quarantined", _("quarantined")


class InboundMail(models.Model):
    """Every email that reached the desk, by any path, kept raw (compressed) for audit and retry.

    ``key`` is the Message-ID, or the content hash of a message without one: unique, so the same mail
    never becomes a second ticket or message however often, and by whichever path, it arrives.
    A message that could not become an appeal stays here as ``quarantined`` with the reason.
    """

    key = models.CharField(max_length=300, unique=True)
    source = models.CharField(_("arrived by"), max_length=20)
    raw = models.BinaryField(_("raw message (zlib)"))
    size = models.PositiveIntegerField(_("size, bytes"))
    sender = models.CharField(_("sender"), max_length=300, blank=True)
    subject = models.CharField(_("subject"), max_length=300, blank=True)
    outcome = models.CharField(_("outcome"), max_length=12, choices=MailOutcome.choices)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    ticket = models.ForeignKey(Ticket, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    message = models.ForeignKey(Message, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    received_at = models.DateTimeField(_("received"), auto_now_add=True)

    class Meta:
        verbose_name = _("inbound email")
        verbose_name_plural = _("inbound email")
        indexes = [models.Index(fields=["outcome", "received_at"], name="inbound_outcome_idx")]

    def __str__(self) -> str:
        return f"{self.sender}: {self.subject}"
