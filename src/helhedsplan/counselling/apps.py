from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CounsellingConfig(AppConfig):
    name = "helhedsplan.counselling"
    verbose_name = _("Hverdagsrådgivning")

    def ready(self) -> None:
        from helhedsplan.audit import registry
        from helhedsplan.counselling.models import (
            Booking,
            Closure,
            Inquiry,
            OpeningHours,
            Referral,
            Topic,
        )

        by_estate = registry.by_programme_field("estate__programme")
        registry.register(Inquiry, scope=by_estate)
        registry.register(Booking, scope=by_estate)
        registry.register(OpeningHours, scope=by_estate)
        registry.register(Closure, scope=by_estate)
        registry.register(Topic, scope=registry.by_programme_field("programme"))
        registry.register(Referral, scope=registry.by_programme_field("programme"))
