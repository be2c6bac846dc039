import datetime

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PanelsConfig(AppConfig):
    name = "helhedsplan.panels"
    verbose_name = _("Beboerpaneler")

    def ready(self) -> None:
        from helhedsplan.core import audit_registry, private_files, schedule
        from helhedsplan.panels import access, indicator_sources, tasks
        from helhedsplan.panels.models import (
            ActionItem,
            Attendee,
            Concern,
            ConcernPhoto,
            Evaluation,
            Meeting,
            Member,
            Panel,
            ProgressNote,
            SitePlan,
            Walk,
        )
        from helhedsplan.panels.register import REGISTER
        from helhedsplan.privacy import registry as privacy_registry

        # Who changed what, and when: in the programme's audit trail.
        by_programme = audit_registry.by_programme_field("programme")
        for model in (Panel, Member, Meeting, Evaluation, SitePlan, Concern, Walk, ActionItem):
            audit_registry.register(model, scope=by_programme)
        audit_registry.register(
            Attendee, scope=audit_registry.by_programme_field("meeting__programme")
        )
        audit_registry.register(
            ConcernPhoto, scope=audit_registry.by_programme_field("concern__programme")
        )
        audit_registry.register(
            ProgressNote, scope=audit_registry.by_programme_field("action__programme")
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
        # A plan and a photo are shown in the page (``<img>``) to those who keep the estate;
        # named by their type, so that they are served as the image they were sniffed as.
        private_files.register(
            "panel-site-plan",
            model=SitePlan,
            field="image",
            may_read=access.may_keep_site_plan,
            download_name=lambda plan: _image_name(_("områdekort"), plan.content_type),
        )
        private_files.register(
            "panel-photo",
            model=ConcernPhoto,
            field="image",
            may_read=access.may_keep_photo,
            download_name=lambda photo: _image_name(_("foto"), photo.content_type),
        )
        # The indicators count meetings (P1), and those of evaluated years (P2); the engine
        # does not know this app.
        indicator_sources.register()
        # The owners' weekly digest of their open actions, on Monday morning (06:00 UTC: 7
        # or 8 in Denmark).
        schedule.register(
            name="panels.send_action_digests",
            task=tasks.send_action_digests,
            every=datetime.timedelta(weeks=1),
            offset=tasks.DIGEST_OFFSET,
        )


def _image_name(stem: object, content_type: str) -> str:
    return f"{stem}.{'png' if content_type == 'image/png' else 'jpg'}"
