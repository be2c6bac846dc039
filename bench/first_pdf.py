"""Benchmark: the first agreement PDF after a start, and a warm one.

Builds a throwaway SQLite database in a temporary directory with the seed agreement (the
packaged delaftale, approved, 13 pages as a PDF) and a superuser, then starts a fresh Python
process that starts as ``helhedsplan serve`` starts a worker (``helhedsplan.wsgi`` and the
PDF warm-up, ``core.pdf.warm_up``) and asks for the version's PDF through the test client
twice: the first answer after the start, then a warm one. For comparison it also starts
processes without the warm-up, whose first answer pays for loading WeasyPrint, Pango and the
fonts (``cold_first_pdf_s``). The last line is ``first_pdf_s=… warm_pdf_s=…``.

    python bench/first_pdf.py [--rounds 3]

``--rounds`` fresh processes of each kind are started and the medians printed.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

BUILD = """
import datetime, json
from django.core.management import call_command
call_command("migrate", interactive=False, verbosity=0)
from helhedsplan.accounts import services as accounts
from helhedsplan.agreements.tests.factories import seed_agreement
from helhedsplan.programmes import services as programmes
programme = programmes.programme_ensure(
    name="Helsingør Syd", housing_organisation="Boligorganisation", municipality="Kommune",
    period_start=datetime.date(2018, 1, 1), period_end=datetime.date(2021, 12, 31))
for name in ("Nøjsomhed", "Vapnagaard"):
    programmes.estate_ensure(programme=programme, name=name, tenancies=500)
agreement = seed_agreement(programme)
user = accounts.user_create(username="bench", password="bench-password-not-secret-42")
user.is_superuser = True
user.save()
version = agreement.versions.order_by("number").first()
print(json.dumps({"agreement": agreement.pk, "number": version.number}))
"""

MEASURE = """
import json, sys, time
started = time.perf_counter()
from helhedsplan.wsgi import application  # noqa: F401  (a worker's start)
if sys.argv[2] == "serve":
    # What ``helhedsplan serve`` does before it forks its workers.
    from helhedsplan.core.pdf import warm_up
    warm_up()
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
ready = time.perf_counter()
ids = json.loads(sys.argv[1])
client = Client(HTTP_HOST="localhost")
client.force_login(get_user_model().objects.get(username="bench"))
url = reverse("agreements:version_pdf", args=[ids["agreement"], ids["number"]])
timings = []
for _ in range(2):
    began = time.perf_counter()
    response = client.get(url)
    assert response.status_code == 200 and response.content.startswith(b"%PDF"), response
    timings.append(time.perf_counter() - began)
print(json.dumps({"start_s": ready - started, "first_s": timings[0], "warm_s": timings[1]}))
"""


def _run(code: str, env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", code, *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        sys.exit(done.stderr)
    return done.stdout.strip().splitlines()[-1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="helhedsplan-bench-") as data_dir:
        env = dict(os.environ)
        env.pop("DATABASE_URL", None)
        env.update(
            HELHEDSPLAN_DATA_DIR=data_dir,
            HELHEDSPLAN_MODE="development",
            DEBUG="false",
            DJANGO_SETTINGS_MODULE="helhedsplan.settings",
            PYTHONPATH=os.pathsep.join(
                filter(None, [str(ROOT / "src"), os.environ.get("PYTHONPATH")])
            ),
        )
        setup = "import django; django.setup()\n"
        ids = _run(setup + BUILD, env)
        rounds, cold = [], []
        for _ in range(args.rounds):
            rounds.append(json.loads(_run(MEASURE, env, ids, "serve")))
            cold.append(json.loads(_run(MEASURE, env, ids, "cold")))
    for kind, found in [("serve", r) for r in rounds] + [("cold", r) for r in cold]:
        print(kind, " ".join(f"{key}={value:.3f}" for key, value in found.items()))
    first = statistics.median(r["first_s"] for r in rounds)
    warm = statistics.median(r["warm_s"] for r in rounds)
    cold_first = statistics.median(r["first_s"] for r in cold)
    print(f"cold_first_pdf_s={cold_first:.2f} first_over_warm={first / warm:.2f}")
    print(f"first_pdf_s={first:.2f} warm_pdf_s={warm:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
