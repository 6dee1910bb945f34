"""Every write to the desk goes through these functions (see docs/architecture.md)."""

from otklik.desk.services.customers import ContactRef, customer_create, customer_resolve, customer_update
from otklik.desk.services.messages import (
    NewAttachment,
    message_add_inbound,
    ticket_add_note,
    ticket_reply,
)
from otklik.desk.services.opening import Appeal, OpenResult, ticket_open
from otklik.desk.services.tickets import (
    ticket_assign,
    ticket_change_kind,
    ticket_change_priority,
    ticket_change_status,
    ticket_change_subject,
    ticket_change_team,
    ticket_change_topic,
    ticket_escalate,
    ticket_merge,
    ticket_update,
)

__all__ = [
    "Appeal",
    "ContactRef",
    "NewAttachment",
    "OpenResult",
    "customer_create",
    "customer_resolve",
    "customer_update",
    "message_add_inbound",
    "ticket_add_note",
    "ticket_assign",
    "ticket_change_kind",
    "ticket_change_priority",
    "ticket_change_status",
    "ticket_change_subject",
    "ticket_change_team",
    "ticket_change_topic",
    "ticket_escalate",
    "ticket_merge",
    "ticket_open",
    "ticket_reply",
    "ticket_update",
]
