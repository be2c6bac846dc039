"""The grant pools' pages through the test client: the public form with its refusals, the
receipt, the staff's paper form, the lists and an application's page, and the poster."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from conftest import World, pdf_text
from helhedsplan.grants import services
from helhedsplan.grants.models import (
    ATTACHMENT_MAX_BYTES,
    Application,
    ApplicationContact,
    Attachment,
    BudgetLine,
    Channel,
    Pool,
    ReferenceCounter,
    Status,
)
from helhedsplan.grants.tests.helpers import EXE, PDF, a_pool, an_application, form_data
from helhedsplan.privacy.models import Consent, ConsentMethod


@pytest.fixture(autouse=True)
def _fresh_limits() -> None:
    """The rate limit counts in the cache: each test begins with none counted."""
    cache.clear()


@pytest.fixture
def pool(world: World) -> Pool:
    return a_pool(world.programme, by=world.user("secretariat_head"))


def _url(pool: Pool) -> str:
    return reverse("grants:apply", args=[pool.link_key])


def _stored() -> tuple[int, ...]:
    return (
        Application.objects.count(),
        ApplicationContact.objects.count(),
        Consent.objects.count(),
        BudgetLine.objects.count(),
        Attachment.objects.count(),
        ReferenceCounter.objects.filter(last__gt=0).count(),
    )


def _files() -> list[str]:
    if not default_storage.exists("grants/attachments"):
        return []
    return default_storage.listdir("grants/attachments")[1]


def _refused(response, status: int, message: str) -> None:
    assert response.status_code == status
    assert message in response.content.decode()
    assert _stored() == (0, 0, 0, 0, 0, 0)
    assert _files() == []


# The public form -------------------------------------------------------------------------


def test_the_form_is_public_in_danish_with_the_consent_text_and_not_indexed(
    client, world: World, pool: Pool
) -> None:
    response = client.get(_url(pool))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Søg penge til jeres aktivitet" in page
    assert "Jeg giver samtykke til, at mine kontaktoplysninger gemmes" in page
    assert 'name="website"' in page
    assert 'name="lines-2-amount"' in page
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert response["Referrer-Policy"] == "same-origin"
    assert client.get(reverse("grants:apply", args=["ukendt"])).status_code == 404


def test_the_form_speaks_english_when_chosen(client, world: World, pool: Pool) -> None:
    client.post(reverse("set_language"), {"language": "en"})
    page = client.get(_url(pool)).content.decode()
    assert "Apply for money for your activity" in page
    assert "E.g. a quote or a poster: PDF, JPEG or PNG" in page


def test_a_closed_pool_says_so(client, world: World, pool: Pool) -> None:
    Pool.objects.filter(pk=pool.pk).update(is_open=False)
    response = client.get(_url(pool))
    assert "tager ikke imod ansøgninger" in response.content.decode()
    assert 'name="activity"' not in response.content.decode()


def test_an_application_gets_a_reference_a_receipt_page_and_a_receipt_mail(
    client, world: World, pool: Pool, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            _url(pool),
            form_data(world.vapnagaard) | {"attachments": [SimpleUploadedFile("tilbud.pdf", PDF)]},
        )
    assert response.status_code == 302
    assert response.url == reverse("grants:receipt", args=[pool.link_key])
    application = Application.objects.get()
    assert application.reference.startswith("BP-")
    assert application.amount_requested == Decimal("1234.50")
    assert application.channel == Channel.ONLINE
    assert application.entered_by is None
    assert application.contact is not None
    assert application.contact.consent.method == ConsentMethod.ONLINE
    assert application.attachments.get().original_name == "tilbud.pdf"
    receipt = client.get(response.url)
    page = receipt.content.decode()
    assert application.reference in page
    assert "1.234,50\N{NO-BREAK SPACE}kr." in page
    assert "Karen" not in page
    assert mail.outbox[0].to == ["karen@example.org"]
    assert application.reference in mail.outbox[0].subject
    # Another browser has no receipt to see.
    client.cookies.clear()
    assert client.get(response.url).status_code == 404


def test_a_budget_line_is_added_without_javascript_and_nothing_is_stored(
    client, world: World, pool: Pool
) -> None:
    response = client.post(
        _url(pool), form_data(world.vapnagaard, add_line="1", activity="Sommerfest")
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert 'name="lines-3-amount"' in page
    assert 'value="Sommerfest"' in page
    assert 'value="234,50"' in page
    assert _stored() == (0, 0, 0, 0, 0, 0)


def test_lines_that_do_not_add_up_are_refused(client, world: World, pool: Pool) -> None:
    response = client.post(_url(pool), form_data(world.vapnagaard, **{"lines-1-amount": "200"}))
    _refused(response, 400, "De skal give det samme")


def test_an_amount_that_is_not_danish_is_refused(client, world: World, pool: Pool) -> None:
    response = client.post(_url(pool), form_data(world.vapnagaard, amount_requested="1,234.50"))
    _refused(response, 400, "Skriv beløbet i kroner, fx 1.234,50.")


def test_an_executable_renamed_pdf_is_refused(client, world: World, pool: Pool) -> None:
    response = client.post(
        _url(pool),
        form_data(world.vapnagaard) | {"attachments": [SimpleUploadedFile("tilbud.pdf", EXE)]},
    )
    _refused(response, 400, "er ikke en PDF, JPEG eller PNG")


@pytest.mark.parametrize(
    "size", [ATTACHMENT_MAX_BYTES + 1, 30 * 1024 * 1024], ids=["just over", "30 MB"]
)
def test_an_attachment_over_the_cap_is_refused(client, world: World, pool: Pool, size) -> None:
    big = SimpleUploadedFile("tilbud.pdf", PDF + b"0" * (size - len(PDF)))
    response = client.post(_url(pool), form_data(world.vapnagaard) | {"attachments": [big]})
    _refused(response, 400, "højst fylde 10 MB")


def test_a_request_over_the_whole_cap_is_refused_whole(client, world: World, pool: Pool) -> None:
    huge = SimpleUploadedFile("tilbud.pdf", PDF + b"0" * (32 * 1024 * 1024))
    response = client.post(_url(pool), form_data(world.vapnagaard) | {"attachments": [huge]})
    _refused(response, 413, "Ansøgningen er for stor")


def test_the_honeypot_refuses_a_robot(client, world: World, pool: Pool) -> None:
    response = client.post(_url(pool), form_data(world.vapnagaard, website="http://spam"))
    _refused(response, 400, "Ansøgningen kunne ikke sendes")


def test_without_consent_nothing_is_stored(client, world: World, pool: Pool) -> None:
    data = form_data(world.vapnagaard)
    del data["consent-consent"]
    response = client.post(_url(pool), data)
    _refused(response, 400, "Dette felt er påkrævet")


def test_the_sixth_submission_from_one_address_within_the_hour_is_refused(
    client, world: World, pool: Pool
) -> None:
    for _attempt in range(5):
        # Refused for a missing field, but counted all the same.
        response = client.post(_url(pool), form_data(world.vapnagaard, activity=""))
        assert response.status_code == 400
    response = client.post(_url(pool), form_data(world.vapnagaard))
    _refused(response, 429, "for mange ansøgninger fra denne forbindelse")
    # Another address is not held back.
    response = client.post(_url(pool), form_data(world.vapnagaard), REMOTE_ADDR="192.0.2.7")
    assert response.status_code == 302


def test_adding_a_line_is_not_counted_as_a_submission(client, world: World, pool: Pool) -> None:
    for _attempt in range(6):
        client.post(_url(pool), form_data(world.vapnagaard, add_line="1"))
    assert client.post(_url(pool), form_data(world.vapnagaard)).status_code == 302


# The staff's pages -----------------------------------------------------------------------


def test_staff_enter_a_paper_application_in_their_estate(client, world: World, pool: Pool) -> None:
    client.force_login(world.user("staff"))
    url = reverse("grants:application_create", args=[world.programme.slug, pool.pk])
    page = client.get(url).content.decode()
    assert "Vapnagaard" in page and "Nøjsomhed" not in page
    data = form_data(world.vapnagaard, **{"consent-given_on": "2026-03-01"})
    del data["consent-consent"]
    response = client.post(url, data)
    application = Application.objects.get()
    assert response.status_code == 302
    assert response.url == application.get_absolute_url()
    assert application.channel == Channel.PAPER
    assert application.entered_by == world.user("staff")
    assert application.contact is not None
    assert application.contact.consent.method == ConsentMethod.PAPER
    assert application.contact.consent.given_on == datetime.date(2026, 3, 1)
    refused = client.post(url, form_data(world.nojsomhed, **{"consent-given_on": "2026-03-01"}))
    assert refused.status_code == 400
    assert Application.objects.count() == 1


def test_the_list_filters_by_status_and_keeps_to_the_estates(
    client, world: World, pool: Pool
) -> None:
    theirs = an_application(pool, world.vapnagaard, activity="Grillaften")
    an_application(pool, world.nojsomhed, activity="Loppemarked")
    reviewed = an_application(pool, world.vapnagaard, activity="Fodboldturnering")
    services.application_review(
        application=reviewed, notes="", complete=True, reviewed_by=world.user("staff")
    )
    url = reverse("grants:application_list", args=[world.programme.slug, pool.pk])
    client.force_login(world.user("staff"))
    page = client.get(url).content.decode()
    assert theirs.reference in page and "Fodboldturnering" in page
    assert "Loppemarked" not in page
    page = client.get(url, {"status": "under_review"}).content.decode()
    assert "Fodboldturnering" in page and "Grillaften" not in page
    assert client.get(url, {"status": "nonsense"}).status_code == 400
    client.force_login(world.user("secretariat_head"))
    assert "Loppemarked" in client.get(url).content.decode()


def test_an_applications_page_shows_the_contact_and_the_budget(
    client, world: World, pool: Pool
) -> None:
    application = an_application(pool, world.vapnagaard)
    client.force_login(world.user("staff"))
    page = client.get(application.get_absolute_url()).content.decode()
    assert "Karen Kontakt" in page
    assert "1.000,00\N{NO-BREAK SPACE}kr." in page
    assert "1.234,50\N{NO-BREAK SPACE}kr." in page


def test_the_pools_page_counts_for_the_board_without_names(
    client, world: World, pool: Pool
) -> None:
    an_application(pool, world.vapnagaard)
    client.force_login(world.user("board"))
    page = client.get(reverse("grants:pool_list", args=[world.programme.slug])).content.decode()
    assert "1 ansøgning" in page
    assert "Karen" not in page
    assert pool.get_absolute_url() not in page


def test_the_poster_has_the_link_and_the_qr_code(client, world: World, pool: Pool) -> None:
    client.force_login(world.user("staff"))
    response = client.get(reverse("grants:pool_poster", args=[world.programme.slug, pool.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "Har I en idé til en aktivitet?" in text
    assert pool.link_key in text.replace(" ", "")


def test_adding_a_line_to_a_paper_application_keeps_the_consent_date(
    client, world: World, pool: Pool
) -> None:
    client.force_login(world.user("staff"))
    url = reverse("grants:application_create", args=[world.programme.slug, pool.pk])
    data = form_data(world.vapnagaard, add_line="1", **{"consent-given_on": "2026-03-01"})
    page = client.post(url, data).content.decode()
    assert 'value="2026-03-01"' in page
    assert 'name="lines-3-amount"' in page


def test_a_paper_application_needs_no_rate_limit(client, world: World, pool: Pool) -> None:
    client.force_login(world.user("staff"))
    url = reverse("grants:application_create", args=[world.programme.slug, pool.pk])
    for _attempt in range(6):
        data = form_data(world.vapnagaard, **{"consent-given_on": "2026-03-01"})
        assert client.post(url, data).status_code == 302
    assert Application.objects.count() == 6


def test_services_refusal_lands_on_the_form(client, world: World, pool: Pool) -> None:
    services.pool_create(programme=world.programme, estate=None, name="Anden")
    response = client.post(
        _url(pool), form_data(world.vapnagaard, ends_on="2026-05-01", starts_on="2026-06-01")
    )
    _refused(response, 400, "Aktiviteten kan ikke slutte, før den begynder.")


# The review ------------------------------------------------------------------------------


def test_staff_review_an_application_which_goes_under_review(
    client, world: World, pool: Pool
) -> None:
    application = an_application(pool, world.vapnagaard)
    client.force_login(world.user("staff"))
    page = client.get(application.get_absolute_url()).content.decode()
    assert "Der er ingen bilag." in page
    url = reverse("grants:application_review", args=[world.programme.slug, application.pk])
    response = client.post(url, {"notes": "Mangler tilbud på garn.", "complete": "no"})
    assert response.status_code == 302
    application.refresh_from_db()
    assert (application.status, application.complete, application.review_notes) == (
        Status.UNDER_REVIEW,
        False,
        "Mangler tilbud på garn.",
    )
    assert application.reviewed_by == world.user("staff")
    refused = client.post(url, {"notes": "x"})
    assert refused.status_code == 400
    assert "Er ansøgningen komplet?" in refused.content.decode()
