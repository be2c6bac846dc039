from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "helhedsplan.surveys"
    verbose_name = _("Spørgeskemaer")

    def ready(self) -> None:
        from helhedsplan.core import audit_registry
        from helhedsplan.surveys.models import (
            Choice,
            ChoiceText,
            Language,
            Question,
            Questionnaire,
            QuestionText,
            ScanBatch,
            Version,
            Wave,
        )

        # Who changed a questionnaire or a wave, and when: in the programme's audit trail. The
        # answers are anonymous and not in it.
        audit_registry.register(Questionnaire, scope=audit_registry.by_programme_field("programme"))
        audit_registry.register(
            Version, scope=audit_registry.by_programme_field("questionnaire__programme")
        )
        for model in (Language, Question):
            audit_registry.register(
                model, scope=audit_registry.by_programme_field("version__questionnaire__programme")
            )
        audit_registry.register(
            Choice,
            scope=audit_registry.by_programme_field("question__version__questionnaire__programme"),
        )
        audit_registry.register(
            QuestionText,
            scope=audit_registry.by_programme_field("question__version__questionnaire__programme"),
        )
        audit_registry.register(
            ChoiceText,
            scope=audit_registry.by_programme_field(
                "choice__question__version__questionnaire__programme"
            ),
        )
        audit_registry.register(
            Wave, scope=audit_registry.by_programme_field("questionnaire__programme")
        )
        audit_registry.register(ScanBatch, scope=audit_registry.by_programme_field("programme"))

        # SB (H4 and F3 live): the answers the indicators count.
        from helhedsplan.surveys import indicator_sources

        indicator_sources.register()
