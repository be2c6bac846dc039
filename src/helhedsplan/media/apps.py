from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MediaConfig(AppConfig):
    name = "helhedsplan.media"
    verbose_name = _("Presse")

    def ready(self) -> None:
        from helhedsplan.core import audit_registry, slots
        from helhedsplan.media import indicator_sources, views
        from helhedsplan.media.models import Outlet, PressMention

        audit_registry.register(PressMention, scope=audit_registry.by_programme_field("programme"))
        audit_registry.register(Outlet, scope=audit_registry.by_programme_field("programme"))
        # The indicators engine counts what apps register; O4 and K3 need the press.
        indicator_sources.register()
        # An event's page shows its press coverage; the events app does not know the press.
        slots.register(
            "events.event_detail",
            slots.Contribution("media/includes/event_press.html", context=views.event_press),
        )
        _register_lists()


def _register_lists() -> None:
    """The outlets are each programme's own; their kind decides what O4 counts."""
    from helhedsplan.core.lists import registry
    from helhedsplan.media.forms import OutletForm
    from helhedsplan.media.models import Outlet

    registry.register(
        slug="outlets",
        model=Outlet,
        example=_("Fx »Helsingør Dagblad«."),
        description=_("Kun lokalaviser tæller med i målet om mindst 60 % positive omtaler."),
        form=OutletForm,
    )
