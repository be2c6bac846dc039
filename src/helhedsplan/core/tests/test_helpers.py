from __future__ import annotations

import pytest
from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import translation

from helhedsplan.core import danish, numbers
from helhedsplan.core.forms import add_service_errors
from helhedsplan.core.lookups import get_with_access
from helhedsplan.programmes.models import Estate


class NameForm(forms.Form):
    name = forms.CharField()


def test_service_errors_land_on_their_fields_and_the_rest_above_the_form() -> None:
    form = NameForm({"name": "x"})
    assert form.is_valid()
    add_service_errors(form, ValidationError({"name": "Findes allerede.", "other": "Nej."}))
    assert form.errors == {"name": ["Findes allerede."], "__all__": ["Nej."]}


def test_a_plain_service_error_lands_above_the_form() -> None:
    form = NameForm({"name": "x"})
    assert form.is_valid()
    add_service_errors(form, ValidationError("Lukket."))
    assert form.non_field_errors() == ["Lukket."]


def test_lookup_is_404_for_the_unknown_and_403_for_the_forbidden(world) -> None:
    estate = world.vapnagaard
    assert get_with_access(Estate, lambda e: True, pk=estate.pk) == estate
    with pytest.raises(PermissionDenied):
        get_with_access(Estate, lambda e: False, pk=estate.pk)
    with pytest.raises(Http404):
        get_with_access(Estate.objects.filter(name="Nøjsomhed"), lambda e: True, pk=estate.pk)


def test_danish_slugs_and_order() -> None:
    assert danish.slug("Nøjsomhed og Århus Æblehave") == "noejsomhed-og-aarhus-aeblehave"
    names = ["Åbyhøj", "Aalborg", "ærø", "Østerbro", "Zealand", "abe"]
    assert sorted(names, key=danish.sort_key) == [
        "abe",
        "Zealand",
        "ærø",
        "Østerbro",
        "Åbyhøj",
        "Aalborg",
    ]


@pytest.mark.parametrize(
    ("language", "value", "kwargs", "expected"),
    [
        ("da", 331964, {}, "331.964"),
        ("da", 59.94, {"most": 1}, "59,9"),
        ("da", 1.25, {}, "1,25"),
        ("da", -0.0001, {}, "0"),
        ("en", 331964.5, {}, "331,964.5"),
    ],
)
def test_numbers_follow_the_language(language, value, kwargs, expected) -> None:
    with translation.override(language):
        assert numbers.format_number(value, **kwargs) == expected


def test_a_unit_stays_on_the_line_of_its_number() -> None:
    with translation.override("da"):
        assert numbers.format_percent(59.94) == "59,9\N{NO-BREAK SPACE}%"
        assert numbers.format_value(331964, "kr.") == "331.964\N{NO-BREAK SPACE}kr."
