"""Site plans, concerns with pins, their photos and the concerns chart, through the
services (issue 14, part 2)."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from conftest import World
from helhedsplan.panels import presentation, queries, services
from helhedsplan.panels.models import Concern, ConcernPhoto, Meeting, SitePlan
from helhedsplan.panels.tests.helpers import (
    PDF,
    a_concern,
    a_meeting,
    a_panel,
    a_site_plan,
    a_walk,
    bomb,
    concern_details,
    image,
    upload,
)

DAY = datetime.date(2020, 3, 10)


def _meeting(world: World) -> Meeting:
    return a_meeting(a_panel(world.programme, world.vapnagaard), DAY, by=world.user("staff"))


# Site plans


@pytest.mark.parametrize(("kind", "content_type"), [("PNG", "image/png"), ("JPEG", "image/jpeg")])
def test_a_site_plan_is_kept_with_its_type_and_size(world: World, kind, content_type) -> None:
    plan = services.site_plan_upload(
        estate=world.vapnagaard,
        upload=upload(image(kind, (640, 480)), "kort.bin"),
        uploaded_by=world.user("staff"),
    )
    assert (plan.content_type, plan.width, plan.height) == (content_type, 640, 480)
    assert plan.programme == world.programme
    assert plan.image.read().startswith(image(kind, (640, 480))[:3])


@pytest.mark.parametrize(
    "content",
    [
        PDF,  # not an image, whatever its name says
        b"\x89PNG\r\n\x1a\n" + b"\x00" * 200,  # a PNG's signature on nothing
        b"GIF89a" + b"\x00" * 100,
        b"",
    ],
    ids=["pdf", "damaged-png", "gif", "empty"],
)
def test_a_file_that_is_not_a_png_or_jpeg_is_refused(world: World, content: bytes) -> None:
    with pytest.raises(ValidationError) as refused:
        services.site_plan_upload(
            estate=world.vapnagaard, upload=upload(content, "kort.png"), uploaded_by=None
        )
    assert "PNG eller JPEG" in str(refused.value)
    assert not SitePlan.objects.exists()


def test_a_decompression_bomb_is_refused_from_its_header(world: World) -> None:
    # 10 billion pixels declared in a file of under a hundred bytes; also one just over the
    # cap, below the size at which Pillow itself would object.
    for content in (bomb(), bomb(8000, 5001)):
        assert len(content) < 200
        with pytest.raises(ValidationError):
            services.site_plan_upload(
                estate=world.vapnagaard, upload=upload(content, "kort.png"), uploaded_by=None
            )
    assert not SitePlan.objects.exists()


def test_a_file_over_10_mb_is_refused(world: World) -> None:
    content = image("PNG") + b"\x00" * (services.IMAGE_MAX_BYTES)
    with pytest.raises(ValidationError):
        services.site_plan_upload(
            estate=world.vapnagaard, upload=upload(content, "kort.png"), uploaded_by=None
        )
    assert not SitePlan.objects.exists()


# Concerns and pins


def test_a_concern_raised_at_a_meeting_is_of_its_estate_and_day(world: World) -> None:
    meeting = _meeting(world)
    plan = a_site_plan(world.vapnagaard, by=world.user("staff"))
    concern = a_concern(meeting=meeting, by=world.user("staff"), pin_x=250, pin_y=1000)
    assert (concern.estate, concern.raised_on, concern.meeting) == (world.vapnagaard, DAY, meeting)
    assert (concern.site_plan, concern.pin_x, concern.pin_y) == (plan, 250, 1000)
    unpinned = a_concern(meeting=meeting, by=world.user("staff"))
    assert unpinned.site_plan is None and unpinned.pin_x is None


@pytest.mark.parametrize(
    ("pin", "field"),
    [((1001, 10), "pin_x"), ((10, 1001), "pin_y"), ((-1, 10), "pin_x"), ((500, None), "pin_y")],
)
def test_a_pin_outside_the_plan_or_half_given_is_refused(world: World, pin, field) -> None:
    meeting = _meeting(world)
    a_site_plan(world.vapnagaard, by=world.user("staff"))
    with pytest.raises(ValidationError) as refused:
        a_concern(meeting=meeting, by=world.user("staff"), pin_x=pin[0], pin_y=pin[1])
    assert field in refused.value.error_dict
    assert not Concern.objects.exists()


def test_a_pin_without_a_site_plan_is_refused(world: World) -> None:
    meeting = _meeting(world)
    # Nøjsomhed's plan is no plan for Vapnagaard.
    a_site_plan(world.nojsomhed, by=world.user("administrator"))
    with pytest.raises(ValidationError) as refused:
        a_concern(meeting=meeting, by=world.user("staff"), pin_x=100, pin_y=100)
    assert "intet områdekort" in str(refused.value)
    assert not Concern.objects.exists()


def test_a_concern_is_raised_at_a_held_meeting_or_on_a_walk_not_both(world: World) -> None:
    meeting = _meeting(world)
    walk = a_walk(meeting.panel, DAY, by=world.user("staff"))
    with pytest.raises(ValidationError):
        a_concern(meeting=meeting, walk=walk, by=world.user("staff"))
    with pytest.raises(ValidationError):
        a_concern(by=world.user("staff"))
    # The walk's follow-up meeting is only planned: nothing has been raised at it yet.
    with pytest.raises(ValidationError, match="ikke holdt"):
        a_concern(meeting=walk.follow_up, by=world.user("staff"))
    found = a_concern(walk=walk, by=world.user("staff"))
    assert (found.walk, found.raised_on, found.estate) == (walk, DAY, world.vapnagaard)


def test_a_pin_stays_on_its_plan_when_a_new_plan_comes(world: World) -> None:
    meeting = _meeting(world)
    old = a_site_plan(world.vapnagaard, by=world.user("staff"))
    pinned = a_concern(meeting=meeting, by=world.user("staff"), pin_x=100, pin_y=200)
    unpinned = a_concern(meeting=meeting, by=world.user("staff"))
    new = a_site_plan(world.vapnagaard, by=world.user("staff"), size=(800, 600))
    assert queries.newest_plan(world.vapnagaard) == new
    services.concern_update(concern=pinned, details=concern_details(pin_x=150, pin_y=250))
    services.concern_update(concern=unpinned, details=concern_details(pin_x=1, pin_y=2))
    pinned.refresh_from_db()
    unpinned.refresh_from_db()
    assert (pinned.site_plan, pinned.pin_x, pinned.pin_y) == (old, 150, 250)
    assert (unpinned.site_plan, unpinned.pin_x) == (new, 1)
    # Taking the pin away leaves the concern with its location in words.
    services.concern_update(concern=pinned, details=concern_details(location="Ved p-pladsen"))
    pinned.refresh_from_db()
    assert (pinned.site_plan, pinned.pin_x, pinned.location) == (None, None, "Ved p-pladsen")


# Photos


def test_photos_of_a_concern_are_images_checked_by_content(world: World) -> None:
    walk = a_walk(a_panel(world.programme, world.vapnagaard), DAY, by=world.user("staff"))
    concern = a_concern(walk=walk, by=world.user("staff"))
    truncated = image("JPEG", (200, 150))[:300]
    for content in (PDF, bomb(), b"not a photo", truncated):
        with pytest.raises(ValidationError, match="PNG eller JPEG"):
            services.concern_photo_add(
                concern=concern, upload=upload(content, "foto.jpg"), uploaded_by=None
            )
    assert not ConcernPhoto.objects.exists()
    photo = services.concern_photo_add(
        concern=concern, upload=upload(image("JPEG"), "foto.jpg"), uploaded_by=world.user("staff")
    )
    second = services.concern_photo_add(
        concern=concern, upload=upload(image("PNG"), "foto.png"), uploaded_by=None
    )
    assert (photo.content_type, second.content_type) == ("image/jpeg", "image/png")
    storage, name = photo.image.storage, photo.image.name
    assert storage.exists(name)
    services.concern_photo_delete(photo=photo)
    assert list(concern.photos.all()) == [second]


def test_a_photo_is_stored_without_its_metadata(world: World) -> None:
    walk = a_walk(a_panel(world.programme, world.vapnagaard), DAY, by=world.user("staff"))
    concern = a_concern(walk=walk, by=world.user("staff"))
    exif = Image.Exif()
    exif[0x010F] = "Telefonfabrikken"  # the camera's maker
    exif[0x0112] = 6  # taken with the phone on its side: to be turned upright
    exif[0x8825] = {2: (56.0, 1.0, 30.0)}  # where it was taken (GPS)
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 220, 200)).save(buffer, "JPEG", exif=exif)
    photo = services.concern_photo_add(
        concern=concern, upload=upload(buffer.getvalue(), "foto.jpg"), uploaded_by=None
    )
    with photo.image.open("rb") as stored, Image.open(stored) as image:
        assert (image.format, image.size) == ("JPEG", (30, 40))
        assert not image.getexif()


@pytest.mark.django_db(transaction=True)
def test_a_deleted_photo_leaves_the_storage(world: World) -> None:
    walk = a_walk(a_panel(world.programme, world.vapnagaard), DAY, by=world.user("staff"))
    concern = a_concern(walk=walk, by=world.user("staff"))
    photo = services.concern_photo_add(
        concern=concern, upload=upload(image("JPEG"), "foto.jpg"), uploaded_by=None
    )
    storage, name = photo.image.storage, photo.image.name
    services.concern_photo_delete(photo=photo)
    assert not storage.exists(name)


def test_a_concern_has_at_most_ten_photos(world: World) -> None:
    walk = a_walk(a_panel(world.programme, world.vapnagaard), DAY, by=world.user("staff"))
    concern = a_concern(walk=walk, by=world.user("staff"))
    for _ in range(services.PHOTOS_PER_CONCERN):
        services.concern_photo_add(concern=concern, upload=upload(image()), uploaded_by=None)
    with pytest.raises(ValidationError, match="højst 10"):
        services.concern_photo_add(concern=concern, upload=upload(image()), uploaded_by=None)


# The concerns chart


def test_concerns_are_counted_per_year_estate_and_category(world: World) -> None:
    by = world.user("administrator")
    vapnagaard = a_meeting(a_panel(world.programme, world.vapnagaard), DAY, by=by)
    nojsomhed = a_meeting(a_panel(world.programme, world.nojsomhed), DAY, by=by)
    earlier = a_meeting(vapnagaard.panel, datetime.date(2019, 5, 1), by=by)
    for meeting, category in [
        (vapnagaard, "lighting"),
        (vapnagaard, "lighting"),
        (vapnagaard, "traffic"),
        (nojsomhed, "lighting"),
        (earlier, "litter"),
    ]:
        a_concern(meeting=meeting, by=by, category=category)
    counts = queries.concern_counts(world.programme, year=2020)
    assert [(r["estate__name"], r["category"], r["count"]) for r in counts] == [
        ("Nøjsomhed", "lighting", 1),
        ("Vapnagaard", "lighting", 2),
        ("Vapnagaard", "traffic", 1),
    ]
    everything = queries.concern_counts(world.programme)
    assert {(r["year"], r["category"], r["count"]) for r in everything} >= {(2019, "litter", 1)}
    limited = queries.concern_counts(
        world.programme, estate_ids=frozenset({world.vapnagaard.pk}), year=2020
    )
    assert {r["estate__name"] for r in limited} == {"Vapnagaard"}

    table = presentation.concern_table(counts)
    assert table.estates == ["Nøjsomhed", "Vapnagaard"]
    by_category = {row.category: row.counts for row in table.rows}
    assert by_category["Belysning"] == [1, 2]
    assert by_category["Trafik"] == [0, 1]
    assert by_category["Andet"] == [0, 0]
    chart = presentation.concern_chart(table, 2020)
    # Its description states every figure of the table; a bar per estate and category.
    assert "Belysning: Nøjsomhed 1, Vapnagaard 2; " in chart
    assert chart.count('class="chart-bar"') == 7 * 2
    # Counts: the axis runs 0, 1, 2, without halves between.
    assert ">0,5<" not in chart and ">1<" in chart
