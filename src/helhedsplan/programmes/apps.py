from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammesConfig(AppConfig):
    name = "helhedsplan.programmes"
    verbose_name = _("Indsatser og boligområder")

    def ready(self) -> None:
        from helhedsplan.core import audit_registry
        from helhedsplan.programmes.models import Estate, Programme

        audit_registry.register(Programme, scope=audit_registry.by_programme_field("id"))
        audit_registry.register(Estate, scope=audit_registry.by_programme_field("programme"))
