"""Surveys for tests: the counselling's questionnaire (H4) in Danish and English, a wave in an
estate, and answers."""

from __future__ import annotations

import datetime
import uuid

from django.utils import timezone

from helhedsplan.programmes.models import Estate, Programme
from helhedsplan.surveys import queries, services
from helhedsplan.surveys.models import QuestionKind, Questionnaire, Response, Wave

SLUG = "hverdagsraadgivning"
QUESTIONS = [
    (QuestionKind.SCALE, "Jeg fik den hjælp, jeg havde brug for.", "H4"),
    (QuestionKind.SCALE, "Jeg er blevet bedre til at navigere i kommunens system.", "H4"),
    (QuestionKind.YES_NO, "Vil du anbefale rådgivningen til andre?", ""),
    (QuestionKind.TEXT, "Er der andet, du vil fortælle os?", ""),
]
ENGLISH = [
    "I got the help I needed.",
    "I have become better at finding my way in the municipality's system.",
    "Would you recommend the counselling to others?",
    "Is there anything else you want to tell us?",
]


def a_questionnaire(
    programme: Programme, *, slug: str = SLUG, title: str = "Hverdagsrådgivningen"
) -> Questionnaire:
    """The counselling's questionnaire: two scale questions counted for H4, a yes/no and a
    free text, in Danish and English; a single-choice question on how they heard of it."""
    found = Questionnaire.objects.filter(programme=programme, slug=slug).first()
    if found:
        return found
    questionnaire = services.questionnaire_create(programme=programme, slug=slug, title=title)
    version = queries.latest_version(questionnaire)
    questions = [
        services.question_add(version=version, kind=kind, text=text, indicator=indicator)
        for kind, text, indicator in QUESTIONS
    ]
    heard = services.question_add(
        version=version,
        kind=QuestionKind.CHOICE,
        text="Hvordan hørte du om rådgivningen?",
        choices=["En nabo", "Et opslag", "Kommunen"],
    )
    english = services.language_add(
        version=version, code="en", name="English", title="The everyday counselling"
    )
    for question, text in zip(questions, ENGLISH, strict=True):
        services.question_text_set(question=question, language=english, text=text)
    services.question_text_set(
        question=heard, language=english, text="How did you hear about the counselling?"
    )
    for choice, text in zip(
        heard.choices.all(), ["A neighbour", "A poster", "The municipality"], strict=True
    ):
        services.choice_text_set(choice=choice, language=english, text=text)
    return questionnaire


def a_wave(
    questionnaire: Questionnaire,
    estate: Estate,
    *,
    opens_on: datetime.date = datetime.date(2021, 1, 1),
    closes_on: datetime.date = datetime.date(2021, 3, 31),
    target: int | None = 20,
) -> Wave:
    return services.wave_create(
        questionnaire=questionnaire,
        estate=estate,
        opens_on=opens_on,
        closes_on=closes_on,
        target=target,
    )


def scale_answers(wave: Wave, *values: int) -> dict[int, int | str]:
    """Answers to the wave's scale questions, in order."""
    scales = wave.version.questions.filter(kind=QuestionKind.SCALE).order_by("position")
    return {question.pk: value for question, value in zip(scales, values, strict=False)}


def a_response(
    wave: Wave,
    *values: int,
    channel: str = "web",
    language: str = "da",
    on: datetime.date | None = None,
) -> Response:
    """A response on the web (or the tablet) with the given scale answers, on a day of the wave."""
    return services.response_submit(
        wave=wave,
        channel=channel,
        language=language,
        answers=scale_answers(wave, *values),
        today=on or wave.opens_on,
    )


# Helper SP: the public answer pages ------------------------------------------------------


def an_open_wave(questionnaire: Questionnaire, estate: Estate) -> Wave:
    """The questionnaire's wave in the estate that is open today, made if there is none."""
    today = timezone.localdate()
    found = questionnaire.waves.filter(
        estate=estate, opens_on__lte=today, closes_on__gte=today
    ).first()
    return found or a_wave(
        questionnaire,
        estate,
        opens_on=today - datetime.timedelta(days=10),
        closes_on=today + datetime.timedelta(days=10),
    )


def answer_form_data(wave: Wave, **changes: str) -> dict[str, str]:
    """The public form with every question of the helpers' questionnaire answered, and a
    fresh submission number."""
    questions = wave.version.questions.order_by("position")
    ids = {
        kind: questions.filter(kind=kind).values_list("pk", flat=True)[0]
        for kind in QuestionKind.values
    }
    data = {
        f"q{ids[QuestionKind.SCALE]}": "4",
        f"q{ids[QuestionKind.YES_NO]}": "0",
        f"q{ids[QuestionKind.CHOICE]}": "2",
        f"q{ids[QuestionKind.TEXT]}": "Gode folk i rådgivningen.",
        "submission": str(uuid.uuid4()),
        "website": "",
    }
    return data | changes
