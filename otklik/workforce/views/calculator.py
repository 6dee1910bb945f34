from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from otklik.workforce import charts
from otklik.workforce.access import planner_view
from otklik.workforce.calculator import CHAT, DEFERRED, ERLANG_A, ERLANG_C, MODELS, Calculation, calculate
from otklik.workforce.errors import WorkforceError
from otklik.workforce.forms import CalculatorForm
from otklik.workforce.templatetags.workforce import pct
from otklik.workforce.views.common import attach_error
from otklik.workforce.xlsx import calculation_workbook, workbook_response

MODEL_TABS = [
    (ERLANG_C, gettext_lazy("Phone: Erlang C")),
    (ERLANG_A, gettext_lazy("Phone with abandons: Erlang A")),
    (CHAT, gettext_lazy("Chat")),
    (DEFERRED, gettext_lazy("Email and forms")),
]


def bound_form(request: HttpRequest, model: str) -> CalculatorForm:
    """The form from the query string; on a first visit, its initial values, so a worked example shows."""
    empty = CalculatorForm(model=model)
    if not any(name in request.GET for name in empty.fields):
        initial = {name: field.initial for name, field in empty.fields.items() if field.initial is not None}
        return CalculatorForm(initial, model=model)
    return CalculatorForm(request.GET, model=model)


def run(form: CalculatorForm) -> Calculation | None:
    if not form.is_valid():
        return None
    try:
        return calculate(form.model, form.values())
    except WorkforceError as exc:
        attach_error(form, exc, {"aht": "chat_aht"} if form.model == CHAT else None)
        return None


def sl_chart(calculation: Calculation) -> Any:
    if not calculation.curve:
        return None
    targets = calculation.targets
    return charts.line_chart(
        [p.agents for p in calculation.curve],
        [charts.Series(_("Service level"), [p.service_level for p in calculation.curve], "s1"),
         charts.Series(_("Occupancy"), [p.occupancy for p in calculation.curve], "s2")],
        label=_("Service level and occupancy against the number of agents"),
        y_label=_("share"), x_label=_("agents"), fmt=lambda v: pct(v, 0), top=1.0,
        target=targets.service_level if targets else None, mark_x=calculation.result.agents,
    )  # fmt: skip


@planner_view
def calculator(request: HttpRequest) -> HttpResponse:
    model = request.GET.get("model", ERLANG_C)
    model = model if model in MODELS else ERLANG_C
    form = bound_form(request, model)
    calculation = run(form)
    if calculation is not None and request.GET.get("export") == "xlsx":
        return workbook_response(calculation_workbook(calculation), f"staffing-{model}.xlsx")
    context = {
        "tab": "calculator",
        "model": model,
        "model_tabs": MODEL_TABS,
        "form": form,
        "calculation": calculation,
        "chart": sl_chart(calculation) if calculation else None,
    }
    return render(request, "workforce/calculator.html", context)
