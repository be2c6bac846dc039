"""Core's background tasks, run by ``helhedsplan worker``."""

from __future__ import annotations

from django_tasks import task

from helhedsplan.core import services


@task()
def clean_up_staged_imports() -> int:
    return services.staged_imports_clean_up()


@task()
def prune_task_results() -> int:
    return services.task_history_prune()


@task()
def prune_idempotency_keys() -> int:
    return services.idempotency_keys_prune()
