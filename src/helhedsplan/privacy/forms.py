"""Parsing of the privacy lifecycle's forms: a consent, a consent text, a retention."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from helhedsplan.privacy.models import ConsentMethod
from helhedsplan.privacy.services import ConsentGiven

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATE_INPUTS = ["%Y-%m-%d", "%d.%m.%Y", "%d-%m-%Y"]


class ConsentForm(forms.Form):
    """How a person gave their consent (the text in force is shown beside the form). Its
    fields are prefixed ``consent`` so it sits inside a register's own form."""

    method = forms.ChoiceField(
        label=_("Hvordan blev samtykket givet?"),
        choices=ConsentMethod.choices,
        widget=forms.RadioSelect,
        initial=ConsentMethod.IN_PERSON,
    )
    given_on = forms.DateField(
        label=_("Dato for samtykket"), widget=DATE_WIDGET, input_formats=DATE_INPUTS
    )
    scan = forms.FileField(
        label=_("Scanning af samtykket på papir (valgfri)"),
        required=False,
        help_text=_("PDF, JPEG eller PNG, højst 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )
    guardian_name = forms.CharField(
        label=_("Forælder eller værge"),
        required=False,
        max_length=200,
        help_text=_(
            "Skal udfyldes, når personen er under 15 år: navnet på den, der giver samtykke."
        ),
    )

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("prefix", "consent")
        super().__init__(*args, **kwargs)
        self.fields["given_on"].initial = timezone.localdate()

    def given(self) -> ConsentGiven:
        data = self.cleaned_data
        return ConsentGiven(
            method=ConsentMethod(data["method"]),
            given_on=data["given_on"],
            guardian_name=data["guardian_name"],
            scan=data["scan"] or None,
        )


class ConsentTextForm(forms.Form):
    purpose = forms.CharField(
        label=_("Formål"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("Hvad oplysningerne bruges til."),
    )
    text = forms.CharField(
        label=_("Samtykketekst"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=10000,
        help_text=_("Teksten, personen giver samtykke til."),
    )


class RetentionForm(forms.Form):
    months = forms.IntegerField(
        label=_("Måneder efter seneste aktivitet"),
        min_value=1,
        max_value=120,
        help_text=_("Derefter kommer personen på listen til gennemgang."),
    )
