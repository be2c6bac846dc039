from __future__ import annotations

from decimal import Decimal
from typing import Any, cast

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from helhedsplan.core.forms import search_field
from helhedsplan.programmes.models import Programme
from helhedsplan.series.importers import Period, parse_decimal, parse_period
from helhedsplan.series.models import Granularity, Scope, Series, value_problem

PERIOD_EXAMPLES = {
    Granularity.YEAR: "2021",
    Granularity.HALF_YEAR: "2021H1",
    Granularity.QUARTER: "2021K2",
    Granularity.MONTH: "03.2021",
    Granularity.DATE: "01.07.2021",
}


class SeriesSearchForm(forms.Form):
    q = search_field(_("Ord fra seriens navn, kode, kilde eller beskrivelse."))


class SeriesForm(forms.ModelForm):
    class Meta:
        model = Series
        fields = [
            "name",
            "code",
            "unit",
            "source",
            "description",
            "higher_is_better",
            "granularity",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class ObservationForm(forms.Form):
    """One figure. The place is an estate or a comparison, chosen in one list; the value
    and the period are typed as people write them (``59,2`` · ``2017H1``)."""

    where = forms.ChoiceField(label=_("Boligområde eller sammenligning"))
    period = forms.CharField(label=_("Periode"), max_length=20)
    value = forms.CharField(label=_("Værdi"), max_length=40)
    respondents = forms.IntegerField(label=_("Antal svarpersoner"), min_value=0, required=False)
    source_note = forms.CharField(label=_("Note om kilden"), max_length=300, required=False)
    observed_on = forms.DateField(
        label=_("Opgjort den"), required=False, help_text=_("Fx 31.12.2021.")
    )

    def __init__(self, *args, series: Series, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.series = series
        programme: Programme = series.programme
        self.estates = {str(e.pk): e for e in programme.estates.all()}
        where = cast(forms.ChoiceField, self.fields["where"])
        where.choices = [
            *((pk, estate.name) for pk, estate in self.estates.items()),
            (Scope.MUNICIPALITY, _("%(name)s (kommunen)") % {"name": programme.municipality}),
            (
                Scope.HOUSING_ORGANISATION,
                _("%(name)s (boligorganisationen)") % {"name": programme.housing_organisation},
            ),
        ]
        example = PERIOD_EXAMPLES[Granularity(series.granularity)]
        self.fields["period"].help_text = _(
            "Et år, et halvår, et kvartal, en måned eller en dato, fx %(example)s."
        ) % {"example": example}
        unit_help = {
            "percent": _("I procent, fx 59,2."),
            "count": _("Et helt tal, fx 105."),
            "amount_dkk": _("I kroner, fx 331.964."),
            "ratio": _("Et forholdstal, fx 1,25."),
        }
        self.fields["value"].help_text = unit_help[series.unit]

    def observation_details(self) -> dict[str, Any]:
        """The cleaned fields, named as ``services.observation_record`` names them."""
        data = self.cleaned_data
        scope, estate = data["where"]
        return {
            "scope": scope,
            "estate": estate,
            "period": data["period"],
            "value": data["value"],
            "respondents": data["respondents"],
            "source_note": data["source_note"],
            "observed_on": data["observed_on"],
        }

    def clean_where(self) -> tuple[str, object]:
        where = self.cleaned_data["where"]
        if where in self.estates:
            return Scope.ESTATE, self.estates[where]
        return where, None

    def clean_period(self) -> Period:
        period = parse_period(self.cleaned_data["period"])
        if period is None:
            raise forms.ValidationError(
                _(
                    "Skriv perioden som et år (2021), et halvår (2021H1), et kvartal (2021K2), "
                    "en måned (03.2021) eller en dato (01.07.2021)."
                )
            )
        return period

    def clean_value(self) -> Decimal:
        value = parse_decimal(self.cleaned_data["value"])
        if value is None:
            raise forms.ValidationError(_("Skriv et tal, fx 59,2."))
        if abs(value) >= Decimal(10) ** 12:
            raise forms.ValidationError(_("Tallet er for stort."))
        problem = value_problem(self.series.unit, value)
        if problem:
            raise forms.ValidationError(capfirst(problem) + ".")
        return value.quantize(Decimal("0.0001"))


class ImportUploadForm(forms.Form):
    # An empty file reaches the importer, which says so in the words of its other errors.
    file = forms.FileField(
        label=_("Fil (.csv eller .xlsx)"),
        allow_empty_file=True,
        help_text=_(
            "Kolonnerne serie, boligområde, periode og værdi; "
            "respondenter, kilde og dato kan tages med."
        ),
    )
