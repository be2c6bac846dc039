"""Benchmark: one programme's indicator dashboard on a national-scale database.

Builds a throwaway database (SQLite in a temporary directory, or ``--database-url``, which
must point at an empty PostgreSQL database that may be written to) with 100 programmes and
250 estates, ``1,000,000 × --scale`` anonymous inquiries and ``100,000 × --scale`` events
over 2018-2021, inserted in bulk (``executemany`` on SQLite, ``COPY`` on PostgreSQL). One
programme, Helsingør Syd, holds the seed agreement with the catalogue's eighteen indicators,
opening hours, closures and statistics, and its share of the registrations.

It then times the dashboard of that programme (every indicator, estate and year of the
agreement, as ``indicators.queries.dashboard`` computes it for the page) against the minimal
hand-written SQL that produces the same counts, side by side in the same run, checks that
the two agree, and prints the medians. The last line is
``dashboard_ms=… raw_sql_ms=… ratio=… queries=…``.

    python bench/dashboard.py [--scale 1.0] [--runs 9] [--database-url URL]
"""

from __future__ import annotations

import argparse
import datetime
import io
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROGRAMMES = 100
ESTATES = 250
INQUIRIES = 1_000_000
EVENTS = 100_000
YEARS = range(2018, 2022)
TZ = "Europe/Copenhagen"
BATCH = 50_000


def _setup(database_url: str | None, data_dir: str) -> None:
    os.environ["HELHEDSPLAN_DATA_DIR"] = data_dir
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


def _programmes():
    from helhedsplan.counselling import services as counselling
    from helhedsplan.programmes import services as programmes

    start, end = datetime.date(2018, 1, 1), datetime.date(2021, 12, 31)
    made = []
    for number in range(PROGRAMMES):
        name = "Helsingør Syd" if number == 0 else f"Indsats {number:03d}"
        programme = programmes.programme_ensure(
            name=name,
            housing_organisation="Boligorganisation",
            municipality="Kommune",
            period_start=start,
            period_end=end,
        )
        counselling.categories_ensure_defaults(programme=programme)
        made.append(programme)
    estates = [
        programmes.estate_ensure(programme=made[0], name="Nøjsomhed", tenancies=464),
        programmes.estate_ensure(programme=made[0], name="Vapnagaard", tenancies=1741),
    ]
    for number in range(ESTATES - 2):
        programme = made[1 + number % (PROGRAMMES - 1)]
        estates.append(
            programmes.estate_ensure(
                programme=programme, name=f"Område {number:03d}", tenancies=500
            )
        )
    return made, estates


def _measured_programme(programme, estates) -> object:
    """The seed agreement with the catalogue, opening hours, closures and statistics."""
    from decimal import Decimal

    from helhedsplan.agreements.tests.factories import seed_agreement
    from helhedsplan.core.lists.services import list_entry_ensure
    from helhedsplan.counselling import services as counselling
    from helhedsplan.counselling.models import Weekday
    from helhedsplan.events.models import Partner, Venue
    from helhedsplan.indicators.demo import create_from_catalogue
    from helhedsplan.series import services as series
    from helhedsplan.series.importers import parse_period

    agreement = seed_agreement(programme)
    create_from_catalogue(agreement)
    for estate in estates:
        counselling.opening_hours_add(
            estate=estate,
            weekday=Weekday.TUESDAY,
            starts=datetime.time(13),
            ends=datetime.time(17),
            place="Beboerhuset",
            valid_from=datetime.date(2018, 1, 1),
        )
        for year in YEARS:
            summer = datetime.date.fromisocalendar(year, 28, 1)
            counselling.closure_add(
                estate=estate,
                starts=summer,
                ends=summer + datetime.timedelta(days=20),
                reason="Sommerferie",
            )
    for code in ("tryghed", "tillid-politi", "naboskab"):
        found = series.series_ensure(
            programme=programme,
            code=code,
            name=code,
            unit="percent",
            source="Bench",
            granularity="year",
        )
        for estate in estates:
            for year in range(2016, 2022):
                series.observation_record(
                    series=found,
                    scope="estate",
                    estate=estate,
                    period=parse_period(str(year)),
                    value=Decimal(60 + year - 2016),
                    user=None,
                )
    list_entry_ensure(model=Venue, programme=programme, name="Kulturhus Syd")
    list_entry_ensure(model=Partner, programme=programme, name="Ungdomsskolen")
    return agreement


def _moment(rng: random.Random) -> datetime.datetime:
    day = datetime.date(2018, 1, 1) + datetime.timedelta(days=rng.randrange(1461))
    return datetime.datetime.combine(day, datetime.time(rng.randrange(8, 20), rng.randrange(60)))


def _stamp(moment: datetime.datetime) -> str:
    # Naive local moments stored as UTC text, one hour earlier (close enough for test data).
    return (moment - datetime.timedelta(hours=1)).strftime("%Y-%m-%d %H:%M:%S")


def _insert(connection, table: str, columns: list[str], rows: list[tuple]) -> None:
    if not rows:
        return
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            buffer = io.StringIO()
            for row in rows:
                buffer.write("\t".join("\\N" if v is None else str(v) for v in row) + "\n")
            buffer.seek(0)
            raw = cursor.cursor
            with raw.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                copy.write(buffer.getvalue())
        else:
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)


def _timestamp(connection, moment: datetime.datetime) -> str:
    text = _stamp(moment)
    return text + "+00" if connection.vendor == "postgresql" else text


def _bulk_inquiries(connection, estates, scale: float, rng: random.Random) -> int:
    from helhedsplan.counselling.models import Inquiry, Topic

    topics: dict[int, list[int]] = {}
    for topic in Topic.objects.all():
        topics.setdefault(topic.programme_id, []).append(topic.pk)
    total = int(INQUIRIES * scale)
    columns = [
        "id",
        "estate_id",
        "occurred_at",
        "channel",
        "method",
        "follow_up_needed",
        "interpreter_or_language_help",
        "age_band",
        "gender",
        "note",
        "registered_at",
    ]
    through = Inquiry.topics.through._meta.db_table
    next_id = 1
    while next_id <= total:
        rows, links = [], []
        for inquiry_id in range(next_id, min(total, next_id + BATCH - 1) + 1):
            estate = estates[rng.randrange(len(estates))]
            moment = _timestamp(connection, _moment(rng))
            rows.append(
                (
                    inquiry_id,
                    estate.pk,
                    moment,
                    "drop_in",
                    "conversation",
                    False,
                    False,
                    "",
                    "",
                    "",
                    moment,
                )
            )
            links.append((inquiry_id, rng.choice(topics[estate.programme_id])))
        _insert(connection, Inquiry._meta.db_table, columns, rows)
        _insert(connection, through, ["inquiry_id", "topic_id"], links)
        next_id += len(rows)
    return total


def _bulk_events(connection, programmes, estates, scale: float, rng: random.Random) -> int:
    from helhedsplan.events.models import Event, EventType, Partner, Venue

    types = list(EventType.objects.values_list("pk", "code"))
    by_programme: dict[int, list[int]] = {}
    for estate in estates:
        by_programme.setdefault(estate.programme_id, []).append(estate.pk)
    kulturhus = Venue.objects.get(programme=programmes[0], name="Kulturhus Syd").pk
    ungdomsskolen = Partner.objects.get(programme=programmes[0], name="Ungdomsskolen").pk
    total = int(EVENTS * scale)
    columns = [
        "id",
        "programme_id",
        "type_id",
        "title",
        "starts_at",
        "venue_id",
        "organiser",
        "organiser_name",
        "status",
        "participants_residents",
        "participants_non_residents",
        "notes",
        "created_at",
        "updated_at",
    ]
    rows, estate_links, partner_links = [], [], []
    now = _timestamp(connection, datetime.datetime(2022, 1, 1))
    # The measured programme's events come first, so that it has its share of them.
    for event_id in range(1, total + 1):
        estate = estates[rng.randrange(len(estates))]
        type_id, code = types[rng.randrange(len(types))]
        status = rng.choices(["held", "planned", "cancelled"], [85, 10, 5])[0]
        held = status == "held"
        measured = estate.programme_id == programmes[0].pk
        venue = kulturhus if measured and code == "other" and rng.random() < 0.5 else None
        organiser = "external" if venue else "programme"
        rows.append(
            (
                event_id,
                estate.programme_id,
                type_id,
                "Arrangement",
                _timestamp(connection, _moment(rng)),
                venue,
                organiser,
                "",
                status,
                20 if held else None,
                5 if held else None,
                "",
                now,
                now,
            )
        )
        shared = rng.random() < 0.1
        for estate_id in by_programme[estate.programme_id] if shared else [estate.pk]:
            estate_links.append((event_id, estate_id))
        if measured and code == "youth_initiative":
            partner_links.append((event_id, ungdomsskolen))
    _insert(connection, Event._meta.db_table, columns, rows)
    _insert(
        connection, Event.estates.through._meta.db_table, ["event_id", "estate_id"], estate_links
    )
    _insert(
        connection,
        Event.partners.through._meta.db_table,
        ["event_id", "partner_id"],
        partner_links,
    )
    return total


def _analyse(connection) -> None:
    """Statistics for the planner, and on PostgreSQL the visibility map that autovacuum would
    keep in a live database, so that index-only scans are possible."""
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


# The minimal SQL -----------------------------------------------------------------------------


def _local_day(connection, column: str) -> str:
    if connection.vendor == "postgresql":
        return f"({column} AT TIME ZONE '{TZ}')::date"
    # SQLite knows no time zones: the same function Django registers converts, as the ORM does.
    return f"django_datetime_cast_date({column}, '{TZ}', 'UTC')"


def raw_queries(
    connection, estate_ids: list[int], programme_id: int, agreement_id: int
) -> dict[str, list]:
    """What the dashboard needs, in hand-written SQL: the definitions (indicators, targets,
    baselines, the criteria of the version in force), then one scan per source and scope by
    local day: inquiries per estate, all and with topics (H1, H2); events per estate (F4,
    K1, K2) and for the estates together (H3, F2, K3, K4); local-press mentions (O4); the
    opening hours and closures (open weeks) and the statistics (O1-O3)."""
    from django.utils import timezone

    ids = ", ".join(str(i) for i in estate_ids)
    first = timezone.make_aware(datetime.datetime(2015, 12, 20))
    end = timezone.make_aware(datetime.datetime(2022, 1, 10))
    day = _local_day(connection, "e.starts_at")
    held = "e.status = 'held'"

    def when(condition: str) -> str:
        return f"COUNT(DISTINCT CASE WHEN {condition} THEN e.id END)"

    statements = {
        "indicators": f"""
            SELECT * FROM indicators_indicator
            WHERE agreement_id = {agreement_id} AND status = 'confirmed'""",
        "targets": f"""
            SELECT t.* FROM indicators_indicatortarget t
            JOIN indicators_indicator i ON i.id = t.indicator_id
            WHERE i.agreement_id = {agreement_id}""",
        "baselines": f"""
            SELECT b.* FROM indicators_indicatorbaseline b
            JOIN indicators_indicator i ON i.id = b.indicator_id
            WHERE i.agreement_id = {agreement_id}""",
        "criteria": f"""
            SELECT c.key, c.text FROM agreements_successcriterion c
            JOIN agreements_agreementversion v ON v.id = c.version_id
            WHERE v.agreement_id = {agreement_id} AND v.status = 'approved'""",
        "inquiries": f"""
            SELECT i.estate_id, {_local_day(connection, "i.occurred_at")}, COUNT(*),
                   SUM(CASE WHEN EXISTS (SELECT 1 FROM counselling_inquiry_topics t
                                         WHERE t.inquiry_id = i.id) THEN 1 ELSE 0 END)
            FROM counselling_inquiry i
            WHERE i.estate_id IN ({ids}) AND i.occurred_at >= %s AND i.occurred_at < %s
            GROUP BY 1, 2""",
        "per_estate": f"""
            SELECT ee.estate_id, {day}, COUNT(DISTINCT e.id),
                   {when(f"t.code = 'resident_activity' AND {held}")},
                   {when(f"t.code = 'cultural' AND {held}")},
                   {when(f"t.code = 'open_house' AND {held}")}
            FROM events_event e
            JOIN events_event_estates ee ON ee.event_id = e.id
            JOIN events_eventtype t ON t.id = e.type_id
            WHERE e.programme_id = {programme_id} AND ee.estate_id IN ({ids})
              AND e.starts_at >= %s AND e.starts_at < %s
            GROUP BY 1, 2""",
        "together": f"""
            SELECT {day}, COUNT(*),
                   SUM(CASE WHEN t.code = 'theme_evening' AND {held} THEN 1 ELSE 0 END),
                   SUM(CASE WHEN t.code = 'youth_initiative' AND {held} AND EXISTS (
                       SELECT 1 FROM events_event_partners ep
                       JOIN events_partner p ON p.id = ep.partner_id
                       WHERE ep.event_id = e.id AND p.name = 'Ungdomsskolen') THEN 1 ELSE 0 END),
                   SUM(CASE WHEN t.code = 'cultural' AND {held} THEN 1 ELSE 0 END),
                   SUM(CASE WHEN t.code = 'cultural' AND {held} AND EXISTS (
                       SELECT 1 FROM media_pressmention_events pe
                       WHERE pe.event_id = e.id) THEN 1 ELSE 0 END),
                   SUM(CASE WHEN v.name = 'Kulturhus Syd' AND e.organiser = 'external'
                            AND {held} THEN 1 ELSE 0 END)
            FROM events_event e
            JOIN events_eventtype t ON t.id = e.type_id
            LEFT JOIN events_venue v ON v.id = e.venue_id
            WHERE e.programme_id = {programme_id}
              AND EXISTS (SELECT 1 FROM events_event_estates ee
                          WHERE ee.event_id = e.id AND ee.estate_id IN ({ids}))
              AND e.starts_at >= %s AND e.starts_at < %s
            GROUP BY 1""",
        "press": f"""
            SELECT pm.published_on, COUNT(*),
                   SUM(CASE WHEN pm.tone = 'positive' THEN 1 ELSE 0 END)
            FROM media_pressmention pm JOIN media_outlet o ON o.id = pm.outlet_id
            WHERE o.kind = 'local_press' AND EXISTS (
                SELECT 1 FROM media_pressmention_estates pe
                WHERE pe.pressmention_id = pm.id AND pe.estate_id IN ({ids}))
              AND pm.published_on >= %s AND pm.published_on < %s
            GROUP BY 1""",
        "hours": f"SELECT * FROM counselling_openinghours WHERE estate_id IN ({ids})",
        "closures": f"SELECT * FROM counselling_closure WHERE estate_id IN ({ids})",
        "series": f"""
            SELECT o.series_id, o.estate_id, o.period_start, o.value
            FROM series_observation o JOIN series_series s ON s.id = o.series_id
            WHERE s.programme_id = {programme_id}
              AND (o.estate_id IN ({ids}) OR o.estate_id IS NULL)""",
    }
    found = {}
    with connection.cursor() as cursor:
        for name, sql in statements.items():
            if "%s" in sql:
                bounds = (first, end) if name != "press" else (first.date(), end.date())
                cursor.execute(sql, bounds)
            else:
                cursor.execute(sql)
            found[name] = cursor.fetchall()
    return found


def _as_date(value) -> datetime.date:
    return value if isinstance(value, datetime.date) else datetime.date.fromisoformat(value)


# Measuring -----------------------------------------------------------------------------------


def _median_ms(run, runs: int) -> float:
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        run()
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


def _check(board, raw: dict[str, list]) -> None:
    """The dashboard's numbers are the raw SQL's: K1 per estate and year, H1 per week."""
    cultural: dict[tuple[int, int], int] = {}
    for estate_id, day, _all, _resident, n, _open in raw["per_estate"]:
        key = (estate_id, _as_date(day).year)
        cultural[key] = cultural.get(key, 0) + n
    weekly: dict[tuple[int, int, int], int] = {}
    for estate_id, day, n, _categorised in raw["inquiries"]:
        iso = _as_date(day).isocalendar()
        key = (estate_id, iso.year, iso.week)
        weekly[key] = weekly.get(key, 0) + n
    checked = 0
    for result in board.results.values():
        code, estate = result.indicator.code, result.estate
        if code == "K1" and result.value is not None:
            expected = cultural.get((estate.pk, result.year), 0)
            assert result.value == expected, (code, estate, result.year, result.value, expected)
            checked += 1
        for sub in result.sub_results if code == "H1" else ():
            week = sub.number
            assert sub.value == weekly.get((estate.pk, result.year, week), 0), (estate, week)
            checked += 1
    assert checked, "nothing was compared"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="1.0: a million inquiries")
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--database-url", help="an empty PostgreSQL database to fill")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="helhedsplan-bench-") as data_dir:
        _setup(args.database_url, data_dir)
        from django.db import connection, transaction
        from django.test.utils import CaptureQueriesContext

        from helhedsplan.indicators import queries

        started = time.perf_counter()
        rng = random.Random(2018)
        with transaction.atomic():
            programmes, estates = _programmes()
            measured_estates = [e for e in estates if e.programme_id == programmes[0].pk]
            agreement = _measured_programme(programmes[0], measured_estates)
            inquiries = _bulk_inquiries(connection, estates, args.scale, rng)
            events = _bulk_events(connection, programmes, estates, args.scale, rng)
        _analyse(connection)
        print(
            f"built {PROGRAMMES} programmes, {len(estates)} estates, {inquiries} inquiries, "
            f"{events} events on {connection.vendor} in {time.perf_counter() - started:.1f} s"
        )

        def dashboard():
            board = queries.dashboard(agreement)
            for year in board.years:
                board.for_year(year)
            return board

        def raw():
            return raw_queries(
                connection, [e.pk for e in measured_estates], programmes[0].pk, agreement.pk
            )

        board = dashboard()
        _check(board, raw())
        with CaptureQueriesContext(connection) as captured:
            dashboard()
        # Interleaved rounds, so that both see the same caches and machine load.
        dashboard_ms, raw_ms = [], []
        for _ in range(args.runs):
            dashboard_ms.append(_median_ms(dashboard, 1))
            raw_ms.append(_median_ms(raw, 1))
        dashboard_median = statistics.median(dashboard_ms)
        raw_median = statistics.median(raw_ms)
        print(
            f"dashboard_ms={dashboard_median:.1f} raw_sql_ms={raw_median:.1f} "
            f"ratio={dashboard_median / raw_median:.2f} queries={len(captured)}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
