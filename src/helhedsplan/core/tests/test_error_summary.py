"""The error summary every page with a refused form shows at its top."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.urls import reverse

from helhedsplan.core.templatetags.form_errors import ErrorLine, error_lines


class VisitForm(forms.Form):
    place = forms.CharField(label="Sted")
    kind = forms.ChoiceField(
        label="Slags", choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect
    )
    token = forms.CharField(widget=forms.HiddenInput)

    def clean(self):
        raise forms.ValidationError("Besøget kan ikke gemmes.")


LineFormSet = forms.formset_factory(VisitForm, extra=0, min_num=1, validate_min=True)


class PageForm(forms.Form):
    """A form of no fields of its own that holds a formset, as the targets page's does."""

    def __init__(self, data=None):
        super().__init__(data)
        self.lines = LineFormSet(data, prefix="lines")


@dataclass
class Row:
    name: str
    form: forms.Form


def test_each_message_is_listed_and_linked_to_its_control() -> None:
    form = VisitForm({})

    lines = error_lines([form])

    assert lines == [
        ErrorLine("Besøget kan ikke gemmes."),
        ErrorLine("Sted: Dette felt er påkrævet.", "id_place"),
        ErrorLine("Slags: Dette felt er påkrævet.", "id_kind_0"),
        ErrorLine("Token: Dette felt er påkrævet."),
    ]


def test_forms_are_found_in_formsets_in_other_forms_and_in_rows_once_each() -> None:
    refused = VisitForm({"place": "Beboerhuset", "kind": "a", "token": "x"})
    page = PageForm({"lines-TOTAL_FORMS": "0", "lines-INITIAL_FORMS": "0"})

    lines = error_lines(
        [refused, [Row("første", refused), Row("anden", VisitForm())], page, VisitForm()]
    )

    assert [line.text for line in lines] == [
        "Besøget kan ikke gemmes.",
        "Indsend venligst mindst 1 formular.",
    ]


def test_a_refused_sign_in_is_summed_up_at_the_top_of_the_page(client, db) -> None:
    response = client.post(reverse("accounts:login"), {"username": "nobody", "password": "wrong"})

    text = response.content.decode()
    assert "data-error-summary" in text
    assert text.index("data-error-summary") < text.index("<h1")
    assert "Noget skal rettes" in text


def test_a_page_without_a_refused_form_has_no_summary(client, db) -> None:
    response = client.get(reverse("accounts:login"))

    assert "data-error-summary" not in response.content.decode()
