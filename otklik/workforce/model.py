"""What a planner types in: the workload of one queue and the targets it must meet."""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.utils.translation import gettext as _

from otklik.workforce import inputs
from otklik.workforce.errors import WorkforceError

# Above this the models are not asked to run: the issue promises stability to 20,000 agents,
# and a search that passes 50,000 has met an unreachable target, not a big contact centre.
MAX_AGENTS = 50_000


@dataclass(frozen=True)
class Workload:
    """Contacts offered in one interval and the average time each takes to handle."""

    arrivals: float
    interval_seconds: float
    aht_seconds: float

    def __post_init__(self) -> None:
        inputs.non_negative(self.arrivals, "arrivals")
        inputs.positive(self.interval_seconds, "interval")
        inputs.positive(self.aht_seconds, "aht")

    @property
    def rate(self) -> float:
        """Arrivals per second."""
        return self.arrivals / self.interval_seconds

    @property
    def traffic(self) -> float:
        """Offered load in Erlangs: arrival rate × handle time."""
        return self.rate * self.aht_seconds


@dataclass(frozen=True)
class Targets:
    """Service level (a share answered within ``seconds``), average speed of answer, occupancy cap.

    Either target may be left out; a search meets every one given, and the occupancy cap always.
    """

    service_level: float | None = 0.8
    seconds: float = 20.0
    asa_seconds: float | None = None
    max_occupancy: float = 1.0

    def __post_init__(self) -> None:
        if self.service_level is not None:
            inputs.share_open(self.service_level, "target_sl")
        inputs.non_negative(self.seconds, "target_seconds")
        if self.asa_seconds is not None:
            inputs.positive(self.asa_seconds, "target_asa")
        inputs.occupancy_cap(self.max_occupancy, "max_occupancy")
        if self.service_level is None and self.asa_seconds is None:
            raise WorkforceError(_("Give a service-level target or an ASA target."), field="target_sl")


def scheduled_for(agents: float, shrinkage: float) -> int:
    """People to schedule so that ``agents`` are on the phones after breaks, training and absence.

    The small epsilon keeps 14 / (1 − 0.3) = 20.000000000000004 at 20, not 21.
    """
    inputs.shrinkage(shrinkage)
    if agents <= 0:
        return 0
    return math.ceil(agents / (1 - shrinkage) - 1e-9)
