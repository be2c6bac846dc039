from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MediaConfig(AppConfig):
    name = "helhedsplan.media"
    verbose_name = _("Presse")

    def ready(self) -> None:
        from helhedsplan.audit import registry
        from helhedsplan.media import indicator_sources
        from helhedsplan.media.models import Outlet, PressMention

        registry.register(PressMention, scope=registry.by_programme_field("programme"))
        registry.register(Outlet, scope=registry.by_programme_field("programme"))
        # The indicators engine counts what apps register; O4 and K3 need the press.
        indicator_sources.register()
