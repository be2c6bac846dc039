"""The contact person on the privacy lifecycle, seen from the grant pools: the consent on
paper with its scan, the withdrawal told to staff, and the export that shows the person's
applications; and the guidelines' PDF, public through the pool's link."""

from __future__ import annotations

from typing import Any

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from conftest import World
from helhedsplan.grants import services
from helhedsplan.grants.models import Application, ApplicationContact, Pool
from helhedsplan.grants.register import REGISTER
from helhedsplan.grants.tests.helpers import EXE, PDF, a_pool, an_application, form_data
from helhedsplan.privacy import queries as privacy_queries
from helhedsplan.privacy.models import Consent


def _paper(client: Client, world: World, pool: Pool, scan: SimpleUploadedFile) -> Any:
    client.force_login(world.user("staff"))
    url = reverse("grants:application_create", args=[world.programme.slug, pool.pk])
    data = form_data(world.vapnagaard, **{"consent-given_on": "2026-03-01"})
    del data["consent-consent"]
    return client.post(url, data | {"consent-scan": scan})


def test_a_paper_application_keeps_the_scan_of_its_signed_consent(
    client: Client, world: World
) -> None:
    pool = a_pool(world.programme, by=world.user("secretariat_head"))
    response = _paper(client, world, pool, SimpleUploadedFile("underskrift.pdf", PDF))
    assert response.status_code == 302
    contact = ApplicationContact.objects.get()
    assert contact.consent.scan.read() == PDF
    page = client.get(response.url).content.decode()
    assert reverse("core:private_file", args=["consent-scans", contact.consent.pk]) in page


def test_a_scan_that_is_no_pdf_or_image_is_refused_and_nothing_is_stored(
    client: Client, world: World
) -> None:
    pool = a_pool(world.programme, by=world.user("secretariat_head"))
    response = _paper(client, world, pool, SimpleUploadedFile("underskrift.pdf", EXE))
    assert response.status_code == 400
    assert "Scanningen skal være en PDF, JPEG eller PNG." in response.content.decode()
    assert not Application.objects.exists()
    assert not Consent.objects.exists()
    assert not default_storage.exists("privacy/consents")


def test_staff_record_that_the_contact_withdrew_consent(client: Client, world: World) -> None:
    pool = a_pool(world.programme, by=world.user("secretariat_head"))
    application = an_application(pool, world.vapnagaard)
    url = reverse("grants:contact_withdraw", args=[world.programme.slug, application.pk])
    client.force_login(world.user("outsider"))
    assert client.post(url).status_code == 403
    assert Consent.objects.get().withdrawn_at is None
    staff = client
    staff.force_login(world.user("staff"))
    response = staff.post(url)
    assert response.status_code == 302
    consent = Consent.objects.get()
    assert consent.withdrawn_at is not None
    assert consent.withdrawn_by == world.user("staff")
    page = staff.get(application.get_absolute_url()).content.decode()
    assert "Trukket tilbage den" in page
    assert "Registrér tilbagetrukket samtykke" not in page
    again = staff.post(url, follow=True)
    assert "Samtykket er allerede trukket tilbage." in again.content.decode()


def test_the_contacts_export_lists_their_applications(world: World) -> None:
    pool = a_pool(world.programme, by=world.user("secretariat_head"))
    first = an_application(pool, world.vapnagaard, name="Karen Kontakt")
    contact = first.contact
    assert contact is not None
    other = an_application(pool, world.vapnagaard, name="Anden Person")
    exported = privacy_queries.personal_data_json(contact, REGISTER)
    (applications,) = exported["related"].values()
    assert [row["reference"] for row in applications] == [first.reference]
    assert applications[0]["activity"] == "Strikkecafé"
    assert other.reference not in str(exported)


def test_the_guidelines_pdf_is_public_through_the_pools_link(client: Client, world: World) -> None:
    head = world.user("secretariat_head")
    pool = a_pool(world.programme, by=head)
    url = reverse("grants:guideline_pdf", args=[pool.link_key])
    assert client.get(url).status_code == 404
    services.guideline_publish(
        pool=pool,
        text="Puljen støtter aktiviteter for beboerne.",
        pdf=SimpleUploadedFile("retningslinjer.pdf", PDF),
        published_by=head,
    )
    response = client.get(url)
    assert response.status_code == 200
    assert response.getvalue() == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    form = client.get(reverse("grants:apply", args=[pool.link_key]))
    assert url in form.content.decode()
    assert client.get(reverse("grants:guideline_pdf", args=["ukendt"])).status_code == 404
