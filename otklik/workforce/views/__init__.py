"""Staffing pages for supervisors: the calculator, the interval plan, the structure what-if."""

from otklik.workforce.views.calculator import calculator
from otklik.workforce.views.plan import plan
from otklik.workforce.views.structure import structure

__all__ = ["calculator", "plan", "structure"]
