"""Reads of the surveys: what a page, an export or the API shows, counted by the database."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Count, Max, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from helhedsplan.programmes.models import Programme
from helhedsplan.surveys import cutouts
from helhedsplan.surveys.layout import YES, FormCode, PageLayout, QuestionShape, paginate
from helhedsplan.surveys.models import (
    DANISH,
    Channel,
    Choice,
    ChoiceText,
    Language,
    MarkState,
    PageStatus,
    Question,
    QuestionKind,
    Questionnaire,
    QuestionText,
    Response,
    ScanBatch,
    ScanMark,
    ScanPage,
    Version,
    Wave,
)
from helhedsplan.surveys.phrases import DEFAULTS, PHRASES
from helhedsplan.surveys.reading import answer_of


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


# Scanned batches (helper SD) ---------------------------------------------------------------


def layouts_for(programme: Programme) -> Callable[[FormCode], list[PageLayout] | None]:
    """The reader's look-up from a page's code to its form's geometry, for the programme's
    waves: None for a code naming no wave of the programme, a version (by its id, as the
    paper form prints it) the wave does not ask,
    a language the version lacks, or a page count the version's questions do not paginate
    to (a form printed before its questions changed cannot be read against the new ones).
    Two queries per form, once per batch."""
    known: dict[tuple[int, int, int, str, int], list[PageLayout] | None] = {}

    def look_up(code: FormCode) -> list[PageLayout] | None:
        key = (code.questionnaire, code.version, code.wave, code.language, code.pages)
        if key not in known:
            known[key] = _layouts(programme, code)
        return known[key]

    return look_up


def _layouts(programme: Programme, code: FormCode) -> list[PageLayout] | None:
    version_id = (
        Wave.objects.filter(
            pk=code.wave,
            questionnaire_id=code.questionnaire,
            questionnaire__programme=programme,
            version_id=code.version,
            version__languages__code=code.language,
        )
        .values_list("version_id", flat=True)
        .first()
    )
    if version_id is None:
        return None
    pages = paginate(question_shapes(version_id))
    return pages if len(pages) == code.pages else None


def question_shapes(version_id: int) -> list[QuestionShape]:
    """The version's questions as the geometry sees them, in their order."""
    rows = (
        Question.objects.filter(version_id=version_id)
        .annotate(choice_count=Count("choices"))
        .order_by("position")
        .values_list("pk", "kind", "choice_count")
    )
    return [QuestionShape(pk, kind, choices) for pk, kind, choices in rows]


def scan_batch_counts(batch: ScanBatch) -> dict[str, int]:
    """The forms stored (or to be stored) from the batch, its refused pages, and its pages
    waiting for a person."""
    return batch.pages.aggregate(
        forms=Count("pk", filter=Q(form_page=1) & ~Q(status=PageStatus.REFUSED)),
        refused=Count("pk", filter=Q(status=PageStatus.REFUSED)),
        review=Count("pk", filter=Q(status=PageStatus.REVIEW)),
    )


def scan_batch_list(programme: Programme) -> QuerySet[ScanBatch]:
    """The programme's batches, newest first, with their pages counted."""
    return programme.scan_batches.annotate(
        page_count=Count("pages"),
        forms=Count("pages", filter=Q(pages__form_page=1) & ~Q(pages__status=PageStatus.REFUSED)),
        refused=Count("pages", filter=Q(pages__status=PageStatus.REFUSED)),
        review=Count("pages", filter=Q(pages__status=PageStatus.REVIEW)),
    ).order_by("-uploaded_at", "-pk")


def scan_pages(batch: ScanBatch, estate_ids: frozenset[int] | None) -> QuerySet[ScanPage]:
    """The batch's pages a person sees: those of waves in their estates, and those that name
    no wave (a page the reader could not take, which shows nothing but the reason)."""
    pages = batch.pages.select_related("wave__estate", "wave__questionnaire", "response")
    if estate_ids is not None:
        pages = pages.filter(Q(wave__isnull=True) | Q(wave__estate__in=estate_ids))
    return pages.order_by("number")


# The five-point scale's labels as staff read them beside a cut-out.
SCALE_LABELS = {
    1: gettext_lazy("1 – Helt uenig"),
    2: gettext_lazy("2 – Uenig"),
    3: gettext_lazy("3 – Hverken enig eller uenig"),
    4: gettext_lazy("4 – Enig"),
    5: gettext_lazy("5 – Helt enig"),
}


@dataclass(frozen=True)
class ReviewItem:
    """A question in doubt on a page: its boxes as (value, label), and the reader's guess (the
    marked or doubtful box with the most ink)."""

    page: ScanPage
    question: Question
    options: list[tuple[int, str]]
    guess: int | None


def _option_label(question: Question, value: int) -> str:
    if question.kind == QuestionKind.SCALE:
        return str(SCALE_LABELS[value])
    if question.kind == QuestionKind.YES_NO:
        return str(_("Ja") if value == YES else _("Nej"))
    texts = {choice.position: choice.text for choice in question.choices.all()}
    return texts.get(value, str(value))


def review_items(batch: ScanBatch, estate_ids: frozenset[int] | None) -> list[ReviewItem]:
    """The questions in doubt on the batch's pages in a person's estates, page by page."""
    marks = (
        ScanMark.objects.filter(page__batch=batch, page__status=PageStatus.REVIEW)
        .select_related("page__wave", "question")
        .prefetch_related("question__choices")
        .order_by("page__number", "question__position", "value")
    )
    if estate_ids is not None:
        marks = marks.filter(page__wave__estate__in=estate_ids)
    grouped: dict[tuple[int, int], list[ScanMark]] = {}
    for mark in marks:
        grouped.setdefault((mark.page_id, mark.question_id), []).append(mark)
    items = []
    for boxes in grouped.values():
        states = [(mark.value, MarkState(mark.decided or mark.state)) for mark in boxes]
        if not answer_of(states).doubtful:
            continue
        question = boxes[0].question
        candidates = [m for m in boxes if m.state == MarkState.MARKED] or [
            m for m in boxes if m.state == MarkState.UNSURE
        ]
        guess = max(candidates, key=lambda mark: mark.ink).value if candidates else None
        options = [(mark.value, _option_label(question, mark.value)) for mark in boxes]
        items.append(ReviewItem(boxes[0].page, question, options, guess))
    return items


def review_cutout(page: ScanPage, question: Question) -> bytes | None:
    """The part of the page's image that shows the question, or None when the page has no
    image (imported, or refused) or the question is not on it."""
    if not page.image or page.version_id is None or page.form_page is None:
        return None
    layouts = paginate(question_shapes(page.version_id))
    if page.form_page > len(layouts):
        return None
    area = cutouts.question_area(layouts[page.form_page - 1], question.pk)
    if area is None:
        return None
    with page.image.open("rb") as stored:
        return cutouts.cut_out(stored.read(), area)


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
