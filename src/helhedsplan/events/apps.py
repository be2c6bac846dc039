from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "helhedsplan.events"
    verbose_name = _("Arrangementer")

    def ready(self) -> None:
        from helhedsplan.core import audit_registry
        from helhedsplan.events.models import Event, EventType, Partner, TargetGroup, Venue

        audit_registry.register(Event, scope=audit_registry.by_programme_field("programme"))
        audit_registry.register(Venue, scope=audit_registry.by_programme_field("programme"))
        audit_registry.register(Partner, scope=audit_registry.by_programme_field("programme"))
        # Event types and target groups are lists shared by every programme (indicators
        # count them by code), so every administrator sees how they changed.
        audit_registry.register(EventType, scope=lambda records, programme_ids: records)
        audit_registry.register(TargetGroup, scope=lambda records, programme_ids: records)
