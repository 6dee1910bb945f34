from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from otklik.workforce import charts, worked_examples
from otklik.workforce.access import planner_view
from otklik.workforce.errors import WorkforceError
from otklik.workforce.forms import StructureForm
from otklik.workforce.structure import Comparison, StructureResult, compare
from otklik.workforce.structure_spec import load_text
from otklik.workforce.templatetags.workforce import num
from otklik.workforce.xlsx import structure_workbook, workbook_response


@dataclass(frozen=True)
class Cell:
    """One result's figures for a line (or the total) in the side-by-side table."""

    fte: float | None
    cost: float | None
    service_level: float | None
    delta_fte: float | None = None
    delta_cost: float | None = None


def side_by_side(comparison: Comparison) -> list[tuple[str, list[Cell]]]:
    """Rows per line and a total row, with a cell per result: the current structure, then scenarios."""
    results = [comparison.base, *comparison.scenarios]
    names = {line.id: line.name for r in results for line in r.lines}
    rows = []
    for line_id in comparison.line_ids:
        cells = []
        for index, result in enumerate(results):
            line = result.line(line_id)
            delta = comparison.delta(result)["lines"][line_id] if index else {}
            cells.append(Cell(
                fte=line.scheduled_fte if line else 0.0, cost=line.cost if line else 0.0,
                service_level=line.service_level if line and line.pools else None,
                delta_fte=delta.get("scheduled_fte"), delta_cost=delta.get("cost"),
            ))  # fmt: skip
        rows.append((names.get(line_id, line_id), cells))
    total = []
    for index, result in enumerate(results):
        delta = comparison.delta(result) if index else {}
        total.append(Cell(result.scheduled_fte, result.cost, result.service_level,
                          delta.get("scheduled_fte"), delta.get("cost")))  # fmt: skip
    rows.append((_("Total"), total))
    return rows


def fte_chart(comparison: Comparison) -> Any:
    results: list[StructureResult] = [comparison.base, *comparison.scenarios]
    series = []
    for index, result in enumerate(results):
        values = [(line.scheduled_fte if (line := result.line(i)) else 0.0) for i in comparison.line_ids]
        series.append(charts.Series(result.name, values, f"s{index % 5 + 1}"))
    return charts.grouped_bars(
        comparison.line_ids, series, label=_("Scheduled FTE by line in each scenario"), y_label=_("FTE"),
        fmt=lambda v: num(v, 1),
    )  # fmt: skip


def load(form: StructureForm) -> Comparison | None:
    if not form.is_valid():
        return None
    upload = form.cleaned_data.get("file")
    try:
        if upload:
            name, text = upload
            return compare(load_text(text, name))
        return compare(load_text(worked_examples.text(form.cleaned_data["example"])))
    except WorkforceError as exc:
        form.add_error("file" if upload else "example", exc.message)
        return None


@planner_view
def structure(request: HttpRequest) -> HttpResponse:
    examples = worked_examples.choices()
    if request.method == "POST":
        form = StructureForm(request.POST, request.FILES, examples=examples)
    else:
        initial = {"example": request.GET.get("example") or examples[0][0]}
        form = StructureForm(initial, examples=examples)
    comparison = load(form)
    wants_xlsx = (request.POST if request.method == "POST" else request.GET).get("export") == "xlsx"
    if comparison is not None and wants_xlsx:
        return workbook_response(structure_workbook(comparison), "staffing-structure.xlsx")
    context = {
        "tab": "structure",
        "form": form,
        "comparison": comparison,
        "results": [comparison.base, *comparison.scenarios] if comparison else [],
        "rows": side_by_side(comparison) if comparison else [],
        "chart": fte_chart(comparison) if comparison else None,
    }
    return render(request, "workforce/structure.html", context)
