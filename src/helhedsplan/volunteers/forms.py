"""Parsing of the volunteer register's requests: the volunteer's details, the list's filters,
the end date."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from helhedsplan.core.forms import search_field
from helhedsplan.privacy.forms import DATE_INPUTS, DATE_WIDGET
from helhedsplan.programmes.models import Estate, Programme
from helhedsplan.volunteers.models import Interest, Kind, Volunteer

# The estate field's choice for a volunteer who lives outside the programme's estates.
NOT_RESIDENT = "none"


def _estate_choices(estates: QuerySet[Estate], *, blank: str) -> list[tuple[str, str]]:
    return [
        ("", blank),
        *((str(estate.pk), estate.name) for estate in estates),
        (NOT_RESIDENT, str(_("Ikke beboer"))),
    ]


class VolunteerForm(forms.Form):
    name = forms.CharField(label=_("Navn"), max_length=200)
    phone = forms.CharField(label=_("Telefon"), max_length=30, required=False)
    email = forms.EmailField(
        label=_("E-mail"),
        required=False,
        help_text=_("Telefon eller e-mail, eller begge."),
    )
    estate = forms.ChoiceField(label=_("Boligområde"))
    birth_year = forms.IntegerField(
        label=_("Fødselsår"),
        help_text=_("Kun året, aldrig fødselsdato eller CPR-nummer."),
    )
    kind = forms.ChoiceField(label=_("Slags frivilligt arbejde"), choices=Kind.choices)
    leads_others = forms.BooleanField(label=_("Leder andre frivillige"), required=False)
    interests = forms.ModelMultipleChoiceField(
        label=_("Interesser"),
        queryset=Interest.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    started_on = forms.DateField(label=_("Startet"), widget=DATE_WIDGET, input_formats=DATE_INPUTS)

    def __init__(
        self,
        *args: Any,
        programme: Programme,
        estates: QuerySet[Estate],
        volunteer: Volunteer | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.estates = estates
        estate = cast(forms.ChoiceField, self.fields["estate"])
        estate.choices = _estate_choices(estates, blank=str(_("Vælg boligområde")))
        kept = Q(active=True)
        if volunteer is not None:
            kept |= Q(pk__in=volunteer.interests.values("pk"))
        interests = cast(forms.ModelMultipleChoiceField, self.fields["interests"])
        interests.queryset = Interest.objects.filter(kept, programme=programme)
        if volunteer is None:
            self.fields["started_on"].initial = timezone.localdate()
        else:
            self.fields["ended_on"] = forms.DateField(
                label=_("Stoppet"), required=False, widget=DATE_WIDGET, input_formats=DATE_INPUTS
            )

    def clean_estate(self) -> Estate | None:
        chosen = self.cleaned_data["estate"]
        if chosen == NOT_RESIDENT:
            return None
        return self.estates.get(pk=int(chosen))

    def details(self) -> dict[str, Any]:
        """The service's arguments."""
        data = self.cleaned_data
        details = {
            "estate": data["estate"],
            "name": data["name"],
            "phone": data["phone"],
            "email": data["email"],
            "birth_year": data["birth_year"],
            "interests": list(data["interests"]),
            "kind": Kind(data["kind"]),
            "leads_others": data["leads_others"],
            "started_on": data["started_on"],
        }
        if "ended_on" in self.fields:
            details["ended_on"] = data["ended_on"]
        return details

    @staticmethod
    def initial_for(volunteer: Volunteer) -> dict[str, Any]:
        return {
            "name": volunteer.name,
            "phone": volunteer.phone,
            "email": volunteer.email,
            "estate": str(volunteer.estate_id) if volunteer.estate_id else NOT_RESIDENT,
            "birth_year": volunteer.birth_year,
            "kind": volunteer.kind,
            "leads_others": volunteer.leads_others,
            "interests": list(volunteer.interests.all()),
            "started_on": volunteer.started_on,
            "ended_on": volunteer.ended_on,
        }


class VolunteerFilterForm(forms.Form):
    q = search_field(_("Navn, telefon, e-mail eller boligområde."))
    estate = forms.ChoiceField(label=_("Boligområde"), required=False)

    def __init__(self, *args: Any, estates: QuerySet[Estate], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        estate = cast(forms.ChoiceField, self.fields["estate"])
        estate.choices = _estate_choices(estates, blank=str(_("Alle")))

    def narrowing(self) -> dict[str, Any]:
        """The list's filters, as ``queries.volunteer_list`` takes them."""
        data = self.cleaned_data if self.is_valid() else {}
        estate = data.get("estate") or ""
        return {
            "estate_id": int(estate) if estate.isdigit() else None,
            "not_resident": estate == NOT_RESIDENT,
            "search_text": data.get("q") or "",
        }


class EndForm(forms.Form):
    ended_on = forms.DateField(
        label=_("Stoppet den"), widget=DATE_WIDGET, input_formats=DATE_INPUTS
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "end")
        super().__init__(*args, **kwargs)
        self.fields["ended_on"].initial = timezone.localdate()
