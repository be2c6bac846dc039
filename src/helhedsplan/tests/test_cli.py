"""The ``helhedsplan`` command as a person runs it: in a process of its own."""

from __future__ import annotations

import logging
import os
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from contextlib import closing
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from helhedsplan import cli
from helhedsplan.accounts.demo import DEMO_USERS
from helhedsplan.accounts.models import Membership
from helhedsplan.indicators.models import Indicator
from helhedsplan.programmes.models import Estate

HELHEDSPLAN = [sys.executable, "-m", "helhedsplan.cli"]


def _env(data_dir: Path) -> dict[str, str]:
    unset = {"DATABASE_URL", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {k: v for k, v in os.environ.items() if k not in unset}
    env["HELHEDSPLAN_DATA_DIR"] = str(data_dir)
    env["PYTHONUNBUFFERED"] = "1"
    return env


def _helhedsplan(*args: str, data_dir: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*HELHEDSPLAN, *args],
        env=_env(data_dir),
        capture_output=True,
        text=True,
        timeout=300,
    )


def _counts(database: Path) -> tuple[int, ...]:
    """The users, estates and memberships in the demo's database, read from its file."""
    tables = (get_user_model()._meta.db_table, Estate._meta.db_table, Membership._meta.db_table)
    with closing(sqlite3.connect(database)) as reader:
        return tuple(
            reader.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in tables
        )


def _set_definition(database: Path, code: str, source_filter: str) -> None:
    with closing(sqlite3.connect(database)) as writer, writer:
        writer.execute(
            f"UPDATE {Indicator._meta.db_table} SET source_filter = ? WHERE code = ?",
            (source_filter, code),
        )


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# How long the demo may take to load and answer: a liveness bound, not a measure of speed
# (about a minute on an idle machine; the suite's other worker runs beside it).
def _wait_for(url: str, process: subprocess.Popen, log: Path, seconds: float = 240) -> bytes:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the server stopped: {log.read_text()}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return response.read()
        except OSError:
            time.sleep(0.3)
    pytest.fail(f"{url} did not answer within {seconds} s")


# One demo proves the README's first command: loading the demo takes most of the time.
def test_demo_prints_its_users_serves_a_danish_login_page_and_can_run_again(
    tmp_path: Path,
) -> None:
    data_dir, log = tmp_path / "data", tmp_path / "demo.log"
    port = _free_port()
    with log.open("w") as output:
        process = subprocess.Popen(
            [*HELHEDSPLAN, "demo", "--port", str(port), "--data-dir", str(data_dir)],
            env=_env(data_dir),
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        page = _wait_for(f"http://127.0.0.1:{port}/accounts/login/", process, log).decode()
        assert '<html lang="da">' in page
        assert "Log ind" in page
        with urllib.request.urlopen(
            f"http://127.0.0.1:{port}/static/helhedsplan/app.css", timeout=5
        ) as stylesheet:
            assert stylesheet.status == 200
        printed = log.read_text()
        for user in DEMO_USERS:
            assert f"{user.username}" in printed and user.password in printed
        database = data_dir / "helhedsplan.sqlite3"
        assert database.exists()
        before = _counts(database)

        second = _helhedsplan("demo", "--no-serve", data_dir=data_dir)
        assert second.returncode == 0, second.stderr
        assert _counts(database) == before == (len(DEMO_USERS), 2, len(DEMO_USERS))
        assert "Updated the demo's indicators" not in second.stdout

        # A data directory an earlier version made: K4 as it was first defined.
        _set_definition(database, "K4", '{"venue": "Kulturhus Syd", "status": "held"}')
        third = _helhedsplan("demo", "--no-serve", data_dir=data_dir)
        assert third.returncode == 0, third.stderr
        assert (
            "Updated the demo's indicators to the current definitions: K4 (source_filter)."
            in third.stdout
        )
        assert _counts(database) == before
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_unknown_commands_are_refused_with_the_list(tmp_path: Path) -> None:
    result = _helhedsplan("frobnicate", data_dir=tmp_path)
    assert result.returncode == 2
    assert "demo" in result.stdout and "createuser" in result.stdout


def test_serve_keeps_the_keys_of_addresses_out_of_the_access_log() -> None:
    access = logging.getLogger("gunicorn.access")
    cli.keep_keys_out_of_access_log()
    cli.keep_keys_out_of_access_log()
    record = access.makeRecord(
        "gunicorn.access", logging.INFO, "", 0, '"GET %s HTTP/1.1" 200', ("/feeds/k3y/x.ics",), None
    )
    assert access.filter(record)
    assert record.getMessage() == '"GET /feeds/…/x.ics HTTP/1.1" 200'
    assert len(access.filters) == 1
