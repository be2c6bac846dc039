from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "helhedsplan.privacy"
    verbose_name = _("Persondata")

    def ready(self) -> None:
        import datetime

        from helhedsplan.core import audit_registry, private_files, schedule
        from helhedsplan.privacy import access, tasks
        from helhedsplan.privacy.models import Consent, ConsentText, RetentionSetting

        by_programme = audit_registry.by_programme_field("programme")
        audit_registry.register(ConsentText, scope=by_programme)
        audit_registry.register(RetentionSetting, scope=by_programme)
        # Daily: the review list gives the secretariat head the grace period to renew a
        # consent; a day more or less past it does not matter, a run per hour would.
        schedule.register(
            name="privacy.erase_due", task=tasks.erase_due, every=datetime.timedelta(days=1)
        )
        private_files.register(
            "consent-scans",
            model=Consent,
            field="scan",
            may_read=access.may_read_scan,
            download_name=lambda consent: f"samtykke-{consent.pk}",
        )
