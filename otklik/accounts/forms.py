"""Sign-in forms for the desk and the admin, with the lockout after repeated wrong passwords."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import ngettext

from otklik.core.ratelimit import FailureGuard, client_address


def lockout_message(seconds: int) -> str:
    minutes = max(1, round(seconds / 60))
    return ngettext(
        "Too many failed sign-in attempts. Try again in %(minutes)d minute.",
        "Too many failed sign-in attempts. Try again in %(minutes)d minutes.",
        minutes,
    ) % {"minutes": minutes}


class LockoutMixin:
    """Refuses sign-in while the address is locked out and counts each wrong password.

    Checked before the password, so a guess made during a lockout is not even tried. The view's
    response becomes 429 through ``request.rate_limited_for`` (otklik.core.ratelimit).
    """

    request: Any
    cleaned_data: dict[str, Any]

    def clean(self) -> dict[str, Any]:
        self._guard = FailureGuard("login", client_address(self.request), self.cleaned_data.get("username") or "")
        if seconds := self._guard.retry_after():
            raise self._locked_out(seconds)
        cleaned: dict[str, Any] = super().clean()  # type: ignore[misc]
        if getattr(self, "user_cache", None) is not None:
            self._guard.succeeded()
        return cleaned

    def get_invalid_login_error(self) -> forms.ValidationError:
        # Called by AuthenticationForm exactly when the username and password do not match.
        if seconds := self._guard.failed():
            return self._locked_out(seconds)
        return super().get_invalid_login_error()  # type: ignore[misc,no-any-return]

    def _locked_out(self, seconds: int) -> forms.ValidationError:
        self.request.rate_limited_for = seconds
        return forms.ValidationError(lockout_message(seconds), code="rate_limited")


class LoginForm(LockoutMixin, AuthenticationForm):
    pass


class AdminLoginForm(LockoutMixin, AdminAuthenticationForm):
    pass
