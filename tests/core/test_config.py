from __future__ import annotations

import os
import subprocess
import sys

import pytest

from otklik.config.env import ConfigError, env, env_bool, env_int, env_list


def test_env_helpers(monkeypatch):
    monkeypatch.setenv("X_INT", "42")
    monkeypatch.setenv("X_BOOL", "yes")
    monkeypatch.setenv("X_LIST", "a, b,,c")
    assert env_int("X_INT", 1) == 42
    assert env_bool("X_BOOL", False) is True
    assert env_list("X_LIST", []) == ["a", "b", "c"]
    assert env("X_MISSING", "d") == "d"


def test_bad_value_names_the_variable(monkeypatch):
    monkeypatch.setenv("PORT", "eighty")
    with pytest.raises(ConfigError, match="PORT"):
        env_int("PORT", 8000)


def _settings_with(**environ: str) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    code = "import django; django.setup(); from django.conf import settings; print(settings.DATABASES['default']['ENGINE'], settings.HUEY['huey_class'])"
    return subprocess.run(
        [sys.executable, "-c", code],
        env={**base, "DJANGO_SETTINGS_MODULE": "otklik.config.settings", **environ},
        capture_output=True, text=True, check=False,
    )  # fmt: skip


def test_database_and_queue_follow_the_environment(tmp_path):
    default = _settings_with(OTKLIK_VAR_DIR=str(tmp_path))
    assert default.stdout.split() == ["django.db.backends.sqlite3", "huey.SqliteHuey"]
    production = _settings_with(OTKLIK_VAR_DIR=str(tmp_path), DATABASE_URL="postgres://u:p@127.0.0.1:5432/otklik",
                                REDIS_URL="redis://127.0.0.1:6379/0")  # fmt: skip
    assert production.stdout.split() == ["django.db.backends.postgresql", "huey.PriorityRedisHuey"]


@pytest.mark.parametrize(
    "environ", [{"TIME_ZONE": "Mars/Olympus"}, {"LANGUAGE_CODE": "de"}, {"DATABASE_URL": "mysql://x"}]
)
def test_bad_configuration_fails_loudly(tmp_path, environ):
    result = _settings_with(OTKLIK_VAR_DIR=str(tmp_path), **environ)
    assert result.returncode != 0
    assert next(iter(environ)) in result.stderr


def test_sqlite_runs_in_wal_mode(db):
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] in ("wal", "memory")
        # The WAL is copied into the database every ~40 MB, not every 4 MB (see settings).
        cursor.execute("PRAGMA wal_autocheckpoint")
        assert cursor.fetchone()[0] == 10000
