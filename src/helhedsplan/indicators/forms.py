"""The indicators' forms: each turns a request into what one service or query is called with."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.html import conditional_escape
from django.utils.translation import gettext_lazy as _

from helhedsplan.agreements.models import Agreement
from helhedsplan.core import indicator_sources as sources
from helhedsplan.indicators import presentation, queries
from helhedsplan.indicators.definitions import DEFINITION_FIELDS
from helhedsplan.indicators.models import Comparator, Indicator, Kind, Reference, Unit
from helhedsplan.indicators.phrases import ProposedIndicator
from helhedsplan.indicators.services import BaselineSpec, TargetSpec
from helhedsplan.programmes.models import Estate

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# The surveys' answers (registered by ``helhedsplan.surveys.indicator_sources``).
SURVEY_ANSWERS = "surveys.answer"
JSON_WIDGET = forms.Textarea(attrs={"rows": 2, "spellcheck": "false"})


def _source_help() -> str:
    # Django's field template marks help text safe: the names come from people's lists.
    return conditional_escape(presentation.sources_help())


class IndicatorForm(forms.ModelForm):
    """An indicator's definition. The view hands the cleaned data to a service."""

    class Meta:
        model = Indicator
        fields = DEFINITION_FIELDS
        widgets = {"source_filter": JSON_WIDGET, "denominator_filter": JSON_WIDGET}
        help_texts = {
            "source_filter": _(
                'Fx {"type": "cultural", "status": "held"} for afholdte kulturelle '
                "arrangementer. Tom: alle."
            ),
            "denominator_filter": _("Som filteret på kilden, for nævneren af en andel."),
            "series_code": _("Koden for en statistikserie, fx »tryghed«."),
            "denominator_series": _("En statistikserie som nævner, fx »beboere-15-30«."),
            "change_value": _("Fx 20 for »falder med 20 %« i forhold til udgangspunktet."),
        }

    def __init__(self, *args: Any, agreement: Agreement, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.agreement = agreement
        self.fields["source"].help_text = _source_help()
        self.fields["denominator_source"].help_text = _source_help()
        for field, source_field in (
            ("source_filter", "source"),
            ("denominator_filter", "denominator_source"),
        ):
            words = presentation.filter_help(
                self.initial.get(source_field) or "", self.initial.get(field) or {}
            )
            if words:
                self.fields[field].help_text = conditional_escape(
                    f"{self.fields[field].help_text} {words}"
                )
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

    def _clean_filter(self, name: str) -> dict[str, Any]:
        value = self.cleaned_data.get(name) or {}
        if not isinstance(value, dict):
            raise ValidationError(_('Filteret skal være et JSON-objekt, fx {"status": "held"}.'))
        return value

    def clean_source_filter(self) -> dict[str, Any]:
        return self._clean_filter("source_filter")

    def clean_denominator_filter(self) -> dict[str, Any]:
        return self._clean_filter("denominator_filter")

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
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
                    known = presentation.filter_names(source.key)
                    self.add_error(
                        field,
                        _("Kilden kender ikke filteret %(unknown)s. Kendte filtre: %(known)s.")
                        % {"unknown": ", ".join(unknown), "known": known},
                    )
        return data

    def definition(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in DEFINITION_FIELDS}


def _number(label: StrOrPromise) -> forms.DecimalField:
    return forms.DecimalField(label=label, required=False, max_digits=12, decimal_places=3)


class ProposalForm(IndicatorForm):
    """A proposal under review: the definition plus its targets and baseline, per estate.
    Unbound, it starts from the parser's proposal, with a code the agreement does not use."""

    target = _number(_("Mål for alle boligområder (hver periode)"))
    baseline_year = forms.IntegerField(
        label=_("Udgangspunktets år"), required=False, min_value=1990, max_value=2100
    )
    baseline_value = _number(_("Udgangspunkt for alle boligområder"))

    def __init__(
        self,
        data: Any = None,
        *,
        agreement: Agreement,
        estates: list[Estate],
        proposal: queries.Proposal,
    ) -> None:
        initial = None
        if data is None:
            initial = proposal_initial(
                proposal.proposed,
                code=queries.suggested_code(proposal.criterion, queries.indicator_codes(agreement)),
                name=proposal.criterion.text[:300],
                estates=estates,
            )
        super().__init__(data, initial=initial, agreement=agreement)
        self.estates = estates
        for estate in estates:
            self.fields[f"target_{estate.pk}"] = _number(
                _("Mål i %(estate)s (hver periode)") % {"estate": estate.name}
            )
        for estate in estates:
            self.fields[f"baseline_{estate.pk}"] = _number(
                _("Udgangspunkt i %(estate)s") % {"estate": estate.name}
            )

    def clean(self) -> dict[str, Any]:
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
) -> dict[str, Any]:
    """The form's starting values from the parser's proposal, for staff to check."""
    by_name = {estate.name: estate for estate in estates}
    initial: dict[str, Any] = {
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
    if proposed.kind == Kind.SURVEY:
        # A questionnaire's criterion is the share of the answers to the questions linked to
        # its code that agree (the surveys' source ``surveys.answer``).
        initial.update(
            source=SURVEY_ANSWERS,
            source_filter={"indicator": code, "agrees": True},
            denominator_source=SURVEY_ANSWERS,
            denominator_filter={"indicator": code},
            unit=Unit.PERCENT,
        )
    if proposed.comparator and proposed.target is None:
        initial["reference"] = Reference.BASELINE
    if proposed.change:
        # The proposal signs a change in percent or points ("falder med 20 %" is -20); a
        # definition keeps the magnitude and its direction says which way. A factor is the
        # multiplier itself in both.
        initial["change_value"] = Decimal(str(abs(proposed.change.value)))
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

    def __init__(self, *args: Any, estates: QuerySet[Estate], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["estate"]).queryset = estates

    def spec(self) -> TargetSpec:
        data = self.cleaned_data
        return TargetSpec(data["value"], data["estate"], data["year"], data["guide"])


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

    def __init__(self, *args: Any, estates: QuerySet[Estate], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["estate"]).queryset = estates

    def spec(self) -> BaselineSpec:
        data = self.cleaned_data
        return BaselineSpec(data["year"], data["value"], data["estate"])


TargetFormSet = forms.formset_factory(TargetForm, extra=2, can_delete=True)
BaselineFormSet = forms.formset_factory(BaselineForm, extra=1, can_delete=True)


def _kept(formset: forms.BaseFormSet) -> list[Any]:
    """The forms of a valid formset that hold an entry: neither left empty nor deleted."""
    return [f for f in formset if f.cleaned_data and not f.cleaned_data.get("DELETE")]


class TargetsForm(forms.Form):
    """An indicator's targets and baselines on one page, saved together: a form of no fields
    of its own that holds the two formsets and shows a refused save above them."""

    def __init__(self, data: Any = None, *, indicator: Indicator) -> None:
        super().__init__(data)
        form_kwargs = {"estates": indicator.agreement.programme.estates.all()}
        targets, baselines = None, None
        if data is None:
            targets = [
                {"estate": t.estate_id, "year": t.year, "value": t.value, "guide": t.guide}
                for t in indicator.targets.all()
            ]
            baselines = [
                {"estate": b.estate_id, "year": b.year, "value": b.value}
                for b in indicator.baselines.all()
            ]
        self.target_forms = TargetFormSet(
            data, prefix="targets", initial=targets, form_kwargs=form_kwargs
        )
        self.baseline_forms = BaselineFormSet(
            data, prefix="baselines", initial=baselines, form_kwargs=form_kwargs
        )

    def is_valid(self) -> bool:
        return (
            super().is_valid() and self.target_forms.is_valid() and self.baseline_forms.is_valid()
        )

    def targets(self) -> list[TargetSpec]:
        return [form.spec() for form in _kept(self.target_forms)]

    def baselines(self) -> list[BaselineSpec]:
        return [form.spec() for form in _kept(self.baseline_forms)]


def _year_choices(years: Sequence[int]) -> list[tuple[str, str]]:
    return [(str(y), str(y)) for y in years]


def default_year(years: Sequence[int], today: datetime.date) -> int:
    """The running year while the agreement runs, else its last (or first) year."""
    if today.year in years:
        return today.year
    return years[-1] if today.year > years[-1] else years[0]


class YearForm(forms.Form):
    """The year a page shows (``?year=``): one of the agreement's years."""

    year = forms.TypedChoiceField(label=_("År"), coerce=int, required=False, empty_value=None)

    def __init__(
        self, data: Any = None, *, years: Sequence[int], today: datetime.date, **kwargs: Any
    ) -> None:
        # The menu must show the year the page shows: without a year asked for (no query, or
        # only another filter), the default year is both selected and shown, so pressing "Vis"
        # after changing another filter keeps it.
        default = str(default_year(years, today))
        if data is not None and not data.get("year"):
            data = data.copy()
            data["year"] = default
        super().__init__(data, initial={"year": default}, **kwargs)
        self.years, self.today = years, today
        cast(forms.TypedChoiceField, self.fields["year"]).choices = _year_choices(years)

    def chosen_year(self) -> int:
        """The year asked for; without a valid one, ``default_year``."""
        year = self.cleaned_data.get("year") if self.is_valid() else None
        return year if year is not None else default_year(self.years, self.today)


class DashboardFilterForm(YearForm):
    estate = forms.ModelChoiceField(
        label=_("Boligområde"),
        queryset=Estate.objects.none(),
        required=False,
        empty_label=_("Alle"),
    )

    def __init__(
        self,
        data: Any = None,
        *,
        years: Sequence[int],
        today: datetime.date,
        estates: Sequence[Estate],
    ) -> None:
        super().__init__(data, years=years, today=today)
        cast(forms.ModelChoiceField, self.fields["estate"]).queryset = Estate.objects.filter(
            pk__in=[e.pk for e in estates]
        )

    def chosen_estate(self) -> Estate | None:
        """The estate asked for; None for all of them, or when the filter is not valid."""
        return self.cleaned_data.get("estate") if self.is_valid() else None


class LockForm(forms.Form):
    year = forms.TypedChoiceField(label=_("År"), coerce=int)
    note = forms.CharField(
        label=_("Bemærkning"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, data: Any = None, *, years: Sequence[int]) -> None:
        super().__init__(data)
        cast(forms.TypedChoiceField, self.fields["year"]).choices = _year_choices(years)


class RevisionForm(forms.Form):
    """The target a revised criterion asks for, for all estates alike, as the parser read it
    from the new words; staff correct it before confirming it for the version."""

    value = forms.DecimalField(label=_("Mål i den nye version"), max_digits=12, decimal_places=3)

    def __init__(self, *args: Any, proposed: ProposedIndicator, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if proposed.target is not None:
            self.fields["value"].initial = Decimal(str(proposed.target))

    def targets(self) -> list[TargetSpec]:
        return [TargetSpec(self.cleaned_data["value"])]
