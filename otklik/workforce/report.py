"""Plain-text tables for the console: aligned columns, numbers right, labels translated."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from otklik.workforce.deferred import DeferredResult
from otklik.workforce.intervals import Plan
from otklik.workforce.results import StaffingResult
from otklik.workforce.simulate import Validation
from otklik.workforce.structure import Comparison, StructureResult
from otklik.workforce.structure_spec import CHANNEL_LABELS

WEEKDAYS = (
    pgettext_lazy("weekday", "Mon"), pgettext_lazy("weekday", "Tue"), pgettext_lazy("weekday", "Wed"),
    pgettext_lazy("weekday", "Thu"), pgettext_lazy("weekday", "Fri"), pgettext_lazy("weekday", "Sat"),
    pgettext_lazy("weekday", "Sun"),
)  # fmt: skip


def pct(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f} %"


def num(value: float | None, digits: int = 1) -> str:
    return "—" if value is None else f"{value:,.{digits}f}".replace(",", " ")


def signed(value: float, digits: int = 1) -> str:
    """+1.5 or −2.0; a change that rounds to zero prints as 0.0, never −0.0."""
    rounded_value = round(value, digits)
    if rounded_value == 0:
        return f"{0:.{digits}f}"
    return f"{rounded_value:+,.{digits}f}".replace(",", " ").replace("-", "−")


def table(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    cells = [[str(h) for h in headers], *[[str(c) for c in row] for row in rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]

    def line(row: list[str]) -> str:
        return "  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths, strict=True)))

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(cells[0]), rule, *(line(r) for r in cells[1:])])


def pairs(items: Sequence[tuple[str, str]]) -> str:
    width = max(len(label) for label, _value in items)
    return "\n".join(f"{label.ljust(width)}  {value}" for label, value in items)


def staffing_text(result: StaffingResult) -> str:
    items = [
        (_("Agents needed") if result.searched else _("Agents"), str(result.agents)),
        (_("To schedule"), str(result.scheduled)),
        (_("Traffic, Erlangs"), num(result.traffic, 2)),
        (_("Service level (%(s)s s)") % {"s": num(result.target_seconds, 0)}, pct(result.service_level)),
        (_("Probability of waiting"), pct(result.p_wait)),
        (_("Average speed of answer, s"), num(result.asa_seconds, 1)),
        (_("Occupancy"), pct(result.occupancy)),
    ]
    if result.model == "erlang-a":
        basis = _("all arrivals") if result.service_level_basis == "offered" else _("answered calls")
        items += [(_("Abandoned"), pct(result.abandon_rate)), (_("Service level counted over"), basis),
                  (_("Service level on the other basis"), pct(result.service_level_other))]  # fmt: skip
    if result.model == "chat":
        items += [(_("Chats per agent"), f"{num(result.chats_per_agent, 2)} / {result.concurrency}")]
    return pairs(items)


def deferred_text(result: DeferredResult) -> str:
    return pairs([
        (_("Agents on duty"), str(result.agents)),
        (_("To schedule"), str(result.scheduled)),
        (_("Pace needed, items an hour"), num(result.pace_per_hour, 1)),
        (_("Workload a week, hours"), num(result.workload_hours_per_week, 1)),
        (_("Largest backlog, items"), num(result.peak_backlog, 0)),
        (_("Slowest answer, business hours"), num(result.max_response_hours, 1)),
        (_("Occupancy"), pct(result.occupancy)),
        (_("Agents once the backlog is cleared"), str(result.steady_agents)),
    ])  # fmt: skip


def plan_text(plan: Plan) -> str:
    rows = [
        (f"{WEEKDAYS[r.weekday]} {r.start}", num(r.arrivals, 1), r.result.agents, r.result.scheduled,
         pct(r.result.service_level), num(r.result.asa_seconds, 1), pct(r.result.occupancy))
        for r in plan.rows
    ]  # fmt: skip
    body = table([_("Interval"), _("Contacts"), _("Agents"), _("Scheduled"), _("Service level"), _("ASA, s"),
                  _("Occupancy")], rows)  # fmt: skip
    totals = pairs([
        (_("Contacts"), num(plan.contacts, 0)),
        (_("Agent-hours"), num(plan.agent_hours, 1)),
        (_("Scheduled hours (FTE-hours)"), num(plan.scheduled_hours, 1)),
        (_("FTE at %(h)s hours a week") % {"h": num(plan.hours_per_fte, 0)}, num(plan.fte, 2)),
        (_("Peak agents"), str(plan.peak_agents)),
    ])  # fmt: skip
    return f"{body}\n\n{totals}"


def structure_text(result: StructureResult, currency: str) -> str:
    rows = []
    for line in result.lines:
        rows.append((line.name, num(line.volume, 1), num(line.traffic, 2), line.agents, num(line.scheduled_fte, 1),
                     pct(line.service_level), pct(line.occupancy), num(line.cost, 0)))  # fmt: skip
        for p in line.pools:
            rows.append((f"  {CHANNEL_LABELS[p.channel]} ({p.model})", num(p.volume_per_hour, 1), num(p.traffic, 2), p.agents,
                         num(p.scheduled_fte, 1), pct(p.service_level), pct(p.occupancy), ""))  # fmt: skip
    rows.append((_("Total"), "", "", result.agents, num(result.scheduled_fte, 1), pct(result.service_level), "",
                 num(result.cost, 0)))  # fmt: skip
    headers = [_("Line"), _("Contacts/h"), _("Erlangs"), _("Agents"), _("FTE"), _("Service level"), _("Occupancy"),
               _("Cost, %(currency)s") % {"currency": currency}]  # fmt: skip
    return f"{result.name}\n{table(headers, rows)}"


def comparison_text(comparison: Comparison) -> str:
    currency = comparison.structure.currency
    parts = [comparison.structure.name, "", structure_text(comparison.base, currency)]
    for result in comparison.scenarios:
        parts += ["", structure_text(result, currency)]
    if comparison.scenarios:
        rows = []
        for result in comparison.scenarios:
            delta = comparison.delta(result)
            sl = delta["service_level"]
            rows.append((result.name, signed(delta["scheduled_fte"]), signed(delta["cost"], 0),
                         "—" if sl is None else signed(sl * 100), signed(delta["escalation_rate"] * 100)))  # fmt: skip
        headers = [_("Scenario"), _("Δ FTE"), _("Δ cost, %(currency)s") % {"currency": currency},
                   _("Δ service level, points"), _("Δ escalated, points")]  # fmt: skip
        parts += ["", _("Against the current structure"), table(headers, rows)]
    return "\n".join(parts)


def validation_text(report: Validation) -> str:
    rows = [
        (f"{p.line} {CHANNEL_LABELS[p.channel]}", p.agents, pct(p.analytic), pct(p.simulated), signed(p.gap_points, 2),
         f"±{p.half_width_points:.2f}", p.contacts, pct(p.abandon_analytic), pct(p.abandon_simulated))
        for p in report.pools
    ]  # fmt: skip
    headers = [_("Pool"), _("Agents"), _("Analytic SL"), _("Simulated SL"), _("Gap, points"), _("95 % CI, points"),
               _("Contacts"), _("Abandoned (analytic)"), _("Abandoned (simulated)")]  # fmt: skip
    head = _("%(name)s: %(hours)s simulated hours, seed %(seed)s, handle times %(service)s") % {
        "name": report.name,
        "hours": num(report.hours, 0),
        "seed": report.seed,
        "service": report.service,
    }
    return f"{head}\n{table(headers, rows)}"
