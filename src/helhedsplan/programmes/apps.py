from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammesConfig(AppConfig):
    name = "helhedsplan.programmes"
    verbose_name = _("Indsatser og boligområder")

    def ready(self) -> None:
        from helhedsplan.audit import registry
        from helhedsplan.programmes.models import Estate, Programme

        registry.register(Programme, scope=registry.by_programme_field("id"))
        registry.register(Estate, scope=registry.by_programme_field("programme"))
