"""The actions' reports (issue 14, part 2): the list as a spreadsheet, and the share done on
time per responsible party and year."""

from __future__ import annotations

import datetime
import io

from django.urls import reverse
from openpyxl import load_workbook

from conftest import World
from helhedsplan.accounts.models import Organisation
from helhedsplan.panels import queries, services
from helhedsplan.panels.models import ActionItem, ActionStatus
from helhedsplan.panels.tests.helpers import a_concern_in, an_action

DUE = datetime.date(2020, 4, 30)
LATER = datetime.date(2021, 6, 1)


def _year_of_actions(world: World) -> None:
    """The municipality's actions due in 2020: one done on time, one done late, one rejected
    and one still open; the police's one done on time, due in 2021."""
    concern = a_concern_in(world.programme, world.vapnagaard)
    by = world.user("staff")
    on_time, late, rejected, _open = (
        an_action(concern, by=by, due_on=DUE, description=text)
        for text in ("Til tiden", "For sent", "Afvist", "Stadig åben")
    )
    services.action_set_status(
        action=on_time, status=ActionStatus.DONE, by=by, closed_on=DUE, today=LATER
    )
    services.action_set_status(
        action=late,
        status=ActionStatus.DONE,
        by=by,
        closed_on=DUE + datetime.timedelta(days=1),
        today=LATER,
    )
    services.action_set_status(
        action=rejected, status=ActionStatus.REJECTED, by=by, reason="Ikke vores", today=LATER
    )
    police = an_action(
        concern,
        by=by,
        party=Organisation.POLICE,
        due_on=datetime.date(2021, 1, 15),
        description="Patrulje",
    )
    services.action_set_status(
        action=police,
        status=ActionStatus.DONE,
        by=by,
        closed_on=datetime.date(2021, 1, 10),
        today=LATER,
    )


def test_the_share_done_on_time_leaves_out_the_rejected_and_counts_the_overdue_as_late(
    world: World,
) -> None:
    _year_of_actions(world)

    rows = queries.on_time_per_party_and_year(ActionItem.objects.all(), today=LATER)

    assert [(row.party, row.year, row.due, row.on_time) for row in rows] == [
        ("police", 2021, 1, 1),
        ("municipality", 2020, 3, 1),
    ]
    assert [row.share for row in rows] == ["1 af 1 (100,0 %)", "1 af 3 (33,3 %)"]


def test_an_open_action_not_yet_due_is_not_counted_until_its_due_date_passes(
    world: World,
) -> None:
    concern = a_concern_in(world.programme, world.vapnagaard)
    an_action(concern, by=world.user("staff"), due_on=DUE, description="Åben, frist i april")

    def counted(today: datetime.date) -> list[tuple[str, int, int, int]]:
        rows = queries.on_time_per_party_and_year(ActionItem.objects.all(), today=today)
        return [(row.party, row.year, row.due, row.on_time) for row in rows]

    assert counted(DUE) == []
    assert counted(DUE + datetime.timedelta(days=1)) == [("municipality", 2020, 1, 0)]


def test_the_report_page_shows_the_shares_and_says_what_is_counted(client, world: World) -> None:
    _year_of_actions(world)
    client.force_login(world.user("staff"))

    page = client.get(reverse("panels:action_report", args=[world.programme.slug]))

    text = page.content.decode()
    assert "1 af 3 (33,3 %)" in text
    assert "Afviste handlinger tæller ikke med" in text


def test_the_partner_s_report_counts_their_organisation_only(client, world: World) -> None:
    _year_of_actions(world)
    client.force_login(world.user("police_partner"))

    text = client.get(reverse("panels:action_report", args=[world.programme.slug])).content

    assert "1 af 1 (100,0 %)" in text.decode()
    assert "1 af 3" not in text.decode()


def test_the_spreadsheet_has_the_filtered_list_with_dates_and_the_report(
    client, world: World
) -> None:
    _year_of_actions(world)
    client.force_login(world.user("secretariat_head"))

    response = client.get(
        reverse("panels:action_export", args=[world.programme.slug]), {"party": "municipality"}
    )

    assert response.status_code == 200
    assert 'filename="handlinger.xlsx"' in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.content))
    actions, on_time = workbook.worksheets
    rows = [[cell.value for cell in row] for row in actions.iter_rows()]
    assert rows[0][:3] == ["Handling", "Boligområde", "Kategori"]
    assert "Frist" in rows[0] and "Overskredet" in rows[0]
    assert {row[0] for row in rows[1:]} == {"Til tiden", "For sent", "Afvist", "Stadig åben"}
    due = rows[0].index("Frist")
    assert rows[1][due] == datetime.datetime(2020, 4, 30)
    open_row = next(row for row in rows if row[0] == "Stadig åben")
    assert open_row[rows[0].index("Overskredet")] == "Ja"
    report = [[cell.value for cell in row] for row in on_time.iter_rows()]
    assert report[0][0] == "Ansvarlig part"
    assert ["Kommunen", 2020, 3, 1, "1 af 3 (33,3 %)"] in report
