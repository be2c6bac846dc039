"""The paragraphs drafted from the figures: fixed Danish wording for every status, the trend
against the year before, and the estates compared."""

from __future__ import annotations

from helhedsplan.indicators.models import Outcome, Unit
from helhedsplan.reports.narrative import Figure, draft, draft_unmeasured


def one(figure: Figure, unit: str = Unit.COUNT) -> str:
    return draft("Temaaftener", 2020, [figure], unit)


def test_not_met_says_the_figure_and_target_in_words() -> None:
    text = one(Figure("Alle", 5, 6, Outcome.NOT_MET))
    assert text == "I 2020 var temaaftener fem; målet var seks, så målet er ikke nået."


def test_met() -> None:
    assert one(Figure("Alle", 7, 6, Outcome.MET)).endswith("målet var seks, så målet er nået.")


def test_on_track_and_at_risk() -> None:
    assert "på vej mod målet" in one(Figure("Alle", 3, 6, Outcome.ON_TRACK))
    assert "så målet er i risiko" in one(Figure("Alle", 1, 6, Outcome.AT_RISK))


def test_no_data() -> None:
    assert one(Figure("Alle", None, 6, Outcome.NO_DATA)) == (
        "I 2020 er der ingen data for temaaftener."
    )
    assert "ingen indikator" in draft_unmeasured(2020)


def test_large_counts_and_shares_are_figures() -> None:
    assert "1.053" in one(Figure("Alle", 1053, 1000, Outcome.MET))
    assert "59,9\N{NO-BREAK SPACE}%" in one(Figure("Alle", 59.9, 60, Outcome.NOT_MET), Unit.PERCENT)


def test_trend_against_the_year_before() -> None:
    up = one(Figure("Alle", 5, 6, Outcome.NOT_MET, previous=3))
    down = one(Figure("Alle", 5, 6, Outcome.NOT_MET, previous=8))
    same = one(Figure("Alle", 5, 6, Outcome.NOT_MET, previous=5))
    assert up.endswith("Det er en stigning fra tre i 2019.")
    assert down.endswith("Det er et fald fra otte i 2019.")
    assert same.endswith("Det er det samme som i 2019.")


def test_estates_compared() -> None:
    text = draft(
        "Temaaftener",
        2020,
        [Figure("Nøjsomhed", 2, 2, Outcome.MET), Figure("Vapnagaard", 3, 4, Outcome.NOT_MET)],
        Unit.COUNT,
    )
    assert text == (
        "I 2020 var temaaftener i Nøjsomhed to; målet var to, så målet er nået. "
        "I 2020 var temaaftener i Vapnagaard tre; målet var fire, så målet er ikke nået. "
        "Højest lå Vapnagaard (tre), lavest Nøjsomhed (to)."
    )


def test_the_same_figures_give_the_same_text() -> None:
    figure = Figure("Alle", 5, 6, Outcome.NOT_MET, previous=4)
    assert one(figure) == one(figure)
