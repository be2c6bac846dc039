"""Surveys: anonymous questionnaires answered on the web, on the office's tablet, on paper
keyed in by staff, or on paper scanned and read by the machine (issue 15).

A questionnaire keeps its questions in versions: a version's questions are locked once it has
an answer, and a change makes the next version. A version is asked in Danish and in any
language added to it (a ``Language`` with its texts, right to left where the script is). A
wave asks one version in one estate between two dates; every response belongs to a wave and
names nobody: no user, no address, at most a hash of a device's random token that differs
from wave to wave, and a paper form's batch and sheet number against double entry.

H4 and F3 count the answers to the questions linked to them (``Answer``, with the day, estate
and programme copied from the response so the indicators count without a join).
"""

from __future__ import annotations

import secrets
import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from helhedsplan.programmes.models import Estate, Programme

DANISH = "da"
# A scanned batch: a pile of forms from the office's scanner, as one PDF or some images.
SCAN_MAX_BYTES = 50 * 1024 * 1024
SCAN_MAX_PAGES = 200


def _link_key() -> str:
    return secrets.token_urlsafe(12)


class QuestionKind(models.TextChoices):
    SCALE = "scale", _("Enighed på en skala fra 1 til 5")
    YES_NO = "yes_no", _("Ja eller nej")
    CHOICE = "choice", _("Ét svar blandt flere")
    TEXT = "text", _("Kort fritekst")


class Channel(models.TextChoices):
    WEB = "web", _("Link eller QR-kode")
    KIOSK = "kiosk", _("Tablet i rådgivningen")
    PAPER = "paper", _("Papir, tastet ind")
    SCAN = "scan", _("Papir, scannet")


class Questionnaire(models.Model):
    programme = models.ForeignKey(
        Programme,
        on_delete=models.PROTECT,
        related_name="questionnaires",
        verbose_name=_("indsats"),
    )
    # The questionnaire's name in the indicators' definitions (``"hverdagsraadgivning"``).
    slug = models.SlugField(_("kort navn"), max_length=60)
    title = models.CharField(_("titel"), max_length=200)
    created_at = models.DateTimeField(_("oprettet"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["programme", "title", "pk"]
        verbose_name = _("spørgeskema")
        verbose_name_plural = _("spørgeskemaer")
        constraints = [
            models.CheckConstraint(condition=~Q(title=""), name="questionnaire_has_a_title"),
            models.CheckConstraint(condition=~Q(slug=""), name="questionnaire_has_a_slug"),
            models.UniqueConstraint(fields=["programme", "slug"], name="questionnaire_slug_unique"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse(
            "surveys:questionnaire",
            kwargs={"slug": self.programme.slug, "questionnaire_id": self.pk},
        )


class Version(models.Model):
    """The questions as asked from a point on. Locked once a response names it: a change to
    the questions is then made in the next version (``services.version_create``)."""

    questionnaire = models.ForeignKey(
        Questionnaire,
        on_delete=models.PROTECT,
        related_name="versions",
        verbose_name=_("spørgeskema"),
    )
    number = models.PositiveSmallIntegerField(_("version"))
    created_at = models.DateTimeField(_("oprettet"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["questionnaire", "number"]
        verbose_name = _("version af spørgeskemaet")
        verbose_name_plural = _("versioner af spørgeskemaet")
        constraints = [
            models.UniqueConstraint(
                fields=["questionnaire", "number"], name="survey_version_number_unique"
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="survey_version_from_one"),
        ]

    def __str__(self) -> str:
        return f"{self.questionnaire} – version {self.number}"


class Language(models.Model):
    """A language a version is asked in, with the texts a respondent reads in it: the title,
    the introduction, and the interface's phrases (the scale's labels, the buttons, the
    messages), keyed as ``surveys.phrases`` lists them. Danish is always there."""

    version = models.ForeignKey(
        Version, on_delete=models.CASCADE, related_name="languages", verbose_name=_("version")
    )
    # A language tag as the browser and the HTML ``lang`` attribute read it: "da", "ar", "so".
    code = models.CharField(_("sprogkode"), max_length=12)
    # The language's name in itself, as a respondent looks for it: "العربية", "Soomaali".
    name = models.CharField(_("sprogets navn"), max_length=60)
    right_to_left = models.BooleanField(_("skrives fra højre mod venstre"), default=False)
    title = models.CharField(_("titel"), max_length=200)
    introduction = models.TextField(_("indledning"), blank=True)
    phrases = models.JSONField(_("tekster i skemaet"), default=dict, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["version", "pk"]
        verbose_name = _("sprog")
        verbose_name_plural = _("sprog")
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="survey_language_unique"),
            models.CheckConstraint(
                condition=Q(code__regex=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$"),
                name="survey_language_code_is_a_tag",
            ),
            models.CheckConstraint(condition=~Q(name=""), name="survey_language_has_a_name"),
        ]

    def __str__(self) -> str:
        return self.name


class Question(models.Model):
    version = models.ForeignKey(
        Version, on_delete=models.CASCADE, related_name="questions", verbose_name=_("version")
    )
    position = models.PositiveSmallIntegerField(_("nummer"))
    kind = models.CharField(_("svartype"), max_length=10, choices=QuestionKind.choices)
    # The question in Danish; its other languages are ``QuestionText`` rows.
    text = models.TextField(_("spørgsmål"))
    # The criterion's code (``"H4"``) whose indicator counts the share agreeing; empty for a
    # question no indicator reads. Kept as the code: the indicators are a layer above.
    indicator = models.CharField(_("indikator"), max_length=20, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["version", "position"]
        verbose_name = _("spørgsmål")
        verbose_name_plural = _("spørgsmål")
        constraints = [
            models.UniqueConstraint(
                fields=["version", "position"], name="survey_question_position_unique"
            ),
            models.CheckConstraint(condition=~Q(text=""), name="survey_question_has_a_text"),
            models.CheckConstraint(
                condition=Q(kind__in=QuestionKind.values), name="survey_question_kind_known"
            ),
            # Only a scale or yes/no has an "agreeing" answer an indicator can count.
            models.CheckConstraint(
                condition=Q(indicator="") | Q(kind__in=[QuestionKind.SCALE, QuestionKind.YES_NO]),
                name="survey_question_indicator_needs_agreement",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.text}"


class Choice(models.Model):
    """One of a single-choice question's answers (the scale and yes/no have theirs fixed)."""

    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="choices", verbose_name=_("spørgsmål")
    )
    position = models.PositiveSmallIntegerField(_("nummer"))
    text = models.CharField(_("svarmulighed"), max_length=200)

    history = HistoricalRecords()

    class Meta:
        ordering = ["question", "position"]
        verbose_name = _("svarmulighed")
        verbose_name_plural = _("svarmuligheder")
        constraints = [
            models.UniqueConstraint(
                fields=["question", "position"], name="survey_choice_position_unique"
            ),
            models.CheckConstraint(condition=~Q(text=""), name="survey_choice_has_a_text"),
        ]

    def __str__(self) -> str:
        return self.text


class QuestionText(models.Model):
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="texts", verbose_name=_("spørgsmål")
    )
    language = models.ForeignKey(
        Language, on_delete=models.CASCADE, related_name="question_texts", verbose_name=_("sprog")
    )
    text = models.TextField(_("oversættelse"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("oversat spørgsmål")
        verbose_name_plural = _("oversatte spørgsmål")
        constraints = [
            models.UniqueConstraint(
                fields=["question", "language"], name="survey_question_text_unique"
            ),
            models.CheckConstraint(condition=~Q(text=""), name="survey_question_text_not_empty"),
        ]

    def __str__(self) -> str:
        return self.text


class ChoiceText(models.Model):
    choice = models.ForeignKey(
        Choice, on_delete=models.CASCADE, related_name="texts", verbose_name=_("svarmulighed")
    )
    language = models.ForeignKey(
        Language, on_delete=models.CASCADE, related_name="choice_texts", verbose_name=_("sprog")
    )
    text = models.CharField(_("oversættelse"), max_length=200)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("oversat svarmulighed")
        verbose_name_plural = _("oversatte svarmuligheder")
        constraints = [
            models.UniqueConstraint(
                fields=["choice", "language"], name="survey_choice_text_unique"
            ),
            models.CheckConstraint(condition=~Q(text=""), name="survey_choice_text_not_empty"),
        ]

    def __str__(self) -> str:
        return self.text


class Wave(models.Model):
    """A round of answers: one version asked in one estate from ``opens_on`` to ``closes_on``
    (both included), usually a quarter, with the number of answers hoped for."""

    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.PROTECT, related_name="waves", verbose_name=_("spørgeskema")
    )
    version = models.ForeignKey(
        Version, on_delete=models.PROTECT, related_name="waves", verbose_name=_("version")
    )
    estate = models.ForeignKey(
        Estate, on_delete=models.PROTECT, related_name="survey_waves", verbose_name=_("boligområde")
    )
    opens_on = models.DateField(_("åbner"))
    closes_on = models.DateField(_("lukker"))
    target = models.PositiveIntegerField(_("mål for antal svar"), null=True, blank=True)
    # The public link (and its QR code) and the office tablet's link: random, so waves cannot
    # be guessed; the tablet's is separate, as it is not held to one answer per device.
    link_key = models.CharField(
        _("nøgle til linket"), max_length=40, unique=True, default=_link_key
    )
    kiosk_key = models.CharField(
        _("nøgle til tabletten"), max_length=40, unique=True, default=_link_key
    )
    created_at = models.DateTimeField(_("oprettet"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-opens_on", "estate", "pk"]
        verbose_name = _("runde")
        verbose_name_plural = _("runder")
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=F("opens_on")), name="survey_wave_closes_after_opening"
            ),
            models.CheckConstraint(
                condition=Q(target__isnull=True) | Q(target__gte=1),
                name="survey_wave_target_positive",
            ),
        ]

    def __str__(self) -> str:
        dates = f"{self.opens_on:%d.%m.%Y}-{self.closes_on:%d.%m.%Y}"
        return f"{self.questionnaire} – {self.estate} ({dates})"

    def get_absolute_url(self) -> str:
        return reverse(
            "surveys:wave", kwargs={"slug": self.questionnaire.programme.slug, "wave_id": self.pk}
        )


class Response(models.Model):
    """One person's answers, named by nothing that leads back to them: not even the moment
    they were given, only the day."""

    wave = models.ForeignKey(
        Wave, on_delete=models.PROTECT, related_name="responses", verbose_name=_("runde")
    )
    channel = models.CharField(_("kanal"), max_length=10, choices=Channel.choices)
    language = models.CharField(_("sprog"), max_length=12)
    # The day the answers count on: the day given on the web or the tablet; for paper, the day
    # keyed in or scanned, within the wave's dates.
    answered_on = models.DateField(_("besvaret"))
    # A hash of the wave and the device's random cookie (web only): one answer per device.
    device = models.CharField(_("enhed"), max_length=64, blank=True)
    # A form's one-time number: a retried or twice-clicked submission is stored once.
    submission = models.UUIDField(_("indsendelse"), unique=True, default=uuid.uuid4)
    # Paper: the batch the form was entered or scanned in, and its sheet's number in it.
    batch = models.CharField(_("bunke"), max_length=40, blank=True)
    sheet = models.PositiveIntegerField(_("skema nr."), null=True, blank=True)

    class Meta:
        ordering = ["-answered_on", "-pk"]
        verbose_name = _("besvarelse")
        verbose_name_plural = _("besvarelser")
        constraints = [
            models.CheckConstraint(
                condition=Q(channel__in=Channel.values), name="survey_response_channel_known"
            ),
            models.UniqueConstraint(
                fields=["wave", "device"],
                condition=~Q(device=""),
                name="survey_response_one_per_device",
            ),
            models.UniqueConstraint(
                fields=["wave", "batch", "sheet"],
                condition=~Q(batch=""),
                name="survey_response_sheet_once",
            ),
            # Paper carries its batch and sheet; the web and the tablet carry neither.
            models.CheckConstraint(
                condition=(
                    Q(channel__in=[Channel.PAPER, Channel.SCAN], sheet__isnull=False) & ~Q(batch="")
                )
                | Q(channel__in=[Channel.WEB, Channel.KIOSK], sheet__isnull=True, batch=""),
                name="survey_response_paper_has_a_sheet",
            ),
            models.CheckConstraint(
                condition=Q(device="") | Q(channel=Channel.WEB),
                name="survey_response_device_only_on_the_web",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.wave} – {self.answered_on:%d.%m.%Y}"


class Answer(models.Model):
    """One question's answer. A scale answer is 1-5, yes is 1 and no 0, a choice its
    position; ``agrees`` (4 or 5 on the scale, or yes) is what the indicators count."""

    response = models.ForeignKey(
        Response, on_delete=models.CASCADE, related_name="answers", verbose_name=_("besvarelse")
    )
    question = models.ForeignKey(
        Question, on_delete=models.PROTECT, related_name="answers", verbose_name=_("spørgsmål")
    )
    value = models.PositiveSmallIntegerField(_("svar"), null=True, blank=True)
    text = models.TextField(_("fritekst"), blank=True)
    agrees = models.BooleanField(_("enig"), null=True)
    # Copied from the response and its wave, so that the indicators count without a join.
    answered_on = models.DateField(_("besvaret"))
    estate = models.ForeignKey(
        Estate,
        on_delete=models.PROTECT,
        related_name="survey_answers",
        verbose_name=_("boligområde"),
    )
    programme = models.ForeignKey(
        Programme,
        on_delete=models.PROTECT,
        related_name="survey_answers",
        verbose_name=_("indsats"),
    )

    class Meta:
        ordering = ["response", "question__position"]
        verbose_name = _("svar")
        verbose_name_plural = _("svar")
        constraints = [
            models.UniqueConstraint(
                fields=["response", "question"], name="survey_answer_once_per_question"
            ),
            # A value or a text, never both and never neither: a skipped question has no row.
            models.CheckConstraint(
                condition=(Q(value__isnull=False) & Q(text=""))
                | (Q(value__isnull=True) & ~Q(text="")),
                name="survey_answer_value_or_text",
            ),
            models.CheckConstraint(
                condition=Q(value__isnull=True) | Q(value__lte=20),
                name="survey_answer_value_small",
            ),
        ]
        indexes = [models.Index(fields=["programme", "estate", "answered_on"])]

    def __str__(self) -> str:
        return self.text or str(self.value)


class ScanStatus(models.TextChoices):
    READ = "read", _("Læst, venter på gennemsyn")
    IMPORTED = "imported", _("Indlæst")
    REFUSED = "refused", _("Afvist")


class ScanBatch(models.Model):
    """A pile of paper forms scanned together, uploaded as one PDF or some images. Its pages
    are read when it arrives (the file itself is not kept); their answers are stored in one
    transaction once every doubtful mark has been decided."""

    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="scan_batches", verbose_name=_("indsats")
    )
    number = models.CharField(_("bunke"), max_length=40)
    file_name = models.CharField(_("filnavn"), max_length=200)
    status = models.CharField(
        _("status"), max_length=10, choices=ScanStatus.choices, default=ScanStatus.READ
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("indlæst af"),
    )
    uploaded_at = models.DateTimeField(_("indlæst"), default=timezone.now)
    imported_at = models.DateTimeField(_("svar gemt"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-uploaded_at", "-pk"]
        verbose_name = _("scannet bunke")
        verbose_name_plural = _("scannede bunker")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "number"], name="scan_batch_number_unique"
            ),
            models.CheckConstraint(condition=~Q(number=""), name="scan_batch_has_a_number"),
            models.CheckConstraint(
                condition=Q(status__in=ScanStatus.values), name="scan_batch_status_known"
            ),
            models.CheckConstraint(
                condition=Q(imported_at__isnull=True) | Q(status=ScanStatus.IMPORTED),
                name="scan_batch_imported_when_imported",
            ),
        ]

    def __str__(self) -> str:
        return self.number


class PageStatus(models.TextChoices):
    READ = "read", _("Læst")
    REVIEW = "review", _("Skal ses af en person")
    REFUSED = "refused", _("Afvist")


class ScanPage(models.Model):
    """One page of a batch as the reader found it: straightened, named by its code (wave,
    version, language, page of the form), or refused with the reason."""

    batch = models.ForeignKey(
        ScanBatch, on_delete=models.CASCADE, related_name="pages", verbose_name=_("bunke")
    )
    # The page's place in the upload, from 1.
    number = models.PositiveIntegerField(_("side i filen"))
    status = models.CharField(_("status"), max_length=10, choices=PageStatus.choices)
    reason = models.CharField(_("begrundelse"), max_length=300, blank=True)
    wave = models.ForeignKey(
        Wave,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("runde"),
    )
    version = models.ForeignKey(
        Version,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("version"),
    )
    language = models.CharField(_("sprog"), max_length=12, blank=True)
    # The page of the form it is (1 of 2, …), and how many pages the form has.
    form_page = models.PositiveSmallIntegerField(_("skemaets side"), null=True, blank=True)
    form_pages = models.PositiveSmallIntegerField(_("skemaets sider"), null=True, blank=True)
    # The straightened page (PNG), kept until the batch is imported so a person can see the
    # boxes in doubt.
    image = models.FileField(_("billede"), upload_to="surveys/pages/", blank=True)
    response = models.ForeignKey(
        Response,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("besvarelse"),
    )

    class Meta:
        ordering = ["batch", "number"]
        verbose_name = _("scannet side")
        verbose_name_plural = _("scannede sider")
        constraints = [
            models.UniqueConstraint(fields=["batch", "number"], name="scan_page_number_unique"),
            models.CheckConstraint(
                condition=Q(status__in=PageStatus.values), name="scan_page_status_known"
            ),
            models.CheckConstraint(
                condition=~Q(status=PageStatus.REFUSED) | ~Q(reason=""),
                name="scan_page_refusal_has_a_reason",
            ),
            models.CheckConstraint(
                condition=Q(status=PageStatus.REFUSED) | Q(wave__isnull=False),
                name="scan_page_read_names_its_wave",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.batch} – side {self.number}"


class MarkState(models.TextChoices):
    EMPTY = "empty", _("Tom")
    MARKED = "marked", _("Krydset af")
    CANCELLED = "cancelled", _("Udfyldt (fortrudt)")
    UNSURE = "unsure", _("Usikker")


class ScanMark(models.Model):
    """What the reader saw in one answer box of a page; an unsure box (or a question with more
    than one box marked) waits for a person, who decides what the resident meant."""

    page = models.ForeignKey(
        ScanPage, on_delete=models.CASCADE, related_name="marks", verbose_name=_("side")
    )
    question = models.ForeignKey(
        Question, on_delete=models.PROTECT, related_name="+", verbose_name=_("spørgsmål")
    )
    # The box's answer value (1-5 on the scale, 1 yes and 0 no, a choice's position).
    value = models.PositiveSmallIntegerField(_("svar"))
    state = models.CharField(_("aflæst"), max_length=10, choices=MarkState.choices)
    # The share of the box's inside that is dark, 0-1.
    ink = models.FloatField(_("blæk"), validators=[MinValueValidator(0.0), MaxValueValidator(1.0)])
    # A person's decision on a box in doubt: the state it really is.
    decided = models.CharField(_("afgjort"), max_length=10, choices=MarkState.choices, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("afgjort af"),
    )

    class Meta:
        ordering = ["page", "question__position", "value"]
        verbose_name = _("afkrydsningsfelt")
        verbose_name_plural = _("afkrydsningsfelter")
        constraints = [
            models.UniqueConstraint(
                fields=["page", "question", "value"], name="scan_mark_box_once"
            ),
            models.CheckConstraint(
                condition=Q(state__in=MarkState.values), name="scan_mark_state_known"
            ),
            models.CheckConstraint(
                condition=Q(decided="") | Q(decided__in=[MarkState.EMPTY, MarkState.MARKED]),
                name="scan_mark_decided_plainly",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.page} – {self.question_id}: {self.value}"
