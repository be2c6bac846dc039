"""The surveys of Helsingør Syd: the counselling's questionnaire (H4) in Danish, English and
Arabic, and the volunteers' (F3) in Danish and English, asked in quarterly waves in both
estates over 2018-2021 and the quarters of the running year, the last one open today.

The answers come through every channel: the web link (each from its own device), the office
tablet, paper keyed in by staff in numbered batches, and paper scanned and read (the last
quarter of 2021, a batch per estate). The share agreeing grows over the
years and differs a little between the estates, so the dashboard has something to show; a
few quarters fall under five answers, so the results show suppression. A pile of paper forms
of the running quarter, filled in and scanned, waits in the data directory to be uploaded.
Idempotent: a questionnaire, wave or scanned pile that exists is kept, and a wave with answers
gets no more.
"""

from __future__ import annotations

import datetime
import hashlib
import random
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from helhedsplan.programmes.demo import DEMO_PROGRAMME
from helhedsplan.programmes.models import Estate, Programme
from helhedsplan.surveys import paper, queries, scanning, services, specimens
from helhedsplan.surveys.layout import NO, YES
from helhedsplan.surveys.models import (
    Channel,
    PageStatus,
    Question,
    QuestionKind,
    Questionnaire,
    ScanBatch,
    Wave,
)

FIRST_YEAR, LAST_YEAR = 2018, 2021
TARGET = 15
ARABIC_PHRASES = {
    "scale_1": "لا أوافق إطلاقًا",
    "scale_2": "لا أوافق",
    "scale_3": "محايد",
    "scale_4": "أوافق",
    "scale_5": "أوافق تمامًا",
    "yes": "نعم",
    "no": "لا",
    "choose_language": "اختر اللغة",
    "anonymous": "إجاباتك مجهولة الهوية. لا نحتفظ بهويتك.",
    "optional": "يمكنك تخطي أي سؤال لا تريد الإجابة عليه.",
    "submit": "أرسل الإجابات",
    "thanks": "شكرًا على إجاباتك",
    "thanks_text": "تم حفظ إجاباتك.",
    "closed": "الاستبيان مغلق في هذه الجولة.",
    "answered": "تمت الإجابة من هذا الجهاز في هذه الجولة. شكرًا!",
    "errors": "يرجى تصحيح ما يلي",
    "paper_how": "ضع علامة واحدة في المربع بجانب إجابتك.",
    "paper_correct": "علامة خاطئة؟ املأ المربع بالكامل وضع علامة في مربع آخر.",
    "page": "صفحة",
}

# slug -> title per language, and the questions: (kind, indicator, {language: text},
# choices as {language: [texts]}).
QUESTIONNAIRES: dict[str, dict[str, Any]] = {
    "hverdagsraadgivning": {
        "title": {
            "da": "Hvordan var rådgivningen?",
            "en": "How was the counselling?",
            "ar": "كيف كانت الاستشارة؟",
        },
        "introduction": {
            "da": "Vi spørger dem, der bruger hverdagsrådgivningen, hvert kvartal.",
            "en": "Every quarter we ask those who use the everyday counselling.",
            "ar": "نسأل كل ربع سنة من يستخدمون الاستشارة اليومية.",
        },
        "questions": [
            (
                QuestionKind.SCALE,
                "H4",
                {
                    "da": "Jeg fik den hjælp, jeg havde brug for.",
                    "en": "I got the help I needed.",
                    "ar": "حصلت على المساعدة التي كنت أحتاجها.",
                },
                None,
            ),
            (
                QuestionKind.SCALE,
                "H4",
                {
                    "da": "Jeg er blevet bedre til at finde rundt i kommunens system.",
                    "en": "I have become better at finding my way in the municipality's system.",
                    "ar": "أصبحت أفضل في التعامل مع نظام البلدية.",
                },
                None,
            ),
            (
                QuestionKind.YES_NO,
                "",
                {
                    "da": "Vil du anbefale rådgivningen til en nabo?",
                    "en": "Would you recommend the counselling to a neighbour?",
                    "ar": "هل توصي جارك بالاستشارة؟",
                },
                None,
            ),
            (
                QuestionKind.CHOICE,
                "",
                {
                    "da": "Hvad handlede din henvendelse mest om?",
                    "en": "What was your inquiry mostly about?",
                    "ar": "عن ماذا كان استفسارك في الغالب؟",
                },
                {
                    "da": ["Økonomi og gæld", "Bolig", "Job og uddannelse", "Familie", "Andet"],
                    "en": ["Money and debt", "Housing", "Work and education", "Family", "Other"],
                    "ar": ["المال والديون", "السكن", "العمل والتعليم", "الأسرة", "أخرى"],
                },
            ),
            (
                QuestionKind.TEXT,
                "",
                {
                    "da": "Er der andet, du vil fortælle os?",
                    "en": "Is there anything else you want to tell us?",
                    "ar": "هل هناك شيء آخر تريد أن تخبرنا به؟",
                },
                None,
            ),
        ],
    },
    "helt-frivillig": {
        "title": {"da": "Dig som frivillig", "en": "You as a volunteer"},
        "introduction": {
            "da": "Vi spørger de frivillige hvert kvartal, hvad de får ud af det.",
            "en": "Every quarter we ask the volunteers what they gain from it.",
        },
        "questions": [
            (
                QuestionKind.SCALE,
                "F3",
                {
                    "da": "Jeg har fået nye kompetencer som frivillig.",
                    "en": "I have gained new skills as a volunteer.",
                },
                None,
            ),
            (
                QuestionKind.SCALE,
                "F3",
                {
                    "da": "Jeg kender flere mennesker i området, end før jeg blev frivillig.",
                    "en": "I know more people in the area than before I volunteered.",
                },
                None,
            ),
            (
                QuestionKind.CHOICE,
                "",
                {
                    "da": "Hvor mange timer om måneden er du frivillig?",
                    "en": "How many hours a month do you volunteer?",
                },
                {
                    "da": ["Under 5", "5 til 10", "Over 10"],
                    "en": ["Under 5", "5 to 10", "Over 10"],
                },
            ),
            (
                QuestionKind.TEXT,
                "",
                {
                    "da": "Hvad kunne gøre det bedre at være frivillig?",
                    "en": "What could make volunteering better?",
                },
                None,
            ),
        ],
    },
}
LANGUAGE_NAMES = {"en": "English", "ar": "العربية"}
# A pile of the counselling's paper forms, filled in and scanned, for a person to upload and
# see read: written beside the demo's database once, its place printed by ``helhedsplan demo``.
SCANNED_BATCH = "scannede-spoergeskemaer.pdf"
SCANNED_SHEETS = 6
COMMENTS = [
    "Rart at der altid er kaffe på kanden.",
    "Det var svært at få en tid om eftermiddagen.",
    "Tak for hjælpen med brevet fra kommunen.",
    "Mere om job og uddannelse, tak.",
]


def _questionnaire(programme: Programme, slug: str) -> Questionnaire:
    found = Questionnaire.objects.filter(programme=programme, slug=slug).first()
    if found is not None:
        return found
    spec = QUESTIONNAIRES[slug]
    questionnaire = services.questionnaire_create(
        programme=programme, slug=slug, title=spec["title"]["da"]
    )
    version = queries.latest_version(questionnaire)
    danish = version.languages.get(code="da")
    danish.introduction = spec["introduction"]["da"]
    danish.save(update_fields=["introduction"])
    languages = {
        code: services.language_add(
            version=version,
            code=code,
            name=LANGUAGE_NAMES[code],
            title=title,
            right_to_left=code == "ar",
            introduction=spec["introduction"][code],
            phrases=ARABIC_PHRASES if code == "ar" else None,
        )
        for code, title in spec["title"].items()
        if code != "da"
    }
    for kind, indicator, texts, choices in spec["questions"]:
        question = services.question_add(
            version=version,
            kind=kind,
            text=texts["da"],
            indicator=indicator,
            choices=choices["da"] if choices else (),
        )
        for code, language in languages.items():
            services.question_text_set(question=question, language=language, text=texts[code])
            for choice, text in zip(
                question.choices.all(), (choices or {}).get(code, []), strict=True
            ):
                services.choice_text_set(choice=choice, language=language, text=text)
    return questionnaire


def _quarters(today: datetime.date) -> list[tuple[datetime.date, datetime.date]]:
    """The quarters of 2018-2021 and those of the running year begun by today."""
    quarters = []
    for year in [*range(FIRST_YEAR, LAST_YEAR + 1), today.year]:
        for quarter in range(4):
            first = datetime.date(year, 3 * quarter + 1, 1)
            if first > today:
                break
            following = datetime.date(year + (quarter == 3), (3 * quarter + 3) % 12 + 1, 1)
            quarters.append((first, following - datetime.timedelta(days=1)))
    return quarters


def _answers(
    questions: list[Question], agree: float, chance: random.Random
) -> dict[int, int | str]:
    answers: dict[int, int | str] = {}
    for question in questions:
        if chance.random() < 0.06:
            continue  # skipped, as people do
        if question.kind == QuestionKind.SCALE:
            answers[question.pk] = (
                chance.choice((4, 5)) if chance.random() < agree else chance.choice((1, 2, 3))
            )
        elif question.kind == QuestionKind.YES_NO:
            answers[question.pk] = YES if chance.random() < agree + 0.1 else NO
        elif question.kind == QuestionKind.CHOICE:
            answers[question.pk] = chance.randint(1, question.choices.count())
        elif chance.random() < 0.15:
            answers[question.pk] = chance.choice(COMMENTS)
    return answers


def _answer_wave(wave: Wave, today: datetime.date, chance: random.Random) -> None:
    questions = list(wave.version.questions.prefetch_related("choices"))
    codes = list(wave.version.languages.values_list("code", flat=True))
    years_in = wave.opens_on.year - FIRST_YEAR
    agree = min(0.9, 0.58 + 0.05 * years_in + 0.04 * (wave.estate.name == "Vapnagaard"))
    # A few quarters get too few answers to be shown: the results suppress them.
    count = chance.randint(2, 4) if chance.random() < 0.1 else chance.randint(8, 16)
    last = min(wave.closes_on, today)
    days = (last - wave.opens_on).days
    sheet = 0
    for index in range(count):
        day = wave.opens_on + datetime.timedelta(days=chance.randint(0, max(days, 0)))
        channel = chance.choice((Channel.WEB, Channel.WEB, Channel.KIOSK, Channel.PAPER))
        language = chance.choice(codes) if chance.random() < 0.25 else "da"
        paper = channel == Channel.PAPER
        sheet += paper
        services.response_submit(
            wave=wave,
            channel=channel,
            language=language,
            answers=_answers(questions, agree, chance),
            device=(
                hashlib.sha256(f"demo-device-{wave.pk}-{index}".encode()).hexdigest()
                if channel == Channel.WEB
                else ""
            ),
            batch=f"P{wave.opens_on:%Y}-{wave.pk}" if paper else "",
            sheet=sheet if paper else None,
            today=day,
        )


def load_demo_data() -> None:
    programme = Programme.objects.get(name=DEMO_PROGRAMME)
    today = timezone.localdate()
    chance = random.Random(15)
    estates = list(Estate.objects.filter(programme=programme).order_by("name"))
    for slug in QUESTIONNAIRES:
        questionnaire = _questionnaire(programme, slug)
        for estate in estates:
            for opens_on, closes_on in _quarters(today):
                wave = Wave.objects.filter(
                    questionnaire=questionnaire, estate=estate, opens_on=opens_on
                ).first() or services.wave_create(
                    questionnaire=questionnaire,
                    estate=estate,
                    opens_on=opens_on,
                    closes_on=closes_on,
                    target=TARGET,
                )
                if not wave.responses.exists():
                    _answer_wave(wave, today, chance)
    for estate in estates:
        _scanned_batch(programme, estate)


def _pile(wave: Wave, sheets: int, seed: int) -> bytes:
    """The wave's Danish paper forms, filled in by hand (as the reader's benchmark fills them)
    and scanned into one PDF."""
    danish = wave.version.languages.get(code="da")
    printed = list(scanning.pages_of(paper.form_pdf(wave, danish)))
    pile, _truths = specimens.filled_batch(
        printed, paper.page_layouts(wave.version), sheets, scanning.PDF_DPI, seed=seed
    )
    return pile


def _scanned_batch(programme: Programme, estate: Estate) -> None:
    """The last quarter of 2021's paper forms of the estate, scanned, read and stored: the
    scanned channel's answers and a batch on the list of scanned batches."""
    number = f"DEMO-2021-4-{estate.name}"
    if ScanBatch.objects.filter(programme=programme, number=number).exists():
        return
    wave = Wave.objects.get(
        questionnaire__programme=programme,
        questionnaire__slug="hverdagsraadgivning",
        estate=estate,
        opens_on=datetime.date(LAST_YEAR, 10, 1),
    )
    staff = get_user_model().objects.get(username="medarbejder")
    readings = scanning.read_batch(_pile(wave, 4, seed=estate.pk), queries.layouts_for(programme))
    batch = services.scan_batch_record(
        programme=programme, number=number, file_name=f"{number}.pdf", readings=readings, by=staff
    )
    # A mark in doubt waits for a person, as it would after a real scan.
    if not batch.pages.filter(status=PageStatus.REVIEW).exists():
        services.scan_batch_import(batch=batch, by=staff)


def scanned_pile(directory: Path) -> Path:
    """The running quarter's paper forms of Vapnagaard, filled in and scanned into one PDF in
    ``directory``, ready to upload; made once. ``helhedsplan demo`` writes it beside the
    demo's database."""
    target = directory / SCANNED_BATCH
    if target.exists():
        return target
    today = timezone.localdate()
    wave = Wave.objects.get(
        questionnaire__programme__name=DEMO_PROGRAMME,
        questionnaire__slug="hverdagsraadgivning",
        estate__name="Vapnagaard",
        opens_on__lte=today,
        closes_on__gte=today,
    )
    directory.mkdir(parents=True, exist_ok=True)
    target.write_bytes(_pile(wave, SCANNED_SHEETS, seed=15))
    return target
