"""Surveys for tests: the counselling's questionnaire (H4) in Danish and English, a wave in an
estate, and answers."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Collection, Mapping

import cv2
import numpy as np
from django.contrib.auth.models import User
from django.utils import timezone

from helhedsplan.programmes.models import Estate, Programme
from helhedsplan.surveys import queries, services
from helhedsplan.surveys.layout import (
    PAGE_HEIGHT,
    PAGE_WIDTH,
    FormCode,
    PageLayout,
    paginate,
    to_pixels,
)
from helhedsplan.surveys.models import (
    MarkState,
    QuestionKind,
    Questionnaire,
    Response,
    ScanBatch,
    Wave,
)
from helhedsplan.surveys.reading import REVIEW_DPI, BoxReading, PageReading

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


# Scanned batches (helper SD) ---------------------------------------------------------------


def page_image(layout: PageLayout, marked: Collection[tuple[int, int]] = ()) -> bytes:
    """A straightened page as the reader keeps it: white A4 at ``REVIEW_DPI`` with the
    layout's boxes drawn, and a cross in each box of ``marked`` (question, value)."""

    def px(millimetres: float) -> int:
        return round(to_pixels(millimetres, REVIEW_DPI))

    page = np.full((px(PAGE_HEIGHT), px(PAGE_WIDTH)), 255, dtype=np.uint8)
    for box in layout.boxes:
        top_left, bottom_right = (
            (px(box.x), px(box.y)),
            (px(box.x + box.size), px(box.y + box.size)),
        )
        cv2.rectangle(page, top_left, bottom_right, 0, 1)
        if (box.question, box.value) in marked:
            cv2.line(page, top_left, bottom_right, 0, 2)
            cv2.line(page, (top_left[0], bottom_right[1]), (bottom_right[0], top_left[1]), 0, 2)
    ok, png = cv2.imencode(".png", page)
    assert ok
    return bytes(png)


def a_page_reading(
    wave: Wave,
    answers: Mapping[int, int],
    *,
    unsure: Collection[int] = (),
    page: int = 1,
    language: str = "da",
) -> PageReading:
    """A page of the wave's paper form as the reader would return it: the box of each answer
    (question id → value) marked, the others empty; the questions in ``unsure`` with their
    answer's box in doubt instead."""
    pages = len(paginate(queries.question_shapes(wave.version_id)))
    code = FormCode(wave.questionnaire_id, wave.version_id, wave.pk, language, page, pages)
    layouts = queries.layouts_for(wave.questionnaire.programme)(code)
    assert layouts is not None
    layout = layouts[page - 1]
    boxes = []
    for box in layout.boxes:
        chosen = answers.get(box.question) == box.value
        state = MarkState.EMPTY
        if chosen:
            state = MarkState.UNSURE if box.question in unsure else MarkState.MARKED
        boxes.append(BoxReading(box.question, box.value, state, 0.3 if chosen else 0.02))
    marked = [(question, value) for question, value in answers.items()]
    return PageReading(code=code, refused="", boxes=tuple(boxes), image=page_image(layout, marked))


def a_refused_reading(reason: str = "Siden er ikke et af vores skemaer.") -> PageReading:
    return PageReading(code=None, refused=reason)


def a_scanned_batch(wave: Wave, by: User, *, number: str = "S1", unsure: bool = True) -> ScanBatch:
    """A batch of two forms of the wave, the second with its first question in doubt (unless
    ``unsure`` is false), and a page that is not a form."""
    first, second = wave.version.questions.filter(kind=QuestionKind.SCALE).order_by("position")[:2]
    return services.scan_batch_record(
        programme=wave.questionnaire.programme,
        number=number,
        file_name=f"{number}.pdf",
        readings=[
            a_page_reading(wave, {first.pk: 4, second.pk: 5}),
            a_refused_reading(),
            a_page_reading(wave, {first.pk: 2}, unsure={first.pk} if unsure else ()),
        ],
        by=by,
    )
