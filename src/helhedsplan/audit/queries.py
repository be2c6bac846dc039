"""Reads of the audit trail."""

from __future__ import annotations

import heapq
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from simple_history.utils import get_history_manager_for_model

from helhedsplan.accounts import access
from helhedsplan.accounts.models import Role
from helhedsplan.core.audit_registry import AuditedModel, audited_models

ACTIONS = {"+": "created", "~": "changed", "-": "deleted"}


@dataclass(frozen=True)
class Change:
    field: str
    old: Any
    new: Any


@dataclass(frozen=True)
class AuditEntry:
    when: datetime
    who: str
    action: str
    model_name: str
    object_repr: str
    changes: list[Change]


def _records_for(entry: AuditedModel, user: access.User):
    records = get_history_manager_for_model(entry.model).select_related("history_user")
    if access.is_superuser(user):
        return records
    administered = set(
        access.programmes_with_role(user, {Role.ADMINISTRATOR}).values_list("pk", flat=True)
    )
    return entry.scope(records, administered)


def _changes(record) -> list[Change]:
    previous = record.prev_record
    if record.history_type != "~" or previous is None:
        return []
    delta = record.diff_against(previous)
    return [Change(field=c.field, old=c.old, new=c.new) for c in delta.changes]


def audit_trail(
    *, user: access.User, model_label: str | None = None, limit: int = 100
) -> list[AuditEntry]:
    """The newest ``limit`` changes the user may read, across every audited model."""
    entries = [e for e in audited_models() if model_label is None or e.label == model_label]
    streams = [_records_for(entry, user).order_by("-history_date")[:limit] for entry in entries]
    newest = heapq.nlargest(
        limit, (record for stream in streams for record in stream), key=lambda r: r.history_date
    )
    return [
        AuditEntry(
            when=record.history_date,
            who=str(record.history_user) if record.history_user else "",
            action=ACTIONS[record.history_type],
            model_name=str(record.instance_type._meta.verbose_name),
            object_repr=str(record.history_object),
            changes=_changes(record),
        )
        for record in newest
    ]
