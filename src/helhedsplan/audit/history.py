"""History records that copy many-to-many links as plain values.

django-simple-history copies a model's many-to-many links into its historical record by
reading the link rows with every related object joined and instantiated, only to take their
ids. For models registered on the hot path (an inquiry is registered many times an hour from
phones), reading the ids alone halves the cost of writing the record; what is stored is the
same.
"""

from __future__ import annotations

import functools
from typing import Any

from django.db.models import Model
from simple_history import utils
from simple_history.models import HistoricalRecords


class HistoricalRecordsWithLeanLinks(HistoricalRecords):
    def create_historical_record_m2ms(self, history_instance, instance) -> None:
        for field in history_instance._history_m2m_fields:
            history_model = self.m2m_models[field]
            through = getattr(instance, field.name).through
            columns = [f.attname for f in through._meta.fields]
            rows = through.objects.filter(**{utils.get_m2m_field_name(field): instance})
            history_model.objects.bulk_create(
                history_model(history=history_instance, **row) for row in rows.values(*columns)
            )


@functools.cache
def history_model(model: type[Model]) -> type[Any]:
    """The model of ``model``'s history records. Its own manager is used for reading:
    django-simple-history's ``history`` descriptor builds a new manager class on every use,
    which costs more than the queries of a page.

    Typed as ``Any``: django-simple-history builds these models when the apps load, with
    fields (``history_date``, ``history_object``, …) that no type checker can see."""
    return utils.get_history_model_for_model(model)
