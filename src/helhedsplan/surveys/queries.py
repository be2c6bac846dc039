"""Reads of the surveys: what a page, an export or the API shows, counted by the database."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Max, QuerySet

from helhedsplan.programmes.models import Programme
from helhedsplan.surveys.models import (
    DANISH,
    Channel,
    Choice,
    Language,
    Question,
    Questionnaire,
    Response,
    Version,
    Wave,
)
from helhedsplan.surveys.phrases import DEFAULTS, PHRASES


def latest_version(questionnaire: Questionnaire) -> Version:
    return questionnaire.versions.order_by("-number").first() or Version.objects.none().get()


def version_locked(version: Version) -> bool:
    """Whether the version is answered: its questions may then no longer change."""
    return Response.objects.filter(wave__version=version).exists()


# Helper SA: the questionnaires' list and page, translations' completeness, a wave's answers ------


@dataclass(frozen=True)
class Completeness:
    """How much of a version is translated into a language: counts of the version's texts,
    and the phrases that fall back to Danish for want of a translation."""

    language: Language
    questions: int
    questions_translated: int
    choices: int
    choices_translated: int
    phrases_missing: list[str]

    @property
    def complete(self) -> bool:
        return (
            self.questions_translated == self.questions
            and self.choices_translated == self.choices
            and not self.phrases_missing
        )


def questionnaire_list(programme: Programme) -> QuerySet[Questionnaire]:
    """The programme's questionnaires, each with its latest version's number."""
    return programme.questionnaires.annotate(latest=Max("versions__number")).order_by("title")


def with_answers(waves: QuerySet[Wave]) -> QuerySet[Wave]:
    """Waves with their answers so far (``answers``), counted by the database."""
    return waves.select_related("estate", "questionnaire__programme", "version").annotate(
        answers=Count("responses")
    )


def open_waves(waves: QuerySet[Wave], *, today: datetime.date) -> QuerySet[Wave]:
    """The waves open on ``today``, closing first listed first, with their answers so far."""
    return with_answers(waves.filter(opens_on__lte=today, closes_on__gte=today)).order_by(
        "closes_on", "estate__name", "pk"
    )


def phrases_missing(language: Language) -> list[str]:
    """The phrase keys a language shows in Danish: neither entered nor in the product."""
    if language.code == DANISH:
        return []
    own = DEFAULTS.get(language.code, {})
    return [key for key in PHRASES if not (language.phrases.get(key) or own.get(key))]


def completeness(version: Version) -> list[Completeness]:
    """Each language of the version with its translated texts counted; Danish is the
    questions' own language and complete by nature."""
    counts = version.questions.aggregate(
        questions=Count("pk", distinct=True), choices=Count("choices", distinct=True)
    )
    languages = version.languages.annotate(
        questions_translated=Count("question_texts", distinct=True),
        choices_translated=Count("choice_texts", distinct=True),
    )
    return [
        Completeness(
            language=language,
            questions=counts["questions"],
            questions_translated=(
                counts["questions"] if language.code == DANISH else language.questions_translated
            ),
            choices=counts["choices"],
            choices_translated=(
                counts["choices"] if language.code == DANISH else language.choices_translated
            ),
            phrases_missing=phrases_missing(language),
        )
        for language in languages
    ]


def answers_by_channel(wave: Wave) -> list[tuple[str, int]]:
    """The wave's answers per channel (every channel, none left out), by the database."""
    # Without the responses' ordering, which would split the groups.
    counted = dict(
        wave.responses.order_by()
        .values("channel")
        .annotate(n=Count("pk"))
        .values_list("channel", "n")
    )
    return [(str(label), counted.get(value, 0)) for value, label in Channel.choices]


@dataclass(frozen=True)
class Missing:
    """What a language still lacks, to list on its translation page."""

    questions: list[Question]
    choices: list[Choice]
    phrases: list[str]

    @property
    def nothing(self) -> bool:
        return not (self.questions or self.choices or self.phrases)


def missing_texts(language: Language) -> Missing:
    if language.code == DANISH:
        return Missing(questions=[], choices=[], phrases=[])
    version = language.version
    return Missing(
        questions=list(version.questions.exclude(texts__language=language)),
        choices=list(
            Choice.objects.filter(question__version=version)
            .exclude(texts__language=language)
            .select_related("question")
            .order_by("question__position", "position")
        ),
        phrases=phrases_missing(language),
    )
