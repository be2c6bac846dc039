"""The ``helhedsplan`` command as a person runs it: in a process of its own."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from helhedsplan.accounts.demo import DEMO_USERS


def _env(data_dir: Path) -> dict[str, str]:
    unset = {"DATABASE_URL", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {k: v for k, v in os.environ.items() if k not in unset}
    env["HELHEDSPLAN_DATA_DIR"] = str(data_dir)
    return env


def _helhedsplan(*args: str, data_dir: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "helhedsplan.cli", *args],
        env=_env(data_dir),
        capture_output=True,
        text=True,
        timeout=300,
    )


def _count(data_dir: Path, expression: str) -> str:
    result = _helhedsplan("manage", "shell", "-c", f"print({expression})", data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_demo_prints_its_users_and_can_run_again(tmp_path: Path) -> None:
    first = _helhedsplan("demo", "--no-serve", "--data-dir", str(tmp_path), data_dir=tmp_path)
    assert first.returncode == 0, first.stderr
    for user in DEMO_USERS:
        assert f"{user.username}" in first.stdout and user.password in first.stdout
    assert (tmp_path / "helhedsplan.sqlite3").exists()
    counts = "User.objects.count(), Estate.objects.count(), Membership.objects.count()"
    before = _count(tmp_path, counts)

    second = _helhedsplan("demo", "--no-serve", data_dir=tmp_path)
    assert second.returncode == 0, second.stderr
    assert _count(tmp_path, counts) == before == f"{len(DEMO_USERS)} 2 {len(DEMO_USERS)}"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for(url: str, process: subprocess.Popen, seconds: float = 120) -> bytes:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the server stopped: {process.stdout.read()}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return response.read()
        except OSError:
            time.sleep(0.3)
    pytest.fail(f"{url} did not answer within {seconds} s")


def test_demo_serves_a_danish_login_page_on_loopback(tmp_path: Path) -> None:
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "helhedsplan.cli", "demo", "--port", str(port)],
        env=_env(tmp_path),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        page = _wait_for(f"http://127.0.0.1:{port}/accounts/login/", process).decode()
        assert '<html lang="da">' in page
        assert "Log ind" in page
        with urllib.request.urlopen(
            f"http://127.0.0.1:{port}/static/helhedsplan/app.css", timeout=5
        ) as stylesheet:
            assert stylesheet.status == 200
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_unknown_commands_are_refused_with_the_list(tmp_path: Path) -> None:
    result = _helhedsplan("frobnicate", data_dir=tmp_path)
    assert result.returncode == 2
    assert "demo" in result.stdout and "createuser" in result.stdout
