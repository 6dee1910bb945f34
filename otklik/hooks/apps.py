from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HooksConfig(AppConfig):
    name = "otklik.hooks"
    label = "hooks"
    verbose_name = _("Webhooks")

    def ready(self) -> None:
        from otklik.core import bus
        from otklik.hooks.services import webhooks_enqueue_for_event

        bus.subscribe(webhooks_enqueue_for_event)
