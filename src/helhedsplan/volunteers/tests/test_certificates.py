"""The certificate (frivilligbevis): the minimum of hours, who signs, the snapshot of hours
and tasks, the pages that issue and download it in Danish and English, the rules page, and
erasure taking the certificates with the volunteer."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from pypdf import PdfReader

from conftest import World, pdf_text
from helhedsplan.accounts.models import Membership, Role
from helhedsplan.privacy import queries as privacy_queries
from helhedsplan.volunteers import certificates, queries, services
from helhedsplan.volunteers.models import (
    CertificatePolicy,
    CertificateTask,
    HourEntry,
    Task,
    Volunteer,
    VolunteerCertificate,
)
from helhedsplan.volunteers.register import REGISTER
from helhedsplan.volunteers.tests.helpers import a_volunteer

NAME = "Frida Bevisholder Frivillig"
HEAD_NAME = "Hanne Sekretariatsleder-Test"


def _task(world: World, name: str, started_on: datetime.date) -> Task:
    return services.task_register(
        programme=world.programme,
        estate=world.vapnagaard,
        name=name,
        activity=None,
        event=None,
        started_on=started_on,
    )


def _volunteer_with_hours(world: World, *, homework: str, party: str) -> Volunteer:
    """Hours on two tasks, a few per week: ``homework`` hours over six days in autumn 2024,
    ``party`` on one day of summer 2025."""
    volunteer = a_volunteer(world.programme, world.vapnagaard, by=world.user("staff"), name=NAME)
    lektiecafe = _task(world, "Lektiecafé", datetime.date(2024, 9, 1))
    sommerfest = _task(world, "Sommerfest", datetime.date(2025, 6, 1))
    per_day = Decimal(homework) / 6
    HourEntry.objects.bulk_create(
        HourEntry(
            task=lektiecafe,
            volunteer=volunteer,
            day=datetime.date(2024, 9, 3) + datetime.timedelta(weeks=week),
            hours=per_day,
        )
        for week in range(6)
    )
    HourEntry.objects.create(
        task=sommerfest, volunteer=volunteer, day=datetime.date(2025, 6, 21), hours=party
    )
    return volunteer


def _one_head(world: World) -> None:
    """The world has two secretariat heads; this leaves the one with all estates, named."""
    Membership.objects.filter(user=world.user("vapnagaard_head")).delete()
    head = world.user("secretariat_head")
    head.first_name, head.last_name = HEAD_NAME.split(" ", 1)
    head.save()


def _issue(world: World, volunteer: Volunteer) -> VolunteerCertificate:
    return services.certificate_issue(
        volunteer=volunteer,
        competences="Ansvar for lektiecaféens yngste; samarbejde med personalet.",
        issued_by=world.user("staff"),
    )


def test_the_certificate_holds_a_snapshot_of_the_hours_that_add_up(world: World) -> None:
    _one_head(world)
    volunteer = _volunteer_with_hours(world, homework="18", party="4.5")
    certificate = _issue(world, volunteer)
    assert certificate.total_hours == Decimal("22.50")
    assert (certificate.period_start, certificate.period_end) == (
        datetime.date(2024, 9, 3),
        datetime.date(2025, 6, 21),
    )
    lines = list(certificate.lines.values_list("name", "hours"))
    assert lines == [("Lektiecafé", Decimal("18.00")), ("Sommerfest", Decimal("4.50"))]
    assert sum(hours for _name, hours in lines) == certificate.total_hours
    assert (certificate.signer_name, certificate.signer_role) == (HEAD_NAME, "secretariat_head")

    # A snapshot: later hours and a renamed task do not change what was issued.
    Task.objects.filter(name="Sommerfest").update(name="Sommerfest 2025")
    HourEntry.objects.filter(volunteer=volunteer).update(hours=Decimal(5))
    certificate.refresh_from_db()
    assert certificate.total_hours == Decimal("22.50")
    assert certificate.lines.filter(name="Sommerfest").exists()
    assert queries.latest_certificate(volunteer) == certificate


def test_under_the_minimum_is_refused_and_the_minimum_is_the_programmes(world: World) -> None:
    _one_head(world)
    volunteer = _volunteer_with_hours(world, homework="9", party="3.5")
    with pytest.raises(ValidationError) as refused:
        _issue(world, volunteer)
    assert (
        f"{NAME} har 12,5 timer; et frivilligbevis kræver mindst 20 timer."
        in refused.value.messages
    )
    services.certificate_rules_set(
        programme=world.programme,
        minimum_hours=Decimal("12.5"),
        signer=None,
        changed_by=world.user("secretariat_head"),
    )
    assert _issue(world, volunteer).total_hours == Decimal("12.50")
    with pytest.raises(ValidationError):
        services.certificate_rules_set(
            programme=world.programme,
            minimum_hours=Decimal(0),
            signer=None,
            changed_by=world.user("secretariat_head"),
        )


def test_no_hours_is_refused(world: World) -> None:
    _one_head(world)
    volunteer = a_volunteer(world.programme, world.vapnagaard, by=world.user("staff"), name=NAME)
    with pytest.raises(ValidationError, match="har 0 timer"):
        _issue(world, volunteer)


def test_who_signs(world: World) -> None:
    volunteer = _volunteer_with_hours(world, homework="24", party="1")
    head, other_head = world.user("secretariat_head"), world.user("vapnagaard_head")
    head.first_name, head.last_name = HEAD_NAME.split(" ", 1)
    head.save()

    # Two secretariat heads and nobody named: refused, in Danish.
    with pytest.raises(ValidationError, match="flere sekretariatsledere"):
        _issue(world, volunteer)

    # Only a secretariat head of the programme may be named.
    with pytest.raises(ValidationError) as refused:
        services.certificate_rules_set(
            programme=world.programme,
            minimum_hours=Decimal(20),
            signer=world.user("staff"),
            changed_by=head,
        )
    assert "signer" in refused.value.error_dict
    services.certificate_rules_set(
        programme=world.programme, minimum_hours=Decimal(20), signer=head, changed_by=head
    )
    assert _issue(world, volunteer).signer_name == HEAD_NAME

    # The named signer is no longer secretariat head: refused, not signed by someone else.
    Membership.objects.filter(user=head).delete()
    with pytest.raises(ValidationError, match="ikke længere"):
        _issue(world, volunteer)

    # Nobody named and one head, who has no name: refused until the profile has one.
    CertificatePolicy.objects.filter(programme=world.programme).update(signer=None)
    with pytest.raises(ValidationError, match="intet navn"):
        _issue(world, volunteer)
    other_head.first_name, other_head.last_name = "Ole", "Eneste"
    other_head.save()
    assert _issue(world, volunteer).signer_name == "Ole Eneste"

    # No head at all.
    Membership.objects.filter(role=Role.SECRETARIAT_HEAD).delete()
    with pytest.raises(ValidationError, match="ingen sekretariatsleder"):
        _issue(world, volunteer)


def test_withdrawn_consent_gets_no_certificate(world: World) -> None:
    _one_head(world)
    volunteer = _volunteer_with_hours(world, homework="24", party="1")
    services.volunteer_withdraw_consent(volunteer=volunteer, withdrawn_by=world.user("staff"))
    volunteer.refresh_from_db()
    with pytest.raises(ValidationError, match="samtykke"):
        _issue(world, volunteer)


def test_staff_issue_from_the_volunteers_page_and_download_both_languages(
    client, world: World
) -> None:
    _one_head(world)
    volunteer = _volunteer_with_hours(world, homework="18", party="4.5")
    client.force_login(world.user("staff"))
    url = reverse("volunteers:certificate_issue", args=[world.programme.slug, volunteer.pk])
    form = client.get(url).content.decode()
    assert "22,5" in form and "Lektiecafé" in form and "Sommerfest" in form
    response = client.post(url, {"certificate-competences": "Ansvar og samarbejde."})
    assert response.status_code == 302
    certificate = VolunteerCertificate.objects.get(volunteer=volunteer)

    page = client.get(volunteer.get_absolute_url()).content.decode()
    urls = {
        language: reverse(
            "volunteers:certificate_pdf",
            args=[world.programme.slug, volunteer.pk, certificate.pk, language],
        )
        for language in certificates.LANGUAGES
    }
    assert urls["da"] in page and urls["en"] in page

    danish = client.get(urls["da"])
    assert danish["Content-Type"] == "application/pdf"
    assert len(PdfReader(io.BytesIO(danish.content)).pages) == 1  # one A4 page
    text = pdf_text(danish.content)
    for expected in (NAME, "Frivilligbevis", "22,5", "18", "4,5", HEAD_NAME, "Sekretariatsleder"):
        assert expected in text, expected
    assert world.programme.name in text and "Ansvar og samarbejde." in text

    english = pdf_text(client.get(urls["en"]).content)
    for expected in (
        NAME,
        "Volunteer certificate",
        "22.5",
        "4.5",
        HEAD_NAME,
        "Head of secretariat",
    ):
        assert expected in english, expected
    assert "Frivilligbevis" not in english and "22,5" not in english

    assert client.get(urls["da"].replace("da.pdf", "de.pdf")).status_code == 404


def test_refused_under_the_minimum_on_the_page(client, world: World) -> None:
    _one_head(world)
    volunteer = _volunteer_with_hours(world, homework="9", party="3.5")
    client.force_login(world.user("staff"))
    url = reverse("volunteers:certificate_issue", args=[world.programme.slug, volunteer.pk])
    response = client.post(url, {"certificate-competences": "Ansvar."})
    assert response.status_code == 400
    assert "har 12,5 timer; et frivilligbevis kræver mindst 20 timer" in response.content.decode()
    assert not VolunteerCertificate.objects.exists()


def test_only_keepers_of_the_volunteer_issue_and_download(client, world: World) -> None:
    _one_head(world)
    nojsomhed = a_volunteer(
        world.programme, world.nojsomhed, by=world.user("administrator"), name=NAME
    )
    task = services.task_register(
        programme=world.programme,
        estate=world.nojsomhed,
        name="Fællesspisning",
        activity=None,
        event=None,
        started_on=datetime.date(2024, 1, 1),
    )
    HourEntry.objects.create(
        task=task, volunteer=nojsomhed, day=datetime.date(2024, 2, 1), hours=Decimal(24)
    )
    certificate = _issue(world, nojsomhed)
    args = [world.programme.slug, nojsomhed.pk]
    pdf = reverse("volunteers:certificate_pdf", args=[*args, certificate.pk, "da"])
    issue = reverse("volunteers:certificate_issue", args=args)
    client.force_login(world.user("staff"))  # staff of Vapnagaard only
    assert client.get(pdf).status_code == 403
    assert client.post(issue, {"certificate-competences": "x"}).status_code == 403
    client.force_login(world.user("board"))
    assert client.get(pdf).status_code == 403
    client.force_login(world.user("administrator"))
    assert client.get(pdf).status_code == 200
    assert VolunteerCertificate.objects.count() == 1


def test_the_rules_page(client, world: World) -> None:
    head = world.user("secretariat_head")
    head.first_name, head.last_name = HEAD_NAME.split(" ", 1)
    head.save()
    url = reverse("volunteers:certificate_rules", args=[world.programme.slug])
    client.force_login(world.user("staff"))
    assert client.get(url).status_code == 403
    client.force_login(head)
    page = client.get(url).content.decode()
    assert HEAD_NAME in page and world.user("staff").username not in page
    response = client.post(url, {"minimum_hours": "12,5", "signer": head.pk})
    assert response.status_code == 302
    policy = CertificatePolicy.objects.get(programme=world.programme)
    assert (policy.minimum_hours, policy.signer, policy.changed_by) == (Decimal("12.5"), head, head)
    assert client.post(url, {"minimum_hours": "0", "signer": ""}).status_code == 400


def test_export_holds_the_certificates_and_erasure_removes_them(client, world: World) -> None:
    _one_head(world)
    volunteer = _volunteer_with_hours(world, homework="24", party="1")
    certificate = _issue(world, volunteer)
    _issue(world, volunteer)
    data = privacy_queries.personal_data_json(volunteer, REGISTER)
    assert len(data["related"]["frivilligbeviser"]) == 2
    assert len(data["related"]["opgaver på frivilligbeviser"]) == 4
    client.force_login(world.user("staff"))
    person_pdf = client.get(
        reverse("privacy:person_pdf", args=[world.programme.slug, REGISTER.key, volunteer.pk])
    )
    assert "Sommerfest" in pdf_text(person_pdf.content)

    services.volunteer_erase(volunteer=volunteer, erased_by=world.user("secretariat_head"))
    assert not VolunteerCertificate.objects.filter(volunteer_id=volunteer.pk).exists()
    assert not VolunteerCertificate.history.filter(volunteer_id=volunteer.pk).exists()
    assert not CertificateTask.objects.filter(certificate_id=certificate.pk).exists()
    assert not CertificateTask.history.filter(certificate_id=certificate.pk).exists()


def test_a_resent_issue_replays_the_first_and_the_hours_are_counted_once(
    client, world: World, monkeypatch
) -> None:
    _one_head(world)
    volunteer = _volunteer_with_hours(world, homework="18", party="4.5")
    client.force_login(world.user("staff"))
    url = reverse("volunteers:certificate_issue", args=[world.programme.slug, volunteer.pk])
    counted: list[Volunteer] = []
    real_count = queries.certificate_hours

    def count(volunteer: Volunteer) -> queries.HoursFound:
        counted.append(volunteer)
        return real_count(volunteer)

    monkeypatch.setattr(queries, "certificate_hours", count)
    form = client.get(url)
    assert len(counted) == 1
    key = form.context["form"]["idempotency_key"].value()
    data = {"certificate-competences": "Ansvar.", "certificate-idempotency_key": key}
    first = client.post(url, data)
    assert first.status_code == 302 and len(counted) == 2  # the issue's own count only
    again = client.post(url, data)
    assert again.status_code == 302 and again.url == first.url
    assert VolunteerCertificate.objects.filter(volunteer=volunteer).count() == 1


def test_two_first_saves_of_the_rules_end_in_one_row(world: World, monkeypatch) -> None:
    head = world.user("secretariat_head")

    def rules(hours: str) -> CertificatePolicy:
        return services.certificate_rules_set(
            programme=world.programme, minimum_hours=Decimal(hours), signer=None, changed_by=head
        )

    rules("10")
    # The second save read the rules as unset before the first one saved them.
    monkeypatch.setattr(
        queries, "certificate_policy", lambda programme: CertificatePolicy(programme=programme)
    )
    assert rules("15").minimum_hours == Decimal("15")
    policy = CertificatePolicy.objects.get(programme=world.programme)
    assert policy.minimum_hours == Decimal("15")
