"""Agents' corrections of the kind in the desk, as training examples for the classifier.

The classifier does not read the desk (it sits below it, docs/architecture.md "Layers"): its ``train``
command asks the installed apps for ``(text, kind)`` pairs, and ``DeskConfig.classify_corrections``
answers with these.

A correction is a ``ticket.kind_changed`` event whose ``after["kind_source"]`` is ``agent``; when an
agent changed a ticket's kind more than once, the latest change wins. The text is the one the
classifier saw on intake: the ticket's subject and its first inbound message. Two queries in all.
"""

from __future__ import annotations

from dataclasses import dataclass

from otklik.classify.model import KINDS
from otklik.desk.choices import Direction, KindSource, Verb
from otklik.desk.content import subject_from
from otklik.desk.models import Event, Message


@dataclass(frozen=True)
class Correction:
    ticket_id: int
    kind: str
    text: str


def appeal_text(subject: str, body: str) -> str:
    """The text intake classified (``services.verdict_for_intake``): the subject, then the first message.

    A ticket opened without a subject stores one taken from the message's first line; intake did not
    see that one, so it is left out here too."""
    subject, body = (subject or "").strip(), (body or "").strip()
    if subject == subject_from(body):
        subject = ""
    return "\n".join(part for part in (subject, body) if part)


def correction_pairs() -> list[tuple[str, str]]:
    """The corrections as the classifier's plain ``(text, kind)`` training pairs."""
    return [(c.text, c.kind) for c in agent_corrections()]


def agent_corrections() -> list[Correction]:
    events = (
        Event.objects.filter(verb=Verb.KIND_CHANGED, ticket__isnull=False, after__kind_source=KindSource.AGENT)
        .order_by("ticket_id", "created_at", "id")
        .values_list("ticket_id", "after")
    )
    latest: dict[int, str] = {}
    for ticket_id, after in events.iterator():
        kind = (after or {}).get("kind")
        if kind in KINDS:
            latest[ticket_id] = kind
    if not latest:
        return []
    first_messages = (
        Message.objects.filter(
            direction=Direction.INBOUND,
            ticket_id__in=Event.objects.filter(verb=Verb.KIND_CHANGED, after__kind_source=KindSource.AGENT).values(
                "ticket_id"
            ),
        )
        .order_by("ticket_id", "created_at", "id")
        .values_list("ticket_id", "ticket__subject", "body_text")
    )
    corrections: list[Correction] = []
    done: set[int] = set()
    for ticket_id, subject, body in first_messages.iterator():
        if ticket_id in done or ticket_id not in latest:
            continue
        done.add(ticket_id)
        text = appeal_text(subject, body)
        if text:
            corrections.append(Correction(ticket_id=ticket_id, kind=latest[ticket_id], text=text))
    return corrections
