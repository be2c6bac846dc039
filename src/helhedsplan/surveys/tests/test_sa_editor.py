"""Questionnaires edited in the interface (helper SA): questions changed, removed and moved
while their version is unanswered and refused once it is, translations saved together, waves
by date and by the quarters of a year, and their pages for those who may see them."""

from __future__ import annotations

import datetime
import re

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from conftest import World
from helhedsplan.surveys import queries, services
from helhedsplan.surveys.models import (
    Choice,
    ChoiceText,
    Language,
    Question,
    QuestionKind,
    Questionnaire,
    QuestionText,
    Wave,
)
from helhedsplan.surveys.tests.helpers import a_questionnaire, a_response, a_wave

pytestmark = pytest.mark.django_db
OPEN_DAY = datetime.date(2021, 2, 1)


def _texts(version) -> list[str]:
    return list(version.questions.order_by("position").values_list("text", flat=True))


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


# Services -----------------------------------------------------------------------------------


def test_questions_change_move_and_go_while_unanswered(world: World) -> None:
    version = queries.latest_version(a_questionnaire(world.programme))
    first, second, third = version.questions.order_by("position")[:3]

    services.question_move(question=third, up=True)
    assert _texts(version)[:3] == [first.text, third.text, second.text]
    services.question_move(question=first, up=True)  # already first: unchanged
    assert _texts(version)[0] == first.text

    services.question_remove(question=first)
    assert list(version.questions.values_list("position", flat=True)) == [1, 2, 3, 4]
    assert _texts(version)[0] == third.text

    heard = version.questions.get(kind=QuestionKind.CHOICE)
    neighbour = heard.choices.get(position=1)
    services.question_update(
        question=heard,
        kind=QuestionKind.CHOICE,
        text="Hvor hørte du om os?",
        choices=["En nabo", "Facebook"],
    )
    # The unchanged choice keeps its English; the changed one loses it, the third is gone.
    assert list(heard.choices.values_list("text", flat=True)) == ["En nabo", "Facebook"]
    assert ChoiceText.objects.filter(choice=neighbour).exists()
    assert not ChoiceText.objects.filter(choice__question=heard, choice__position=2).exists()

    with pytest.raises(ValidationError) as refused:
        services.question_update(question=heard, kind=QuestionKind.TEXT, text="x", indicator="H4")
    assert "indicator" in refused.value.message_dict


def test_an_answered_version_refuses_every_change_to_its_questions(world: World) -> None:
    wave = a_wave(a_questionnaire(world.programme), world.vapnagaard)
    a_response(wave, 4, 5, on=OPEN_DAY)
    question = wave.version.questions.first()
    assert question is not None
    for change in (
        lambda: services.question_update(question=question, kind=question.kind, text="Nyt"),
        lambda: services.question_remove(question=question),
        lambda: services.question_move(question=question, up=False),
    ):
        with pytest.raises(ValidationError, match="kan ikke ændres"):
            change()
    assert Question.objects.filter(pk=question.pk, position=1).exists()


def test_a_translation_is_saved_whole_and_what_is_missing_shows(world: World) -> None:
    version = queries.latest_version(a_questionnaire(world.programme))
    arabic = services.language_add(
        version=version, code="ar", name="العربية", title="الاستشارة", right_to_left=True
    )
    missing = queries.missing_texts(arabic)
    assert len(missing.questions) == 5 and len(missing.choices) == 3
    assert "submit" in missing.phrases

    first, second = version.questions.order_by("position")[:2]
    choice = Choice.objects.filter(question__version=version).first()
    assert choice is not None
    services.language_translate(
        language=arabic,
        name="العربية",
        title="الاستشارة اليومية",
        introduction="",
        right_to_left=True,
        questions={first.pk: "حصلت على المساعدة التي احتجتها.", second.pk: ""},
        choices={choice.pk: "جار"},
        # Danish as prefilled is not a translation: it is not kept.
        phrases={"submit": "إرسال", "yes": "Ja"},
    )
    arabic.refresh_from_db()
    assert arabic.phrases == {"submit": "إرسال"}
    missing = queries.missing_texts(arabic)
    assert len(missing.questions) == 4 and len(missing.choices) == 2
    assert "submit" not in missing.phrases and "yes" in missing.phrases
    completeness = {row.language.code: row for row in queries.completeness(version)}
    assert completeness["ar"].questions_translated == 1
    assert completeness["da"].complete and completeness["en"].questions_translated == 5

    # An emptied translation is removed; a bad one rolls the whole save back.
    other_version = services.version_create(questionnaire=version.questionnaire)
    foreign = other_version.questions.first()
    assert foreign is not None
    with pytest.raises(ValidationError):
        services.language_translate(
            language=arabic,
            name="عربي",
            title="x",
            introduction="",
            right_to_left=True,
            questions={first.pk: "", foreign.pk: "x"},
            choices={},
            phrases={},
        )
    arabic.refresh_from_db()
    assert arabic.name == "العربية"
    assert QuestionText.objects.filter(language=arabic).count() == 1


def test_the_quarters_of_a_year_and_a_wave_changed(world: World) -> None:
    questionnaire = a_questionnaire(world.programme)
    waves = services.waves_quarters_create(
        questionnaire=questionnaire, estate=world.nojsomhed, year=2020, target=15
    )
    assert [(wave.opens_on, wave.closes_on) for wave in waves] == [
        (datetime.date(2020, 1, 1), datetime.date(2020, 3, 31)),
        (datetime.date(2020, 4, 1), datetime.date(2020, 6, 30)),
        (datetime.date(2020, 7, 1), datetime.date(2020, 9, 30)),
        (datetime.date(2020, 10, 1), datetime.date(2020, 12, 31)),
    ]
    assert {wave.target for wave in waves} == {15}
    with pytest.raises(ValidationError, match="allerede en runde"):
        services.waves_quarters_create(
            questionnaire=questionnaire, estate=world.nojsomhed, year=2020
        )
    assert Wave.objects.count() == 4

    answered, quiet = waves[0], waves[1]
    a_response(answered, 4, on=datetime.date(2020, 2, 10))
    newer = services.version_create(questionnaire=questionnaire)
    services.wave_update(
        wave=answered,
        opens_on=datetime.date(2020, 1, 6),
        closes_on=datetime.date(2020, 3, 31),
        target=None,
    )
    services.wave_update(wave=quiet, opens_on=quiet.opens_on, closes_on=quiet.closes_on, target=20)
    assert answered.version.number == 1 and answered.target is None
    assert quiet.version == newer
    with pytest.raises(ValidationError, match="skal rumme"):
        services.wave_update(
            wave=answered,
            opens_on=datetime.date(2020, 2, 11),
            closes_on=datetime.date(2020, 3, 31),
            target=None,
        )


# Views ------------------------------------------------------------------------------------


def _url(name: str, world: World, **kwargs: object) -> str:
    return reverse(f"surveys:{name}", kwargs={"slug": world.programme.slug, **kwargs})


def test_the_head_creates_a_questionnaire_and_edits_its_questions(client, world: World) -> None:
    client.force_login(world.user("secretariat_head"))
    data = {"title": "Frivilliges udbytte", "slug": "frivillige", "idempotency_key": "q-1"}
    response = client.post(_url("questionnaire_create", world), data)
    questionnaire = Questionnaire.objects.get()
    assert response.url == questionnaire.get_absolute_url()
    assert client.post(_url("questionnaire_create", world), data).status_code == 302
    assert Questionnaire.objects.count() == 1

    kwargs = {"questionnaire_id": questionnaire.pk, "number": 1}
    add = _url("question_create", world, **kwargs)
    refused = client.post(
        add,
        {
            "kind": "scale",
            "text": "Jeg har lært noget.",
            "indicator": "h44x",
            "idempotency_key": "a",
        },
    )
    assert refused.status_code == 400 and "succeskriteriets kode" in refused.content.decode()
    for key, text in (("a", "Jeg har lært noget nyt."), ("b", "Jeg kender flere mennesker.")):
        response = client.post(
            add, {"kind": "scale", "text": text, "indicator": "f3", "idempotency_key": key}
        )
        assert response.status_code == 302
    first, second = Question.objects.order_by("position")
    assert first.indicator == "F3"
    client.post(_url("question_move", world, question_id=second.pk), {"direction": "up"})
    client.post(
        _url("question_update", world, question_id=first.pk),
        {"kind": "choice", "text": "Hvor mødes du med andre?", "choices": "Klubben\nKirken\n"},
    )
    client.post(_url("question_remove", world, question_id=second.pk))
    page = _text(client.get(questionnaire.get_absolute_url()).content.decode())
    assert "1. Hvor mødes du med andre?" in page and "Klubben" in page
    assert "Jeg kender flere" not in page


def test_a_locked_version_is_shown_read_only_and_refuses_changes(client, world: World) -> None:
    questionnaire = a_questionnaire(world.programme)
    wave = a_wave(questionnaire, world.vapnagaard)
    a_response(wave, 4, on=OPEN_DAY)
    question = wave.version.questions.first()
    assert question is not None
    client.force_login(world.user("administrator"))
    page = client.get(questionnaire.get_absolute_url()).content.decode()
    assert "er besvaret" in page
    assert _url("question_update", world, question_id=question.pk) not in page
    response = client.post(
        _url("question_update", world, question_id=question.pk),
        {"kind": "scale", "text": "Ændret"},
    )
    assert response.status_code == 400 and "kan ikke ændres" in response.content.decode()
    client.post(_url("question_remove", world, question_id=question.pk))
    assert Question.objects.filter(pk=question.pk, text=question.text).exists()
    # A new version may change again.
    client.post(_url("version_create", world, questionnaire_id=questionnaire.pk))
    page = client.get(
        _url("version", world, questionnaire_id=questionnaire.pk, number=2)
    ).content.decode()
    assert "Tilføj et spørgsmål" in page


def test_arabic_is_added_and_translated_right_to_left(client, world: World) -> None:
    questionnaire = a_questionnaire(world.programme)
    client.force_login(world.user("secretariat_head"))
    response = client.post(
        _url("language_create", world, questionnaire_id=questionnaire.pk, number=1),
        {
            "code": "ar",
            "name": "العربية",
            "right_to_left": "on",
            "title": "الاستشارة",
            "idempotency_key": "lang-1",
        },
    )
    arabic = Language.objects.get(code="ar")
    assert response.url == _url("translation", world, language_id=arabic.pk)
    page = client.get(response.url).content.decode()
    first = questionnaire.versions.get().questions.get(position=1)
    assert re.search(rf'<textarea[^>]*name="question_{first.pk}"[^>]*dir="rtl"', page) or re.search(
        rf'<textarea[^>]*dir="rtl"[^>]*name="question_{first.pk}"', page
    )
    assert "Jeg fik den hjælp, jeg havde brug for." in page and "Det mangler" in page
    # The phrases are prefilled with what the language shows now: Danish, for want of Arabic.
    assert 'value="Send svarene"' in page
    form = {
        "name": "العربية",
        "right_to_left": "on",
        "title": "الاستشارة",
        "introduction": "",
        f"question_{first.pk}": "حصلت على المساعدة",
        "phrase_submit": "إرسال",
    }
    assert client.post(response.url, form).status_code == 302
    assert QuestionText.objects.get(language=arabic).text == "حصلت على المساعدة"
    page = _text(client.get(questionnaire.get_absolute_url()).content.decode())
    assert "1 / 5" in page


def test_waves_are_opened_in_the_persons_estates_and_shown(client, world: World) -> None:
    questionnaire = a_questionnaire(world.programme)
    client.force_login(world.user("vapnagaard_head"))
    url = _url("wave_create", world, questionnaire_id=questionnaire.pk)
    page = client.get(url).content.decode()
    assert "Vapnagaard" in page and "Nøjsomhed" not in page
    data = {
        "estate": world.vapnagaard.pk,
        "opens_on": "01.01.2021",
        "closes_on": "31.03.2021",
        "target": "25",
        "idempotency_key": "w-1",
    }
    response = client.post(url, data)
    wave = Wave.objects.get()
    assert response.url == wave.get_absolute_url()
    refused = client.post(url, data | {"estate": world.nojsomhed.pk, "idempotency_key": "w-2"})
    assert refused.status_code == 400 and Wave.objects.count() == 1
    quarters = client.post(
        _url("wave_quarters", world, questionnaire_id=questionnaire.pk),
        {"estate": world.vapnagaard.pk, "year": "2022", "target": "10", "idempotency_key": "w-3"},
    )
    assert quarters.status_code == 302 and Wave.objects.count() == 5
    # The head limited to Vapnagaard writes no questionnaire.
    assert client.get(_url("questionnaire_create", world)).status_code == 403

    for _value in range(3):
        a_response(wave, 5, on=datetime.date(2021, 1, 5))
    a_response(wave, 4, channel="kiosk", on=datetime.date(2021, 1, 6))
    with time_machine.travel(datetime.datetime(2021, 2, 1, 12), tick=False):
        page = _text(client.get(wave.get_absolute_url()).content.decode())
    assert "Åben for svar" in page and "4 af 25 svar" in page and "16 %" in page
    assert "Link eller QR-kode 3" in page and "Tablet i rådgivningen 1" in page
    update = client.post(
        _url("wave_update", world, wave_id=wave.pk),
        {"opens_on": "01.01.2021", "closes_on": "15.04.2021", "target": "30"},
    )
    assert update.status_code == 302
    wave.refresh_from_db()
    assert wave.closes_on == datetime.date(2021, 4, 15) and wave.target == 30


def test_others_are_kept_out(client, world: World) -> None:
    questionnaire = a_questionnaire(world.programme)
    nojsomhed = a_wave(questionnaire, world.nojsomhed)
    client.force_login(world.user("vapnagaard_head"))
    assert client.get(nojsomhed.get_absolute_url()).status_code == 200
    assert client.get(_url("wave_update", world, wave_id=nojsomhed.pk)).status_code == 403
    client.force_login(world.user("outsider"))
    assert client.get(questionnaire.get_absolute_url()).status_code == 403
    assert client.get(_url("list", world)).status_code == 403
    missing = _url("questionnaire", world, questionnaire_id=questionnaire.pk + 100)
    client.force_login(world.user("secretariat_head"))
    assert client.get(missing).status_code == 404
    client.force_login(world.user("board"))
    page = client.get(questionnaire.get_absolute_url()).content.decode()
    assert "Lav en ny version" not in page and "Ny runde" not in page
    assert (
        client.post(_url("version_create", world, questionnaire_id=questionnaire.pk)).status_code
        == 403
    )


def test_the_secretariat_head_s_home_shows_the_open_waves(client, world: World) -> None:
    questionnaire = a_questionnaire(world.programme)
    open_one = a_wave(
        questionnaire,
        world.vapnagaard,
        opens_on=datetime.date(2021, 1, 1),
        closes_on=datetime.date(2021, 3, 31),
        target=20,
    )
    a_wave(
        questionnaire,
        world.nojsomhed,
        opens_on=datetime.date(2021, 1, 15),
        closes_on=datetime.date(2021, 2, 28),
        target=None,
    )
    a_wave(
        questionnaire,
        world.nojsomhed,
        opens_on=datetime.date(2020, 10, 1),
        closes_on=datetime.date(2020, 12, 31),
    )
    for _value in range(3):
        a_response(open_one, 4, on=datetime.date(2021, 1, 10))

    def home(who: str) -> str:
        client.force_login(world.user(who))
        with time_machine.travel(datetime.datetime(2021, 2, 1, 12), tick=False):
            return _text(client.get(reverse("home")).content.decode())

    page = home("secretariat_head")
    assert "Spørgeskemaernes åbne runder" in page
    assert "Hverdagsrådgivningen: Vapnagaard" in page and "3 af 20 svar" in page
    assert "Hverdagsrådgivningen: Nøjsomhed" in page and "0 svar" in page
    assert "31.12.2020" not in page
    limited = home("vapnagaard_head")
    assert "3 af 20 svar" in limited and "Nøjsomhed lukker" not in limited
    assert "Spørgeskemaernes åbne runder" not in home("staff")
