from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BudgetConfig(AppConfig):
    name = "helhedsplan.budget"
    verbose_name = _("Budgetopfølgning")

    def ready(self) -> None:
        from helhedsplan.budget import staged_import
        from helhedsplan.budget.models import BudgetEntry, StaffReport
        from helhedsplan.core import audit_registry, staging

        scope = audit_registry.by_programme_field("agreement__programme")
        audit_registry.register(BudgetEntry, scope=scope)
        audit_registry.register(StaffReport, scope=scope)
        # An upload waits as a staged import (core) between its preview and its confirmation.
        staging.register(staged_import.IMPORTER)
