"""Tasks and the week's sheet through the test client: a staff member sets up a task, puts a
group on it and logs their week; errors are named by volunteer and day; a repeated POST
writes once; other estates' tasks are not theirs."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.urls import reverse

from conftest import World
from helhedsplan.core import idempotency
from helhedsplan.volunteers import services
from helhedsplan.volunteers.models import HourEntry, Task
from helhedsplan.volunteers.services import Cell
from helhedsplan.volunteers.tests.helpers import a_volunteer

MONDAY = datetime.date(2025, 3, 3)
TUESDAY = MONDAY + datetime.timedelta(days=1)


def _task(world: World, estate=None) -> Task:
    return services.task_register(
        programme=world.programme,
        estate=estate or world.vapnagaard,
        name="Lektiecafé, tirsdage",
        activity=None,
        event=None,
        started_on=datetime.date(2025, 1, 1),
    )


def _sheet_url(world: World, task: Task, week: int = 10) -> str:
    return reverse("volunteers:week_sheet", args=[world.programme.slug, task.pk, 2025, week])


def _group(world: World, task: Task):
    staff = world.user("staff")
    frida = a_volunteer(world.programme, world.vapnagaard, by=staff, name="Frida Frivillig")
    otto = a_volunteer(world.programme, None, by=staff, name="Otto Udefra")
    for volunteer in (frida, otto):
        services.task_assign(task=task, volunteer=volunteer)
    return frida, otto


def test_staff_set_up_a_task_and_put_a_volunteer_on_it(client, world: World) -> None:
    staff = world.user("staff")
    frida = a_volunteer(world.programme, world.vapnagaard, by=staff)
    client.force_login(staff)
    response = client.post(
        reverse("volunteers:task_create", args=[world.programme.slug]),
        {"name": "Lektiecafé, tirsdage", "estate": world.vapnagaard.pk, "started_on": "01.01.2025"},
    )
    task = Task.objects.get()
    assert response.status_code == 302 and response.url == task.get_absolute_url()
    client.post(
        reverse("volunteers:task_assign", args=[world.programme.slug, task.pk]),
        {"volunteer": frida.pk},
    )
    assert list(task.volunteers.all()) == [frida]
    page = client.get(task.get_absolute_url()).content.decode()
    assert "Frida Frivillig" in page and "Registrér ugens timer" in page
    client.post(reverse("volunteers:task_unassign", args=[world.programme.slug, task.pk, frida.pk]))
    assert not task.volunteers.exists()
    client.post(
        reverse("volunteers:task_end", args=[world.programme.slug, task.pk]),
        {"end-ended_on": "2025-02-01"},
    )
    task.refresh_from_db()
    assert task.ended_on == datetime.date(2025, 2, 1)


def test_a_refused_task_names_its_field(client, world: World) -> None:
    client.force_login(world.user("staff"))
    response = client.post(
        reverse("volunteers:task_create", args=[world.programme.slug]),
        {"name": "Havedag", "estate": world.nojsomhed.pk, "started_on": "01.01.2025"},
    )
    assert response.status_code == 400 and not Task.objects.exists()


def test_the_week_sheet_logs_a_groups_hours_with_a_decimal_comma(client, world: World) -> None:
    task = _task(world)
    frida, otto = _group(world, task)
    client.force_login(world.user("staff"))
    page = client.get(_sheet_url(world, task))
    html = page.content.decode()
    assert "uge 10, 2025" in html and "3. marts 2025" in html
    assert _sheet_url(world, task, 9) in html and _sheet_url(world, task, 11) in html
    key = page.context["form"]["idempotency_key"].value()
    data = {
        "idempotency_key": key,
        Cell(frida.pk, TUESDAY).name: "1,5",
        Cell(otto.pk, TUESDAY).name: "2",
    }

    response = client.post(_sheet_url(world, task), data)
    assert response.status_code == 302 and response.url == _sheet_url(world, task)
    assert sorted(HourEntry.objects.values_list("volunteer__name", "hours")) == [
        ("Frida Frivillig", Decimal("1.5")),
        ("Otto Udefra", Decimal("2")),
    ]
    # The answer was lost and the browser posts again: the first answer, nothing written.
    again = client.post(_sheet_url(world, task), data)
    assert again.status_code == 302 and again[idempotency.REPLAYED_HEADER] == "true"
    assert HourEntry.objects.count() == 2

    reloaded = client.get(_sheet_url(world, task)).content.decode()
    assert 'value="1,5"' in reloaded
    emptied = {Cell(frida.pk, TUESDAY).name: "", Cell(otto.pk, TUESDAY).name: "2"}
    client.post(_sheet_url(world, task), emptied | {"idempotency_key": "another-key"})
    assert list(HourEntry.objects.values_list("volunteer__name", flat=True)) == ["Otto Udefra"]


def test_errors_are_named_by_volunteer_and_day_and_nothing_is_saved(client, world: World) -> None:
    task = _task(world)
    frida, otto = _group(world, task)
    client.force_login(world.user("staff"))
    response = client.post(
        _sheet_url(world, task),
        {
            "idempotency_key": "k1",
            Cell(frida.pk, TUESDAY).name: "halvanden",
            Cell(otto.pk, TUESDAY).name: "25",
            Cell(otto.pk, MONDAY).name: "1",
        },
    )
    assert response.status_code == 400
    summary = response.content.decode().split('class="error-summary"')[1].split("</ul>")[0]
    assert "Frida Frivillig, tirsdag 4. marts: Skriv timerne som et tal" in summary
    assert "Otto Udefra, tirsdag 4. marts: Skriv mellem 0,01 og 24 timer" not in summary
    assert not HourEntry.objects.exists()

    # Once it parses, the service's range is named the same way.
    response = client.post(
        _sheet_url(world, task),
        {"idempotency_key": "k2", Cell(otto.pk, TUESDAY).name: "25"},
    )
    summary = response.content.decode().split('class="error-summary"')[1].split("</ul>")[0]
    assert "Otto Udefra, tirsdag 4. marts: Skriv mellem 0,01 og 24 timer." in summary
    assert f'href="#id_{Cell(otto.pk, TUESDAY).name}"' in summary
    assert not HourEntry.objects.exists()


def test_a_week_that_does_not_exist_is_not_found(client, world: World) -> None:
    task = _task(world)
    client.force_login(world.user("staff"))
    assert client.get(_sheet_url(world, task, 54)).status_code == 404


def test_staff_of_another_estate_cannot_reach_the_task(client, world: World) -> None:
    task = _task(world, world.nojsomhed)
    client.force_login(world.user("staff"))
    assert client.get(task.get_absolute_url()).status_code == 403
    assert client.get(_sheet_url(world, task)).status_code == 403
    assert (
        client.get(reverse("volunteers:task_list", args=[world.programme.slug])).status_code == 200
    )
    client.force_login(world.user("board"))
    assert (
        client.get(reverse("volunteers:task_list", args=[world.programme.slug])).status_code == 403
    )


def test_the_volunteers_page_shows_their_tasks_and_hours(client, world: World) -> None:
    task = _task(world)
    frida, _otto = _group(world, task)
    HourEntry.objects.create(task=task, volunteer=frida, day=datetime.date(2024, 6, 1), hours=2)
    HourEntry.objects.create(task=task, volunteer=frida, day=TUESDAY, hours=Decimal("1.5"))
    client.force_login(world.user("staff"))
    page = client.get(frida.get_absolute_url()).content.decode()
    assert "Lektiecafé, tirsdage" in page and "3,5 timer" in page
    assert '<td>2024</td><td class="number">2</td>' in page
    assert '<td>2025</td><td class="number">1,5</td>' in page


def test_bad_numbers_get_a_refusal_never_a_server_error(client, world: World) -> None:
    task = _task(world)
    frida, _otto = _group(world, task)
    client.force_login(world.user("staff"))
    assign = reverse("volunteers:task_assign", args=[world.programme.slug, task.pk])
    for bad in ["²", "99999999999999999999", "\x00", "1.5"]:
        assert client.post(assign, {"volunteer": bad}).status_code == 302
        response = client.post(_sheet_url(world, task), {Cell(frida.pk, TUESDAY).name: bad})
        assert response.status_code in {302, 400}, bad
    assert client.get(_sheet_url(world, task, 0)).status_code == 404
    big = reverse("volunteers:week_sheet", args=[world.programme.slug, task.pk, 99999, 1])
    assert client.get(big).status_code == 404
