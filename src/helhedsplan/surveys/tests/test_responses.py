"""The base of the surveys: versions locked once answered, and responses from every channel
checked, anonymous and stored once."""

from __future__ import annotations

import datetime
import uuid

import pytest
from django.core.exceptions import ValidationError

from conftest import World
from helhedsplan.surveys import queries, services
from helhedsplan.surveys.models import Answer, Channel, QuestionKind, Response
from helhedsplan.surveys.tests.helpers import a_questionnaire, a_response, a_wave, scale_answers

pytestmark = pytest.mark.django_db
OPEN_DAY = datetime.date(2021, 2, 1)


def test_an_answered_version_is_locked_and_the_next_copies_it(world: World) -> None:
    questionnaire = a_questionnaire(world.programme)
    wave = a_wave(questionnaire, world.vapnagaard)
    version = wave.version
    services.question_add(version=version, kind=QuestionKind.YES_NO, text="Kom du igen?")
    a_response(wave, 4, 5, on=OPEN_DAY)

    with pytest.raises(ValidationError, match="kan ikke ændres"):
        services.question_add(version=version, kind=QuestionKind.YES_NO, text="Og igen?")

    following = services.version_create(questionnaire=questionnaire)
    assert following.number == 2
    assert list(following.questions.values_list("text", "kind", "indicator")) == list(
        version.questions.values_list("text", "kind", "indicator")
    )
    assert set(following.languages.values_list("code", flat=True)) == {"da", "en"}
    english = following.languages.get(code="en")
    assert english.question_texts.count() == version.languages.get(code="en").question_texts.count()
    assert queries.latest_version(questionnaire) == following
    services.question_add(version=following, kind=QuestionKind.YES_NO, text="Og igen?")


def test_a_response_counts_agreement_on_its_day_and_estate(world: World) -> None:
    wave = a_wave(a_questionnaire(world.programme), world.vapnagaard)
    response = a_response(wave, 4, 2, on=OPEN_DAY)
    answers = Answer.objects.filter(response=response).order_by("question__position")
    assert [(a.value, a.agrees) for a in answers] == [(4, True), (2, False)]
    assert {(a.answered_on, a.estate_id, a.programme_id) for a in answers} == {
        (OPEN_DAY, world.vapnagaard.pk, world.programme.pk)
    }


def test_a_closed_wave_refuses_the_web_and_paper_counts_within_it(world: World) -> None:
    wave = a_wave(a_questionnaire(world.programme), world.vapnagaard)
    after = datetime.date(2021, 5, 3)
    with pytest.raises(ValidationError, match="lukket"):
        a_response(wave, 4, on=after)
    paper = services.response_submit(
        wave=wave,
        channel=Channel.PAPER,
        language="da",
        answers=scale_answers(wave, 5),
        batch="B1",
        sheet=1,
        today=after,
    )
    assert paper.answered_on == wave.closes_on
    with pytest.raises(ValidationError, match="allerede registreret"):
        services.response_submit(
            wave=wave,
            channel=Channel.PAPER,
            language="da",
            answers=scale_answers(wave, 3),
            batch="B1",
            sheet=1,
            today=after,
        )


def test_one_answer_per_device_and_a_retry_is_stored_once(world: World) -> None:
    wave = a_wave(a_questionnaire(world.programme), world.vapnagaard)
    submission = uuid.uuid4()
    first = services.response_submit(
        wave=wave,
        channel=Channel.WEB,
        language="en",
        answers=scale_answers(wave, 5),
        device="d" * 64,
        submission=submission,
        today=OPEN_DAY,
    )
    retried = services.response_submit(
        wave=wave,
        channel=Channel.WEB,
        language="en",
        answers=scale_answers(wave, 5),
        device="d" * 64,
        submission=submission,
        today=OPEN_DAY,
    )
    assert retried == first
    with pytest.raises(ValidationError, match="allerede svaret fra denne enhed"):
        services.response_submit(
            wave=wave,
            channel=Channel.WEB,
            language="da",
            answers=scale_answers(wave, 1),
            device="d" * 64,
            today=OPEN_DAY,
        )
    assert Response.objects.count() == 1


@pytest.mark.parametrize(
    ("given", "message"),
    [
        (6, "Vælg et af svarene"),
        ("Ring til mig på 20 30 40 50", "telefonnummer"),
    ],
)
def test_bad_answers_are_refused_and_nothing_is_stored(world: World, given, message) -> None:
    wave = a_wave(a_questionnaire(world.programme), world.vapnagaard)
    questions = wave.version.questions.order_by("position")
    question = questions[0] if isinstance(given, int) else questions.get(kind=QuestionKind.TEXT)
    with pytest.raises(ValidationError, match=message):
        services.response_submit(
            wave=wave,
            channel=Channel.WEB,
            language="da",
            answers={question.pk: given},
            today=OPEN_DAY,
        )
    assert not Response.objects.exists() and not Answer.objects.exists()


def test_an_indicator_is_linked_only_to_a_question_with_agreement(world: World) -> None:
    version = queries.latest_version(a_questionnaire(world.programme))
    with pytest.raises(ValidationError, match="kan tælle i en indikator"):
        services.question_add(version=version, kind=QuestionKind.TEXT, text="Hvad?", indicator="H4")
