"""The privacy lifecycle's scheduled job, run by ``helhedsplan worker``."""

from __future__ import annotations

from django_tasks import task

from helhedsplan.privacy import services


@task()
def erase_due() -> dict[str, int]:
    """Erases who is past their register's retention or withdrew their consent; returns the
    counts per register (never names: a task's result is kept in the database)."""
    erased: dict[str, int] = {}
    for run in services.erase_due():
        erased[run.register] = erased.get(run.register, 0) + run.retention + run.withdrawal
    return erased
