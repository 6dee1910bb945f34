"""The structure files shipped with the app, offered on the page and used in the docs and tests."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

FOLDER = Path(__file__).resolve().parent / "examples"


@cache
def choices() -> list[tuple[str, str]]:
    """(slug, title) for every shipped example, titles read from the files themselves."""
    found = []
    for path in sorted(FOLDER.glob("*.yaml")):
        title = yaml.safe_load(path.read_text(encoding="utf-8")).get("name", path.stem)
        found.append((path.stem, str(title)))
    return found


def text(slug: str) -> str:
    if slug not in dict(choices()):
        raise KeyError(slug)
    return (FOLDER / f"{slug}.yaml").read_text(encoding="utf-8")
