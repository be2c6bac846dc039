"""Load test: concurrent inquiry registrations against the production server.

Starts ``helhedsplan serve`` (production mode, throwaway settings, SQLite in a temporary
directory or the empty PostgreSQL database ``--database-url`` names, migrated and with static
files collected) on a free loopback port, logs in one staff user per client, and fires
registration POSTs through the ordinary form from ``--clients`` threads until ``--requests``
are sent or ``--seconds`` have passed. Then it checks that every acknowledged registration (a
2xx/3xx answer) is in the database.

In the same run and through the same server it then fires as many POSTs at the floor: a
minimal view that inserts one row (``bench/floor``, served only because the benchmark starts
the server with ``DJANGO_SETTINGS_MODULE=bench_floor.settings``; the product has no such
URL). The last line printed is
``requests_per_s=… floor_requests_per_s=… ratio=… p99_ms=… errors=… lost=…``, the ratio being
the floor's throughput over the registrations'.

    python bench/counselling_load.py [--clients 16] [--requests 4000]
        [--seconds 60] [--workers 2] [--database-url URL]

The server and the management commands run on the Python that runs the benchmark, with this
checkout's ``src`` first on the path, so any environment with helhedsplan's dependencies
will do.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
HELHEDSPLAN = [sys.executable, "-m", "helhedsplan.cli"]
PROGRAMME = "Bench Syd"
SLUG = "bench-syd"
PASSWORD = "bench-password-not-secret-42"
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
TOPIC_VALUE = re.compile(r'name="topics" value="(\d+)"')
REFERRAL_VALUE = re.compile(r'name="bridged_to" value="(\d+)"')
ESTATE_VALUE = re.compile(r'name="estate" value="(\d+)"')
FLOOR = "/bench/floor/"
# The registration form's hidden idempotency key (core/idempotency.py: FORM_FIELD).
KEY_FIELD = "idempotency_key"
# Which acknowledged registrations are missing from the database, run by ``manage shell``.
STORED = """
import json
from helhedsplan.counselling.models import Inquiry
wanted = set(json.load(open({path!r})))
found = set(Inquiry.objects.filter(note__in=wanted).values_list("note", flat=True))
print(len(wanted - found))
"""

# The programme, its estate and one staff user per client, run by ``manage shell``.
SETUP = """
import datetime
from helhedsplan.accounts import services as accounts
from helhedsplan.accounts.models import Role
from helhedsplan.counselling import services as counselling
from helhedsplan.programmes import services as programmes
programme = programmes.programme_ensure(
    name={programme!r}, housing_organisation="Bench", municipality="Bench",
    period_start=datetime.date(2018, 1, 1), period_end=datetime.date(2030, 12, 31))
estate = programmes.estate_ensure(programme=programme, name="Benchgaard", tenancies=100)
counselling.categories_ensure_defaults(programme=programme)
for n in range({clients}):
    user = accounts.user_create(username=f"staff{{n}}", password={password!r})
    accounts.membership_grant(user=user, programme=programme, role=Role.STAFF, estates=[estate])
"""
# The floor's own table, which only this benchmark's server (the floor's settings) uses.
FLOOR_SETUP = """
from bench_floor.urls import create_table
create_table()
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def environment(data_dir: Path, port: int, database_url: str | None) -> dict[str, str]:
    """The production server's environment: this checkout's code, throwaway settings, plain
    HTTP on loopback."""
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    if database_url:
        env["DATABASE_URL"] = database_url
    env.update(
        PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT / "src"), env.get("PYTHONPATH")])),
        HELHEDSPLAN_MODE="production",
        HELHEDSPLAN_DATA_DIR=str(data_dir),
        SECRET_KEY=secrets.token_urlsafe(60),
        ALLOWED_HOSTS="127.0.0.1",
        DEBUG="false",
        # Plain HTTP on loopback: no TLS redirect, cookies without the Secure flag.
        SECURE_SSL_REDIRECT="false",
        SECURE_COOKIES="false",
        SECURE_HSTS_SECONDS="0",
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        LOGIN_FAILURE_LIMIT="1000",
        BIND=f"127.0.0.1:{port}",
    )
    return env


def floor_environment(data_dir: Path, port: int, database_url: str | None) -> dict[str, str]:
    """The same server with the floor: the product's settings with the floor's URLconf
    (bench/bench_floor)."""
    env = environment(data_dir, port, database_url)
    env.update(
        PYTHONPATH=os.pathsep.join([env["PYTHONPATH"], str(ROOT / "bench")]),
        DJANGO_SETTINGS_MODULE="bench_floor.settings",
    )
    return env


@dataclass
class Client:
    """One person's browser: cookies, the form's values, and whether the last answer was a
    replay of an earlier one (``core.idempotency``'s ``Idempotent-Replayed`` header, which
    ``bench/faults.py`` counts)."""

    port: int
    username: str
    cookies: dict[str, str] = field(default_factory=dict)
    connection: http.client.HTTPConnection | None = None
    replayed: bool = False

    def request(self, method: str, path: str, body: dict | None = None):
        if self.connection is None:
            self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        payload = None
        if body is not None:
            payload = urlencode(body, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            self.connection.request(method, path, body=payload, headers=headers)
            response = self.connection.getresponse()
            text = response.read().decode()
        except (OSError, http.client.HTTPException):
            self.connection.close()
            self.connection = None
            raise
        self.replayed = response.getheader("Idempotent-Replayed") == "true"
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                # A browser shows the confirmation on the page it is redirected to, which
                # consumes the message; a client that never follows would let it pile up.
                if name != "messages":
                    self.cookies[name] = rest.split(";", 1)[0]
        if response.getheader("Connection", "").lower() == "close":
            self.connection.close()
            self.connection = None
        return response.status, text

    def log_in(self) -> None:
        _status, page = self.request("GET", "/accounts/login/")
        token = CSRF_INPUT.search(page).group(1)
        status, _text = self.request(
            "POST",
            "/accounts/login/",
            {"csrfmiddlewaretoken": token, "username": self.username, "password": PASSWORD},
        )
        if status != 302:
            raise RuntimeError(f"{self.username} could not log in ({status})")

    def form(self) -> dict:
        _status, page = self.request("GET", f"/counselling/{SLUG}/new/")
        return {
            "csrfmiddlewaretoken": CSRF_INPUT.search(page).group(1),
            "estate": ESTATE_VALUE.search(page).group(1),
            "topics": TOPIC_VALUE.findall(page)[:3],
            "bridged_to": REFERRAL_VALUE.findall(page)[:2],
        }


@dataclass
class Results:
    latencies: list[float] = field(default_factory=list)
    acknowledged: list[str] = field(default_factory=list)
    errors: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


def run_client(
    client: Client,
    number: int,
    budget: threading.Semaphore,
    deadline: float,
    results: Results,
    floor: bool,
) -> None:
    form = client.form()
    sent = 0
    while time.monotonic() < deadline and budget.acquire(blocking=False):
        marker = f"bench {number}-{sent}"
        sent += 1
        data = {
            "csrfmiddlewaretoken": form["csrfmiddlewaretoken"],
            "estate": form["estate"],
            "channel": "drop_in",
            "method": "conversation",
            "occurred_at": time.strftime("%Y-%m-%dT%H:%M"),
            "topics": form["topics"][: 1 + sent % 3],
            "bridged_to": form["bridged_to"][: sent % 3],
            "note": marker,
            # What a browser sends: the hidden key of the form, new with every rendering.
            KEY_FIELD: secrets.token_urlsafe(18),
        }
        path = f"/counselling/{SLUG}/new/"
        if floor:
            data = {"csrfmiddlewaretoken": form["csrfmiddlewaretoken"], "note": marker}
            path = FLOOR
        started = time.perf_counter()
        try:
            status, _text = client.request("POST", path, data)
        except (OSError, http.client.HTTPException):
            status = 0
        elapsed = time.perf_counter() - started
        with results.lock:
            results.latencies.append(elapsed)
            if 200 <= status < 400:
                results.acknowledged.append(marker)
            else:
                results.errors += 1


# Python and Django starting on a machine busy with other work may take well over 30 s.
def wait_for(port: int, server: subprocess.Popen, timeout: float = 120) -> None:
    limit = time.monotonic() + timeout
    while time.monotonic() < limit:
        if server.poll() is not None:
            raise RuntimeError("the server stopped while starting")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("the server did not start")


def load(clients: list[Client], args: argparse.Namespace, floor: bool) -> tuple[Results, float]:
    """Every client fires POSTs until the budget or the time is spent."""
    results = Results()
    budget = threading.Semaphore(args.requests)
    started = time.monotonic()
    deadline = started + args.seconds
    threads = [
        threading.Thread(target=run_client, args=(c, n, budget, deadline, results, floor))
        for n, c in enumerate(clients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, time.monotonic() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--requests", type=int, default=4000)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--database-url", help="an empty PostgreSQL database to fill")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="helhedsplan-bench-") as tmp:
        data_dir = Path(tmp)
        port = free_port()
        env = floor_environment(data_dir, port, args.database_url)

        def manage(*command: str) -> str:
            return subprocess.run(
                [*HELHEDSPLAN, "manage", *command],
                env=env,
                check=True,
                stdout=subprocess.PIPE,
                text=True,
            ).stdout

        manage("migrate", "--no-input")
        manage("collectstatic", "--no-input")
        setup = SETUP.format(programme=PROGRAMME, clients=args.clients, password=PASSWORD)
        manage("shell", "-c", setup + FLOOR_SETUP)

        server = subprocess.Popen(
            [*HELHEDSPLAN, "serve", "--workers", str(args.workers)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            wait_for(port, server)
            clients = [Client(port, f"staff{n}") for n in range(args.clients)]
            for client in clients:
                client.log_in()
            results, duration = load(clients, args, floor=False)
            floor, floor_duration = load(clients, args, floor=True)
        finally:
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()

        acknowledged = data_dir / "acknowledged.json"
        acknowledged.write_text(json.dumps(results.acknowledged))
        lost = int(manage("shell", "-c", STORED.format(path=str(acknowledged))).split()[-1])

    latencies = sorted(results.latencies)
    p99 = latencies[max(0, int(len(latencies) * 0.99) - 1)] * 1000 if latencies else 0.0
    median = statistics.median(latencies) * 1000 if latencies else 0.0
    rate = len(latencies) / duration
    floor_rate = len(floor.latencies) / floor_duration
    database = "postgresql" if args.database_url else "sqlite"
    print(
        f"database={database} clients={args.clients} workers={args.workers} "
        f"requests={len(latencies)} seconds={duration:.1f} median_ms={median:.1f} "
        f"floor_requests={len(floor.latencies)} floor_errors={floor.errors}"
    )
    print(
        f"requests_per_s={rate:.1f} floor_requests_per_s={floor_rate:.1f} "
        f"ratio={floor_rate / rate:.2f} p99_ms={p99:.1f} errors={results.errors} lost={lost}"
    )
    return 0 if results.errors == 0 and floor.errors == 0 and lost == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
