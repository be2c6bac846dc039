"""The surveys' forms: parsing what a page sends, nothing more."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import RegexValidator
from django.db.models import QuerySet
from django.forms.boundfield import BoundField
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from helhedsplan.core import idempotency
from helhedsplan.privacy.forms import DATE_INPUTS, DATE_WIDGET
from helhedsplan.programmes.models import Estate
from helhedsplan.surveys.layout import NO, SCALE_VALUES, YES
from helhedsplan.surveys.models import (
    DANISH,
    SCAN_MAX_BYTES,
    Choice,
    ChoiceText,
    Language,
    Question,
    QuestionKind,
    QuestionText,
)
from helhedsplan.surveys.phrases import PHRASES, phrases_for
from helhedsplan.surveys.queries import Asked
from helhedsplan.surveys.services import TEXT_MAX_LENGTH

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# Helper SP: the public answer form (the web link and the office tablet) --------------------


@dataclass(frozen=True)
class AnswerRow:
    """One question of the form as the template lays it out."""

    kind: str
    field: BoundField


class AnswerForm(forms.Form):
    """All the questions of a wave on one page, each optional, in the respondent's language;
    a one-time submission number (a double click stores once) and a field people never see,
    which robots fill in."""

    submission = forms.UUIDField(widget=forms.HiddenInput)
    # The honeypot: off-screen and hidden from screen readers by the template, out of the Tab
    # order; a person leaves it empty.
    website = forms.CharField(
        label=_("Lad dette felt stå tomt"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(
        self,
        *args: Any,
        asked: list[Asked],
        phrases: Mapping[str, str],
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("initial", {"submission": uuid.uuid4()})
        super().__init__(*args, **kwargs)
        self.kinds: dict[str, str] = {}
        for item in asked:
            name = f"q{item.question.pk}"
            self.kinds[name] = item.question.kind
            self.fields[name] = _question_field(item, phrases)

    def is_spam(self) -> bool:
        return bool(self.data.get("website", ""))

    def rows(self) -> list[AnswerRow]:
        return [AnswerRow(kind, self[name]) for name, kind in self.kinds.items()]

    def answers(self) -> dict[int, int | str]:
        """The answers given, by question id; a question left out is not there."""
        given: dict[int, int | str] = {}
        for name in self.kinds:
            value: int | str | None = self.cleaned_data.get(name)
            if value is not None and value != "":
                given[int(name.removeprefix("q"))] = value
        return given


def _question_field(item: Asked, phrases: Mapping[str, str]) -> forms.Field:
    kind = item.question.kind
    if kind == QuestionKind.TEXT:
        return forms.CharField(
            label=item.text,
            required=False,
            max_length=TEXT_MAX_LENGTH,
            widget=forms.Textarea(attrs={"rows": 4, "autocomplete": "off"}),
        )
    choices: list[tuple[int, str]]
    if kind == QuestionKind.SCALE:
        choices = [(value, phrases[f"scale_{value}"]) for value in SCALE_VALUES]
    elif kind == QuestionKind.YES_NO:
        choices = [(YES, phrases["yes"]), (NO, phrases["no"])]
    else:
        choices = item.choices
    return forms.TypedChoiceField(
        label=item.text,
        required=False,
        choices=choices,
        coerce=int,
        empty_value=None,
        widget=forms.RadioSelect,
    )


# Scanned batches (helper SD) ---------------------------------------------------------------

# What the office's scanner writes: a multi-page PDF, or an image per page.
SCAN_ACCEPT = "application/pdf,image/png,image/jpeg"
NO_ANSWER = "none"


def read_scan(upload: UploadedFile) -> bytes:
    """The upload's bytes, read a chunk at a time and given up as soon as they pass
    ``SCAN_MAX_BYTES``: a file larger than the cap is never held whole."""
    chunks, size = [], 0
    for chunk in upload.chunks():
        size += len(chunk)
        if size > SCAN_MAX_BYTES:
            raise forms.ValidationError(
                _("Filen er for stor: en bunke må højst fylde %(mb)s MB."),
                code="scan_size",
                params={"mb": SCAN_MAX_BYTES // (1024 * 1024)},
            )
        chunks.append(chunk)
    if not size:
        raise forms.ValidationError(_("Filen er tom."), code="scan_empty")
    return b"".join(chunks)


@dataclass(frozen=True)
class ScanFile:
    name: str
    data: bytes


class ScanUploadForm(forms.Form):
    number = forms.CharField(
        label=_("Bunkens nummer"),
        max_length=40,
        help_text=_("Skriv nummeret på bunken, så den ikke bliver indlæst to gange."),
    )
    file = forms.FileField(
        label=_("Den scannede bunke"),
        help_text=_("En PDF med alle siderne, eller et billede (PNG eller JPEG), højst 50 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": SCAN_ACCEPT}),
    )
    idempotency_key = idempotency.key_field()

    def clean_number(self) -> str:
        return str(self.cleaned_data["number"]).strip()

    def clean_file(self) -> ScanFile:
        upload: UploadedFile = self.cleaned_data["file"]
        return ScanFile(name=upload.name or "", data=read_scan(upload))


class DecideForm(forms.Form):
    """A person's answer to a question in doubt: one of its boxes, or no answer."""

    value = forms.ChoiceField(label=_("Svaret"), widget=forms.RadioSelect)

    def __init__(
        self, *args: Any, options: list[tuple[int, str]], guess: int | None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["value"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(str(value), label) for value, label in options] + [
            (NO_ANSWER, _("Intet svar"))
        ]
        field.initial = str(guess) if guess is not None else None

    def decided(self) -> int | None:
        value = self.cleaned_data["value"]
        return None if value == NO_ANSWER else int(value)


# Helper SA: questionnaires, questions, translations, waves ---------------------------------------

# A criterion's code as the agreements write it: H4, F3, K1.2.
CRITERION_CODE = r"^[A-ZÆØÅ]{1,3}\d{1,2}(\.\d{1,2})?$"


class QuestionnaireForm(forms.Form):
    title = forms.CharField(label=_("Titel"), max_length=200)
    slug = forms.SlugField(
        label=_("Kort navn"),
        max_length=60,
        help_text=_(
            "Små bogstaver, tal og bindestreger, fx hverdagsraadgivning. Indikatorerne kender "
            "spørgeskemaet ved det."
        ),
    )
    idempotency_key = idempotency.key_field()


class QuestionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Svartype"), choices=QuestionKind.choices)
    text = forms.CharField(
        label=_("Spørgsmålet på dansk"), widget=forms.Textarea(attrs={"rows": 3})
    )
    indicator = forms.CharField(
        label=_("Tæller i indikator (valgfri)"),
        required=False,
        max_length=20,
        help_text=_(
            "Succeskriteriets kode, fx H4 eller F3. Kun en enighedsskala eller et "
            "ja/nej-spørgsmål kan tælle."
        ),
    )
    choices = forms.CharField(
        label=_("Svarmuligheder"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Kun til ét svar blandt flere: én svarmulighed pr. linje, 2 til 10."),
    )

    @classmethod
    def of(cls, question: Question, data: Any = None) -> QuestionForm:
        """The form for a question as it stands."""
        initial = {
            "kind": question.kind,
            "text": question.text,
            "indicator": question.indicator,
            "choices": "\n".join(choice.text for choice in question.choices.all()),
        }
        return cls(data, initial=initial)

    def clean_indicator(self) -> str:
        code = self.cleaned_data["indicator"].strip().upper()
        if code:
            RegexValidator(CRITERION_CODE, _("Skriv succeskriteriets kode, fx H4 eller F3."))(code)
        return code

    def details(self) -> dict[str, Any]:
        """The service's arguments."""
        return {
            "kind": self.cleaned_data["kind"],
            "text": self.cleaned_data["text"],
            "indicator": self.cleaned_data["indicator"],
            "choices": self.cleaned_data["choices"].splitlines(),
        }


class NewQuestionForm(QuestionForm):
    idempotency_key = idempotency.key_field()


class MoveForm(forms.Form):
    direction = forms.ChoiceField(choices=[("up", "up"), ("down", "down")])


class LanguageForm(forms.Form):
    code = forms.RegexField(
        label=_("Sprogkode"),
        max_length=12,
        regex=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$",
        error_messages={"invalid": _("Skriv sprogkoden med små bogstaver, fx ar, tr eller so.")},
        help_text=_("Sprogkoden, som browsere bruger: ar (arabisk), tr (tyrkisk), so (somali)."),
    )
    name = forms.CharField(
        label=_("Sprogets navn på sproget selv"),
        max_length=60,
        help_text=_("Sådan finder en beboer sit sprog, fx العربية, Türkçe eller Soomaali."),
    )
    right_to_left = forms.BooleanField(
        label=_("Skrives fra højre mod venstre (fx arabisk)"), required=False
    )
    title = forms.CharField(label=_("Titel på sproget"), max_length=200)
    introduction = forms.CharField(
        label=_("Indledning på sproget (valgfri)"), required=False, widget=forms.Textarea
    )
    idempotency_key = idempotency.key_field()

    def clean_code(self) -> str:
        return cast(str, self.cleaned_data["code"]).strip()


@dataclass(frozen=True)
class TranslatedQuestion:
    """A question's field on the translation page, with its choices' fields."""

    question: Question
    field: forms.BoundField
    choices: list[tuple[Choice, forms.BoundField]]


class TranslationForm(forms.Form):
    """A language's texts on one page: each question and choice beside its Danish text, and
    the phrases with what each is for, prefilled with what the language shows now. The
    fields say their language, and a right-to-left language's fields are written so."""

    name = forms.CharField(label=_("Sprogets navn på sproget selv"), max_length=60)
    right_to_left = forms.BooleanField(label=_("Skrives fra højre mod venstre"), required=False)
    title = forms.CharField(label=_("Titel"), max_length=200)
    introduction = forms.CharField(
        label=_("Indledning"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, language: Language, **kwargs: Any) -> None:
        initial = {
            "name": language.name,
            "right_to_left": language.right_to_left,
            "title": language.title,
            "introduction": language.introduction,
        }
        kwargs["initial"] = initial
        super().__init__(*args, **kwargs)
        self.language = language
        # Danish is the questions' own language: its page has the title and phrases only.
        self.questions: list[Question] = (
            []
            if language.code == DANISH
            else list(language.version.questions.prefetch_related("texts", "choices__texts"))
        )
        for question in self.questions:
            self.fields[f"question_{question.pk}"] = forms.CharField(
                label=_("Spørgsmål %(n)s på sproget") % {"n": question.position},
                required=False,
                initial=_text_in(question.texts.all(), language),
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            for choice in question.choices.all():
                self.fields[f"choice_{choice.pk}"] = forms.CharField(
                    label=choice.text,
                    required=False,
                    max_length=200,
                    initial=_text_in(choice.texts.all(), language),
                )
        shown = phrases_for(language.code, language.phrases)
        for key, purpose in PHRASES.items():
            self.fields[f"phrase_{key}"] = forms.CharField(
                label=purpose, required=False, max_length=300, initial=shown[key]
            )
        # The texts are in the language, the labels in the interface's.
        for name, field in self.fields.items():
            if name != "right_to_left":
                field.widget.attrs["lang"] = language.code
                if language.right_to_left:
                    field.widget.attrs["dir"] = "rtl"

    def translated_questions(self) -> list[TranslatedQuestion]:
        return [
            TranslatedQuestion(
                question=question,
                field=self[f"question_{question.pk}"],
                choices=[
                    (choice, self[f"choice_{choice.pk}"]) for choice in question.choices.all()
                ],
            )
            for question in self.questions
        ]

    def phrase_fields(self) -> list[forms.BoundField]:
        return [self[f"phrase_{key}"] for key in PHRASES]

    def details(self) -> dict[str, Any]:
        """The service's arguments."""
        data = self.cleaned_data

        def prefixed(prefix: str) -> dict[str, str]:
            return {
                name.removeprefix(prefix): value
                for name, value in data.items()
                if name.startswith(prefix)
            }

        return {
            "name": data["name"],
            "right_to_left": data["right_to_left"],
            "title": data["title"],
            "introduction": data["introduction"],
            "questions": {int(pk): text for pk, text in prefixed("question_").items()},
            "choices": {int(pk): text for pk, text in prefixed("choice_").items()},
            "phrases": prefixed("phrase_"),
        }


def _text_in(texts: Iterable[QuestionText | ChoiceText], language: Language) -> str:
    """A translation among the prefetched ones (no query per question)."""
    return next((text.text for text in texts if text.language_id == language.pk), "")


class WaveForm(forms.Form):
    estate = forms.ModelChoiceField(label=_("Boligområde"), queryset=Estate.objects.none())
    opens_on = forms.DateField(label=_("Åbner"), widget=DATE_WIDGET, input_formats=DATE_INPUTS)
    closes_on = forms.DateField(
        label=_("Lukker (sidste dag med svar)"), widget=DATE_WIDGET, input_formats=DATE_INPUTS
    )
    target = forms.IntegerField(
        label=_("Mål for antal svar (valgfrit)"), required=False, min_value=1
    )
    idempotency_key = idempotency.key_field()

    def __init__(self, *args: Any, estates: QuerySet[Estate], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _estate_field(self, estates)


class QuartersForm(forms.Form):
    estate = forms.ModelChoiceField(label=_("Boligområde"), queryset=Estate.objects.none())
    year = forms.IntegerField(label=_("År"), min_value=2000, max_value=2100)
    target = forms.IntegerField(
        label=_("Mål for antal svar pr. kvartal (valgfrit)"), required=False, min_value=1
    )
    idempotency_key = idempotency.key_field()

    def __init__(self, *args: Any, estates: QuerySet[Estate], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _estate_field(self, estates)
        self.fields["year"].initial = timezone.localdate().year


class WaveUpdateForm(forms.Form):
    opens_on = forms.DateField(label=_("Åbner"), widget=DATE_WIDGET, input_formats=DATE_INPUTS)
    closes_on = forms.DateField(
        label=_("Lukker (sidste dag med svar)"), widget=DATE_WIDGET, input_formats=DATE_INPUTS
    )
    target = forms.IntegerField(
        label=_("Mål for antal svar (valgfrit)"), required=False, min_value=1
    )


def _estate_field(form: forms.Form, estates: QuerySet[Estate]) -> None:
    """The estates the person may open waves in; with one, chosen already."""
    field = cast(forms.ModelChoiceField, form.fields["estate"])
    field.queryset = estates
    if len(estates) == 1:
        field.initial = estates[0]
        field.empty_label = None


# Helper SB: paper forms keyed in, results ----------------------------------------------------

# Yes and no as the keys a person keys them with: 1 and 0, or j and n.
YES_NO_KEYS = {"1": YES, "j": YES, "0": NO, "n": NO}


def _answer_input(length: int, pattern: str) -> forms.TextInput:
    """One small input per question, keyed without a mouse: digits on the number row or pad,
    no suggestions from the browser's memory, and Tab to the next."""
    return forms.TextInput(
        attrs={
            "inputmode": "numeric",
            "maxlength": str(length),
            "size": str(length + 1),
            "pattern": pattern,
            "autocomplete": "off",
            "class": "answer-key",
        }
    )


class PaperEntryForm(forms.Form):
    """One paper form as keyed in from the sheet: its batch and sheet number, its language,
    and one field per question (empty: skipped). ``answers()`` gives them by question id, as
    ``services.response_submit`` takes them."""

    batch = forms.CharField(
        label=_("Bunke"),
        max_length=40,
        help_text=_("Nummeret på bunken af skemaer, fx B3."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "size": "6"}),
    )
    sheet = forms.IntegerField(
        label=_("Skema nr."),
        min_value=1,
        help_text=_("Skemaets nummer i bunken; det næste er foreslået."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "size": "4"}),
    )
    language = forms.ChoiceField(label=_("Skemaets sprog"))
    submission = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(
        self, *args: Any, questions: list[Question], languages: list[Language], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.questions = questions
        cast(forms.ChoiceField, self.fields["language"]).choices = [
            (lang.code, lang.name) for lang in languages
        ]
        for question in questions:
            self.fields[f"q{question.pk}"] = self._answer_field(question)

    def _answer_field(self, question: Question) -> forms.CharField:
        label = f"{question.position}. {question.text}"
        if question.kind == QuestionKind.TEXT:
            return forms.CharField(
                label=label,
                required=False,
                max_length=1000,
                help_text=_("Skriv teksten af fra skemaet."),
                widget=forms.TextInput(attrs={"autocomplete": "off"}),
            )
        hint: StrOrPromise
        if question.kind == QuestionKind.SCALE:
            low, high = SCALE_VALUES[0], SCALE_VALUES[-1]
            hint = _("%(low)s-%(high)s (1 = helt uenig, 5 = helt enig)") % {
                "low": low,
                "high": high,
            }
            widget = _answer_input(1, f"[{low}-{high}]")
        elif question.kind == QuestionKind.YES_NO:
            hint = _("1 = ja, 0 = nej (eller j/n)")
            widget = _answer_input(1, "[01jnJN]")
        else:
            choices = list(question.choices.all())
            hint = ", ".join(f"{choice.position} = {choice.text}" for choice in choices)
            widget = _answer_input(len(str(len(choices))), "[0-9]+")
        return forms.CharField(label=label, required=False, help_text=hint, widget=widget)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for question in self.questions:
            name = f"q{question.pk}"
            given = str(cleaned.get(name) or "").strip()
            if not given or question.kind == QuestionKind.TEXT:
                cleaned[name] = given
                continue
            if question.kind == QuestionKind.YES_NO:
                value = YES_NO_KEYS.get(given.lower())
                if value is None:
                    self.add_error(
                        name, _("Skriv 1 for ja eller 0 for nej, eller lad feltet stå tomt.")
                    )
                cleaned[name] = value
                continue
            if not given.isdigit():
                self.add_error(name, _("Skriv svarets nummer, eller lad feltet stå tomt."))
                continue
            # The service checks the number against the question's answers.
            cleaned[name] = int(given)
        return cleaned

    def answers(self) -> dict[int, int | str]:
        """The answers given, by question id; an empty field is a question skipped."""
        found: dict[int, int | str] = {}
        for question in self.questions:
            value = self.cleaned_data.get(f"q{question.pk}")
            if value is not None and value != "":
                found[question.pk] = value
        return found


class ResultsFilterForm(forms.Form):
    """The year and estate the results show (``?year=2021&estate=3``): a year with answers
    (the newest by default), and all estates or one."""

    year = forms.TypedChoiceField(label=_("År"), coerce=int, required=False, empty_value=None)
    estate = forms.ModelChoiceField(
        label=_("Boligområde"),
        queryset=Estate.objects.none(),
        required=False,
        empty_label=_("Alle boligområder"),
    )

    def __init__(self, data: Any, *, years: list[int], estates: QuerySet[Estate]) -> None:
        super().__init__(data)
        self.years = years
        cast(forms.TypedChoiceField, self.fields["year"]).choices = [
            (str(year), str(year)) for year in years
        ]
        cast(forms.ModelChoiceField, self.fields["estate"]).queryset = estates

    def chosen(self, today: datetime.date) -> tuple[int, Estate | None]:
        """The year (the newest with answers, or this year, unless one is asked for) and the
        estate asked for, if any."""
        valid = self.is_valid()
        year = self.cleaned_data.get("year") if valid else None
        estate = self.cleaned_data.get("estate") if valid else None
        if year is None:
            year = self.years[0] if self.years else today.year
        return year, estate
