"""The pages of site plans, concerns, photos, safety walks and the concerns chart through the
test client (issue 14, part 2): estate limits, retry-safe create forms, and the plan and
photo files served only to those who keep the estate."""

from __future__ import annotations

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import World
from helhedsplan.panels import services
from helhedsplan.panels.models import Concern, ConcernPhoto, SitePlan, Walk
from helhedsplan.panels.tests.helpers import (
    a_concern,
    a_meeting,
    a_panel,
    a_site_plan,
    image,
    upload,
)

DAY = datetime.date(2020, 3, 10)


def _url(name: str, world: World, **kwargs: object) -> str:
    return reverse(f"panels:{name}", kwargs={"slug": world.programme.slug, **kwargs})


def _file(kind: str, pk: int) -> str:
    return reverse("core:private_file", args=[kind, pk])


def _concern_data(**changes: object) -> dict:
    return {
        "category": "lighting",
        "description": "Lampen er gået.",
        "location": "Stien ved nr. 12",
        "time_of_day": "evening",
        "week_pattern": "",
        "pin_x": "250",
        "pin_y": "750",
        "idempotency_key": "concern-key-1",
    } | changes


def test_the_police_upload_their_estates_plan_and_see_it(client, world: World) -> None:
    client.force_login(world.user("police"))
    url = _url("site_plan", world, estate_id=world.vapnagaard.pk)
    assert "intet områdekort" in client.get(url).content.decode()
    refused = client.post(
        _url("site_plan_upload", world, estate_id=world.vapnagaard.pk),
        {"image": upload(b"%PDF-1.4 no image", "kort.png"), "idempotency_key": "plan-1"},
    )
    assert refused.status_code == 400 and not SitePlan.objects.exists()
    sent = {"image": upload(image("JPEG", (300, 200)), "kort.jpg"), "idempotency_key": "plan-2"}
    response = client.post(_url("site_plan_upload", world, estate_id=world.vapnagaard.pk), sent)
    assert response.url == url
    # Sent again (a retry over a bad connection): the same answer, one plan.
    sent["image"] = upload(image("JPEG", (300, 200)), "kort.jpg")
    again = client.post(_url("site_plan_upload", world, estate_id=world.vapnagaard.pk), sent)
    assert again.url == url
    plan = SitePlan.objects.get()
    page = client.get(url).content.decode()
    assert _file("panel-site-plan", plan.pk) in page
    served = client.get(_file("panel-site-plan", plan.pk))
    assert served.status_code == 200 and served["Content-Type"] == "image/jpeg"
    # Nøjsomhed is not theirs.
    assert client.get(_url("site_plan", world, estate_id=world.nojsomhed.pk)).status_code == 403


def test_plans_and_photos_are_no_files_to_those_who_do_not_keep_the_estate(
    client, world: World
) -> None:
    plan = a_site_plan(world.nojsomhed, by=world.user("administrator"))
    meeting = a_meeting(
        a_panel(world.programme, world.nojsomhed), DAY, by=world.user("administrator")
    )
    concern = a_concern(meeting=meeting, by=world.user("administrator"), pin_x=1, pin_y=2)
    photo = services.concern_photo_add(concern=concern, upload=upload(image()), uploaded_by=None)
    for who in ("outsider", "police", "board"):
        client.force_login(world.user(who))
        assert client.get(_file("panel-site-plan", plan.pk)).status_code == 404, who
        assert client.get(_file("panel-photo", photo.pk)).status_code == 404, who
    client.logout()
    assert client.get(_file("panel-photo", photo.pk)).status_code == 302
    client.force_login(world.user("secretariat_head"))
    assert client.get(_file("panel-site-plan", plan.pk)).status_code == 200
    assert client.get(_file("panel-photo", photo.pk))["Content-Type"] == "image/png"


def test_a_concern_is_raised_from_the_meeting_page_with_a_pin(client, world: World) -> None:
    panel = a_panel(world.programme, world.vapnagaard)
    meeting = a_meeting(panel, DAY, by=world.user("staff"))
    plan = a_site_plan(world.vapnagaard, by=world.user("staff"))
    client.force_login(world.user("police"))
    meeting_page = client.get(meeting.get_absolute_url()).content.decode()
    url = _url("meeting_concern_create", world, panel_id=panel.pk, meeting_id=meeting.pk)
    assert url in meeting_page and "Ingen utrygheder registreret." in meeting_page
    form = client.get(url).content.decode()
    # The plan to click on, the script that places the pin, and the fields that work alone.
    assert _file("panel-site-plan", plan.pk) in form and "panels/pins.js" in form
    assert "Vandret placering (0-1000 fra venstre)" in form
    refused = client.post(url, _concern_data(pin_x="1001"))
    assert refused.status_code == 400 and not Concern.objects.exists()
    response = client.post(url, _concern_data())
    concern = Concern.objects.get()
    assert response.url == _url("concern", world, concern_id=concern.pk)
    assert (concern.site_plan, concern.pin_x, concern.pin_y) == (plan, 250, 750)
    assert (concern.meeting, concern.raised_on) == (meeting, DAY)
    # Sent again: the first answer, one concern.
    assert client.post(url, _concern_data()).url == response.url
    assert Concern.objects.count() == 1
    detail = client.get(response.url).content.decode()
    assert "Nål 1: Belysning, Stien ved nr. 12" in detail
    assert 'cx="100.0" cy="225.0"' in detail  # 250 and 750 thousandths of 400 × 300
    assert "Stien ved nr. 12" in client.get(meeting.get_absolute_url()).content.decode()
    plan_page = client.get(_url("site_plan", world, estate_id=world.vapnagaard.pk))
    assert "Nål 1: Belysning" in plan_page.content.decode()


def test_a_concern_is_changed_and_its_pin_moved(client, world: World) -> None:
    meeting = a_meeting(a_panel(world.programme, world.vapnagaard), DAY, by=world.user("staff"))
    a_site_plan(world.vapnagaard, by=world.user("staff"))
    concern = a_concern(meeting=meeting, by=world.user("staff"), pin_x=10, pin_y=20)
    client.force_login(world.user("staff"))
    url = _url("concern_update", world, concern_id=concern.pk)
    assert 'value="Stien ved nr. 12"' in client.get(url).content.decode()
    data = _concern_data(category="traffic", pin_x="500", pin_y="", idempotency_key="")
    assert client.post(url, data).status_code == 400
    assert client.post(url, _concern_data(category="traffic", pin_x="500")).status_code == 302
    concern.refresh_from_db()
    assert (concern.category, concern.pin_x, concern.pin_y) == ("traffic", 500, 750)


def test_the_concern_list_filters_and_keeps_to_the_persons_estates(client, world: World) -> None:
    by = world.user("administrator")
    joint = a_panel(world.programme, None)
    in_vapnagaard = a_meeting(joint, DAY, by=by, estate=world.vapnagaard)
    in_nojsomhed = a_meeting(joint, DAY, by=by, estate=world.nojsomhed)
    a_concern(meeting=in_vapnagaard, by=by, location="Lygten ved Vapnagaard 3")
    a_concern(meeting=in_vapnagaard, by=by, location="Krydset ved skolen", category="traffic")
    a_concern(meeting=in_nojsomhed, by=by, location="Nøjsomheds gangsti")
    later = a_meeting(joint, datetime.date(2021, 2, 2), by=by, estate=world.vapnagaard)
    a_concern(meeting=later, by=by, location="Cykelkælderen")
    url = _url("concerns", world, panel_id=joint.pk)
    client.force_login(world.user("police"))
    page = client.get(url).content.decode()
    assert "Lygten ved Vapnagaard 3" in page and "Nøjsomheds gangsti" not in page
    page = client.get(url, {"category": "traffic"}).content.decode()
    assert "Krydset ved skolen" in page and "Lygten" not in page
    page = client.get(url, {"year": "2021"}).content.decode()
    assert "Cykelkælderen" in page and "Krydset" not in page
    client.force_login(world.user("secretariat_head"))
    page = client.get(url, {"estate": world.nojsomhed.pk}).content.decode()
    assert "Nøjsomheds gangsti" in page and "Lygten" not in page


def test_a_walk_with_a_concern_a_photo_and_its_follow_up(client, world: World) -> None:
    panel = a_panel(world.programme, world.vapnagaard)
    client.force_login(world.user("police"))
    assert (
        "Ingen tryghedsvandringer endnu." in client.get(panel.get_absolute_url()).content.decode()
    )
    data = {
        "walked_on": "11.03.2020",
        "estate": world.vapnagaard.pk,
        "residents": 7,
        "police": 2,
        "staff": 1,
        "municipality": 1,
        "housing": 1,
        "route": "Langs stien.",
        "idempotency_key": "walk-1",
    }
    response = client.post(_url("walk_create", world, panel_id=panel.pk), data)
    walk = Walk.objects.get()
    assert response.url == _url("walk", world, panel_id=panel.pk, walk_id=walk.pk)
    assert client.post(_url("walk_create", world, panel_id=panel.pk), data).url == response.url
    assert Walk.objects.count() == 1
    page = client.get(response.url).content.decode()
    assert walk.follow_up is not None
    assert walk.follow_up.get_absolute_url() in page and "09.09.2020" in page
    assert "11.03.2020" in client.get(panel.get_absolute_url()).content.decode()

    url = _url("walk_concern_create", world, panel_id=panel.pk, walk_id=walk.pk)
    client.post(url, _concern_data(pin_x="", pin_y="", location="Bag garagerne"))
    concern = Concern.objects.get()
    assert concern.walk == walk and concern.site_plan is None
    assert "Bag garagerne" in client.get(response.url).content.decode()

    photo_url = _url("photo_add", world, concern_id=concern.pk)
    assert "ikke folk: undgå ansigter" in client.get(photo_url).content.decode()
    refused = client.post(
        photo_url, {"image": upload(b"%PDF-1.4", "foto.jpg"), "idempotency_key": "photo-1"}
    )
    assert refused.status_code == 400 and not ConcernPhoto.objects.exists()
    for _ in range(2):
        client.post(
            photo_url, {"image": upload(image("JPEG"), "foto.jpg"), "idempotency_key": "photo-2"}
        )
    photo = ConcernPhoto.objects.get()
    detail = client.get(_url("concern", world, concern_id=concern.pk)).content.decode()
    assert _file("panel-photo", photo.pk) in detail
    assert client.get(_file("panel-photo", photo.pk)).status_code == 200
    delete = _url("photo_delete", world, concern_id=concern.pk, photo_id=photo.pk)
    assert client.post(delete).status_code == 302
    assert not ConcernPhoto.objects.exists()


def test_the_concerns_chart_counts_the_persons_estates(client, world: World) -> None:
    by = world.user("administrator")
    joint = a_panel(world.programme, None)
    in_vapnagaard = a_meeting(joint, DAY, by=by, estate=world.vapnagaard)
    in_nojsomhed = a_meeting(joint, DAY, by=by, estate=world.nojsomhed)
    for _ in range(3):
        a_concern(meeting=in_vapnagaard, by=by, category="hangout")
    a_concern(meeting=in_nojsomhed, by=by, category="hangout")
    a_concern(
        meeting=a_meeting(joint, datetime.date(2019, 6, 1), by=by, estate=world.vapnagaard),
        by=by,
    )
    url = _url("concern_report", world)
    client.force_login(world.user("secretariat_head"))
    page = client.get(url).content.decode()
    assert "<svg" in page and "Opholdssteder: Nøjsomhed 1, Vapnagaard 3" in page
    assert "<td>3</td>" in page
    page = client.get(url, {"year": "2019"}).content.decode()
    assert "Belysning: Vapnagaard 1" in page
    client.force_login(world.user("police"))
    page = client.get(url).content.decode()
    assert "Opholdssteder: Vapnagaard 3" in page and "Nøjsomhed" not in page


def test_a_plans_page_asks_the_database_as_often_with_many_pins(client, world: World) -> None:
    meeting = a_meeting(a_panel(world.programme, world.vapnagaard), DAY, by=world.user("staff"))
    a_site_plan(world.vapnagaard, by=world.user("staff"))
    client.force_login(world.user("police"))
    url = _url("site_plan", world, estate_id=world.vapnagaard.pk)
    client.get(url)  # the session's first page asks more of it

    def queries_with(pins: int) -> int:
        while Concern.objects.count() < pins:
            a_concern(meeting=meeting, by=world.user("staff"), pin_x=pins * 50, pin_y=500)
        with CaptureQueriesContext(connection) as asked:
            assert f"Nål {pins}:" in client.get(url).content.decode()
        return len(asked)

    assert queries_with(1) == queries_with(8)
