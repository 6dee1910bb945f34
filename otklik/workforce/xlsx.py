"""XLSX exports with the reader's language in the headers (Russian teams expect Russian headers)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from io import BytesIO
from typing import Any

from django.http import HttpResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from otklik.workforce.calculator import Calculation
from otklik.workforce.deferred import DeferredResult
from otklik.workforce.intervals import Plan
from otklik.workforce.report import WEEKDAYS
from otklik.workforce.structure import Comparison
from otklik.workforce.structure_spec import CHANNEL_LABELS

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PERCENT = "0.0%"
HEADER_FILL = PatternFill("solid", fgColor="E8ECF5")


def sheet_table(sheet: Worksheet, headers: Sequence[str], rows: Iterable[Sequence[Any]],
                formats: dict[int, str] | None = None, start_row: int = 1) -> int:  # fmt: skip
    """Write a header row and rows; number formats per column index. Returns the next free row."""
    for col, title in enumerate(headers, start=1):
        cell = sheet.cell(row=start_row, column=col, value=title)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
    row = start_row
    for row, values in enumerate(rows, start=start_row + 1):
        for col, value in enumerate(values, start=1):
            cell = sheet.cell(row=row, column=col, value=value)
            if formats and col - 1 in formats:
                cell.number_format = formats[col - 1]
    for col, title in enumerate(headers, start=1):
        letter = get_column_letter(col)
        sheet.column_dimensions[letter].width = max(
            sheet.column_dimensions[letter].width or 0, min(40, len(str(title)) + 4)
        )
    sheet.freeze_panes = sheet.cell(row=start_row + 1, column=1)
    return row + 2


def pairs(sheet: Worksheet, items: Sequence[tuple[str, Any, str | None]], start_row: int = 1) -> int:
    """Label–value rows (inputs, results); the third item is a number format or None."""
    for offset, (label, value, fmt) in enumerate(items):
        sheet.cell(row=start_row + offset, column=1, value=label).font = Font(bold=True)
        cell = sheet.cell(row=start_row + offset, column=2, value=value)
        if fmt:
            cell.number_format = fmt
    sheet.column_dimensions["A"].width = 42
    sheet.column_dimensions["B"].width = 16
    return start_row + len(items) + 1


def input_labels() -> dict[str, str]:
    return {
        "arrivals": _("Contacts per interval"), "interval": _("Interval, s"), "aht": _("Average handle time, s"),
        "chat_aht": _("Chat duration by concurrency, s"), "patience": _("Average patience, s"),
        "sl_basis": _("Service level counted over"), "target_sl": _("Service level target"),
        "target_seconds": _("…answered within, s"), "target_asa": _("ASA target, s"),
        "max_occupancy": _("Maximum occupancy"), "shrinkage": _("Shrinkage"), "agents": _("Agents (given)"),
        "per_day": _("Items per day"), "arrival_hours": _("Items arrive"),
        "window_hours": _("Response window, business hours"), "open_hours": _("Working hours a day"),
        "open_days": _("Working days a week"), "backlog": _("Backlog now, items"),
    }  # fmt: skip


def calculation_workbook(calculation: Calculation) -> Workbook:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = _("Result")[:31]
    labels = input_labels()
    shares = {"target_sl", "max_occupancy", "shrinkage"}
    given = [
        (labels.get(k, k), ", ".join(str(x) for x in v) if isinstance(v, list) else v, PERCENT if k in shares else None)
        for k, v in calculation.inputs.items()
    ]
    row = pairs(sheet, [(_("Inputs"), calculation.model, None), *given])
    row = pairs(sheet, result_rows(calculation), start_row=row)
    if calculation.curve:
        curve = book.create_sheet(_("Agents and service level")[:31])
        sheet_table(
            curve,
            [_("Agents"), _("Service level"), _("ASA, s"), _("Occupancy")],
            ([p.agents, p.service_level, round(p.asa_seconds, 2), p.occupancy] for p in calculation.curve),
            {1: PERCENT, 3: PERCENT},
        )
    return book


def result_rows(calculation: Calculation) -> list[tuple[str, Any, str | None]]:
    result = calculation.result
    if isinstance(result, DeferredResult):
        return [
            (_("Results"), None, None),
            (_("Agents on duty"), result.agents, None),
            (_("To schedule"), result.scheduled, None),
            (_("Pace needed, items an hour"), round(result.pace_per_hour, 2), None),
            (_("Workload a week, hours"), round(result.workload_hours_per_week, 2), None),
            (_("Largest backlog, items"), round(result.peak_backlog, 1), None),
            (_("Slowest answer, business hours"), round(result.max_response_hours, 2), None),
            (_("Occupancy"), result.occupancy, PERCENT),
        ]
    rows: list[tuple[str, Any, str | None]] = [
        (_("Results"), None, None),
        (_("Agents"), result.agents, None),
        (_("To schedule"), result.scheduled, None),
        (_("Traffic, Erlangs"), round(result.traffic, 3), None),
        (_("Service level"), result.service_level, PERCENT),
        (_("Probability of waiting"), result.p_wait, PERCENT),
        (_("Average speed of answer, s"), round(result.asa_seconds, 2), None),
        (_("Occupancy"), result.occupancy, PERCENT),
    ]
    if result.abandon_rate is not None:
        rows.append((_("Abandoned"), result.abandon_rate, PERCENT))
        rows.append((_("Service level counted over"), result.service_level_basis, None))
    return rows


def workbook_response(book: Workbook, filename: str) -> HttpResponse:
    buffer = BytesIO()
    book.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def plan_workbook(plan: Plan) -> Workbook:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = _("Interval plan")[:31]
    headers = [_("Weekday"), _("Start"), _("Contacts"), _("Agents"), _("Scheduled"), _("Service level"),
               _("ASA, s"), _("Occupancy")]  # fmt: skip
    rows = [
        (str(WEEKDAYS[r.weekday]), r.start, round(r.arrivals, 2), r.result.agents, r.result.scheduled,
         r.result.service_level, round(r.result.asa_seconds, 2), r.result.occupancy)
        for r in plan.rows
    ]  # fmt: skip
    end = sheet_table(sheet, headers, rows, {5: PERCENT, 7: PERCENT})
    pairs(sheet, [
        (_("Contacts"), round(plan.contacts, 1), None),
        (_("Agent-hours"), round(plan.agent_hours, 2), None),
        (_("Scheduled hours (FTE-hours)"), round(plan.scheduled_hours, 2), None),
        (_("FTE at %(h)s hours a week") % {"h": plan.hours_per_fte}, round(plan.fte, 2), None),
        (_("Peak agents"), plan.peak_agents, None),
    ], start_row=end)  # fmt: skip
    if plan.rows:
        chart = BarChart()
        chart.title = _("Agents per interval")
        chart.y_axis.title = _("Agents")
        chart.add_data(
            Reference(sheet, min_col=4, max_col=5, min_row=1, max_row=len(plan.rows) + 1), titles_from_data=True
        )
        chart.set_categories(Reference(sheet, min_col=2, min_row=2, max_row=len(plan.rows) + 1))
        chart.width, chart.height = 28, 9
        sheet.add_chart(chart, "J2")
    return book


def structure_workbook(comparison: Comparison) -> Workbook:
    book = Workbook()
    summary = book.active
    assert summary is not None
    summary.title = _("Comparison")[:31]
    currency = comparison.structure.currency
    results = [comparison.base, *comparison.scenarios]
    headers = [_("Scenario"), _("Agents"), _("FTE"), _("Cost, %(currency)s") % {"currency": currency},
               _("Service level"), _("Escalated"), _("Δ FTE"), _("Δ cost")]  # fmt: skip
    rows = []
    for result in results:
        delta = comparison.delta(result)
        rows.append((result.name, result.agents, round(result.scheduled_fte, 2), round(result.cost),
                     result.service_level, result.escalation_rate, delta["scheduled_fte"], delta["cost"]))  # fmt: skip
    end = sheet_table(summary, headers, rows, {4: PERCENT, 5: PERCENT})
    line_headers = [_("Line"), *(r.name for r in results)]
    fte_rows = [
        (line_id, *(round(line.scheduled_fte, 2) if (line := r.line(line_id)) else 0 for r in results))
        for line_id in comparison.line_ids
    ]
    summary.cell(row=end, column=1, value=_("FTE by line")).font = Font(bold=True)
    sheet_table(summary, line_headers, fte_rows, start_row=end + 1)
    for index, result in enumerate(results):
        sheet = book.create_sheet(f"{index} {result.name}"[:31])
        pool_headers = [_("Line"), _("Channel"), _("Model"), _("Contacts/h"), _("Handle time, s"), _("Erlangs"),
                        _("Agents"), _("FTE"), _("Service level"), _("ASA, s"), _("Occupancy"), _("Abandoned"),
                        _("Cost, %(currency)s") % {"currency": currency}]  # fmt: skip
        pool_rows = []
        for line in result.lines:
            for p in line.pools:
                pool_rows.append((line.name, str(CHANNEL_LABELS[p.channel]), p.model, round(p.volume_per_hour, 2),
                                  round(p.aht_seconds, 1), round(p.traffic, 3), p.agents, round(p.scheduled_fte, 2),
                                  p.service_level, None if p.asa_seconds is None else round(p.asa_seconds, 2),
                                  p.occupancy, p.abandon_rate, round(p.scheduled_fte * line.cost_per_fte)))  # fmt: skip
        sheet_table(sheet, pool_headers, pool_rows, {8: PERCENT, 10: PERCENT, 11: PERCENT})
    return book
