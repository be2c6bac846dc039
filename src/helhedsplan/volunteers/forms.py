"""Parsing of the volunteer register's requests: the volunteer's details, the list's filters,
the end date, tasks and the week's sheet of hours."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from typing import Any, cast

from django import forms
from django.contrib.auth.models import User
from django.db.models import Q, QuerySet
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from helhedsplan.agreements.models import Activity
from helhedsplan.core import idempotency
from helhedsplan.core.forms import search_field
from helhedsplan.core.numbers import format_number
from helhedsplan.events.models import Event
from helhedsplan.privacy.forms import DATE_INPUTS, DATE_WIDGET
from helhedsplan.programmes.models import Estate, Programme
from helhedsplan.volunteers.models import (
    EventVolunteer,
    HourEntry,
    Interest,
    Kind,
    Presence,
    Task,
    Volunteer,
)
from helhedsplan.volunteers.services import Attendance, Cell, attendance_field

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


class _ActivityChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Activity) -> str:
        return f"{obj.version.agreement.focus_area}: {obj.name}"


class _EventChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Event) -> str:
        day = formats.date_format(timezone.localtime(obj.starts_at), "SHORT_DATE_FORMAT")
        return f"{obj.title} ({day})"


class TaskForm(forms.Form):
    name = forms.CharField(
        label=_("Opgave"), max_length=200, help_text=_("Fx “Lektiecafé, tirsdage”.")
    )
    estate = forms.ModelChoiceField(
        label=_("Boligområde"), queryset=Estate.objects.none(), empty_label=None
    )
    activity = _ActivityChoice(
        label=_("Aktivitet i delaftalen"),
        queryset=Activity.objects.none(),
        required=False,
        empty_label=_("Ingen bestemt aktivitet"),
    )
    event = _EventChoice(
        label=_("Arrangement"),
        queryset=Event.objects.none(),
        required=False,
        empty_label=_("Intet bestemt arrangement"),
    )
    started_on = forms.DateField(label=_("Startet"), widget=DATE_WIDGET, input_formats=DATE_INPUTS)

    def __init__(
        self,
        *args: Any,
        estates: QuerySet[Estate],
        activities: QuerySet[Activity],
        events: QuerySet[Event],
        task: Task | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["activity"]).queryset = activities
        cast(forms.ModelChoiceField, self.fields["event"]).queryset = events
        if task is None:
            cast(forms.ModelChoiceField, self.fields["estate"]).queryset = estates
            self.fields["started_on"].initial = timezone.localdate()
        else:
            # The estate decides who keeps the task and its volunteers: it stays.
            del self.fields["estate"]
            self.fields["ended_on"] = forms.DateField(
                label=_("Afsluttet"), required=False, widget=DATE_WIDGET, input_formats=DATE_INPUTS
            )

    @staticmethod
    def initial_for(task: Task) -> dict[str, Any]:
        return {
            "name": task.name,
            "activity": task.activity_id,
            "event": task.event_id,
            "started_on": task.started_on,
            "ended_on": task.ended_on,
        }


class TaskEndForm(forms.Form):
    ended_on = forms.DateField(
        label=_("Afsluttet den"), widget=DATE_WIDGET, input_formats=DATE_INPUTS
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "end")
        super().__init__(*args, **kwargs)
        self.fields["ended_on"].initial = timezone.localdate()


class AssignForm(forms.Form):
    volunteer = forms.ModelChoiceField(label=_("Frivillig"), queryset=Volunteer.objects.none())

    def __init__(self, *args: Any, volunteers: QuerySet[Volunteer], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["volunteer"]).queryset = volunteers


# Hours as typed: a whole number or one with up to two decimals, after a Danish decimal comma
# (a point is taken too: hours never have a thousands separator to confuse it with).
HOURS_PATTERN = re.compile(r"\A(\d{1,3})(?:[,.](\d{1,2}))?\Z")


def parse_hours(text: str) -> Decimal | None:
    """``1,5`` as 1.5; empty as None. Raises ``ValidationError`` for anything else."""
    text = text.strip()
    if not text:
        return None
    match = HOURS_PATTERN.match(text)
    if match is None:
        raise forms.ValidationError(_("Skriv timerne som et tal, fx 1,5."))
    whole, decimals = match.groups()
    return Decimal(f"{whole}.{decimals or 0}")


class WeekSheetForm(forms.Form):
    """A task's week: a field per volunteer and day (``Cell.name``), holding their hours."""

    idempotency_key = idempotency.key_field()

    def __init__(
        self,
        *args: Any,
        volunteers: list[Volunteer],
        days: list[datetime.date],
        entries: dict[tuple[int, datetime.date], HourEntry],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.rows: list[tuple[Volunteer, list[tuple[datetime.date, forms.BoundField]]]] = []
        for volunteer in volunteers:
            for day in days:
                entry = entries.get((volunteer.pk, day))
                day_name = formats.date_format(day, "l j. F")
                self.fields[Cell(volunteer.pk, day).name] = forms.CharField(
                    # The error summary names the cell by its label: volunteer and day.
                    label=f"{volunteer.name}, {day_name}",
                    required=False,
                    max_length=10,
                    initial=format_number(float(entry.hours)) if entry is not None else "",
                    widget=forms.TextInput(
                        attrs={"inputmode": "decimal", "autocomplete": "off", "size": 4}
                    ),
                )
            self.rows.append(
                (volunteer, [(day, self[Cell(volunteer.pk, day).name]) for day in days])
            )
        self.cell_of = {
            Cell(volunteer.pk, day).name: Cell(volunteer.pk, day)
            for volunteer in volunteers
            for day in days
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in self.cell_of:
            if name in data:
                try:
                    data[name] = parse_hours(data[name])
                except forms.ValidationError as error:
                    self.add_error(name, error)
        return data

    def cells(self) -> dict[Cell, Decimal | None]:
        """Every cell of the sheet with its hours; the service writes those that changed."""
        return {cell: self.cleaned_data[name] for name, cell in self.cell_of.items()}


class CardForm(forms.Form):
    valid_until = forms.DateField(
        label=_("Kortet er gyldigt til"), widget=DATE_WIDGET, input_formats=DATE_INPUTS
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "card")
        super().__init__(*args, **kwargs)
        # About a year ahead: a card for the season; the person may choose another date.
        self.fields["valid_until"].initial = timezone.localdate() + datetime.timedelta(days=365)


# Volunteer parties, invitations and events' helpers


class _VolunteerChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Volunteer) -> str:
        where = obj.estate.name if obj.estate else str(_("Ikke beboer"))
        return f"{obj.name} ({where})"


class InviteForm(forms.Form):
    """The checklist of volunteers to invite to an event, and the day they were invited."""

    volunteers = _VolunteerChoice(
        label=_("Frivillige"),
        queryset=Volunteer.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Vælg mindst én frivillig.")},
    )
    invited_on = forms.DateField(
        label=_("Inviteret den"), widget=DATE_WIDGET, input_formats=DATE_INPUTS
    )

    def __init__(self, *args: Any, volunteers: QuerySet[Volunteer], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelMultipleChoiceField, self.fields["volunteers"]).queryset = volunteers
        self.fields["invited_on"].initial = timezone.localdate()


class AttendanceForm(forms.Form):
    """One row per volunteer of the event: whether they came, and whether they helped."""

    def __init__(self, *args: Any, parts: list[EventVolunteer], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rows: list[tuple[EventVolunteer, forms.BoundField, forms.BoundField]] = []
        for part in parts:
            name = attendance_field(part.volunteer_id)
            # The error summary names the row by its label: the volunteer.
            self.fields[name] = forms.ChoiceField(
                label=_("%(name)s: fremmøde") % {"name": part.volunteer.name},
                choices=Presence.choices,
                initial=part.presence,
            )
            self.fields[f"{name}-helped"] = forms.BooleanField(
                label=_("%(name)s hjalp til") % {"name": part.volunteer.name},
                required=False,
                initial=part.helped,
            )
            self.rows.append((part, self[name], self[f"{name}-helped"]))

    def marks(self) -> dict[int, Attendance]:
        """Every row's marks by volunteer id; the service saves those that changed."""
        return {
            part.volunteer_id: Attendance(
                presence=Presence(self.cleaned_data[attendance_field(part.volunteer_id)]),
                helped=self.cleaned_data[f"{attendance_field(part.volunteer_id)}-helped"],
            )
            for part, _presence, _helped in self.rows
        }


# The personal link ------------------------------------------------------------------------


class PersonalLinkIssueForm(forms.Form):
    send = forms.BooleanField(label=_("Send linket til den frivilliges e-mail"), required=False)
    idempotency_key = idempotency.key_field()

    def __init__(self, *args: Any, email: str = "", **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "link")
        super().__init__(*args, **kwargs)
        if email:
            self.fields["send"].label = _("Send linket til %(email)s") % {"email": email}
        else:
            del self.fields["send"]


class OwnHoursForm(forms.Form):
    """The volunteer's own hours on one of their tasks and a day."""

    task = forms.ModelChoiceField(label=_("Opgave"), queryset=Task.objects.none(), empty_label=None)
    day = forms.DateField(label=_("Dag"), widget=DATE_WIDGET, input_formats=DATE_INPUTS)
    hours = forms.CharField(
        label=_("Timer"),
        max_length=10,
        help_text=_("Fx 1,5. Har du allerede skrevet timer den dag, erstatter de nye dem."),
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )

    def __init__(self, *args: Any, tasks: QuerySet[Task], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["task"]).queryset = tasks
        self.fields["day"].initial = timezone.localdate()

    def clean_hours(self) -> Decimal:
        hours = parse_hours(self.cleaned_data["hours"])
        if hours is None:
            raise forms.ValidationError(_("Skriv timerne som et tal, fx 1,5."))
        return hours


class ContactForm(forms.Form):
    phone = forms.CharField(label=_("Telefon"), max_length=30, required=False)
    email = forms.EmailField(
        label=_("E-mail"), required=False, help_text=_("Telefon eller e-mail, eller begge.")
    )


# The certificate


class CertificateForm(forms.Form):
    competences = forms.CharField(
        label=_("Kompetencer brugt"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Hvad den frivillige har vist og brugt, fx ansvar, samarbejde og "
            "formidling. Udfyldt på forhånd med interesser og opgaver: skriv det om."
        ),
    )
    idempotency_key = idempotency.key_field()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "certificate")
        super().__init__(*args, **kwargs)


class _SignerField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.get_full_name() or obj.get_username())


class CertificateRulesForm(forms.Form):
    minimum_hours = forms.DecimalField(
        label=_("Mindste antal timer"),
        min_value=Decimal("0.01"),
        max_digits=6,
        decimal_places=2,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    signer = _SignerField(
        label=_("Underskriver"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Indsatsens sekretariatsleder, når der kun er én"),
    )

    def __init__(self, *args: Any, heads: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["signer"]).queryset = heads
