"""Kept for tests written before tests/factories.py and tests/clients.py; new tests import from those."""

from tests.clients import login
from tests.factories import open_ticket

__all__ = ["login", "open_ticket"]
