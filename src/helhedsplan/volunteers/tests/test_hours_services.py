"""Tasks and hours through their services: a task per estate, its volunteers, and the week's
sheet saved whole in one transaction."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from conftest import World
from helhedsplan.privacy import queries as privacy_queries
from helhedsplan.privacy import services as privacy_services
from helhedsplan.privacy.models import ErasureReason
from helhedsplan.volunteers import queries, services
from helhedsplan.volunteers.models import Assignment, HourEntry, Task
from helhedsplan.volunteers.register import REGISTER
from helhedsplan.volunteers.services import Cell
from helhedsplan.volunteers.tests.helpers import a_volunteer

MONDAY = datetime.date(2025, 3, 3)
TUESDAY, WEDNESDAY = MONDAY + datetime.timedelta(days=1), MONDAY + datetime.timedelta(days=2)
TODAY = datetime.date(2025, 3, 9)


def _task(world: World, **changes: Any) -> Task:
    details: dict[str, Any] = {
        "programme": world.programme,
        "estate": world.vapnagaard,
        "name": "Lektiecafé, tirsdage",
        "activity": None,
        "event": None,
        "started_on": datetime.date(2025, 1, 1),
    } | changes
    return services.task_register(**details)


def _group(world: World, task: Task):
    staff = world.user("staff")
    frida = a_volunteer(world.programme, world.vapnagaard, by=staff, name="Frida Frivillig")
    otto = a_volunteer(world.programme, None, by=staff, name="Otto Udefra")
    for volunteer in (frida, otto):
        services.task_assign(task=task, volunteer=volunteer)
    return frida, otto


def _save(world: World, task: Task, volunteers, cells, today=TODAY):
    return services.week_sheet_save(
        task=task,
        monday=MONDAY,
        volunteers=volunteers,
        cells=cells,
        logged_by=world.user("staff"),
        today=today,
    )


def test_a_week_for_a_group_is_saved_and_changed_cells_only(world: World) -> None:
    task = _task(world)
    frida, otto = _group(world, task)
    saved = _save(
        world,
        task,
        [frida, otto],
        {
            Cell(frida.pk, TUESDAY): Decimal("1.5"),
            Cell(otto.pk, TUESDAY): Decimal("2"),
            Cell(otto.pk, WEDNESDAY): None,
        },
    )
    assert (saved.created, saved.changed, saved.deleted) == (2, 0, 0)
    assert HourEntry.objects.get(volunteer=frida).logged_by == world.user("staff")

    # The same sheet again writes nothing; a change and an emptied cell write one row each.
    again = _save(world, task, [frida, otto], {Cell(frida.pk, TUESDAY): Decimal("1.5")})
    assert (again.created, again.changed, again.deleted) == (0, 0, 0)
    history = HourEntry.history.count()
    saved = _save(
        world,
        task,
        [frida, otto],
        {Cell(frida.pk, TUESDAY): Decimal("3.25"), Cell(otto.pk, TUESDAY): None},
    )
    assert (saved.created, saved.changed, saved.deleted) == (0, 1, 1)
    assert HourEntry.history.count() == history + 2
    assert list(HourEntry.objects.values_list("volunteer__name", "hours")) == [
        ("Frida Frivillig", Decimal("3.25"))
    ]


@pytest.mark.parametrize(
    ("day", "hours", "message"),
    [
        (TUESDAY, Decimal("24.5"), "mellem 0,01 og 24"),
        (TUESDAY, Decimal("0"), "mellem 0,01 og 24"),
        (TUESDAY, Decimal("1.125"), "mellem 0,01 og 24"),
        (MONDAY + datetime.timedelta(days=6), Decimal("1"), "ikke er kommet"),
    ],
)
def test_a_refused_cell_is_named_and_nothing_is_written(
    world: World, day: datetime.date, hours: Decimal, message: str
) -> None:
    task = _task(world)
    frida, otto = _group(world, task)
    with pytest.raises(ValidationError) as refused:
        _save(
            world,
            task,
            [frida, otto],
            {Cell(otto.pk, MONDAY): Decimal("2"), Cell(frida.pk, day): hours},
            today=MONDAY + datetime.timedelta(days=5),
        )
    errors = refused.value.message_dict
    assert list(errors) == [Cell(frida.pk, day).name]
    assert message in errors[Cell(frida.pk, day).name][0]
    assert not HourEntry.objects.exists()


def test_hours_outside_the_task_or_beyond_a_day_across_tasks_are_refused(world: World) -> None:
    task = _task(world, started_on=WEDNESDAY)
    frida, _otto = _group(world, task)
    with pytest.raises(ValidationError, match="kørte ikke"):
        _save(world, task, [frida], {Cell(frida.pk, TUESDAY): Decimal("1")})
    other = _task(world, name="Havedag")
    services.task_assign(task=other, volunteer=frida)
    _save(world, other, [frida], {Cell(frida.pk, WEDNESDAY): Decimal("20")})
    with pytest.raises(ValidationError, match="mere end 24 timer"):
        _save(world, task, [frida], {Cell(frida.pk, WEDNESDAY): Decimal("5")})
    _save(world, task, [frida], {Cell(frida.pk, WEDNESDAY): Decimal("4")})


def test_a_cell_of_someone_not_on_the_sheet_is_refused(world: World) -> None:
    task = _task(world)
    frida, otto = _group(world, task)
    with pytest.raises(ValidationError, match="Arket er ændret"):
        _save(world, task, [frida], {Cell(otto.pk, TUESDAY): Decimal("1")})


def test_the_database_holds_the_invariants(world: World) -> None:
    task = _task(world)
    frida, _otto = _group(world, task)
    entry = {"task": task, "volunteer": frida, "day": TUESDAY}
    for hours in (Decimal("0"), Decimal("24.01")):
        with pytest.raises(IntegrityError), transaction.atomic():
            HourEntry.objects.create(hours=hours, **entry)
    with pytest.raises(IntegrityError), transaction.atomic():
        HourEntry.objects.create(
            hours=Decimal(1), logged_by=world.user("staff"), logged_by_volunteer=True, **entry
        )
    HourEntry.objects.create(hours=Decimal(1), logged_by_volunteer=True, **entry)
    with pytest.raises(IntegrityError), transaction.atomic():
        HourEntry.objects.create(hours=Decimal(2), **entry)
    with pytest.raises(IntegrityError), transaction.atomic():
        Assignment.objects.create(task=task, volunteer=frida)


def test_a_task_takes_residents_of_its_estate_and_non_residents_only(world: World) -> None:
    task = _task(world)
    nora = a_volunteer(world.programme, world.nojsomhed, by=world.user("secretariat_head"))
    with pytest.raises(ValidationError, match="opgavens boligområde"):
        services.task_assign(task=task, volunteer=nora)
    with pytest.raises(ValidationError, match="indsatsen"):
        _task(world, estate=world.other_programme.estates.get())


def test_unassigning_keeps_the_hours_and_ending_refuses_hours_after_the_end(world: World) -> None:
    task = _task(world)
    frida, otto = _group(world, task)
    _save(world, task, [frida, otto], {Cell(frida.pk, WEDNESDAY): Decimal("2")})
    services.task_unassign(task=task, volunteer=frida)
    assert HourEntry.objects.filter(volunteer=frida).exists()
    assert [task.assigned for task in queries.tasks_of(frida)] == [False]
    with pytest.raises(ValidationError, match="efter denne dato"):
        services.task_end(task=task, ended_on=TUESDAY)
    services.task_end(task=task, ended_on=WEDNESDAY)
    with pytest.raises(ValidationError, match="afsluttet"):
        services.task_assign(task=task, volunteer=frida)


def test_the_volunteers_hours_per_year_and_total_are_counted(world: World) -> None:
    task = _task(world, started_on=datetime.date(2024, 1, 1))
    frida, otto = _group(world, task)
    HourEntry.objects.create(task=task, volunteer=frida, day=datetime.date(2024, 6, 1), hours=2)
    _save(world, task, [frida, otto], {Cell(frida.pk, TUESDAY): Decimal("1.5")})
    _save(world, task, [frida, otto], {Cell(otto.pk, TUESDAY): Decimal("7")})
    years = [(row.year, row.hours) for row in queries.hours_per_year(frida)]
    assert years == [(2024, Decimal("2")), (2025, Decimal("1.5"))]
    assert queries.hours_total(frida) == Decimal("3.5")
    assert [task.hours for task in queries.tasks_of(frida)] == [Decimal("3.5")]


def test_the_latest_hour_counts_as_activity(world: World) -> None:
    task = _task(world, started_on=datetime.date(2019, 1, 1))
    frida = a_volunteer(
        world.programme,
        world.vapnagaard,
        by=world.user("staff"),
        started_on=datetime.date(2019, 5, 1),
    )
    services.volunteer_end(volunteer=frida, ended_on=datetime.date(2019, 6, 1))
    # The record's last change would count; make it old, as the retention sees a quiet record.
    type(frida).objects.filter(pk=frida.pk).update(
        updated_at=timezone.make_aware(datetime.datetime(2019, 6, 1))
    )
    assert privacy_queries.last_activity_of(frida, REGISTER) == datetime.date(2019, 6, 1)
    HourEntry.objects.create(task=task, volunteer=frida, day=datetime.date(2019, 9, 3), hours=1)
    assert privacy_queries.last_activity_of(frida, REGISTER) == datetime.date(2019, 9, 3)


def test_export_and_erasure_cover_assignments_and_hours(world: World) -> None:
    task = _task(world)
    frida, otto = _group(world, task)
    _save(world, task, [frida, otto], {Cell(frida.pk, TUESDAY): Decimal("1.5")})
    data = privacy_queries.personal_data_json(frida, REGISTER)
    # The assignment and the hours; every other kind (cards, certificates, …) has none here.
    counts = {title: len(rows) for title, rows in data["related"].items()}
    assert (counts.pop("tilknytninger til opgaver"), counts.pop("timer")) == (1, 1)
    assert not any(counts.values())
    pk = frida.pk
    privacy_services.person_erase(
        person=frida, erased_by=world.user("secretariat_head"), reason=ErasureReason.BY_HAND
    )
    assert not HourEntry.objects.filter(volunteer_id=pk).exists()
    assert not HourEntry.history.filter(volunteer_id=pk).exists()
    assert not Assignment.history.filter(volunteer_id=pk).exists()
    # The task and the other volunteer's place on it stay.
    assert list(task.volunteers.all()) == [otto]


def test_erasure_takes_the_history_of_hours_cleared_before_it(world: World) -> None:
    """An hour cleared on the sheet leaves a history record tying its day and task to the
    volunteer; the related rows no longer find it, the erasure must still delete it."""
    task = _task(world)
    frida, _otto = _group(world, task)
    _save(world, task, [frida], {Cell(frida.pk, TUESDAY): Decimal("1.5")})
    _save(world, task, [frida], {Cell(frida.pk, TUESDAY): None})
    assert not HourEntry.objects.filter(volunteer=frida).exists()
    assert HourEntry.history.filter(volunteer_id=frida.pk).count() == 2
    pk = frida.pk
    privacy_services.person_erase(
        person=frida, erased_by=world.user("secretariat_head"), reason=ErasureReason.BY_HAND
    )
    assert not HourEntry.history.filter(volunteer_id=pk).exists()
    assert not Assignment.history.filter(volunteer_id=pk).exists()


def test_the_sheet_refuses_days_outside_the_volunteers_own_period(world: World) -> None:
    task = _task(world)
    staff = world.user("staff")
    new = a_volunteer(
        world.programme, world.vapnagaard, by=staff, name="Nina Ny", started_on=WEDNESDAY
    )
    services.task_assign(task=task, volunteer=new)
    frida, _otto = _group(world, task)
    services.volunteer_end(volunteer=frida, ended_on=TUESDAY)
    frida.refresh_from_db()
    cells = {
        Cell(new.pk, TUESDAY): Decimal("1"),
        Cell(frida.pk, WEDNESDAY): Decimal("1"),
    }
    with pytest.raises(ValidationError) as refused:
        _save(world, task, [new, frida], cells)
    assert refused.value.message_dict == {
        Cell(new.pk, TUESDAY).name: ["Nina Ny var ikke frivillig den 04.03.2025."],
        Cell(frida.pk, WEDNESDAY).name: ["Frida Frivillig var ikke frivillig den 05.03.2025."],
    }
    saved = _save(
        world,
        task,
        [new, frida],
        {Cell(new.pk, WEDNESDAY): Decimal("1"), Cell(frida.pk, TUESDAY): Decimal("1")},
    )
    assert saved.created == 2
