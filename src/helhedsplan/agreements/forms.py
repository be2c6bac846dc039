from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from helhedsplan.agreements.models import FocusArea, StaffPeriod
from helhedsplan.programmes.models import Estate, Programme

MAX_UPLOAD_BYTES = 20 * 1024 * 1024


class ImportUploadForm(forms.Form):
    programme = forms.ModelChoiceField(label=_("Indsats"), queryset=Programme.objects.none())
    file = forms.FileField(
        label=_("Delaftale (.docx eller .txt)"),
        help_text=_("Landsbyggefondens skabelon som Word-fil eller som tekst."),
    )

    def __init__(self, *args, programmes, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = programmes
        if programmes.count() == 1:
            self.fields["programme"].initial = programmes.first()

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("Filen er for stor (højst 20 MB)."))
        return upload


class ImportConfirmForm(forms.Form):
    estates = forms.ModelMultipleChoiceField(
        label=_("Boligområder"),
        queryset=Estate.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Forslaget er læst ud af teksten. Bekræft eller ret det."),
    )

    def __init__(self, *args, programme: Programme, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["estates"].queryset = programme.estates.all()


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

    def __init__(self, *args, programme: Programme, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["estates"].queryset = programme.estates.all()

    def clean(self) -> dict:
        cleaned = super().clean()
        start, end = cleaned.get("period_start"), cleaned.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("Slutdatoen ligger før startdatoen."))
        return cleaned


class CriterionForm(forms.Form):
    text = forms.CharField(label=_("Succeskriterium"), widget=forms.Textarea(attrs={"rows": 3}))
    data_source = forms.CharField(label=_("Datakilde"), required=False)


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


CriterionFormSet = forms.formset_factory(CriterionForm, extra=1, can_delete=True)
StaffResourceFormSet = forms.formset_factory(StaffResourceForm, extra=1, can_delete=True)
BudgetLineFormSet = forms.formset_factory(BudgetLineForm, extra=1, can_delete=True)


class ApproveForm(forms.Form):
    in_force_from = forms.DateField(label=_("I kraft fra"))
    note = forms.CharField(
        label=_("Bemærkning (fx bestyrelsesmødets dato)"), widget=forms.Textarea, required=False
    )


class FocusAreaForm(forms.Form):
    name = forms.CharField(label=_("Navn"), max_length=200)

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        if FocusArea.objects.filter(name__iexact=name).exists():
            raise forms.ValidationError(_("Indsatsområdet findes allerede."))
        return name
