from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from otklik.hooks.models import WebhookDelivery, WebhookEndpoint
from otklik.hooks.services import webhook_endpoint_close_circuit, webhook_endpoint_set_active, webhook_redeliver


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(admin.ModelAdmin):
    list_display = ["url", "description", "event_types", "is_active", "circuit_state", "consecutive_failures",
                    "circuit_retry_at", "created_at"]  # fmt: skip
    list_filter = ["is_active", "circuit_state"]
    # The breaker is the senders' to move; an admin resets it with the action below.
    readonly_fields = ["circuit_state", "consecutive_failures", "circuit_retry_at"]
    actions = ["deactivate", "activate", "close_circuit"]

    def save_model(self, request: HttpRequest, obj: WebhookEndpoint, form: ModelForm, change: bool) -> None:
        super().save_model(request, obj, form, change)
        if change and "is_active" in form.changed_data:
            self._set_active(request, obj, is_active=obj.is_active)

    def _set_active(self, request: HttpRequest, endpoint: WebhookEndpoint, *, is_active: bool) -> None:
        cancelled = webhook_endpoint_set_active(endpoint=endpoint, is_active=is_active)
        if cancelled:
            self.message_user(
                request,
                ngettext(
                    "%(endpoint)s: %(count)d waiting delivery cancelled.",
                    "%(endpoint)s: %(count)d waiting deliveries cancelled.",
                    cancelled,
                )
                % {"endpoint": endpoint, "count": cancelled},
                messages.WARNING,
            )

    @admin.action(description=_("Deactivate: cancel their waiting deliveries"))
    def deactivate(self, request: HttpRequest, queryset: QuerySet[WebhookEndpoint]) -> None:
        for endpoint in queryset.filter(is_active=True):
            self._set_active(request, endpoint, is_active=False)

    @admin.action(description=_("Activate (cancelled deliveries stay cancelled)"))
    def activate(self, request: HttpRequest, queryset: QuerySet[WebhookEndpoint]) -> None:
        for endpoint in queryset.filter(is_active=False):
            self._set_active(request, endpoint, is_active=True)

    @admin.action(description=_("Close the circuit: send waiting deliveries now"))
    def close_circuit(self, request: HttpRequest, queryset: QuerySet[WebhookEndpoint]) -> None:
        for endpoint in queryset:
            webhook_endpoint_close_circuit(endpoint=endpoint)


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    """The delivery log: what was sent where, how many tries, and the last answer."""

    list_display = ["id", "endpoint", "event_verb", "status", "attempts", "last_status_code",
                    "next_attempt_at", "delivered_at"]  # fmt: skip
    list_filter = ["status", "endpoint"]
    list_select_related = ["endpoint", "event"]
    readonly_fields = [f.name for f in WebhookDelivery._meta.fields]
    actions = ["redeliver"]

    @admin.display(description=_("event"))
    def event_verb(self, obj: WebhookDelivery) -> str:
        return obj.event.verb

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.action(description=_("Deliver again"))
    def redeliver(self, request: HttpRequest, queryset: QuerySet[WebhookDelivery]) -> None:
        for delivery in queryset:
            webhook_redeliver(delivery=delivery)
