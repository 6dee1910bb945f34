"""Who may open the desk pages, and how a person is named on them."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.http.response import HttpResponseBase

from otklik.accounts.roles import can_work_in_desk

View = Callable[..., HttpResponseBase]


def desk_view(view: View) -> View:
    """Signed-in people who work in the desk only: anonymous → login page, anyone else → 403."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not can_work_in_desk(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return login_required(wrapper)


def person_name(user: User | AnonymousUser | None) -> str:
    if user is None:
        return ""
    full = user.get_full_name().strip() if hasattr(user, "get_full_name") else ""
    return full or user.get_username()
