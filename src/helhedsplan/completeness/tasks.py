"""The cockpit's scheduled job, run by ``helhedsplan worker``."""

from __future__ import annotations

import dataclasses
import datetime

from django_tasks import task

from helhedsplan.completeness import services

# From Saturday 1 January 2000 (``core.schedule.EPOCH``) to Monday 07:00 UTC, an hour after
# the panels' digest.
DIGEST_OFFSET = datetime.timedelta(days=2, hours=7)


@task()
def send_digests() -> dict[str, int]:
    """E-mails each responsible person their estates' gaps; returns the counts only."""
    return dataclasses.asdict(services.digests_send())
