"""Forms of the ticket page. Each one validates input and calls one service; none writes models.

``apply`` turns a refusal from a service (``DomainError``) into an error on the form, on the
field the service named when the form has it, so the person sees it where they typed.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.core.files.uploadedfile import UploadedFile
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from otklik.accounts.models import Line, Team
from otklik.core.actor import Actor
from otklik.core.errors import DomainError, NotFound
from otklik.desk import selectors, services
from otklik.desk.choices import Kind, Priority, Status
from otklik.desk.models import Ticket, Topic
from otklik.web.access import person_name
from otklik.web.forms import choice_field
from otklik.web.topics import topic_paths

# A reply or a status change can never put a ticket back to "new".
WORK_STATUSES = [choice for choice in Status.choices if choice[0] != Status.NEW]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (Django's documented recipe)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        if not data:
            return []
        single = super().clean
        return [single(item, initial) for item in (data if isinstance(data, list | tuple) else [data])]


def _attachments(files: list[UploadedFile]) -> list[services.NewAttachment]:
    return [
        services.NewAttachment(
            filename=f.name or "attachment",
            content=f.read(),
            content_type=f.content_type or "application/octet-stream",
        )
        for f in files
    ]


class TicketActionForm(forms.Form):
    """One action on one ticket, posted to ``/tickets/<id>/<action>/``."""

    action: ClassVar[str]

    def __init__(self, *args: Any, ticket: Ticket, user: User, **kwargs: Any) -> None:
        # Several forms share field names on one page; distinct ids keep labels pointing right.
        kwargs.setdefault("auto_id", f"{self.action}-%s")
        super().__init__(*args, **kwargs)
        self.ticket = ticket
        self.user = user

    @property
    def url(self) -> str:
        return reverse("web:ticket-action", args=[self.ticket.pk, self.action])

    def page_url(self, ticket_id: int | None = None, anchor: str = "") -> str:
        ticket_id = ticket_id or self.ticket.pk
        if not selectors.tickets_visible_to(self.user).filter(pk=ticket_id).exists():
            # The action handed the ticket to a team this person is not in (an escalation, say):
            # back to the list, where the success message shows, instead of a "not found" page.
            return reverse("web:ticket-list")
        url = reverse("web:ticket-detail", args=[ticket_id])
        return f"{url}#{anchor}" if anchor else url

    def perform(self, actor: Actor) -> tuple[str, str]:
        """Call the service; return the success message and where to go next."""
        raise NotImplementedError

    def apply(self, actor: Actor) -> tuple[str, str] | None:
        try:
            return self.perform(actor)
        except DomainError as exc:
            field = exc.field if exc.field in self.fields else None
            self.add_error(field, exc.message)
            return None


class ReplyForm(TicketActionForm):
    action = "reply"
    body = forms.CharField(label=_("Reply to the customer"), widget=forms.Textarea(attrs={"rows": 6}))
    status = forms.ChoiceField(
        label=_("Status after the reply"), choices=WORK_STATUSES, initial=Status.PENDING_CUSTOMER
    )
    attachments = MultipleFileField(label=_("Attachments"), required=False)

    def perform(self, actor: Actor) -> tuple[str, str]:
        message = services.ticket_reply(
            ticket=self.ticket,
            actor=actor,
            body_text=self.cleaned_data["body"],
            status=self.cleaned_data["status"],
            attachments=_attachments(self.cleaned_data["attachments"]),
        )
        return gettext("Reply sent."), self.page_url(anchor=f"m{message.pk}")


class NoteForm(TicketActionForm):
    action = "note"
    body = forms.CharField(
        label=_("Internal note"),
        help_text=_("Only colleagues see it."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    attachments = MultipleFileField(label=_("Attachments"), required=False)

    def perform(self, actor: Actor) -> tuple[str, str]:
        message = services.ticket_add_note(
            ticket=self.ticket,
            actor=actor,
            body_text=self.cleaned_data["body"],
            attachments=_attachments(self.cleaned_data["attachments"]),
        )
        return gettext("Note added."), self.page_url(anchor=f"m{message.pk}")


class StatusForm(TicketActionForm):
    action = "status"
    status = forms.ChoiceField(label=_("Status"), choices=WORK_STATUSES)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = choice_field(self, "status")
        if self.ticket.status == Status.NEW:
            # Shown so the select tells the truth; saving it unchanged is a no-op in the service.
            field.choices = Status.choices
        field.initial = self.ticket.status

    def perform(self, actor: Actor) -> tuple[str, str]:
        ticket = services.ticket_change_status(ticket=self.ticket, actor=actor, status=self.cleaned_data["status"])
        return gettext("Status: %(status)s.") % {"status": ticket.get_status_display()}, self.page_url()


class KindForm(TicketActionForm):
    action = "kind"
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", _("— not set —")), *Kind.choices])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].initial = self.ticket.kind

    def perform(self, actor: Actor) -> tuple[str, str]:
        ticket = services.ticket_change_kind(ticket=self.ticket, actor=actor, kind=self.cleaned_data["kind"])
        return gettext("Kind: %(kind)s.") % {"kind": ticket.get_kind_display()}, self.page_url()


class PriorityForm(TicketActionForm):
    action = "priority"
    priority = forms.ChoiceField(label=_("Priority"), choices=Priority.choices)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["priority"].initial = self.ticket.priority

    def perform(self, actor: Actor) -> tuple[str, str]:
        ticket = services.ticket_change_priority(
            ticket=self.ticket, actor=actor, priority=self.cleaned_data["priority"]
        )
        return gettext("Priority: %(priority)s.") % {"priority": ticket.get_priority_display()}, self.page_url()


class TopicForm(TicketActionForm):
    action = "topic"
    topic = forms.TypedChoiceField(label=_("Topic"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        paths = topic_paths(active_only=True)
        choices = sorted(paths.items(), key=lambda item: item[1].casefold())
        choice_field(self, "topic").choices = [("", _("— no topic —")), *choices]
        self.fields["topic"].initial = self.ticket.topic_id

    def perform(self, actor: Actor) -> tuple[str, str]:
        topic_id = self.cleaned_data["topic"]
        topic = Topic.objects.filter(pk=topic_id).first() if topic_id else None
        services.ticket_change_topic(ticket=self.ticket, actor=actor, topic=topic)
        return gettext("Topic changed."), self.page_url()


class AssigneeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return person_name(obj)


class AssignForm(TicketActionForm):
    action = "assign"
    assignee = AssigneeChoiceField(
        label=_("Assignee"), queryset=get_user_model().objects.none(), required=False, empty_label=_("Unassigned")
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Only the ticket's team can take it; the service checks again under a lock.
        users = get_user_model().objects
        members = (
            users.filter(is_active=True, agent_profile__teams=self.ticket.team_id)
            if self.ticket.team_id
            else users.none()
        )
        field = self.fields["assignee"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = members.order_by("first_name", "last_name", "username").distinct()
        field.initial = self.ticket.assignee_id

    def perform(self, actor: Actor) -> tuple[str, str]:
        assignee = self.cleaned_data["assignee"]
        services.ticket_assign(ticket=self.ticket, actor=actor, assignee=assignee)
        if assignee is None:
            return gettext("The ticket is unassigned."), self.page_url()
        return gettext("Assigned to %(name)s.") % {"name": person_name(assignee)}, self.page_url()


class EscalateForm(TicketActionForm):
    action = "escalate"
    reason = forms.CharField(
        label=_("Why the second line?"),
        help_text=_("Saved as an internal note for the second line."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    team = forms.ModelChoiceField(
        label=_("Second-line team"),
        queryset=Team.objects.filter(line=Line.SECOND).order_by("name"),
        required=False,
        empty_label=_("default team"),
    )

    def perform(self, actor: Actor) -> tuple[str, str]:
        ticket = services.ticket_escalate(
            ticket=self.ticket, actor=actor, reason=self.cleaned_data["reason"], team=self.cleaned_data["team"]
        )
        return gettext("Escalated to %(team)s.") % {"team": ticket.team}, self.page_url()


class MergeForm(TicketActionForm):
    action = "merge"
    target = forms.IntegerField(
        label=_("Merge into ticket number"),
        min_value=1,
        help_text=_("This ticket's conversation moves there, and this ticket is closed."),
    )

    def perform(self, actor: Actor) -> tuple[str, str]:
        try:
            target = selectors.access_ticket_by_id(self.user, self.cleaned_data["target"])
        except NotFound as exc:
            # Someone else's ticket looks missing, like on every other path.
            raise DomainError(exc.message, field="target") from exc
        target = services.ticket_merge(source=self.ticket, target=target, actor=actor)
        message = gettext("Ticket #%(source)s is merged into this one.") % {"source": self.ticket.pk}
        return message, self.page_url(target.pk)


ACTION_FORMS: dict[str, type[TicketActionForm]] = {
    form.action: form
    for form in (
        ReplyForm,
        NoteForm,
        StatusForm,
        KindForm,
        PriorityForm,
        TopicForm,
        AssignForm,
        EscalateForm,
        MergeForm,
    )
}
