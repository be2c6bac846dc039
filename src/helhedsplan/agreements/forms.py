from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from helhedsplan.agreements import document as doc
from helhedsplan.agreements.models import Agreement, AgreementVersion, StaffPeriod
from helhedsplan.core.forms import search_field
from helhedsplan.programmes.models import Estate, Programme


class AgreementSearchForm(forms.Form):
    q = search_field(_("Ord fra teksten i alle versioner: succeskriterier, aktiviteter, afsnit."))


class ImportUploadForm(forms.Form):
    programme = forms.ModelChoiceField(label=_("Indsats"), queryset=Programme.objects.none())
    file = forms.FileField(
        label=_("Delaftale (.docx eller .txt)"),
        help_text=_("Landsbyggefondens skabelon som Word-fil eller som tekst."),
    )

    def __init__(self, *args: Any, programmes: QuerySet[Programme], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        programme = cast(forms.ModelChoiceField, self.fields["programme"])
        programme.queryset = programmes
        if programmes.count() == 1:
            programme.initial = programmes.first()


class ImportConfirmForm(forms.Form):
    estates = forms.ModelMultipleChoiceField(
        label=_("Boligområder"),
        queryset=Estate.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Forslaget er læst ud af teksten. Bekræft eller ret det."),
    )

    def __init__(self, *args: Any, programme: Programme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        estates = cast(forms.ModelMultipleChoiceField, self.fields["estates"])
        estates.queryset = programme.estates.all()


class VersionTextForm(forms.Form):
    """The draft's text sections; the structured parts have forms of their own."""

    title = forms.CharField(label=_("Titel"), max_length=300)
    estates = forms.ModelMultipleChoiceField(
        label=_("Boligområder"), queryset=Estate.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    period_start = forms.DateField(label=_("Gælder fra"), required=False)
    period_end = forms.DateField(label=_("Gælder til"), required=False)
    parties = forms.CharField(label=_("Aftalens parter"), widget=forms.Textarea, required=False)
    working_groups = forms.CharField(
        label=_("Faglige arbejdsgrupper"), widget=forms.Textarea, required=False
    )
    problem_complex = forms.CharField(
        label=_("Problemkompleks"), widget=forms.Textarea, required=False
    )
    purpose = forms.CharField(label=_("Formål og mål"), widget=forms.Textarea, required=False)
    municipal_services = forms.CharField(
        label=_("Relation til kommunale serviceydelser"), widget=forms.Textarea, required=False
    )
    budget_note = forms.CharField(
        label=_("Budget, bemærkninger"), widget=forms.Textarea, required=False
    )
    conflict_handling = forms.CharField(
        label=_("Konfliktløsning"), widget=forms.Textarea, required=False
    )
    revision = forms.CharField(label=_("Revision"), widget=forms.Textarea, required=False)

    def __init__(
        self, *args: Any, version: AgreementVersion, document: doc.AgreementDocument, **kwargs: Any
    ) -> None:
        text = {name: getattr(document, name) for name in self.base_fields if name != "estates"}
        kwargs["initial"] = text | {"estates": version.estates.all()}
        super().__init__(*args, **kwargs)
        estates = cast(forms.ModelMultipleChoiceField, self.fields["estates"])
        estates.queryset = version.agreement.programme.estates.all()

    def clean(self) -> dict[str, Any] | None:
        cleaned = super().clean()
        start, end = self.cleaned_data.get("period_start"), self.cleaned_data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("Slutdatoen ligger før startdatoen."))
        return cleaned


class CriterionForm(forms.Form):
    text = forms.CharField(label=_("Succeskriterium"), widget=forms.Textarea(attrs={"rows": 3}))
    data_source = forms.CharField(label=_("Datakilde"), required=False)
    required_share = forms.IntegerField(
        label=_("Krævet andel af perioder (%)"),
        min_value=1,
        max_value=100,
        required=False,
        # No initial value, so that the empty line for a new criterion stays unchanged.
        widget=forms.NumberInput(attrs={"placeholder": "100"}),
        help_text=_(
            "For et mål pr. uge, måned, kvartal eller halvår: hvor stor en andel af perioderne "
            "der skal nå målet, for at året er nået. 100 betyder hver eneste. Gælder fra den "
            "version, bestyrelsen godkender."
        ),
    )

    def clean_required_share(self) -> int:
        # Left empty, a criterion asks for every period, as before the field existed.
        return self.cleaned_data["required_share"] or 100


class ActivityForm(forms.Form):
    name = forms.CharField(label=_("Aktivitetsnavn"), max_length=300)
    content = forms.CharField(label=_("Indhold og praksis"), widget=forms.Textarea, required=False)
    purpose = forms.CharField(label=_("Formål og mål"), widget=forms.Textarea, required=False)
    target_groups = forms.CharField(
        label=_("Målgruppe(r)"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    responsibilities = forms.CharField(
        label=_("Ansvars- og rollefordeling"), widget=forms.Textarea, required=False
    )
    working_group = forms.CharField(
        label=_("Faglig arbejdsgruppe"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args: Any, activity: doc.Activity, **kwargs: Any) -> None:
        kwargs["initial"] = {name: getattr(activity, name) or "" for name in self.base_fields}
        super().__init__(*args, **kwargs)

    def clean_target_groups(self) -> str | None:
        # The document tells "no target groups stated" (None) from a stated text.
        return self.cleaned_data["target_groups"] or None


class StaffResourceForm(forms.Form):
    role = forms.CharField(label=_("Rolle"), max_length=300)
    count = forms.IntegerField(label=_("Antal personer"), min_value=0, required=False)
    hours = forms.DecimalField(
        label=_("Timer"), min_value=0, max_digits=7, decimal_places=2, required=False
    )
    per = forms.ChoiceField(
        label=_("Pr."), choices=[("", "–"), *StaffPeriod.choices], required=False
    )
    employer = forms.CharField(label=_("Ansat i"), max_length=300, required=False)


class BudgetLineForm(forms.Form):
    organisation = forms.CharField(label=_("Organisation"), max_length=300)
    amount = forms.DecimalField(
        label=_("Beløb (kr.)"), min_value=0, max_digits=14, decimal_places=2, required=False
    )


class _Lines(forms.BaseFormSet):
    """The lines of one of the document's lists, as forms: filled with the document's lines,
    one empty line to add another, each line deletable."""

    def kept(self) -> list[dict[str, Any]]:
        """The cleaned lines in order, without the deleted and the empty ones."""
        return [
            form.cleaned_data
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]


class BaseCriterionFormSet(_Lines):
    def __init__(self, *args: Any, criteria: Sequence[doc.Criterion], **kwargs: Any) -> None:
        kwargs["initial"] = [
            {"text": c.text, "data_source": c.data_source or "", "required_share": c.required_share}
            for c in criteria
        ]
        super().__init__(*args, **kwargs)

    def criteria(self) -> list[doc.Criterion]:
        return [
            doc.Criterion(
                text=line["text"],
                data_source=line["data_source"] or None,
                required_share=line["required_share"],
            )
            for line in self.kept()
        ]


class BaseStaffResourceFormSet(_Lines):
    def __init__(
        self, *args: Any, staff_resources: Sequence[doc.StaffResource], **kwargs: Any
    ) -> None:
        kwargs["initial"] = [
            {
                "role": s.role,
                "count": s.count,
                "hours": s.hours,
                "per": s.per or "",
                "employer": s.employer,
            }
            for s in staff_resources
        ]
        super().__init__(*args, **kwargs)

    def staff_resources(self) -> list[doc.StaffResource]:
        return [
            doc.StaffResource(
                role=line["role"],
                count=line["count"],
                hours=None if line["hours"] is None else float(line["hours"]),
                per=doc.staff_period(line["per"]),
                employer=line["employer"],
            )
            for line in self.kept()
        ]


class BaseBudgetLineFormSet(_Lines):
    def __init__(self, *args: Any, budget: Sequence[doc.BudgetLine], **kwargs: Any) -> None:
        kwargs["initial"] = [{"organisation": b.organisation, "amount": b.amount} for b in budget]
        super().__init__(*args, **kwargs)

    def budget_lines(self) -> list[doc.BudgetLine]:
        return [
            doc.BudgetLine(organisation=line["organisation"], amount=line["amount"])
            for line in self.kept()
        ]


_FormSet = TypeVar("_FormSet", bound=forms.BaseFormSet)


def _lines(form: type[forms.Form], formset: type[_FormSet]) -> type[_FormSet]:
    # formset_factory is typed to return a plain BaseFormSet; it returns a subclass of ours.
    return cast(
        type[_FormSet], forms.formset_factory(form, formset=formset, extra=1, can_delete=True)
    )


CriterionFormSet = _lines(CriterionForm, BaseCriterionFormSet)
StaffResourceFormSet = _lines(StaffResourceForm, BaseStaffResourceFormSet)
BudgetLineFormSet = _lines(BudgetLineForm, BaseBudgetLineFormSet)


class ApproveForm(forms.Form):
    in_force_from = forms.DateField(label=_("I kraft fra"))
    note = forms.CharField(
        label=_("Bemærkning (fx bestyrelsesmødets dato)"), widget=forms.Textarea, required=False
    )


class InForceForm(forms.Form):
    """The day of "Version i kraft på datoen" (``?date=2019-06-01``)."""

    date = forms.DateField(label=_("Dato"))


class VersionDiffForm(forms.Form):
    """The two versions of an agreement to compare, by number (``?from=1&to=2``)."""

    def __init__(self, *args: Any, agreement: Agreement, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        versions = agreement.versions.all()
        # "from" is a Python keyword, so the fields cannot be declared on the class.
        self.fields["from"] = forms.ModelChoiceField(
            label=_("Fra version"), queryset=versions, to_field_name="number"
        )
        self.fields["to"] = forms.ModelChoiceField(
            label=_("Til version"), queryset=versions, to_field_name="number"
        )
