from django.apps import AppConfig


class HelhedsplanConfig(AppConfig):
    """The project itself: base templates, static files, translations and system checks."""

    name = "helhedsplan"
    verbose_name = "helhedsplan"

    def ready(self) -> None:
        from helhedsplan import checks  # noqa: F401  (registers the checks)
