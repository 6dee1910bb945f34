from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from otklik.core.actor import Actor
from otklik.core.errors import DomainError
from otklik.desk.choices import Status
from otklik.desk.models import Customer, CustomerContact, Event, Message, Ticket, Topic
from otklik.desk.services import ticket_change_status


class ContactInline(admin.TabularInline):
    model = CustomerContact
    extra = 0


@admin.register(Customer)
class CustomerAdmin(admin.ModelAdmin):
    list_display = ["id", "name", "city", "language", "first_contact_at"]
    search_fields = ["name", "contacts__value", "external_id"]
    inlines = [ContactInline]


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["__str__", "name_en", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "name_en"]


class ReadOnlyAdmin(admin.ModelAdmin):
    """Tickets, messages and events change only through services, so the audit trail is whole."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Ticket)
class TicketAdmin(ReadOnlyAdmin):
    list_display = ["id", "subject", "kind", "status", "priority", "line", "team", "assignee", "updated_at"]
    list_filter = ["status", "kind", "channel", "line", "team"]
    search_fields = ["subject", "external_id"]
    list_select_related = ["team", "assignee"]
    raw_id_fields = ["customer", "merged_into"]
    actions = ["mark_resolved", "mark_closed"]

    def _set_status(self, request: HttpRequest, queryset: QuerySet[Ticket], status: str) -> None:
        done = 0
        for ticket in queryset:
            try:
                ticket_change_status(ticket=ticket, actor=Actor.of(request.user, "admin"), status=status)  # type: ignore[arg-type]
                done += 1
            except DomainError as exc:
                self.message_user(request, f"#{ticket.pk}: {exc.message}", messages.WARNING)
        self.message_user(request, _("Tickets changed: %(n)d") % {"n": done})

    @admin.action(description=_("Mark resolved"))
    def mark_resolved(self, request: HttpRequest, queryset: QuerySet[Ticket]) -> None:
        self._set_status(request, queryset, Status.RESOLVED)

    @admin.action(description=_("Close"))
    def mark_closed(self, request: HttpRequest, queryset: QuerySet[Ticket]) -> None:
        self._set_status(request, queryset, Status.CLOSED)


@admin.register(Message)
class MessageAdmin(ReadOnlyAdmin):
    list_display = ["id", "ticket", "direction", "created_at"]
    list_filter = ["direction"]
    raw_id_fields = ["ticket"]


@admin.register(Event)
class EventAdmin(ReadOnlyAdmin):
    list_display = ["id", "ticket", "verb", "actor", "actor_label", "created_at"]
    list_filter = ["verb"]
    raw_id_fields = ["ticket", "customer"]
