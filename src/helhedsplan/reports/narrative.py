"""The report's paragraphs drafted from the figures, in Danish, with fixed wording: the same
figures always give the same text, so an edited paragraph is the only one that differs."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from helhedsplan.core.numbers import format_number, format_percent
from helhedsplan.indicators.models import Outcome, Unit

# Small counts read better as words ("fem temaaftener"); "én" keeps the accent that tells
# the number from the article.
NUMBER_WORDS = {
    0: "nul",
    1: "én",
    2: "to",
    3: "tre",
    4: "fire",
    5: "fem",
    6: "seks",
    7: "syv",
    8: "otte",
    9: "ni",
    10: "ti",
    11: "elleve",
    12: "tolv",
}


@dataclass(frozen=True)
class Figure:
    """One estate's (or all estates') figure of an indicator in the year."""

    scope: str
    value: float | None
    target: float | None
    status: str
    previous: float | None = None


def amount(value: float, unit: str) -> str:
    """A figure as the paragraph says it: small whole counts in words."""
    if unit == Unit.PERCENT:
        return format_percent(value)
    if float(value).is_integer() and int(value) in NUMBER_WORDS:
        return NUMBER_WORDS[int(value)]
    return format_number(value)


def _verdict(status: str) -> str:
    return {
        Outcome.MET: _("så målet er nået."),
        Outcome.NOT_MET: _("så målet er ikke nået."),
        Outcome.ON_TRACK: _("og året er på vej mod målet."),
        Outcome.AT_RISK: _("så målet er i risiko."),
    }.get(Outcome(status), _("og tallet er ikke vurderet mod målet."))


def _sentence(name: str, year: int, figure: Figure, unit: str, scoped: bool) -> str:
    where = (" " + _("i %(scope)s") % {"scope": figure.scope}) if scoped else ""
    if figure.value is None or figure.status == Outcome.NO_DATA:
        return _("I %(year)s er der ingen data for %(name)s%(where)s.") % {
            "year": year,
            "name": name,
            "where": where,
        }
    if figure.status == Outcome.NOT_DUE:
        return _("Målingen af %(name)s%(where)s er ikke begyndt i %(year)s.") % {
            "year": year,
            "name": name,
            "where": where,
        }
    said = _("I %(year)s var %(name)s%(where)s %(value)s") % {
        "year": year,
        "name": name,
        "where": where,
        "value": amount(figure.value, unit),
    }
    if figure.status == Outcome.BASELINE:
        text = said + "; " + _("året er udgangspunktet for målingen.")
    elif figure.target is None:
        text = said + "; " + _("der er ikke fastsat et tal som mål.")
    else:
        text = (
            said
            + "; "
            + _("målet var %(target)s, %(verdict)s")
            % {"target": amount(figure.target, unit), "verdict": _verdict(figure.status)}
        )
    return text + _trend(year, figure, unit)


def _trend(year: int, figure: Figure, unit: str) -> str:
    if figure.previous is None or figure.value is None:
        return ""
    values = {"before": amount(figure.previous, unit), "year": year - 1}
    if round(figure.value, 6) > round(figure.previous, 6):
        return " " + _("Det er en stigning fra %(before)s i %(year)s.") % values
    if round(figure.value, 6) < round(figure.previous, 6):
        return " " + _("Det er et fald fra %(before)s i %(year)s.") % values
    return " " + _("Det er det samme som i %(year)s.") % values


def _compared(figures: list[Figure], unit: str) -> str:
    measured = [f for f in figures if f.value is not None and f.status != Outcome.NO_DATA]
    if len(measured) < 2:
        return ""
    highest = max(measured, key=lambda f: (f.value, f.scope))
    lowest = min(measured, key=lambda f: (f.value, f.scope))
    if highest.value == lowest.value:
        return " " + _("Boligområderne lå lige.")
    return " " + _("Højest lå %(high)s (%(high_value)s), lavest %(low)s (%(low_value)s).") % {
        "high": highest.scope,
        "high_value": amount(highest.value or 0, unit),
        "low": lowest.scope,
        "low_value": amount(lowest.value or 0, unit),
    }


def draft(name: str, year: int, figures: list[Figure], unit: str) -> str:
    """The paragraph of an indicator in ``year``: one sentence per estate (or one for all),
    each with its target, status and the change since the year before; the estates compared
    where there are several."""
    subject = name[:1].lower() + name[1:] if name[1:2].islower() else name
    scoped = len(figures) > 1
    sentences = [_sentence(subject, year, figure, unit, scoped) for figure in figures]
    return " ".join(sentences) + _compared(figures, unit)


def draft_unmeasured(year: int) -> str:
    return _("Succeskriteriet har endnu ingen indikator, så der er ingen tal for %(year)s.") % {
        "year": year
    }
