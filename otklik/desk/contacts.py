"""Normalizing contacts so that the same person is found however they typed their address."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from otklik.core.errors import DomainError


def normalize_email(raw: str, *, field: str = "email") -> str:
    value = raw.strip().lower()
    try:
        validate_email(value)
    except ValidationError as exc:
        raise DomainError(_("Not a valid email address: %(value)s") % {"value": raw}, field=field) from exc
    return value


def normalize_phone(raw: str, *, field: str = "phone") -> str:
    """Digits with a leading +; a Russian 8XXXXXXXXXX becomes +7XXXXXXXXXX."""
    digits = re.sub(r"\D", "", raw)
    if len(digits) == 11 and digits.startswith("8") and not raw.strip().startswith("+"):
        digits = "7" + digits[1:]
    elif len(digits) == 10 and not raw.strip().startswith("+"):
        digits = "7" + digits
    if not 7 <= len(digits) <= 15:
        raise DomainError(_("Not a valid phone number: %(value)s") % {"value": raw}, field=field)
    return "+" + digits
