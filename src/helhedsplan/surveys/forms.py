"""Parsing of the surveys' requests: form fields and the mapping to the services' arguments."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from helhedsplan.core import idempotency
from helhedsplan.surveys.models import SCAN_MAX_BYTES

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
