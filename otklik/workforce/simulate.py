"""Validation by simulation: the same structure as a ciw queueing network, compared pool by pool.

Each live pool (phone, chat) becomes a node with the pool's agents; each topic is a customer class
that arrives at its first line and moves to the next with its escalation share, exactly as the
analytic model routes it. Phone callers renege after an exponential patience where the line sets
one. A chat node is a shared-pace node: with n chats in service each progresses at μ(n)/n, μ(n)
being the analytic model's completion rate, which is the same Markov chain for exponential chats.
Deferred work (email, forms) is a fluid model of a week and is not simulated here.

``service="pooled"`` gives every contact in a pool the pool's mean handle time (the analytic model's
own assumption, so the comparison checks the queueing formulas, the routing and the traffic
arithmetic); ``service="topic"`` gives each topic its own mean (a mix of handle times, which the
analytic model averages). ciw is a development dependency, imported only when this runs.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from otklik.workforce import chat
from otklik.workforce.errors import WorkforceError
from otklik.workforce.results import rounded
from otklik.workforce.structure import Pool, PoolResult, staffed_pools
from otklik.workforce.structure_spec import CHAT_LIKE, DEFERRED, Structure


def load_ciw() -> Any:
    try:
        return importlib.import_module("ciw")
    except ImportError as exc:
        raise WorkforceError(
            _("Simulation needs the ciw package (a development dependency): pip install ciw."), field="simulate"
        ) from exc


@dataclass(frozen=True)
class PoolCheck:
    line: str
    channel: str
    agents: int
    analytic: float
    simulated: float
    contacts: int  # simulated contacts that counted
    half_width_points: float  # 95 % confidence half-width of the simulated level, by batch means
    abandon_analytic: float | None = None
    abandon_simulated: float | None = None

    @property
    def gap_points(self) -> float:
        return (self.simulated - self.analytic) * 100

    def to_dict(self) -> dict[str, Any]:
        return {
            "line": self.line, "channel": self.channel, "agents": self.agents,
            "analytic_service_level": rounded(self.analytic), "simulated_service_level": rounded(self.simulated),
            "gap_points": rounded(self.gap_points, 2), "half_width_points": rounded(self.half_width_points, 2),
            "contacts": self.contacts,
            "abandon_analytic": None if self.abandon_analytic is None else rounded(self.abandon_analytic),
            "abandon_simulated": None if self.abandon_simulated is None else rounded(self.abandon_simulated),
        }  # fmt: skip


@dataclass(frozen=True)
class Validation:
    name: str
    hours: float
    seed: int
    service: str
    pools: list[PoolCheck]

    @property
    def worst_gap_points(self) -> float:
        return max((abs(p.gap_points) for p in self.pools), default=0.0)

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "hours": self.hours, "seed": self.seed, "service": self.service,
                "worst_gap_points": rounded(self.worst_gap_points, 2), "pools": [p.to_dict() for p in self.pools]}  # fmt: skip


def _chat_node_class(ciw: Any, pace: dict[int, Any]) -> Any:
    """A ciw processor-sharing node whose per-chat pace follows the chat model's μ(n)/n.

    ``pace`` maps a node id to a function n → pace per chat in work units per second (a chat's work
    is its duration at concurrency 1 divided by the pool's mean, so the pool's mean is 1 unit).
    """

    class ChatNode(ciw.PSNode):  # type: ignore[misc, name-defined]
        last_occupancy: int

        def update_all_service_end_dates(self) -> None:
            speed = pace[self.id_number]
            now = self.simulation.current_time
            occupancy = min(self.number_of_individuals, self.ps_capacity)
            for ind in (i for i in self.all_individuals if i.with_server):
                elapsed = now - ind.date_last_update
                if self.last_occupancy > 0:
                    ind.time_left -= elapsed * speed(self.last_occupancy)
                ind.service_end_date = now + ind.time_left / speed(occupancy)
                ind.date_last_update = now
            self.last_occupancy = occupancy
            self.date_last_update = now

    return ChatNode


def servers(pool: Pool, result: PoolResult) -> int:
    """A phone node has an agent per server; a chat node's capacity is every agent's chat slots."""
    if pool.channel in CHAT_LIKE:
        return result.agents * len(pool.line.service_for(pool.channel).slowdown)
    return result.agents


def _network(
    ciw: Any, structure: Structure, live: list[tuple[Pool, PoolResult]], service: str
) -> tuple[Any, list[Any]]:
    index = {(pool.line.id, pool.channel): i for i, (pool, _result) in enumerate(live)}
    classes: dict[str, dict[str, Any]] = {}
    node_classes: list[Any] = []
    paces: dict[int, Any] = {}
    for i, (pool, result) in enumerate(live):
        if pool.channel in CHAT_LIKE:
            slowdown = pool.line.service_for(pool.channel).slowdown
            aht = [pool.aht * f for f in slowdown]
            agents = result.agents
            paces[i + 1] = lambda n, a=agents, h=aht: chat.completion_rate(n, a, h) / n if n else 1.0
            node_classes.append("chat")
        else:
            node_classes.append(ciw.Node)
    chat_node = _chat_node_class(ciw, paces) if paces else None
    for topic in structure.topics:
        arrivals: list[Any] = [None] * len(live)
        services: list[Any] = []
        patience: list[Any] = [None] * len(live)
        routing = [[0.0] * len(live) for _row in live]
        first = topic.route[0]
        if (first.line, first.channel) in index and topic.volume_per_hour > 0:
            arrivals[index[(first.line, first.channel)]] = ciw.dists.Exponential(topic.volume_per_hour / 3600)
        for k, stop in enumerate(topic.route[:-1]):
            here, there = (stop.line, stop.channel), (topic.route[k + 1].line, topic.route[k + 1].channel)
            if here in index and there in index:
                routing[index[here]][index[there]] = topic.escalated.get(stop.line, 0.0)
        own = {(s.line, s.channel): s.seconds for s in topic.route}
        for pool, _result in live:
            mean = own.get((pool.line.id, pool.channel), pool.aht) if service == "topic" else pool.aht
            if pool.channel in CHAT_LIKE:
                services.append(ciw.dists.Exponential(pool.aht / mean))  # work units, pool mean = 1
            else:
                services.append(ciw.dists.Exponential(1 / mean))
        for j, (pool, _result) in enumerate(live):
            minutes = pool.line.service_for(pool.channel).patience
            if pool.channel not in CHAT_LIKE and minutes:
                patience[j] = ciw.dists.Exponential(1 / minutes)
        classes[topic.id] = {"arrivals": arrivals, "services": services, "routing": routing, "patience": patience}
    network = ciw.create_network(
        arrival_distributions={c: v["arrivals"] for c, v in classes.items()},
        service_distributions={c: v["services"] for c, v in classes.items()},
        routing={c: v["routing"] for c, v in classes.items()},
        number_of_servers=[servers(pool, result) for pool, result in live],
        reneging_time_distributions={c: v["patience"] for c, v in classes.items()},
    )
    nodes = [chat_node if kind == "chat" else ciw.Node for kind in node_classes]
    return network, nodes


def validate(
    structure: Structure, *, hours: float = 200.0, warmup_hours: float = 5.0, seed: int = 1, service: str = "pooled"
) -> Validation:
    """Simulate ``hours`` of steady traffic and compare each live pool's service level."""
    ciw = load_ciw()
    if service not in ("pooled", "topic"):
        raise WorkforceError(_("service is “pooled” or “topic”."), field="service")
    staffed, _entering, _escalated = staffed_pools(structure)
    live = [(pool, result) for pool, result in staffed if pool.channel not in DEFERRED]
    if not live:
        return Validation(structure.name, hours, seed, service, [])
    network, node_types = _network(ciw, structure, live, service)
    ciw.seed(seed)
    simulation = ciw.Simulation(network, node_class=node_types)
    end = (hours + warmup_hours) * 3600
    simulation.simulate_until_max_time(end + 3600)  # an extra hour so late arrivals finish
    records = [r for r in simulation.get_all_records() if warmup_hours * 3600 <= r.arrival_date < end]
    window = (warmup_hours * 3600, end)
    checks = [_check(i + 1, pool, result, records, window) for i, (pool, result) in enumerate(live)]
    return Validation(structure.name, hours, seed, service, checks)


BATCHES = 10
T_975_9 = 2.262  # Student's t, 97.5th percentile, 9 degrees of freedom (10 batches)


def _check(node: int, pool: Pool, result: PoolResult, records: list[Any], window: tuple[float, float]) -> PoolCheck:
    service = pool.line.service_for(pool.channel)
    answered_basis = service.sl_basis == "answered" and service.patience is not None
    mine = [r for r in records if r.node == node]
    # Ten batches by arrival time: their spread gives the simulation's own uncertainty.
    width = (window[1] - window[0]) / BATCHES
    batches = [[0, 0] for _batch in range(BATCHES)]  # [in time, counted]
    served = reneged = 0
    for r in mine:
        batch = batches[min(BATCHES - 1, int((r.arrival_date - window[0]) // width))]
        if r.record_type == "service":
            served += 1
            batch[0] += r.waiting_time <= service.target_seconds + 1e-9
            batch[1] += 1
        elif r.record_type == "renege":
            reneged += 1
            batch[1] += 0 if answered_basis else 1
    counted = sum(b[1] for b in batches)
    levels = [b[0] / b[1] for b in batches if b[1]]
    mean = sum(levels) / len(levels) if levels else 1.0
    spread = (sum((v - mean) ** 2 for v in levels) / (len(levels) - 1)) ** 0.5 if len(levels) > 1 else 0.0
    return PoolCheck(
        line=pool.line.id, channel=pool.channel, agents=result.agents,
        analytic=result.service_level if result.service_level is not None else 1.0,
        simulated=sum(b[0] for b in batches) / counted if counted else 1.0, contacts=counted,
        half_width_points=100 * T_975_9 * spread / len(levels) ** 0.5 if levels else 0.0,
        abandon_analytic=result.abandon_rate,
        abandon_simulated=reneged / (served + reneged) if result.abandon_rate is not None and mine else None,
    )  # fmt: skip
