"""Changes the audit app makes: the purge of old sign-in records, and the redaction of
personal data typed into a text that the audit trail keeps."""

from __future__ import annotations

import datetime
from typing import Any

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from helhedsplan.audit.history import history_model
from helhedsplan.audit.models import Redaction

# Who logged in when, and from where, is personal data: it is kept long enough to look into a
# misuse noticed weeks later, and no longer.
SIGN_IN_RETENTION = datetime.timedelta(days=90)


def sign_ins_purge(*, now: datetime.datetime | None = None) -> int:
    """Deletes the logins, failed attempts and lock-out counters older than the retention;
    returns how many. Idempotent, so any worker may run it at any time."""
    threshold = (now or timezone.now()) - SIGN_IN_RETENTION
    purged = 0
    for model in (AccessLog, AccessFailureLog, AccessAttempt):
        _total, by_model = model.objects.filter(attempt_time__lt=threshold).delete()
        purged += by_model.get(model._meta.label, 0)
    return purged


# Redaction ---------------------------------------------------------------------------------

# What a redacted text reads in every history record that held it.
REDACTED = "[fjernet]"


def text_fields(record: Any) -> list[models.Field]:
    """The free-text fields of a history record that hold text: what a person typed, and so
    what can hold personal data (never a choice's code)."""
    return [
        field
        for field in record.tracked_fields
        if isinstance(field, models.CharField | models.TextField)
        and field.editable
        and not field.primary_key
        and not field.choices
        and getattr(record, field.attname) not in ("", None, _marker(field))
    ]


def redaction_kind(model: type[models.Model]) -> int:
    """How the redaction's address names an audited model: its content type, a number, so
    that no page shows a model's code."""
    return ContentType.objects.get_for_model(model).pk


def _marker(field: models.Field) -> str:
    return REDACTED[: field.max_length] if field.max_length else REDACTED


@transaction.atomic
def history_redact(
    *, model: type[models.Model], history_id: int, fields: list[str], reason: str, by: User
) -> Redaction:
    """Replace the text of ``fields`` of one history record of ``model`` by a marker in every
    history record of the same object that holds that text, and record who did it, when and
    why. The live object must no longer hold the text: correct it first, or the next change
    would copy it into the trail again."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Skriv hvorfor indholdet fjernes.")})
    records = history_model(model)._default_manager
    record = records.select_for_update().get(history_id=history_id)
    key = model._meta.pk.attname
    object_pk = getattr(record, key)
    chosen = [field for field in text_fields(record) if field.name in fields]
    if not chosen or len(chosen) != len(set(fields)):
        raise ValidationError({"fields": _("Vælg de felter, hvis tekst skal fjernes.")})
    live = model._default_manager.filter(pk=object_pk).first()
    changed = 0
    for field in chosen:
        text = getattr(record, field.attname)
        if live is not None and getattr(live, field.attname) == text:
            raise ValidationError(
                {
                    "fields": _(
                        "%(field)s står stadig med den tekst. Ret den først, og fjern så "
                        "teksten fra historikken."
                    )
                    % {"field": capfirst(field.verbose_name)}
                }
            )
        changed += records.filter(**{key: object_pk, field.attname: text}).update(
            **{field.attname: _marker(field)}
        )
    redaction = Redaction(
        model_label=model._meta.label_lower,
        object_pk=str(object_pk),
        history_id=history_id,
        fields=[field.name for field in chosen],
        records=changed,
        reason=reason,
        redacted_by=by,
    )
    redaction.full_clean()
    redaction.save()
    return redaction
