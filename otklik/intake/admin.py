from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from otklik.core.errors import DomainError
from otklik.intake.models import InboundMail, MailOutcome
from otklik.intake.services import mail_retry


@admin.register(InboundMail)
class InboundMailAdmin(admin.ModelAdmin):
    """Every email that arrived; the quarantine is the "quarantined" filter, retried from here after a fix."""

    list_display = ("received_at", "sender", "subject", "outcome", "reason", "ticket", "size", "source")
    list_filter = ("outcome", "source")
    search_fields = ("sender", "subject", "key")
    readonly_fields = [f.name for f in InboundMail._meta.fields]
    exclude = ("raw",)
    actions = ["retry"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.action(description=_("Try the quarantined messages again"))
    def retry(self, request: HttpRequest, queryset: QuerySet[InboundMail]) -> None:
        done = 0
        for inbound in queryset.filter(outcome=MailOutcome.QUARANTINED):
            try:
                result = mail_retry(inbound=inbound)
            except DomainError as error:
                self.message_user(request, error.message, messages.ERROR)
                continue
            done += result.outcome != MailOutcome.QUARANTINED
        self.message_user(
            request,
            ngettext("%(n)d message left the quarantine.", "%(n)d messages left the quarantine.", done) % {"n": done},
        )
