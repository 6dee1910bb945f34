"""Settings for the test suite and the type checker: the real settings in development mode.

pytest (pyproject's ``DJANGO_SETTINGS_MODULE``) and mypy's Django plugin load this module, so both work
with no configuration while the real settings refuse to start without a ``SECRET_KEY``. The variable
is set in the environment, not only here, so the commands the tests start in subprocesses inherit it.
"""

from __future__ import annotations

import os

os.environ.setdefault("OTKLIK_DEV", "1")

from otklik.config.settings import *  # noqa: F403

# The rate-limit counters live in this process only: a test run must not see another run's failures
# through the shared file under var/, and tests/conftest.py clears them between tests.
CACHES = {
    **CACHES,  # noqa: F405
    "shared": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "otklik-shared"},
}
