from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CounsellingConfig(AppConfig):
    name = "helhedsplan.counselling"
    verbose_name = _("Hverdagsrådgivning")

    def ready(self) -> None:
        from helhedsplan.core import audit_registry, feeds
        from helhedsplan.counselling import indicator_sources, queries
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
        # The indicators count inquiries over the weeks the counselling was open.
        indicator_sources.register()
        # Each estate's opening hours, for a person's calendar address (accounts).
        feeds.register(queries.calendar_feeds)
        self._schedule_jobs()
        _register_lists()

    def _schedule_jobs(self) -> None:
        import datetime

        from helhedsplan.core import schedule
        from helhedsplan.counselling import tasks

        # Hourly, so that a booking's name and phone are gone within the hour after its day.
        schedule.register(
            name="counselling.purge_bookings",
            task=tasks.purge_bookings,
            every=datetime.timedelta(hours=1),
        )


def _register_lists() -> None:
    """What inquiries are about and where they were bridged to: each programme's own."""
    from helhedsplan.core.lists import registry
    from helhedsplan.counselling.models import Referral, Topic
    from helhedsplan.counselling.services import DEFAULT_REFERRALS, DEFAULT_TOPICS

    registry.register(
        slug="topics", model=Topic, example=_("Fx »Boligstøtte«."), starter=DEFAULT_TOPICS
    )
    registry.register(
        slug="referrals",
        model=Referral,
        example=_("Fx »Jobcenter«."),
        starter=DEFAULT_REFERRALS,
    )
