from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    EMAIL = "email", _("email")
    CHAT = "chat", _("web chat")
    FORM = "form", _("web form")
    PHONE = "phone", _("phone")
    SMS = "sms", _("SMS")
    TELEGRAM = "telegram", _("Telegram")
    VK = "vk", _("VK")
    MAX = "max", _("MAX")
    API = "api", _("API")


class Kind(models.TextChoices):
    QUESTION = "question", _("question")
    COMPLAINT = "complaint", _("complaint")
    CLAIM = "claim", _("claim")
    GRATITUDE = "gratitude", _("gratitude")
    SUGGESTION = "suggestion", _("suggestion")


class KindSource(models.TextChoices):
    """Who decided the kind: the trust we put in it and the classifier's training data differ."""

    UNSET = "", _("not set")
    CLASSIFIER = "classifier", _("classifier")
    AGENT = "agent", _("agent")
    CLIENT = "client", _("API client")
    IMPORT = "import", _("import")


class Status(models.TextChoices):
    NEW = "new", _("new")
    OPEN = "open", _("open")
    PENDING_CUSTOMER = "pending_customer", _("pending customer")
    PENDING_INTERNAL = "pending_internal", _("pending internal")
    RESOLVED = "resolved", _("resolved")
    CLOSED = "closed", _("closed")


ACTIVE_STATUSES = (Status.NEW, Status.OPEN, Status.PENDING_CUSTOMER, Status.PENDING_INTERNAL)
DONE_STATUSES = (Status.RESOLVED, Status.CLOSED)


class Priority(models.TextChoices):
    LOW = "low", _("low")
    NORMAL = "normal", _("normal")
    HIGH = "high", _("high")
    URGENT = "urgent", _("urgent")


class Direction(models.TextChoices):
    INBOUND = "inbound", _("from the customer")
    OUTBOUND = "outbound", _("reply")
    NOTE = "note", _("internal note")


class ContactKind(models.TextChoices):
    EMAIL = "email", _("email")
    PHONE = "phone", _("phone")
    TELEGRAM = "telegram", _("Telegram")
    VK = "vk", _("VK")
    MAX = "max", _("MAX")
    WHATSAPP = "whatsapp", _("WhatsApp")


class Verb(models.TextChoices):
    """What an audit event records. The timeline and all metrics read these."""

    CUSTOMER_CREATED = "customer.created", _("customer created")
    CUSTOMER_UPDATED = "customer.updated", _("customer updated")
    TICKET_OPENED = "ticket.opened", _("ticket opened")
    MESSAGE_INBOUND = "message.inbound", _("customer wrote")
    MESSAGE_REPLY = "message.reply", _("reply sent")
    MESSAGE_NOTE = "message.note", _("note added")
    ASSIGNED = "ticket.assigned", _("assignee changed")
    TEAM_CHANGED = "ticket.team_changed", _("team changed")
    ESCALATED = "ticket.escalated", _("escalated to the second line")
    STATUS_CHANGED = "ticket.status_changed", _("status changed")
    REOPENED = "ticket.reopened", _("reopened")
    KIND_CHANGED = "ticket.kind_changed", _("kind changed")
    TOPIC_CHANGED = "ticket.topic_changed", _("topic changed")
    PRIORITY_CHANGED = "ticket.priority_changed", _("priority changed")
    SUBJECT_CHANGED = "ticket.subject_changed", _("subject changed")
    MERGED = "ticket.merged", _("merged into another ticket")
    MERGED_FROM = "ticket.merged_from", _("another ticket merged in")
