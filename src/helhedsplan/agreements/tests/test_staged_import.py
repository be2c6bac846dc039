"""An uploaded delaftale is parsed once: the JSON stored on upload rebuilds the very document
that parsing the file gives."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given

from helhedsplan.agreements import staged_import
from helhedsplan.agreements.demo import SEED_FILE, seed_bytes
from helhedsplan.agreements.importer import AgreementImportError, parse_file
from helhedsplan.agreements.tests.test_importer import as_text
from helhedsplan.agreements.tests.test_importer_properties import (
    ONE_LINE_TEXT,
    rows_of,
    rows_to_blocks,
)


def _rebuilt(name: str, data: bytes):
    stored = json.loads(json.dumps(staged_import.parse(data, name, {})))
    return staged_import.rebuild(stored, {})


def test_the_seed_agreement_is_rebuilt_from_its_stored_parse() -> None:
    assert _rebuilt(SEED_FILE, seed_bytes()) == parse_file(SEED_FILE, seed_bytes())


@given(rows_of(ONE_LINE_TEXT))
def test_any_document_that_imports_is_rebuilt_from_its_stored_parse(rows) -> None:
    data = as_text(rows_to_blocks(rows)).encode()
    try:
        document = parse_file("delaftale.txt", data)
    except AgreementImportError:
        return
    assert _rebuilt("delaftale.txt", data) == document


def test_a_file_the_importer_refuses_is_a_validation_error_with_its_reason() -> None:
    with pytest.raises(ValidationError) as refused:
        staged_import.parse(b"Referat af bestyrelsesm\xc3\xb8det.", "referat.txt", {})
    assert refused.value.messages == [str(_refusal(b"Referat af bestyrelsesm\xc3\xb8det."))]


def _refusal(data: bytes) -> AgreementImportError:
    with pytest.raises(AgreementImportError) as refused:
        parse_file("referat.txt", data)
    return refused.value
