"""Every change of the surveys: questionnaires, their versions, questions and languages, the
waves that ask them, and the responses from every channel. A response names nobody; its free
text passes the guard on anonymous text (``core.anonymous_text``)."""

from __future__ import annotations

import datetime
import uuid
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from django.db import IntegrityError, transaction
from django.db.models import Max, Min
from django.utils import timezone
from django.utils.translation import gettext as _

from helhedsplan.core.anonymous_text import personal_data_kind
from helhedsplan.programmes.models import Estate, Programme
from helhedsplan.surveys import queries
from helhedsplan.surveys.layout import MAX_CHOICES, NO, SCALE_VALUES, YES, FormCode
from helhedsplan.surveys.models import (
    DANISH,
    Answer,
    Channel,
    Choice,
    ChoiceText,
    Language,
    MarkState,
    PageStatus,
    Question,
    QuestionKind,
    Questionnaire,
    QuestionText,
    Response,
    ScanBatch,
    ScanMark,
    ScanPage,
    ScanStatus,
    Version,
    Wave,
)
from helhedsplan.surveys.phrases import PHRASES, phrases_for
from helhedsplan.surveys.reading import PageReading, answer_of

# A scanned pile's forms carry its number with this prefix, so a pile keyed in by hand under
# the same number is another batch.
SCANNED_BATCH_PREFIX = "scan-"
# A short free-text answer: a few sentences.
TEXT_MAX_LENGTH = 1000
# On the five-point scale, 4 (enig) and 5 (helt enig) agree.
AGREEING = frozenset({4, 5})


def _check_unlocked(version: Version) -> None:
    if queries.version_locked(version):
        raise ValidationError(
            _(
                "Versionen er besvaret og kan ikke ændres længere. Lav en ny version af "
                "spørgeskemaet for at ændre spørgsmålene."
            )
        )


def questionnaire_create(*, programme: Programme, slug: str, title: str) -> Questionnaire:
    """A questionnaire with its first version, asked in Danish under the same title."""
    if Questionnaire.objects.filter(programme=programme, slug=slug).exists():
        raise ValidationError(
            {"slug": _("Indsatsen har allerede et spørgeskema med det korte navn.")}
        )
    questionnaire = Questionnaire(programme=programme, slug=slug, title=title.strip())
    questionnaire.full_clean()
    with transaction.atomic():
        questionnaire.save()
        version = Version(questionnaire=questionnaire, number=1)
        version.full_clean()
        version.save()
        language_add(version=version, code=DANISH, name="Dansk", title=questionnaire.title)
    return questionnaire


def version_create(*, questionnaire: Questionnaire) -> Version:
    """The next version: a copy of the latest, its questions, choices, languages and
    translations, open to change until it is answered."""
    with transaction.atomic():
        # Two people making the next version at once make it one after the other.
        Questionnaire.objects.select_for_update().filter(pk=questionnaire.pk).first()
        latest = queries.latest_version(questionnaire)
        version = Version(questionnaire=questionnaire, number=latest.number + 1)
        version.full_clean()
        version.save()
        languages = {}
        for language in latest.languages.all():
            languages[language.pk] = Language.objects.create(
                version=version,
                code=language.code,
                name=language.name,
                right_to_left=language.right_to_left,
                title=language.title,
                introduction=language.introduction,
                phrases=language.phrases,
            )
        for question in latest.questions.prefetch_related("texts", "choices__texts"):
            copy = Question.objects.create(
                version=version,
                position=question.position,
                kind=question.kind,
                text=question.text,
                indicator=question.indicator,
            )
            QuestionText.objects.bulk_create(
                QuestionText(question=copy, language=languages[text.language_id], text=text.text)
                for text in question.texts.all()
            )
            for choice in question.choices.all():
                choice_copy = Choice.objects.create(
                    question=copy, position=choice.position, text=choice.text
                )
                ChoiceText.objects.bulk_create(
                    ChoiceText(
                        choice=choice_copy, language=languages[text.language_id], text=text.text
                    )
                    for text in choice.texts.all()
                )
    return version


def language_add(
    *,
    version: Version,
    code: str,
    name: str,
    title: str,
    right_to_left: bool = False,
    introduction: str = "",
    phrases: Mapping[str, str] | None = None,
) -> Language:
    """A language the version is asked in. Adding one does not change the questions, so a
    version that has answers may still gain a language."""
    code = code.strip()
    if version.languages.filter(code=code).exists():
        raise ValidationError({"code": _("Versionen findes allerede på det sprog.")})
    language = Language(
        version=version,
        code=code,
        name=name.strip(),
        right_to_left=right_to_left,
        title=title.strip(),
        introduction=introduction.strip(),
        phrases=dict(phrases or {}),
    )
    language.full_clean()
    language.save()
    return language


def question_add(
    *,
    version: Version,
    kind: str,
    text: str,
    indicator: str = "",
    choices: Sequence[str] = (),
) -> Question:
    """A question at the end of the version; a single-choice question with its 2-10 choices."""
    _check_unlocked(version)
    choices = [choice.strip() for choice in choices if choice.strip()]
    _check_choices(kind, choices, indicator)
    last = version.questions.aggregate(last=Max("position"))["last"] or 0
    question = Question(
        version=version,
        position=last + 1,
        kind=kind,
        text=text.strip(),
        indicator=indicator.strip(),
    )
    question.full_clean()
    with transaction.atomic():
        question.save()
        for position, choice_text in enumerate(choices, start=1):
            choice = Choice(question=question, position=position, text=choice_text)
            choice.full_clean()
            choice.save()
    return question


def question_text_set(*, question: Question, language: Language, text: str) -> QuestionText:
    """The question in another language; a translation may be mended while the version is
    answered, for it does not change what is asked."""
    if language.version_id != question.version_id:
        raise ValidationError({"language": _("Sproget hører ikke til spørgsmålets version.")})
    found, _created = QuestionText.objects.update_or_create(
        question=question, language=language, defaults={"text": text.strip()}
    )
    found.full_clean()
    return found


def choice_text_set(*, choice: Choice, language: Language, text: str) -> ChoiceText:
    if language.version_id != choice.question.version_id:
        raise ValidationError({"language": _("Sproget hører ikke til spørgsmålets version.")})
    found, _created = ChoiceText.objects.update_or_create(
        choice=choice, language=language, defaults={"text": text.strip()}
    )
    found.full_clean()
    return found


def wave_create(
    *,
    questionnaire: Questionnaire,
    estate: Estate,
    opens_on: datetime.date,
    closes_on: datetime.date,
    target: int | None = None,
    version: Version | None = None,
) -> Wave:
    """A round of answers in an estate; it asks the latest version unless told otherwise."""
    if estate.programme_id != questionnaire.programme_id:
        raise ValidationError({"estate": _("Boligområdet hører ikke til indsatsen.")})
    version = version or queries.latest_version(questionnaire)
    if version.questionnaire_id != questionnaire.pk:
        raise ValidationError({"version": _("Versionen hører ikke til spørgeskemaet.")})
    if closes_on < opens_on:
        raise ValidationError({"closes_on": _("Runden kan ikke lukke, før den åbner.")})
    wave = Wave(
        questionnaire=questionnaire,
        version=version,
        estate=estate,
        opens_on=opens_on,
        closes_on=closes_on,
        target=target,
    )
    wave.full_clean()
    wave.save()
    return wave


def _answer(question: Question, given: int | str) -> Answer:
    """An answer checked against its question; ``agrees`` set for the indicators."""
    if question.kind == QuestionKind.TEXT:
        text = str(given).strip()
        if len(text) > TEXT_MAX_LENGTH:
            raise ValidationError(
                {
                    f"q{question.pk}": _("Svaret må højst være %(limit)s tegn.")
                    % {"limit": TEXT_MAX_LENGTH}
                }
            )
        kind = personal_data_kind(text)
        if kind is not None:
            raise ValidationError(
                {
                    f"q{question.pk}": _(
                        "Svaret ser ud til at indeholde %(kind)s. Svarene er anonyme: skriv "
                        "ikke navn, CPR-nummer, adresse, telefonnummer eller e-mail."
                    )
                    % {"kind": kind}
                }
            )
        return Answer(question=question, text=text)
    if not isinstance(given, int):
        raise ValidationError({f"q{question.pk}": _("Vælg et af svarene.")})
    allowed: set[int]
    if question.kind == QuestionKind.SCALE:
        allowed = set(SCALE_VALUES)
    elif question.kind == QuestionKind.YES_NO:
        allowed = {YES, NO}
    else:
        allowed = {choice.position for choice in question.choices.all()}
    if given not in allowed:
        raise ValidationError({f"q{question.pk}": _("Vælg et af svarene.")})
    agrees = None
    if question.kind == QuestionKind.SCALE:
        agrees = given in AGREEING
    elif question.kind == QuestionKind.YES_NO:
        agrees = given == YES
    return Answer(question=question, value=given, agrees=agrees)


def _answered_on(wave: Wave, channel: str, today: datetime.date) -> datetime.date:
    """The day a response counts on. The web and the tablet answer while the wave is open;
    paper is keyed in or scanned later, and counts on its wave's last day at the latest."""
    if channel in (Channel.WEB, Channel.KIOSK):
        if not queries.wave_is_open(wave, today):
            raise ValidationError(_("Spørgeskemaet er lukket for svar i denne runde."))
        return today
    if today < wave.opens_on:
        raise ValidationError(
            _("Runden er ikke åbnet endnu, så papirskemaer kan ikke registreres.")
        )
    return min(today, wave.closes_on)


def response_submit(
    *,
    wave: Wave,
    channel: str,
    language: str,
    answers: Mapping[int, int | str],
    device: str = "",
    submission: uuid.UUID | None = None,
    batch: str = "",
    sheet: int | None = None,
    today: datetime.date | None = None,
) -> Response:
    """One person's answers, by question id. Questions left out were skipped. A submission
    already stored (the same one-time number) is answered with the stored response, so a
    retried form never counts twice; a second answer from the same device, or a paper sheet
    entered twice, is refused."""
    if submission is not None:
        stored = Response.objects.filter(submission=submission, wave=wave).first()
        if stored is not None:
            return stored
    today = today or timezone.localdate()
    answered_on = _answered_on(wave, channel, today)
    if not wave.version.languages.filter(code=language).exists():
        raise ValidationError({"language": _("Spørgeskemaet findes ikke på det sprog.")})
    questions = {
        question.pk: question for question in wave.version.questions.prefetch_related("choices")
    }
    unknown = set(answers) - set(questions)
    if unknown:
        raise ValidationError(_("Svaret nævner et spørgsmål, skemaet ikke har."))
    rows, errors = [], {}
    for question_id, given in answers.items():
        try:
            rows.append(_answer(questions[question_id], given))
        except ValidationError as refused:
            errors.update(refused.message_dict)
    if errors:
        raise ValidationError(errors)
    if device and Response.objects.filter(wave=wave, device=device).exists():
        raise ValidationError(
            _("Der er allerede svaret fra denne enhed i denne runde. Tak for det!")
        )
    if batch and Response.objects.filter(wave=wave, batch=batch, sheet=sheet).exists():
        raise ValidationError(
            {
                "sheet": _("Skema %(sheet)s i bunke %(batch)s er allerede registreret.")
                % {"sheet": sheet, "batch": batch}
            }
        )
    response = Response(
        wave=wave,
        channel=channel,
        language=language,
        answered_on=answered_on,
        device=device,
        submission=submission or uuid.uuid4(),
        batch=batch,
        sheet=sheet,
    )
    response.full_clean()
    try:
        with transaction.atomic():
            response.save()
            for row in rows:
                row.response = response
                row.answered_on = answered_on
                row.estate_id = wave.estate_id
                row.programme_id = wave.questionnaire.programme_id
            Answer.objects.bulk_create(rows)
    except IntegrityError:
        # Two requests at once from one device, or with one submission: the other was stored.
        stored = Response.objects.filter(submission=response.submission, wave=wave).first()
        if stored is not None:
            return stored
        if batch:
            raise ValidationError(
                {"sheet": _("Skemaet er allerede registreret i bunken.")}
            ) from None
        raise ValidationError(
            _("Der er allerede svaret fra denne enhed i denne runde. Tak for det!")
        ) from None
    return response


# Scanned batches (helper SD) ---------------------------------------------------------------


@dataclass
class _ScannedPage:
    """A page of an upload while the batch is put together: what the reader found, the wave
    its code names, and the reason it is refused (empty while it is not)."""

    number: int
    reading: PageReading
    wave: Wave | None
    refused: str = ""
    image: str = ""

    @property
    def code(self) -> FormCode:
        assert self.reading.code is not None  # a page with a wave was read by its code
        return self.reading.code


def _scanned_page(
    number: int,
    reading: PageReading,
    waves: dict[int, Wave | None],
    programme: Programme,
    estate_ids: Collection[int] | None,
) -> _ScannedPage:
    code = reading.code
    if code is None:
        return _ScannedPage(number, reading, None, reading.refused or _("Siden kunne ikke læses."))
    if code.wave not in waves:
        waves[code.wave] = (
            Wave.objects.select_related("version", "estate")
            .filter(pk=code.wave, questionnaire__programme=programme)
            .first()
        )
    wave = waves[code.wave]
    if (
        wave is None
        or wave.questionnaire_id != code.questionnaire
        or wave.version_id != code.version
    ):
        return _ScannedPage(
            number, reading, None, reading.refused or _("Skemaet hører ikke til indsatsen.")
        )
    if reading.refused:
        return _ScannedPage(number, reading, wave, reading.refused)
    if estate_ids is not None and wave.estate_id not in estate_ids:
        return _ScannedPage(
            number,
            reading,
            wave,
            _("Skemaet er fra %(estate)s, hvor du ikke registrerer svar.")
            % {"estate": wave.estate.name},
        )
    return _ScannedPage(number, reading, wave)


def _continues(form: list[_ScannedPage], page: _ScannedPage) -> bool:
    first = form[0].code
    return (
        page.wave == form[0].wave
        and (page.code.language, page.code.pages) == (first.language, first.pages)
        and page.code.page == len(form) + 1
    )


def _refuse_incomplete(form: list[_ScannedPage]) -> None:
    reason = _("Skemaets side %(page)s af %(pages)s mangler.") % {
        "page": len(form) + 1,
        "pages": form[0].code.pages,
    }
    for page in form:
        page.refused = reason


def _group_forms(pages: list[_ScannedPage]) -> None:
    """Refuses the pages of forms that are not whole: a form is its pages 1..n in a row, of
    one wave and language. A missing page would store half a person's answers as a whole
    response, so the pages that are there wait to be scanned again with it."""
    form: list[_ScannedPage] = []
    for page in pages:
        if page.refused:
            if form:
                _refuse_incomplete(form)
            form = []
            continue
        if form and _continues(form, page):
            form.append(page)
        else:
            if form:
                _refuse_incomplete(form)
            form = [page] if page.code.page == 1 else []
            if not form:
                page.refused = _("Skemaets side 1 af %(pages)s mangler.") % {
                    "pages": page.code.pages
                }
        if form and len(form) == form[0].code.pages:
            form = []
    if form:
        _refuse_incomplete(form)


def _in_doubt(boxes: Iterable[tuple[int, int, str]]) -> bool:
    """Whether any question is in doubt, from its boxes' (question, value, state)."""
    by_question: dict[int, list[tuple[int, MarkState]]] = defaultdict(list)
    for question, value, state in boxes:
        by_question[question].append((value, MarkState(state)))
    return any(answer_of(states).doubtful for states in by_question.values())


def scan_batch_number_check(*, programme: Programme, number: str) -> None:
    """Refuses a batch number the programme has used: asked before a batch is read, too, so a
    batch uploaded twice is refused before its pages are straightened in vain."""
    if ScanBatch.objects.filter(programme=programme, number=number.strip()).exists():
        raise ValidationError(
            {"number": _("Bunke %(number)s er allerede indlæst.") % {"number": number.strip()}}
        )


def scan_batch_record(
    *,
    programme: Programme,
    number: str,
    file_name: str,
    readings: Iterable[PageReading],
    by: User,
    estate_ids: Collection[int] | None = None,
) -> ScanBatch:
    """A scanned batch as the reader found it: every page, read or refused with the reason,
    and every box of the read pages. A page whose questions are all sure is read; one with a
    question in doubt waits for a person. The pages of a form that is not whole are refused
    (the reason names the missing page), as are forms of estates outside ``estate_ids``
    (those the uploader enters answers for; None for all) and of other programmes.

    The pages' images go to the storage as they are read, so a large batch is never held in
    memory whole; the rows are stored in one transaction, and if anything fails, the images
    stored so far are deleted: nothing is half stored. A batch number used before in the
    programme is refused."""
    number = number.strip()
    scan_batch_number_check(programme=programme, number=number)
    batch = ScanBatch(
        programme=programme,
        number=number,
        file_name=file_name[: ScanBatch._meta.get_field("file_name").max_length],
        uploaded_by=by,
    )
    batch.full_clean()
    storage = ScanPage._meta.get_field("image").storage
    pages: list[_ScannedPage] = []
    waves: dict[int, Wave | None] = {}
    try:
        for page_number, reading in enumerate(readings, start=1):
            page = _scanned_page(page_number, reading, waves, programme, estate_ids)
            if not page.refused and reading.image:
                page.image = storage.save(
                    f"surveys/pages/side-{page_number}.png", ContentFile(reading.image)
                )
            pages.append(page)
        _group_forms(pages)
        for page in pages:
            # A page refused for its form's missing page is not kept: nobody reviews it.
            if page.refused and page.image:
                storage.delete(page.image)
                page.image = ""
        with transaction.atomic():
            batch.save()
            _store_pages(batch, pages)
    except IntegrityError:
        _delete_images(storage, pages)
        if not ScanBatch.objects.filter(programme=programme, number=number).exists():
            raise
        # Uploaded twice at once: the other upload stored the number first.
        raise ValidationError(
            {"number": _("Bunke %(number)s er allerede indlæst.") % {"number": number}}
        ) from None
    except BaseException:
        _delete_images(storage, pages)
        raise
    return batch


def _delete_images(storage: Storage, pages: list[_ScannedPage]) -> None:
    for page in pages:
        if page.image:
            storage.delete(page.image)


def _store_pages(batch: ScanBatch, pages: list[_ScannedPage]) -> None:
    rows = []
    for page in pages:
        code = page.reading.code if page.wave is not None else None
        read = not page.refused
        boxes = [(box.question, box.value, box.state) for box in page.reading.boxes]
        if read:
            status = PageStatus.REVIEW if _in_doubt(boxes) else PageStatus.READ
        else:
            status = PageStatus.REFUSED
        row = ScanPage(
            batch=batch,
            number=page.number,
            status=status,
            reason=page.refused[: ScanPage._meta.get_field("reason").max_length],
            wave=page.wave,
            version=page.wave.version if page.wave else None,
            language=code.language if code else "",
            form_page=code.page if code else None,
            form_pages=code.pages if code else None,
            image=page.image,
        )
        # The foreign keys are the ones just looked up, and the constraints are the
        # database's: checking each would cost queries per page.
        row.full_clean(exclude=["batch", "wave", "version"], validate_constraints=False)
        rows.append(row)
    stored = ScanPage.objects.bulk_create(rows)
    marks = []
    for page, row in zip(pages, stored, strict=True):
        if row.status == PageStatus.REFUSED:
            continue
        for box in page.reading.boxes:
            mark = ScanMark(
                page=row,
                question_id=box.question,
                value=box.value,
                state=box.state,
                ink=min(max(box.ink, 0.0), 1.0),
            )
            mark.full_clean(exclude=["page", "question"], validate_constraints=False)
            marks.append(mark)
    ScanMark.objects.bulk_create(marks)


def _effective(mark: ScanMark) -> MarkState:
    """A box as it counts: a person's decision over the machine's reading."""
    return MarkState(mark.decided or mark.state)


def scan_mark_decide(
    *, page: ScanPage, question: Question, value: int | None, by: User
) -> ScanPage:
    """A person's decision on one question of a page: the box ``value`` is the answer, or
    (None) none is. Each box of the question is decided marked or empty; the page is read
    once no question of it is in doubt."""
    with transaction.atomic():
        page = ScanPage.objects.select_for_update().select_related("batch").get(pk=page.pk)
        if page.batch.status == ScanStatus.IMPORTED:
            raise ValidationError(_("Bunken er indlæst: dens svar kan ikke ændres her."))
        if page.status == PageStatus.REFUSED:
            raise ValidationError(_("Siden er afvist og har ingen svar at afgøre."))
        marks = list(page.marks.filter(question=question))
        if not marks:
            raise ValidationError(_("Spørgsmålet står ikke på siden."))
        if value is not None and value not in {mark.value for mark in marks}:
            raise ValidationError({"value": _("Vælg et af svarene.")})
        for mark in marks:
            mark.decided = MarkState.MARKED if mark.value == value else MarkState.EMPTY
            mark.decided_by = by
        ScanMark.objects.bulk_update(marks, ["decided", "decided_by"])
        boxes = [(mark.question_id, mark.value, _effective(mark)) for mark in page.marks.all()]
        page.status = PageStatus.REVIEW if _in_doubt(boxes) else PageStatus.READ
        page.save(update_fields=["status"])
    return page


def _page_answers(page: ScanPage, marks: list[ScanMark]) -> dict[int, int | str]:
    by_question: dict[int, list[tuple[int, MarkState]]] = defaultdict(list)
    for mark in marks:
        by_question[mark.question_id].append((mark.value, _effective(mark)))
    answers: dict[int, int | str] = {}
    for question, states in by_question.items():
        found = answer_of(states)
        if found.doubtful:
            raise ValidationError(
                _("Side %(page)s: et svar er stadig i tvivl.") % {"page": page.number}
            )
        if found.value is not None:
            answers[question] = found.value
    return answers


def _forms_of(pages: list[ScanPage]) -> list[list[ScanPage]]:
    """The read pages in their order, as forms: each starts at its first page (the record
    refused every page of a form that was not whole)."""
    forms: list[list[ScanPage]] = []
    for page in pages:
        if page.form_page == 1 or not forms:
            forms.append([page])
        else:
            forms[-1].append(page)
    return forms


def scan_batch_import(
    *, batch: ScanBatch, by: User, today: datetime.date | None = None
) -> ScanBatch:
    """The batch's answers stored by ``by``, a response per form, in one transaction. A form
    that cannot be stored (its wave not open yet, its sheet already stored) is refused with the
    reason on its pages and the others are stored. Refused while a page waits for a person.
    The refused pages stay listed with their reason; the pages' images are deleted once the
    answers are stored. The responses name nobody, not even who stored them: the batch's
    history (through the request) does."""
    with transaction.atomic():
        batch = ScanBatch.objects.select_for_update().get(pk=batch.pk)
        if batch.status == ScanStatus.IMPORTED:
            raise ValidationError(_("Bunken er allerede indlæst."))
        if batch.pages.filter(status=PageStatus.REVIEW).exists():
            raise ValidationError(
                _("Der er stadig svar i tvivl i bunken. Afgør dem, før svarene gemmes.")
            )
        pages = list(
            batch.pages.exclude(status=PageStatus.REFUSED)
            .select_related("wave__version", "wave__questionnaire")
            .order_by("number")
        )
        marks: dict[int, list[ScanMark]] = defaultdict(list)
        for mark in ScanMark.objects.filter(page__in=pages):
            marks[mark.page_id].append(mark)
        for form in _forms_of(pages):
            first = form[0]
            assert first.wave is not None  # a read page names its wave (a constraint)
            answers: dict[int, int | str] = {}
            for page in form:
                answers |= _page_answers(page, marks[page.pk])
            ids = [page.pk for page in form]
            try:
                # A form that cannot be stored is refused on its own, with the reason on its
                # pages; the other forms of the pile are stored.
                with transaction.atomic():
                    response = response_submit(
                        wave=first.wave,
                        channel=Channel.SCAN,
                        language=first.language,
                        answers=answers,
                        batch=f"{SCANNED_BATCH_PREFIX}{batch.number}",
                        sheet=first.number,
                        today=today,
                    )
            except ValidationError as refused:
                reason = _("Svarene kunne ikke gemmes: %(reason)s") % {
                    "reason": " ".join(refused.messages)
                }
                ScanPage.objects.filter(pk__in=ids).update(
                    status=PageStatus.REFUSED, reason=reason[:300]
                )
                continue
            ScanPage.objects.filter(pk__in=ids).update(response=response)
        images = list(batch.pages.exclude(image="").values_list("image", flat=True))
        batch.pages.update(image="")
        batch.status = ScanStatus.IMPORTED
        batch.imported_at = timezone.now()
        batch.full_clean()
        batch.save()
        storage = ScanPage._meta.get_field("image").storage
        for name in images:
            transaction.on_commit(partial(storage.delete, name), robust=True)
    return batch


# Helper SA: editing questions, translations in the interface, waves by date and quarter ---------


def question_update(
    *,
    question: Question,
    kind: str,
    text: str,
    indicator: str = "",
    choices: Sequence[str] = (),
) -> Question:
    """A question changed while its version is unanswered. A choice keeps its translations
    while its Danish text stays; a changed text drops them, for they translate the old one."""
    version = question.version
    _check_unlocked(version)
    choices = [choice.strip() for choice in choices if choice.strip()]
    _check_choices(kind, choices, indicator)
    question.kind = kind
    question.text = text.strip()
    question.indicator = indicator.strip()
    question.full_clean()
    with transaction.atomic():
        question.save()
        existing = {choice.position: choice for choice in question.choices.all()}
        for position, choice_text in enumerate(choices, start=1):
            choice = existing.pop(position, None)
            if choice is None:
                choice = Choice(question=question, position=position, text=choice_text)
            elif choice.text != choice_text:
                choice.texts.all().delete()
                choice.text = choice_text
            else:
                continue
            choice.full_clean()
            choice.save()
        for choice in existing.values():
            choice.delete()
    return question


def _check_choices(kind: str, choices: Sequence[str], indicator: str) -> None:
    """What a question of a kind may have: choices for a single choice only (2-10), an
    indicator for a scale or yes/no only."""
    if kind == QuestionKind.CHOICE and not 2 <= len(choices) <= MAX_CHOICES:
        raise ValidationError(
            {
                "choices": _(
                    "Et spørgsmål med ét svar blandt flere skal have 2 til 10 svarmuligheder."
                )
            }
        )
    if kind != QuestionKind.CHOICE and choices:
        raise ValidationError(
            {"choices": _("Kun spørgsmål med ét svar blandt flere har svarmuligheder.")}
        )
    if indicator and kind not in (QuestionKind.SCALE, QuestionKind.YES_NO):
        raise ValidationError(
            {
                "indicator": _(
                    "Kun en enighedsskala eller et ja/nej-spørgsmål kan tælle i en indikator."
                )
            }
        )


def question_remove(*, question: Question) -> None:
    """A question taken out of an unanswered version; those after it move up one place."""
    version = question.version
    _check_unlocked(version)
    with transaction.atomic():
        position = question.position
        question.delete()
        # In ascending order, so each moves into a place just freed.
        for later in version.questions.filter(position__gt=position).order_by("position"):
            later.position -= 1
            later.save(update_fields=["position"])


def question_move(*, question: Question, up: bool) -> Question:
    """A question swapped with the one before (``up``) or after it; at the end, unchanged."""
    version = question.version
    _check_unlocked(version)
    if up:
        neighbour = version.questions.filter(position__lt=question.position).last()
    else:
        neighbour = version.questions.filter(position__gt=question.position).first()
    if neighbour is None:
        return question
    mine, theirs = question.position, neighbour.position
    with transaction.atomic():
        # Through a free place, as the two positions are unique at every step.
        last = version.questions.aggregate(last=Max("position"))["last"] or 0
        question.position = last + 1
        question.save(update_fields=["position"])
        neighbour.position = mine
        neighbour.save(update_fields=["position"])
        question.position = theirs
        question.save(update_fields=["position"])
    return question


def language_translate(
    *,
    language: Language,
    name: str,
    title: str,
    introduction: str,
    right_to_left: bool,
    questions: Mapping[int, str],
    choices: Mapping[int, str],
    phrases: Mapping[str, str],
) -> Language:
    """A language's texts saved together: its name and direction, the title and
    introduction, each question's and choice's translation (by id; an empty one is removed,
    so it shows as missing), and the phrases. A phrase is kept only where it differs from
    what the language would show without it, so the product's own wording still reaches a
    language that has it, and what is missing stays visible. Translations may be mended
    while the version is answered: they do not change what is asked."""
    language.name = name.strip()
    language.title = title.strip()
    language.introduction = introduction.strip()
    language.right_to_left = right_to_left
    fallback = phrases_for(language.code, {})
    language.phrases = {
        key: phrases[key].strip()
        for key in PHRASES
        if phrases.get(key, "").strip() and phrases[key].strip() != fallback[key]
    }
    language.full_clean()
    version_questions = {question.pk: question for question in language.version.questions.all()}
    version_choices = {
        choice.pk: choice for choice in Choice.objects.filter(question__version=language.version)
    }
    if set(questions) - set(version_questions) or set(choices) - set(version_choices):
        raise ValidationError(_("Oversættelsen nævner et spørgsmål, versionen ikke har."))
    with transaction.atomic():
        language.save()
        for question_id, text in questions.items():
            if text.strip():
                question_text_set(
                    question=version_questions[question_id], language=language, text=text
                )
            else:
                QuestionText.objects.filter(question_id=question_id, language=language).delete()
        for choice_id, text in choices.items():
            if text.strip():
                choice_text_set(choice=version_choices[choice_id], language=language, text=text)
            else:
                ChoiceText.objects.filter(choice_id=choice_id, language=language).delete()
    return language


def wave_update(
    *,
    wave: Wave,
    opens_on: datetime.date,
    closes_on: datetime.date,
    target: int | None,
) -> Wave:
    """A wave's dates and target. An unanswered wave asks the questionnaire's latest version
    from then on; an answered one keeps its version, and its dates keep its answers."""
    if closes_on < opens_on:
        raise ValidationError({"closes_on": _("Runden kan ikke lukke, før den åbner.")})
    answered = wave.responses.aggregate(first=Min("answered_on"), last=Max("answered_on"))
    if answered["first"] is not None:
        if opens_on > answered["first"] or closes_on < answered["last"]:
            raise ValidationError(
                _("Runden har svar fra %(first)s til %(last)s; datoerne skal rumme dem.")
                % {
                    "first": f"{answered['first']:%d.%m.%Y}",
                    "last": f"{answered['last']:%d.%m.%Y}",
                }
            )
    else:
        wave.version = queries.latest_version(wave.questionnaire)
    wave.opens_on = opens_on
    wave.closes_on = closes_on
    wave.target = target
    wave.full_clean()
    wave.save()
    return wave


def waves_quarters_create(
    *, questionnaire: Questionnaire, estate: Estate, year: int, target: int | None = None
) -> list[Wave]:
    """The four quarters of a year as waves in an estate, each with the target and the
    latest version; refused whole if one of them meets a wave the estate already has."""
    quarters = [
        (
            datetime.date(year, month, 1),
            datetime.date(year, month + 3, 1) - datetime.timedelta(days=1)
            if month < 10
            else datetime.date(year, 12, 31),
        )
        for month in (1, 4, 7, 10)
    ]
    overlapping = Wave.objects.filter(
        questionnaire=questionnaire,
        estate=estate,
        opens_on__lte=quarters[-1][1],
        closes_on__gte=quarters[0][0],
    )
    if overlapping.exists():
        raise ValidationError(
            _("%(estate)s har allerede en runde af spørgeskemaet i %(year)s.")
            % {"estate": estate.name, "year": year}
        )
    with transaction.atomic():
        return [
            wave_create(
                questionnaire=questionnaire,
                estate=estate,
                opens_on=opens_on,
                closes_on=closes_on,
                target=target,
            )
            for opens_on, closes_on in quarters
        ]
