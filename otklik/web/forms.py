"""The list's filter form. The ticket page's action forms live in ``ticket_forms``."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _

from otklik.accounts.models import Team
from otklik.accounts.roles import sees_all_tickets
from otklik.desk.choices import ACTIVE_STATUSES, Kind, Status
from otklik.desk.selectors import TicketFilters

# Pseudo-statuses of the filter: the working queue by default, everything on request.
ACTIVE = "active"
ALL = "all"
MINE = "mine"
UNASSIGNED = "unassigned"
TRIAGE = "triage"
RUDE = "rude"


def choice_field(form: forms.Form, name: str) -> forms.ChoiceField:
    """A form's choice field, typed, for choices that are only known per request."""
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    return field


class TicketFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[(ACTIVE, _("Active (not resolved)")), (ALL, _("All statuses")), *Status.choices],
    )
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All kinds")), *Kind.choices])
    team = forms.TypedChoiceField(label=_("Team"), required=False, coerce=int, empty_value=None)
    assignee = forms.ChoiceField(
        label=_("Assignee"),
        required=False,
        choices=[("", _("Anyone")), (MINE, _("Mine")), (UNASSIGNED, _("Unassigned"))],
    )
    flag = forms.ChoiceField(
        label=_("Attention"),
        required=False,
        choices=[("", _("Any ticket")), (TRIAGE, _("Needs triage")), (RUDE, _("Rude"))],
    )
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Number or subject")}),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "filter-%s")
        super().__init__(*args, **kwargs)
        self.user = user
        teams = Team.objects.all() if sees_all_tickets(user) else Team.objects.filter(members__user=user)
        choice_field(self, "team").choices = [
            ("", _("All teams")),
            *((t.pk, t.name) for t in teams.order_by("line", "name")),
        ]

    def to_filters(self) -> TicketFilters:
        """Filters from the valid fields; a broken field (an old bookmark) is ignored, not fatal."""
        # Django drops a field that fails validation from cleaned_data, so the rest still apply.
        data: dict[str, Any] = {}
        if self.is_bound:
            self.is_valid()
            data = self.cleaned_data
        status = data.get("status") or ACTIVE
        if status == ACTIVE:
            statuses = [str(s) for s in ACTIVE_STATUSES]
        elif status == ALL:
            statuses = []
        else:
            statuses = [status]
        assignee = data.get("assignee") or ""
        return TicketFilters(
            status=statuses,
            kind=[data["kind"]] if data.get("kind") else [],
            team_id=data.get("team"),
            assignee_id=self.user.pk if assignee == MINE else None,
            unassigned=assignee == UNASSIGNED,
            needs_triage=data.get("flag") == TRIAGE,
            rude=data.get("flag") == RUDE,
            query=(data.get("q") or "").strip(),
        )
