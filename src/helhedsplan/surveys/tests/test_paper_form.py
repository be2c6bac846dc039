"""The paper form PDF: its words in each language, and its pages read back by the scan reader
once printed, filled in and scanned."""

from __future__ import annotations

import pytest

from conftest import World, pdf_text
from helhedsplan.surveys import layout, paper, queries, scanning, services, specimens
from helhedsplan.surveys.models import Language, Wave
from helhedsplan.surveys.reading import answer_of
from helhedsplan.surveys.tests.helpers import a_questionnaire, a_wave

pytestmark = pytest.mark.django_db


def a_paper_wave(world: World) -> Wave:
    return a_wave(a_questionnaire(world.programme), world.vapnagaard)


def read_answers(reading) -> dict[int, int | None]:
    questions = {box.question for box in reading.boxes}
    return {
        question: answer_of(
            (box.value, box.state) for box in reading.boxes if box.question == question
        ).value
        for question in questions
    }


@pytest.mark.parametrize("code", ["da", "ar"])
def test_the_printed_form_filled_in_and_scanned_reads_back(world: World, code: str) -> None:
    wave = a_paper_wave(world)
    if code == "ar":
        services.language_add(
            version=wave.version,
            code="ar",
            name="العربية",
            title="استبيان الاستشارة",
            right_to_left=True,
            phrases={"scale_1": "غير موافق إطلاقا", "scale_5": "موافق تماما"},
        )
    language = wave.version.languages.get(code=code)
    pages = paper.page_layouts(wave.version)

    printed = list(scanning.pages_of(paper.form_pdf(wave, language)))
    batch, truths = specimens.filled_batch(printed, pages, 2, scanning.PDF_DPI, seed=15)

    scanned = list(scanning.pages_of(batch))
    assert len(scanned) == len(truths) == 2 * len(pages)
    for index, (image, truth) in enumerate(zip(scanned, truths, strict=True)):
        number = index % len(pages) + 1
        reading = scanning.read_page(image, queries.layouts_for(wave.questionnaire.programme))
        assert reading.refused == ""
        assert reading.code == layout.FormCode(
            questionnaire=wave.questionnaire_id,
            version=wave.version_id,
            wave=wave.pk,
            language=code,
            page=number,
            pages=len(pages),
        )
        assert read_answers(reading) == truth


def test_the_danish_form_has_the_questions_the_scale_and_how_to_mark(world: World) -> None:
    wave = a_paper_wave(world)

    text = pdf_text(paper.form_pdf(wave, wave.version.languages.get(code="da")))

    for phrase in [
        "Hverdagsrådgivningen",
        "1. Jeg fik den hjælp, jeg havde brug for.",
        "Helt uenig",
        "Hverken enig eller uenig",
        "Helt enig",
        "Ja",
        "Nej",
        "Et opslag",
        "Sæt ét kryds i boksen ud for dit svar.",
        "Udfyld boksen helt, og sæt kryds i en anden.",
        "Side 1 / 1",
    ]:
        assert phrase in text


def test_the_english_form_is_in_english(world: World) -> None:
    wave = a_paper_wave(world)

    text = pdf_text(paper.form_pdf(wave, wave.version.languages.get(code="en")))

    for phrase in ["I got the help I needed.", "Strongly disagree", "A poster", "Page 1 / 1"]:
        assert phrase in text
    assert "Helt uenig" not in text


def test_the_labels_are_the_languages_own_or_else_danish(world: World) -> None:
    wave = a_paper_wave(world)
    somali = services.language_add(
        version=wave.version, code="so", name="Soomaali", title="Su'aalo", phrases={"yes": "Haa"}
    )

    words = paper.labels(somali)

    assert words["yes"] == "Haa"
    assert words["scale_1"] == "Helt uenig"
    assert paper.labels(Language.objects.get(version=wave.version, code="en"))["no"] == "No"
