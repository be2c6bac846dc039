"""Forms of the counselling. They present choices and parse input; services decide."""

from __future__ import annotations

import datetime
from typing import Any, cast

from django import forms
from django.db.models import Q, QuerySet
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from helhedsplan.core import idempotency
from helhedsplan.core.anonymous_text import likely_name, validate_anonymous
from helhedsplan.counselling.models import (
    AgeBand,
    Channel,
    Gender,
    Inquiry,
    Method,
    Referral,
    Topic,
    Weekday,
)
from helhedsplan.counselling.queries import InquiryFilter
from helhedsplan.programmes.models import Estate, Programme

DATETIME_LOCAL = "%Y-%m-%dT%H:%M"


class ChipsSelectMultiple(forms.CheckboxSelectMultiple):
    """Large tappable checkboxes ("chips") for quick registration on a phone."""

    def __init__(self, attrs=None, choices=()):
        super().__init__({"class": "chip-input", **(attrs or {})}, choices)


class ChipsSelect(forms.RadioSelect):
    def __init__(self, attrs=None, choices=()):
        super().__init__({"class": "chip-input", **(attrs or {})}, choices)


def _categories(model, programme: Programme, keep: Inquiry | None, field: str):
    """The categories a form offers: those in use, plus retired ones the inquiry has."""
    in_use = Q(active=True)
    if keep is not None:
        in_use |= Q(pk__in=getattr(keep, field).all())
    return model.objects.filter(programme=programme).filter(in_use)


class InquiryForm(forms.Form):
    estate = forms.ModelChoiceField(
        label=_("Boligområde"), queryset=Estate.objects.none(), empty_label=None, widget=ChipsSelect
    )
    channel = forms.ChoiceField(
        label=_("Kanal"), choices=Channel.choices, initial=Channel.DROP_IN, widget=ChipsSelect
    )
    topics = forms.ModelMultipleChoiceField(
        label=_("Emner"),
        queryset=Topic.objects.none(),
        widget=ChipsSelectMultiple,
        error_messages={"required": _("Vælg mindst ét emne.")},
    )
    bridged_to = forms.ModelMultipleChoiceField(
        label=_("Brobygget til"),
        queryset=Referral.objects.none(),
        required=False,
        widget=ChipsSelectMultiple,
    )
    follow_up_needed = forms.BooleanField(label=_("Opfølgning nødvendig"), required=False)
    interpreter_or_language_help = forms.BooleanField(
        label=_("Tolk eller sproghjælp"), required=False
    )
    occurred_at = forms.DateTimeField(
        label=_("Tidspunkt"),
        input_formats=[DATETIME_LOCAL, "%Y-%m-%d %H:%M", "%d.%m.%Y %H.%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_LOCAL),
    )
    method = forms.ChoiceField(
        label=_("Metode"), choices=Method.choices, initial=Method.CONVERSATION
    )
    duration_minutes = forms.IntegerField(
        label=_("Varighed i minutter"), required=False, min_value=1, max_value=600
    )
    age_band = forms.ChoiceField(
        label=_("Alder"), choices=[("", _("Ikke oplyst")), *AgeBand.choices], required=False
    )
    gender = forms.ChoiceField(
        label=_("Køn"), choices=[("", _("Ikke oplyst")), *Gender.choices], required=False
    )
    note = forms.CharField(
        label=_("Kort note"),
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Uden navn, CPR-nummer, adresse, telefonnummer eller e-mail."),
        validators=[validate_anonymous],
    )
    # Asked only when the note seems to name a person (``privacy.likely_name``): a name cannot
    # be told from other capitalised words with certainty, so the worker decides.
    note_names_no_one = forms.BooleanField(
        label=_("Noten nævner ingen person"),
        required=False,
        help_text=_("Sæt kryds, hvis ordene ikke er et navn, og gem igen."),
    )
    # A registration posted again after its answer was lost is stored once (core/idempotency).
    idempotency_key = idempotency.key_field()

    # The fields shown at once; the rest are folded away under "Flere oplysninger".
    QUICK_FIELDS = ("estate", "channel", "topics", "bridged_to")
    FLAG_FIELDS = ("follow_up_needed", "interpreter_or_language_help")

    def __init__(
        self,
        *args,
        programme: Programme,
        estates: QuerySet[Estate],
        inquiry: Inquiry | None = None,
        **kwargs,
    ):
        """``estates``: those the person registers inquiries in."""
        super().__init__(*args, **kwargs)
        estate = cast(forms.ModelChoiceField, self.fields["estate"])
        estate.queryset = estates
        topics = cast(forms.ModelMultipleChoiceField, self.fields["topics"])
        topics.queryset = _categories(Topic, programme, inquiry, "topics")
        bridged_to = cast(forms.ModelMultipleChoiceField, self.fields["bridged_to"])
        bridged_to.queryset = _categories(Referral, programme, inquiry, "bridged_to")
        if not self.is_bound and "occurred_at" not in self.initial:
            self.initial["occurred_at"] = timezone.localtime().replace(second=0, microsecond=0)

    def quick_fields(self):
        return [self[name] for name in self.QUICK_FIELDS]

    def flag_fields(self):
        return [self[name] for name in self.FLAG_FIELDS]

    def more_fields(self):
        shown = {*self.QUICK_FIELDS, *self.FLAG_FIELDS, idempotency.FORM_FIELD}
        if not self.asks_about_names():
            shown.add("note_names_no_one")
        return [field for field in self if field.name not in shown]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        note = cleaned.get("note")
        name = likely_name(note) if note and not cleaned.get("note_names_no_one") else None
        if name is not None:
            self.add_error(
                "note",
                forms.ValidationError(
                    _(
                        "Noten ser ud til at nævne en person (%(name)s). Henvendelser er "
                        "anonyme: ret noten, eller sæt kryds i »Noten nævner ingen person«, "
                        "hvis det ikke er et navn."
                    ),
                    code="likely_name",
                    params={"name": name},
                ),
            )
        return cleaned

    def asks_about_names(self) -> bool:
        """Whether the form shows the question: after the warning, and when it was answered."""
        if not self.is_bound:
            return False
        warned = self.has_error("note", code="likely_name")
        return warned or bool(self.data.get(self.add_prefix("note_names_no_one")))

    def more_has_errors(self) -> bool:
        """Unfold the optional fields when one of them needs attention."""
        return any(field.errors for field in self.more_fields())

    def inquiry_details(self) -> dict[str, Any]:
        """The cleaned fields, named as the inquiry services name them."""
        data = self.cleaned_data
        return {
            "estate": data["estate"],
            "topics": data["topics"],
            "bridged_to": data["bridged_to"],
            "channel": data["channel"],
            "method": data["method"],
            "occurred_at": data["occurred_at"],
            "follow_up_needed": data["follow_up_needed"],
            "interpreter_or_language_help": data["interpreter_or_language_help"],
            "duration_minutes": data["duration_minutes"],
            "age_band": data["age_band"],
            "gender": data["gender"],
            "note": data["note"],
        }

    @staticmethod
    def initial_like(inquiry: Inquiry) -> dict:
        """The choices of an earlier inquiry, for "register another like this"."""
        return {
            "estate": inquiry.estate_id,
            "channel": inquiry.channel,
            "topics": [topic.pk for topic in inquiry.topics.all() if topic.active],
            "bridged_to": [ref.pk for ref in inquiry.bridged_to.all() if ref.active],
            "follow_up_needed": inquiry.follow_up_needed,
            "interpreter_or_language_help": inquiry.interpreter_or_language_help,
            "method": inquiry.method,
            "duration_minutes": inquiry.duration_minutes,
            "age_band": inquiry.age_band,
            "gender": inquiry.gender,
        }

    @staticmethod
    def initial_from(inquiry: Inquiry) -> dict:
        """Everything of an inquiry, for correcting it."""
        return {
            **InquiryForm.initial_like(inquiry),
            "topics": [topic.pk for topic in inquiry.topics.all()],
            "bridged_to": [ref.pk for ref in inquiry.bridged_to.all()],
            "occurred_at": timezone.localtime(inquiry.occurred_at),
            "note": inquiry.note,
        }


class EarlierInquiryForm(forms.Form):
    """``?like=`` after "register another like this": the earlier inquiry whose choices the
    new one starts with. Anything else is ignored."""

    like = forms.ModelChoiceField(queryset=Inquiry.objects.none(), required=False)

    def __init__(self, *args, estates: QuerySet[Estate], **kwargs) -> None:
        """``estates``: those whose inquiries the person registers and may start from."""
        super().__init__(*args, **kwargs)
        like = cast(forms.ModelChoiceField, self.fields["like"])
        like.queryset = Inquiry.objects.filter(estate__in=estates)

    def chosen(self) -> Inquiry | None:
        return self.cleaned_data["like"] if self.is_valid() else None


class InquiryFilterForm(forms.Form):
    """The list's filters, over the estates whose inquiries the person may see. Staff start
    with their own estate when they work in one; choosing "Alle" (an empty value) widens the
    list to all of those estates."""

    estate = forms.ModelChoiceField(
        label=_("Boligområde"),
        queryset=Estate.objects.none(),
        required=False,
        empty_label=_("Alle"),
    )
    date_from = forms.DateField(
        label=_("Fra dato"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("Til dato"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    topic = forms.ModelChoiceField(
        label=_("Emne"), queryset=Topic.objects.none(), required=False, empty_label=_("Alle")
    )
    bridged_to = forms.ModelChoiceField(
        label=_("Brobygget til"),
        queryset=Referral.objects.none(),
        required=False,
        empty_label=_("Alle"),
    )
    channel = forms.ChoiceField(
        label=_("Kanal"), choices=[("", _("Alle")), *Channel.choices], required=False
    )

    def __init__(
        self,
        data: QueryDict,
        *,
        programme: Programme,
        estates: QuerySet[Estate],
    ) -> None:
        own = list(estates)
        if "estate" not in data and len(own) == 1:
            data = data.copy()
            data["estate"] = str(own[0].pk)
        super().__init__(data)
        self.estates = own
        estate = cast(forms.ModelChoiceField, self.fields["estate"])
        estate.queryset = estates
        topic = cast(forms.ModelChoiceField, self.fields["topic"])
        topic.queryset = Topic.objects.filter(programme=programme)
        bridged_to = cast(forms.ModelChoiceField, self.fields["bridged_to"])
        bridged_to.queryset = Referral.objects.filter(programme=programme)

    def criteria(self) -> InquiryFilter:
        """The inquiries to list; none while a filter is invalid."""
        if not self.is_valid():
            return InquiryFilter(estates=[])
        cleaned = self.cleaned_data
        return InquiryFilter(
            estates=[cleaned["estate"]] if cleaned["estate"] else list(self.estates),
            date_from=cleaned["date_from"],
            date_to=cleaned["date_to"],
            topic=cleaned["topic"],
            bridged_to=cleaned["bridged_to"],
            channel=cleaned["channel"],
        )

    def query(self) -> str:
        """The filters as a query string, for the links to the list's other pages."""
        query = cast(QueryDict, self.data).copy()
        query.pop("page", None)
        return query.urlencode()


class MappingFilterForm(forms.Form):
    year = forms.TypedChoiceField(label=_("År"), coerce=int)
    quarter = forms.TypedChoiceField(
        label=_("Periode"),
        coerce=int,
        required=False,
        empty_value=None,
        choices=[
            ("", _("Hele året")),
            *((q, _("%(n)s. kvartal") % {"n": q}) for q in (1, 2, 3, 4)),
        ],
    )
    estate = forms.ModelChoiceField(
        label=_("Boligområde"),
        queryset=Estate.objects.none(),
        required=False,
        empty_label=_("Alle"),
    )

    def __init__(self, *args, programme: Programme, years: list[int], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        year = cast(forms.TypedChoiceField, self.fields["year"])
        year.choices = [(year, str(year)) for year in years]
        estate = cast(forms.ModelChoiceField, self.fields["estate"])
        estate.queryset = programme.estates.all()


DURATIONS = [
    (15, _("15 minutter")),
    (30, _("30 minutter")),
    (45, _("45 minutter")),
    (60, _("1 time")),
]


class BookingForm(forms.Form):
    estate = forms.ModelChoiceField(
        label=_("Boligområde"), queryset=Estate.objects.none(), empty_label=None
    )
    day = forms.DateField(label=_("Dato"), widget=forms.DateInput(attrs={"type": "date"}))
    time = forms.TimeField(label=_("Klokken"), widget=forms.TimeInput(attrs={"type": "time"}))
    duration_minutes = forms.TypedChoiceField(
        label=_("Varighed"), choices=DURATIONS, coerce=int, initial=30
    )
    name = forms.CharField(
        label=_("Fornavn eller initialer"),
        max_length=30,
        help_text=_("Slettes automatisk, når dagen er gået."),
    )
    phone = forms.CharField(
        label=_("Telefon til påmindelse (valgfri)"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
        help_text=_("Slettes automatisk, når dagen er gået."),
    )

    def __init__(self, *args, estates: QuerySet[Estate], **kwargs) -> None:
        """``estates``: those the person books counselling in."""
        super().__init__(*args, **kwargs)
        estate = cast(forms.ModelChoiceField, self.fields["estate"])
        estate.queryset = estates

    def booking_details(self) -> dict[str, Any]:
        """The cleaned fields, named as ``services.booking_create`` names them."""
        data = self.cleaned_data
        naive = datetime.datetime.combine(data["day"], data["time"])
        return {
            "estate": data["estate"],
            "starts": timezone.make_aware(naive),
            "duration_minutes": data["duration_minutes"],
            "name": data["name"],
            "phone": data["phone"],
        }


class OpeningHoursForm(forms.Form):
    weekday = forms.TypedChoiceField(label=_("Ugedag"), choices=Weekday.choices, coerce=int)
    starts = forms.TimeField(label=_("Fra"), widget=forms.TimeInput(attrs={"type": "time"}))
    ends = forms.TimeField(label=_("Til"), widget=forms.TimeInput(attrs={"type": "time"}))
    place = forms.CharField(label=_("Sted"), max_length=120)
    valid_from = forms.DateField(
        label=_("Gælder fra (valgfri)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    valid_until = forms.DateField(
        label=_("Gælder til (valgfri)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class ClosureForm(forms.Form):
    starts = forms.DateField(label=_("Lukket fra"), widget=forms.DateInput(attrs={"type": "date"}))
    ends = forms.DateField(
        label=_("Lukket til og med"), widget=forms.DateInput(attrs={"type": "date"})
    )
    reason = forms.CharField(label=_("Årsag"), max_length=120)
