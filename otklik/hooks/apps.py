from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HooksConfig(AppConfig):
    name = "otklik.hooks"
    label = "hooks"
    verbose_name = _("Webhooks")

    def ready(self) -> None:
        from otklik.desk import feed
        from otklik.hooks.outbox import CONSUMER, webhooks_for_events

        feed.register(feed.Consumer(CONSUMER, webhooks_for_events))
