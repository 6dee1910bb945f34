"""Template helpers for the staffing pages and the desk's navigation link."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.formats import number_format

from otklik.workforce.access import can_plan_staff as _can_plan_staff
from otklik.workforce.report import WEEKDAYS
from otklik.workforce.structure_spec import CHANNEL_LABELS

register = template.Library()


def _format(value: float, digits: int) -> str:
    # number_format truncates extra decimals (1049.99 → «1 049»), so round first.
    return number_format(round(value, digits), decimal_pos=digits, use_l10n=True, force_grouping=True)


@register.filter
def can_plan_staff(user: Any) -> bool:
    return _can_plan_staff(user)


@register.filter
def pct(value: float | None, digits: int = 1) -> str:
    """A share as a percentage in the reader's number format: 0.8884 → «88,8 %» in Russian."""
    if value is None:
        return "—"
    return f"{_format(float(value) * 100, int(digits))} %"


@register.filter
def num(value: float | None, digits: int = 1) -> str:
    if value is None:
        return "—"
    return _format(float(value), int(digits))


@register.filter
def signed(value: float | None, digits: int = 1) -> str:
    """A change with its sign: +1,5 or −2,0 (a true minus sign, not a hyphen)."""
    if value is None:
        return "—"
    text = _format(abs(float(value)), int(digits))
    if round(float(value), int(digits)) == 0:
        return text
    return ("+" if value > 0 else "−") + text


@register.filter
def weekday(index: int) -> str:
    return str(WEEKDAYS[int(index)])


@register.filter
def channel(code: str) -> str:
    return str(CHANNEL_LABELS.get(code, code))
