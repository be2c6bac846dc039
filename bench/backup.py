"""Backup suite: a backup taken while registrations run restores every acknowledged row.

For each database (SQLite in a temporary directory; PostgreSQL when ``--database-url`` names
a server, on which a throwaway database is created and dropped afterwards) it starts the
production server and the registration load of ``faults.py`` (clients retrying with their
idempotency keys), runs ``helhedsplan backup FILE`` halfway through ``--seconds`` while the
load goes on, stops the load and the server, reads the tables the registrations write, runs
``helhedsplan restore FILE`` and reads them again. Every registration acknowledged before the
backup began must be in the restored database, and every restored row must be identical to
the row the live database held (counts and SHA-256 checksums of the restored rows per table,
against the same rows read before the restore). Each database prints

    database=… acked_before_backup=… acked=… missing=… rows_live=… rows_restored=…
        mismatched=… checksum=ok backup_s=… backup_bytes=…

The goal is ``missing=0 mismatched=0 checksum=ok``.

    python bench/backup.py [--clients 8] [--seconds 30] [--workers 2]
        [--database-url postgres://user@127.0.0.1:5432/postgres] [--no-sqlite] [--seed N]
"""

from __future__ import annotations

import argparse
import hashlib
import random
import secrets
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from faults import (
    HELHEDSPLAN,
    MARKER,
    Database,
    Ledger,
    Server,
    arguments,
    free_port,
    kinds,
    prepare,
    start_load,
    throwaway_database,
)

# What a registration writes, each table read with its whole rows in a fixed order.
TABLES = {
    "counselling_inquiry": "SELECT * FROM counselling_inquiry ORDER BY id",
    "counselling_inquiry_topics": "SELECT * FROM counselling_inquiry_topics ORDER BY id",
    "counselling_inquiry_bridged_to": "SELECT * FROM counselling_inquiry_bridged_to ORDER BY id",
    "core_idempotencykey": "SELECT id, user_id, key, status, location FROM core_idempotencykey "
    "ORDER BY id",
}


def read_tables(database: Database) -> dict[str, dict[object, str]]:
    """Each table's rows by id, as text (the same on both databases' drivers)."""
    return {
        table: {row[0]: repr(tuple(str(value) for value in row)) for row in database.rows(sql)}
        for table, sql in TABLES.items()
    }


def checksum(rows: list[str]) -> str:
    return hashlib.sha256("\n".join(sorted(rows)).encode()).hexdigest()


def run_backup(kind: str, args: argparse.Namespace, rng: random.Random) -> bool:
    with throwaway_database(kind, args.database_url) as database:
        port = free_port()
        env = database.environment(port)
        prepare(database, env, args.clients)
        server = Server(env, port, args.workers, database.data_dir / "server.log")
        server.start()
        ledger = Ledger()
        file = database.data_dir / "helhedsplan.backup"
        try:
            # The load runs until a while after the backup, however long the backup takes.
            threads, _deadline = start_load(server, args.clients, 24 * 3600, ledger)
            time.sleep(rng.uniform(0.4, 0.6) * args.seconds)
            backup_started = time.monotonic()
            subprocess.run([*HELHEDSPLAN, "backup", str(file)], env=env, check=True)
            backup_seconds = time.monotonic() - backup_started
            time.sleep(args.seconds / 2)
            ledger.stop.set()
            for thread in threads:
                thread.join()
        finally:
            server.stop()
        live = read_tables(database)
        subprocess.run([*HELHEDSPLAN, "restore", str(file)], env=env, check=True)
        restored = read_tables(database)
        restored_notes = {
            note
            for (note,) in database.rows(
                f"SELECT note FROM counselling_inquiry WHERE note LIKE '{MARKER} %'"
            )
        }
        backup_bytes = file.stat().st_size
    acked_before = {marker for marker, at in ledger.acked_at.items() if at < backup_started}
    missing = len(acked_before - restored_notes)
    mismatched = sum(
        1
        for table, rows in restored.items()
        for row_id, row in rows.items()
        if live[table].get(row_id) != row
    )
    same_sums = all(
        checksum(list(rows.values()))
        == checksum([live[table][row_id] for row_id in rows if row_id in live[table]])
        for table, rows in restored.items()
    )
    print(
        f"database={kind} acked_before_backup={len(acked_before)} acked={len(ledger.acked)} "
        f"missing={missing} rows_live={sum(map(len, live.values()))} "
        f"rows_restored={sum(map(len, restored.values()))} mismatched={mismatched} "
        f"checksum={'ok' if same_sums else 'differs'} backup_s={backup_seconds:.2f} "
        f"backup_bytes={backup_bytes}",
        flush=True,
    )
    return missing == 0 and mismatched == 0 and same_sums and bool(acked_before)


def main() -> int:
    parser = arguments(__doc__.splitlines()[0])
    parser.set_defaults(seconds=30)
    args = parser.parse_args()
    seed = args.seed if args.seed is not None else secrets.randbelow(2**32)
    print(f"seed={seed} clients={args.clients} seconds={args.seconds}")
    rng = random.Random(seed)
    results = [run_backup(kind, args, rng) for kind in kinds(args)]
    return 0 if results and all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
