"""Statistics files as a staged import (``core.staging``).

The file is read once, when it is uploaded, and its rows are stored as JSON naming series
and estates by id; the preview and the confirmation work with the rows rebuilt from it. A
series or estate deleted in between makes the upload stale: it must be uploaded again.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from helhedsplan.core.staging import Importer, Target
from helhedsplan.programmes.models import Estate, Programme
from helhedsplan.series.importers import (
    MAX_FILE_BYTES,
    ImportFileError,
    ParsedRow,
    Period,
    parse_observations,
)
from helhedsplan.series.models import Series

KIND = "series.observations"
# The code of the errors that name a row of the file, as opposed to the file as a whole.
ROW_ERROR = "row"


def parse(data: bytes, name: str, target: Target) -> list[dict[str, Any]]:
    """Every row of the file as JSON, or a ValidationError with every row's problems (each
    coded ``ROW_ERROR``) or the reason the file cannot be read at all."""
    programme = Programme.objects.get(pk=target["programme"])
    try:
        parsed = parse_observations(programme, name, data)
    except ImportFileError as error:
        raise ValidationError(str(error), code="unreadable") from error
    if parsed.errors:
        raise ValidationError([ValidationError(e, code=ROW_ERROR) for e in parsed.errors])
    return [_row_json(row) for row in parsed.rows]


def _row_json(row: ParsedRow) -> dict[str, Any]:
    return {
        "number": row.number,
        "series": row.series.pk,
        "scope": row.scope,
        "estate": row.estate.pk if row.estate else None,
        "period_start": row.period.start.isoformat(),
        "period_label": row.period.label,
        "value": str(row.value),
        "respondents": row.respondents,
        "source_note": row.source_note,
        "observed_on": row.observed_on.isoformat() if row.observed_on else None,
    }


def rebuild(parsed: list[dict[str, Any]], target: Target) -> list[ParsedRow]:
    series = Series.objects.filter(programme=target["programme"]).select_related("programme")
    estates = Estate.objects.filter(programme=target["programme"]).select_related("programme")
    series_by_id, estates_by_id = series.in_bulk(), estates.in_bulk()
    try:
        return [_row(data, series_by_id, estates_by_id) for data in parsed]
    except KeyError as error:
        raise ValidationError(
            _("Filen kunne ikke længere læses. Upload den igen."), code="stale"
        ) from error


def _row(data: dict[str, Any], series: dict[int, Series], estates: dict[int, Estate]) -> ParsedRow:
    return ParsedRow(
        number=data["number"],
        series=series[data["series"]],
        scope=data["scope"],
        estate=estates[data["estate"]] if data["estate"] is not None else None,
        period=Period(datetime.date.fromisoformat(data["period_start"]), data["period_label"]),
        value=Decimal(data["value"]),
        respondents=data["respondents"],
        source_note=data["source_note"],
        observed_on=(
            datetime.date.fromisoformat(data["observed_on"]) if data["observed_on"] else None
        ),
    )


IMPORTER = Importer(kind=KIND, parse=parse, rebuild=rebuild, max_bytes=MAX_FILE_BYTES)
