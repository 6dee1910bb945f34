"""Layer rules import-linter cannot state (the contracts themselves are in pyproject.toml).

The desk's service modules share only public names: a helper another module needs is made public
there, so renaming a private one can never break a sibling. import-linter sees modules, not names,
so this reads the imports with ``ast``.
"""

from __future__ import annotations

import ast
from pathlib import Path

import otklik.desk.services

SERVICES = Path(otklik.desk.services.__file__).parent
PACKAGE = "otklik.desk.services"


def _private_imports(path: Path) -> list[str]:
    """``module: name`` for each underscore name this file takes from a sibling services module."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            source = node.module or ""
            if node.level:  # from .tickets import _x, from . import tickets
                source = f"{PACKAGE}.{source}".rstrip(".")
            if source.startswith(PACKAGE + ".") and source != f"{PACKAGE}.{path.stem}":
                found += [f"{source}: {a.name}" for a in node.names if a.name.startswith("_")]
        elif isinstance(node, ast.Attribute) and _private(node.attr) and _names_a_sibling(node.value, path.stem):
            # services.tickets._helper after `from otklik.desk import services` or `import ... as tickets`
            found.append(f"{ast.unparse(node.value)}: {node.attr}")
    return found


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def _names_a_sibling(value: ast.expr, own: str) -> bool:
    siblings = {p.stem for p in SERVICES.glob("*.py")} - {own, "__init__"}
    name = value.attr if isinstance(value, ast.Attribute) else value.id if isinstance(value, ast.Name) else ""
    return name in siblings


def test_service_modules_take_no_private_names_from_each_other() -> None:
    offenders = {p.name: found for p in sorted(SERVICES.glob("*.py")) if (found := _private_imports(p))}
    assert offenders == {}, f"make these public in their own module, or move them to services/common.py: {offenders}"


def test_the_check_catches_a_private_import(tmp_path: Path) -> None:
    bad = tmp_path / "messages.py"
    bad.write_text(
        "from otklik.desk.services.tickets import _apply_status, apply_status\n"
        "from .common import _lock\n"
        "from otklik.desk.services import tickets\n"
        "tickets._reopen(1)\n"
        "from otklik.desk.services.messages import _own\n",
        encoding="utf-8",
    )
    assert _private_imports(bad) == [
        "otklik.desk.services.tickets: _apply_status",
        "otklik.desk.services.common: _lock",
        "tickets: _reopen",
    ]
