"""One entry point for the page and the export: a model name and its inputs → the answer and a curve."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from otklik.workforce import staffing
from otklik.workforce.deferred import DeferredInput, DeferredResult
from otklik.workforce.deferred import staff as staff_deferred
from otklik.workforce.model import Targets, Workload
from otklik.workforce.results import CurvePoint, StaffingResult

ERLANG_C, ERLANG_A, CHAT, DEFERRED = "erlang-c", "erlang-a", "chat", "deferred"
MODELS = (ERLANG_C, ERLANG_A, CHAT, DEFERRED)


@dataclass(frozen=True)
class Calculation:
    model: str
    inputs: dict[str, Any]
    result: StaffingResult | DeferredResult
    curve: list[CurvePoint] = field(default_factory=list)
    targets: Targets | None = None


def targets_from(values: dict[str, Any]) -> Targets:
    return Targets(
        service_level=values.get("target_sl"),
        seconds=values.get("target_seconds", 20.0),
        asa_seconds=values.get("target_asa"),
        max_occupancy=values.get("max_occupancy", 1.0),
    )


def calculate(model: str, values: dict[str, Any]) -> Calculation:
    """``values`` uses the CLI's names and units: shares as 0–1, times in seconds."""
    if model == DEFERRED:
        spec = DeferredInput(
            per_day=values["per_day"],
            aht_seconds=values["aht"],
            window_hours=values["window_hours"],
            open_hours=values.get("open_hours", 9.0),
            open_days=values.get("open_days", 5),
            arrival_hours=values.get("arrival_hours", "always"),
            backlog=values.get("backlog", 0.0),
            max_occupancy=values.get("max_occupancy", 0.85),
            shrinkage=values.get("shrinkage", 0.0),
        )
        return Calculation(model, values, staff_deferred(spec))
    targets = targets_from(values)
    shrinkage, agents = values.get("shrinkage", 0.0), values.get("agents")
    aht = values["chat_aht"][0] if model == CHAT else values["aht"]
    workload = Workload(values["arrivals"], values["interval"], aht)
    result: StaffingResult
    if model == ERLANG_A:
        patience, basis = values["patience"], values.get("sl_basis", "offered")
        result = staffing.erlang_a_staffing(
            workload, targets, patience=patience, basis=basis, shrinkage=shrinkage, agents=agents
        )
        curve = staffing.erlang_a_curve(workload, targets.seconds, patience, basis, result.agents)
    elif model == CHAT:
        result = staffing.chat_staffing(
            workload, targets, aht_by_concurrency=values["chat_aht"], shrinkage=shrinkage, agents=agents
        )
        curve = staffing.chat_curve(workload, targets.seconds, values["chat_aht"], result.agents)
    else:
        result = staffing.erlang_c(workload, targets, shrinkage=shrinkage, agents=agents)
        curve = staffing.erlang_c_curve(workload, targets.seconds, result.agents)
    return Calculation(model, values, result, curve if workload.arrivals else [], targets)
