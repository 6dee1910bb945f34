"""Settings for the test suite and the type checker: the real settings in development mode.

pytest (pyproject's ``DJANGO_SETTINGS_MODULE``) and mypy's Django plugin load this module, so both work
with no configuration while the real settings refuse to start without a ``SECRET_KEY``. The variable
is set in the environment, not only here, so the commands the tests start in subprocesses inherit it.
"""

from __future__ import annotations

import os

os.environ.setdefault("OTKLIK_DEV", "1")

from otklik.config.settings import *  # noqa: F403
