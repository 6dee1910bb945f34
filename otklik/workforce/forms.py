"""Forms of the staffing pages. Shares are typed as percentages here; the models take 0–1."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from otklik.desk.choices import Channel
from otklik.workforce.calculator import CHAT, DEFERRED, ERLANG_A, ERLANG_C

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise as StrOrPromise
else:
    StrOrPromise = str

PERCENT_FIELDS = ("target_sl", "max_occupancy", "shrinkage")
INTERVALS = [(900, _("15 minutes")), (1800, _("30 minutes")), (3600, _("60 minutes"))]

COMMON = ["arrivals", "interval", "target_sl", "target_seconds", "target_asa", "max_occupancy", "shrinkage", "agents"]
FIELDS_BY_MODEL = {
    ERLANG_C: ["arrivals", "interval", "aht", *COMMON[2:]],
    ERLANG_A: ["arrivals", "interval", "aht", "patience", "sl_basis", *COMMON[2:]],
    CHAT: ["arrivals", "interval", "chat_aht", *COMMON[2:]],
    DEFERRED: ["per_day", "arrival_hours", "aht", "window_hours", "open_hours", "open_days", "backlog",
               "max_occupancy", "shrinkage"],
}  # fmt: skip


def number(label: StrOrPromise, *, required: bool = True, minimum: float | None = 0, maximum: float | None = None,
           initial: float | None = None, step: str = "any", help_text: StrOrPromise = "") -> forms.FloatField:  # fmt: skip
    return forms.FloatField(
        label=label, required=required, min_value=minimum, max_value=maximum, initial=initial,
        help_text=help_text, widget=forms.NumberInput(attrs={"step": step}),
    )  # fmt: skip


class CalculatorForm(forms.Form):
    """Every calculator's fields; ``names`` says which ones the chosen model shows and reads."""

    arrivals = number(_("Contacts per interval"), initial=100)
    interval = forms.TypedChoiceField(label=_("Interval"), choices=INTERVALS, coerce=int, initial=1800)
    aht = number(_("Average handle time, s"), minimum=1, initial=180)
    chat_aht = forms.CharField(
        label=_("Chat duration by concurrency, s"), initial="300, 390, 510", max_length=200,
        help_text=_("Mean chat length while the agent holds 1, 2, 3… chats, separated by commas."),
    )  # fmt: skip
    patience = number(_("Average patience, s"), minimum=1, initial=120,
                      help_text=_("How long callers wait on average before hanging up."))  # fmt: skip
    sl_basis = forms.ChoiceField(
        label=_("Service level counted over"), initial="offered",
        choices=[("offered", _("all arrivals (abandons miss)")), ("answered", _("answered contacts only"))],
    )  # fmt: skip
    target_sl = number(_("Service level target, %"), required=False, minimum=0.1, maximum=99.9, initial=80)
    target_seconds = number(_("…answered within, s"), initial=20)
    target_asa = number(_("ASA target, s"), required=False, minimum=0.1,
                        help_text=_("Optional: average speed of answer at most this."))  # fmt: skip
    max_occupancy = number(_("Maximum occupancy, %"), minimum=1, maximum=100, initial=85)
    shrinkage = number(_("Shrinkage, %"), maximum=99, initial=30,
                       help_text=_("Breaks, training, absence: scheduled = agents / (1 − shrinkage)."))  # fmt: skip
    agents = forms.IntegerField(
        label=_("Agents (optional)"), required=False, min_value=1,
        help_text=_("Give a number to see how that many agents perform instead of searching."),
    )  # fmt: skip
    per_day = number(_("Items per day"), initial=400)
    arrival_hours = forms.ChoiceField(
        label=_("Items arrive"), initial="always",
        choices=[("always", _("round the clock, every day")), ("open", _("only in working hours"))],
    )  # fmt: skip
    window_hours = number(_("Response window, business hours"), minimum=0.1, initial=8)
    open_hours = number(_("Working hours a day"), minimum=0.5, maximum=24, initial=9)
    open_days = forms.IntegerField(label=_("Working days a week"), min_value=1, max_value=7, initial=5)
    backlog = number(_("Backlog now, items"), required=False, initial=0)

    def __init__(self, *args: Any, model: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.model = model
        self.names = FIELDS_BY_MODEL[model]
        for name in set(self.fields) - set(self.names):
            del self.fields[name]
        if model == DEFERRED:
            self.fields["aht"].initial = 300

    def clean_chat_aht(self) -> list[float]:
        return parse_seconds(self.cleaned_data["chat_aht"])

    def values(self) -> dict[str, Any]:
        """Cleaned inputs in the models' units (shares 0–1), without the blanks."""
        data = {k: v for k, v in self.cleaned_data.items() if v is not None}
        for name in PERCENT_FIELDS:
            if name in data:
                data[name] = data[name] / 100
        return data


class TargetsMixin(forms.Form):
    """The queue model and targets shared by the plan form."""

    model = forms.ChoiceField(
        label=_("Queue model"), initial=ERLANG_C,
        choices=[(ERLANG_C, _("Phone: Erlang C")), (ERLANG_A, _("Phone with abandons: Erlang A")), (CHAT, _("Chat"))],
    )  # fmt: skip
    aht = number(_("Average handle time, s"), required=False, minimum=1, initial=240)
    chat_aht = forms.CharField(
        label=_("Chat duration by concurrency, s"), required=False, initial="300, 390, 510", max_length=200
    )
    patience = number(_("Average patience, s"), required=False, minimum=1, initial=120)
    target_sl = number(_("Service level target, %"), required=False, minimum=0.1, maximum=99.9, initial=80)
    target_seconds = number(_("…answered within, s"), initial=20)
    max_occupancy = number(_("Maximum occupancy, %"), minimum=1, maximum=100, initial=85)
    shrinkage = number(_("Shrinkage, %"), maximum=99, initial=30)

    def clean_chat_aht(self) -> list[float] | None:
        raw = self.cleaned_data.get("chat_aht") or ""
        return parse_seconds(raw) if raw.strip() else None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        model = data.get("model")
        if model == CHAT and not data.get("chat_aht"):
            self.add_error("chat_aht", _("Give the chat durations."))
        if model in (ERLANG_C, ERLANG_A) and not data.get("aht"):
            self.add_error("aht", _("Give the handle time."))
        if model == ERLANG_A and not data.get("patience"):
            self.add_error("patience", _("Give the callers' patience."))
        return data

    def model_values(self) -> dict[str, Any]:
        data = {k: v for k, v in self.cleaned_data.items() if v is not None and v != ""}
        for name in PERCENT_FIELDS:
            if name in data:
                data[name] = data[name] / 100
        return data


def parse_seconds(raw: str) -> list[float]:
    """Whole seconds separated by commas, semicolons or spaces: «300, 390, 510»."""
    parts = [p for p in re.split(r"[;,\s]+", raw) if p]
    try:
        values = [float(p) for p in parts]
    except ValueError as exc:
        raise forms.ValidationError(_("Write numbers of seconds separated by commas.")) from exc
    if not values or any(not 0 < v < 1e6 for v in values):
        raise forms.ValidationError(_("Write numbers of seconds separated by commas."))
    if len(values) > 10:
        raise forms.ValidationError(_("At most 10 chats at once."))
    return values


SOURCE_CSV, SOURCE_HISTORY = "csv", "history"
MAX_UPLOAD = 256 * 1024


class PlanForm(TargetsMixin):
    source = forms.ChoiceField(
        label=_("Arrivals from"), initial=SOURCE_HISTORY, widget=forms.RadioSelect,
        choices=[(SOURCE_HISTORY, _("the desk's tickets")), (SOURCE_CSV, _("a CSV file"))],
    )  # fmt: skip
    profile = forms.FileField(
        label=_("Profile (CSV)"), required=False,
        help_text=_("Columns weekday,start,arrivals: 1 = Monday, 09:30, contacts in the interval."),
    )  # fmt: skip
    weeks = forms.IntegerField(label=_("Weeks of history"), min_value=1, max_value=52, initial=8)
    channels = forms.MultipleChoiceField(
        label=_("Channels"), required=False, choices=Channel.choices, initial=[Channel.PHONE],
        widget=forms.CheckboxSelectMultiple, help_text=_("None ticked: every channel."),
    )  # fmt: skip
    interval_minutes = forms.TypedChoiceField(
        label=_("Interval"), coerce=int, initial=30,
        choices=[(15, _("15 minutes")), (30, _("30 minutes")), (60, _("60 minutes"))],
    )  # fmt: skip
    hours_per_fte = number(_("Hours in a full-time week"), minimum=1, maximum=80, initial=40)
    # The uploaded profile's text, sent back with the page so that "Download XLSX" needs no new upload.
    profile_text = forms.CharField(required=False, widget=forms.HiddenInput, max_length=MAX_UPLOAD)

    field_order = ["source", "profile", "weeks", "channels", "interval_minutes", "model", "aht", "chat_aht",
                   "patience", "target_sl", "target_seconds", "max_occupancy", "shrinkage", "hours_per_fte"]  # fmt: skip

    def clean_profile(self) -> str | None:
        upload = self.cleaned_data.get("profile")
        if upload is None:
            return None
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError(_("The file is larger than 256 KB."))
        try:
            return upload.read().decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise forms.ValidationError(_("Save the file as UTF-8 text.")) from exc

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("source") == SOURCE_CSV and "profile" not in self.errors:
            data["profile"] = data.get("profile") or data.get("profile_text") or None
            if not data["profile"]:
                self.add_error("profile", _("Choose a CSV file."))
        return data


class StructureForm(forms.Form):
    example = forms.ChoiceField(label=_("Worked example"), required=False)
    file = forms.FileField(label=_("Or your own file (YAML or JSON)"), required=False)
    # An uploaded file's text, sent back with the page so that "Download XLSX" needs no new upload.
    text = forms.CharField(required=False, widget=forms.HiddenInput, max_length=MAX_UPLOAD)

    def __init__(self, *args: Any, examples: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["example"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("— choose —")), *examples]

    def clean_file(self) -> tuple[str, str] | None:
        upload = self.cleaned_data.get("file")
        if upload is None:
            return None
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError(_("The file is larger than 256 KB."))
        try:
            return upload.name or "", upload.read().decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise forms.ValidationError(_("Save the file as UTF-8 text.")) from exc

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("file") and data.get("text"):
            data["file"] = ("upload.yaml", data["text"])
        if not data.get("example") and not data.get("file") and not self.errors:
            raise forms.ValidationError(_("Choose a worked example or a file."))
        return data
