"""The results: the share agreeing per question, estate and quarter with n, counted by hand
from the answers made here; under five answers hidden, with the figures that would give them
away; free text only for those who collect the answers in the estate; the same table as XLSX."""

from __future__ import annotations

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from conftest import World
from helhedsplan.surveys import queries, services
from helhedsplan.surveys.models import QuestionKind, Questionnaire
from helhedsplan.surveys.tests.helpers import a_questionnaire, a_wave

pytestmark = pytest.mark.django_db
Q1 = (datetime.date(2021, 1, 1), datetime.date(2021, 3, 31))
Q2 = (datetime.date(2021, 4, 1), datetime.date(2021, 6, 30))


def _answer(wave, on: datetime.date, **by_position: int | str) -> None:
    questions = {q.position: q.pk for q in wave.version.questions.all()}
    services.response_submit(
        wave=wave,
        channel="web",
        language="da",
        answers={questions[int(key[1:])]: value for key, value in by_position.items()},
        today=on,
    )


def _answers(world: World) -> Questionnaire:
    """Question 1 (scale) and 5 (single choice: 1 En nabo, 2 Et opslag, 3 Kommunen)."""
    questionnaire = a_questionnaire(world.programme)
    vap_1 = a_wave(questionnaire, world.vapnagaard, opens_on=Q1[0], closes_on=Q1[1])
    noj_1 = a_wave(questionnaire, world.nojsomhed, opens_on=Q1[0], closes_on=Q1[1])
    vap_2 = a_wave(questionnaire, world.vapnagaard, opens_on=Q2[0], closes_on=Q2[1])
    # Vapnagaard, 1st quarter: 4 5 2 4 5 1 -> 4 of 6 agree; choices 1 1 2 3 1 1.
    for scale, choice in ((4, 1), (5, 1), (2, 2), (4, 3), (5, 1), (1, 1)):
        _answer(vap_1, Q1[0], p1=scale, p5=choice)
    # Nøjsomhed, 1st quarter: 4 4 1 -> 3 answers, under five: hidden.
    for scale in (4, 4, 1):
        _answer(noj_1, Q1[1], p1=scale, p4="Godt at I lytter")
    # Vapnagaard, 2nd quarter: 5 3 3 4 2 -> 2 of 5 agree.
    for scale in (5, 3, 3, 4, 2):
        _answer(vap_2, Q2[0], p1=scale)
    _answer(vap_2, Q2[1], p4="Mere åbent om aftenen")
    return questionnaire


def _table(result: queries.QuestionResult) -> list[list[str]]:
    return [
        [row.area, row.answer, *(f"{c.share_text} n={c.answers_text}" for c in row.cells)]
        for row in result.rows
    ]


def test_the_share_agreeing_per_estate_and_quarter_with_small_counts_hidden(
    world: World,
) -> None:
    found = queries.results(_answers(world), 2021)

    scale = found.questions[0]
    assert scale.text == "Jeg fik den hjælp, jeg havde brug for."
    table = [[cell.replace("\xa0", " ") for cell in row] for row in _table(scale)]
    # Nøjsomhed's 3 answers are "<5"; its year (3) too. The 1st quarter of all estates (9)
    # less Vapnagaard's (6) would give them back, and so would the year's (14 less 11): the
    # smaller figure of each sum, Vapnagaard's, is hidden too, as "x".
    assert table[0] == [
        "Nøjsomhed",
        "Enig eller helt enig",
        "<5 n=<5",
        "– n=0",
        "– n=0",
        "– n=0",
        "<5 n=<5",
    ]
    assert table[1][:4] == ["Vapnagaard", "Enig eller helt enig", "x n=x", "40,0 % n=5"]
    assert table[1][6] == "x n=x"
    # All estates: 6 of 9 agree in the 1st quarter, 2 of 5 in the 2nd, 8 of 14 in the year.
    assert table[2] == [
        "Alle boligområder",
        "Enig eller helt enig",
        "66,7 % n=9",
        "40,0 % n=5",
        "– n=0",
        "– n=0",
        "57,1 % n=14",
    ]
    # No hidden count can be worked out: every sum hides none or at least two figures.
    for row in scale.rows:
        year, quarters = row.cells[4], row.cells[:4]
        assert sum(c.hidden for c in [year, *quarters]) != 1

    choice = found.questions[-1]
    assert choice.kind == QuestionKind.CHOICE
    assert [(row.area, row.answer) for row in choice.rows][:3] == [
        ("Nøjsomhed", "En nabo"),
        ("Nøjsomhed", "Et opslag"),
        ("Nøjsomhed", "Kommunen"),
    ]
    vapnagaard = [row for row in choice.rows if row.area == "Vapnagaard"]
    # 6 answers in the 1st quarter: En nabo 4 (66,7 %), Et opslag 1 and Kommunen 1 (16,7 %).
    assert [round(row.cells[0].share or 0, 1) for row in vapnagaard] == [66.7, 16.7, 16.7]
    assert {row.cells[0].answers for row in vapnagaard} == {6}


def test_one_estate_shows_its_rows_with_the_same_cells_hidden(world: World) -> None:
    questionnaire = _answers(world)
    every = queries.results(questionnaire, 2021).questions[0].rows
    one = queries.results(questionnaire, 2021, estate=world.vapnagaard).questions[0].rows
    assert [row.area for row in one] == ["Vapnagaard"]
    assert one[0] == next(row for row in every if row.area == "Vapnagaard")


def _page(client, world: World, name: str, questionnaire: Questionnaire, query: str = "") -> str:
    client.force_login(world.user(name))
    url = reverse("surveys:results", args=[world.programme.slug, questionnaire.pk])
    response = client.get(url + query)
    assert response.status_code == 200
    return response.content.decode()


def test_free_text_only_for_those_who_collect_answers_in_the_estate(client, world: World) -> None:
    questionnaire = _answers(world)

    head = _page(client, world, "secretariat_head", questionnaire, "?year=2021")
    staff = _page(client, world, "staff", questionnaire)
    board = _page(client, world, "board", questionnaire)

    assert "Godt at I lytter" in head and "Mere åbent om aftenen" in head
    # Newest wave first.
    assert head.index("Mere åbent om aftenen") < head.index("Godt at I lytter")
    # Staff collect answers in Vapnagaard only.
    assert "Mere åbent om aftenen" in staff and "Godt at I lytter" not in staff
    assert "Fritekstsvar" not in board and "Mere åbent" not in board
    assert "40,0" in board


def test_the_results_as_xlsx_are_hidden_as_on_the_page(client, world: World) -> None:
    questionnaire = _answers(world)
    client.force_login(world.user("board"))
    url = reverse("surveys:results_export", args=[world.programme.slug, questionnaire.pk])

    response = client.get(url + "?year=2021")

    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    lines = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2)]
    question = "Jeg fik den hjælp, jeg havde brug for."
    assert [question, "H4", "Nøjsomhed", "Enig eller helt enig", "1. kvartal", "<5", "<5"] in lines
    assert [question, "H4", "Vapnagaard", "Enig eller helt enig", "2. kvartal", 40, 5] in lines
    assert not any("Godt at I lytter" in str(line) for line in lines)
