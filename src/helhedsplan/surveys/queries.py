"""Reads of the surveys: what a page, an export or the API shows, counted by the database."""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from helhedsplan.surveys.models import (
    Choice,
    ChoiceText,
    Language,
    Question,
    Questionnaire,
    QuestionText,
    Response,
    Version,
    Wave,
)


def latest_version(questionnaire: Questionnaire) -> Version:
    return questionnaire.versions.order_by("-number").first() or Version.objects.none().get()


def version_locked(version: Version) -> bool:
    """Whether the version is answered: its questions may then no longer change."""
    return Response.objects.filter(wave__version=version).exists()


# Helper SP: the public answer pages (the web link, the office tablet) ----------------------


@dataclass(frozen=True)
class Asked:
    """A question as a respondent reads it in one language: its text and, for a single
    choice, its choices (position, text), each in that language or else in Danish."""

    question: Question
    text: str
    choices: list[tuple[int, str]]


def wave_by_link(link_key: str) -> Wave | None:
    return _public_waves().filter(link_key=link_key).first()


def wave_by_kiosk_key(kiosk_key: str) -> Wave | None:
    return _public_waves().filter(kiosk_key=kiosk_key).first()


def _public_waves() -> QuerySet[Wave]:
    return Wave.objects.select_related("version", "questionnaire__programme", "estate")


def wave_is_open(wave: Wave, on: datetime.date) -> bool:
    """Whether the web and the tablet take answers on the day (both dates included)."""
    return wave.opens_on <= on <= wave.closes_on


def wave_languages(wave: Wave) -> list[Language]:
    """The languages the wave's version is asked in, Danish (added first) first."""
    return list(wave.version.languages.order_by("pk"))


def asked_questions(version: Version, language: Language) -> list[Asked]:
    """The version's questions in order, in the language (Danish where a text lacks one)."""
    questions = version.questions.order_by("position").prefetch_related(
        Prefetch("texts", queryset=QuestionText.objects.filter(language=language)),
        Prefetch(
            "choices",
            queryset=Choice.objects.order_by("position").prefetch_related(
                Prefetch("texts", queryset=ChoiceText.objects.filter(language=language))
            ),
        ),
    )
    asked = []
    for question in questions:
        texts = list(question.texts.all())
        choices = []
        for choice in question.choices.all():
            choice_texts = list(choice.texts.all())
            choices.append((choice.position, choice_texts[0].text if choice_texts else choice.text))
        asked.append(Asked(question, texts[0].text if texts else question.text, choices))
    return asked


def device_answered(wave: Wave, device: str) -> bool:
    return Response.objects.filter(wave=wave, device=device).exists()


def submission_stored(wave: Wave, submission: uuid.UUID) -> bool:
    return Response.objects.filter(wave=wave, submission=submission).exists()
