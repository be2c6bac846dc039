import datetime

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GrantsConfig(AppConfig):
    name = "helhedsplan.grants"
    verbose_name = _("Beboerpuljer")

    def ready(self) -> None:
        from helhedsplan.core import audit_registry, private_files, schedule
        from helhedsplan.grants import access, tasks
        from helhedsplan.grants.models import (
            Application,
            ApplicationContact,
            Attachment,
            Closing,
            Decision,
            Guideline,
            Payout,
            Pool,
            PoolFrame,
            Question,
            Report,
            ReportFile,
        )
        from helhedsplan.grants.register import REGISTER
        from helhedsplan.privacy import registry as privacy_registry

        by_programme = audit_registry.by_programme_field("programme")
        audit_registry.register(Pool, scope=by_programme)
        audit_registry.register(Application, scope=by_programme)
        audit_registry.register(ApplicationContact, scope=by_programme)
        audit_registry.register(
            PoolFrame, scope=audit_registry.by_programme_field("pool__programme")
        )
        # Every step of an application's money and its report: who changed what, and when.
        by_application = audit_registry.by_programme_field("application__programme")
        for model in (Decision, Payout, Closing, Report, Question):
            audit_registry.register(model, scope=by_application)
        audit_registry.register(
            ReportFile, scope=audit_registry.by_programme_field("report__application__programme")
        )
        # The contact person is a named person: consent, retention, export and erasure are
        # the privacy lifecycle's.
        privacy_registry.register(REGISTER)
        private_files.register(
            "grant-attachments",
            model=Attachment,
            field="file",
            may_read=lambda user, attachment: access.may_keep_application(
                user, attachment.application
            ),
            download_name=lambda attachment: attachment.original_name,
        )
        private_files.register(
            "grant-guidelines",
            model=Guideline,
            field="pdf",
            may_read=lambda user, guideline: access.may_count(user, guideline.pool.programme),
            download_name=lambda guideline: f"retningslinjer-v{guideline.version}.pdf",
        )
        private_files.register(
            "grant-report-files",
            model=ReportFile,
            field="file",
            may_read=lambda user, report_file: access.may_keep_application(
                user, report_file.report.application
            ),
            download_name=lambda report_file: report_file.original_name,
        )
        schedule.register(
            name="grants.remind_overdue_reports",
            task=tasks.remind_overdue_reports,
            every=datetime.timedelta(days=1),
        )
