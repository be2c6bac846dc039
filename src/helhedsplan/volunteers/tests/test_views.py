"""The volunteer register's pages through the test client: register with consent, the list
for keepers and counters, the person's data, and erasure from the secretariat head's page."""

from __future__ import annotations

import json
from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from conftest import World
from helhedsplan.accounts import services as account_services
from helhedsplan.accounts.models import Role
from helhedsplan.privacy.models import Consent, ConsentMethod, Erasure
from helhedsplan.privacy.services import ConsentGiven
from helhedsplan.privacy.tests.database_search import tables_containing
from helhedsplan.volunteers import services
from helhedsplan.volunteers.models import Assignment, HourEntry, Task, Volunteer
from helhedsplan.volunteers.tests.helpers import a_volunteer, consent_text

NAME, PHONE, EMAIL = "Ingeborg Ildsjæl", "87654321", "ingeborg.ildsjael@example.org"


def _form(world: World, **changes: object) -> dict:
    return {
        "name": NAME,
        "phone": PHONE,
        "email": EMAIL,
        "estate": str(world.vapnagaard.pk),
        "birth_year": "2001",
        "kind": "association",
        "leads_others": "on",
        "started_on": "01.03.2021",
        "consent-method": "paper",
        "consent-given_on": "2021-03-01",
    } | changes


def test_staff_register_a_volunteer_with_consent_on_paper(client, world: World) -> None:
    consent_text(world.programme, world.user("secretariat_head"))
    client.force_login(world.user("staff"))
    url = reverse("volunteers:create", kwargs={"slug": world.programme.slug})
    page = client.get(url)
    assert "Jeg giver samtykke til" in page.content.decode()

    scan = SimpleUploadedFile("scan.pdf", b"%PDF-1.4 scan")
    response = client.post(url, _form(world) | {"consent-scan": scan})

    volunteer = Volunteer.objects.get()
    assert response.status_code == 302 and response.url == volunteer.get_absolute_url()
    assert (volunteer.name, volunteer.estate, volunteer.leads_others) == (
        NAME,
        world.vapnagaard,
        True,
    )
    assert volunteer.consent.method == ConsentMethod.PAPER
    assert volunteer.consent.scan
    detail = client.get(volunteer.get_absolute_url()).content.decode()
    assert NAME in detail and "Version 1" in detail


def test_a_refused_registration_shows_the_form_again_and_saves_nothing(
    client, world: World
) -> None:
    consent_text(world.programme, world.user("secretariat_head"))
    client.force_login(world.user("staff"))
    url = reverse("volunteers:create", kwargs={"slug": world.programme.slug})
    response = client.post(url, _form(world, phone="", email="", birth_year="2015"))
    assert response.status_code == 400
    assert "Skriv et telefonnummer" in response.content.decode()
    assert not Volunteer.objects.exists() and not Consent.objects.exists()


def test_without_a_consent_text_the_form_says_so(client, world: World) -> None:
    client.force_login(world.user("secretariat_head"))
    url = reverse("volunteers:create", kwargs={"slug": world.programme.slug})
    page = client.get(url).content.decode()
    assert "ingen samtykketekst" in page
    assert reverse("privacy:consent_text", args=[world.programme.slug, "volunteers"]) in page
    assert client.post(url, _form(world)).status_code == 400
    assert not Volunteer.objects.exists()


def test_the_list_shows_counts_to_all_and_names_to_keepers(client, world: World) -> None:
    a_volunteer(world.programme, world.nojsomhed, by=world.user("secretariat_head"), name=NAME)
    url = reverse("volunteers:list", kwargs={"slug": world.programme.slug})
    client.force_login(world.user("board"))
    page = client.get(url)
    assert NAME not in page.content.decode()
    assert [(row.name, row.active) for row in page.context["counts"]] == [("Nøjsomhed", 1)]
    client.force_login(world.user("secretariat_head"))
    assert NAME in client.get(url).content.decode()
    assert NAME in client.get(url, {"q": "ildsjæl"}).content.decode()
    assert NAME not in client.get(url, {"estate": str(world.vapnagaard.pk)}).content.decode()


def test_the_persons_data_downloads_as_json_and_pdf(client, world: World) -> None:
    volunteer = a_volunteer(
        world.programme, world.vapnagaard, by=world.user("staff"), name=NAME, phone=PHONE
    )
    client.force_login(world.user("staff"))
    args = [world.programme.slug, "volunteers", volunteer.pk]
    data = json.loads(client.get(reverse("privacy:person_json", args=args)).content)
    assert data["record"]["name"] == NAME and data["record"]["phone"] == PHONE
    assert len(data["consents"]) == 1
    pdf = client.get(reverse("privacy:person_pdf", args=args))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_the_head_erases_a_volunteer_and_nothing_is_left(
    client, world: World, django_capture_on_commit_callbacks
) -> None:
    consent_text(world.programme, world.user("secretariat_head"))
    client.force_login(world.user("staff"))
    client.post(reverse("volunteers:create", kwargs={"slug": world.programme.slug}), _form(world))
    volunteer = Volunteer.objects.get()
    client.post(
        reverse("volunteers:update", args=[world.programme.slug, volunteer.pk]),
        _form(world, name=NAME + " Hansen"),
    )
    # A week's hours on a task, logged through the sheet.
    task = services.task_register(
        programme=world.programme,
        estate=world.vapnagaard,
        name="Lektiecafé",
        activity=None,
        event=None,
        started_on=date(2025, 1, 1),
    )
    services.task_assign(task=task, volunteer=volunteer)
    client.post(
        reverse("volunteers:week_sheet", args=[world.programme.slug, task.pk, 2025, 10]),
        {services.Cell(volunteer.pk, date(2025, 3, 4)).name: "1,5"},
    )
    assert HourEntry.objects.filter(volunteer=volunteer).exists()
    client.post(reverse("volunteers:withdraw", args=[world.programme.slug, volunteer.pk]))
    for secret in (NAME, PHONE, EMAIL):
        assert tables_containing(secret), secret

    client.force_login(world.user("secretariat_head"))
    args = [world.programme.slug, "volunteers", volunteer.pk]
    confirm = client.get(reverse("privacy:person_erase_confirm", args=args))
    assert confirm.status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("privacy:person_erase", args=args), follow=True)

    assert response.status_code == 200
    assert "er slettet" in response.content.decode()
    for secret in (NAME, PHONE, EMAIL):
        assert tables_containing(secret) == [], secret
    # The hours and the place on the task are gone with their history; the task stays.
    for model in (HourEntry, Assignment):
        assert not model.objects.filter(volunteer_id=volunteer.pk).exists()
        assert not model.history.filter(volunteer_id=volunteer.pk).exists()
    assert Task.objects.filter(pk=task.pk).exists()
    erasure = Erasure.objects.get()
    assert erasure.erased_by == world.user("secretariat_head")


def test_the_review_page_lists_a_withdrawn_consent_and_renews_it(client, world: World) -> None:
    volunteer = a_volunteer(world.programme, None, by=world.user("staff"), name=NAME)
    client.force_login(world.user("staff"))
    client.post(reverse("volunteers:withdraw", args=[world.programme.slug, volunteer.pk]))
    client.force_login(world.user("secretariat_head"))
    review = reverse("privacy:review", args=[world.programme.slug])
    assert NAME in client.get(review).content.decode()

    response = client.post(
        reverse("privacy:consent_renew", args=[world.programme.slug, "volunteers", volunteer.pk]),
        {"consent-method": "online", "consent-given_on": "2021-05-01"},
    )

    assert response.status_code == 302
    volunteer.refresh_from_db()
    assert volunteer.consent.withdrawn_at is None
    assert Consent.objects.filter(person_id=volunteer.pk).count() == 2
    assert NAME not in client.get(review).content.decode()


def test_a_consent_scan_is_served_only_to_the_keepers_of_its_estate(client, world: World) -> None:
    scan = SimpleUploadedFile("scan.pdf", b"%PDF-1.4 scan")
    volunteer = a_volunteer(
        world.programme,
        world.nojsomhed,
        by=world.user("secretariat_head"),
        consent=ConsentGiven(method=ConsentMethod.PAPER, given_on=date(2021, 3, 1), scan=scan),
    )
    url = reverse("core:private_file", args=["consent-scans", volunteer.consent_id])
    client.force_login(world.user("secretariat_head"))
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 scan"
    for who in ("staff", "vapnagaard_head", "board", "police", "outsider"):
        client.force_login(world.user(who))
        assert client.get(url).status_code == 404, who


def test_the_menu_address_is_the_list_or_with_two_programmes_a_choice(client, world: World) -> None:
    staff = world.user("staff")
    client.force_login(staff)
    one = client.get(reverse("volunteers:index"))
    assert one.status_code == 200 and "choices" not in one.context
    account_services.membership_grant(
        user=staff, programme=world.other_programme, role=Role.STAFF, estates=[]
    )
    two = client.get(reverse("volunteers:index"))
    assert two.context["choices"] == [
        (programme.name, reverse("volunteers:list", args=[programme.slug]))
        for programme in sorted([world.programme, world.other_programme], key=lambda p: p.name)
    ]
