"""The privacy lifecycle on the volunteer register: review, the scheduled erasure, erasure
for real (searched for in every table), and the person's data for export."""

from __future__ import annotations

import datetime

from dateutil.relativedelta import relativedelta
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from conftest import World
from helhedsplan.audit.history import history_model
from helhedsplan.core import schedule
from helhedsplan.privacy import queries, services, tasks
from helhedsplan.privacy.models import (
    Consent,
    ConsentMethod,
    Erasure,
    ErasureReason,
    ErasureRun,
)
from helhedsplan.privacy.tests.database_search import tables_containing
from helhedsplan.volunteers import services as volunteer_services
from helhedsplan.volunteers.models import Volunteer
from helhedsplan.volunteers.register import REGISTER
from helhedsplan.volunteers.tests.helpers import a_volunteer

NAME, PHONE, EMAIL = "Ingeborg Ildsjæl", "87 65 43 21", "ingeborg.ildsjael@example.org"
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"


def _last_active(volunteer: Volunteer, day: datetime.date) -> None:
    """Dates the volunteer's every activity back to ``day`` (the record's last change too)."""
    Volunteer.objects.filter(pk=volunteer.pk).update(
        started_on=day,
        ended_on=day,
        updated_at=timezone.make_aware(datetime.datetime.combine(day, datetime.time(12))),
    )


def _days_ago(days: int = 0, *, months: int = 0) -> datetime.date:
    return timezone.localdate() - relativedelta(months=months) - datetime.timedelta(days=days)


def test_last_activity_is_the_latest_of_start_end_and_change(world: World) -> None:
    volunteer = a_volunteer(world.programme, None, by=world.user("staff"))
    assert queries.last_activity_of(volunteer, REGISTER) == timezone.localdate()
    _last_active(volunteer, datetime.date(2019, 5, 1))
    assert queries.last_activity_of(volunteer, REGISTER) == datetime.date(2019, 5, 1)
    Volunteer.objects.filter(pk=volunteer.pk).update(ended_on=datetime.date(2019, 8, 1))
    assert queries.last_activity_of(volunteer, REGISTER) == datetime.date(2019, 8, 1)


def test_the_review_list_holds_who_is_past_retention_or_withdrew(world: World) -> None:
    staff = world.user("staff")
    active = a_volunteer(world.programme, None, by=staff, name="Aktiv")
    old = a_volunteer(world.programme, None, by=staff, name="Gammel")
    _last_active(old, _days_ago(1, months=12))
    withdrawn = a_volunteer(world.programme, None, by=staff, name="Trak tilbage")
    volunteer_services.volunteer_withdraw_consent(volunteer=withdrawn, withdrawn_by=staff)

    due = queries.due_for_review(
        people=Volunteer.objects.all(), programme=world.programme, personal_register=REGISTER
    )

    assert [row.person for row in due] == [old, withdrawn]
    assert due[0].erase_on == _days_ago(1) + datetime.timedelta(days=REGISTER.grace_days)
    assert due[1].withdrawn
    assert due[1].erase_on == timezone.localdate() + datetime.timedelta(days=REGISTER.grace_days)
    assert active not in [row.person for row in due]


def test_a_programme_chooses_its_own_retention(world: World) -> None:
    old = a_volunteer(world.programme, None, by=world.user("staff"))
    _last_active(old, _days_ago(months=7))
    people = Volunteer.objects.all()
    assert not queries.due_for_review(
        people=people, programme=world.programme, personal_register=REGISTER
    )
    services.retention_set(
        programme=world.programme,
        personal_register=REGISTER,
        months=6,
        changed_by=world.user("secretariat_head"),
    )
    assert queries.due_for_review(
        people=people, programme=world.programme, personal_register=REGISTER
    )


def test_the_job_erases_after_the_grace_period_and_reports_counts(world: World) -> None:
    staff = world.user("staff")
    grace = REGISTER.grace_days
    within_grace = a_volunteer(world.programme, None, by=staff, name="Inden for fristen")
    _last_active(within_grace, _days_ago(grace - 1, months=12))
    past_grace = a_volunteer(world.programme, None, by=staff, name="Efter fristen")
    _last_active(past_grace, _days_ago(grace + 1, months=12))
    withdrew_long_ago = a_volunteer(world.programme, None, by=staff, name="Trak tilbage")
    volunteer_services.volunteer_withdraw_consent(volunteer=withdrew_long_ago, withdrawn_by=staff)
    Consent.objects.filter(pk=withdrew_long_ago.consent_id).update(
        withdrawn_at=timezone.now() - datetime.timedelta(days=grace + 1)
    )
    withdrew_now = a_volunteer(world.programme, None, by=staff, name="Trak tilbage i dag")
    volunteer_services.volunteer_withdraw_consent(volunteer=withdrew_now, withdrawn_by=staff)

    result = tasks.erase_due.call()

    # Every register reports its count (the grant applicants' too, none here).
    assert result["volunteers"] == 2
    assert set(Volunteer.objects.values_list("name", flat=True)) == {
        "Inden for fristen",
        "Trak tilbage i dag",
    }
    run = ErasureRun.objects.get(programme=world.programme, register="volunteers")
    assert (run.retention, run.withdrawal) == (1, 1)
    assert sorted(Erasure.objects.values_list("reason", "erased_by")) == [
        (ErasureReason.RETENTION, None),
        (ErasureReason.WITHDRAWAL, None),
    ]
    # Idempotent: the next run finds nobody.
    assert tasks.erase_due.call()["volunteers"] == 0
    assert Volunteer.objects.count() == 2


def test_erasure_leaves_nothing_of_the_person_in_any_table(
    world: World, django_capture_on_commit_callbacks
) -> None:
    head = world.user("secretariat_head")
    scan = SimpleUploadedFile("underskrift.pdf", PDF)
    volunteer = a_volunteer(
        world.programme,
        world.vapnagaard,
        by=world.user("staff"),
        name=NAME,
        phone=PHONE,
        email=EMAIL,
        consent=services.ConsentGiven(
            method=ConsentMethod.PAPER,
            given_on=datetime.date(2020, 3, 1),
            guardian_name="Gurli Ildsjæl",
            scan=scan,
        ),
    )
    volunteer_services.volunteer_end(volunteer=volunteer, ended_on=datetime.date(2021, 1, 1))
    services.consent_renew(
        person=volunteer,
        given=services.ConsentGiven(
            method=ConsentMethod.ONLINE, given_on=datetime.date(2021, 2, 1)
        ),
        recorded_by=head,
    )
    scan_name = Consent.objects.exclude(scan="").get().scan.name
    for secret in (NAME, PHONE, EMAIL, "Gurli Ildsjæl"):
        assert tables_containing(secret), f"the search should find {secret!r} before erasure"
    assert history_model(Volunteer).objects.filter(id=volunteer.pk).count() >= 3
    assert default_storage.exists(scan_name)

    # The files go once the transaction has committed.
    with django_capture_on_commit_callbacks(execute=True):
        erasure = volunteer_services.volunteer_erase(volunteer=volunteer, erased_by=head)

    for secret in (NAME, PHONE, EMAIL, "Gurli Ildsjæl"):
        assert tables_containing(secret) == []
    assert not Volunteer.objects.exists()
    assert not Consent.objects.exists()
    assert not history_model(Volunteer).objects.exists()
    assert not history_model(Consent).objects.exists()
    assert not default_storage.exists(scan_name)
    assert (erasure.register, erasure.reason, erasure.erased_by) == (
        "volunteers",
        ErasureReason.BY_HAND,
        head,
    )


def test_the_persons_data_as_json_holds_the_record_and_every_consent(world: World) -> None:
    volunteer = a_volunteer(
        world.programme, world.vapnagaard, by=world.user("staff"), name=NAME, phone=PHONE
    )
    data = queries.personal_data_json(volunteer, REGISTER)
    assert data["register"] == "volunteers"
    assert data["record"]["name"] == NAME
    assert data["record"]["phone"] == PHONE
    assert data["record"]["estate"] == "Vapnagaard"
    assert data["record"]["birth_year"] == 2000
    assert data["record"]["interests"] == []
    [consent] = data["consents"]
    assert consent["text_version"] == 1
    assert consent["text"].startswith("Jeg giver samtykke")
    assert consent["given_on"] == "2020-03-01"


def test_the_persons_data_names_staff_by_name_never_by_login(world: World) -> None:
    staff = world.user("staff")
    volunteer = a_volunteer(world.programme, world.vapnagaard, by=staff, name=NAME)
    assert queries.personal_data_json(volunteer, REGISTER)["record"]["registered_by"] == (
        "en medarbejder"
    )
    staff.first_name, staff.last_name = "Mette", "Medarbejder"
    staff.save()
    data = queries.personal_data_json(volunteer, REGISTER)
    assert data["record"]["registered_by"] == "Mette Medarbejder"
    assert staff.username not in str(data)


def test_the_erasure_runs_daily_on_the_worker() -> None:
    job = next(job for job in schedule.jobs() if job.name == "privacy.erase_due")
    assert job.task is tasks.erase_due
    assert job.every == datetime.timedelta(days=1)
