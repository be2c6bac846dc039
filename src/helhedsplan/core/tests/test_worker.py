"""``helhedsplan worker``: the scheduled jobs run once per slot, and a failure is kept.

The worker opens and closes its own transactions, so these tests run outside the test
transaction (``transaction=True``).
"""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db.models import QuerySet
from django.utils import timezone
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from conftest import World
from helhedsplan.core import schedule, services, staging
from helhedsplan.core.models import ScheduledRun, StagedImport
from helhedsplan.counselling import services as counselling_services
from helhedsplan.counselling.models import Booking, Weekday

pytestmark = pytest.mark.django_db(transaction=True)

# Tuesday 2 March 2021, 13:30 in Copenhagen: a booking's day; the worker runs the day after.
BOOKED = timezone.make_aware(datetime.datetime(2021, 3, 2, 13, 30))
NEXT_DAY = timezone.make_aware(datetime.datetime(2021, 3, 3, 9, 10))
HOUR = datetime.timedelta(hours=1)


@task()
def failing_job() -> None:
    raise RuntimeError("the job broke")


@pytest.fixture
def jobs(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The jobs the apps register, and nothing a test adds outlives it."""
    monkeypatch.setattr(schedule, "_jobs", dict(schedule._jobs))
    return [job.name for job in schedule.jobs()]


@pytest.fixture
def booking(world: World) -> Booking:
    counselling_services.opening_hours_add(
        estate=world.vapnagaard,
        weekday=Weekday.TUESDAY,
        starts=datetime.time(13),
        ends=datetime.time(17),
        place="Beboerhuset",
    )
    with time_machine.travel(BOOKED - datetime.timedelta(days=1), tick=False):
        return counselling_services.booking_create(
            estate=world.vapnagaard,
            starts=BOOKED,
            duration_minutes=30,
            name="Mona",
            phone="20304050",
            by=None,
        )


@pytest.fixture
def expired_upload(world: World, monkeypatch: pytest.MonkeyPatch) -> StagedImport:
    monkeypatch.setattr(staging, "_importers", dict(staging._importers))
    staging.register(
        staging.Importer(
            kind="tests.text",
            parse=lambda data, name, target: data.decode(),
            rebuild=lambda parsed, target: parsed,
            max_bytes=100,
        )
    )
    with time_machine.travel(NEXT_DAY - services.STAGED_IMPORT_LIFETIME - HOUR, tick=False):
        return services.staged_import_stage(
            owner=world.user("staff"),
            kind="tests.text",
            upload=SimpleUploadedFile("gammel.csv", b"serie;periode"),
            target={},
        )


def _run_worker() -> None:
    call_command("worker", "--batch", verbosity=0)


def test_the_worker_purges_past_bookings_and_cleans_up_expired_uploads(
    jobs: list[str], booking: Booking, expired_upload: StagedImport
) -> None:
    assert {"counselling.purge_bookings", "core.clean_up_staged_imports"} <= set(jobs)
    with time_machine.travel(NEXT_DAY, tick=False):
        _run_worker()

    booking.refresh_from_db()
    assert (booking.name, booking.phone, booking.purged_at) == ("", "", NEXT_DAY)
    assert not StagedImport.objects.exists()
    assert not default_storage.exists(expired_upload.file.name)
    runs = ScheduledRun.objects.order_by("job")
    assert [run.job for run in runs] == sorted(jobs)
    results = DBTaskResult.objects.in_bulk([run.task_result_id for run in runs])
    assert {result.status for result in results.values()} == {"SUCCESSFUL"}


def test_a_slot_is_enqueued_once_however_often_the_schedule_is_asked(jobs: list[str]) -> None:
    with time_machine.travel(NEXT_DAY, tick=False):
        assert services.scheduled_jobs_enqueue() == jobs
        assert services.scheduled_jobs_enqueue() == []
        _run_worker()
    with time_machine.travel(NEXT_DAY + HOUR / 2, tick=False):
        _run_worker()
        assert services.scheduled_jobs_enqueue() == []
    assert DBTaskResult.objects.count() == ScheduledRun.objects.count() == len(jobs)

    later = NEXT_DAY + HOUR
    with time_machine.travel(later, tick=False):
        _run_worker()
    # An hourly job has a new slot an hour later, a daily one not yet.
    for job in schedule.jobs():
        slots = set(ScheduledRun.objects.filter(job=job.name).values_list("slot", flat=True))
        assert slots == {job.slot(NEXT_DAY), job.slot(later)}, job.name
    assert {job.slot(later) for job in schedule.jobs()} >= {
        datetime.datetime(2021, 3, 3, 9, tzinfo=datetime.UTC)
    }


def test_old_task_results_and_runs_are_pruned_and_recent_ones_kept(jobs: list[str]) -> None:
    # In UTC: thirty days after 3 March in Copenhagen is an hour less across summer time.
    first = NEXT_DAY.astimezone(datetime.UTC)
    with time_machine.travel(first, tick=False):
        _run_worker()
    kept = services.TASK_HISTORY_KEPT
    with time_machine.travel(first + kept - HOUR, tick=False):
        assert services.task_history_prune() == 0
    with time_machine.travel(first + kept + HOUR, tick=False):
        _run_worker()
    assert not ScheduledRun.objects.filter(enqueued_at=first).exists()
    assert not DBTaskResult.objects.filter(finished_at=first).exists()
    assert ScheduledRun.objects.count() == DBTaskResult.objects.count() == len(jobs)


def test_a_slot_taken_by_another_worker_is_not_enqueued_again(jobs: list[str]) -> None:
    slot = schedule.jobs()[0].slot(NEXT_DAY)
    ScheduledRun.objects.create(job=jobs[0], slot=slot)
    with time_machine.travel(NEXT_DAY, tick=False):
        assert services.scheduled_jobs_enqueue() == jobs[1:]


def test_a_slot_taken_between_the_check_and_the_insert_is_not_enqueued(
    jobs: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    with time_machine.travel(NEXT_DAY, tick=False):
        services.scheduled_jobs_enqueue()
        # Another worker's rows, committed after this worker looked: the constraint decides.
        monkeypatch.setattr(QuerySet, "exists", lambda self: False)
        assert services.scheduled_jobs_enqueue() == []
    assert DBTaskResult.objects.count() == ScheduledRun.objects.count() == len(jobs)


def test_a_failing_job_is_recorded_and_the_others_still_run(
    jobs: list[str], booking: Booking
) -> None:
    schedule.register(name="tests.failing_job", task=failing_job, every=HOUR)
    with time_machine.travel(NEXT_DAY, tick=False):
        _run_worker()

    failed = DBTaskResult.objects.get(
        pk=ScheduledRun.objects.get(job="tests.failing_job").task_result_id
    )
    assert failed.status == "FAILED"
    assert failed.exception_class_path == "builtins.RuntimeError"
    assert "the job broke" in failed.traceback
    booking.refresh_from_db()
    assert booking.purged_at == NEXT_DAY
