"""The paper form of a wave in one language, as a PDF to print, hand out and scan back.

Every page is drawn where ``layout`` puts things, in millimetres, with absolute positions: the
corner marks, the QR code naming the questionnaire, the version, the wave, the language and
the page (``layout.FormCode``), the boxes and the words around them. The scan reader
(``scanning``) reads a printed page by the same geometry, which depends on the questions' kinds
only: a form in Arabic has its boxes where the Danish one has them, the words written right to
left around them. A text too long for its place is set smaller, never given more room.

The code's numbers are database keys: the questionnaire's, the version's and the wave's.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

import segno
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from helhedsplan.core.pdf import render_pdf
from helhedsplan.surveys import layout, queries
from helhedsplan.surveys.layout import FormCode, PageLayout
from helhedsplan.surveys.models import DANISH, Language, Question, QuestionKind, Version, Wave
from helhedsplan.surveys.phrases import phrases_for


def labels(language: Language) -> dict[str, str]:
    """The form's words in the language: the scale's labels (``scale_1``-``scale_5``), ``yes``,
    ``no``, how to mark (``paper_how``) and correct (``paper_correct``), ``page``."""
    return phrases_for(language.code, language.phrases)


def _questions(version: Version) -> list[Question]:
    return list(version.questions.order_by("position").prefetch_related("choices"))


def page_layouts(version: Version) -> list[PageLayout]:
    """The version's pages on paper: the same in every language."""
    return layout.paginate(queries.question_shapes(version.pk))


def _fitted(text: str, size: float, room: int) -> float:
    """A font size in points at which ``text`` fits where ``room`` characters fit at
    ``size``: smaller by the square root of the excess, as it wraps over more lines."""
    if len(text) <= room:
        return size
    return max(size * (room / len(text)) ** 0.5, size * 0.55)


def _direction(text: str) -> str:
    """The text's own writing direction: right to left when it holds a right-to-left letter.
    A phrase an Arabic form lacks is shown in Danish, and is then written left to right."""
    right_to_left = any(unicodedata.bidirectional(char) in ("R", "AL") for char in text)
    return "rtl" if right_to_left else "ltr"


def _qr(code: FormCode) -> SafeString:
    # The symbol alone, without its quiet zone, fills the code's square; the layout keeps the
    # space round it clear.
    svg = segno.make_qr(code.text(), error="m").svg_inline(
        border=0, dark="#000", light="#fff", svgclass="qr", omitsize=True
    )
    # segno's own markup of a code made of digits, a language tag and semicolons.
    return mark_safe(svg)


@dataclass(frozen=True)
class _Text:
    text: str
    x: float
    y: float
    width: float
    height: float
    size: float
    # Where the words go in their box: "start" (at the top, from where the writing starts),
    # "middle" (beside a box, centred in its height) or "center" (centred over a box).
    align: str = "start"
    direction: str = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "direction", _direction(self.text))


@dataclass(frozen=True)
class _Page:
    number: int
    code: SafeString
    texts: tuple[_Text, ...]
    boxes: tuple[tuple[float, float, float], ...]
    writing: tuple[tuple[float, float, float, float], ...]


def _page(
    page: PageLayout,
    code: FormCode,
    words: dict[str, str],
    question_texts: dict[int, str],
    choice_texts: dict[tuple[int, int], str],
    positions: dict[int, int],
) -> _Page:
    texts: list[_Text] = []
    boxes: list[tuple[float, float, float]] = []
    writing: list[tuple[float, float, float, float]] = []
    width = layout.CONTENT_RIGHT - layout.CONTENT_LEFT
    for block in page.blocks:
        question = block.question
        text = f"{positions[question.id]}. {question_texts[question.id]}"
        texts.append(
            _Text(
                text,
                layout.CONTENT_LEFT,
                block.top,
                width,
                layout.TEXT_HEIGHT,
                _fitted(text, 9.5, 270),
            )
        )
        for value, x, y, label_width in block.labels:
            if question.kind == QuestionKind.CHOICE:
                label = choice_texts[(question.id, value)]
                texts.append(
                    _Text(
                        label,
                        x,
                        y,
                        label_width,
                        layout.BOX_SIZE,
                        _fitted(label, 9.0, 150),
                        "middle",
                    )
                )
                continue
            if question.kind == QuestionKind.SCALE:
                label = words[f"scale_{value}"]
            else:
                label = words["yes"] if value == layout.YES else words["no"]
            texts.append(
                _Text(
                    label, x, y, label_width, layout.LABEL_HEIGHT, _fitted(label, 8.0, 36), "center"
                )
            )
        # The box's line is drawn on its edge, half inside, as the reader expects it.
        line = layout.BOX_LINE
        boxes.extend((box.x - line / 2, box.y - line / 2, box.size + line) for box in block.boxes)
        if block.writing is not None:
            writing.append(block.writing)
    footer = f"{words['page']} {code.page} / {code.pages}"
    texts.append(_Text(footer, 0.0, layout.FOOTER_Y, layout.PAGE_WIDTH, 5.0, 8.0, "center"))
    return _Page(page.number, _qr(code), tuple(texts), tuple(boxes), tuple(writing))


def form_pdf(wave: Wave, language: Language) -> bytes:
    """The wave's paper form in the language (one of the wave's version's), every page with
    its code."""
    if language.version_id != wave.version_id:
        raise ValueError("The language is not one of the wave's version's.")
    questions = _questions(wave.version)
    pages = page_layouts(wave.version)
    danish = language.code == DANISH
    translated = {} if danish else dict(language.question_texts.values_list("question_id", "text"))
    choice_translated = (
        {} if danish else dict(language.choice_texts.values_list("choice_id", "text"))
    )
    question_texts = {q.pk: translated.get(q.pk) or q.text for q in questions}
    choice_texts = {
        (q.pk, choice.position): choice_translated.get(choice.pk) or choice.text
        for q in questions
        for choice in q.choices.all()
    }
    positions = {q.pk: q.position for q in questions}
    words = labels(language)
    drawn = [
        _page(
            page,
            FormCode(
                questionnaire=wave.questionnaire_id,
                version=wave.version_id,
                wave=wave.pk,
                language=language.code,
                page=page.number,
                pages=len(pages),
            ),
            words,
            question_texts,
            choice_texts,
            positions,
        )
        for page in pages
    ]
    half = layout.MARK_SIZE / 2
    html = render_to_string(
        "surveys/paper_form.html",
        {
            "language": language,
            "title": language.title,
            "title_size": _fitted(language.title, 13.0, 60),
            "introduction": language.introduction,
            "introduction_size": _fitted(language.introduction, 8.0, 300),
            "how": words["paper_how"],
            "correct": words["paper_correct"],
            "directions": {
                name: _direction(text)
                for name, text in [
                    ("title", language.title),
                    ("introduction", language.introduction),
                    ("how", words["paper_how"]),
                    ("correct", words["paper_correct"]),
                ]
            },
            "pages": drawn,
            "marks": [(x - half, y - half) for x, y in layout.CORNER_MARKS],
            "layout": layout,
        },
    )
    return render_pdf(html)
