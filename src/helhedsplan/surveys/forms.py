"""Parsing of the surveys' requests."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from helhedsplan.programmes.models import Estate
from helhedsplan.surveys.layout import NO, SCALE_VALUES, YES
from helhedsplan.surveys.models import Language, Question, QuestionKind

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

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
