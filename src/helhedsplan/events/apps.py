from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "helhedsplan.events"
    verbose_name = _("Arrangementer")

    def ready(self) -> None:
        from helhedsplan.core import audit_registry, feeds
        from helhedsplan.events import indicator_sources, queries
        from helhedsplan.events.models import Event, EventType, Partner, TargetGroup, Venue

        audit_registry.register(Event, scope=audit_registry.by_programme_field("programme"))
        audit_registry.register(Venue, scope=audit_registry.by_programme_field("programme"))
        audit_registry.register(Partner, scope=audit_registry.by_programme_field("programme"))
        # Event types and target groups are lists shared by every programme (indicators
        # count them by code), so every administrator sees how they changed.
        audit_registry.register(EventType, scope=lambda records, programme_ids: records)
        audit_registry.register(TargetGroup, scope=lambda records, programme_ids: records)
        # The indicators count events; the engine does not know this app.
        indicator_sources.register()
        # Each estate's calendar, for a person's calendar address (accounts).
        feeds.register(queries.calendar_feeds)
        _register_staged_import()
        _register_lists()


def _register_staged_import() -> None:
    """An upload waits as a staged import (core) between its preview and its confirmation."""
    from helhedsplan.core import staging
    from helhedsplan.events import staged_import

    staging.register(staged_import.IMPORTER)


def _register_lists() -> None:
    """Event types and target groups are shared by every programme, and those the
    indicators count stay in use; venues and partners are each programme's own."""
    from helhedsplan.core.lists import registry
    from helhedsplan.core.lists.models import ListEntry
    from helhedsplan.events.forms import CodedEntryForm
    from helhedsplan.events.models import EventType, Partner, TargetGroup, Venue

    def is_counted(entry: ListEntry) -> bool:
        # The registry hands a list's check only that list's entries.
        return isinstance(entry, EventType | TargetGroup) and entry.is_counted()

    counted = _("»%(name)s« tælles af indikatorerne og kan ikke tages ud af brug.")
    registry.register(
        slug="event-types",
        model=EventType,
        example=_("Fx »Sommerlejr«."),
        description=_("Indikatorerne tæller arrangementerne efter typernes faste koder."),
        form=CodedEntryForm,
        locked=is_counted,
        locked_reason=counted,
    )
    registry.register(
        slug="target-groups",
        model=TargetGroup,
        example=_("Fx »Seniorer«."),
        description=_("Indikatorerne tæller arrangementerne efter målgruppernes faste koder."),
        form=CodedEntryForm,
        locked=is_counted,
        locked_reason=counted,
    )
    registry.register(slug="venues", model=Venue, example=_("Fx »Beboerhuset på Vapnagaard«."))
    registry.register(slug="partners", model=Partner, example=_("Fx »Ungdomsskolen«."))
