"""The surveys' forms: parsing what a page sends, nothing more."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.forms.boundfield import BoundField
from django.utils.translation import gettext_lazy as _

from helhedsplan.core import idempotency
from helhedsplan.surveys.layout import NO, SCALE_VALUES, YES
from helhedsplan.surveys.models import SCAN_MAX_BYTES, QuestionKind
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
