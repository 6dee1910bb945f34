"""``otklik staffing``: the workforce models from the console.

    otklik staffing erlang-c --arrivals 100 --interval 1800 --aht 180 --target-sl 0.8 --target-seconds 20
    otklik staffing erlang-a … --patience 120
    otklik staffing chat --arrivals 60 --interval 1800 --aht 300,390,510 …
    otklik staffing deferred --per-day 400 --aht 300 --window-hours 8
    otklik staffing plan --profile week.csv --aht 240 …    (or --history --weeks 8)
    otklik staffing structure FILE [--json] [--xlsx OUT]
    otklik staffing simulate FILE [--hours 200 --seed 1]

Human-readable tables by default, ``--json`` for machines. Bad input exits non-zero with a message
that names the field.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from otklik.workforce import report
from otklik.workforce.calculator import CHAT, DEFERRED, ERLANG_A, ERLANG_C, calculate
from otklik.workforce.errors import WorkforceError
from otklik.workforce.intervals import build_plan, parse_profile_csv, profile_from_tickets
from otklik.workforce.simulate import validate
from otklik.workforce.structure import compare
from otklik.workforce.structure_spec import load_text, scenario
from otklik.workforce.xlsx import plan_workbook, structure_workbook

QUEUE_MODELS = (ERLANG_C, ERLANG_A, CHAT)


def model_help(model: str) -> str:
    return {
        ERLANG_C: _("agents for a phone queue (Erlang C)"),
        ERLANG_A: _("agents for a phone queue where callers hang up (Erlang A)"),
        CHAT: _("agents for chats handled several at a time"),
    }[model]


def _seconds_list(text: str) -> list[float]:
    try:
        return [float(part) for part in text.replace(";", ",").split(",") if part.strip()]
    except ValueError as exc:
        raise WorkforceError(_("--aht: “%(text)s” is not a list of seconds.") % {"text": text}, field="aht") from exc


def _targets(parser: CommandParser, *, seconds: float = 20.0, occupancy: float = 1.0) -> None:
    parser.add_argument("--target-sl", type=float, default=None, help=_("service-level target as a share, e.g. 0.8"))
    parser.add_argument("--target-seconds", type=float, default=seconds, help=_("answered within this many seconds"))
    parser.add_argument("--target-asa", type=float, default=None, help=_("average speed of answer target, seconds"))
    parser.add_argument("--max-occupancy", type=float, default=occupancy, help=_("occupancy cap, e.g. 0.85"))
    parser.add_argument("--shrinkage", type=float, default=0.0, help=_("breaks, training, absence, e.g. 0.3"))


def _queue(parser: CommandParser, model: str) -> None:
    parser.add_argument("--arrivals", type=float, required=True, help=_("contacts per interval"))
    parser.add_argument("--interval", type=float, default=1800, help=_("interval length in seconds (default 1800)"))
    aht_help = _("chat length in seconds by concurrency: 300,390,510") if model == CHAT else _("average handle time, s")
    parser.add_argument("--aht", required=True, help=aht_help)
    if model == CHAT:
        parser.add_argument("--concurrency", type=int, default=None, help=_("chats at once, when --aht is one number"))
    if model == ERLANG_A:
        parser.add_argument("--patience", type=float, required=True, help=_("average patience before hanging up, s"))
        parser.add_argument("--sl-basis", choices=["offered", "answered"], default="offered")
    _targets(parser, seconds=60.0 if model == CHAT else 20.0)
    parser.add_argument("--agents", type=int, default=None, help=_("evaluate this many agents instead of searching"))


def _model_args(parser: CommandParser) -> None:
    parser.add_argument("--model", choices=QUEUE_MODELS, default=ERLANG_C)
    parser.add_argument("--aht", required=True, help=_("handle time, s (for chat: 300,390,510)"))
    parser.add_argument("--patience", type=float, default=None, help=_("Erlang A: average patience, s"))
    parser.add_argument("--sl-basis", choices=["offered", "answered"], default="offered")
    _targets(parser)


class Command(BaseCommand):
    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        # Parsers are built per run, after settings: plain gettext here, in the desk's language.
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.description = _(
            "Staffing: Erlang C and A, chat, deferred work, interval plans, support-structure what-ifs."
        )
        return parser

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--language", choices=[code for code, _name in settings.LANGUAGES], default=None)
        commands = parser.add_subparsers(dest="subcommand", required=True, parser_class=CommandParser)
        for model in QUEUE_MODELS:
            sub = commands.add_parser(model, help=model_help(model))
            _queue(sub, model)
            sub.add_argument("--json", action="store_true")
        deferred = commands.add_parser(DEFERRED, help=_("email and forms answered within a window"))
        deferred.add_argument("--per-day", type=float, required=True)
        deferred.add_argument("--aht", type=float, required=True)
        deferred.add_argument("--window-hours", type=float, required=True)
        deferred.add_argument("--open-hours", type=float, default=9.0)
        deferred.add_argument("--open-days", type=int, default=5)
        deferred.add_argument("--arrival-hours", choices=["always", "open"], default="always")
        deferred.add_argument("--backlog", type=float, default=0.0)
        deferred.add_argument("--max-occupancy", type=float, default=0.85)
        deferred.add_argument("--shrinkage", type=float, default=0.0)
        deferred.add_argument("--json", action="store_true")
        plan = commands.add_parser("plan", help=_("agents per interval from a profile or the desk's history"))
        source = plan.add_mutually_exclusive_group(required=True)
        source.add_argument("--profile", type=Path, help=_("CSV with weekday,start,arrivals"))
        source.add_argument("--history", action="store_true", help=_("average of the desk's tickets"))
        plan.add_argument("--weeks", type=int, default=8)
        plan.add_argument("--channel", action="append", default=[], help=_("history: only this channel (repeatable)"))
        plan.add_argument("--time-zone", default=None, help=_("history: the planner's zone (default: the desk's)"))
        plan.add_argument("--interval-minutes", type=int, default=30, choices=[15, 30, 60])
        plan.add_argument("--hours-per-fte", type=float, default=40.0)
        _model_args(plan)
        plan.add_argument("--json", action="store_true")
        plan.add_argument("--xlsx", type=Path, default=None)
        structure = commands.add_parser("structure", help=_("per-line staffing and scenario deltas from YAML/JSON"))
        structure.add_argument("file", type=Path)
        structure.add_argument("--json", action="store_true")
        structure.add_argument("--xlsx", type=Path, default=None)
        simulate = commands.add_parser("simulate", help=_("check the structure against a ciw simulation"))
        simulate.add_argument("file", type=Path)
        simulate.add_argument("--hours", type=float, default=200.0)
        simulate.add_argument("--seed", type=int, default=1)
        simulate.add_argument("--service", choices=["pooled", "topic"], default="pooled")
        simulate.add_argument("--scenario", type=int, default=None, help=_("simulate scenario N (0-based)"))
        simulate.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["language"]:
            translation.activate(options["language"])
        try:
            data, text = self.run(options["subcommand"], options)
        except WorkforceError as exc:
            raise CommandError(exc.message) from exc
        except OSError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) if options.get("json") else text)

    def run(self, subcommand: str, options: dict[str, Any]) -> tuple[Any, str]:
        if subcommand in QUEUE_MODELS or subcommand == DEFERRED:
            calculation = calculate(subcommand, self.values(subcommand, options))
            result = calculation.result
            text = report.deferred_text(result) if subcommand == DEFERRED else report.staffing_text(result)  # type: ignore[arg-type]
            return result.to_dict(), text
        if subcommand == "plan":
            return self.plan(options)
        if subcommand == "structure":
            comparison = compare(load_text(options["file"].read_text(encoding="utf-8"), options["file"].name))
            if options["xlsx"]:
                structure_workbook(comparison).save(options["xlsx"])
            return comparison.to_dict(), report.comparison_text(comparison)
        structure = load_text(options["file"].read_text(encoding="utf-8"), options["file"].name)
        if options["scenario"] is not None:
            if not 0 <= options["scenario"] < len(structure.scenarios):
                count = len(structure.scenarios)
                raise WorkforceError(
                    ngettext("--scenario: the file has %(count)s scenario.", "--scenario: the file has %(count)s scenarios.",
                             count) % {"count": count},
                    field="scenario",
                )  # fmt: skip
            structure = scenario(structure, options["scenario"])[2]
        checked = validate(structure, hours=options["hours"], seed=options["seed"], service=options["service"])
        return checked.to_dict(), report.validation_text(checked)

    def values(self, model: str, options: dict[str, Any]) -> dict[str, Any]:
        names = ["arrivals", "interval", "target_sl", "target_seconds", "target_asa", "max_occupancy", "shrinkage",
                 "agents", "patience", "sl_basis", "per_day", "window_hours", "open_hours", "open_days",
                 "arrival_hours", "backlog"]  # fmt: skip
        values = {name: options[name] for name in names if options.get(name) is not None}
        if model in QUEUE_MODELS and "target_sl" not in values and "target_asa" not in values:
            values["target_sl"] = 0.8
        if model == CHAT:
            aht = _seconds_list(options["aht"])
            if options.get("concurrency"):
                if len(aht) != 1:
                    raise WorkforceError(_("--concurrency goes with a single --aht."), field="concurrency")
                aht = aht * options["concurrency"]
            values["chat_aht"] = aht
        elif model in QUEUE_MODELS:
            values["aht"] = _seconds_list(options["aht"])[0] if isinstance(options["aht"], str) else options["aht"]
        else:
            values["aht"] = options["aht"]
        return values

    def plan(self, options: dict[str, Any]) -> tuple[Any, str]:
        minutes = options["interval_minutes"]
        if options["history"]:
            zone = options["time_zone"] or settings.TIME_ZONE
            profile = profile_from_tickets(weeks=options["weeks"], interval_minutes=minutes, time_zone=zone,
                                           channels=options["channel"])  # fmt: skip
        else:
            profile = parse_profile_csv(options["profile"].read_text(encoding="utf-8-sig"), minutes)
        model = options["model"]
        values = self.values(model, {**options, "arrivals": None, "interval": None})
        if model == ERLANG_A and values.get("patience") is None:
            raise WorkforceError(_("--patience is needed with --model erlang-a."), field="patience")
        built = build_plan(profile, model, values, hours_per_fte=options["hours_per_fte"])
        if options["xlsx"]:
            plan_workbook(built).save(options["xlsx"])
        return built.to_dict(), report.plan_text(built)
