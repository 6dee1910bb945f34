"""``python -m bench.workforce_speed``: how fast the staffing models answer.

Targets from the issue: required agents at 10,000 Erlangs in under 20 ms; a week of 30-minute
intervals (336) in under 1 s. A benchmark, not a timed test: the numbers are printed with the
machine they were measured on, and returned as a dict.
"""

from __future__ import annotations

import math
import os
import random
import statistics
import time
from collections.abc import Callable
from typing import Any

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "otklik.config.settings")
django.setup()

from bench import machine  # noqa: E402
from otklik.workforce.intervals import Profile, build_plan  # noqa: E402
from otklik.workforce.model import Targets, Workload  # noqa: E402
from otklik.workforce.staffing import erlang_a_staffing, erlang_c  # noqa: E402

# No occupancy cap here: with an 85 % cap 10,000 Erlangs simply needs ⌈10000 / 0.85⌉ agents, and
# the search for the service level, the part worth timing, would not run.
TARGETS = Targets(0.8, 20)


def timed(work: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    """Median wall time in ms over ``repeat`` runs, and the last answer."""
    times, answer = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        answer = work()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), answer


def week_profile(seed: int = 1) -> Profile:
    """A contact centre's week: a daily hump peaking near 400 calls a half hour, quieter weekends,
    noise so that no two intervals are equal (nothing is served from the plan's memo)."""
    rng = random.Random(seed)
    arrivals = {}
    for day in range(7):
        for minute in range(0, 24 * 60, 30):
            hour = minute / 60
            hump = max(0.0, math.sin(math.pi * (hour - 6) / 17)) if 6 <= hour <= 23 else 0.0
            weekend = 0.6 if day >= 5 else 1.0
            arrivals[(day, minute)] = 5 + 400 * weekend * hump * rng.uniform(0.9, 1.1)
    return Profile(30, arrivals, "bench")


def run() -> dict[str, Any]:
    big = Workload(10_000 * 1800 / 180, 1800, 180)  # 100,000 calls a half hour at 180 s = 10,000 Erlangs
    c_ms, c_result = timed(lambda: erlang_c(big, TARGETS), 15)
    a_ms, a_result = timed(lambda: erlang_a_staffing(big, TARGETS, patience=120), 3)
    profile = week_profile()
    phone = {"aht": 240, "target_sl": 0.8, "target_seconds": 20, "max_occupancy": 1.0, "shrinkage": 0.3}
    week_ms, plan = timed(lambda: build_plan(profile, "erlang-c", phone), 5)
    week_a_ms, _plan_a = timed(lambda: build_plan(profile, "erlang-a", {**phone, "patience": 120}), 3)
    week_chat_ms, _plan_chat = timed(lambda: build_plan(profile, "chat", {**phone, "chat_aht": [240, 300, 400]}), 3)
    results = {
        "erlang_c_10000_erlangs_ms": round(c_ms, 2),
        "erlang_c_10000_erlangs_agents": c_result.agents,
        "erlang_a_10000_erlangs_ms": round(a_ms, 1),
        "erlang_a_10000_erlangs_agents": a_result.agents,
        "week_30min_erlang_c_ms": round(week_ms, 1),
        "week_30min_erlang_a_ms": round(week_a_ms, 1),
        "week_30min_chat_ms": round(week_chat_ms, 1),
        "week_intervals": len(plan.rows),
        "week_peak_agents": plan.peak_agents,
        "machine": machine.describe(),
    }
    return results


def main() -> None:
    results = run()
    print("Machine: " + ", ".join(f"{k} {v}" for k, v in results["machine"].items()))
    print(f"Required agents at 10,000 Erlangs (Erlang C, 80/20): "
          f"{results['erlang_c_10000_erlangs_ms']} ms → {results['erlang_c_10000_erlangs_agents']} agents "
          f"(target < 20 ms)")  # fmt: skip
    print(f"  the same with Erlang A (patience 120 s): {results['erlang_a_10000_erlangs_ms']} ms → "
          f"{results['erlang_a_10000_erlangs_agents']} agents")  # fmt: skip
    print(f"A week of 30-minute intervals ({results['week_intervals']}, peak {results['week_peak_agents']} agents): "
          f"Erlang C {results['week_30min_erlang_c_ms']} ms (target < 1 s), Erlang A {results['week_30min_erlang_a_ms']} ms, "
          f"chat {results['week_30min_chat_ms']} ms")  # fmt: skip


if __name__ == "__main__":
    main()
