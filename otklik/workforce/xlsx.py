"""XLSX exports with the reader's language in the headers (Russian teams expect Russian headers)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from io import BytesIO
from typing import Any

from django.http import HttpResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from otklik.workforce.calculator import Calculation
from otklik.workforce.deferred import DeferredResult

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
