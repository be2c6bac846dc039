from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VolunteersConfig(AppConfig):
    name = "helhedsplan.volunteers"
    verbose_name = _("Frivillige")

    def ready(self) -> None:
        from helhedsplan.core import audit_registry
        from helhedsplan.core.lists import registry as lists_registry
        from helhedsplan.privacy import registry as privacy_registry
        from helhedsplan.volunteers.models import Interest, Volunteer
        from helhedsplan.volunteers.register import REGISTER

        by_programme = audit_registry.by_programme_field("programme")
        audit_registry.register(Volunteer, scope=by_programme)
        audit_registry.register(Interest, scope=by_programme)
        # Named people: consent, retention, export and erasure are the privacy lifecycle's.
        privacy_registry.register(REGISTER)
        lists_registry.register(slug="interests", model=Interest, example=_("Fx »Lektiecafé«."))
        # The indicators count volunteers (F1); the engine does not know this app.
        from helhedsplan.volunteers import indicator_sources

        indicator_sources.register()
        # An event's page shows its volunteers (invited, present, helpers); the events app
        # does not know the volunteers.
        from helhedsplan.core import slots
        from helhedsplan.volunteers import views

        slots.register(
            "events.event_detail",
            slots.Contribution(
                "volunteers/includes/event_volunteers.html", context=views.event_volunteers
            ),
        )
