"""The volunteer register's services, with the consent every volunteer is saved with."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction

from conftest import World
from helhedsplan.privacy import queries as privacy_queries
from helhedsplan.privacy import services as privacy_services
from helhedsplan.privacy.models import Consent, ConsentMethod
from helhedsplan.privacy.services import ConsentGiven, consent_renew
from helhedsplan.volunteers import services
from helhedsplan.volunteers.models import Kind, Volunteer
from helhedsplan.volunteers.register import REGISTER
from helhedsplan.volunteers.tests.helpers import a_volunteer, consent_text

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"


def test_it_registers_a_volunteer_with_their_consent(world: World) -> None:
    volunteer = a_volunteer(world.programme, world.vapnagaard, by=world.user("staff"))

    consent = volunteer.consent
    assert consent.person_id == volunteer.pk
    assert consent.register == REGISTER.key
    assert consent.text.version == 1
    assert consent.recorded_by == world.user("staff")
    assert list(privacy_queries.consents_of(volunteer, REGISTER)) == [consent]


def test_the_database_refuses_a_volunteer_without_a_consent(world: World) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Volunteer.objects.create(
            programme=world.programme,
            name="Uden Samtykke",
            phone="12345678",
            birth_year=1990,
            kind=Kind.CLUB,
            started_on=datetime.date(2020, 1, 1),
        )


def test_without_a_consent_text_nobody_is_registered(world: World) -> None:
    with pytest.raises(ValidationError, match="ingen samtykketekst"):
        services.volunteer_register(
            programme=world.programme,
            estate=None,
            name="Frida Frivillig",
            phone="11223344",
            email="",
            birth_year=2000,
            interests=[],
            kind=Kind.CLUB,
            leads_others=False,
            started_on=datetime.date(2020, 1, 1),
            consent=ConsentGiven(method=ConsentMethod.ONLINE, given_on=datetime.date(2020, 1, 1)),
            registered_by=world.user("staff"),
        )
    assert not Volunteer.objects.exists()
    assert not Consent.objects.exists()


def test_a_volunteer_needs_a_phone_or_an_email(world: World) -> None:
    with pytest.raises(ValidationError) as raised:
        a_volunteer(world.programme, None, by=world.user("staff"), phone="", email="")
    assert "phone" in raised.value.error_dict
    assert not Volunteer.objects.exists()
    assert not Consent.objects.exists()


@pytest.mark.parametrize("birth_year", [1800, 1900, 2026, 3000])
def test_the_birth_year_must_be_plausible(world: World, birth_year: int) -> None:
    with pytest.raises(ValidationError) as raised:
        a_volunteer(world.programme, None, by=world.user("staff"), birth_year=birth_year)
    assert "birth_year" in raised.value.error_dict


def test_under_15_a_guardian_consents(world: World) -> None:
    given_on = datetime.date(2024, 6, 1)
    consent = ConsentGiven(method=ConsentMethod.IN_PERSON, given_on=given_on)
    with pytest.raises(ValidationError) as raised:
        a_volunteer(world.programme, None, by=world.user("staff"), birth_year=2010, consent=consent)
    assert "guardian_name" in raised.value.error_dict

    with_guardian = ConsentGiven(
        method=ConsentMethod.IN_PERSON, given_on=given_on, guardian_name="Lone Legeglad"
    )
    volunteer = a_volunteer(
        world.programme, None, by=world.user("staff"), birth_year=2010, consent=with_guardian
    )
    assert volunteer.consent.guardian_name == "Lone Legeglad"
    # Sixteen in the year of the consent: old enough whatever the birthday.
    a_volunteer(
        world.programme,
        None,
        by=world.user("staff"),
        name="Ældre",
        birth_year=2008,
        consent=consent,
    )


def test_a_paper_consent_keeps_its_scan_if_it_is_a_pdf_or_an_image(world: World) -> None:
    scan = SimpleUploadedFile("samtykke.pdf", PDF, content_type="application/pdf")
    given = ConsentGiven(method=ConsentMethod.PAPER, given_on=datetime.date(2020, 3, 1), scan=scan)
    volunteer = a_volunteer(world.programme, None, by=world.user("staff"), consent=given)
    assert volunteer.consent.scan.read() == PDF
    # The stored name tells nothing about the person or the file.
    assert "samtykke" not in volunteer.consent.scan.name


@pytest.mark.parametrize(
    ("method", "content", "field"),
    [
        (ConsentMethod.PAPER, b"MZ\x90\x00 not a scan", "scan"),
        (ConsentMethod.IN_PERSON, PDF, "scan"),
    ],
)
def test_a_scan_is_refused_unless_a_pdf_or_image_of_a_paper_consent(
    world: World, method: ConsentMethod, content: bytes, field: str
) -> None:
    scan = SimpleUploadedFile("x.pdf", content)
    given = ConsentGiven(method=method, given_on=datetime.date(2020, 3, 1), scan=scan)
    with pytest.raises(ValidationError) as raised:
        a_volunteer(world.programme, None, by=world.user("staff"), consent=given)
    assert field in raised.value.error_dict
    assert not Consent.objects.exists()


def test_a_scan_larger_than_the_limit_is_refused(world: World, monkeypatch) -> None:
    monkeypatch.setattr(privacy_services, "SCAN_MAX_BYTES", len(PDF) - 1)
    scan = SimpleUploadedFile("x.pdf", PDF)
    given = ConsentGiven(method=ConsentMethod.PAPER, given_on=datetime.date(2020, 3, 1), scan=scan)
    with pytest.raises(ValidationError, match="10 MB"):
        a_volunteer(world.programme, None, by=world.user("staff"), consent=given)


def test_an_estate_of_another_programme_is_refused(world: World) -> None:
    other_estate = world.other_programme.estates.get()
    with pytest.raises(ValidationError) as raised:
        a_volunteer(world.programme, other_estate, by=world.user("staff"))
    assert "estate" in raised.value.error_dict


def test_edit_and_end(world: World) -> None:
    volunteer = a_volunteer(world.programme, world.vapnagaard, by=world.user("staff"))
    services.volunteer_update(
        volunteer=volunteer,
        estate=None,
        name="Frida Flink",
        phone="",
        email="frida@example.org",
        birth_year=1999,
        interests=[],
        kind=Kind.AD_HOC,
        leads_others=True,
        started_on=volunteer.started_on,
        ended_on=None,
    )
    services.volunteer_end(volunteer=volunteer, ended_on=datetime.date(2021, 1, 31))
    volunteer.refresh_from_db()
    assert (volunteer.name, volunteer.estate, volunteer.kind) == ("Frida Flink", None, Kind.AD_HOC)
    assert volunteer.ended_on == datetime.date(2021, 1, 31)
    with pytest.raises(ValidationError):
        services.volunteer_end(volunteer=volunteer, ended_on=datetime.date(2021, 2, 1))


def test_withdrawal_and_renewal_keep_every_consent(world: World) -> None:
    volunteer = a_volunteer(world.programme, world.vapnagaard, by=world.user("staff"))
    first = volunteer.consent
    services.volunteer_withdraw_consent(volunteer=volunteer, withdrawn_by=world.user("staff"))
    first.refresh_from_db()
    assert first.withdrawn_at is not None and first.withdrawn_by == world.user("staff")
    with pytest.raises(ValidationError):
        services.volunteer_withdraw_consent(volunteer=volunteer, withdrawn_by=world.user("staff"))

    consent_text(world.programme, world.user("secretariat_head"))
    renewed = consent_renew(
        person=volunteer,
        given=ConsentGiven(method=ConsentMethod.ONLINE, given_on=datetime.date(2021, 3, 1)),
        recorded_by=world.user("secretariat_head"),
    )
    volunteer.refresh_from_db()
    assert volunteer.consent == renewed
    assert renewed.text.version == 2 and renewed.withdrawn_at is None
    assert list(privacy_queries.consents_of(volunteer, REGISTER)) == [renewed, first]
