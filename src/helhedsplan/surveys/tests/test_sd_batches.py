"""Scanned batches: recorded page by page as the reader found them, the marks in doubt
decided by a person, and the answers stored atomically, a response per whole form."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage

from conftest import World
from helhedsplan.surveys import queries, services
from helhedsplan.surveys.layout import FormCode
from helhedsplan.surveys.models import (
    Answer,
    Channel,
    PageStatus,
    QuestionKind,
    Response,
    ScanMark,
    ScanPage,
    ScanStatus,
    Wave,
)
from helhedsplan.surveys.tests.helpers import (
    a_page_reading,
    a_questionnaire,
    a_refused_reading,
    a_scanned_batch,
    a_wave,
    scale_answers,
)

pytestmark = pytest.mark.django_db
SCANNED_ON = datetime.date(2021, 2, 15)


def _scales(wave: Wave) -> list[int]:
    return list(
        wave.version.questions.filter(kind=QuestionKind.SCALE)
        .order_by("position")
        .values_list("pk", flat=True)
    )


def _two_page_wave(world: World) -> Wave:
    """A wave whose form takes two pages: four more scale questions than the usual."""
    questionnaire = a_questionnaire(world.programme, slug="lang", title="Langt skema")
    version = queries.latest_version(questionnaire)
    for number in range(4):
        services.question_add(version=version, kind=QuestionKind.SCALE, text=f"Udsagn {number}")
    return a_wave(questionnaire, world.vapnagaard)


def test_the_reader_gets_the_geometry_of_the_programmes_forms_only(world: World) -> None:
    wave = a_wave(a_questionnaire(world.programme), world.vapnagaard)
    look_up = queries.layouts_for(world.programme)
    version = wave.version_id
    code = FormCode(wave.questionnaire_id, version, wave.pk, "en", 1, 1)
    pages = look_up(code)
    assert pages is not None and len(pages) == 1
    assert {box.question for box in pages[0].boxes} == set(
        wave.version.questions.exclude(kind=QuestionKind.TEXT).values_list("pk", flat=True)
    )
    assert look_up(FormCode(wave.questionnaire_id, version, wave.pk, "ar", 1, 1)) is None
    assert look_up(FormCode(wave.questionnaire_id, version + 1, wave.pk, "da", 1, 1)) is None
    assert look_up(FormCode(wave.questionnaire_id, version, wave.pk, "da", 1, 2)) is None
    assert look_up(FormCode(wave.questionnaire_id + 1, version, wave.pk, "da", 1, 1)) is None
    assert queries.layouts_for(world.other_programme)(code) is None


def test_a_batch_is_recorded_page_by_page_with_the_doubt_and_the_refusal(world: World) -> None:
    wave = a_wave(a_questionnaire(world.programme), world.vapnagaard)
    batch = a_scanned_batch(wave, world.user("staff"))

    pages = list(batch.pages.order_by("number"))
    assert [(page.status, page.reason) for page in pages] == [
        (PageStatus.READ, ""),
        (PageStatus.REFUSED, "Siden er ikke et af vores skemaer."),
        (PageStatus.REVIEW, ""),
    ]
    read = pages[0]
    assert (read.wave, read.version, read.language, read.form_page, read.form_pages) == (
        wave,
        wave.version,
        "da",
        1,
        1,
    )
    assert read.image and default_storage.exists(read.image.name)
    assert not pages[1].image
    # Every box of the read pages: two scales, yes/no and three choices.
    assert ScanMark.objects.filter(page=read).count() == 5 + 5 + 2 + 3
    assert batch.status == ScanStatus.READ


def test_a_batch_number_is_used_once_in_a_programme(world: World) -> None:
    wave = a_wave(a_questionnaire(world.programme), world.vapnagaard)
    a_scanned_batch(wave, world.user("staff"))
    with pytest.raises(ValidationError, match="allerede indlæst"):
        a_scanned_batch(wave, world.user("staff"))
    assert ScanPage.objects.count() == 3


def test_a_form_of_an_estate_the_uploader_does_not_enter_is_refused(world: World) -> None:
    wave = a_wave(a_questionnaire(world.programme), world.nojsomhed)
    batch = services.scan_batch_record(
        programme=world.programme,
        number="S2",
        file_name="s2.pdf",
        readings=[a_page_reading(wave, {})],
        by=world.user("staff"),
        estate_ids={world.vapnagaard.pk},
    )
    page = batch.pages.get()
    assert page.status == PageStatus.REFUSED
    assert "Nøjsomhed" in page.reason


def test_a_decision_ends_the_doubt_and_the_import_stores_the_answers(
    world: World, django_capture_on_commit_callbacks
) -> None:
    wave = a_wave(a_questionnaire(world.programme), world.vapnagaard)
    first, second = _scales(wave)[:2]
    batch = a_scanned_batch(wave, world.user("staff"))
    with pytest.raises(ValidationError, match="i tvivl"):
        services.scan_batch_import(batch=batch, by=world.user("staff"), today=SCANNED_ON)

    in_doubt = batch.pages.get(status=PageStatus.REVIEW)
    question = wave.version.questions.get(pk=first)
    decided = services.scan_mark_decide(
        page=in_doubt, question=question, value=3, by=world.user("staff")
    )
    assert decided.status == PageStatus.READ
    assert set(
        ScanMark.objects.filter(page=in_doubt, question=question).values_list("value", "decided")
    ) == {(1, "empty"), (2, "empty"), (3, "marked"), (4, "empty"), (5, "empty")}
    images = list(batch.pages.exclude(image="").values_list("image", flat=True))

    with django_capture_on_commit_callbacks(execute=True):
        services.scan_batch_import(batch=batch, by=world.user("staff"), today=SCANNED_ON)

    responses = Response.objects.filter(wave=wave).order_by("sheet")
    assert [(r.channel, r.batch, r.sheet, r.answered_on) for r in responses] == [
        (Channel.SCAN, "scan-S1", 1, SCANNED_ON),
        (Channel.SCAN, "scan-S1", 3, SCANNED_ON),
    ]
    answers = [
        dict(Answer.objects.filter(response=r).values_list("question_id", "value"))
        for r in responses
    ]
    # The person's decision, not the reader's guess (2), is the answer.
    assert answers == [{first: 4, second: 5}, {first: 3}]
    batch.refresh_from_db()
    assert batch.status == ScanStatus.IMPORTED and batch.imported_at is not None
    assert not batch.pages.exclude(image="").exists()
    assert not any(default_storage.exists(name) for name in images)
    assert queries.scan_batch_counts(batch) == {"forms": 2, "refused": 1, "review": 0}
    assert batch.pages.get(number=2).reason == "Siden er ikke et af vores skemaer."
    with pytest.raises(ValidationError, match="allerede indlæst"):
        services.scan_batch_import(batch=batch, by=world.user("staff"), today=SCANNED_ON)


def test_no_answer_is_a_decision_too(world: World) -> None:
    wave = a_wave(a_questionnaire(world.programme), world.vapnagaard)
    first = _scales(wave)[0]
    batch = a_scanned_batch(wave, world.user("staff"))
    page = batch.pages.get(status=PageStatus.REVIEW)
    question = wave.version.questions.get(pk=first)
    with pytest.raises(ValidationError, match="Vælg et af svarene"):
        services.scan_mark_decide(page=page, question=question, value=9, by=world.user("staff"))
    services.scan_mark_decide(page=page, question=question, value=None, by=world.user("staff"))
    services.scan_batch_import(batch=batch, by=world.user("staff"), today=SCANNED_ON)
    assert not Answer.objects.filter(response__sheet=3).exists()
    assert Response.objects.filter(sheet=3).exists()


def test_a_form_that_cannot_be_stored_is_refused_with_its_reason_and_the_rest_stored(
    world: World,
) -> None:
    wave = a_wave(a_questionnaire(world.programme), world.vapnagaard)
    batch = a_scanned_batch(wave, world.user("staff"), unsure=False)
    # A pile keyed in by hand under the same number is another batch: no clash.
    services.response_submit(
        wave=wave,
        channel=Channel.PAPER,
        language="da",
        answers=scale_answers(wave, 1),
        batch="S1",
        sheet=3,
        today=SCANNED_ON,
    )
    # The third form's wave is moved to open after the day of the import.
    later = a_wave(
        a_questionnaire(world.programme),
        world.vapnagaard,
        opens_on=SCANNED_ON + datetime.timedelta(days=1),
        closes_on=SCANNED_ON + datetime.timedelta(days=90),
    )
    batch.pages.filter(number=3).update(wave=later)

    services.scan_batch_import(batch=batch, by=world.user("staff"), today=SCANNED_ON)

    batch.refresh_from_db()
    assert batch.status == ScanStatus.IMPORTED
    refused = batch.pages.get(number=3)
    assert refused.status == PageStatus.REFUSED and "ikke åbnet" in refused.reason
    stored = Response.objects.filter(channel=Channel.SCAN)
    assert set(stored.values_list("sheet", flat=True)) == set(
        batch.pages.exclude(number=3).filter(form_page=1).values_list("number", flat=True)
    )


def test_a_two_page_form_is_one_response_and_a_missing_page_refuses_it(world: World) -> None:
    wave = _two_page_wave(world)
    scales = _scales(wave)
    code = FormCode(wave.questionnaire_id, wave.version_id, wave.pk, "da", 1, 2)
    assert len(queries.layouts_for(world.programme)(code) or []) == 2
    whole = [
        a_page_reading(wave, {scales[0]: 5}, page=1),
        a_page_reading(wave, {scales[-1]: 1}, page=2),
    ]
    lacking_second = [a_page_reading(wave, {scales[0]: 4}, page=1)]
    lacking_first = [a_page_reading(wave, {scales[-1]: 2}, page=2)]
    batch = services.scan_batch_record(
        programme=world.programme,
        number="S3",
        file_name="s3.pdf",
        readings=[*whole, *lacking_first, *lacking_second, *whole],
        by=world.user("staff"),
    )
    assert list(batch.pages.order_by("number").values_list("status", "reason")) == [
        (PageStatus.READ, ""),
        (PageStatus.READ, ""),
        (PageStatus.REFUSED, "Skemaets side 1 af 2 mangler."),
        (PageStatus.REFUSED, "Skemaets side 2 af 2 mangler."),
        (PageStatus.READ, ""),
        (PageStatus.READ, ""),
    ]
    assert not batch.pages.filter(status=PageStatus.REFUSED).exclude(image="").exists()

    services.scan_batch_import(batch=batch, by=world.user("staff"), today=SCANNED_ON)
    responses = list(Response.objects.filter(wave=wave).order_by("sheet"))
    assert [response.sheet for response in responses] == [1, 5]
    assert dict(
        Answer.objects.filter(response=responses[0]).values_list("question_id", "value")
    ) == {scales[0]: 5, scales[-1]: 1}
    assert set(batch.pages.filter(number__in=[1, 2]).values_list("response", flat=True)) == {
        responses[0].pk
    }
    assert queries.scan_batch_counts(batch) == {"forms": 2, "refused": 2, "review": 0}


def test_a_refused_page_keeps_the_reader_s_reason(world: World) -> None:
    batch = services.scan_batch_record(
        programme=world.programme,
        number="S4",
        file_name="s4.png",
        readings=[a_refused_reading("Siden har ikke fire hjørnemærker.")],
        by=world.user("staff"),
    )
    services.scan_batch_import(batch=batch, by=world.user("staff"), today=SCANNED_ON)
    batch.refresh_from_db()
    assert batch.status == ScanStatus.IMPORTED
    assert batch.pages.get().reason == "Siden har ikke fire hjørnemærker."
