"""The grant pools' scheduled job, run by ``helhedsplan worker``."""

from __future__ import annotations

import dataclasses

from django_tasks import task

from helhedsplan.grants import services


@task()
def remind_overdue_reports() -> dict[str, int]:
    """Reminds the contacts of overdue reports by e-mail (at most once a week each); returns
    the counts only (a task's result is kept in the database)."""
    return dataclasses.asdict(services.report_reminders_send())
