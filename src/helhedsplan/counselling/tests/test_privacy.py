from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from helhedsplan.counselling.privacy import personal_data_kind, validate_anonymous

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
