"""Parsing of the report's requests: which agreement (or the whole programme), and the
edited paragraphs."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from helhedsplan.agreements.models import Agreement
from helhedsplan.programmes.models import Programme
from helhedsplan.reports.services import TEXT_LIMIT


class ScopeForm(forms.Form):
    """``?agreement=<id>``: one of the programme's agreements; without it, all of them."""

    agreement = forms.ModelChoiceField(queryset=Agreement.objects.none(), required=False)

    def __init__(self, programme: Programme, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["agreement"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Agreement.objects.filter(programme=programme).select_related(
            "focus_area", "programme"
        )


class TextsForm(forms.Form):
    """One field per paragraph, each labelled with its criterion."""

    def __init__(self, paragraphs: list[tuple[str, str, str]], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.keys: dict[str, str] = {}
        for index, (key, label, text) in enumerate(paragraphs):
            name = f"text_{index}"
            self.keys[name] = key
            self.fields[name] = forms.CharField(
                label=label,
                initial=text,
                required=False,
                max_length=TEXT_LIMIT,
                widget=forms.Textarea(attrs={"rows": 5}),
            )

    def texts(self) -> dict[str, str]:
        return {key: self.cleaned_data[name] for name, key in self.keys.items()}


class ApproveForm(forms.Form):
    version = forms.IntegerField(min_value=1, label=_("version"))
