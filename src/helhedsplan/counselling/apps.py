from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CounsellingConfig(AppConfig):
    name = "helhedsplan.counselling"
    verbose_name = _("Hverdagsrådgivning")

    def ready(self) -> None:
        from helhedsplan.core import audit_registry
        from helhedsplan.counselling.models import (
            Booking,
            Closure,
            Inquiry,
            OpeningHours,
            Referral,
            Topic,
        )

        by_estate = audit_registry.by_programme_field("estate__programme")
        audit_registry.register(Inquiry, scope=by_estate)
        audit_registry.register(Booking, scope=by_estate)
        audit_registry.register(OpeningHours, scope=by_estate)
        audit_registry.register(Closure, scope=by_estate)
        audit_registry.register(Topic, scope=audit_registry.by_programme_field("programme"))
        audit_registry.register(Referral, scope=audit_registry.by_programme_field("programme"))
