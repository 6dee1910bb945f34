from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer

from otklik.accounts.roles import can_work_in_desk
from otklik.accounts.services import api_token_authenticate


class TokenAuth(HttpBearer):
    """``Authorization: Bearer <token>``; tokens come from ``otklik api-token USERNAME``."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = api_token_authenticate(token)
        if user is None or not can_work_in_desk(user):
            return None
        request.user = user
        return user
