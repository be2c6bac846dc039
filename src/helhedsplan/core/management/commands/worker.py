"""``helhedsplan worker``: run the background tasks and enqueue the scheduled jobs when due.

Run one or more beside the web servers (a systemd unit, see the README). ``--batch`` does one
round and stops, for cron and for tests.
"""

from __future__ import annotations

import time
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand
from django.db import close_old_connections
from django.utils.crypto import get_random_string
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS
from django_tasks_db.management.commands.db_worker import Worker, valid_interval

from helhedsplan.core import services


class ScheduledWorker(Worker):
    """django_tasks_db's worker, in rounds: each round enqueues the scheduled jobs that are
    due, then runs every task that is ready (the inherited loop in batch mode)."""

    def __init__(self, *, interval: float, once: bool) -> None:
        super().__init__(
            queue_names=["*"],
            excluded_queue_names=[],
            interval=interval,
            batch=True,
            backend_name=DEFAULT_TASK_BACKEND_ALIAS,
            startup_delay=False,
            max_tasks=None,
            worker_id=get_random_string(32),
        )
        self.once = once

    def run(self) -> None:
        while self.running:
            close_old_connections()
            services.scheduled_jobs_enqueue()
            super().run()
            if self.once:
                return
            time.sleep(self.interval)


class Command(BaseCommand):
    help = "Run the background tasks, and enqueue the scheduled jobs when they are due."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--batch",
            action="store_true",
            help="enqueue the jobs that are due, run every waiting task, then stop (for cron)",
        )
        parser.add_argument(
            "--interval",
            type=valid_interval,
            default=1.0,
            help="seconds to wait between rounds (default: 1)",
        )

    def handle(self, *args: Any, batch: bool, interval: float, **options: Any) -> None:
        worker = ScheduledWorker(interval=interval, once=batch)
        if not batch:
            # SIGTERM (systemd, the demo) and Ctrl+C let the running task finish first.
            worker.configure_signals()
        worker.run()
