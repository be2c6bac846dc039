"""Benchmark: the audit trail page with 100,000 history records.

Builds a throwaway database (SQLite in a temporary directory, or ``--database-url``, which
must point at an empty PostgreSQL database that may be written to): the demo programme, four
more programmes with their own estates, users, events, press mentions and inquiries, and then
history in bulk until every audited model together holds ``100,000 × --scale`` records. Each
added record is a later version of a live object of an audited model (its values copied, one
field changed, its many-to-many links copied too), by one of the programmes' users, at a
random moment of the last four years; a programme is drawn first, then a kind of record by a
weight (inquiries, events and press mentions most), so that the administrator of one
programme may read about a fifth of the trail.

It then times the trail page as the demo programme's administrator requests it (the view,
its queries and the template, through Django's test client), next to the baseline of minimal
hand-written SQL reading the newest 51 records of every audited history table, in the same
run, and prints the medians. The lines before the last time the older pages, the filters
and a superuser's page. The last line is ``trail_ms=… baseline_ms=… ratio=… queries=…``.

    python bench/audit_trail.py [--scale 1.0] [--runs 15] [--database-url URL]
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RECORDS = 100_000
PROGRAMMES = 5
BATCH = 5_000
# How often each kind of record changes, relative to the others; 1 for kinds not named.
WEIGHTS = {
    "counselling.inquiry": 40,
    "events.event": 20,
    "media.pressmention": 10,
    "series.observation": 6,
    "counselling.booking": 4,
}


def _setup(database_url: str | None, data_dir: str) -> None:
    os.environ["HELHEDSPLAN_DATA_DIR"] = data_dir
    (Path(data_dir) / "static").mkdir(exist_ok=True)
    os.environ["HELHEDSPLAN_MODE"] = "development"
    os.environ["DEBUG"] = "false"
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    else:
        os.environ.pop("DATABASE_URL", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "helhedsplan.settings"
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


# Building the data ---------------------------------------------------------------------------


def _other_programme(number: int, rng: random.Random) -> None:
    """A programme of its own: estates, an administrator and a staff member, events, press
    mentions and inquiries, each made by the services (and so with its history)."""
    from django.utils import timezone

    from helhedsplan.accounts import services as accounts
    from helhedsplan.accounts.models import Role
    from helhedsplan.core.lists.services import list_entry_ensure
    from helhedsplan.counselling import services as counselling
    from helhedsplan.counselling.models import Topic
    from helhedsplan.events import services as events
    from helhedsplan.events.models import EventType
    from helhedsplan.media import services as media
    from helhedsplan.media.models import Outlet, Tone
    from helhedsplan.programmes import services as programmes

    programme = programmes.programme_ensure(
        name=f"Indsats {number}",
        housing_organisation="Boligorganisation",
        municipality="Kommune",
        period_start=datetime.date(2022, 1, 1),
        period_end=datetime.date(2025, 12, 31),
    )
    estates = [
        programmes.estate_ensure(programme=programme, name=f"Område {number}-{n}", tenancies=500)
        for n in range(2)
    ]
    counselling.categories_ensure_defaults(programme=programme)
    staff = accounts.user_create(username=f"medarbejder{number}", password="bench-password")
    accounts.membership_grant(user=staff, programme=programme, role=Role.STAFF, estates=[])
    administrator = accounts.user_create(username=f"admin{number}", password="bench-password")
    accounts.membership_grant(
        user=administrator, programme=programme, role=Role.ADMINISTRATOR, estates=[]
    )
    types = list(EventType.objects.all())
    topics = list(Topic.objects.filter(programme=programme))
    outlet = list_entry_ensure(model=Outlet, programme=programme, name="Lokalavisen")
    now = timezone.now()
    for n in range(30):
        event = events.event_create(
            programme=programme,
            type=rng.choice(types),
            title=f"Arrangement {n}",
            starts_at=now - datetime.timedelta(days=rng.randrange(1, 1000)),
            estates=[rng.choice(estates)],
            created_by=staff,
        )
        if n % 3 == 0:
            media.mention_register(
                programme=programme,
                published_on=event.starts_at.date(),
                outlet=outlet,
                headline=f"Omtale af arrangement {n}",
                estates=list(event.estates.all()),
                tone=Tone.POSITIVE,
                registered_by=staff,
                events=[event],
            )
    for _n in range(100):
        counselling.inquiry_register(
            estate=rng.choice(estates),
            by=staff,
            topics=[rng.choice(topics)],
            occurred_at=now - datetime.timedelta(days=rng.randrange(1, 1000)),
        )


def _varied_field(history_model):
    """The field each added version of this kind changes: its first free text, number or
    yes/no field that is not a key, so that every version has something to show."""
    from django.db import models

    variable = (
        models.CharField,
        models.TextField,
        models.BooleanField,
        models.IntegerField,
        models.DecimalField,
    )
    for field in history_model.tracked_fields:
        key = field.unique or field.primary_key or field.name in {"slug", "code", "key"}
        if (
            field.editable
            and not key
            and not field.choices
            and isinstance(field, variable)
            and not isinstance(field, models.PositiveSmallIntegerField)
        ):
            return field
    return None


def _vary(field, value, n: int):
    """``value`` changed a little, so that each added version differs from the one before."""
    from django.db import models

    if isinstance(field, models.BooleanField):
        return not value
    if isinstance(field, models.IntegerField | models.DecimalField):
        return (value or 0) + n % 7 + 1
    return f"{value or ''} ({n})"[: field.max_length or None]


def _pools(programme_ids: list[int]):
    """For each audited model, its live objects in each programme, as the trail scopes them."""
    from helhedsplan.core.audit_registry import audited_models

    pools = {}
    for entry in audited_models():
        manager = entry.model._base_manager
        pools[entry] = {
            programme_id: list(entry.scope(manager.all(), {programme_id}))
            for programme_id in programme_ids
        }
    return pools


def _bulk_history(total: int, rng: random.Random) -> int:
    """History records until every audited model together holds ``total``: later versions of
    live objects, inserted in bulk with their many-to-many links."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone
    from simple_history.utils import (
        get_history_manager_for_model,
        get_m2m_field_name,
        get_m2m_reverse_field_name,
    )

    from helhedsplan.audit.queries import link_history_model
    from helhedsplan.core.audit_registry import audited_models
    from helhedsplan.programmes.models import Programme

    existing = sum(get_history_manager_for_model(e.model).count() for e in audited_models())
    wanted = max(0, total - existing)
    programme_ids = list(Programme.objects.values_list("pk", flat=True))
    pools = _pools(programme_ids)
    users = list(get_user_model().objects.values_list("pk", flat=True))
    # Kinds with no object anywhere (no year closed yet, say) get no versions.
    entries = [entry for entry, pool in pools.items() if any(pool.values())]
    weights = [WEIGHTS.get(entry.label, 1) for entry in entries]
    now = timezone.now()
    links = {}
    for entry in entries:
        history_model = get_history_manager_for_model(entry.model).model
        for field in history_model._history_m2m_fields:
            through = field.remote_field.through
            source = through._meta.get_field(get_m2m_field_name(field)).attname
            target = through._meta.get_field(get_m2m_reverse_field_name(field)).attname
            rows: dict[int, list[tuple]] = {}
            for row_id, source_id, target_id in through.objects.values_list("id", source, target):
                rows.setdefault(source_id, []).append((row_id, target_id))
            links[(entry, field)] = (source, target, rows)
    made = 0
    while made < wanted:
        batch: dict = {}
        for n in range(made, min(wanted, made + BATCH)):
            programme_id = rng.choice(programme_ids)
            entry = rng.choices(entries, weights)[0]
            pool = pools[entry][programme_id]
            if not pool:
                pool = next(pool for pool in pools[entry].values() if pool)
            batch.setdefault(entry, []).append((rng.choice(pool), n))
        for entry, chosen in batch.items():
            history_model = get_history_manager_for_model(entry.model).model
            varied = _varied_field(history_model)
            records = []
            for instance, n in chosen:
                values = {
                    f.attname: getattr(instance, f.attname) for f in history_model.tracked_fields
                }
                if varied is not None:
                    values[varied.attname] = _vary(varied, values[varied.attname], n)
                records.append(
                    history_model(
                        **values,
                        history_date=now
                        - datetime.timedelta(seconds=rng.randrange(4 * 365 * 86400)),
                        history_type="~",
                        history_user_id=rng.choice(users),
                    )
                )
            history_model.objects.bulk_create(records)
            for field in history_model._history_m2m_fields:
                source, target, rows = links[(entry, field)]
                copies = link_history_model(history_model, field)
                copies.objects.bulk_create(
                    copies(
                        id=row_id,
                        history_id=record.history_id,
                        **{source: record.id, target: target_id},
                    )
                    for record in records
                    for row_id, target_id in rows.get(record.id, ())
                )
        made += sum(len(chosen) for chosen in batch.values())
    return existing + made


def _analyse(connection) -> None:
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


# Measuring -----------------------------------------------------------------------------------


def _median_ms(run, runs: int) -> float:
    run()  # warm: templates compiled, connection open
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        run()
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


def _baseline(connection) -> None:
    """The least any trail must do: read the newest 51 records of every audited history table."""
    from simple_history.utils import get_history_manager_for_model

    from helhedsplan.core.audit_registry import audited_models

    with connection.cursor() as cursor:
        for entry in audited_models():
            table = get_history_manager_for_model(entry.model).model._meta.db_table
            cursor.execute(f"SELECT * FROM {table} ORDER BY history_date DESC LIMIT 51")
            cursor.fetchall()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="1.0: 100,000 history records")
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--database-url", help="an empty PostgreSQL database to fill")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="helhedsplan-bench-") as data_dir:
        _setup(args.database_url, data_dir)
        from django.contrib.auth import get_user_model
        from django.db import connection, transaction
        from django.test import Client
        from django.urls import reverse
        from django.utils import timezone

        from helhedsplan.audit import queries
        from helhedsplan.demo import load_demo

        started = time.perf_counter()
        rng = random.Random(2018)
        load_demo()
        with transaction.atomic():
            for number in range(1, PROGRAMMES):
                _other_programme(number, rng)
            records = _bulk_history(int(RECORDS * args.scale), rng)
        _analyse(connection)
        print(
            f"built {records} history records across {PROGRAMMES} programmes on "
            f"{connection.vendor} in {time.perf_counter() - started:.1f} s"
        )

        users = get_user_model().objects
        client = Client(SERVER_NAME="localhost")
        client.force_login(users.get(username="admin"))
        url = reverse("audit:trail")

        def trail(query: dict | None = None):
            response = client.get(url, query or {})
            assert response.status_code == 200, response.status_code
            return response

        administrator = users.get(username="admin")
        first = queries.audit_trail(user=administrator)
        assert len(first.entries) == queries.PAGE_SIZE, len(first.entries)
        trail_ms = _median_ms(trail, args.runs)
        baseline_ms = _median_ms(lambda: _baseline(connection), args.runs)
        # Counted as the database receives them: the test client's request empties Django's
        # own query log when it starts.
        executed: list[str] = []

        def count(execute, sql, params, many, context):
            executed.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            trail()

        older = first.older
        for _page in range(20):  # twenty pages further back
            criteria = queries.TrailFilter(after=older)
            older = queries.audit_trail(user=administrator, criteria=criteria).older
        assert older is not None
        a_year_ago = timezone.localdate() - datetime.timedelta(days=365)
        variants = {
            "page_21": {"after": older.token()},
            "inquiries": {"model": "counselling.inquiry"},
            "person": {"person": str(users.get(username="medarbejder").pk)},
            "one_month": {
                "date_from": a_year_ago.isoformat(),
                "date_to": (a_year_ago + datetime.timedelta(days=30)).isoformat(),
            },
        }
        figures = [
            f"{name}_ms={_median_ms(lambda query=query: trail(query), args.runs):.1f}"
            for name, query in variants.items()
        ]
        superuser = users.create_superuser("bench-superuser", password="bench-password")
        client.force_login(superuser)
        figures.append(f"superuser_ms={_median_ms(trail, args.runs):.1f}")
        print(" ".join(figures))
        print(
            f"trail_ms={trail_ms:.1f} baseline_ms={baseline_ms:.1f} "
            f"ratio={trail_ms / baseline_ms:.2f} queries={len(executed)}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
