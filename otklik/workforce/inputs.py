"""Checks shared by every model: each refuses bad input with an error that names the field."""

from __future__ import annotations

import math

from django.utils.translation import gettext as _

from otklik.workforce.errors import WorkforceError


def finite(value: float, field: str) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError) as exc:
        raise WorkforceError(_("%(field)s must be a number.") % {"field": field}, field=field) from exc
    if not math.isfinite(number):
        raise WorkforceError(_("%(field)s must be a finite number.") % {"field": field}, field=field)
    return number


def non_negative(value: float, field: str) -> float:
    number = finite(value, field)
    if number < 0:
        raise WorkforceError(_("%(field)s cannot be negative.") % {"field": field}, field=field)
    return number


def positive(value: float, field: str) -> float:
    number = finite(value, field)
    if number <= 0:
        raise WorkforceError(_("%(field)s must be greater than zero.") % {"field": field}, field=field)
    return number


def share_open(value: float, field: str) -> float:
    """A share strictly between 0 and 1, as a service-level target must be."""
    number = finite(value, field)
    if not 0 < number < 1:
        raise WorkforceError(_("%(field)s must be between 0 and 1 (exclusive).") % {"field": field}, field=field)
    return number


def shrinkage(value: float, field: str = "shrinkage") -> float:
    number = finite(value, field)
    if not 0 <= number < 1:
        raise WorkforceError(_("%(field)s must be at least 0 and below 1.") % {"field": field}, field=field)
    return number


def occupancy_cap(value: float, field: str = "max_occupancy") -> float:
    number = finite(value, field)
    if not 0 < number <= 1:
        raise WorkforceError(_("%(field)s must be above 0 and at most 1.") % {"field": field}, field=field)
    return number


def share_closed(value: float, field: str) -> float:
    number = finite(value, field)
    if not 0 <= number <= 1:
        raise WorkforceError(_("%(field)s must be between 0 and 1.") % {"field": field}, field=field)
    return number


def whole(value: float, field: str, minimum: int = 0) -> int:
    number = finite(value, field)
    if number != int(number) or number < minimum:
        raise WorkforceError(
            _("%(field)s must be a whole number of at least %(min)s.") % {"field": field, "min": minimum}, field=field
        )
    return int(number)
