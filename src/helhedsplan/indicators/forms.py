from __future__ import annotations

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from helhedsplan.indicators import sources
from helhedsplan.indicators.models import Comparator, Indicator, Kind, Reference
from helhedsplan.indicators.phrases import ProposedIndicator
from helhedsplan.indicators.services import DEFINITION_FIELDS, BaselineSpec, TargetSpec
from helhedsplan.programmes.models import Estate

JSON_WIDGET = forms.Textarea(attrs={"rows": 2, "spellcheck": "false"})


def _source_help() -> str:
    names = ", ".join(source.key for source in sources.all_sources())
    return _(
        "Nøglen for en registreret kilde (%(names)s) eller en, der kommer senere, fx "
        "»panel.meeting«. Indtil kilden findes, viser indikatoren »Ingen data«."
    ) % {"names": names}


class IndicatorForm(forms.ModelForm):
    """An indicator's definition. The view hands the cleaned data to a service."""

    class Meta:
        model = Indicator
        fields = DEFINITION_FIELDS
        widgets = {"source_filter": JSON_WIDGET, "denominator_filter": JSON_WIDGET}
        help_texts = {
            "source_filter": _('Fx {"type": "cultural", "status": "held"}. Tom: alle.'),
            "denominator_filter": _("Som filteret på kilden, for nævneren af en andel."),
            "series_code": _("Koden for en statistikserie, fx »tryghed«."),
            "denominator_series": _("En statistikserie som nævner, fx »beboere-15-30«."),
            "change_value": _("Fx 20 for »falder med 20 %« i forhold til udgangspunktet."),
        }

    def __init__(self, *args, agreement, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.agreement = agreement
        self.fields["source"].help_text = _source_help()
        self.fields["denominator_source"].help_text = _source_help()
        self.fields["source_filter"].required = False
        self.fields["denominator_filter"].required = False

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].strip()
        taken = Indicator.objects.filter(agreement=self.agreement, code=code)
        if self.instance.pk:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise ValidationError(_("Delaftalen har allerede en indikator med denne kode."))
        return code

    def _clean_filter(self, name: str) -> dict:
        value = self.cleaned_data.get(name) or {}
        if not isinstance(value, dict):
            raise ValidationError(_('Filteret skal være et JSON-objekt, fx {"status": "held"}.'))
        return value

    def clean_source_filter(self) -> dict:
        return self._clean_filter("source_filter")

    def clean_denominator_filter(self) -> dict:
        return self._clean_filter("denominator_filter")

    def clean(self) -> dict:
        data = super().clean()
        kind = data.get("kind")
        if kind == Kind.SERIES and not data.get("series_code"):
            self.add_error("series_code", _("En ekstern statistik skal have en serie."))
        if kind == Kind.SHARE and not (
            data.get("denominator_source") or data.get("denominator_series")
        ):
            self.add_error("denominator_source", _("En andel skal have en nævner."))
        if kind != Kind.SERIES and not data.get("source") and not data.get("series_code"):
            self.add_error("source", _("Vælg hvad der tælles."))
        if data.get("change_value") is not None and not data.get("change_unit"):
            self.add_error("change_unit", _("Angiv ændringens enhed."))
        if data.get("reference") != Reference.TARGET and not data.get("comparator"):
            self.add_error("comparator", _("Angiv hvordan tallet holdes op imod udgangspunktet."))
        for field, source_field in (
            ("source_filter", "source"),
            ("denominator_filter", "denominator_source"),
        ):
            source = sources.get(data.get(source_field) or "")
            wanted = data.get(field) or {}
            if source is not None:
                unknown = sorted(set(wanted) - set(sources.filters_of(source)))
                if unknown:
                    known = ", ".join(sorted(sources.filters_of(source)))
                    self.add_error(
                        field,
                        _("Kilden kender ikke filteret %(unknown)s. Kendte filtre: %(known)s.")
                        % {"unknown": ", ".join(unknown), "known": known},
                    )
        return data

    def definition(self) -> dict:
        return {name: self.cleaned_data[name] for name in DEFINITION_FIELDS}


def _number(label: str) -> forms.DecimalField:
    return forms.DecimalField(label=label, required=False, max_digits=12, decimal_places=3)


class ProposalForm(IndicatorForm):
    """A proposal under review: the definition plus its targets and baseline, per estate."""

    target = _number(_("Mål for alle boligområder (hver periode)"))
    baseline_year = forms.IntegerField(
        label=_("Udgangspunktets år"), required=False, min_value=1990, max_value=2100
    )
    baseline_value = _number(_("Udgangspunkt for alle boligområder"))

    def __init__(self, *args, estates: list[Estate], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.estates = estates
        for estate in estates:
            self.fields[f"target_{estate.pk}"] = _number(
                _("Mål i %(estate)s (hver periode)") % {"estate": estate.name}
            )
        for estate in estates:
            self.fields[f"baseline_{estate.pk}"] = _number(
                _("Udgangspunkt i %(estate)s") % {"estate": estate.name}
            )

    def clean(self) -> dict:
        data = super().clean()
        has_values = data.get("baseline_value") is not None or any(
            data.get(f"baseline_{estate.pk}") is not None for estate in self.estates
        )
        if has_values and not data.get("baseline_year"):
            self.add_error("baseline_year", _("Angiv året for udgangspunktet."))
        return data

    def targets(self) -> list[TargetSpec]:
        found = []
        if self.cleaned_data.get("target") is not None:
            found.append(TargetSpec(self.cleaned_data["target"]))
        for estate in self.estates:
            value = self.cleaned_data.get(f"target_{estate.pk}")
            if value is not None:
                found.append(TargetSpec(value, estate))
        return found

    def baselines(self) -> list[BaselineSpec]:
        year = self.cleaned_data.get("baseline_year")
        if not year:
            return []
        per_estate = [
            BaselineSpec(year, self.cleaned_data[f"baseline_{estate.pk}"], estate)
            for estate in self.estates
            if self.cleaned_data.get(f"baseline_{estate.pk}") is not None
        ]
        return per_estate or [BaselineSpec(year, self.cleaned_data.get("baseline_value"))]


def proposal_initial(
    proposed: ProposedIndicator, *, code: str, name: str, estates: list[Estate]
) -> dict:
    """The form's starting values from the parser's proposal, for staff to check."""
    by_name = {estate.name: estate for estate in estates}
    initial: dict = {
        "code": code,
        "name": name,
        "kind": proposed.kind,
        "period": proposed.period or "year",
        "per_area": proposed.per_area,
        "comparator": proposed.comparator or "",
        "direction": proposed.direction
        or ("down" if proposed.comparator in {Comparator.AT_MOST, Comparator.LESS_THAN} else "up"),
        "unit": proposed.unit or "count",
        "source_filter": {},
        "denominator_filter": {},
        "target": proposed.target,
    }
    if proposed.comparator and proposed.target is None:
        initial["reference"] = Reference.BASELINE
    if proposed.change:
        initial["change_value"] = Decimal(str(proposed.change.value))
        initial["change_unit"] = proposed.change.unit
    for area, value in (proposed.targets_by_area or {}).items():
        if area in by_name:
            initial[f"target_{by_name[area].pk}"] = value
    if proposed.baseline:
        initial["baseline_year"] = proposed.baseline.year
        initial["baseline_value"] = proposed.baseline.value
    for area, baseline in (proposed.baselines_by_area or {}).items():
        initial["baseline_year"] = baseline.year
        if area in by_name:
            initial[f"baseline_{by_name[area].pk}"] = baseline.value
    if proposed.baseline_pending_year:
        initial["baseline_year"] = proposed.baseline_pending_year
    return initial


class TargetForm(forms.Form):
    estate = forms.ModelChoiceField(
        label=_("Boligområde"),
        queryset=Estate.objects.none(),
        required=False,
        empty_label=_("Alle boligområder"),
    )
    year = forms.IntegerField(
        label=_("År"),
        required=False,
        min_value=1990,
        max_value=2100,
        help_text=_("Tomt: hvert år."),
    )
    value = forms.DecimalField(label=_("Mål"), max_digits=12, decimal_places=3)
    guide = forms.BooleanField(
        label=_("Pejlemærke"),
        required=False,
        help_text=_("Et delmål på vejen mod målet, fx det lige forløb fra udgangspunktet."),
    )

    def __init__(self, *args, estates, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["estate"].queryset = estates


class BaselineForm(forms.Form):
    estate = forms.ModelChoiceField(
        label=_("Boligområde"),
        queryset=Estate.objects.none(),
        required=False,
        empty_label=_("Alle boligområder"),
    )
    year = forms.IntegerField(label=_("År"), min_value=1990, max_value=2100)
    value = forms.DecimalField(
        label=_("Værdi"),
        max_digits=12,
        decimal_places=3,
        required=False,
        help_text=_("Tomt: fastlægges af det målte tal i året."),
    )

    def __init__(self, *args, estates, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["estate"].queryset = estates


TargetFormSet = forms.formset_factory(TargetForm, extra=2, can_delete=True)
BaselineFormSet = forms.formset_factory(BaselineForm, extra=1, can_delete=True)


class DashboardFilterForm(forms.Form):
    year = forms.TypedChoiceField(label=_("År"), coerce=int, required=False, empty_value=None)
    estate = forms.ModelChoiceField(
        label=_("Boligområde"),
        queryset=Estate.objects.none(),
        required=False,
        empty_label=_("Alle"),
    )

    def __init__(self, *args, years: list[int], estates: list[Estate], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(str(y), str(y)) for y in years]
        self.fields["estate"].queryset = Estate.objects.filter(pk__in=[e.pk for e in estates])


class LockForm(forms.Form):
    year = forms.TypedChoiceField(label=_("År"), coerce=int)
    note = forms.CharField(
        label=_("Bemærkning"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, years: list[int], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(str(y), str(y)) for y in years]
