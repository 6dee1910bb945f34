"""The support-structure file (YAML or JSON): lines, topics, scenarios. Parsing and validation only.

Every error names the offending field by its path in the file (``topics[2].handle.L3``), so a
planner can fix the file without reading code. Scenarios are overrides merged into the file's data
and then validated like the file itself.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import yaml
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from otklik.workforce import inputs
from otklik.workforce.errors import WorkforceError

PHONE, CHAT, MESSENGER, EMAIL, FORM = "phone", "chat", "messenger", "email", "form"
CHANNELS = (PHONE, CHAT, MESSENGER, EMAIL, FORM)
CHANNEL_LABELS = {
    PHONE: gettext_lazy("phone"), CHAT: gettext_lazy("chat"), MESSENGER: gettext_lazy("messengers"),
    EMAIL: gettext_lazy("email"), FORM: gettext_lazy("web forms"),
}  # fmt: skip
CHAT_LIKE = (CHAT, MESSENGER)
DEFERRED = (EMAIL, FORM)
DEFAULT_SECONDS = {PHONE: 20.0, CHAT: 60.0, MESSENGER: 300.0}
MAX_FILE_BYTES = 256 * 1024

Data = dict[str, Any]


@dataclass(frozen=True)
class ChannelService:
    """A line's targets for one channel."""

    target_sl: float | None = 0.8
    target_seconds: float = 20.0
    target_asa: float | None = None
    patience: float | None = None  # phone: callers hang up after this on average (Erlang A)
    sl_basis: str = "offered"
    slowdown: tuple[float, ...] = (1.0,)  # chat: duration factor while holding 1, 2, … chats
    window_hours: float = 8.0  # email and forms


@dataclass(frozen=True)
class Line:
    id: str
    name: str
    cost_per_fte: float
    shrinkage: float
    max_occupancy: float
    service: dict[str, ChannelService]

    def service_for(self, channel: str) -> ChannelService:
        return self.service.get(channel) or ChannelService(target_seconds=DEFAULT_SECONDS.get(channel, 20.0))


@dataclass(frozen=True)
class Stop:
    """A topic's work on one line: handle time and the channel it is done in there."""

    line: str
    seconds: float
    channel: str


@dataclass(frozen=True)
class Topic:
    id: str
    name: str
    channel: str
    volume_per_hour: float
    route: list[Stop]  # in line order; contacts move along it by escalation
    escalated: dict[str, float]  # share passed from a line to the next stop


@dataclass(frozen=True)
class Structure:
    name: str
    currency: str
    cost_period: str
    hours_per_fte: float
    open_hours_per_day: float
    open_days: int
    lines: list[Line]
    topics: list[Topic]
    scenarios: list[Data] = field(default_factory=list)
    raw: Data = field(default_factory=dict)

    @property
    def open_hours_per_week(self) -> float:
        return self.open_hours_per_day * self.open_days


def _fail(path: str, message: str) -> WorkforceError:
    return WorkforceError(f"{path}: {message}", field=path)


def _mapping(value: Any, path: str) -> Data:
    if not isinstance(value, dict):
        raise _fail(path, _("expected a mapping (key: value)."))
    return value


def _keys(data: Data, path: str, allowed: set[str], required: Iterable[str] = ()) -> None:
    for key in data:
        if key not in allowed:
            raise _fail(f"{path}.{key}" if path else str(key), _("unknown field."))
    for key in required:
        if key not in data:
            raise _fail(f"{path}.{key}" if path else key, _("this field is required."))


def _text(data: Data, key: str, path: str, default: str | None = None) -> str:
    value = data.get(key, default)
    if not isinstance(value, str | int) or isinstance(value, bool) or not str(value).strip():
        raise _fail(f"{path}.{key}", _("expected text."))
    return str(value).strip()


def _number(data: Data, key: str, path: str, default: float | None, check: Callable[[float, str], float]) -> float:
    value = data.get(key, default)
    if isinstance(value, bool) or value is None:
        raise _fail(f"{path}.{key}", _("expected a number."))
    return check(value, f"{path}.{key}")


def _optional(data: Data, key: str, path: str, check: Callable[[float, str], float]) -> float | None:
    return None if data.get(key) is None else _number(data, key, path, None, check)


def _service(raw: Any, channel: str, path: str) -> ChannelService:
    data = _mapping(raw, path)
    base = {"target_sl", "target_seconds", "target_asa"}
    allowed = {PHONE: base | {"patience", "sl_basis"}, CHAT: base | {"slowdown"}, MESSENGER: base | {"slowdown"}}
    _keys(data, path, allowed.get(channel, {"window_hours"}))
    if channel in DEFERRED:
        return ChannelService(window_hours=_number(data, "window_hours", path, 8.0, inputs.positive))
    slowdown = data.get("slowdown", [1.0])
    if not isinstance(slowdown, list) or not slowdown or len(slowdown) > 10:
        raise _fail(f"{path}.slowdown", _("expected a list of 1 to 10 factors, one per chat held."))
    sl_basis = str(data.get("sl_basis", "offered"))
    if sl_basis not in ("offered", "answered"):
        raise _fail(f"{path}.sl_basis", _("expected “offered” or “answered”."))
    service = ChannelService(
        target_sl=_optional(data, "target_sl", path, inputs.share_open) if "target_sl" in data else 0.8,
        target_seconds=_number(data, "target_seconds", path, DEFAULT_SECONDS[channel], inputs.non_negative),
        target_asa=_optional(data, "target_asa", path, inputs.positive),
        patience=_optional(data, "patience", path, inputs.positive),
        sl_basis=sl_basis,
        slowdown=tuple(inputs.positive(v, f"{path}.slowdown[{i}]") for i, v in enumerate(slowdown)),
    )
    if service.target_sl is None and service.target_asa is None:
        raise _fail(f"{path}.target_sl", _("give a service-level target or an ASA target."))
    return service


def _line(raw: Any, path: str) -> Line:
    data = _mapping(raw, path)
    _keys(data, path, {"id", "name", "cost_per_fte", "shrinkage", "max_occupancy", "service"}, {"id"})
    services = _mapping(data.get("service", {}), f"{path}.service")
    for channel in services:
        if channel not in CHANNELS:
            raise _fail(
                f"{path}.service.{channel}", _("unknown channel; use one of: %(list)s.") % {"list": ", ".join(CHANNELS)}
            )
    line_id = _text(data, "id", path)
    return Line(
        id=line_id,
        name=_text(data, "name", path, line_id),
        cost_per_fte=_number(data, "cost_per_fte", path, 0.0, inputs.non_negative),
        shrinkage=_number(data, "shrinkage", path, 0.3, inputs.shrinkage),
        max_occupancy=_number(data, "max_occupancy", path, 0.85, inputs.occupancy_cap),
        service={ch: _service(value, ch, f"{path}.service.{ch}") for ch, value in services.items()},
    )


def _channel(value: Any, path: str) -> str:
    if value not in CHANNELS:
        raise _fail(path, _("unknown channel; use one of: %(list)s.") % {"list": ", ".join(CHANNELS)})
    return str(value)


def _topic(raw: Any, path: str, line_order: dict[str, int]) -> Topic:
    data = _mapping(raw, path)
    _keys(data, path, {"id", "name", "channel", "volume_per_hour", "handle", "escalated"}, {"id", "channel", "handle"})
    channel = _channel(data["channel"], f"{path}.channel")
    handle = _mapping(data["handle"], f"{path}.handle")
    if not handle:
        raise _fail(f"{path}.handle", _("name at least one line and its handle time in seconds."))
    stops = []
    for line_id, value in handle.items():
        where = f"{path}.handle.{line_id}"
        if line_id not in line_order:
            raise _fail(where, _("unknown line “%(line)s”.") % {"line": line_id})
        if isinstance(value, dict):
            _keys(value, where, {"seconds", "channel"}, {"seconds"})
            stop_channel = _channel(value.get("channel", channel), f"{where}.channel")
            seconds = _number(value, "seconds", where, None, inputs.positive)
        else:
            stop_channel, seconds = channel, _number(handle, line_id, f"{path}.handle", None, inputs.positive)
        stops.append(Stop(str(line_id), seconds, stop_channel))
    stops.sort(key=lambda stop: line_order[stop.line])
    return Topic(
        id=_text(data, "id", path),
        name=_text(data, "name", path, str(data["id"])),
        channel=channel,
        volume_per_hour=_number(data, "volume_per_hour", path, 0.0, inputs.non_negative),
        route=stops,
        escalated=_escalation(data.get("escalated", 0.0), stops, f"{path}.escalated"),
    )


def _escalation(raw: Any, stops: list[Stop], path: str) -> dict[str, float]:
    """A share per line, or one share for the first line of the route (the usual L1 → L2 case)."""
    shares = {stops[0].line: raw} if not isinstance(raw, dict) else dict(raw)
    result = {}
    route = [stop.line for stop in stops]
    for line_id, share in shares.items():
        where = f"{path}.{line_id}" if isinstance(raw, dict) else path
        if isinstance(share, bool):
            raise _fail(where, _("expected a number."))
        value = inputs.share_closed(share, where)
        if line_id not in route:
            raise _fail(where, _("the topic is not handled on line “%(line)s”.") % {"line": line_id})
        if value > 0 and route.index(line_id) == len(route) - 1:
            raise _fail(
                where, _("contacts are escalated from the last line of the route: add the next line to handle.")
            )
        result[str(line_id)] = value
    return result


def parse(data: Any, path: str = "") -> Structure:
    """Validate loaded data (already a Python mapping) into a Structure."""
    data = _mapping(data, path or "file")
    top = {
        "name",
        "currency",
        "cost_period",
        "hours_per_fte",
        "open_hours_per_day",
        "open_days",
        "lines",
        "topics",
        "scenarios",
    }
    _keys(data, path, top, {"lines", "topics"})
    prefix = f"{path}." if path else ""
    lines_raw, topics_raw = data["lines"], data["topics"]
    if not isinstance(lines_raw, list) or not lines_raw:
        raise _fail(f"{prefix}lines", _("expected a list of lines."))
    if not isinstance(topics_raw, list) or not topics_raw:
        raise _fail(f"{prefix}topics", _("expected a list of topics."))
    lines = [_line(raw, f"{prefix}lines[{i}]") for i, raw in enumerate(lines_raw)]
    _unique([line.id for line in lines], f"{prefix}lines")
    order = {line.id: i for i, line in enumerate(lines)}
    topics = [_topic(raw, f"{prefix}topics[{i}]", order) for i, raw in enumerate(topics_raw)]
    _unique([topic.id for topic in topics], f"{prefix}topics")
    scenarios = data.get("scenarios") or []
    if not isinstance(scenarios, list):
        raise _fail(f"{prefix}scenarios", _("expected a list of scenarios."))
    hours = data.get("open_hours_per_day", 12)
    return Structure(
        name=_text(data, "name", path or "file", _("Support structure")),
        currency=_text(data, "currency", path or "file", "RUB"),
        cost_period=_text(data, "cost_period", path or "file", "month"),
        hours_per_fte=_number(data, "hours_per_fte", path or "file", 40.0, inputs.positive),
        open_hours_per_day=_hours(hours, f"{prefix}open_hours_per_day"),
        open_days=_days(data.get("open_days", 7), f"{prefix}open_days"),
        lines=lines,
        topics=topics,
        scenarios=[_mapping(s, f"{prefix}scenarios[{i}]") for i, s in enumerate(scenarios)],
        raw=data,
    )


def _hours(value: Any, path: str) -> float:
    number = inputs.positive(value, path)
    if number > 24:
        raise _fail(path, _("at most 24 hours a day."))
    return number


def _days(value: Any, path: str) -> int:
    number = inputs.whole(value, path, minimum=1)
    if number > 7:
        raise _fail(path, _("at most 7 days a week."))
    return number


def _unique(ids: list[str], path: str) -> None:
    seen: set[str] = set()
    for i, item in enumerate(ids):
        if item in seen:
            raise _fail(f"{path}[{i}].id", _("“%(id)s” is used twice.") % {"id": item})
        seen.add(item)


def load_text(text: str, filename: str = "") -> Structure:
    """Read YAML or JSON text (JSON is YAML too, but its errors read better from the JSON parser)."""
    if len(text.encode()) > MAX_FILE_BYTES:
        raise WorkforceError(_("The structure file is too large."), field="file")
    try:
        data = json.loads(text) if filename.endswith(".json") or text.lstrip().startswith("{") else yaml.safe_load(text)
    except (json.JSONDecodeError, yaml.YAMLError) as exc:
        raise WorkforceError(_("The file is not valid YAML or JSON: %(error)s") % {"error": exc}, field="file") from exc
    return parse(data)


# Scenarios ---------------------------------------------------------------------------------------


def merge(base: Any, change: Any) -> Any:
    """Deep merge: mappings merge key by key, ``null`` removes a key, anything else replaces."""
    if not isinstance(base, dict) or not isinstance(change, dict):
        return copy.deepcopy(change)
    merged = copy.deepcopy(base)
    for key, value in change.items():
        if value is None:
            merged.pop(key, None)
        else:
            merged[key] = merge(merged.get(key), value)
    return merged


SCENARIO_KEYS = {"name", "description", "lines", "topics", "add_topics", "remove_topics", "volume_factor"}


def scenario_data(structure: Structure, index: int) -> tuple[str, str, Data]:
    """The file's data with scenario ``index`` applied: (name, description, data)."""
    path = f"scenarios[{index}]"
    change = structure.scenarios[index]
    _keys(change, path, SCENARIO_KEYS, {"name"})
    data = copy.deepcopy(structure.raw)
    data.pop("scenarios", None)
    data["lines"] = _apply(data["lines"], change.get("lines", {}), f"{path}.lines", _("unknown line “%(id)s”."))
    data["topics"] = _apply(data["topics"], change.get("topics", {}), f"{path}.topics", _("unknown topic “%(id)s”."))
    removed = change.get("remove_topics", [])
    if not isinstance(removed, list):
        raise _fail(f"{path}.remove_topics", _("expected a list of topic ids."))
    known = {t.get("id") for t in data["topics"]}
    for i, topic_id in enumerate(removed):
        if topic_id not in known:
            raise _fail(f"{path}.remove_topics[{i}]", _("unknown topic “%(id)s”.") % {"id": topic_id})
    data["topics"] = [t for t in data["topics"] if t.get("id") not in removed]
    added = change.get("add_topics", [])
    if not isinstance(added, list):
        raise _fail(f"{path}.add_topics", _("expected a list of topics."))
    data["topics"] += copy.deepcopy(added)
    factor = _number(change, "volume_factor", path, 1.0, inputs.positive)
    for topic in data["topics"]:
        if isinstance(topic, dict) and isinstance(topic.get("volume_per_hour"), int | float):
            topic["volume_per_hour"] = topic["volume_per_hour"] * factor
    description = str(change.get("description", ""))
    return _text(change, "name", path), description, data


def _apply(items: Any, changes: Any, path: str, unknown: str) -> list[Any]:
    """Merge ``{id: overrides}`` into a list of mappings identified by ``id``."""
    changes = _mapping(changes, path)
    by_id = {item.get("id"): i for i, item in enumerate(items) if isinstance(item, dict)}
    merged = list(items)
    for item_id, change in changes.items():
        if item_id not in by_id:
            raise _fail(f"{path}.{item_id}", unknown % {"id": item_id})
        merged[by_id[item_id]] = merge(merged[by_id[item_id]], _mapping(change, f"{path}.{item_id}"))
    return merged


def scenario(structure: Structure, index: int) -> tuple[str, str, Structure]:
    name, description, data = scenario_data(structure, index)
    return name, description, parse(data, f"scenarios[{index}]")
