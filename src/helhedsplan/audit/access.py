"""Who may redact which history record: asks ``accounts.access`` about ``REDACT_HISTORY`` in
the programme the record belongs to (as the audit registry scopes it)."""

from __future__ import annotations

from helhedsplan.accounts import access
from helhedsplan.accounts.permissions import Action
from helhedsplan.audit.history import history_model
from helhedsplan.core.audit_registry import AuditedModel


def may_redact_anywhere(user: access.User) -> bool:
    return access.may_anywhere(user, Action.REDACT_HISTORY)


def may_redact(user: access.User, entry: AuditedModel, history_id: int) -> bool:
    if not may_redact_anywhere(user):
        return False
    records = history_model(entry.model)._default_manager.filter(history_id=history_id)
    if not access.is_superuser(user):
        programmes = access.programmes_where(user, Action.REDACT_HISTORY)
        records = entry.scope(records, set(programmes.values_list("pk", flat=True)))
    return records.exists()
