"""Overdue reports: paid grants past their report's deadline with no report, listed per
programme for the estates a person keeps, and reminded by the daily job at most once a week."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from conftest import World
from helhedsplan.core import schedule
from helhedsplan.grants import access, queries, services, tasks
from helhedsplan.grants.models import (
    Application,
    CommitteeMeeting,
    Pool,
    ReportReminder,
)
from helhedsplan.grants.tests.helpers import PDF, a_pool, an_application, paid_application, upload
from helhedsplan.programmes.models import Estate

pytestmark = pytest.mark.django_db

DUE = datetime.date(2026, 7, 1)


@pytest.fixture
def pool(world: World) -> Pool:
    return a_pool(world.programme, by=world.user("secretariat_head"))


@pytest.fixture
def meeting(pool: Pool) -> CommitteeMeeting:
    return services.committee_meeting_add(pool=pool, held_on=datetime.date(2026, 5, 12))


def paid(
    world: World,
    pool: Pool,
    meeting: CommitteeMeeting,
    estate: Estate,
    *,
    due: datetime.date = DUE,
    email: str = "karen@example.org",
    activity: str = "Strikkecafé",
) -> Application:
    return paid_application(
        an_application(pool, estate, email=email, activity=activity),
        meeting=meeting,
        by=world.user("secretariat_head"),
        report_due_on=due,
    )


def _day(day: datetime.date, hour: int = 6) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def test_overdue_are_the_paid_grants_past_their_deadline_without_a_report(
    world: World, pool: Pool, meeting: CommitteeMeeting
) -> None:
    overdue = paid(world, pool, meeting, world.vapnagaard, activity="Forsinket")
    paid(world, pool, meeting, world.vapnagaard, due=DUE + datetime.timedelta(days=30))
    reported = paid(world, pool, meeting, world.vapnagaard, activity="Afrapporteret")
    services.report_back_record(
        application=reported,
        participants_residents=5,
        participants_non_residents=0,
        evaluation="Fint.",
        receipts=[upload(PDF)],
        photos=[],
        photo_consent=False,
        entered_by=world.user("staff"),
    )
    # Approved, not yet paid: nothing is due yet.
    approved = paid(world, pool, meeting, world.vapnagaard, activity="Ikke udbetalt")
    Application.objects.filter(pk=approved.pk).update(status="approved")
    ReportReminder.objects.create(application=overdue, sent_at=_day(DUE + datetime.timedelta(3)))

    today = DUE + datetime.timedelta(days=10)
    found = queries.overdue_reports(Application.objects.all(), today=today)
    # The annotations, read as the page reads them.
    assert [(row.pk, vars(row)["overdue"], vars(row)["last_reminder"]) for row in found] == [
        (overdue.pk, datetime.timedelta(days=10), _day(DUE + datetime.timedelta(days=3)))
    ]
    # On the deadline itself the report is not overdue yet.
    assert not queries.overdue_reports(Application.objects.all(), today=DUE).exists()


def test_the_page_lists_them_for_the_estates_the_person_keeps(
    client, world: World, pool: Pool, meeting: CommitteeMeeting
) -> None:
    paid(world, pool, meeting, world.vapnagaard, activity="Vapnagaards fest")
    estate_pool = a_pool(
        world.programme, by=world.user("secretariat_head"), estate=world.nojsomhed, name="Nøj"
    )
    estate_meeting = services.committee_meeting_add(
        pool=estate_pool, held_on=datetime.date(2026, 5, 12)
    )
    paid(world, estate_pool, estate_meeting, world.nojsomhed, activity="Nøjsomheds fest")
    url = reverse("grants:overdue_reports", args=[world.programme.slug])

    client.force_login(world.user("secretariat_head"))
    pools_page = client.get(reverse("grants:pool_list", args=[world.programme.slug]))
    assert url in pools_page.content.decode()
    page = client.get(url).content.decode()
    assert "Vapnagaards fest" in page and "Nøjsomheds fest" in page
    assert "01.07.2026" in page and "Ingen endnu" in page

    client.force_login(world.user("staff"))
    page = client.get(url).content.decode()
    assert "Vapnagaards fest" in page and "Nøjsomheds fest" not in page
    assert list(access.kept_programme_applications(world.user("board"), world.programme)) == []


def test_the_job_reminds_each_overdue_contact_with_an_email_at_most_once_a_week(
    world: World, pool: Pool, meeting: CommitteeMeeting
) -> None:
    reminded = paid(world, pool, meeting, world.vapnagaard, activity="Sommerfest")
    without_email = paid(world, pool, meeting, world.vapnagaard, email="", activity="Uden mail")
    erased = paid(world, pool, meeting, world.vapnagaard, activity="Slettet kontakt")
    Application.objects.filter(pk=erased.pk).update(contact=None)
    paid(world, pool, meeting, world.vapnagaard, due=datetime.date(2026, 12, 31))

    first_day = DUE + datetime.timedelta(days=2)
    with time_machine.travel(_day(first_day), tick=False):
        result = tasks.remind_overdue_reports.call()
    assert result == {"sent": 1, "failed": 0, "without_email": 2, "reminded_lately": 0}
    [message] = mail.outbox
    assert message.to == ["karen@example.org"]
    assert reminded.reference in message.subject
    assert "Sommerfest" in message.body and "01.07.2026" in message.body
    assert "kvitteringer" in message.body and "beboere og ikke-beboere" in message.body
    assert list(ReportReminder.objects.values_list("application", flat=True)) == [reminded.pk]
    assert without_email.pk not in ReportReminder.objects.values_list("application", flat=True)

    # A second run the same day, and runs within the week, send nothing.
    for later in [0, 1, 6]:
        with time_machine.travel(_day(first_day + datetime.timedelta(days=later), 23), tick=False):
            result = tasks.remind_overdue_reports.call()
        assert result["sent"] == 0 and result["reminded_lately"] == 1
    assert len(mail.outbox) == 1

    # A week on, the next reminder.
    with time_machine.travel(_day(first_day + datetime.timedelta(days=7), 1), tick=False):
        assert tasks.remind_overdue_reports.call()["sent"] == 1
    assert len(mail.outbox) == 2 and ReportReminder.objects.count() == 2


def test_a_contact_who_withdrew_consent_is_not_reminded(
    world: World, pool: Pool, meeting: CommitteeMeeting
) -> None:
    withdrawn = paid(world, pool, meeting, world.vapnagaard)
    assert withdrawn.contact is not None
    services.contact_withdraw_consent(contact=withdrawn.contact, withdrawn_by=world.user("staff"))
    with time_machine.travel(_day(DUE + datetime.timedelta(days=2)), tick=False):
        result = tasks.remind_overdue_reports.call()
    assert result == {"sent": 0, "failed": 0, "without_email": 1, "reminded_lately": 0}
    assert mail.outbox == []
    assert not ReportReminder.objects.exists()


def test_a_reminder_that_cannot_be_sent_is_not_recorded(
    world: World, pool: Pool, meeting: CommitteeMeeting, settings
) -> None:
    paid(world, pool, meeting, world.vapnagaard)
    settings.EMAIL_BACKEND = "helhedsplan.grants.tests.test_overdue_reports.FailingBackend"
    with time_machine.travel(_day(DUE + datetime.timedelta(days=2)), tick=False):
        result = tasks.remind_overdue_reports.call()
    assert result["sent"] == 0 and result["failed"] == 1
    assert not ReportReminder.objects.exists()


class FailingBackend:
    """A mail server that cannot be reached."""

    def __init__(self, **kwargs: object) -> None:
        pass

    def send_messages(self, messages: object) -> int:
        raise ConnectionRefusedError("no mail server")


def test_the_reminders_are_a_daily_job() -> None:
    job = next(job for job in schedule.jobs() if job.name == "grants.remind_overdue_reports")
    assert job.task is tasks.remind_overdue_reports
    assert job.every == datetime.timedelta(days=1)


def test_the_page_counts_in_the_same_queries_however_many_are_overdue(
    client, world: World, pool: Pool, meeting: CommitteeMeeting
) -> None:
    url = reverse("grants:overdue_reports", args=[world.programme.slug])
    client.force_login(world.user("secretariat_head"))
    paid(world, pool, meeting, world.vapnagaard)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for _ in range(3):
        paid(world, pool, meeting, world.nojsomhed)
    with CaptureQueriesContext(connection) as four:
        page = client.get(url).content.decode()
    assert page.count("Strikkeklubben") == 4
    assert len(four) == len(one)
