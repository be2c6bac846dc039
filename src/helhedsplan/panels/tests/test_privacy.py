"""The members on the privacy lifecycle: retention after leaving, the review list, export and
erasure for real (searched for in every table)."""

from __future__ import annotations

import datetime

from dateutil.relativedelta import relativedelta
from django.utils import timezone

from conftest import World
from helhedsplan.audit.history import history_model
from helhedsplan.panels import services
from helhedsplan.panels.models import Attendee, Meeting, Member
from helhedsplan.panels.register import REGISTER
from helhedsplan.panels.tests.helpers import a_meeting, a_member, a_panel
from helhedsplan.privacy import queries
from helhedsplan.privacy import services as privacy_services
from helhedsplan.privacy.models import Consent, ErasureReason
from helhedsplan.privacy.tests.database_search import tables_containing

NAME, PHONE, EMAIL = "Vagtsom Valborg", "87 65 43 99", "vagtsom.valborg@example.org"


def _left(member: Member, day: datetime.date) -> None:
    """The member left on ``day``, and the record last changed then."""
    Member.objects.filter(pk=member.pk).update(
        left_on=day,
        updated_at=timezone.make_aware(datetime.datetime.combine(day, datetime.time(12))),
    )


def test_a_member_is_active_until_they_leave_and_then_by_their_last_meeting(
    world: World,
) -> None:
    panel = a_panel(world.programme, world.vapnagaard)
    police = world.user("police")
    member = a_member(panel, by=police, joined_on=datetime.date(2019, 1, 1))
    assert queries.last_activity_of(member, REGISTER) == timezone.localdate()
    a_meeting(panel, datetime.date(2019, 6, 1), by=police, attendees=[member])
    _left(member, datetime.date(2019, 3, 1))
    assert queries.last_activity_of(member, REGISTER) == datetime.date(2019, 6, 1)


def test_the_review_list_holds_members_who_left_over_12_months_ago(world: World) -> None:
    panel = a_panel(world.programme, world.vapnagaard)
    staff = world.user("staff")
    current = a_member(panel, by=staff, name="Stadig Med")
    recent = a_member(panel, by=staff, name="For Nylig")
    long_ago = a_member(panel, by=staff, name="Længe Siden")
    today = timezone.localdate()
    _left(recent, today - relativedelta(months=11))
    _left(long_ago, today - relativedelta(months=12) - datetime.timedelta(days=1))

    due = queries.due_for_review(
        people=Member.objects.all(), programme=world.programme, personal_register=REGISTER
    )

    assert [row.person for row in due] == [long_ago]
    assert current not in [row.person for row in due]


def test_the_review_page_shows_the_panels_register(client, world: World) -> None:
    a_member(a_panel(world.programme, world.vapnagaard), by=world.user("staff"))
    client.force_login(world.user("secretariat_head"))
    page = client.get(f"/privacy/{world.programme.slug}/").content.decode()
    assert "Medlemmer af beboerpaneler" in page


def test_the_members_data_holds_the_record_the_meetings_and_the_consent(world: World) -> None:
    panel = a_panel(world.programme, world.vapnagaard)
    police = world.user("police")
    member = a_member(panel, by=police, name=NAME, phone=PHONE)
    a_meeting(panel, datetime.date(2019, 6, 1), by=police, attendees=[member])
    data = queries.personal_data_json(member, REGISTER)
    assert data["register"] == "panels"
    assert (data["record"]["name"], data["record"]["phone"]) == (NAME, PHONE)
    assert data["record"]["estate"] == "Vapnagaard"
    [attended] = next(iter(data["related"].values()))
    assert "2019" in str(attended)
    [consent] = data["consents"]
    assert consent["given_on"] == "2019-01-01"


def test_erasure_leaves_nothing_of_the_member_and_keeps_the_meetings(world: World) -> None:
    panel = a_panel(world.programme, world.vapnagaard)
    police = world.user("police")
    member = a_member(panel, by=police, name=NAME, phone=PHONE, email=EMAIL)
    meeting = a_meeting(panel, datetime.date(2019, 6, 1), by=police, attendees=[member])
    services.member_leave(member=member, left_on=datetime.date(2019, 7, 1))
    for secret in (NAME, PHONE, EMAIL):
        assert tables_containing(secret), f"the search should find {secret!r} before erasure"

    erasure = privacy_services.person_erase(
        person=member, erased_by=world.user("secretariat_head"), reason=ErasureReason.BY_HAND
    )

    for secret in (NAME, PHONE, EMAIL):
        assert tables_containing(secret) == []
    assert not Member.objects.exists() and not Consent.objects.exists()
    assert not Attendee.objects.exists() and not history_model(Attendee).objects.exists()
    assert not history_model(Member).objects.exists()
    assert erasure.register == "panels"
    # The meeting and its counts by type stay: P1 never changes with an erasure.
    assert Meeting.objects.get() == meeting
    assert meeting.residents == 5
