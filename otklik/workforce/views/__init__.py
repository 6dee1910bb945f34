"""Staffing pages for supervisors: the calculator, the interval plan, the structure what-if."""

from otklik.workforce.views.calculator import calculator

__all__ = ["calculator"]
