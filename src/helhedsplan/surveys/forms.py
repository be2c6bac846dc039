"""The surveys' forms: parsing what a page sends, nothing more."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django import forms
from django.forms.boundfield import BoundField
from django.utils.translation import gettext_lazy as _

from helhedsplan.surveys.layout import NO, SCALE_VALUES, YES
from helhedsplan.surveys.models import QuestionKind
from helhedsplan.surveys.queries import Asked
from helhedsplan.surveys.services import TEXT_MAX_LENGTH

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
