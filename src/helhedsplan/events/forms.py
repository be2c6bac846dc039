from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from helhedsplan.core import idempotency
from helhedsplan.core.forms import search_field
from helhedsplan.core.lists.forms import ListEntryForm
from helhedsplan.events import queries
from helhedsplan.events.models import (
    Event,
    EventStatus,
    EventType,
    Organiser,
    Partner,
    TargetGroup,
    Venue,
)
from helhedsplan.programmes.models import Estate, Programme

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# A phone shows its own date and time pickers for these; their values are always ISO.
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME_WIDGET = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
DATE_INPUTS = ["%Y-%m-%d", "%d.%m.%Y", "%d-%m-%Y"]

# The event forms ask for an event's start and end as a date and two times.
FIELD_FOR = {"starts_at": "date", "ends_at": "end_time"}


def with_form_fields(error: ValidationError) -> ValidationError:
    """A service's error about an event, keyed by the fields of the event forms, so that
    ``core.forms.add_service_errors`` shows a wrong start next to the date."""
    if not hasattr(error, "error_dict"):
        return error
    return ValidationError(
        {FIELD_FOR.get(field, field): errors for field, errors in error.error_dict.items()}
    )


def _volunteers_field() -> forms.IntegerField:
    return forms.IntegerField(
        label=_("Frivillige beboere, der hjalp"),
        min_value=0,
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        help_text=_("Beboere, der hjalp som frivillige, fx med opstilling eller kaffe."),
    )


def _count_field(label: StrOrPromise) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        min_value=0,
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        help_text=_("Skal udfyldes, når arrangementet er afholdt."),
    )


class EventBaseForm(forms.Form):
    """The fields every kind of event registration asks for."""

    # A new event posted again after its answer was lost is stored once (core/idempotency).
    idempotency_key = idempotency.key_field()

    title = forms.CharField(
        label=_("Titel eller emne"),
        max_length=200,
        help_text=_("Fx »Boligstøtte – sådan søger du« eller »Åbent hus i Nøjsomhed«."),
    )
    date = forms.DateField(
        label=_("Dato"),
        widget=DATE_WIDGET,
        input_formats=DATE_INPUTS,
        help_text=_("Dagen, arrangementet holdes, fx 31.12.2021."),
    )
    start_time = forms.TimeField(
        label=_("Starttidspunkt"),
        widget=TIME_WIDGET,
        help_text=_("Fx 17:00."),
    )
    end_time = forms.TimeField(
        label=_("Sluttidspunkt"),
        widget=TIME_WIDGET,
        required=False,
        help_text=_("Kan udelades, hvis det ikke er fastlagt."),
    )
    estates = forms.ModelMultipleChoiceField(
        label=_("Boligområder"),
        queryset=Estate.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Vælg alle, når arrangementet er for begge boligområder."),
        error_messages={"required": _("Vælg mindst ét boligområde.")},
    )
    partners = forms.ModelMultipleChoiceField(
        label=_("Samarbejdspartnere"),
        queryset=Partner.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_(
            "Dem, arrangementet holdes sammen med. Listen vedligeholdes af administratoren."
        ),
    )
    participants_residents = _count_field(_("Deltagere, beboere"))
    participants_non_residents = _count_field(_("Deltagere, ikke-beboere"))
    notes = forms.CharField(
        label=_("Noter"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Skriv ikke navne eller andre personoplysninger om deltagerne."),
    )

    def __init__(self, *args, programme: Programme, event: Event | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.programme = programme
        estates = cast(forms.ModelMultipleChoiceField, self.fields["estates"])
        estates.queryset = programme.estates.all()
        partners = cast(forms.ModelMultipleChoiceField, self.fields["partners"])
        partners.queryset = queries.partners_for_choice(
            programme=programme, keep=event.partners.all() if event else None
        )

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        date, start, end = (cleaned.get(f) for f in ("date", "start_time", "end_time"))
        if date and start:
            cleaned["starts_at"] = timezone.make_aware(datetime.datetime.combine(date, start))
            cleaned["ends_at"] = (
                timezone.make_aware(datetime.datetime.combine(date, end)) if end else None
            )
            if end and end < start:
                self.add_error("end_time", _("Sluttidspunktet skal ligge efter starttidspunktet."))
        residents = cleaned.get("participants_residents")
        others = cleaned.get("participants_non_residents")
        counts_valid = not {"participants_residents", "participants_non_residents"} & set(
            self.errors
        )
        if counts_valid and (residents is None) != (others is None):
            missing = "participants_non_residents" if others is None else "participants_residents"
            self.add_error(missing, _("Skriv begge deltagertal; skriv 0, hvis ingen kom."))
        return cleaned

    def event_details(self) -> dict:
        """The cleaned fields, named as the event services name them."""
        data = self.cleaned_data
        return {
            "title": data["title"],
            "starts_at": data["starts_at"],
            "ends_at": data["ends_at"],
            "estates": data["estates"],
            "partners": data["partners"],
            "participants_residents": data["participants_residents"],
            "participants_non_residents": data["participants_non_residents"],
            "notes": data["notes"],
        }


class EventForm(EventBaseForm):
    """Every detail of an event, for creating and editing any kind of event."""

    type = forms.ModelChoiceField(
        label=_("Type"),
        queryset=EventType.objects.none(),
        empty_label=_("Vælg type"),
        help_text=_("Indikatorerne tæller arrangementerne efter type."),
    )
    venue = forms.ModelChoiceField(
        label=_("Sted"),
        queryset=Venue.objects.none(),
        required=False,
        empty_label=_("Intet sted valgt"),
        help_text=_("Listen vedligeholdes af administratoren."),
    )
    organiser = forms.ChoiceField(
        label=_("Arrangør"),
        choices=Organiser.choices,
        initial=Organiser.PROGRAMME,
        widget=forms.RadioSelect,
        help_text=_("Hvem der står for arrangementet."),
    )
    organiser_name = forms.CharField(
        label=_("Foreningens eller organisationens navn"),
        max_length=200,
        required=False,
        help_text=_("Kun når arrangøren er en forening eller organisation udefra."),
    )
    target_groups = forms.ModelMultipleChoiceField(
        label=_("Målgrupper"),
        queryset=TargetGroup.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Dem, arrangementet især er for. Indikatorerne tæller efter målgruppe."),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=EventStatus.choices,
        initial=EventStatus.PLANNED,
        help_text=_("Et afholdt arrangement skal have deltagertal."),
    )
    resident_volunteers = _volunteers_field()

    field_order = [
        "type",
        "title",
        "date",
        "start_time",
        "end_time",
        "estates",
        "venue",
        "organiser",
        "organiser_name",
        "partners",
        "target_groups",
        "status",
        "participants_residents",
        "participants_non_residents",
        "resident_volunteers",
        "notes",
    ]

    def __init__(self, *args, programme: Programme, event: Event | None = None, **kwargs) -> None:
        super().__init__(*args, programme=programme, event=event, **kwargs)
        event_type = cast(forms.ModelChoiceField, self.fields["type"])
        event_type.queryset = queries.event_types_for_choice(keep=event.type if event else None)
        venue = cast(forms.ModelChoiceField, self.fields["venue"])
        venue.queryset = queries.venues_for_choice(
            programme=programme, keep=event.venue if event else None
        )
        target_groups = cast(forms.ModelMultipleChoiceField, self.fields["target_groups"])
        target_groups.queryset = queries.target_groups_for_choice(
            keep=event.target_groups.all() if event else None
        )

    @staticmethod
    def initial_for(event: Event) -> dict:
        starts = timezone.localtime(event.starts_at)
        return {
            "type": event.type,
            "title": event.title,
            "date": starts.date(),
            "start_time": starts.time(),
            "end_time": timezone.localtime(event.ends_at).time() if event.ends_at else None,
            "estates": list(event.estates.all()),
            "venue": event.venue,
            "organiser": event.organiser,
            "organiser_name": event.organiser_name,
            "partners": list(event.partners.all()),
            "target_groups": list(event.target_groups.all()),
            "status": event.status,
            "participants_residents": event.participants_residents,
            "participants_non_residents": event.participants_non_residents,
            "resident_volunteers": event.resident_volunteers,
            "notes": event.notes,
        }

    def event_details(self) -> dict:
        data = self.cleaned_data
        return {
            **super().event_details(),
            "type": data["type"],
            "venue": data["venue"],
            "organiser": Organiser(data["organiser"]),
            "organiser_name": data["organiser_name"],
            "target_groups": data["target_groups"],
            "status": EventStatus(data["status"]),
            "resident_volunteers": data["resident_volunteers"],
        }


class ThemeEveningForm(EventBaseForm):
    """A theme evening in few fields, for counselling staff between other tasks: the counts
    are filled in once the evening has been held, which registers it as held."""

    field_order = [
        "date",
        "start_time",
        "end_time",
        "estates",
        "title",
        "partners",
        "participants_residents",
        "participants_non_residents",
        "notes",
    ]

    def __init__(self, *args, programme: Programme, **kwargs) -> None:
        super().__init__(*args, programme=programme, **kwargs)
        self.fields["title"].label = _("Emne")
        self.fields["title"].help_text = _("Fx »Boligstøtte – sådan søger du« eller »MitID«.")
        self.fields["participants_residents"].help_text = _(
            "Udfyld efter temaaftenen; så registreres den som afholdt."
        )
        self.fields["participants_non_residents"].help_text = _(
            "Udfyld efter temaaftenen; så registreres den som afholdt."
        )

    def event_details(self) -> dict:
        details = super().event_details()
        held = details["participants_residents"] is not None
        return {**details, "status": EventStatus.HELD if held else EventStatus.PLANNED}


class MarkHeldForm(forms.Form):
    participants_residents = forms.IntegerField(
        label=_("Deltagere, beboere"),
        min_value=0,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        help_text=_("Beboere i indsatsens boligområder."),
    )
    participants_non_residents = forms.IntegerField(
        label=_("Deltagere, ikke-beboere"),
        min_value=0,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        help_text=_("Alle andre, fx fra resten af byen."),
    )
    resident_volunteers = _volunteers_field()


class EstateChoiceField(forms.ModelChoiceField):
    """An estate, named with its programme for a user who works in several."""

    with_programme = False

    def label_from_instance(self, obj: Estate) -> str:
        return f"{obj.name} ({obj.programme.name})" if self.with_programme else obj.name


class EventFilterForm(forms.Form):
    """The list's filters. A value that is not among the choices is reported, not obeyed."""

    q = search_field(_("Ord fra titel, noter, type, sted eller arrangør."))
    type = forms.ModelChoiceField(
        label=_("Type"), queryset=EventType.objects.all(), required=False, empty_label=_("Alle")
    )
    estate = EstateChoiceField(
        label=_("Boligområde"),
        queryset=Estate.objects.none(),
        required=False,
        empty_label=_("Alle"),
    )
    target_group = forms.ModelChoiceField(
        label=_("Målgruppe"),
        queryset=TargetGroup.objects.all(),
        required=False,
        empty_label=_("Alle"),
    )
    status = forms.TypedChoiceField(
        label=_("Status"),
        choices=[("", _("Alle")), *EventStatus.choices],
        coerce=EventStatus,
        required=False,
        empty_value=None,
    )
    year = forms.TypedChoiceField(label=_("År"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args, programmes: QuerySet[Programme], years: list[int], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        estate = cast(EstateChoiceField, self.fields["estate"])
        estate.queryset = Estate.objects.filter(programme__in=programmes).select_related(
            "programme"
        )
        estate.with_programme = programmes.count() > 1
        year = cast(forms.TypedChoiceField, self.fields["year"])
        year.choices = [("", _("Alle")), *((str(y), str(y)) for y in years)]


class NewEventProgrammeForm(forms.Form):
    """``?programme=`` on the page of a new event: one of the programmes the user registers
    events in, for a user with several."""

    programme = forms.ModelChoiceField(queryset=Programme.objects.none(), required=False)

    def __init__(self, *args, programmes: QuerySet[Programme], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["programme"]).queryset = programmes


class CodedEntryForm(ListEntryForm):
    """A new event type or target group: its name and the code the indicators count by."""

    fixed = ("code",)

    code = forms.SlugField(
        label=_("Kode"),
        max_length=50,
        help_text=_("Små bogstaver, tal og bindestreg, fx »sommerlejr«. Kan ikke ændres siden."),
    )
