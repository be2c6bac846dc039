from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    name = "helhedsplan.governance"
    verbose_name = _("Organisering")

    def ready(self) -> None:
        from helhedsplan.core import audit_registry, slots
        from helhedsplan.governance import views
        from helhedsplan.governance.models import (
            Body,
            BodyMember,
            Case,
            Decision,
            GovernanceMeeting,
            Proposal,
        )

        # Who changed what, and when: in the programme's audit trail.
        audit_registry.register(Body, scope=audit_registry.by_programme_field("programme"))
        audit_registry.register(Case, scope=audit_registry.by_programme_field("programme"))
        for model in (BodyMember, GovernanceMeeting, Proposal):
            audit_registry.register(
                model, scope=audit_registry.by_programme_field("body__programme")
            )
        audit_registry.register(
            Decision, scope=audit_registry.by_programme_field("meeting__body__programme")
        )
        # A draft started from a proposal links back to it; the agreements app does not know
        # the governance records.
        slots.register(
            "agreements.version",
            slots.Contribution(
                "governance/includes/version_proposal.html", context=views.version_proposal
            ),
        )
