from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "helhedsplan.events"
    verbose_name = _("Arrangementer")

    def ready(self) -> None:
        from helhedsplan.audit import registry
        from helhedsplan.events.models import Event, EventType, Partner, TargetGroup, Venue

        registry.register(Event, scope=registry.by_programme_field("programme"))
        registry.register(Venue, scope=registry.by_programme_field("programme"))
        registry.register(Partner, scope=registry.by_programme_field("programme"))
        # Event types and target groups are lists shared by every programme (indicators
        # count them by code), so every administrator sees how they changed.
        registry.register(EventType, scope=lambda records, programme_ids: records)
        registry.register(TargetGroup, scope=lambda records, programme_ids: records)
