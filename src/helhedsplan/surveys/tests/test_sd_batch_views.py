"""The pages of scanned batches: the list, a batch with its pages, the review queue with its
cut-outs, the decisions and the import. (The upload and the paper form call the reader and
the PDF of ``scanning`` and ``paper``, whose tests live with them.)"""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.datastructures import MultiValueDict

from conftest import World
from helhedsplan.surveys import forms as surveys_forms
from helhedsplan.surveys.forms import ScanFile, ScanUploadForm
from helhedsplan.surveys.models import PageStatus, QuestionKind, Response, ScanBatch, Wave
from helhedsplan.surveys.reading import REVIEW_DPI
from helhedsplan.surveys.tests.helpers import a_questionnaire, a_scanned_batch, a_wave

pytestmark = pytest.mark.django_db


def _batch(world: World) -> tuple[Wave, ScanBatch]:
    wave = a_wave(a_questionnaire(world.programme), world.vapnagaard)
    return wave, a_scanned_batch(wave, world.user("staff"))


def test_the_list_and_the_batch_show_pages_with_their_status(client, world: World) -> None:
    _wave, batch = _batch(world)
    client.force_login(world.user("staff"))
    listed = client.get(reverse("surveys:scan_batches", args=[world.programme.slug]))
    assert listed.status_code == 200
    assert "S1" in listed.content.decode()

    page = client.get(reverse("surveys:scan_batch", args=[world.programme.slug, batch.pk]))
    content = page.content.decode()
    assert "Siden er ikke et af vores skemaer." in content
    assert "Skal ses af en person" in content
    assert reverse("surveys:scan_review", args=[world.programme.slug, batch.pk]) in content
    assert reverse("surveys:scan_import", args=[world.programme.slug, batch.pk]) not in content


def test_the_review_shows_the_cut_out_and_a_decision_clears_it(client, world: World) -> None:
    wave, batch = _batch(world)
    first = wave.version.questions.filter(kind=QuestionKind.SCALE).order_by("position")[0]
    in_doubt = batch.pages.get(status=PageStatus.REVIEW)
    client.force_login(world.user("staff"))
    review_url = reverse("surveys:scan_review", args=[world.programme.slug, batch.pk])
    review = client.get(review_url)
    cutout_url = reverse(
        "surveys:scan_cutout", args=[world.programme.slug, batch.pk, in_doubt.pk, first.pk]
    )
    content = review.content.decode()
    assert cutout_url in content
    assert "Maskinens gæt: 2" in content and "Intet svar" in content

    cutout = client.get(cutout_url)
    assert cutout["Content-Type"] == "image/png"
    assert "no-store" in cutout["Cache-Control"]
    image = cv2.imdecode(np.frombuffer(cutout.content, dtype=np.uint8), cv2.IMREAD_GRAYSCALE)
    assert image is not None
    # The question's block at the review's resolution: wider than tall, far less than a page.
    height, width = image.shape
    assert width > height and height < 297 / 25.4 * REVIEW_DPI / 4

    decide_url = reverse(
        "surveys:scan_decide", args=[world.programme.slug, batch.pk, in_doubt.pk, first.pk]
    )
    prefix = f"p{in_doubt.pk}-q{first.pk}"
    assert client.post(decide_url, {f"{prefix}-value": "9"}).status_code == 302
    in_doubt.refresh_from_db()
    assert in_doubt.status == PageStatus.REVIEW
    assert client.post(decide_url, {f"{prefix}-value": "2"}).url == review_url
    in_doubt.refresh_from_db()
    assert in_doubt.status == PageStatus.READ
    assert "Der er ingen svar i tvivl" in client.get(review_url).content.decode()


def test_the_import_stores_the_forms_and_the_page_counts_them(client, world: World) -> None:
    wave, batch = _batch(world)
    batch.pages.filter(status=PageStatus.REVIEW).update(status=PageStatus.READ)
    client.force_login(world.user("vapnagaard_head"))
    batch_url = reverse("surveys:scan_batch", args=[world.programme.slug, batch.pk])
    import_url = reverse("surveys:scan_import", args=[world.programme.slug, batch.pk])
    assert import_url in client.get(batch_url).content.decode()
    # The unsure mark is still unsure: marked read by hand above, it is refused at import.
    refused = client.post(import_url, follow=True)
    assert "i tvivl" in refused.content.decode()
    assert not Response.objects.exists()

    first = wave.version.questions.filter(kind=QuestionKind.SCALE).order_by("position")[0]
    page = batch.pages.get(number=3)
    page.marks.filter(question=first).update(decided="empty")
    response = client.post(import_url, follow=True)
    content = response.content.decode()
    assert "Svarene fra bunken er gemt." in content
    assert Response.objects.filter(wave=wave, channel="scan").count() == 2
    assert import_url not in content
    assert "Skemaer gemt" in content


def test_a_cut_out_is_only_for_those_who_enter_the_wave_s_answers(client, world: World) -> None:
    wave = a_wave(a_questionnaire(world.programme), world.nojsomhed)
    batch = a_scanned_batch(wave, world.user("secretariat_head"))
    page = batch.pages.get(status=PageStatus.REVIEW)
    question = page.marks.order_by("question__position")[0].question
    url = reverse(
        "surveys:scan_cutout", args=[world.programme.slug, batch.pk, page.pk, question.pk]
    )
    client.force_login(world.user("secretariat_head"))
    assert client.get(url).status_code == 200
    for refused in ("staff", "vapnagaard_head", "board", "outsider"):
        client.force_login(world.user(refused))
        assert client.get(url).status_code == 403, refused
    # The staff of Vapnagaard see that the batch exists, not the pages of Nøjsomhed.
    client.force_login(world.user("staff"))
    content = client.get(
        reverse("surveys:scan_batch", args=[world.programme.slug, batch.pk])
    ).content.decode()
    assert "Nøjsomhed" not in content
    assert reverse("surveys:scan_import", args=[world.programme.slug, batch.pk]) not in content


def test_the_upload_form_stops_reading_past_the_size_cap(monkeypatch) -> None:
    monkeypatch.setattr(surveys_forms, "SCAN_MAX_BYTES", 1000)
    too_large = ScanUploadForm(
        {"number": " B7 "},
        MultiValueDict({"file": [SimpleUploadedFile("b7.pdf", b"%PDF-" + b"x" * 1000)]}),
    )
    assert not too_large.is_valid()
    assert "for stor" in too_large.errors["file"][0]
    within = ScanUploadForm(
        {"number": " B7 "}, MultiValueDict({"file": [SimpleUploadedFile("b7.pdf", b"%PDF-1")]})
    )
    assert within.is_valid()
    assert within.cleaned_data["number"] == "B7"
    assert within.cleaned_data["file"] == ScanFile(name="b7.pdf", data=b"%PDF-1")
