from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from otklik.workforce import charts
from otklik.workforce.access import planner_view
from otklik.workforce.errors import WorkforceError
from otklik.workforce.forms import SOURCE_CSV, PlanForm
from otklik.workforce.intervals import Plan, build_plan, parse_profile_csv, profile_from_tickets
from otklik.workforce.report import WEEKDAYS
from otklik.workforce.templatetags.workforce import num
from otklik.workforce.views.common import attach_error
from otklik.workforce.xlsx import plan_workbook, workbook_response


def make_plan(form: PlanForm) -> Plan | None:
    if not form.is_valid():
        return None
    data = form.cleaned_data
    try:
        if data["source"] == SOURCE_CSV:
            profile = parse_profile_csv(data["profile"], data["interval_minutes"])
        else:
            profile = profile_from_tickets(
                weeks=data["weeks"], interval_minutes=data["interval_minutes"],
                time_zone=timezone.get_current_timezone_name(), channels=data["channels"],
            )  # fmt: skip
        return build_plan(profile, data["model"], form.model_values(), hours_per_fte=data["hours_per_fte"])
    except WorkforceError as exc:
        attach_error(form, exc, {"interval": "interval_minutes", "weekday": "profile", "start": "profile",
                                 "arrivals": "profile", "aht": "chat_aht" if data["model"] == "chat" else "aht"})  # fmt: skip
        return None


def plan_chart(plan: Plan) -> Any:
    labels = [f"{WEEKDAYS[r.weekday]} {r.start}" for r in plan.rows]
    days = {r.weekday for r in plan.rows}
    if len(days) > 1:  # a week: the day's name under its first interval
        ticks = [str(WEEKDAYS[r.weekday]) if i == 0 or plan.rows[i - 1].weekday != r.weekday else ""
                 for i, r in enumerate(plan.rows)]  # fmt: skip
    else:  # a day: every few hours
        step = max(1, len(plan.rows) // 8)
        ticks = [r.start if i % step == 0 else "" for i, r in enumerate(plan.rows)]
    return charts.column_chart(
        labels,
        charts.Series(_("Agents needed"), [r.result.agents for r in plan.rows], "s1"),
        steps=charts.Series(_("To schedule"), [r.result.scheduled for r in plan.rows], "s2"),
        label=_("Agents needed and scheduled per interval"), y_label=_("people"), fmt=lambda v: num(v, 0),
        ticks=ticks,
    )  # fmt: skip


@planner_view
def plan(request: HttpRequest) -> HttpResponse:
    form = PlanForm(request.POST or None, request.FILES or None)
    built = make_plan(form) if request.method == "POST" else None
    if built is not None and request.POST.get("export") == "xlsx":
        return workbook_response(plan_workbook(built), "staffing-plan.xlsx")
    context = {
        "tab": "plan",
        "form": form,
        "plan": built,
        "chart": plan_chart(built) if built and built.rows else None,
        "time_zone": timezone.get_current_timezone_name(),
    }
    return render(request, "workforce/plan.html", context)
