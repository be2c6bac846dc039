from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgreementsConfig(AppConfig):
    name = "helhedsplan.agreements"
    verbose_name = _("Delaftaler")

    def ready(self) -> None:
        from helhedsplan.agreements.models import Agreement, AgreementVersion, FocusArea
        from helhedsplan.core import audit_registry

        audit_registry.register(Agreement, scope=audit_registry.by_programme_field("programme"))
        audit_registry.register(AgreementVersion, scope=_versions_of_programmes)
        audit_registry.register(FocusArea, scope=lambda records, programme_ids: records)
        _register_staged_import()
        _register_lists()


def _versions_of_programmes(records, programme_ids):
    from helhedsplan.agreements.models import Agreement

    agreements = Agreement.objects.filter(programme__in=programme_ids).values("pk")
    return records.filter(agreement__in=agreements)


def _register_staged_import() -> None:
    """An upload waits as a staged import (core) between its preview and its confirmation."""
    from helhedsplan.agreements import staged_import
    from helhedsplan.core import staging

    staging.register(staged_import.IMPORTER)


def _register_lists() -> None:
    """The focus areas are Landsbyggefonden's, shared by every programme."""
    from helhedsplan.agreements.models import FocusArea
    from helhedsplan.core.lists import registry

    registry.register(
        slug="focus-areas",
        model=FocusArea,
        example=_("Fx »Tryghed og trivsel«."),
        description=_("Listen skifter med hver bevillingsperiode."),
    )
