"""The audit app's background tasks, run by ``helhedsplan worker``."""

from __future__ import annotations

from django_tasks import task

from helhedsplan.audit import services


@task()
def purge_sign_ins() -> int:
    return services.sign_ins_purge()
