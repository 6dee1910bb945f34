"""Erlang A (M/M/N+M): Erlang C plus customers who hang up after an exponential patience.

The state is the number of customers present, a birth–death chain: arrivals at rate λ, departures
at rate min(n, N)·μ + max(n − N, 0)·θ, where μ = 1/AHT and θ = 1/patience. Below N the weights are
Erlang's (their total relative to state N is 1/B − 1, from the Erlang B recursion); above N each
state adds a factor λ / (Nμ + kθ). Everything is kept as logarithms and normalised at the end, so
neither a long queue (N < A with long patience) nor a large N overflows or underflows.

Waiting time, exactly: a customer who arrives to find k others queued waits through k + 1 stages,
the one with i customers ahead lasting Exp(Nμ + (i + 1)θ) (the i ahead leave by service or by hanging
up; the customer's own patience runs as well). They reach an agent with probability
Nμ / (Nμ + (k + 1)θ) (the product telescopes), and given that, the stages are independent, so

    P(answered within t | k) = Nμ/(Nμ + (k+1)θ) · I_x(k + 1, Nμ/θ + 1),   x = 1 − e^{−θt},

the regularised incomplete beta (the rates form an arithmetic progression: the sum is an order
statistic of exponentials). 1 − I_x(k + 1, b) is a negative-binomial sum whose first term is
e^{−(Nμ+θ)t}; it underflows once service rate × time passes about 745, so its terms are stepped in
log space: the sum stays right however large Nμt is. As θ → 0 the terms become Poisson(Nμt) and the
formula becomes Erlang C's.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.utils.translation import gettext as _

from otklik.workforce import inputs
from otklik.workforce.errors import WorkforceError
from otklik.workforce.model import MAX_AGENTS

# A queue longer than this many states means patience is huge next to a shortage of agents:
# effectively Erlang C with too few agents, which has no steady state.
MAX_QUEUE_STATES = 2_000_000
# Tail terms below e^-40 of the largest weight change no printed digit.
NEGLIGIBLE_LOG = -40.0


class Basis:
    """What a service level is a share of."""

    OFFERED = "offered"  # every arrival, abandoned ones counting as missed (the stricter, usual ACD figure)
    ANSWERED = "answered"  # answered contacts only


@dataclass(frozen=True)
class ErlangAState:
    agents: int
    traffic: float
    p_wait: float
    service_level_offered: float
    service_level_answered: float
    asa_seconds: float  # average wait of answered contacts
    abandon_rate: float  # share of arrivals that hang up
    occupancy: float
    mean_queue: float
    mean_wait_all: float  # average time in queue over every arrival, answered or not

    def service_level(self, basis: str) -> float:
        return self.service_level_answered if basis == Basis.ANSWERED else self.service_level_offered


def log_erlang_b(agents: int, traffic: float) -> float:
    """log B(N, A) by the Erlang B recursion in log form: stays finite where B itself underflows."""
    log_a = math.log(traffic)
    log_b = 0.0
    for n in range(1, agents + 1):
        log_b = log_a + log_b - math.log(n + traffic * math.exp(log_b))
    return log_b


def _log_lower_weight(agents: int, traffic: float) -> float:
    """log of P(fewer than N present) / P(exactly N present) = log(1/B − 1)."""
    minus_log_b = -log_erlang_b(agents, traffic)
    if minus_log_b > 30:  # 1/B − 1 equals 1/B to double precision
        return minus_log_b
    return math.log(math.expm1(minus_log_b)) if minus_log_b > 0 else -math.inf


def _log_queue_weights(rate: float, n_mu: float, theta: float) -> list[float]:
    """log P(N + k present) / P(N present) for k = 0, 1, … until the rest is negligible."""
    logs = [0.0]
    log_rate = math.log(rate)
    current = peak = 0.0
    k = 0
    while True:
        k += 1
        step = rate / (n_mu + k * theta)
        current += log_rate - math.log(n_mu + k * theta)
        logs.append(current)
        peak = max(peak, current)
        # Past the top the steps shrink, so the rest is below a geometric series with this step.
        if step < 1 and current + math.log(step / (1 - step)) < peak + NEGLIGIBLE_LOG:
            return logs
        if k >= MAX_QUEUE_STATES:
            raise WorkforceError(
                _("Patience is too long for so few agents: the queue has no useful bound. Use Erlang C."),
                field="patience",
            )


def _check(agents: int, rate: float, aht: float, patience: float, seconds: float) -> None:
    inputs.whole(agents, "agents", minimum=1)
    if agents > MAX_AGENTS:
        raise WorkforceError(_("At most %(max)s agents.") % {"max": MAX_AGENTS}, field="agents")
    inputs.non_negative(rate, "arrivals")
    inputs.positive(aht, "aht")
    inputs.positive(patience, "patience")
    inputs.non_negative(seconds, "target_seconds")


def evaluate(agents: int, rate: float, aht: float, patience: float, seconds: float) -> ErlangAState:
    """Erlang A with ``agents`` agents, ``rate`` arrivals per second, mean patience in seconds."""
    _check(agents, rate, aht, patience, seconds)
    traffic = rate * aht
    if rate == 0:
        return ErlangAState(agents, 0.0, 0.0, 1.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0)
    n_mu, theta = agents / aht, 1 / patience
    low = _log_lower_weight(agents, traffic)
    queue = _log_queue_weights(rate, n_mu, theta)
    top = max(low, *queue)
    total = math.exp(low - top) + math.fsum(math.exp(v - top) for v in queue)
    p_low = math.exp(low - top) / total
    sums = _queue_sums(queue, top, total, n_mu, theta, seconds)
    answered = p_low + sums.answered
    return ErlangAState(
        agents=agents,
        traffic=traffic,
        p_wait=sums.present,
        service_level_offered=p_low + sums.answered_in_time,
        service_level_answered=(p_low + sums.answered_in_time) / answered,
        asa_seconds=sums.wait_answered / answered,
        abandon_rate=sums.abandoned,
        occupancy=min(1.0, (1 - sums.abandoned) * traffic / agents),
        mean_queue=sums.queue,
        mean_wait_all=sums.wait_all,
    )


@dataclass
class _Sums:
    present: float = 0.0  # P(an arrival finds every agent busy)
    answered: float = 0.0
    answered_in_time: float = 0.0
    abandoned: float = 0.0
    wait_answered: float = 0.0
    wait_all: float = 0.0
    queue: float = 0.0


def _queue_sums(queue: list[float], top: float, total: float, n_mu: float, theta: float, seconds: float) -> _Sums:
    """Sum each queued state's contribution; by PASTA an arrival sees the stationary distribution."""
    sums = _Sums()
    timed = seconds > 0
    if timed:
        log_x = math.log(-math.expm1(-theta * seconds))
        shape = n_mu / theta + 1
        log_term = -(n_mu + theta) * seconds  # log of the first negative-binomial term
        below = math.exp(log_term)  # 1 − I_x(k + 1, shape), built term by term
    stage_time = 0.0  # Σ 1/(Nμ + (i+1)θ), i = 0..k: the mean wait of one who is answered
    for k, weight in enumerate(queue):
        p = math.exp(weight - top) / total
        leave_rate = n_mu + (k + 1) * theta
        reach = n_mu / leave_rate
        stage_time += 1 / leave_rate
        sums.present += p
        sums.answered += p * reach
        sums.abandoned += p * (1 - reach)
        sums.wait_answered += p * reach * stage_time
        sums.wait_all += p * (k + 1) / leave_rate
        sums.queue += p * k
        if timed:
            sums.answered_in_time += p * reach * max(0.0, 1 - below)
            log_term += log_x + math.log(shape + k) - math.log(k + 1)
            below += math.exp(log_term)
    return sums
