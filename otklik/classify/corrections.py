"""Training texts that people outside the corpus supply: the agents' corrections of the kind.

The classifier sits below the desk and imports none of it (docs/architecture.md, "Layers"). An
installed app that has corrections offers them through its app config's ``classify_corrections()``,
which returns plain ``(text, kind)`` pairs; the desk's config does (``otklik.desk.corrections``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.apps import apps

from otklik.classify.model import KINDS

Source = Callable[[], Iterable[tuple[str, str]]]


def correction_sources() -> list[Source]:
    return [source for config in apps.get_app_configs() if (source := getattr(config, "classify_corrections", None))]


def collected_corrections(sources: Iterable[Source] | None = None) -> list[tuple[str, str]]:
    """Every source's ``(text, kind)`` pairs, without empty texts or kinds the model does not know."""
    pairs: list[tuple[str, str]] = []
    for source in correction_sources() if sources is None else sources:
        pairs += [(text, kind) for text, kind in source() if text and kind in KINDS]
    return pairs
