"""The governance pages' forms; the services check what they receive."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from helhedsplan.agreements.models import Agreement, AgreementVersion
from helhedsplan.core import idempotency
from helhedsplan.governance.models import (
    Body,
    BodyKind,
    CaseKind,
    MemberRole,
)
from helhedsplan.privacy.forms import DATE_INPUTS, DATE_WIDGET
from helhedsplan.programmes.models import Estate


def _date(label: Any, *, today: bool = True) -> forms.DateField:
    field = forms.DateField(label=label, widget=DATE_WIDGET, input_formats=DATE_INPUTS)
    if today:
        field.initial = timezone.localdate
    return field


class _AgreementLabel(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.focus_area)


class _VersionLabel(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.agreement.focus_area}, version {obj.number}"


class BodyForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type"), choices=BodyKind.choices)
    name = forms.CharField(label=_("Navn"), max_length=200)
    agreement = _AgreementLabel(
        label=_("Delaftale"), queryset=Agreement.objects.none(), required=False
    )
    activity_name = forms.CharField(
        label=_("Aktivitet"),
        max_length=300,
        required=False,
        help_text=_("Kun for en faglig arbejdsgruppe: den aktivitet, gruppen følger."),
    )
    idempotency_key = idempotency.key_field()

    def __init__(self, *args: Any, agreements: QuerySet[Agreement], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agreement"].queryset = agreements  # type: ignore[attr-defined]


class MemberForm(forms.Form):
    role = forms.ChoiceField(label=_("Rolle"), choices=MemberRole.choices)
    organisation = forms.CharField(label=_("Organisation"), max_length=200)
    user = forms.ModelChoiceField(
        label=_("Bruger"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("Hvis medlemmet har en konto i systemet. Medlemmer registreres uden navn."),
    )
    joined_on = _date(_("Indtrådt"))
    idempotency_key = idempotency.key_field()

    def __init__(self, *args: Any, users: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = users  # type: ignore[attr-defined]


class LeaveForm(forms.Form):
    left_on = _date(_("Udtrådt"))


class MeetingForm(forms.Form):
    held_on = _date(_("Dato"))
    agenda = forms.CharField(label=_("Dagsorden"), widget=forms.Textarea, required=False)
    minutes = forms.CharField(label=_("Referat"), widget=forms.Textarea, required=False)
    idempotency_key = idempotency.key_field()


class DecisionForm(forms.Form):
    text = forms.CharField(label=_("Beslutning"), widget=forms.Textarea(attrs={"rows": 3}))
    agreement_version = _VersionLabel(
        label=_("Godkender eller vedrører delaftaleversion"),
        queryset=AgreementVersion.objects.none(),
        required=False,
    )

    def __init__(self, *args: Any, versions: QuerySet[AgreementVersion], **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "decision")
        super().__init__(*args, **kwargs)
        self.fields["agreement_version"].queryset = versions  # type: ignore[attr-defined]


class CaseForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type"), choices=CaseKind.choices)
    title = forms.CharField(label=_("Overskrift"), max_length=200)
    summary = forms.CharField(
        label=_("Beskrivelse"),
        widget=forms.Textarea,
        help_text=_("Skriv ikke navne, adresser eller andre personoplysninger."),
    )
    raised_by_party = forms.CharField(
        label=_("Rejst af"), max_length=200, help_text=_("Parten, fx en organisation.")
    )
    raised_on = _date(_("Rejst den"))
    agreement = _AgreementLabel(
        label=_("Delaftale"), queryset=Agreement.objects.none(), required=False
    )
    estate = forms.ModelChoiceField(
        label=_("Boligområde"), queryset=Estate.objects.none(), required=False
    )
    idempotency_key = idempotency.key_field()

    def __init__(
        self,
        *args: Any,
        agreements: QuerySet[Agreement],
        estates: QuerySet[Estate],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agreement"].queryset = agreements  # type: ignore[attr-defined]
        self.fields["estate"].queryset = estates  # type: ignore[attr-defined]


class StepForm(forms.Form):
    """The day an entry was taken up or sent on to the board."""

    on = _date(_("Dato"))


class ResolveForm(forms.Form):
    resolution = forms.CharField(label=_("Afklaring"), widget=forms.Textarea(attrs={"rows": 3}))
    on = _date(_("Afklaret den"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "resolve")
        super().__init__(*args, **kwargs)


class ProposalForm(forms.Form):
    body = forms.ModelChoiceField(label=_("Organ"), queryset=Body.objects.none())
    agreement = _AgreementLabel(label=_("Delaftale"), queryset=Agreement.objects.none())
    title = forms.CharField(label=_("Overskrift"), max_length=200)
    text = forms.CharField(label=_("Forslag"), widget=forms.Textarea)
    proposed_on = _date(_("Foreslået den"))
    idempotency_key = idempotency.key_field()

    def __init__(
        self,
        *args: Any,
        bodies: QuerySet[Body],
        agreements: QuerySet[Agreement],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = bodies  # type: ignore[attr-defined]
        self.fields["agreement"].queryset = agreements  # type: ignore[attr-defined]


class DeclineForm(forms.Form):
    decline_reason = forms.CharField(
        label=_("Begrundelse"), widget=forms.Textarea(attrs={"rows": 3})
    )
