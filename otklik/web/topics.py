"""Topic names as paths ("Delivery → Late"), built from one query instead of a walk per topic."""

from __future__ import annotations

from django.utils import translation

from otklik.desk.models import Topic, topic_ancestry


def _name(topic: Topic, english: bool) -> str:
    return (topic.name_en if english and topic.name_en else topic.name) or f"#{topic.pk}"


def topic_paths(*, active_only: bool = False) -> dict[int, str]:
    """Every topic's full path in the reader's language; a topic tree is small (tens to hundreds)."""
    topics = {t.pk: t for t in Topic.objects.only("id", "parent_id", "name", "name_en", "is_active")}
    english = (translation.get_language() or "").startswith("en")
    paths: dict[int, str] = {}
    for pk, topic in topics.items():
        ancestry = topic_ancestry(topic, lambda node: topics.get(node.parent_id) if node.parent_id else None)
        paths[pk] = " → ".join(_name(node, english) for node in reversed(ancestry))
    if active_only:
        return {pk: path for pk, path in paths.items() if topics[pk].is_active}
    return paths
