"""Forms of the audit trail. They parse the request; the queries decide what is shown."""

from __future__ import annotations

from typing import cast

from django import forms

from helhedsplan.core.audit_registry import audited_models


class TrailFilterForm(forms.Form):
    """``?model=``: one kind of audited record, or all. An unknown kind shows all, as a link
    to a kind that is no longer audited should still show something."""

    model = forms.ChoiceField(required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        model = cast(forms.ChoiceField, self.fields["model"])
        model.choices = [("", ""), *((entry.label, entry.name) for entry in audited_models())]

    def model_label(self) -> str | None:
        return (self.cleaned_data["model"] or None) if self.is_valid() else None
