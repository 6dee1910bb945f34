"""The support-structure model: per line and channel, the staffing each topic's work needs, the
cost, and how scenarios ("move topic C to L1 with 600 s and 20 % escalated") change FTE and cost.

Each line staffs every channel it works in as its own pool of agents (phone agents do not answer
chats at the same moment). A topic's contacts enter the first line of its route; a share moves on
to the next line (escalation), in the channel given for that stop. Per pool: phone → Erlang C, or
Erlang A when the line gives a patience; chat and messengers → chat with concurrency; email and
forms → deferred work within a response window. Volumes are per open hour and the staffing of
that hour is needed for every open hour of the week, so scheduled FTE =
agents × open hours a week / hours of a full-time week / (1 − shrinkage).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from otklik.workforce import staffing
from otklik.workforce.deferred import DeferredInput
from otklik.workforce.deferred import staff as staff_deferred
from otklik.workforce.model import Targets, Workload
from otklik.workforce.results import rounded
from otklik.workforce.structure_spec import (
    CHAT_LIKE,
    DEFERRED,
    ChannelService,
    Line,
    Structure,
    scenario,
)


@dataclass
class Pool:
    """The work one line does in one channel: contacts per hour and their handle times."""

    line: Line
    channel: str
    volume: float = 0.0
    work_seconds: float = 0.0  # Σ volume × handle time, per hour
    topics: dict[str, float] = field(default_factory=dict)  # topic id → contacts per hour here

    @property
    def aht(self) -> float:
        return self.work_seconds / self.volume if self.volume else 0.0

    @property
    def traffic(self) -> float:
        return self.work_seconds / 3600


@dataclass(frozen=True)
class PoolResult:
    line: str
    channel: str
    model: str
    volume_per_hour: float
    aht_seconds: float
    traffic: float
    agents: int
    scheduled_fte: float
    service_level: float | None  # None for deferred work: it is judged by its window
    asa_seconds: float | None
    occupancy: float
    abandon_rate: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "line": self.line, "channel": self.channel, "model": self.model,
            "volume_per_hour": rounded(self.volume_per_hour, 2), "aht_seconds": rounded(self.aht_seconds, 1),
            "traffic": rounded(self.traffic, 3), "agents": self.agents, "scheduled_fte": rounded(self.scheduled_fte, 2),
            "service_level": None if self.service_level is None else rounded(self.service_level),
            "asa_seconds": None if self.asa_seconds is None else rounded(self.asa_seconds, 2),
            "occupancy": rounded(self.occupancy), "abandon_rate": None if self.abandon_rate is None else rounded(self.abandon_rate),
        }  # fmt: skip


@dataclass(frozen=True)
class LineResult:
    id: str
    name: str
    pools: list[PoolResult]
    cost_per_fte: float

    @property
    def traffic(self) -> float:
        return sum(p.traffic for p in self.pools)

    @property
    def agents(self) -> int:
        return sum(p.agents for p in self.pools)

    @property
    def scheduled_fte(self) -> float:
        return sum(p.scheduled_fte for p in self.pools)

    @property
    def cost(self) -> float:
        return self.scheduled_fte * self.cost_per_fte

    @property
    def volume(self) -> float:
        return sum(p.volume_per_hour for p in self.pools)

    @property
    def service_level(self) -> float | None:
        """Contact-weighted over the live channels (phone, chat); None if the line has none."""
        return weighted_service_level(self.pools)

    @property
    def occupancy(self) -> float:
        agents = self.agents
        return sum(p.occupancy * p.agents for p in self.pools) / agents if agents else 0.0

    def to_dict(self) -> dict[str, Any]:
        sl = self.service_level
        return {
            "id": self.id, "name": self.name, "volume_per_hour": rounded(self.volume, 2),
            "traffic": rounded(self.traffic, 3), "agents": self.agents, "scheduled_fte": rounded(self.scheduled_fte, 2),
            "service_level": None if sl is None else rounded(sl), "occupancy": rounded(self.occupancy),
            "cost": rounded(self.cost, 0), "pools": [p.to_dict() for p in self.pools],
        }  # fmt: skip


def weighted_service_level(pools: list[PoolResult]) -> float | None:
    live = [p for p in pools if p.service_level is not None and p.volume_per_hour > 0]
    volume = sum(p.volume_per_hour for p in live)
    return (
        sum(p.service_level * p.volume_per_hour for p in live if p.service_level is not None) / volume
        if volume
        else None
    )


@dataclass(frozen=True)
class StructureResult:
    name: str
    description: str
    lines: list[LineResult]
    entering: float  # contacts per hour arriving at their first line
    escalated: float  # contacts per hour passed on to another line

    @property
    def scheduled_fte(self) -> float:
        return sum(line.scheduled_fte for line in self.lines)

    @property
    def agents(self) -> int:
        return sum(line.agents for line in self.lines)

    @property
    def cost(self) -> float:
        return sum(line.cost for line in self.lines)

    @property
    def service_level(self) -> float | None:
        return weighted_service_level([p for line in self.lines for p in line.pools])

    @property
    def escalation_rate(self) -> float:
        """Share of contacts passed to another line: the customer's extra wait and a second agent."""
        return self.escalated / self.entering if self.entering else 0.0

    def line(self, line_id: str) -> LineResult | None:
        return next((line for line in self.lines if line.id == line_id), None)

    def totals(self) -> dict[str, Any]:
        sl = self.service_level
        return {
            "agents": self.agents, "scheduled_fte": rounded(self.scheduled_fte, 2), "cost": rounded(self.cost, 0),
            "service_level": None if sl is None else rounded(sl), "escalation_rate": rounded(self.escalation_rate),
        }  # fmt: skip

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "description": self.description,
                "lines": [line.to_dict() for line in self.lines], "totals": self.totals()}  # fmt: skip


CHANNEL_ORDER = {"phone": 0, "chat": 1, "messenger": 2, "email": 3, "form": 4}


def staffed_pools(structure: Structure) -> tuple[list[tuple[Pool, PoolResult]], float, float]:
    """Route every topic through its lines and staff each pool: (pools in line order, entering, escalated).

    Lines are staffed in order because a line's answered contacts feed the next one: callers who
    hang up on the first line are not escalated (they call again as new contacts, which is in the
    volume already).
    """
    arriving = {(topic.id, 0): topic.volume_per_hour for topic in structure.topics}
    entering = sum(arriving.values())
    escalated = 0.0
    staffed: list[tuple[Pool, PoolResult]] = []
    for line in structure.lines:
        pools: dict[str, Pool] = {}
        here = []
        for topic in structure.topics:
            for k, stop in enumerate(topic.route):
                volume = arriving.get((topic.id, k), 0.0)
                if stop.line == line.id and volume > 0:
                    pool = pools.setdefault(stop.channel, Pool(line, stop.channel))
                    pool.volume += volume
                    pool.work_seconds += volume * stop.seconds
                    pool.topics[topic.id] = pool.topics.get(topic.id, 0.0) + volume
                    here.append((topic, k, volume, stop.channel))
        results = {channel: staff_pool(pool, structure) for channel, pool in pools.items()}
        for topic, k, volume, channel in here:
            if k + 1 < len(topic.route):
                answered = volume * (1 - (results[channel].abandon_rate or 0.0))
                passed = answered * topic.escalated.get(line.id, 0.0)
                arriving[(topic.id, k + 1)] = passed
                escalated += passed
        staffed += [(pools[ch], results[ch]) for ch in sorted(pools, key=CHANNEL_ORDER.__getitem__)]
    return staffed, entering, escalated


def targets_for(service: ChannelService, line: Line) -> Targets:
    return Targets(service.target_sl, service.target_seconds, service.target_asa, line.max_occupancy)


def staff_pool(pool: Pool, structure: Structure) -> PoolResult:
    line, service = pool.line, pool.line.service_for(pool.channel)
    coverage = structure.open_hours_per_week / structure.hours_per_fte / (1 - line.shrinkage)
    if pool.channel in DEFERRED:
        work = staff_deferred(DeferredInput(
            per_day=pool.volume * structure.open_hours_per_day, aht_seconds=pool.aht or 1.0,
            window_hours=service.window_hours, open_hours=structure.open_hours_per_day,
            open_days=structure.open_days, arrival_hours="open", max_occupancy=line.max_occupancy,
        ))  # fmt: skip
        return _pool_result(pool, coverage, "deferred", work.agents, None, None, work.occupancy, None)
    workload = Workload(pool.volume, 3600, pool.aht or 1.0)
    targets = targets_for(service, line)
    if pool.channel in CHAT_LIKE:
        aht = [pool.aht * factor for factor in service.slowdown]
        queue = staffing.chat_staffing(workload, targets, aht_by_concurrency=aht)
    elif service.patience is not None:
        queue = staffing.erlang_a_staffing(workload, targets, patience=service.patience, basis=service.sl_basis)
    else:
        queue = staffing.erlang_c(workload, targets)
    return _pool_result(pool, coverage, queue.model, queue.agents, queue.service_level, queue.asa_seconds,
                        queue.occupancy, queue.abandon_rate)  # fmt: skip


def _pool_result(pool: Pool, coverage: float, model: str, agents: int, service_level: float | None,
                 asa: float | None, occupancy: float, abandon: float | None) -> PoolResult:  # fmt: skip
    return PoolResult(
        line=pool.line.id, channel=pool.channel, model=model, volume_per_hour=pool.volume, aht_seconds=pool.aht,
        traffic=pool.traffic, agents=agents, scheduled_fte=agents * coverage, service_level=service_level,
        asa_seconds=asa, occupancy=occupancy, abandon_rate=abandon,
    )  # fmt: skip


def evaluate(structure: Structure, name: str = "", description: str = "") -> StructureResult:
    staffed, entering, escalated = staffed_pools(structure)
    by_line: dict[str, list[PoolResult]] = {line.id: [] for line in structure.lines}
    for pool, result in staffed:
        by_line[pool.line.id].append(result)
    lines = [LineResult(line.id, line.name, by_line[line.id], line.cost_per_fte) for line in structure.lines]
    return StructureResult(name or structure.name, description, lines, entering, escalated)


@dataclass(frozen=True)
class Comparison:
    structure: Structure
    base: StructureResult
    scenarios: list[StructureResult]

    @property
    def line_ids(self) -> list[str]:
        """Lines of the file, then any line a scenario adds."""
        ids = [line.id for line in self.base.lines]
        for result in self.scenarios:
            ids += [line.id for line in result.lines if line.id not in ids]
        return ids

    def delta(self, result: StructureResult) -> dict[str, Any]:
        base_sl, sl = self.base.service_level, result.service_level
        per_line = {}
        for line_id in self.line_ids:
            before, after = self.base.line(line_id), result.line(line_id)
            per_line[line_id] = {
                "scheduled_fte": rounded(
                    (after.scheduled_fte if after else 0) - (before.scheduled_fte if before else 0), 2
                ),
                "cost": rounded((after.cost if after else 0) - (before.cost if before else 0), 0),
            }
        return {
            "scheduled_fte": rounded(result.scheduled_fte - self.base.scheduled_fte, 2),
            "cost": rounded(result.cost - self.base.cost, 0),
            "service_level": None if base_sl is None or sl is None else rounded(sl - base_sl),
            "escalation_rate": rounded(result.escalation_rate - self.base.escalation_rate),
            "lines": per_line,
        }

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.structure.name,
            "currency": self.structure.currency,
            "cost_period": self.structure.cost_period,
            "base": self.base.to_dict(),
            "scenarios": [{**r.to_dict(), "delta": self.delta(r)} for r in self.scenarios],
        }


def compare(structure: Structure) -> Comparison:
    """The structure as it is and each of its scenarios, computed independently."""
    base = evaluate(structure, _("Current structure"))
    results = []
    for index in range(len(structure.scenarios)):
        name, description, changed = scenario(structure, index)
        results.append(evaluate(changed, name, description))
    return Comparison(structure, base, results)
