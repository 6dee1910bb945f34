from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture(autouse=True)
def _fast_hasher(settings: Any) -> None:
    # PBKDF2 takes half a second per check; these tests verify the password, not the hasher.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
