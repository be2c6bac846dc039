"""The indicators in words: what the pages, the closing of a year and the charts show.

The engine returns figures and keys (``helhedsplan.indicators.engine``); this module makes
the text of them in the active language: a cell ("8 af 10 — på vej", "Udgangspunkt: …",
"3 af 52 uger med mindst 10"), values and targets with their units, the scope, the weeks,
months, quarters and half-years of a weekly (…) target, the filters of a source, the rule
of the statuses and the indicator's chart. Numbers are formatted by ``core.numbers``, so a
unit is joined to its number by a no-break space.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils import formats
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from helhedsplan.core import charts
from helhedsplan.core import indicator_sources as sources
from helhedsplan.core.numbers import format_value
from helhedsplan.indicators.engine import Result, SubResult, is_survey_share
from helhedsplan.indicators.models import Comparator, Indicator, Kind, Outcome, Period, Unit
from helhedsplan.indicators.phrases import ProposedIndicator
from helhedsplan.indicators.queries import Dashboard
from helhedsplan.programmes.models import Estate


def number(value: float | None, unit: str = Unit.COUNT, decimals: int | None = None) -> str:
    """Danish figures: 8 · 59,9 % · 1.234 · 11,2; whole numbers without decimals unless
    ``decimals`` asks for them."""
    if value is None:
        return "–"
    if decimals is None:
        decimals = 0 if float(value).is_integer() else 1
    return format_value(value, "%" if unit == Unit.PERCENT else "", decimals)


def scope_name(estate: Estate | None) -> str:
    return estate.name if estate else _("Alle boligområder")


def _unit(result: Result) -> str:
    # A weekly (…) target's figure is the share of the weeks that met it.
    return Unit.PERCENT if result.sub_results else result.indicator.unit


def value_text(result: Result) -> str:
    if result.value is None:
        return ""
    if result.indicator.kind == Kind.MILESTONE:
        return _("Registreret") if result.value >= 1 else _("Ikke registreret")
    unit = _unit(result)
    return number(result.value, unit, decimals=1 if unit == Unit.PERCENT else None)


def target_text(result: Result) -> str:
    if result.target is None:
        return ""
    return f"{Comparator(result.comparator).label} {number(result.target, _unit(result))}"


def target_label(result: Result) -> str:
    return _("pejlemærke") if result.guide else _("mål")


# "3 af 4 uger med mindst 10": how many of a year's weeks (months, …) met their target.
SUB_PERIODS_MET = {
    Period.WEEK: gettext_lazy("%(met)s af %(all)s uger med mindst %(target)s"),
    Period.MONTH: gettext_lazy("%(met)s af %(all)s måneder med mindst %(target)s"),
    Period.QUARTER: gettext_lazy("%(met)s af %(all)s kvartaler med mindst %(target)s"),
    Period.HALF_YEAR: gettext_lazy("%(met)s af %(all)s halvår med mindst %(target)s"),
}
# "Gennemsnit 11,2 pr. uge": the average count of those periods.
SUB_PERIOD_AVERAGE = {
    Period.WEEK: gettext_lazy("Gennemsnit %(average)s pr. uge"),
    Period.MONTH: gettext_lazy("Gennemsnit %(average)s pr. måned"),
    Period.QUARTER: gettext_lazy("Gennemsnit %(average)s pr. kvartal"),
    Period.HALF_YEAR: gettext_lazy("Gennemsnit %(average)s pr. halvår"),
}


# The sub-periods of a year, as the rule and the share name them: "af de åbne uger".
SUB_PERIODS = {
    Period.WEEK: gettext_lazy("ugerne"),
    Period.MONTH: gettext_lazy("månederne"),
    Period.QUARTER: gettext_lazy("kvartalerne"),
    Period.HALF_YEAR: gettext_lazy("halvårene"),
}
OPEN_WEEKS = gettext_lazy("de åbne uger")


def _sub_periods(indicator: Indicator) -> str:
    """ "ugerne", or "de åbne uger" where the source counts only the weeks it was open."""
    source = sources.get(indicator.source) if indicator.source else None
    if indicator.period == Period.WEEK and source is not None and source.eligible_weeks:
        return str(OPEN_WEEKS)
    return str(SUB_PERIODS[Period(indicator.period)])


def share_text(result: Result) -> str:
    """Beside the status of a weekly (…) target: "72,9 % af de åbne uger nåede målet; kravet
    er mindst 80 %", or ""."""
    if not result.sub_results or result.value is None or result.required_share is None:
        return ""
    return _("%(share)s af %(periods)s nåede målet; kravet er mindst %(required)s") % {
        "share": number(result.value, Unit.PERCENT, decimals=1),
        "periods": _sub_periods(result.indicator),
        "required": number(result.required_share, Unit.PERCENT, decimals=0),
    }


def share_rule(result: Result) -> str:
    """The year's rule for a weekly (…) target, as the agreement in force sets it: "Året er
    nået, når mindst 80 % af de åbne uger nåede 10."; "" for other indicators."""
    if result.required_share is None:
        return ""
    values = {
        "required": number(result.required_share, Unit.PERCENT, decimals=0),
        "periods": _sub_periods(result.indicator),
    }
    if result.sub_target is None:
        return _("Året er nået, når mindst %(required)s af %(periods)s har en registrering.") % (
            values
        )
    target = number(result.sub_target, Unit.COUNT)
    if result.indicator.comparator not in {"", Comparator.AT_LEAST}:
        target = f"{Comparator(result.indicator.comparator).label} {target}"
    return _("Året er nået, når mindst %(required)s af %(periods)s nåede %(target)s.") % {
        **values,
        "target": target,
    }


def average_text(result: Result) -> str:
    """The average count of the periods of a weekly (monthly, …) target, or ""."""
    if result.average is None:
        return ""
    template = SUB_PERIOD_AVERAGE[Period(result.indicator.period)]
    return str(template) % {"average": number(result.average, Unit.COUNT, decimals=1)}


def words(result: Result) -> str:
    """The cell in words: "8 af 10 — på vej"."""
    label = Outcome(result.status).label.lower()
    if result.status == Outcome.NOT_DUE:
        return str(Outcome.NOT_DUE.label)
    if result.value is None:
        return str(Outcome.NO_DATA.label)
    if result.is_baseline_year:
        return _("Udgangspunkt: %(value)s") % {"value": value_text(result)}
    if is_survey_share(result.indicator):
        return _survey_words(result, label)
    if result.sub_results:
        met = sum(1 for sub in result.sub_results if sub.met)
        text = str(SUB_PERIODS_MET[Period(result.indicator.period)]) % {
            "met": met,
            "all": len(result.sub_results),
            "target": number(result.sub_target, Unit.COUNT),
        }
        return f"{text} — {label}"
    if result.indicator.kind == Kind.MILESTONE or result.target is None:
        return f"{value_text(result)} — {label}"
    if result.indicator.unit == Unit.COUNT and result.comparator in {
        Comparator.AT_LEAST,
        Comparator.EXACTLY,
    }:
        return _("%(value)s af %(target)s — %(status)s") % {
            "value": value_text(result),
            "target": number(result.target, Unit.COUNT),
            "status": label,
        }
    return _("%(value)s (%(label)s: %(target)s) — %(status)s") % {
        "value": value_text(result),
        "label": target_label(result),
        "target": target_text(result),
        "status": label,
    }


def _survey_words(result: Result, label: str) -> str:
    """ "77,8 % enige (9 svar) — målt, uden mål", or with the target staff set: "… (mål: Mindst
    70 %) — nået"."""
    text = _("%(value)s enige (%(answers)s svar)") % {
        "value": value_text(result),
        "answers": number(result.denominator, Unit.COUNT),
    }
    if result.target is None:
        return f"{text} — {label}"
    return f"{text} ({target_label(result)}: {target_text(result)}) — {label}"


def sub_value(sub: SubResult) -> str:
    """A week's (…) count, or a questionnaire's quarter: "77,8 % (9 svar)"."""
    if sub.answers is None:
        return number(sub.value, Unit.COUNT)
    return _("%(share)s (%(answers)s svar)") % {
        "share": number(sub.value, Unit.PERCENT, decimals=1),
        "answers": number(sub.answers, Unit.COUNT),
    }


def quarters_text(result: Result) -> str:
    """A questionnaire's quarters (…) in the dashboard's cell: "1. kvartal: 77,8 % (9 svar) ·
    2. kvartal: 50,0 % (4 svar)"; "" for other indicators."""
    if not is_survey_share(result.indicator):
        return ""
    return " · ".join(f"{sub_label(sub)}: {sub_value(sub)}" for sub in result.sub_results)


# The heading over a year's weeks (months, …) on the indicator's page.
SUB_HEADINGS = {
    Period.WEEK: gettext_lazy("Uge for uge"),
    Period.MONTH: gettext_lazy("Måned for måned"),
    Period.QUARTER: gettext_lazy("Kvartal for kvartal"),
    Period.HALF_YEAR: gettext_lazy("Halvår for halvår"),
}


def sub_heading(result: Result) -> str:
    return str(SUB_HEADINGS.get(Period(result.indicator.period), SUB_HEADINGS[Period.WEEK]))


# Beside an anonymous source's figures: why nothing is listed.
ANONYMOUS_NOTES = {
    "surveys.answer": gettext_lazy(
        "Svarene er anonyme: kun antal vises, aldrig den enkelte besvarelse."
    ),
}
ANONYMOUS_NOTE = gettext_lazy("Henvendelserne er anonyme: kun antal vises.")


def anonymous_note(source: sources.Source) -> str:
    return str(ANONYMOUS_NOTES.get(source.key, ANONYMOUS_NOTE))


def sub_label(sub: SubResult) -> str:
    """ "uge 7", "marts", "2. kvartal", "1. halvår"."""
    if sub.period == Period.WEEK:
        return _("uge %(week)s") % {"week": sub.number}
    if sub.period == Period.MONTH:
        return formats.date_format(datetime.date(2000, sub.number, 1), "F")
    if sub.period == Period.QUARTER:
        return _("%(n)s. kvartal") % {"n": sub.number}
    return _("%(n)s. halvår") % {"n": sub.number}


@dataclass(frozen=True)
class PlannedSource:
    """A source a later issue brings: its name and its filters' names and words."""

    label: str | Promise
    filters: dict[str, tuple[str | Promise, Callable[[Any], str]]] = field(default_factory=dict)


def _quoted(value: Any) -> str:
    return f"»{value}«"


# The sources the catalogue already counts on (docs/domain.md) before the issues that bring
# them, so an indicator waiting for one says in words what it waits for. Once an app
# registers the source, the registered one is shown.
PLANNED_SOURCES: dict[str, PlannedSource] = {
    "surveys.response": PlannedSource(
        gettext_lazy("Svar på spørgeskemaer"),
        {"questionnaire": (gettext_lazy("spørgeskema"), _quoted)},
    ),
}
NOT_YET = gettext_lazy("findes ikke i systemet endnu")


def source_name(source_key: str) -> str:
    """A source by its Danish name; one that is not registered says so, by its name when a
    later issue is known to bring it."""
    source = sources.get(source_key)
    if source is not None:
        return str(source.label)
    planned = PLANNED_SOURCES.get(source_key)
    if planned is not None:
        return f"{planned.label} ({NOT_YET})"
    return _("en kilde, der ikke findes i systemet endnu (»%(key)s«)") % {"key": source_key}


def _known_filters(source_key: str) -> dict[str, tuple[str | Promise, Callable[[Any], str]]]:
    """The filters of a source, registered or coming: their names and their words."""
    source = sources.get(source_key)
    if source is not None:
        return {name: (f.label, f.describe) for name, f in sources.filters_of(source).items()}
    planned = PLANNED_SOURCES.get(source_key)
    return planned.filters if planned is not None else {}


def filter_words(source_key: str, wanted: dict[str, Any]) -> list[tuple[str, str]]:
    """An indicator's filters as (the filter's label, its value in words) for the page, in
    the order the source names its filters."""
    known = _known_filters(source_key)
    order = list(known)
    words = []
    for name, value in sorted(wanted.items(), key=lambda item: _position(order, item[0])):
        if name in known:
            label, describe = known[name]
            words.append((str(label), describe(value)))
        else:
            # A filter nobody registered: the indicator counts nothing until it exists.
            words.append((_("filteret »%(name)s«") % {"name": name}, str(NOT_YET)))
    return words


def _position(order: list[str], name: str) -> tuple[int, str]:
    return (order.index(name) if name in order else len(order), name)


def counted_text(source_key: str, wanted: dict[str, Any]) -> str:
    """What a source and its filters count, in words: "Arrangementer; type: Temaaften;
    status: Afholdt"."""
    parts = [source_name(source_key)]
    parts += [f"{label}: {value}" for label, value in filter_words(source_key, wanted)]
    return "; ".join(parts)


def counted(indicator: Indicator) -> list[tuple[str, str]]:
    """What the indicator counts, as (heading, words): its source and, for a share, the
    source of its denominator."""
    lines = []
    if indicator.source:
        lines.append((_("Kilde"), counted_text(indicator.source, indicator.source_filter)))
    if indicator.denominator_source:
        lines.append(
            (
                _("Nævner"),
                counted_text(indicator.denominator_source, indicator.denominator_filter),
            )
        )
    return lines


# The indicator form's help: the keys people type, each with its words ----------------------


def _named(key: str, label: str | Promise) -> str:
    return f"»{key}« ({label})"


def sources_help() -> str:
    """The keys of the sources, registered and coming, each with its name."""
    registered = ", ".join(_named(source.key, source.label) for source in sources.all_sources())
    planned = ", ".join(
        _named(key, planned.label)
        for key, planned in PLANNED_SOURCES.items()
        if sources.get(key) is None
    )
    return _(
        "Nøglen for kilden: %(registered)s; eller en, der kommer senere: %(planned)s. Indtil "
        "kilden findes, viser indikatoren »Ingen data«."
    ) % {"registered": registered, "planned": planned}


def filter_names(source_key: str) -> str:
    """The filters a source knows, each key with its name: "»type« (type), »status« (…)"."""
    return ", ".join(
        _named(name, label) for name, (label, _words) in _known_filters(source_key).items()
    )


def filter_help(source_key: str, wanted: dict[str, Any]) -> str:
    """Beside a filter's field: the filters its source knows and the filter now, in words."""
    parts = []
    names = filter_names(source_key) if source_key else ""
    if names:
        parts.append(
            _("Filtrene for %(source)s: %(names)s.")
            % {"source": source_name(source_key), "names": names}
        )
    if source_key and wanted:
        parts.append(_("Nu: %(words)s.") % {"words": counted_text(source_key, wanted)})
    return " ".join(parts)


# The parser's proposals ---------------------------------------------------------------------

CONFIDENCE = {
    "high": gettext_lazy("høj"),
    "medium": gettext_lazy("middel: systemet har gættet mellem flere tal eller boligområder"),
    "low": gettext_lazy("lav: systemet genkendte ikke kriteriets form"),
}


def proposed_target(proposed: ProposedIndicator) -> str:
    """A proposal's target in words: "mindst 6", "Vapnagaard: mindst 4; Nøjsomhed: mindst 2",
    "mere end udgangspunktet", or "–"."""
    comparator = str(Comparator(proposed.comparator).label) if proposed.comparator else ""
    unit = proposed.unit or Unit.COUNT

    def target(value: float) -> str:
        return f"{comparator} {number(float(value), unit)}".strip()

    if proposed.targets_by_area:
        return "; ".join(
            f"{area}: {target(value)}" for area, value in proposed.targets_by_area.items()
        )
    if proposed.target is not None:
        return target(proposed.target)
    if comparator:
        return _("%(comparator)s udgangspunktet") % {"comparator": comparator}
    return "–"


def confidence_words(proposed: ProposedIndicator) -> str:
    return str(CONFIDENCE[proposed.confidence])


def status_rule() -> str:
    return _(
        "Et afsluttet år er nået eller ikke nået. Et år i gang er på vej, så længe tallet "
        "indtil nu højst er 15 % fra den forholdsmæssige del af målet (for antal: målet gange "
        "den del af perioden, der er gået; for andele og statistik: selve målet), ellers i "
        "risiko. Ingen data betyder, at intet er registreret eller indlæst, eller at kilden "
        "ikke findes endnu. Et ugentligt mål følges over de uger, der tæller (for "
        "hverdagsrådgivningen de uger, den var åben); årets tal er andelen af de uger, der "
        "nåede målet, og året er nået, når andelen er mindst den krævede andel af perioder: "
        "alle uger, medmindre bestyrelsen har godkendt en lavere andel i delaftalen. Det "
        "samme gælder mål pr. måned, kvartal og halvår. Det år, der sætter udgangspunktet "
        "for et kriterium, har status udgangspunkt: tallet måles, men året er hverken nået "
        "eller ikke nået."
    )


# The indicator's chart ----------------------------------------------------------------------


def _shared(values: list[float | None]) -> float | None:
    """The one value every line shares, or None: a chart draws a single reference line."""
    found = set(values)
    return found.pop() if len(found) == 1 else None


def chart(indicator: Indicator, board: Dashboard, scopes: list[Estate | None]) -> str:
    """The indicator's value year by year, one line per estate (or all together), with its
    target and baseline as reference lines where every line shares them; as SVG."""
    results = {
        scope: [board.results[(indicator.pk, scope.pk if scope else None, y)] for y in board.years]
        for scope in scopes
    }
    lines = [
        charts.Line(
            scope_name(scope),
            [charts.Point(str(r.year), r.value) for r in found],
            ("solid", "dashed", "dotted")[index % 3],
        )
        for index, (scope, found) in enumerate(results.items())
    ]
    targets = [r.target for found in results.values() for r in found]
    shared_target = _shared(targets)
    if shared_target is None:
        # Targets that differ by estate or year (the straight path's guides): one line each.
        lines += [
            charts.Line(
                _("Mål, %(scope)s") % {"scope": scope.name if scope else _("alle")},
                [charts.Point(str(r.year), r.target) for r in found],
                "dotted",
            )
            for scope, found in results.items()
            if any(r.target is not None for r in found)
        ]
    # A weekly (…) target's figure is the share of its weeks; a questionnaire's is its own.
    weekly = any(
        r.sub_results and r.required_share is not None for found in results.values() for r in found
    )
    title = str(indicator)
    if weekly:
        title = _("%(indicator)s: andelen af ugerne, der nåede målet") % {"indicator": title}
    return charts.line_chart(
        title=title,
        lines=lines,
        unit="%" if indicator.unit == Unit.PERCENT or weekly else "",
        target=shared_target,
        target_label=_("Mål"),
        baseline=_shared([found[-1].baseline for found in results.values()]),
        baseline_label=_("Udgangspunkt"),
    )
