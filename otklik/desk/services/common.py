"""What several of the desk's write paths share: checking a choice, the default team, the ticket lock."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext as _

from otklik.accounts.models import Line, Team
from otklik.core.cache import TimedCache
from otklik.core.errors import DomainError
from otklik.desk.models import Ticket


def checked_choice(value: str, choices: type[models.TextChoices], field: str) -> str:
    """``value`` if it is one of ``choices``; otherwise an error naming ``field`` and what it allows."""
    if value not in choices.values:
        raise DomainError(
            _("%(field)s must be one of: %(allowed)s")
            % {"field": field, "allowed": ", ".join(str(v) for v in choices.values if v)},
            field=field,
        )
    return value


# Where new tickets go rarely changes and every intake asks: remember it a few seconds per process.
default_teams: TimedCache[Team | None] = TimedCache(seconds=5.0)


def forget_default_teams() -> None:
    default_teams.clear()


def default_team(line: int = Line.FIRST) -> Team | None:
    return default_teams.get(
        line,
        lambda: (
            Team.objects.filter(line=line).order_by("-is_default", "name").first()
            or Team.objects.order_by("-is_default", "line", "name").first()
        ),
    )


def lock_ticket(ticket: Ticket) -> Ticket:
    """Re-read the ticket under a row lock so concurrent changes never overwrite each other."""
    return Ticket.objects.select_for_update().select_related("customer").get(pk=ticket.pk)
