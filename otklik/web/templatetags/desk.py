"""Small helpers for the desk templates."""

from __future__ import annotations

from typing import Any

from django import template
from django.http import HttpRequest

from otklik.accounts.models import Role
from otklik.accounts.roles import role_of
from otklik.desk.content import ShownBody
from otklik.desk.content import shown_body as _shown_body
from otklik.web.access import person_name

register = template.Library()


@register.filter
def person(user: Any) -> str:
    return person_name(user)


@register.filter
def role_label(user: Any) -> str:
    role = role_of(user)
    return str(Role(role).label) if role else ""


@register.filter
def shown_body(message: Any, images_for: Any = None) -> ShownBody:
    """The message's HTML with remote images blocked, unless this message's images were asked for."""
    return _shown_body(message.body_html, load_remote=bool(images_for) and images_for == message.pk)


@register.filter
def percent(value: float | None) -> str:
    return "" if value is None else f"{round(value * 100)} %"


@register.simple_tag(takes_context=True)
def query_with(context: dict[str, Any], **changes: Any) -> str:
    """The current query string with some parameters replaced or (given None) removed."""
    request: HttpRequest = context["request"]
    query = request.GET.copy()
    for key, value in changes.items():
        if value is None or value == "":
            query.pop(key, None)
        else:
            query[key] = value
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else "?"
