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

        # Issue 14, part 2, helper A: site plans, concerns, their photos and safety walks.
        from helhedsplan.panels.models import Concern, ConcernPhoto, SitePlan, Walk

        audit_registry.register(SitePlan, scope=by_programme)
        audit_registry.register(Concern, scope=by_programme)
        audit_registry.register(Walk, scope=by_programme)
        audit_registry.register(
            ConcernPhoto, scope=audit_registry.by_programme_field("concern__programme")
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


def _image_name(stem: object, content_type: str) -> str:
    return f"{stem}.{'png' if content_type == 'image/png' else 'jpg'}"
