"""The volunteer's personal link: issued and revoked by staff, signed, expiring, throttled;
through it the volunteer sees their data, logs hours, corrects their contact details, fetches
their certificate and withdraws their consent."""

from __future__ import annotations

import datetime
import json
import smtplib
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.core import mail, signing
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from conftest import World, pdf_text
from helhedsplan.privacy import queries as privacy_queries
from helhedsplan.privacy.tests.database_search import tables_containing
from helhedsplan.volunteers import link_tokens, queries, services
from helhedsplan.volunteers.models import (
    HourEntry,
    PersonalLink,
    PersonalLinkKey,
    Task,
    Volunteer,
)
from helhedsplan.volunteers.register import REGISTER
from helhedsplan.volunteers.tests.helpers import a_volunteer
from helhedsplan.volunteers.views import LINK_BY_ADDRESS, LINK_BY_TOKEN

NAME = "Lise Linkholder Frivillig"
INVALID = "Linket virker ikke længere"
TODAY = datetime.date(2026, 3, 10)


@pytest.fixture(autouse=True)
def _a_tuesday_in_march():
    with time_machine.travel(datetime.datetime(2026, 3, 10, 12, 0, tzinfo=datetime.UTC)):
        yield


def _volunteer(world: World, **changes: Any) -> Volunteer:
    return a_volunteer(
        world.programme, world.vapnagaard, by=world.user("staff"), name=NAME, **changes
    )


def _task(world: World, volunteer: Volunteer, name: str = "Lektiecafé") -> Task:
    task = services.task_register(
        programme=world.programme,
        estate=world.vapnagaard,
        name=name,
        activity=None,
        event=None,
        started_on=datetime.date(2026, 1, 1),
    )
    services.task_assign(task=task, volunteer=volunteer)
    return task


def _issue(world: World, volunteer: Volunteer) -> services.IssuedLink:
    return services.personal_link_issue(volunteer=volunteer, issued_by=world.user("staff"))


def _url(name: str, token: str, **kwargs: str) -> str:
    return reverse(f"volunteers:{name}", kwargs={"token": token, **kwargs})


def _assert_private(response) -> None:
    # The token never leaves in a Referer; a form's POST still carries its Origin (for CSRF).
    assert response["Referrer-Policy"] == "strict-origin"
    assert "noindex" in response["X-Robots-Tag"]
    assert response["Cache-Control"] == "no-store"


# Services ---------------------------------------------------------------------------------


def test_a_token_opens_its_link_and_nothing_else_does(world: World) -> None:
    volunteer = _volunteer(world)
    issued = _issue(world, volunteer)
    assert queries.personal_link_in_force(issued.token) == issued.link
    # The database keeps neither the token nor the nonce.
    _pk, nonce = signing.loads(issued.token, salt=link_tokens.SALT)
    assert tables_containing(issued.token) == [] and tables_containing(nonce) == []
    # Tampered, signed under another salt, or signed right but with another nonce.
    tampered = issued.token[:-2] + ("AA" if not issued.token.endswith("AA") else "BB")
    other_salt = signing.dumps([issued.link.pk, "x"], salt="something-else")
    other_nonce = signing.dumps([issued.link.pk, "x"], salt=link_tokens.SALT)
    wrong_shape = signing.dumps({"id": issued.link.pk}, salt=link_tokens.SALT)
    for token in (tampered, other_salt, other_nonce, wrong_shape, "", "abc:def"):
        assert queries.personal_link_in_force(token) is None, token


def test_a_new_link_revokes_the_old_and_links_expire(world: World, settings) -> None:
    settings.PERSONAL_LINK_DAYS = 180
    volunteer = _volunteer(world)
    first = _issue(world, volunteer)
    second = _issue(world, volunteer)
    assert queries.personal_link_in_force(first.token) is None
    assert queries.personal_link_in_force(second.token) == second.link
    # Through the end of the local day 180 days ahead: 10 March (13:00 in Copenhagen) and
    # 180 days is 6 September, in summer time.
    assert timezone.localtime(second.link.expires_at).replace(tzinfo=None) == (
        datetime.datetime.combine(datetime.date(2026, 9, 6), datetime.time.max)
    )
    later = second.link.expires_at
    assert queries.personal_link_in_force(second.token, now=later) is None
    assert queries.personal_link_in_force(second.token, now=later - datetime.timedelta(seconds=1))
    assert services.personal_link_revoke(volunteer=volunteer) is True
    assert queries.personal_link_in_force(second.token) is None
    assert services.personal_link_revoke(volunteer=volunteer) is False


def test_no_link_after_a_withdrawn_consent(world: World) -> None:
    volunteer = _volunteer(world)
    services.volunteer_withdraw_consent(volunteer=volunteer, withdrawn_by=world.user("staff"))
    with pytest.raises(ValidationError):
        _issue(world, volunteer)


def test_own_hours_are_set_per_task_and_day_within_the_sheets_limits(world: World) -> None:
    volunteer = _volunteer(world)
    task = _task(world, volunteer)
    other = _task(world, volunteer, "Havedag")

    def log(hours: str, *, day: datetime.date = TODAY, on: Task = task) -> HourEntry:
        return services.volunteer_hours_log(
            volunteer=volunteer, task=on, day=day, hours=Decimal(hours)
        )

    entry = log("2.5")
    assert entry.logged_by_volunteer and entry.logged_by is None
    # Again (a repeated POST) or corrected: the day's entry is set, never added to.
    log("2.5")
    log("3")
    assert list(HourEntry.objects.values_list("hours", flat=True)) == [Decimal("3")]
    log("20", on=other)
    refusals = {
        "across tasks": lambda: log("4.5"),
        "future": lambda: log("1", day=TODAY + datetime.timedelta(days=1)),
        "before the task": lambda: log("1", day=datetime.date(2025, 12, 31)),
        "too many": lambda: log("25", day=TODAY - datetime.timedelta(days=1)),
    }
    for why, refused in refusals.items():
        with pytest.raises(ValidationError):
            refused()
        assert HourEntry.objects.count() == 2, why
    services.task_unassign(task=other, volunteer=volunteer)
    with pytest.raises(ValidationError):
        log("1", on=other)


def test_contact_details_need_one_and_the_history_names_the_volunteer(world: World) -> None:
    volunteer = _volunteer(world)
    with pytest.raises(ValidationError):
        services.volunteer_contact_update(volunteer=volunteer, phone=" ", email="")
    services.volunteer_contact_update(volunteer=volunteer, phone="", email="lise@example.org")
    volunteer.refresh_from_db()
    assert (volunteer.phone, volunteer.email) == ("", "lise@example.org")
    latest = volunteer.history.first()
    assert latest.history_change_reason == services.CHANGED_BY_VOLUNTEER
    assert latest.history_user is None


def test_withdrawing_is_the_volunteers_own_act_and_ends_the_link(world: World) -> None:
    volunteer = _volunteer(world)
    issued = _issue(world, volunteer)
    consent = services.volunteer_withdraw_own_consent(volunteer=volunteer)
    assert consent.withdrawn_at is not None and consent.withdrawn_by is None
    assert queries.personal_link_in_force(issued.token) is None


def test_links_go_with_the_person_on_export_and_erasure(world: World) -> None:
    volunteer = _volunteer(world)
    _issue(world, volunteer)
    issued = _issue(world, volunteer)
    key = PersonalLinkKey.objects.get(link=issued.link)
    data = privacy_queries.personal_data_json(volunteer, REGISTER)
    links = data["related"]["personlige links"]
    assert len(links) == 2 and {"created_at", "expires_at", "revoked_at"} <= set(links[0])
    exported = json.dumps(data)
    assert key.nonce_hash not in exported and issued.token not in exported
    services.volunteer_erase(volunteer=volunteer, erased_by=world.user("secretariat_head"))
    assert not PersonalLink.objects.exists() and not PersonalLinkKey.objects.exists()
    assert not PersonalLink.history.filter(volunteer_id=volunteer.pk).exists()
    assert tables_containing(key.nonce_hash) == []


# The volunteer's pages --------------------------------------------------------------------


def test_the_overview_shows_what_is_registered(client, world: World) -> None:
    volunteer = _volunteer(world)
    task = _task(world, volunteer)
    services.volunteer_hours_log(volunteer=volunteer, task=task, day=TODAY, hours=Decimal("1.5"))
    issued = _issue(world, volunteer)
    response = client.get(_url("me", issued.token))
    assert response.status_code == 200
    _assert_private(response)
    page = response.content.decode()
    for shown in (NAME, "11 22 33 44", "Vapnagaard", "2000", "Lektiecafé", "1,5", "Jeg giver"):
        assert shown in page, shown
    assert "kræver mindst 20 timer" in page
    issued.link.refresh_from_db()
    assert issued.link.last_used_at is not None


def test_every_link_that_does_not_work_gets_the_same_page(client, world: World) -> None:
    volunteer = _volunteer(world)
    revoked = _issue(world, volunteer).token
    expired = _issue(world, volunteer).token
    tampered = "x" + expired[1:]
    after_expiry = timezone.now() + datetime.timedelta(days=181)
    with time_machine.travel(after_expiry):
        for token in (revoked, expired, tampered, "nonsense"):
            for name in ("me", "me_hours", "me_contact", "me_withdraw", "me_data"):
                response = client.get(_url(name, token))
                assert response.status_code == 404, (name, token)
                assert INVALID in response.content.decode()
                _assert_private(response)
            response = client.post(_url("me_withdraw", token))
            assert response.status_code == 404
    volunteer.consent.refresh_from_db()
    assert volunteer.consent.withdrawn_at is None


def test_the_volunteer_logs_an_hour_once_however_often_the_form_is_sent(
    client, world: World
) -> None:
    volunteer = _volunteer(world)
    task = _task(world, volunteer)
    token = _issue(world, volunteer).token
    form = client.get(_url("me_hours", token))
    assert form.status_code == 200 and "Lektiecafé" in form.content.decode()
    data = {"task": task.pk, "day": "10.03.2026", "hours": "1,5"}
    for _ in range(2):
        response = client.post(_url("me_hours", token), data)
        assert response.status_code == 302 and response.url == _url("me", token)
    entry = HourEntry.objects.get()
    assert (entry.hours, entry.logged_by_volunteer) == (Decimal("1.5"), True)
    assert "1,5" in client.get(_url("me", token)).content.decode()
    # Refusals come back on the form: the service's limits and a task not theirs.
    future = client.post(_url("me_hours", token), data | {"day": "11.03.2026"})
    assert future.status_code == 400 and "ikke er kommet" in future.content.decode()
    not_theirs = Task.objects.create(
        programme=world.programme,
        estate=world.vapnagaard,
        name="Andres opgave",
        started_on=datetime.date(2026, 1, 1),
    )
    assert client.post(_url("me_hours", token), data | {"task": not_theirs.pk}).status_code == 400
    assert HourEntry.objects.count() == 1


def test_the_volunteer_corrects_their_contact_details(client, world: World) -> None:
    volunteer = _volunteer(world)
    token = _issue(world, volunteer).token
    refused = client.post(_url("me_contact", token), {"phone": "", "email": ""})
    assert refused.status_code == 400
    assert "Skriv et telefonnummer eller en e-mailadresse" in refused.content.decode()
    response = client.post(_url("me_contact", token), {"phone": "99 88 77 66", "email": ""})
    assert response.status_code == 302
    volunteer.refresh_from_db()
    assert (volunteer.phone, volunteer.email) == ("99 88 77 66", "")


def test_the_volunteer_withdraws_after_a_confirmation_and_the_link_stops(
    client, world: World
) -> None:
    volunteer = _volunteer(world)
    token = _issue(world, volunteer).token
    confirm = client.get(_url("me_withdraw", token))
    assert (
        confirm.status_code == 200 and "Ja, træk mit samtykke tilbage" in confirm.content.decode()
    )
    volunteer.consent.refresh_from_db()
    assert volunteer.consent.withdrawn_at is None
    done = client.post(_url("me_withdraw", token))
    assert done.status_code == 200 and "dit link virker ikke længere" in done.content.decode()
    _assert_private(done)
    volunteer.consent.refresh_from_db()
    assert volunteer.consent.withdrawn_at is not None and volunteer.consent.withdrawn_by is None
    assert INVALID in client.get(_url("me", token)).content.decode()


def test_the_volunteer_downloads_their_data_and_certificate(client, world: World) -> None:
    volunteer = _volunteer(world)
    token = _issue(world, volunteer).token
    data = client.get(_url("me_data", token))
    assert data.status_code == 200 and data.json()["record"]["name"] == NAME
    _assert_private(data)
    # No certificate yet: back to the overview, which says what one needs.
    assert client.get(_url("me_certificate", token, language="da")).status_code == 302
    task = _task(world, volunteer)
    services.volunteer_hours_log(volunteer=volunteer, task=task, day=TODAY, hours=Decimal(3))
    head = world.user("secretariat_head")
    head.first_name, head.last_name = "Sara", "Sekretariatsleder"
    head.save()
    services.certificate_rules_set(
        programme=world.programme, minimum_hours=Decimal(2), signer=head, changed_by=head
    )
    services.certificate_issue(volunteer=volunteer, competences="Formidling", issued_by=head)
    assert "Hent dit frivilligbevis" in client.get(_url("me", token)).content.decode()
    for language in ("da", "en"):
        pdf = client.get(_url("me_certificate", token, language=language))
        assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
        assert NAME in pdf_text(pdf.content)
    assert client.get(_url("me_certificate", token, language="de")).status_code == 302


def test_too_many_requests_per_link_or_per_address_get_429(client, world: World) -> None:
    volunteer = _volunteer(world)
    token = _issue(world, volunteer).token
    with time_machine.travel(datetime.datetime(2026, 3, 10, 12, 1, 0, tzinfo=datetime.UTC)):
        for _ in range(LINK_BY_TOKEN.requests):
            assert client.get(_url("me", token)).status_code == 200
        refused = client.get(_url("me", token))
        assert refused.status_code == 429 and "For mange" in refused.content.decode()
        _assert_private(refused)
        # Guessing: other tokens from the same address, until the address's limit.
        answers = [
            client.get(_url("me", f"guess{n}")).status_code
            for n in range(LINK_BY_ADDRESS.requests - LINK_BY_TOKEN.requests)
        ]
        assert answers[-1] == 429 and set(answers[:-1]) == {404}
        assert client.get(_url("me", token), REMOTE_ADDR="192.0.2.9").status_code == 429
    # The next minute, the link works again.
    with time_machine.travel(datetime.datetime(2026, 3, 10, 12, 2, 0, tzinfo=datetime.UTC)):
        assert client.get(_url("me", token)).status_code == 200


# The staff's side ---------------------------------------------------------------------------


def test_staff_issue_show_once_mail_and_revoke_the_link(client, world: World) -> None:
    volunteer = _volunteer(world)
    client.force_login(world.user("staff"))
    detail = client.get(volunteer.get_absolute_url()).content.decode()
    assert "Den frivillige har intet personligt link." in detail
    args = [world.programme.slug, volunteer.pk]
    response = client.post(
        reverse("volunteers:personal_link_issue", args=args), {"link-send": "on"}
    )
    assert response.status_code == 200
    _assert_private(response)
    page = response.content.decode()
    assert "<svg" in page and "http://testserver/volunteers/me/" in page
    (sent,) = mail.outbox
    assert sent.to == ["frida@example.org"] and "Dit personlige link" in sent.subject
    url = page.split('class="personal-link-url"><a href="')[1].split('"')[0]
    assert url in sent.body and "Kære " + NAME in sent.body
    link = queries.personal_link_current(volunteer)
    assert link is not None
    expires = timezone.localtime(link.expires_at)
    assert f"til og med {expires:%d.%m.%Y}" in sent.body
    assert "udløber" in client.get(volunteer.get_absolute_url()).content.decode()
    revoked = client.post(reverse("volunteers:personal_link_revoke", args=args))
    assert revoked.status_code == 302
    assert queries.personal_link_current(volunteer) is None
    # Without the checkbox nothing is mailed.
    client.post(reverse("volunteers:personal_link_issue", args=args))
    assert len(mail.outbox) == 1


def test_a_mail_server_that_fails_leaves_the_link_to_hand_over(
    client, world: World, monkeypatch
) -> None:
    def fail(*args: object, **kwargs: object) -> None:
        raise smtplib.SMTPServerDisconnected("gone")

    monkeypatch.setattr(services, "send_mail", fail)
    volunteer = _volunteer(world)
    client.force_login(world.user("staff"))
    response = client.post(
        reverse("volunteers:personal_link_issue", args=[world.programme.slug, volunteer.pk]),
        {"link-send": "on"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "kunne ikke sendes" in page and "<svg" in page
    assert queries.personal_link_current(volunteer) is not None


# Mended after review ------------------------------------------------------------------------


def test_the_link_works_through_the_last_day_the_mail_names(world: World, settings) -> None:
    settings.PERSONAL_LINK_DAYS = 180
    issued = _issue(world, _volunteer(world))
    copenhagen = timezone.get_current_timezone()
    last_evening = datetime.datetime(2026, 9, 6, 23, 30, tzinfo=copenhagen)
    assert queries.personal_link_in_force(issued.token, now=last_evening) == issued.link
    next_day = datetime.datetime(2026, 9, 7, 0, 0, tzinfo=copenhagen)
    assert queries.personal_link_in_force(issued.token, now=next_day) is None


def test_own_hours_lie_within_the_volunteers_period_and_31_days(world: World) -> None:
    volunteer = _volunteer(world)
    task = _task(world, volunteer)
    newcomer = a_volunteer(
        world.programme,
        world.vapnagaard,
        by=world.user("staff"),
        name="Nina Nystartet",
        started_on=datetime.date(2026, 3, 1),
    )
    services.task_assign(task=task, volunteer=newcomer)

    def log(day: datetime.date, who: Volunteer = volunteer) -> HourEntry:
        return services.volunteer_hours_log(volunteer=who, task=task, day=day, hours=Decimal("1"))

    log(datetime.date(2026, 2, 7))  # 31 days back
    with pytest.raises(ValidationError) as too_old:
        log(datetime.date(2026, 2, 6))
    assert too_old.value.messages == [
        "Timer for mere end 31 dage siden skriver helhedsplanens medarbejdere."
    ]
    with pytest.raises(ValidationError) as before:
        log(datetime.date(2026, 2, 28), newcomer)
    assert before.value.messages == ["Nina Nystartet var ikke frivillig den 28.02.2026."]
    services.volunteer_end(volunteer=volunteer, ended_on=datetime.date(2026, 3, 5))
    with pytest.raises(ValidationError) as after:
        log(datetime.date(2026, 3, 6))
    assert after.value.messages == [f"{NAME} var ikke frivillig den 06.03.2026."]
    assert list(HourEntry.objects.values_list("day", flat=True)) == [datetime.date(2026, 2, 7)]


def test_a_resent_issue_keeps_the_first_link_and_stores_no_token(client, world: World) -> None:
    volunteer = _volunteer(world)
    client.force_login(world.user("staff"))
    detail = client.get(volunteer.get_absolute_url())
    key = detail.context["link_form"]["idempotency_key"].value()
    url = reverse("volunteers:personal_link_issue", args=[world.programme.slug, volunteer.pk])
    data = {"link-send": "on", "link-idempotency_key": key}
    first = client.post(url, data)
    assert first.status_code == 200
    token = first.content.decode().split("/volunteers/me/")[1].split("/")[0]
    link = queries.personal_link_in_force(token)
    assert link is not None
    # Sent again (the answer was lost): the volunteer's page says so, the link shown and
    # mailed still works, no second mail, and the token is stored nowhere.
    again = client.post(url, data, follow=True)
    assert again.redirect_chain == [(volunteer.get_absolute_url(), 302)]
    assert "Linket var allerede udstedt" in again.content.decode()
    assert queries.personal_link_in_force(token) == link
    assert PersonalLink.objects.filter(volunteer=volunteer).count() == 1
    assert len(mail.outbox) == 1
    assert tables_containing(token) == []


def test_a_failed_mail_logs_no_address(client, world: World, monkeypatch, caplog) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise smtplib.SMTPRecipientsRefused({"frida@example.org": (550, b"unknown")})

    monkeypatch.setattr(services, "send_mail", refuse)
    volunteer = _volunteer(world)
    client.force_login(world.user("staff"))
    with caplog.at_level("ERROR"):
        response = client.post(
            reverse("volunteers:personal_link_issue", args=[world.programme.slug, volunteer.pk]),
            {"link-send": "on"},
        )
    assert "kunne ikke sendes" in response.content.decode()
    assert "SMTPRecipientsRefused" in caplog.text
    assert "frida@example.org" not in caplog.text
