import datetime

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PanelsConfig(AppConfig):
    name = "helhedsplan.panels"
    verbose_name = _("Beboerpaneler")

    def ready(self) -> None:
        from helhedsplan.core import audit_registry, private_files
        from helhedsplan.panels import access, indicator_sources
        from helhedsplan.panels.models import Attendee, Meeting, Member, Panel
        from helhedsplan.panels.register import REGISTER
        from helhedsplan.privacy import registry as privacy_registry

        by_programme = audit_registry.by_programme_field("programme")
        audit_registry.register(Panel, scope=by_programme)
        audit_registry.register(Member, scope=by_programme)
        audit_registry.register(Meeting, scope=by_programme)
        audit_registry.register(
            Attendee, scope=audit_registry.by_programme_field("meeting__programme")
        )
        # Named people: consent, retention, export and erasure are the privacy lifecycle's.
        privacy_registry.register(REGISTER)
        # The minutes file: only to those who keep the meeting's estate; to anyone else it
        # does not exist.
        private_files.register(
            "panel-minutes",
            model=Meeting,
            field="minutes_file",
            may_read=access.may_keep_meeting,
            download_name=lambda meeting: meeting.minutes_name,
        )
        # The indicators count meetings (P1); the engine does not know this app.
        indicator_sources.register()
        # Part 2, helper B: the actions.
        from helhedsplan.core import schedule
        from helhedsplan.panels import tasks
        from helhedsplan.panels.models import ActionItem, ProgressNote

        # Who changed an action, and when: in the programme's audit trail.
        audit_registry.register(ActionItem, scope=by_programme)
        audit_registry.register(
            ProgressNote, scope=audit_registry.by_programme_field("action__programme")
        )
        # The owners' weekly digest of their open actions, on Monday morning (06:00 UTC: 7
        # or 8 in Denmark).
        schedule.register(
            name="panels.send_action_digests",
            task=tasks.send_action_digests,
            every=datetime.timedelta(weeks=1),
            offset=tasks.DIGEST_OFFSET,
        )
