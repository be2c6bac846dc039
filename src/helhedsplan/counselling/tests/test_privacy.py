from __future__ import annotations

import contextlib
import signal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from helhedsplan.core.anonymous_text import (
    likely_name,
    normalise,
    personal_data_kind,
    validate_anonymous,
)
from helhedsplan.counselling.models import Channel, Inquiry, Method
from helhedsplan.counselling.tests.helpers import topic

REFUSED = [
    ("ring på 20 30 40 50", "et telefonnummer"),
    ("cpr 010203-1234", "et CPR-nummer"),
    ("skriv til a@b.dk", "en e-mailadresse"),
    ("nr. 0102031234", "et CPR-nummer"),
    ("tlf 20304050", "et telefonnummer"),
    ("+45 20 30 40 50 efter kl. 16", "et telefonnummer"),
    ("+4520304050", "et telefonnummer"),
    ("ring 2030 4050", "et telefonnummer"),
    ("mobil 20-30-40-50", "et telefonnummer"),
    ("mail: mor.hansen+skole@example.com", "en e-mailadresse"),
    ("CPR 010203 1234", "et CPR-nummer"),
]
ACCEPTED = [
    "Hjælp til boligstøtte, ansøgning sendt",
    "Kommer igen i 2021",
    "Aftale kl. 10.30 hos Borgerservice",
    "Regningen er på 1.200 kr.",
    "Brev dateret 12.03.2021 fra kommunen",
    "Fra 2018-2021 har hun fået hjælp",
    "Mellem 2018 2021 flere gange",
    "Husleje 12.500,50 kr. pr. måned",
    "Mødet 12.03.2021 kl. 9.15-10.45",
    "",
]


@pytest.mark.parametrize(("note", "kind"), REFUSED)
def test_it_refuses_notes_that_look_like_personal_data(note: str, kind: str) -> None:
    assert personal_data_kind(note) == kind
    with pytest.raises(ValidationError) as refused:
        validate_anonymous(note)
    message = refused.value.messages[0]
    assert kind in message
    assert "anonyme" in message


@pytest.mark.parametrize("note", ACCEPTED)
def test_it_accepts_ordinary_text(note: str) -> None:
    assert personal_data_kind(note) is None
    validate_anonymous(note)


# The probe's 28 variants: the nine the guard always refused and the nineteen it let through
# before notes were normalised and read for grouped numbers, words, addresses and birthdays.
CPR, PHONE, EMAIL = "et CPR-nummer", "et telefonnummer", "en e-mailadresse"
VARIANTS = [
    # refused before
    ("cpr 010190-1234", CPR),
    ("cpr 0101901234", CPR),
    ("ring 20304050", PHONE),
    ("ring 20 30 40 50", PHONE),
    ("ring 2030 4050", PHONE),
    ("ring 20-30-40-50", PHONE),
    ("ring +45 20 30 40 50", PHONE),
    ("skriv til jens@gmail.com", EMAIL),
    ("skriv til jens.hansen+skat@gmail.com", EMAIL),
    # let through before
    ("cpr 01.01.90.1234", CPR),
    ("cpr 010190/1234", CPR),
    ("cpr 010 190 1234", CPR),
    ("cpr O1O19O-1234", CPR),
    ("cpr 0101\u200b90-1234", CPR),
    ("cpr ０１０１９０－１２３４", CPR),
    ("ring 2030 40 50", PHONE),
    ("ring 203 040 50", PHONE),
    ("ring 2030-4050", PHONE),
    ("ring +45-2030-4050", PHONE),
    ("ring tyve tredive fyrre halvtreds", PHONE),
    ("ring 20\u200b30\u200b40\u200b50", PHONE),
    ("ring ２０３０－４０５０", PHONE),
    ("skriv til jens @ gmail.com", EMAIL),
    ("skriv til jens(at)gmail.com", EMAIL),
    ("skriv til jens snabel-a gmail.com", EMAIL),
    ("skriv til jens＠gmail.com", EMAIL),
    ("bor på Vapnagaard 12 st tv", "en adresse"),
    ("Jens Hansen, født 12.03.1985", "en fødselsdato"),
]
# The two the guard refused although they are no personal data.
NOT_PERSONAL = ["Sagsnr. 24681357 hos kommunen", "Har betalt 10 20 30 40 kr"]


def test_the_table_holds_the_probes_28_variants() -> None:
    assert len(VARIANTS) == 28


@pytest.mark.parametrize(("note", "kind"), VARIANTS)
def test_every_variant_of_personal_data_is_refused(note: str, kind: str) -> None:
    assert personal_data_kind(note) == kind


@pytest.mark.parametrize("note", NOT_PERSONAL)
def test_case_numbers_and_amounts_pass(note: str) -> None:
    assert personal_data_kind(note) is None


@pytest.mark.parametrize(
    "note",
    [
        "Skolevej 3, 1. th",
        "Stengade 14 mf",
        "Vapnagaard 7 2 tv",
        "Nøjsomhedsvej 21",
        "Hamletsgade 4B, st.",
    ],
)
def test_danish_addresses_are_refused(note: str) -> None:
    assert personal_data_kind(note) == "en adresse"


@pytest.mark.parametrize(
    "note",
    [
        "Fik hjælp i børnehave 2 dage",
        "alle 3 børn var med",
        "Mødet i Beboerhuset 2 gange",
        "Aftale kl. 10.30-12.45 hos Borgerservice 1. sal",
        "Fra 2020-2030",
        "Fik en tid to dage efter",
    ],
)
def test_ordinary_text_is_no_address_or_number(note: str) -> None:
    assert personal_data_kind(note) is None


def test_notes_are_normalised_before_they_are_read() -> None:
    assert normalise("０１０１９０\u200b－１２３４ ＠ O1O1") == "010190-1234 @ 0101"
    assert normalise("Ole og Oda") == "Ole og Oda"


@pytest.mark.parametrize(
    ("note", "name"),
    [
        ("Jens Hansen kom forbi", "Jens Hansen"),
        ("Hun fik hjælp med Borgerservice, Fatima Al-Sayed ringer", "Fatima Al-Sayed"),
        ("Sendt videre til Borgerservice Jens Hansen", "Jens Hansen"),
    ],
)
def test_a_likely_name_is_found(note: str, name: str) -> None:
    assert likely_name(note) == name
    # A name is a warning the worker confirms, not a refusal.
    assert personal_data_kind(note) is None


@pytest.mark.parametrize(
    "note", ["Henvist til Helsingør Kommune", "Kulturhus Syd holder lukket", "Hjælp til MitID"]
)
def test_institutions_are_not_names(note: str) -> None:
    assert likely_name(note) is None


HOSTILE = [
    "1 " * 50_000,
    "1,1." * 25_000,
    "a" * 100_000,
    "a @ " * 25_000,
    "a(at)" * 20_000,
    "Aa " * 33_000,
    "to " * 33_000,
    "Vapnagaard 1 " * 7_500,
    "O1" * 50_000,
    "født " * 20_000,
    "x" * 39 + " 1" * 50_000,
]


@pytest.mark.parametrize("text", HOSTILE, ids=lambda text: repr(text[:6]))
def test_a_long_hostile_text_is_read_in_linear_time(text: str) -> None:
    """Each pattern starts only at a word or number and repeats a bounded number of times; a
    catastrophic pattern would take hours on these 100,000 characters. The bound is a
    guard far above the second or so the guard needs on a busy machine, not a measurement."""
    with _deadline(seconds=30):
        personal_data_kind(text)
        likely_name(text)


@contextlib.contextmanager
def _deadline(*, seconds: int):
    def expired(_signum, _frame):
        raise TimeoutError("the note guard did not finish: a pattern backtracks")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def test_the_form_warns_of_a_name_and_saves_once_the_worker_confirms(client, world) -> None:
    client.force_login(world.user("staff"))
    url = reverse("counselling:inquiry_create", kwargs={"slug": world.programme.slug})
    data = {
        "estate": world.vapnagaard.pk,
        "channel": Channel.DROP_IN,
        "method": Method.CONVERSATION,
        "occurred_at": "2021-03-02T10:15",
        "topics": [topic(world.programme, "Boligstøtte").pk],
        "note": "Kom med brev fra Jens Hansen",
    }
    assert "note_names_no_one" not in client.get(url).content.decode()
    warned = client.post(url, data)
    assert warned.status_code == 400
    page = warned.content.decode()
    assert "Noten ser ud til at nævne en person (Jens Hansen)" in page
    assert 'name="note_names_no_one"' in page
    assert not Inquiry.objects.exists()

    assert client.post(url, {**data, "note_names_no_one": "on"}).status_code == 302
    assert Inquiry.objects.get().note == "Kom med brev fra Jens Hansen"
