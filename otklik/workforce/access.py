"""Who may plan staff: supervisors and administrators. Agents see no link and get a 403."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser, User
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils.translation import gettext as _

from otklik.accounts.models import Role
from otklik.accounts.roles import role_of

View = Callable[..., HttpResponseBase]


def can_plan_staff(user: User | AnonymousUser) -> bool:
    return role_of(user) in {Role.SUPERVISOR, Role.ADMIN}


def planner_view(view: View) -> View:
    """Signed-in supervisors and admins only: anonymous → login page, anyone else → 403."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not can_plan_staff(request.user):
            reason = _("Staff planning is open to supervisors and administrators.")
            return render(request, "403.html", {"reason": reason}, status=403)
        return view(request, *args, **kwargs)

    return login_required(wrapper)
