"""Every change of the surveys: questionnaires, their versions, questions and languages, the
waves that ask them, and the responses from every channel. A response names nobody; its free
text passes the guard on anonymous text (``core.anonymous_text``)."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Mapping, Sequence

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from helhedsplan.core.anonymous_text import validate_anonymous
from helhedsplan.programmes.models import Estate, Programme
from helhedsplan.surveys import queries
from helhedsplan.surveys.layout import MAX_CHOICES, NO, SCALE_VALUES, YES
from helhedsplan.surveys.models import (
    DANISH,
    Answer,
    Channel,
    Choice,
    ChoiceText,
    Language,
    Question,
    QuestionKind,
    Questionnaire,
    QuestionText,
    Response,
    Version,
    Wave,
)

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
    latest = queries.latest_version(questionnaire)
    with transaction.atomic():
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
        try:
            validate_anonymous(text)
        except ValidationError as refused:
            raise ValidationError({f"q{question.pk}": refused.messages}) from None
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
        if not wave.opens_on <= today <= wave.closes_on:
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
        stored = Response.objects.filter(submission=response.submission).first()
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
