from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PanelsConfig(AppConfig):
    name = "helhedsplan.panels"
    verbose_name = _("Beboerpaneler")

    def ready(self) -> None:
        from helhedsplan.core import audit_registry, private_files
        from helhedsplan.panels import access, indicator_sources
        from helhedsplan.panels.models import Attendee, Evaluation, Meeting, Member, Panel
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
        # The yearly evaluation's file: only to those who keep its panel.
        private_files.register(
            "panel-evaluation",
            model=Evaluation,
            field="file",
            may_read=access.may_keep_evaluation,
            download_name=lambda evaluation: evaluation.file_name,
        )
        audit_registry.register(Evaluation, scope=by_programme)
        # The indicators count meetings (P1), and those of evaluated years (P2); the engine
        # does not know this app.
        indicator_sources.register()
