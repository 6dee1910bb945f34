"""Template helpers for the staffing pages and the desk's navigation link."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.formats import number_format

from otklik.workforce.access import can_plan_staff as _can_plan_staff

register = template.Library()


@register.filter
def can_plan_staff(user: Any) -> bool:
    return _can_plan_staff(user)


@register.filter
def pct(value: float | None, digits: int = 1) -> str:
    """A share as a percentage in the reader's number format: 0.8884 → «88,8 %» in Russian."""
    if value is None:
        return "—"
    return f"{number_format(float(value) * 100, decimal_pos=int(digits))} %"


@register.filter
def num(value: float | None, digits: int = 1) -> str:
    if value is None:
        return "—"
    return number_format(float(value), decimal_pos=int(digits), use_l10n=True, force_grouping=True)


@register.filter
def signed(value: float | None, digits: int = 1) -> str:
    """A change with its sign: +1,5 or −2,0 (a true minus sign, not a hyphen)."""
    if value is None:
        return "—"
    text = number_format(abs(float(value)), decimal_pos=int(digits), use_l10n=True, force_grouping=True)
    if round(float(value), int(digits)) == 0:
        return text
    return ("+" if value > 0 else "−") + text
