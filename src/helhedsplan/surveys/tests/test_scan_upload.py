"""From paper to stored answers through the pages: the paper form downloaded, filled in and
scanned (synthetically, on the real PDF), uploaded as one PDF with a page that is not ours,
read, imported, and counted; a file that is not a scan is refused with nothing stored."""

from __future__ import annotations

import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from conftest import World, pdf_text
from helhedsplan.surveys import paper, scanning, specimens
from helhedsplan.surveys.models import (
    Answer,
    Channel,
    PageStatus,
    QuestionKind,
    Response,
    ScanBatch,
    ScanStatus,
    Wave,
)
from helhedsplan.surveys.tests.helpers import a_questionnaire, a_wave

pytestmark = pytest.mark.django_db


def _upload(client, world: World, number: str, name: str, data: bytes):
    return client.post(
        reverse("surveys:scan_upload", args=[world.programme.slug]),
        {
            "number": number,
            "file": SimpleUploadedFile(name, data),
            "idempotency_key": str(uuid.uuid4()),
        },
    )


def test_the_paper_form_comes_in_each_of_its_languages(client, world: World) -> None:
    wave = a_wave(a_questionnaire(world.programme), world.vapnagaard)
    client.force_login(world.user("staff"))
    for code, words in [("da", "Jeg fik den hjælp"), ("en", "I got the help I needed")]:
        answer = client.get(
            reverse("surveys:paper_form", args=[world.programme.slug, wave.pk, code])
        )
        assert answer.status_code == 200 and answer["Content-Type"] == "application/pdf"
        assert words in pdf_text(answer.content)
    missing = client.get(reverse("surveys:paper_form", args=[world.programme.slug, wave.pk, "tr"]))
    assert missing.status_code == 404


def test_a_scanned_pile_is_read_imported_and_counted(client, world: World) -> None:
    wave: Wave = a_wave(a_questionnaire(world.programme), world.vapnagaard)
    danish = wave.version.languages.get(code="da")
    printed = list(scanning.pages_of(paper.form_pdf(wave, danish)))
    layouts = paper.page_layouts(wave.version)
    pile, truths = specimens.filled_batch(printed, layouts, 3, scanning.PDF_DPI, seed=4)
    stranger = specimens.batch_pdf([specimens.not_a_form("blank", scanning.PDF_DPI, 1)])
    client.force_login(world.user("staff"))

    refused = _upload(client, world, "B7", "noter.txt", b"Ikke en scanning")
    assert refused.status_code == 400
    assert not ScanBatch.objects.exists()

    uploaded = _upload(client, world, "B7", "bunke.pdf", pile)
    assert uploaded.status_code == 302
    batch = ScanBatch.objects.get(number="B7")
    pages = list(batch.pages.order_by("number"))
    assert len(pages) == 3 * len(layouts)
    assert all(page.status != PageStatus.REFUSED for page in pages)
    again = _upload(client, world, "B8", "fremmed.pdf", stranger)
    assert again.status_code == 302
    assert ScanBatch.objects.get(number="B8").pages.get().status == PageStatus.REFUSED

    # The synthetic pen is a clear one: nothing waits for a person (the review has its own tests).
    assert not batch.pages.filter(status=PageStatus.REVIEW).exists()
    imported = client.post(reverse("surveys:scan_import", args=[world.programme.slug, batch.pk]))
    assert imported.status_code == 302
    batch.refresh_from_db()
    assert batch.status == ScanStatus.IMPORTED
    responses = Response.objects.filter(wave=wave, channel=Channel.SCAN)
    assert responses.count() == 3
    # The machine's reading of every sure question is what the resident marked.
    scale = set(wave.version.questions.filter(kind=QuestionKind.SCALE).values_list("pk", flat=True))
    expected = sorted(
        value
        for truth in truths
        for question, value in truth.items()
        if question in scale and value
    )
    stored = sorted(
        value
        for value in Answer.objects.filter(response__in=responses, question__in=scale).values_list(
            "value", flat=True
        )
        if value is not None
    )
    assert stored == expected
