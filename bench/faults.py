"""Fault suite: registrations survive a server killed with SIGKILL, none lost, none doubled.

For each database (SQLite in a temporary directory; PostgreSQL when ``--database-url`` names
a server, on which a throwaway database is created and dropped afterwards) it migrates,
starts the production server (``helhedsplan serve``, set up as in ``counselling_load.py``),
logs in one staff user per client and fires registrations through the ordinary form from
``--clients`` threads for ``--seconds``. Every registration carries its own idempotency key
(the form's hidden field) and is retried with the same key and body after a lost answer
(connection refused or reset, 5xx) until it is acknowledged (a redirect). At ``--kills``
random moments the whole server (gunicorn's master and workers, one process group) is
killed with SIGKILL and started again. Afterwards the acknowledged registrations are
reconciled with the stored rows; each database prints

    database=… acked=… stored=… lost=… duplicated=… unacked_stored=… retries=…
        acked_after_retry=… replayed=… refused=… gave_up=… kills=… restart_s_max=…

where ``lost`` counts acknowledged registrations missing from the database and
``duplicated`` the rows stored more than once for one registration. The goal is 0 and 0.

    python bench/faults.py [--clients 8] [--seconds 40] [--kills 5] [--workers 2]
        [--database-url postgres://user@127.0.0.1:5432/postgres] [--no-sqlite] [--seed N]
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import secrets
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

# The load bench's programme, users, browser, port and start-up wait: one set-up and one
# client for every bench that drives the registration form.
from counselling_load import (
    HELHEDSPLAN,
    KEY_FIELD,
    PASSWORD,
    PROGRAMME,
    SETUP,
    SLUG,
    Client,
    free_port,
    wait_for,
)
from counselling_load import environment as server_environment

ROOT = Path(__file__).resolve().parent.parent
MARKER = "faults"
# Answers after which a client sends the same registration again: no answer at all (the
# server died or is restarting) or a server error.
RETRIED = {0, 500, 502, 503, 504}
# How long a client goes on retrying its last registration after the run's end: long enough
# for a restart on a busy machine.
GRACE_SECONDS = 300


@dataclass
class Database:
    """A throwaway database for one run and how to read it without the application."""

    kind: str
    data_dir: Path
    url: str | None = None

    def environment(self, port: int) -> dict[str, str]:
        return server_environment(self.data_dir, port, self.url)

    def rows(self, sql: str) -> list[tuple]:
        if self.kind == "sqlite":
            database = sqlite3.connect(self.data_dir / "helhedsplan.sqlite3")
            try:
                return database.execute(sql).fetchall()
            finally:
                database.close()
        import psycopg

        with psycopg.connect(self.url) as database:
            return database.execute(sql).fetchall()


@contextmanager
def throwaway_database(kind: str, server_url: str | None) -> Iterator[Database]:
    """SQLite in a temporary directory, or a new database on the PostgreSQL server of
    ``server_url`` (dropped afterwards; the URL's own database is only used to create it)."""
    with tempfile.TemporaryDirectory(prefix=f"helhedsplan-{kind}-") as tmp:
        if kind == "sqlite":
            yield Database(kind, Path(tmp))
            return
        import psycopg

        assert server_url is not None
        name = f"helhedsplan_bench_{secrets.token_hex(4)}"
        with psycopg.connect(server_url, autocommit=True) as admin:
            admin.execute(f"CREATE DATABASE {name}")
        parts = urlsplit(server_url)
        try:
            yield Database(kind, Path(tmp), urlunsplit(parts._replace(path=f"/{name}")))
        finally:
            with psycopg.connect(server_url, autocommit=True) as admin:
                admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def prepare(database: Database, env: dict[str, str], clients: int) -> None:
    """Migrate, collect the static files and make the programme and one user per client."""

    def manage(*command: str) -> None:
        done = subprocess.run(
            [*HELHEDSPLAN, "manage", *command], env=env, capture_output=True, text=True
        )
        if done.returncode != 0:
            sys.exit(f"manage {command[0]} failed:\n{done.stderr}")

    manage("migrate", "--no-input")
    manage("collectstatic", "--no-input")
    manage("shell", "-c", SETUP.format(programme=PROGRAMME, clients=clients, password=PASSWORD))


class Server:
    """``helhedsplan serve`` in a process group of its own, so that SIGKILL takes gunicorn's
    master and its workers at once, as a crash of the machine would."""

    def __init__(self, env: dict[str, str], port: int, workers: int, log: Path) -> None:
        self.env, self.port, self.workers, self.log = env, port, workers, log
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        with self.log.open("a") as log:
            self.process = subprocess.Popen(
                [*HELHEDSPLAN, "serve", "--workers", str(self.workers)],
                env=self.env,
                stdout=subprocess.DEVNULL,
                stderr=log,
                start_new_session=True,
            )
        wait_for(self.port, self.process, timeout=GRACE_SECONDS)

    def kill(self) -> None:
        assert self.process is not None
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.kill()


@dataclass
class Ledger:
    acked: list[str] = field(default_factory=list)
    acked_at: dict[str, float] = field(default_factory=dict)
    refused: dict[int, int] = field(default_factory=dict)
    gave_up: int = 0
    retries: int = 0
    # Acknowledged only after a lost answer; of those, how many the server answered with the
    # first request's stored answer (the first attempt had written before the kill).
    acked_after_retry: int = 0
    replayed: int = 0
    # Set to end the load before its deadline (bench/backup.py ends it after the backup).
    stop: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)


def register_until_acked(
    client: Client, form: dict, marker: str, sent: int, give_up_at: float, ledger: Ledger
) -> None:
    """One registration with its own key, sent again with the same key and body until the
    server acknowledges it."""
    data = {
        "csrfmiddlewaretoken": form["csrfmiddlewaretoken"],
        KEY_FIELD: secrets.token_urlsafe(18),
        "estate": form["estate"],
        "channel": "drop_in",
        "method": "conversation",
        "occurred_at": time.strftime("%Y-%m-%dT%H:%M"),
        "topics": form["topics"][: 1 + sent % 3],
        "bridged_to": form["bridged_to"][: sent % 3],
        "note": marker,
    }
    attempts = 0
    while True:
        attempts += 1
        try:
            status, _text = client.request("POST", f"/counselling/{SLUG}/new/", data)
        except (OSError, http.client.HTTPException):
            status = 0
        if 300 <= status < 400:
            with ledger.lock:
                ledger.acked.append(marker)
                ledger.acked_at[marker] = time.monotonic()
                ledger.acked_after_retry += attempts > 1
                ledger.replayed += client.replayed
            return
        if status not in RETRIED:
            with ledger.lock:
                ledger.refused[status] = ledger.refused.get(status, 0) + 1
            return
        if time.monotonic() > give_up_at:
            with ledger.lock:
                ledger.gave_up += 1
            return
        with ledger.lock:
            ledger.retries += 1
        time.sleep(0.05 if status else 0.1)


def client_loop(client: Client, number: int, deadline: float, ledger: Ledger, form: dict) -> None:
    sent = 0
    while time.monotonic() < deadline and not ledger.stop.is_set():
        marker = f"{MARKER} c{number} r{sent}"
        register_until_acked(client, form, marker, sent, deadline + GRACE_SECONDS, ledger)
        sent += 1


def start_load(server: Server, clients: int, seconds: float, ledger: Ledger):
    """Log the clients in and start their threads; the threads and the deadline."""
    logged_in = [Client(server.port, f"staff{n}") for n in range(clients)]
    forms = []
    for client in logged_in:
        client.log_in()
        forms.append(client.form())
    deadline = time.monotonic() + seconds
    threads = [
        threading.Thread(target=client_loop, args=(client, n, deadline, ledger, forms[n]))
        for n, client in enumerate(logged_in)
    ]
    for thread in threads:
        thread.start()
    return threads, deadline


def stored_per_marker(database: Database) -> dict[str, int]:
    return dict(
        database.rows(
            "SELECT note, COUNT(*) FROM counselling_inquiry "
            f"WHERE note LIKE '{MARKER} %' GROUP BY note"
        )
    )


def run_faults(kind: str, args: argparse.Namespace, rng: random.Random) -> bool:
    with throwaway_database(kind, args.database_url) as database:
        port = free_port()
        env = database.environment(port)
        prepare(database, env, args.clients)
        server = Server(env, port, args.workers, database.data_dir / "server.log")
        server.start()
        ledger = Ledger()
        kills = sorted(rng.uniform(0.1, 0.9) * args.seconds for _kill in range(args.kills))
        try:
            threads, deadline = start_load(server, args.clients, args.seconds, ledger)
            started = deadline - args.seconds
            restarts = []
            for moment in kills:
                time.sleep(max(0.0, started + moment - time.monotonic()))
                server.kill()
                down = time.monotonic()
                server.start()
                restarts.append(time.monotonic() - down)
            for thread in threads:
                thread.join()
        finally:
            server.stop()
        stored = stored_per_marker(database)
        if ledger.refused or ledger.gave_up:
            # What the server said about the requests that failed.
            print(server.log.read_text()[-3000:], file=sys.stderr)
    acked = set(ledger.acked)
    lost = sum(1 for marker in acked if marker not in stored)
    duplicated = sum(count - 1 for count in stored.values() if count > 1)
    unacked_stored = sum(1 for marker in stored if marker not in acked)
    refused = ",".join(f"{status}:{n}" for status, n in sorted(ledger.refused.items())) or "0"
    print(
        f"database={kind} acked={len(acked)} stored={sum(stored.values())} lost={lost} "
        f"duplicated={duplicated} unacked_stored={unacked_stored} retries={ledger.retries} "
        f"acked_after_retry={ledger.acked_after_retry} replayed={ledger.replayed} "
        f"refused={refused} gave_up={ledger.gave_up} kills={len(kills)} "
        f"restart_s_max={max(restarts, default=0):.1f}",
        flush=True,
    )
    return lost == 0 and duplicated == 0 and not ledger.refused and ledger.gave_up == 0


def arguments(description: str) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=40)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--database-url",
        help="a PostgreSQL server (any database on it) to run on as well: a throwaway "
        "database is created there and dropped afterwards",
    )
    parser.add_argument("--no-sqlite", action="store_true", help="run on PostgreSQL only")
    parser.add_argument("--seed", type=int, help="for the random moments (default: random)")
    return parser


def kinds(args: argparse.Namespace) -> list[str]:
    chosen = [] if args.no_sqlite else ["sqlite"]
    return [*chosen, "postgresql"] if args.database_url else chosen


def main() -> int:
    parser = arguments(__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=5)
    args = parser.parse_args()
    seed = args.seed if args.seed is not None else secrets.randbelow(2**32)
    print(f"seed={seed} clients={args.clients} seconds={args.seconds} kills={args.kills}")
    rng = random.Random(seed)
    results = [run_faults(kind, args, rng) for kind in kinds(args)]
    return 0 if results and all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
