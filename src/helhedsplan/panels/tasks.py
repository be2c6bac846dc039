"""The resident panels' scheduled job, run by ``helhedsplan worker``."""

from __future__ import annotations

import dataclasses
import datetime

from django_tasks import task

from helhedsplan.panels import services

# From Saturday 1 January 2000 (``core.schedule.EPOCH``) to Monday 06:00 UTC.
DIGEST_OFFSET = datetime.timedelta(days=2, hours=6)


@task()
def send_action_digests() -> dict[str, int]:
    """E-mails each owner their open actions; returns the counts only (a task's result is
    kept in the database)."""
    return dataclasses.asdict(services.action_digests_send())
