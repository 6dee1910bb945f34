"""The ticket's audit events as sentences: who, what, and the values before → after.

Events store raw values (ids, choice codes) so metrics can read them; here they become names.
All names are looked up in one query per kind of object, whatever the number of events.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import TextChoices
from django.utils.translation import gettext_lazy as _

from otklik.accounts.models import Line, Team
from otklik.desk.choices import Channel, Kind, KindSource, Priority, Status, Verb
from otklik.desk.models import Event
from otklik.web.access import person_name
from otklik.web.topics import topic_paths

FIELD_LABELS: dict[str, Any] = {
    "status": _("status"),
    "kind": _("kind"),
    "kind_source": _("set by"),
    "kind_confidence": _("confidence"),
    "priority": _("priority"),
    "line": _("line"),
    "team": _("team"),
    "assignee": _("assignee"),
    "topic": _("topic"),
    "subject": _("subject"),
    "channel": _("channel"),
    "merged_into": _("merged into"),
    "merged_from": _("merged from"),
    "messages_moved": _("messages moved"),
    "needs_triage": _("needs triage"),
    "rude": _("rude"),
}
# Shown as the event's text rather than as a change; "message" only points at the message.
NOTE_KEYS = ("reason",)
HIDDEN_KEYS = ("message", *NOTE_KEYS)
ACTOR_LABELS: dict[str, Any] = {
    "customer": _("customer"),
    "system": _("system"),
    "import": _("import"),
    "classifier": _("classifier"),
}


@dataclass(frozen=True)
class Change:
    label: str
    before: str | None  # None: the event only states the new value
    after: str
    ticket_link: int | None = None


@dataclass
class Entry:
    at: datetime
    verb: str
    code: str
    actor: str
    changes: list[Change] = field(default_factory=list)
    note: str = ""


class _Names:
    """Id → name for the teams, people and topics the events mention."""

    def __init__(self, events: list[Event]) -> None:
        ids: dict[str, set[int]] = {"team": set(), "assignee": set(), "topic": set()}
        for event in events:
            for values in (event.before, event.after):
                for key, bucket in ids.items():
                    if isinstance(values.get(key), int):
                        bucket.add(values[key])
        self.teams = {t.pk: t.name for t in Team.objects.filter(pk__in=ids["team"])} if ids["team"] else {}
        users = get_user_model().objects.filter(pk__in=ids["assignee"]) if ids["assignee"] else []
        self.people = {u.pk: person_name(u) for u in users}
        self.topics = topic_paths() if ids["topic"] else {}


def _choice(choices: type[TextChoices]) -> Callable[[Any], str]:
    labels = dict(choices.choices)
    return lambda value: str(labels.get(value, value))


def _formatters(names: _Names) -> dict[str, Callable[[Any], str]]:
    return {
        "status": _choice(Status),
        "kind": _choice(Kind),
        "kind_source": _choice(KindSource),
        "priority": _choice(Priority),
        "channel": _choice(Channel),
        "line": lambda value: str(dict(Line.choices).get(value, value)),
        "kind_confidence": lambda value: f"{round(float(value) * 100)} %",
        "team": lambda value: names.teams.get(value, f"#{value}"),
        "assignee": lambda value: names.people.get(value, f"#{value}"),
        "topic": lambda value: names.topics.get(value, f"#{value}"),
        "merged_into": lambda value: f"#{value}",
        "merged_from": lambda value: f"#{value}",
    }


def _show(value: Any, key: str, formatters: dict[str, Callable[[Any], str]]) -> str:
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    if value is None or value == "":
        return str(_("none")) if key in {"assignee", "topic", "team", "kind"} else "—"
    return formatters.get(key, str)(value)


def _changes(event: Event, formatters: dict[str, Callable[[Any], str]]) -> list[Change]:
    # A value only in "before" is context of the old state (a merge records the old status), not a change.
    keys = [k for k in event.after if k not in HIDDEN_KEYS]
    opened = event.verb == Verb.TICKET_OPENED
    changes = []
    for key in keys:
        after = event.after.get(key)
        if opened and (after in (None, "", False) or key in {"subject", "line"}):
            continue  # the opening event lists only what was actually set
        before = _show(event.before[key], key, formatters) if key in event.before else None
        if before is not None and before == _show(after, key, formatters):
            continue
        link = after if key in {"merged_into", "merged_from"} and isinstance(after, int) else None
        label = str(FIELD_LABELS.get(key, key.replace("_", " ")))
        changes.append(Change(label=label, before=before, after=_show(after, key, formatters), ticket_link=link))
    return changes


def _actor(event: Event) -> str:
    if event.actor is not None:
        return person_name(event.actor)
    return str(ACTOR_LABELS.get(event.actor_label, event.actor_label or _("system")))


def build_timeline(events: Iterable[Event]) -> list[Entry]:
    events = list(events)
    formatters = _formatters(_Names(events))
    verbs = dict(Verb.choices)
    return [
        Entry(
            at=event.created_at,
            verb=str(verbs.get(event.verb, event.verb)),
            code=event.verb.replace(".", "-"),
            actor=_actor(event),
            changes=_changes(event, formatters),
            note=" ".join(str(event.after[key]) for key in NOTE_KEYS if event.after.get(key)),
        )
        for event in events
    ]
