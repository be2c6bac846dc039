"""Personal data typed into a note is really gone from the audit trail once redacted, and the
redaction itself is recorded."""

from __future__ import annotations

import pytest
from django.db import connection
from django.urls import reverse

from conftest import World
from helhedsplan.audit.models import Redaction
from helhedsplan.audit.services import REDACTED, redaction_kind
from helhedsplan.counselling import services as counselling_services
from helhedsplan.counselling.models import Inquiry
from helhedsplan.counselling.tests.helpers import register

SECRET = "Jens Hansen fra nr. 7"


def _noted(world: World) -> Inquiry:
    inquiry = register(world.nojsomhed, ["Kost"], by=world.user("staff"))[0]
    return _with_note(inquiry, SECRET)


def _with_note(inquiry: Inquiry, note: str) -> Inquiry:
    return counselling_services.inquiry_correct(
        inquiry=inquiry,
        by=inquiry.registered_by,
        estate=inquiry.estate,
        topics=list(inquiry.topics.all()),
        bridged_to=list(inquiry.bridged_to.all()),
        channel=inquiry.channel,
        method=inquiry.method,
        occurred_at=inquiry.occurred_at,
        follow_up_needed=inquiry.follow_up_needed,
        interpreter_or_language_help=inquiry.interpreter_or_language_help,
        duration_minutes=inquiry.duration_minutes,
        age_band=inquiry.age_band,
        gender=inquiry.gender,
        note=note,
    )


def _raw_notes(inquiry: Inquiry) -> list[str]:
    """The notes as the database holds them, read past the ORM."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT note FROM counselling_historicalinquiry WHERE id = %s ORDER BY history_id",
            [inquiry.pk],
        )
        return [row[0] for row in cursor.fetchall()]


def _record_with_secret(inquiry: Inquiry):
    return inquiry.history.filter(note=SECRET).order_by("history_id").last()


def _url(record) -> str:
    return reverse(
        "audit:redact",
        kwargs={"kind": redaction_kind(Inquiry), "history_id": record.history_id},
    )


def test_a_corrected_note_is_gone_from_every_record_and_the_redaction_is_recorded(
    client, world: World
) -> None:
    inquiry = _noted(world)
    record = _record_with_secret(inquiry)
    _with_note(inquiry, "Hjælp til boligstøtte")
    assert _raw_notes(inquiry).count(SECRET) == 1
    head = world.user("secretariat_head")
    client.force_login(head)
    page = client.get(_url(record))
    assert page.status_code == 200
    assert SECRET in page.content.decode()

    response = client.post(_url(record), {"texts": ["note"], "reason": "Navn i noten"})
    assert response.status_code == 302
    notes = _raw_notes(inquiry)
    assert SECRET not in notes
    assert REDACTED in notes
    assert "Hjælp til boligstøtte" in notes
    redaction = Redaction.objects.get()
    assert (redaction.redacted_by, redaction.reason, redaction.fields) == (
        head,
        "Navn i noten",
        ["note"],
    )
    assert redaction.records == 1
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM audit_redaction")
        assert SECRET not in repr(cursor.fetchall())
    assert "Navn i noten" in client.get(_url(record)).content.decode()


def test_a_deleted_inquirys_note_is_gone_from_all_its_records(client, world: World) -> None:
    inquiry = _noted(world)
    pk = inquiry.pk
    counselling_services.inquiry_delete(inquiry=inquiry, by=world.user("staff"))
    deleted = Inquiry.history.filter(id=pk, history_type="-").get()
    assert deleted.note == SECRET
    client.force_login(world.user("administrator"))
    trail = client.get(reverse("audit:trail"))
    assert _url(deleted) in trail.content.decode()
    client.post(_url(deleted), {"texts": ["note"], "reason": "CPR i noten"})
    notes = [record.note for record in Inquiry.history.filter(id=pk)]
    assert SECRET not in notes
    assert Redaction.objects.get().records == 2


def test_a_note_still_on_the_inquiry_must_be_corrected_first(client, world: World) -> None:
    inquiry = _noted(world)
    client.force_login(world.user("secretariat_head"))
    response = client.post(_url(_record_with_secret(inquiry)), {"texts": ["note"], "reason": "x"})
    assert response.status_code == 400
    assert "Ret den først" in response.content.decode()
    assert SECRET in _raw_notes(inquiry)
    assert not Redaction.objects.exists()


def test_a_redaction_needs_a_reason(client, world: World) -> None:
    inquiry = _noted(world)
    record = _record_with_secret(inquiry)
    _with_note(inquiry, "")
    client.force_login(world.user("secretariat_head"))
    assert client.post(_url(record), {"texts": ["note"], "reason": " "}).status_code == 400
    assert SECRET in _raw_notes(inquiry)


@pytest.mark.parametrize("who", ["staff", "board", "working_group"])
def test_only_the_secretariat_head_and_administrators_redact(client, world: World, who) -> None:
    inquiry = _noted(world)
    record = _record_with_secret(inquiry)
    _with_note(inquiry, "")
    client.force_login(world.user(who))
    assert client.post(_url(record), {"texts": ["note"], "reason": "x"}).status_code == 403
    assert SECRET in _raw_notes(inquiry)


def test_an_unknown_kind_or_record_is_404(client, world: World) -> None:
    client.force_login(world.user("secretariat_head"))
    url = reverse("audit:redact", kwargs={"kind": 999999, "history_id": 1})
    assert client.get(url).status_code == 404
    url = reverse("audit:redact", kwargs={"kind": redaction_kind(Inquiry), "history_id": 999999})
    assert client.get(url).status_code == 404


def test_the_inquirys_page_offers_its_earlier_notes_for_redaction(client, world: World) -> None:
    inquiry = _noted(world)
    record = _record_with_secret(inquiry)
    _with_note(inquiry, "Hjælp til boligstøtte")
    url = reverse(
        "counselling:inquiry_update",
        kwargs={"slug": world.programme.slug, "inquiry_id": inquiry.pk},
    )
    client.force_login(world.user("secretariat_head"))
    page = client.get(url).content.decode()
    assert SECRET in page and _url(record) in page
    client.post(_url(record), {"texts": ["note"], "reason": "Navn i noten"})
    assert SECRET not in client.get(url).content.decode()
    # Staff correct their own inquiries but do not redact the trail.
    client.force_login(world.user("staff"))
    mine = register(world.vapnagaard, ["Kost"], by=world.user("staff"))[0]
    _with_note(_with_note(mine, SECRET), "")
    own = reverse(
        "counselling:inquiry_update", kwargs={"slug": world.programme.slug, "inquiry_id": mine.pk}
    )
    assert SECRET not in client.get(own).content.decode()
