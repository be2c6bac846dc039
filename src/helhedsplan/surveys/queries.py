"""Reads of the surveys: what a page, an export or the API shows, counted by the database."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Max, Q, QuerySet
from django.db.models.functions import ExtractQuarter
from django.utils.translation import gettext as _

from helhedsplan.core.numbers import format_number, format_percent
from helhedsplan.core.suppression import SUPPRESSION_LIMIT, Figure, complementary_suppression
from helhedsplan.programmes.models import Estate
from helhedsplan.surveys.models import (
    Answer,
    Question,
    QuestionKind,
    Questionnaire,
    Response,
    Version,
    Wave,
)

# What a cell hidden to protect another shows (complementary suppression).
HIDDEN_MARK = "x"


def latest_version(questionnaire: Questionnaire) -> Version:
    return questionnaire.versions.order_by("-number").first() or Version.objects.none().get()


def version_locked(version: Version) -> bool:
    """Whether the version is answered: its questions may then no longer change."""
    return Response.objects.filter(wave__version=version).exists()


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
    (the same kind and text) counts as one, named by its newest version. Returns them in the
    newest version's order, and every version's question id mapped to that one."""
    questions = (
        Question.objects.filter(version__questionnaire=questionnaire)
        .exclude(kind=QuestionKind.TEXT)
        .prefetch_related("choices")
        .order_by("-version__number", "position")
    )
    first: dict[tuple[str, str], Question] = {}
    mapped: dict[int, Question] = {}
    for question in questions:
        mapped[question.pk] = first.setdefault((question.kind, question.text), question)
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
