"""``python -m bench.classify_speed``: how fast the appeal classifier loads and classifies.

Targets from the issue: load in under 1 s; at least 2,000 messages per second on one core after
warm-up. Load is measured in fresh processes (import of the engine, the model, pymorphy3's
dictionaries and the first message; Django's own start-up is the host process's and is reported
apart). Throughput is measured in this process pinned to one core, after one warm-up pass, over the corpus
test split's typical support messages (the eight domain parts); apart from them over the test split's
long and social genres (review-site stories, letters to a regulator, posts to brands) and over
support messages joined to about 1,000 characters. A benchmark,
not a timed test: the numbers are printed with the machine they were measured on, and returned as a dict.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from typing import Any

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "otklik.config.settings")
django.setup()

from bench import machine  # noqa: E402
from otklik.classify import split  # noqa: E402
from otklik.classify.dataset import read_labeled  # noqa: E402
from otklik.classify.engine import classify, current_model  # noqa: E402

MIN_SECONDS = 3.0
LOAD_RUNS = 3

_LOAD_PROBE = """
import json, os, time
t0 = time.perf_counter()
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "otklik.config.settings")
import django
django.setup()
t1 = time.perf_counter()
from otklik.classify.engine import classify
classify("Верните 23 400 рублей за заказ № 45-778812")
t2 = time.perf_counter()
print(json.dumps({"django": t1 - t0, "classifier": t2 - t1}))
"""


def load_times() -> dict[str, float]:
    """Median over fresh processes: Django set-up, then the classifier's import, model and first message."""
    runs = []
    for _ in range(LOAD_RUNS):
        start = time.perf_counter()
        out = subprocess.run([sys.executable, "-c", _LOAD_PROBE], capture_output=True, text=True, check=True)
        measured = json.loads(out.stdout.strip().splitlines()[-1])
        measured["process"] = time.perf_counter() - start
        runs.append(measured)
    return {key: statistics.median(r[key] for r in runs) for key in ("classifier", "django", "process")}


def _pin_to_one_core() -> str:
    if not hasattr(os, "sched_setaffinity"):
        return "not pinned"
    core = min(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {core})
    return f"pinned to core {core}"


def throughput(texts: list[str]) -> dict[str, float]:
    """Messages per second (wall and CPU time) and per-message latency, after one warm-up pass."""
    for text in texts:
        classify(text)
    latencies: list[float] = []
    n = 0
    wall0, cpu0 = time.perf_counter(), time.process_time()
    while time.perf_counter() - wall0 < MIN_SECONDS:
        for text in texts:
            start = time.perf_counter()
            classify(text)
            latencies.append(time.perf_counter() - start)
        n += len(texts)
    wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
    latencies.sort()
    return {
        "messages": n,
        "per_second": n / wall,
        "per_second_cpu": n / cpu,
        "p50_ms": latencies[len(latencies) // 2] * 1000,
        "p99_ms": latencies[int(len(latencies) * 0.99)] * 1000,
    }


def _long_texts(texts: list[str], size: int = 1000) -> list[str]:
    joined, current = [], ""
    for text in texts:
        current = f"{current} {text}".strip()
        if len(current) >= size:
            joined.append(current)
            current = ""
    return joined


def run() -> dict[str, Any]:
    load = load_times()
    described = machine.describe()  # before pinning, so it shows the machine's cores, not the one we keep
    pinned = _pin_to_one_core()
    part_of = split.part_of()
    rows = read_labeled(split.TEST_PATH)
    genre: list[str] = []
    texts: list[str] = []
    for r in rows:
        (genre if part_of.get(split.split_key(r.text)) in split.GENRE_PARTS else texts).append(r.text)
    short = throughput(texts)
    genres = throughput(genre)
    long = throughput(_long_texts(texts))
    return {
        "load_classifier_s": round(load["classifier"], 3),
        "load_django_s": round(load["django"], 3),
        "load_process_s": round(load["process"], 3),
        "texts": len(texts),
        "mean_chars": round(sum(map(len, texts)) / len(texts)),
        "messages_per_second": round(short["per_second"]),
        "messages_per_second_cpu": round(short["per_second_cpu"]),
        "p50_ms": round(short["p50_ms"], 3),
        "p99_ms": round(short["p99_ms"], 3),
        "genre_texts": len(genre),
        "genre_mean_chars": round(sum(map(len, genre)) / max(len(genre), 1)),
        "genre_messages_per_second": round(genres["per_second"]),
        "genre_p99_ms": round(genres["p99_ms"], 3),
        "long_messages_per_second": round(long["per_second"]),
        "long_p99_ms": round(long["p99_ms"], 3),
        "model_version": current_model().version,
        "pinning": pinned,
        "machine": described,
    }


def main() -> None:
    r = run()
    print("Machine: " + ", ".join(f"{k} {v}" for k, v in r["machine"].items()) + f"; {r['pinning']}")
    print(f"Machine speed now: {machine.python_speed()} s for 10 million pure-Python additions (lower is faster)")
    print(f"Load: {r['load_classifier_s']} s for the classifier (import, model, pymorphy3, first message; "
          f"target < 1 s) after {r['load_django_s']} s of Django set-up; fresh process {r['load_process_s']} s")  # fmt: skip
    print(f"Throughput on one core after warm-up, {r['texts']} test-split support messages (mean {r['mean_chars']} chars): "
          f"{r['messages_per_second']} messages/s ({r['messages_per_second_cpu']} per CPU-second; target ≥ 2,000), "
          f"p50 {r['p50_ms']} ms, p99 {r['p99_ms']} ms")  # fmt: skip
    print(f"Other genres, {r['genre_texts']} test-split stories, narratives and posts (mean {r['genre_mean_chars']} "
          f"chars): {r['genre_messages_per_second']} messages/s, p99 {r['genre_p99_ms']} ms")  # fmt: skip
    print(
        f"Support messages joined to ~1,000 chars: {r['long_messages_per_second']} messages/s, p99 {r['long_p99_ms']} ms"
    )
    print(f"Model {r['model_version']}")


if __name__ == "__main__":
    main()
