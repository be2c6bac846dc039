"""Reads of the surveys: what a page, an export or the API shows, counted by the database."""

from __future__ import annotations

import datetime
import uuid
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Count, Max, Prefetch, Q, QuerySet
from django.db.models.functions import ExtractQuarter
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from helhedsplan.core.numbers import format_number, format_percent
from helhedsplan.core.suppression import SUPPRESSION_LIMIT, Figure, complementary_suppression
from helhedsplan.programmes.models import Estate, Programme
from helhedsplan.surveys import cutouts
from helhedsplan.surveys.layout import YES, FormCode, PageLayout, QuestionShape, paginate
from helhedsplan.surveys.models import (
    DANISH,
    Answer,
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

# What a cell hidden to protect another shows (complementary suppression).
HIDDEN_MARK = "x"


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
    return (
        ScanBatch.objects.filter(programme=programme)
        .annotate(
            page_count=Count("pages"),
            forms=Count(
                "pages", filter=Q(pages__form_page=1) & ~Q(pages__status=PageStatus.REFUSED)
            ),
            refused=Count("pages", filter=Q(pages__status=PageStatus.REFUSED)),
            review=Count("pages", filter=Q(pages__status=PageStatus.REVIEW)),
        )
        .order_by("-uploaded_at", "-pk")
    )


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
    try:
        with page.image.open("rb") as stored:
            return cutouts.cut_out(stored.read(), area)
    except OSError:
        # The page's image is deleted once its batch is imported.
        return None


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
    return (
        Questionnaire.objects.filter(programme=programme)
        .annotate(latest=Max("versions__number"))
        .order_by("title")
    )


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


# Helper SB: paper forms keyed in, results ----------------------------------------------------


def next_sheet(wave: Wave, batch: str) -> int:
    """The sheet number to propose next in a batch of the wave's paper forms."""
    last = Response.objects.filter(wave=wave, batch=batch).aggregate(last=Max("sheet"))["last"]
    return (last or 0) + 1


# Results: the share agreeing per question, estate and quarter, with n; counts under five
# answers hidden, with the figures that would give them away (``core.suppression``).

QUARTERS = (1, 2, 3, 4)
YEAR = 0
ALL_ESTATES = "all"


@dataclass(frozen=True)
class ResultCell:
    """One estate's (or all estates') quarter or year of one answer: how many answered the
    question and how many of them agreed (or chose the choice). Hidden when fewer than five
    answered, or so that such a cell cannot be worked out from the totals."""

    answers: int
    counted: int
    suppressed: bool = False
    complementary: bool = False

    @property
    def hidden(self) -> bool:
        return self.suppressed or self.complementary

    @property
    def share(self) -> float | None:
        if self.hidden or not self.answers:
            return None
        return 100 * self.counted / self.answers

    @property
    def mark(self) -> str:
        """What a hidden cell shows: "<5", or "x" for one hidden to protect another."""
        return HIDDEN_MARK if self.complementary else f"<{SUPPRESSION_LIMIT}"

    @property
    def share_text(self) -> str:
        if self.hidden:
            return self.mark
        share = self.share
        return "–" if share is None else format_percent(share)

    @property
    def answers_text(self) -> str:
        return self.mark if self.hidden else format_number(self.answers)

    def share_value(self) -> float | str:
        """For spreadsheets and the API: the share rounded to one decimal, "<5", "x" or ""."""
        if self.hidden:
            return self.mark
        share = self.share
        return "" if share is None else round(share, 1)

    def answers_value(self) -> int | str:
        return self.mark if self.hidden else self.answers


@dataclass(frozen=True)
class ResultRow:
    area: str
    estate_id: int | None
    # "Enig eller helt enig", "Ja", or a choice's text.
    answer: str
    # The four quarters, then the year.
    cells: list[ResultCell]


@dataclass(frozen=True)
class QuestionResult:
    text: str
    kind: str
    indicator: str
    rows: list[ResultRow]


@dataclass(frozen=True)
class FreeText:
    wave: Wave
    answered_on: datetime.date
    text: str


@dataclass(frozen=True)
class Results:
    questionnaire: Questionnaire
    year: int
    estates: list[Estate]
    questions: list[QuestionResult]


def result_years(questionnaire: Questionnaire) -> list[int]:
    """The years the questionnaire has answers in, newest first."""
    days = Answer.objects.filter(question__version__questionnaire=questionnaire).dates(
        "answered_on", "year", order="DESC"
    )
    return [day.year for day in days]


def _merged_questions(questionnaire: Questionnaire) -> tuple[list[Question], dict[int, Question]]:
    """The questions with an answer to count, once each: a question asked in several versions
    (the same kind, text and choices) counts as one, named by its newest version. Returns them
    in the newest version's order, and every version's question id mapped to that one."""
    questions = (
        Question.objects.filter(version__questionnaire=questionnaire)
        .exclude(kind=QuestionKind.TEXT)
        .prefetch_related("choices")
        .order_by("-version__number", "position")
    )
    # A single-choice question is the same only with the same choices in the same order: its
    # answers are counted by the choice's position.
    first: dict[tuple[str, str, tuple[str, ...]], Question] = {}
    mapped: dict[int, Question] = {}
    for question in questions:
        choices = tuple(choice.text for choice in question.choices.all())
        mapped[question.pk] = first.setdefault((question.kind, question.text, choices), question)
    return list(first.values()), mapped


def _cells(
    counts: dict[tuple[int, int], tuple[int, int]],
    area: int | str,
    estate_ids: list[int],
    hidden: tuple[set[Figure], set[Figure]],
) -> list[ResultCell]:
    primary, complementary = hidden
    cells = []
    for period in (*QUARTERS, YEAR):
        answers = counted = 0
        for estate_id in estate_ids if area == ALL_ESTATES else [int(area)]:
            for quarter in QUARTERS if period == YEAR else (period,):
                n, k = counts.get((estate_id, quarter), (0, 0))
                answers, counted = answers + n, counted + k
        figure = (area, period)
        cells.append(
            ResultCell(
                answers,
                counted,
                suppressed=figure in primary or figure in complementary,
                complementary=figure in complementary,
            )
        )
    return cells


def _suppressed(
    answers: dict[tuple[int, int], int], estate_ids: list[int]
) -> tuple[set[Figure], set[Figure]]:
    """Which of a question's figures (area, period) to hide: its answers per estate and
    quarter, an estate's year as the sum of its quarters, all estates as the sum of each."""
    areas: list[int | str] = [*estate_ids, *([ALL_ESTATES] if len(estate_ids) > 1 else [])]
    values: dict[Figure, int] = {}
    for estate_id in estate_ids:
        for quarter in QUARTERS:
            values[(estate_id, quarter)] = answers.get((estate_id, quarter), 0)
        values[(estate_id, YEAR)] = sum(values[(estate_id, q)] for q in QUARTERS)
    if len(estate_ids) > 1:
        for period in (*QUARTERS, YEAR):
            values[(ALL_ESTATES, period)] = sum(values[(e, period)] for e in estate_ids)
    relations = [[(area, YEAR), *((area, q) for q in QUARTERS)] for area in areas]
    if len(estate_ids) > 1:
        relations += [
            [(ALL_ESTATES, period), *((e, period) for e in estate_ids)]
            for period in (*QUARTERS, YEAR)
        ]
    return complementary_suppression(values, relations)


def results(questionnaire: Questionnaire, year: int, *, estate: Estate | None = None) -> Results:
    """The share agreeing (a scale or yes/no question) or choosing each choice, per estate
    (and all estates together) and quarter of ``year``, with n, counted by the database in
    one grouped query. What is hidden is worked out over every estate of the programme, so it
    is the same whichever estate a person looks at."""
    estates = list(questionnaire.programme.estates.order_by("name"))
    estate_ids = [e.pk for e in estates]
    questions, mapped = _merged_questions(questionnaire)
    # (question, estate, quarter, value) -> (answers, agreeing).
    grouped = (
        Answer.objects.filter(
            question__version__questionnaire=questionnaire,
            answered_on__year=year,
            value__isnull=False,
        )
        .annotate(quarter=ExtractQuarter("answered_on"))
        .values_list("question_id", "estate_id", "quarter", "value")
        .annotate(n=Count("pk"), agreeing=Count("pk", filter=Q(agrees=True)))
        .order_by()
    )
    # By the merged question: (estate, quarter) -> answers, agreeing, and per value.
    answered: dict[int, dict[tuple[int, int], list[int]]] = defaultdict(
        lambda: defaultdict(lambda: [0, 0])
    )
    chosen: dict[tuple[int, int], dict[tuple[int, int], int]] = defaultdict(dict)
    for question_id, estate_id, quarter, value, n, agreeing in grouped:
        question = mapped.get(question_id)
        if question is None:
            continue
        cell = answered[question.pk][(estate_id, quarter)]
        cell[0] += n
        cell[1] += agreeing
        by_value = chosen[(question.pk, value)]
        by_value[(estate_id, quarter)] = by_value.get((estate_id, quarter), 0) + n
    shown = [estate] if estate is not None else estates
    areas: list[tuple[int | str, str]] = [(e.pk, e.name) for e in shown]
    if estate is None and len(estates) > 1:
        areas.append((ALL_ESTATES, _("Alle boligområder")))
    found = []
    for question in questions:
        counts = answered.get(question.pk, {})
        hidden = _suppressed({key: n for key, (n, _k) in counts.items()}, estate_ids)
        if question.kind == QuestionKind.CHOICE:
            answers = [
                (
                    choice.text,
                    {
                        key: (n, chosen[(question.pk, choice.position)].get(key, 0))
                        for key, (n, _k) in counts.items()
                    },
                )
                for choice in question.choices.all()
            ]
        else:
            label = _("Enig eller helt enig") if question.kind == QuestionKind.SCALE else _("Ja")
            answers = [(label, {key: (n, k) for key, (n, k) in counts.items()})]
        rows = [
            ResultRow(
                area=name,
                estate_id=area if isinstance(area, int) else None,
                answer=answer,
                cells=_cells(by_cell, area, estate_ids, hidden),
            )
            for area, name in areas
            for answer, by_cell in answers
        ]
        found.append(QuestionResult(question.text, question.kind, question.indicator, rows))
    return Results(questionnaire, year, shown, found)


def free_texts(
    questionnaire: Questionnaire, year: int, estates: QuerySet[Estate]
) -> list[FreeText]:
    """The free-text answers of ``year`` in ``estates``, newest wave first and newest answer
    first within it: for those who collect the answers there only (``access.may_enter``)."""
    answers = (
        Answer.objects.filter(
            question__version__questionnaire=questionnaire,
            question__kind=QuestionKind.TEXT,
            answered_on__year=year,
            estate__in=estates,
        )
        .exclude(text="")
        .select_related("response__wave__estate")
        .order_by("-response__wave__opens_on", "response__wave_id", "-answered_on", "-pk")
    )
    return [FreeText(a.response.wave, a.answered_on, a.text) for a in answers]
