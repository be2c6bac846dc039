"""The report back on a paid grant: participants, a short evaluation, receipts, photos with
the consent to use them; everything checked before anything is stored, and served only to
the application's keepers."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from conftest import World
from helhedsplan.grants import services
from helhedsplan.grants.models import (
    ATTACHMENT_MAX_BYTES,
    EVALUATION_MAX_CHARS,
    MOST_RECEIPTS,
    REPORT_FILES_MAX_BYTES,
    Application,
    CommitteeMeeting,
    Pool,
    Report,
    ReportFile,
    ReportFileRole,
    Status,
)
from helhedsplan.grants.tests.helpers import (
    EXE,
    JPEG,
    PDF,
    PNG,
    a_pool,
    an_application,
    paid_application,
    upload,
)
from helhedsplan.programmes.models import Estate

pytestmark = pytest.mark.django_db


@pytest.fixture
def pool(world: World) -> Pool:
    return a_pool(world.programme, by=world.user("secretariat_head"))


@pytest.fixture
def meeting(pool: Pool) -> CommitteeMeeting:
    return services.committee_meeting_add(pool=pool, held_on=datetime.date(2026, 5, 12))


def paid(world: World, pool: Pool, meeting: CommitteeMeeting, estate: Estate) -> Application:
    return paid_application(
        an_application(pool, estate), meeting=meeting, by=world.user("secretariat_head")
    )


def image(content: bytes, name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="image/jpeg")


def report(world: World, application: Application, **changes: Any) -> Report:
    values: dict[str, Any] = {
        "application": application,
        "participants_residents": 14,
        "participants_non_residents": 3,
        "evaluation": "Hyggeligt, og flere vil gerne fortsætte.",
        "receipts": [upload(PDF, "kvittering.pdf")],
        "photos": [],
        "photo_consent": False,
        "entered_by": world.user("staff"),
    } | changes
    return services.report_back_record(**values)


def _files() -> list[str]:
    if not default_storage.exists("grants/reports"):
        return []
    return default_storage.listdir("grants/reports")[1]


def _nothing_stored(application: Application) -> None:
    assert not Report.objects.exists() and not ReportFile.objects.exists()
    assert _files() == []
    application.refresh_from_db()
    assert application.status == Status.PAID


def test_a_report_with_receipts_and_photos_records_the_consent_and_reports_the_application(
    world: World, pool: Pool, meeting: CommitteeMeeting
) -> None:
    application = paid(world, pool, meeting, world.vapnagaard)
    recorded = report(
        world,
        application,
        receipts=[upload(PDF, "netto.pdf"), image(JPEG, "bon.jpg")],
        photos=[image(PNG, "cafe.png")],
        photo_consent=True,
    )
    application.refresh_from_db()
    assert application.status == Status.REPORTED
    assert (recorded.participants_residents, recorded.participants_non_residents) == (14, 3)
    assert recorded.photo_consent and recorded.photo_consent_by == world.user("staff")
    assert recorded.photo_consent_at is not None
    files = sorted(recorded.files.values_list("role", "original_name", "kind"))
    assert files == [
        (ReportFileRole.PHOTO, "cafe.png", "png"),
        (ReportFileRole.RECEIPT, "bon.jpg", "jpeg"),
        (ReportFileRole.RECEIPT, "netto.pdf", "pdf"),
    ]
    assert len(_files()) == 3
    stored = recorded.files.get(original_name="netto.pdf")
    assert stored.file.read() == PDF


def test_without_photos_no_consent_is_recorded(
    world: World, pool: Pool, meeting: CommitteeMeeting
) -> None:
    recorded = report(world, paid(world, pool, meeting, world.vapnagaard), photo_consent=True)
    assert not recorded.photo_consent
    assert recorded.photo_consent_by is None and recorded.photo_consent_at is None


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"receipts": []}, "receipts", "Vedlæg mindst én kvittering."),
        ({"receipts": [upload(EXE, "kvittering.pdf")]}, "receipts", "er ikke en PDF, JPEG"),
        ({"photos": [upload(PDF, "billede.pdf")], "photo_consent": True}, "photos", "ikke et"),
        ({"photos": [image(JPEG, "fest.jpg")]}, "photo_consent", "har sagt ja til"),
        ({"evaluation": "  "}, "evaluation", "Skriv en kort evaluering"),
        ({"evaluation": "x" * (EVALUATION_MAX_CHARS + 1)}, "evaluation", "Evalueringen må højst"),
        ({"participants_residents": -1}, "participants_residents", "negativt"),
        (
            {"receipts": [upload(PDF, f"k{n}.pdf") for n in range(MOST_RECEIPTS + 1)]},
            "receipts",
            "Højst 10 kvitteringer.",
        ),
    ],
)
def test_a_refused_report_stores_nothing(
    world: World,
    pool: Pool,
    meeting: CommitteeMeeting,
    changes: dict[str, Any],
    field: str,
    message: str,
) -> None:
    application = paid(world, pool, meeting, world.vapnagaard)
    # A good receipt and photo beside the bad part: they are not kept either.
    with pytest.raises(ValidationError) as refused:
        report(world, application, **({"receipts": [upload(PDF)]} | changes))
    assert any(message in text for text in refused.value.message_dict[field])
    _nothing_stored(application)


def test_files_too_large_each_or_together_are_refused(
    world: World, pool: Pool, meeting: CommitteeMeeting
) -> None:
    application = paid(world, pool, meeting, world.vapnagaard)
    big = upload(PDF + b"0" * ATTACHMENT_MAX_BYTES, "stor.pdf")
    with pytest.raises(ValidationError) as refused:
        report(world, application, receipts=[big])
    assert "for stor" in " ".join(refused.value.message_dict["receipts"])
    # Within the cap each, but over the cap together.
    each = ATTACHMENT_MAX_BYTES - 1
    count = REPORT_FILES_MAX_BYTES // each + 1
    receipts = [upload(PDF + b"0" * (each - len(PDF)), f"k{n}.pdf") for n in range(count)]
    with pytest.raises(ValidationError) as refused:
        report(world, application, receipts=receipts)
    assert "højst 40 MB i alt" in " ".join(refused.value.message_dict["__all__"])
    _nothing_stored(application)


def test_only_a_paid_application_is_reported_on_and_only_once(
    world: World, pool: Pool, meeting: CommitteeMeeting
) -> None:
    application = an_application(pool, world.vapnagaard)
    with pytest.raises(ValidationError, match="modtaget: der kan ikke afrapporteres"):
        report(world, application)
    assert not Report.objects.exists() and _files() == []
    application = paid(world, pool, meeting, world.vapnagaard)
    report(world, application)
    with pytest.raises(ValidationError, match="afrapporteret: der kan ikke afrapporteres"):
        report(world, application, receipts=[upload(PDF, "igen.pdf")])
    assert Report.objects.count() == 1 and len(_files()) == 1


# The page ------------------------------------------------------------------------------------


def _url(application: Application, name: str = "grants:report_back") -> str:
    return reverse(name, args=[application.programme.slug, application.pk])


def _form(**changes: Any) -> dict[str, Any]:
    return {
        "participants_residents": "12",
        "participants_non_residents": "0",
        "evaluation": "Godt fremmøde.",
        "receipts": [upload(PDF, "kvittering.pdf")],
        "photos": [image(JPEG, "strik.jpg")],
        "photo_consent": "on",
        "idempotency_key": "report-key-1",
    } | changes


def test_staff_enter_the_report_and_the_page_shows_it_with_its_files(
    client, world: World, pool: Pool, meeting: CommitteeMeeting
) -> None:
    application = paid(world, pool, meeting, world.vapnagaard)
    client.force_login(world.user("staff"))
    page = client.get(_url(application, "grants:application_detail")).content.decode()
    assert "Registrér afrapporteringen" in page
    response = client.post(_url(application), _form())
    assert response.status_code == 302
    page = client.get(_url(application, "grants:application_detail")).content.decode()
    assert "Godt fremmøde." in page and "Registrér afrapporteringen" not in page
    assert "har sagt ja til, at indsatsen må bruge dem. Registreret" in page
    for item in ReportFile.objects.all():
        link = reverse("core:private_file", args=["grant-report-files", item.pk])
        assert link in page
        downloaded = client.get(link)
        assert downloaded.status_code == 200
        assert b"".join(downloaded.streaming_content) in {PDF, JPEG}


def test_the_files_are_served_only_to_the_applications_keepers(
    client, world: World, pool: Pool, meeting: CommitteeMeeting
) -> None:
    application = paid(world, pool, meeting, world.nojsomhed)
    report(world, application)
    link = reverse("core:private_file", args=["grant-report-files", ReportFile.objects.get().pk])
    client.force_login(world.user("secretariat_head"))
    assert client.get(link).status_code == 200
    # Staff keep Vapnagaard's applications only; the board keeps none.
    for who in ["staff", "board"]:
        client.force_login(world.user(who))
        assert client.get(link).status_code == 404


def test_a_refused_report_shows_the_form_again_in_danish_and_stores_nothing(
    client, world: World, pool: Pool, meeting: CommitteeMeeting
) -> None:
    application = paid(world, pool, meeting, world.vapnagaard)
    client.force_login(world.user("staff"))
    response = client.post(
        _url(application), _form(receipts=[upload(EXE, "regning.pdf")], photo_consent="")
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Filen regning.pdf er ikke en PDF, JPEG eller PNG." in page
    assert "har sagt ja til, at indsatsen må bruge dem. Ellers skal billederne ikke med." in page
    _nothing_stored(application)


def test_a_repeated_post_records_the_report_once(
    client, world: World, pool: Pool, meeting: CommitteeMeeting
) -> None:
    application = paid(world, pool, meeting, world.vapnagaard)
    client.force_login(world.user("staff"))
    first = client.post(_url(application), _form())
    again = client.post(_url(application), _form())
    assert first.status_code == again.status_code == 302
    assert Report.objects.count() == 1 and ReportFile.objects.count() == 2
