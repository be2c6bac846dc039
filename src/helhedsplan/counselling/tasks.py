"""Counselling's background tasks, run by ``helhedsplan worker``."""

from __future__ import annotations

from django_tasks import task

from helhedsplan.counselling import services


@task()
def purge_bookings() -> int:
    return services.bookings_purge()
