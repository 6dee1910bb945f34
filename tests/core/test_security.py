"""Production settings: no start without a secret key, a clean deploy check, CSP on every page."""

from __future__ import annotations

import logging
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _otklik(args: list[str], tmp_path: Path, **environ: str) -> subprocess.CompletedProcess[str]:
    # A clean slate: none of the developer's or the test run's configuration leaks in.
    base = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG", "SYSTEMROOT"}}
    return subprocess.run(
        [sys.executable, "-m", "otklik.cli", *args],
        env={**base, "OTKLIK_VAR_DIR": str(tmp_path), **environ},
        cwd=ROOT, capture_output=True, text=True, check=False, timeout=120,
    )  # fmt: skip


def _documented_production_env() -> dict[str, str]:
    text = (ROOT / "docs/deployment.md").read_text()
    block = re.search(r"<!-- production-env[^>]*-->\s*```sh\n(.*?)```", text, re.DOTALL)
    assert block, "docs/deployment.md lost its production-env block"
    environ = dict(line.split("=", 1) for line in block[1].splitlines() if line.strip())
    environ["SECRET_KEY"] = secrets.token_urlsafe(50)  # the placeholder is not a key anyone should use
    return environ


@pytest.mark.parametrize("key", [None, "insecure-development-key-change-me-in-production"])
def test_every_command_refuses_to_start_without_a_secret_key(tmp_path, key):
    result = _otklik(["migrate", "--check"], tmp_path, **({"SECRET_KEY": key} if key else {}))
    assert result.returncode != 0
    assert result.stderr.strip().count("\n") == 0, result.stderr  # one line, no traceback
    assert result.stderr.startswith("otklik: configuration error: SECRET_KEY")


def test_development_mode_needs_no_configuration(tmp_path):
    assert _otklik(["check"], tmp_path, OTKLIK_DEV="1").returncode == 0


def test_a_bad_security_variable_is_named(tmp_path):
    result = _otklik(["check"], tmp_path, OTKLIK_DEV="1", SECURE_HSTS_SECONDS="a year")
    assert result.returncode != 0
    assert "SECURE_HSTS_SECONDS" in result.stderr and "Traceback" not in result.stderr


def test_the_documented_production_env_passes_the_deploy_check(tmp_path):
    environ = _documented_production_env()
    result = _otklik(["check", "--deploy", "--fail-level", "WARNING"], tmp_path, **environ)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    # And the variables are really read: the deploy check finds their absence.
    bare = _otklik(["check", "--deploy"], tmp_path, SECRET_KEY=environ["SECRET_KEY"])
    assert "security.W004" in bare.stderr and "security.W012" in bare.stderr


def _inline_scripts(html: str) -> list[str]:
    return [tag for tag in re.findall(r"<script\b[^>]*>", html) if "src=" not in tag and "application/json" not in tag]


@pytest.mark.django_db
def test_pages_carry_the_content_security_policy(client, agent):
    for path in ["/login/", "/admin/login/", "/api/v1/docs"]:
        response = client.get(path)
        assert response.status_code == 200, path
        policy = response["Content-Security-Policy"]
        assert "default-src 'self'" in policy and "script-src 'self'" in policy and "'unsafe-inline'" not in policy
        html = response.content.decode()
        assert not _inline_scripts(html), path
        assert not re.search(r"\sstyle=|\son[a-z]+=|hx-on", html), path
        # Nothing is loaded from another site (a CSRF token may spell "cdn" by chance, so look at the URLs).
        assert not re.search(r"""(?:src|href)=["'](?:https?:)?//""", html), path
    client.force_login(agent)
    ticket_list = client.get("/")
    assert "Content-Security-Policy" in ticket_list and not _inline_scripts(ticket_list.content.decode())


def test_webhook_posts_are_not_logged_at_info():
    assert logging.getLogger("httpx").getEffectiveLevel() == logging.WARNING
    assert logging.getLogger("httpcore").getEffectiveLevel() == logging.WARNING
