"""The scheduled jobs the worker enqueues when they are due.

An app registers its jobs in its ``AppConfig.ready``: a task (``django_tasks``' ``@task``,
taking no arguments) and how often it runs. Time is cut into slots of that length, counted
from midnight UTC on 1 January 2000; a job is due once in each slot, and
``services.scheduled_jobs_enqueue`` enqueues it at most once per slot however many workers
or cron lines ask. An ``offset`` moves the slots' start: a weekly job with an offset of two
days and six hours runs from Monday 06:00 UTC (1 January 2000 was a Saturday). A job must
be idempotent: a slot missed while no worker ran is not made up, the next slot runs it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django_tasks.base import Task

EPOCH = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)


@dataclass(frozen=True)
class Job:
    name: str
    task: Task[[], Any]
    every: datetime.timedelta
    offset: datetime.timedelta = datetime.timedelta(0)

    def slot(self, now: datetime.datetime) -> datetime.datetime:
        """The start of the slot ``now`` falls in."""
        start = EPOCH + self.offset
        return start + (now - start) // self.every * self.every


_jobs: dict[str, Job] = {}


def register(
    *,
    name: str,
    task: Task[[], Any],
    every: datetime.timedelta,
    offset: datetime.timedelta = datetime.timedelta(0),
) -> None:
    _jobs[name] = Job(name=name, task=task, every=every, offset=offset)


def jobs() -> list[Job]:
    return sorted(_jobs.values(), key=lambda job: job.name)
