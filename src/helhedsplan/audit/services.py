"""Changes the audit app makes: the purge of old sign-in records."""

from __future__ import annotations

import datetime

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.utils import timezone

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
