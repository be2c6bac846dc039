"""The daily booking purge inside the server, for installations without cron.

``post_worker_init`` is a gunicorn server hook: each worker process purges once when it
starts and then every ``PURGE_INTERVAL`` in a daemon thread. The thread lives in the worker,
not the master, because threads and fork() do not mix; with several workers the purge runs
several times, which is harmless because it is idempotent (one UPDATE of the rows not yet
purged). ``helhedsplan purge-bookings`` from cron does the same without a server.
"""

from __future__ import annotations

import logging
import threading

from django.db import close_old_connections, connection

from helhedsplan.counselling import services

logger = logging.getLogger(__name__)

# Hourly rather than daily: a worker started at 23:59 must not wait a day for its first run.
PURGE_INTERVAL = 3600.0


def _purge_once() -> None:
    close_old_connections()
    try:
        services.bookings_purge()
    except Exception:
        # A locked or unreachable database must not kill the thread; the next run retries.
        logger.exception("Purging counselling bookings failed")
    finally:
        connection.close()


def _purge_forever(stop: threading.Event) -> None:
    while True:
        _purge_once()
        if stop.wait(PURGE_INTERVAL):
            return


def start_purging() -> threading.Event:
    """Start the purge thread; setting the returned event stops it."""
    stop = threading.Event()
    threading.Thread(
        target=_purge_forever, args=(stop,), name="purge-bookings", daemon=True
    ).start()
    return stop


def post_worker_init(worker) -> None:
    """gunicorn hook, set in the server's ``load_config`` as
    ``self.cfg.set("post_worker_init", "helhedsplan.counselling.scheduler.post_worker_init")``.
    """
    start_purging()
