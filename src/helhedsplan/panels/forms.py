"""Parsing of the resident panels' requests: a panel, a member, a leaving, a meeting and its
minutes file."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.utils import formats, timezone, translation
from django.utils.translation import gettext_lazy as _

from helhedsplan.accounts.models import Organisation
from helhedsplan.core import idempotency
from helhedsplan.panels.models import (
    ACTION_TRANSITIONS,
    ActionItem,
    ActionStatus,
    Concern,
    ConcernCategory,
    Meeting,
    Member,
    Panel,
    TimeOfDay,
    WeekPattern,
)
from helhedsplan.panels.services import (
    ActionDetails,
    Answer,
    ConcernDetails,
    MeetingDetails,
    Turnout,
    WalkDetails,
)
from helhedsplan.privacy.forms import DATE_INPUTS, DATE_WIDGET
from helhedsplan.programmes.models import Estate

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# The estate field's choice for a joint panel of the programme.
JOINT = "joint"


class PanelForm(forms.Form):
    name = forms.CharField(label=_("Navn"), max_length=200)
    estate = forms.ChoiceField(label=_("Boligområde"))
    idempotency_key = idempotency.key_field()

    def __init__(
        self, *args: Any, estates: QuerySet[Estate], may_be_joint: bool, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.estates = estates
        choices = [(str(estate.pk), estate.name) for estate in estates]
        if may_be_joint:
            choices.append((JOINT, str(_("Fælles for indsatsens boligområder"))))
        cast(forms.ChoiceField, self.fields["estate"]).choices = choices

    def clean_estate(self) -> Estate | None:
        chosen = self.cleaned_data["estate"]
        return None if chosen == JOINT else self.estates.get(pk=int(chosen))


class PanelUpdateForm(forms.Form):
    name = forms.CharField(label=_("Navn"), max_length=200)
    active = forms.BooleanField(
        label=_("Aktivt"),
        required=False,
        help_text=_("Et panel, der ikke mødes mere, er ikke aktivt."),
    )


def _estate_field(form: forms.Form, estates: QuerySet[Estate]) -> None:
    field = cast(forms.ModelChoiceField, form.fields["estate"])
    field.queryset = estates
    if estates.count() == 1:
        field.initial = estates.first()
        field.empty_label = None


def panel_estates(panel: Panel, own: QuerySet[Estate]) -> QuerySet[Estate]:
    """The estates a member may live in or a meeting be held in: the panel's, or for a joint
    panel, those of the person's own estates."""
    return own.filter(pk=panel.estate_id) if panel.estate_id is not None else own


class MemberForm(forms.Form):
    name = forms.CharField(label=_("Navn"), max_length=200)
    phone = forms.CharField(label=_("Telefon"), max_length=30, required=False)
    email = forms.EmailField(
        label=_("E-mail"), required=False, help_text=_("Telefon eller e-mail, eller begge.")
    )
    estate = forms.ModelChoiceField(label=_("Boligområde"), queryset=Estate.objects.none())
    joined_on = forms.DateField(
        label=_("Indtrådt i panelet"), widget=DATE_WIDGET, input_formats=DATE_INPUTS
    )
    idempotency_key = idempotency.key_field()

    def __init__(self, *args: Any, estates: QuerySet[Estate], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _estate_field(self, estates)
        self.fields["joined_on"].initial = timezone.localdate()

    def details(self) -> dict[str, Any]:
        """The service's arguments."""
        data = self.cleaned_data
        return {key: data[key] for key in ("name", "phone", "email", "estate", "joined_on")}


class LeaveForm(forms.Form):
    left_on = forms.DateField(label=_("Udtrådt den"), widget=DATE_WIDGET, input_formats=DATE_INPUTS)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "leave")
        super().__init__(*args, **kwargs)
        self.fields["left_on"].initial = timezone.localdate()


TURNOUT_FIELDS = {
    "residents": _("Beboere"),
    "police": _("Politi"),
    "staff": _("Medarbejdere"),
    "municipality": _("Kommunen"),
    "housing": _("Boligorganisationen"),
}


class _MemberChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Member) -> str:
        if obj.left_on is None:
            return obj.name
        return str(_("%(name)s (udtrådt %(day)s)")) % {
            "name": obj.name,
            "day": formats.date_format(obj.left_on, "SHORT_DATE_FORMAT"),
        }


class MeetingForm(forms.Form):
    held_on = forms.DateField(label=_("Dato"), widget=DATE_WIDGET, input_formats=DATE_INPUTS)
    estate = forms.ModelChoiceField(label=_("Boligområde"), queryset=Estate.objects.none())
    residents = forms.IntegerField(label=TURNOUT_FIELDS["residents"], min_value=0, initial=0)
    police = forms.IntegerField(label=TURNOUT_FIELDS["police"], min_value=0, initial=0)
    staff = forms.IntegerField(label=TURNOUT_FIELDS["staff"], min_value=0, initial=0)
    municipality = forms.IntegerField(label=TURNOUT_FIELDS["municipality"], min_value=0, initial=0)
    housing = forms.IntegerField(label=TURNOUT_FIELDS["housing"], min_value=0, initial=0)
    attendees = _MemberChoice(
        label=_("Hvilke medlemmer kom? (valgfrit)"),
        queryset=Member.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Kun medlemmer, der var med i panelet på mødets dato."),
    )
    agenda = forms.CharField(
        label=_("Dagsorden"), widget=forms.Textarea(attrs={"rows": 6}), required=False
    )
    minutes = forms.CharField(
        label=_("Referat"),
        widget=forms.Textarea(attrs={"rows": 10}),
        required=False,
        help_text=_("Skriv referatet her, eller upload det som fil fra mødets side."),
    )

    def __init__(
        self,
        *args: Any,
        estates: QuerySet[Estate],
        members: QuerySet[Member],
        create: bool,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        _estate_field(self, estates)
        cast(forms.ModelMultipleChoiceField, self.fields["attendees"]).queryset = members
        if create:
            self.fields["idempotency_key"] = idempotency.key_field()
            self.fields["held_on"].initial = timezone.localdate()

    def details(self, *, hidden_attendees: list[Member]) -> MeetingDetails:
        """The service's arguments; ``hidden_attendees`` are those who came whom the person
        does not keep (a joint panel's members of other estates): they stay as they were."""
        data = self.cleaned_data
        return MeetingDetails(
            estate=data["estate"],
            held_on=data["held_on"],
            turnout=Turnout(**{kind: data[kind] for kind in TURNOUT_FIELDS}),
            attendees=[*data["attendees"], *hidden_attendees],
            agenda=data["agenda"],
            minutes=data["minutes"],
        )

    @staticmethod
    def initial_for(meeting: Meeting, attendees: QuerySet[Member]) -> dict[str, Any]:
        return {
            "held_on": meeting.held_on,
            "estate": meeting.estate,
            **{kind: getattr(meeting, kind) for kind in TURNOUT_FIELDS},
            "attendees": list(attendees),
            "agenda": meeting.agenda,
            "minutes": meeting.minutes,
        }


class MinutesForm(forms.Form):
    file = forms.FileField(
        label=_("Referat som fil"),
        help_text=_("PDF eller Word (.docx), højst 20 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx"}),
    )


# planned meetings, the yearly evaluations ---------------------------------------------------------


class PlanForm(forms.Form):
    held_on = forms.DateField(label=_("Dato"), widget=DATE_WIDGET, input_formats=DATE_INPUTS)
    estate = forms.ModelChoiceField(label=_("Boligområde"), queryset=Estate.objects.none())
    agenda = forms.CharField(
        label=_("Dagsorden"),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        help_text=_("De åbne handlinger kommer med på dagsordenen af sig selv."),
    )

    def __init__(self, *args: Any, estates: QuerySet[Estate], create: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _estate_field(self, estates)
        if create:
            self.fields["idempotency_key"] = idempotency.key_field()


# The evaluation's template: the questions put to the police and to the participants, kept
# with the answers as asked (``Evaluation.answers``), so a later wording leaves old years as
# they were.
POLICE = "police"
PARTICIPANTS = "participants"
AUDIENCES = {POLICE: _("Politiet"), PARTICIPANTS: _("Deltagerne")}
QUESTIONS = {
    POLICE: [
        _("Hvad har panelet givet politiet af viden om området?"),
        _("Hvilke utrygheder fra panelet har politiet handlet på, og hvordan?"),
        _("Hvordan har samarbejdet med kommunen og boligorganisationen fungeret?"),
        _("Har møderne haft den rette hyppighed og form?"),
        _("Hvad skal panelet gøre anderledes næste år?"),
    ],
    PARTICIPANTS: [
        _("Føler du dig tryggere i området end for et år siden?"),
        _("Er de utrygheder, du har rejst, blevet fulgt op?"),
        _("Har du fået mere kontakt med politiet gennem panelet?"),
        _("Hvad har været det mest nyttige ved panelet?"),
        _("Hvad skal panelet gøre anderledes næste år?"),
    ],
}


class EvaluationForm(forms.Form):
    """The template's questions, one text field each, with the day and the conclusion."""

    evaluated_on = forms.DateField(
        label=_("Evalueret den"),
        widget=DATE_WIDGET,
        input_formats=DATE_INPUTS,
        help_text=_("Evalueringen tæller for året, datoen ligger i."),
    )
    summary = forms.CharField(label=_("Konklusion"), widget=forms.Textarea(attrs={"rows": 5}))
    idempotency_key = idempotency.key_field()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["evaluated_on"].initial = timezone.localdate()
        for audience, questions in QUESTIONS.items():
            for number, question in enumerate(questions, start=1):
                self.fields[f"{audience}_{number}"] = forms.CharField(
                    label=question, widget=forms.Textarea(attrs={"rows": 3}), required=False
                )
        # The conclusion after the questions.
        self.fields["summary"] = self.fields.pop("summary")
        self.fields["idempotency_key"] = self.fields.pop("idempotency_key")

    def answers(self) -> list[Answer]:
        # The questions are kept as asked, in Danish, whatever language the form was shown in:
        # the evaluation is the programme's record.
        with translation.override("da"):
            return [
                Answer(
                    audience=audience,
                    question=str(question),
                    answer=self.cleaned_data[f"{audience}_{number}"],
                )
                for audience, questions in QUESTIONS.items()
                for number, question in enumerate(questions, start=1)
            ]


class EvaluationUploadForm(forms.Form):
    evaluated_on = forms.DateField(
        label=_("Evalueret den"),
        widget=DATE_WIDGET,
        input_formats=DATE_INPUTS,
        help_text=_("Evalueringen tæller for året, datoen ligger i."),
    )
    file = forms.FileField(
        label=_("Evalueringen som fil"),
        help_text=_("PDF eller Word (.docx), højst 20 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx"}),
    )
    summary = forms.CharField(
        label=_("Kort konklusion (valgfri)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    idempotency_key = idempotency.key_field()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["evaluated_on"].initial = timezone.localdate()


# site plans, concerns with pins, safety walks, photos, the report

IMAGE_ACCEPT = "image/png,image/jpeg"


class SitePlanForm(forms.Form):
    image = forms.FileField(
        label=_("Områdekort"),
        help_text=_("Et billede, PNG eller JPEG, højst 10 MB. Nye nåle sættes på det nyeste kort."),
        widget=forms.ClearableFileInput(attrs={"accept": IMAGE_ACCEPT}),
    )
    idempotency_key = idempotency.key_field()


class PhotoForm(forms.Form):
    image = forms.FileField(
        label=_("Foto"),
        help_text=_("PNG eller JPEG, højst 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": IMAGE_ACCEPT}),
    )
    idempotency_key = idempotency.key_field()


def _pin_field(label: StrOrPromise) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        min_value=0,
        max_value=1000,
        required=False,
        help_text=_("Udfyldes, når du klikker på kortet; tom: ingen nål."),
    )


class ConcernForm(forms.Form):
    category = forms.ChoiceField(label=_("Kategori"), choices=ConcernCategory.choices)
    description = forms.CharField(
        label=_("Hvad"), widget=forms.Textarea(attrs={"rows": 4}), max_length=4000
    )
    location = forms.CharField(
        label=_("Hvor"),
        max_length=200,
        help_text=_("Stedet med ord, fx »stien mellem nr. 12 og 14«."),
    )
    time_of_day = forms.ChoiceField(
        label=_("Tid på døgnet"), choices=[("", "–"), *TimeOfDay.choices], required=False
    )
    week_pattern = forms.ChoiceField(
        label=_("Ugedage"), choices=[("", "–"), *WeekPattern.choices], required=False
    )
    pin_x = _pin_field(_("Vandret placering (0-1000 fra venstre)"))
    pin_y = _pin_field(_("Lodret placering (0-1000 fra toppen)"))

    def __init__(self, *args: Any, create: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if create:
            self.fields["idempotency_key"] = idempotency.key_field()

    def details(self) -> ConcernDetails:
        data = self.cleaned_data
        return ConcernDetails(
            category=data["category"],
            description=data["description"],
            location=data["location"],
            time_of_day=data["time_of_day"],
            week_pattern=data["week_pattern"],
            pin_x=data["pin_x"],
            pin_y=data["pin_y"],
        )

    @staticmethod
    def initial_for(concern: Concern) -> dict[str, Any]:
        fields = ("category", "description", "location", "time_of_day", "week_pattern")
        return {
            **{name: getattr(concern, name) for name in fields},
            "pin_x": concern.pin_x,
            "pin_y": concern.pin_y,
        }


class WalkForm(forms.Form):
    walked_on = forms.DateField(label=_("Dato"), widget=DATE_WIDGET, input_formats=DATE_INPUTS)
    estate = forms.ModelChoiceField(label=_("Boligområde"), queryset=Estate.objects.none())
    residents = forms.IntegerField(label=TURNOUT_FIELDS["residents"], min_value=0, initial=0)
    police = forms.IntegerField(label=TURNOUT_FIELDS["police"], min_value=0, initial=0)
    staff = forms.IntegerField(label=TURNOUT_FIELDS["staff"], min_value=0, initial=0)
    municipality = forms.IntegerField(label=TURNOUT_FIELDS["municipality"], min_value=0, initial=0)
    housing = forms.IntegerField(label=TURNOUT_FIELDS["housing"], min_value=0, initial=0)
    route = forms.CharField(
        label=_("Rute og bemærkninger"), widget=forms.Textarea(attrs={"rows": 5}), required=False
    )
    idempotency_key = idempotency.key_field()

    def __init__(self, *args: Any, estates: QuerySet[Estate], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _estate_field(self, estates)
        self.fields["walked_on"].initial = timezone.localdate()

    def details(self) -> WalkDetails:
        data = self.cleaned_data
        return WalkDetails(
            estate=data["estate"],
            walked_on=data["walked_on"],
            turnout=Turnout(**{kind: data[kind] for kind in TURNOUT_FIELDS}),
            route=data["route"],
        )


class ConcernFilterForm(forms.Form):
    """The concern list's filters; an empty choice shows all."""

    estate = forms.ModelChoiceField(
        label=_("Boligområde"),
        queryset=Estate.objects.none(),
        required=False,
        empty_label=_("Alle"),
    )
    category = forms.ChoiceField(
        label=_("Kategori"), choices=[("", _("Alle")), *ConcernCategory.choices], required=False
    )
    year = forms.TypedChoiceField(label=_("År"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args: Any, estates: QuerySet[Estate], years: list[int], **kwargs: Any):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["estate"]).queryset = estates
        cast(forms.TypedChoiceField, self.fields["year"]).choices = [
            ("", _("Alle")),
            *[(str(year), str(year)) for year in years],
        ]

    def filtered(self, concerns: QuerySet[Concern]) -> QuerySet[Concern]:
        if not self.is_valid():
            return concerns
        data = self.cleaned_data
        if data["estate"] is not None:
            concerns = concerns.filter(estate=data["estate"])
        if data["category"]:
            concerns = concerns.filter(category=data["category"])
        if data["year"] is not None:
            concerns = concerns.filter(raised_on__year=data["year"])
        return concerns


class ConcernYearForm(forms.Form):
    """The year the concerns chart shows."""

    year = forms.TypedChoiceField(label=_("År"), coerce=int)

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.TypedChoiceField, self.fields["year"]).choices = [
            (str(year), str(year)) for year in years
        ]


# the actions until done ---------------------------------------------------------------------------


class _OwnerChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return obj.get_full_name() or obj.get_username()


class ActionForm(forms.Form):
    description = forms.CharField(
        label=_("Handling"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000
    )
    party = forms.ChoiceField(label=_("Ansvarlig part"), choices=Organisation.choices)
    owner = _OwnerChoice(
        label=_("Ejer"),
        queryset=User.objects.none(),
        required=False,
        help_text=_(
            "Den, der sørger for handlingen og får den ugentlige oversigt. En "
            "samarbejdspartner kan kun eje sin egen organisations handlinger."
        ),
    )
    due_on = forms.DateField(label=_("Frist"), widget=DATE_WIDGET, input_formats=DATE_INPUTS)

    def __init__(self, *args: Any, owners: QuerySet[User], create: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["owner"]).queryset = owners
        if create:
            self.fields["idempotency_key"] = idempotency.key_field()

    def details(self) -> ActionDetails:
        data = self.cleaned_data
        return ActionDetails(
            description=data["description"],
            party=data["party"],
            owner=data["owner"],
            due_on=data["due_on"],
        )

    @staticmethod
    def initial_for(action: ActionItem) -> dict[str, Any]:
        return {
            "description": action.description,
            "party": action.party,
            "owner": action.owner,
            "due_on": action.due_on,
        }


class ActionStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Ny status"))
    reason = forms.CharField(
        label=_("Begrundelse"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Skal udfyldes, når handlingen afvises."),
    )
    closed_on = forms.DateField(
        label=_("Udført eller afvist den"),
        widget=DATE_WIDGET,
        input_formats=DATE_INPUTS,
        required=False,
        help_text=_("Tom betyder i dag."),
    )

    def __init__(self, *args: Any, action: ActionItem, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "status")
        super().__init__(*args, **kwargs)
        allowed = ACTION_TRANSITIONS[action.status]
        cast(forms.ChoiceField, self.fields["status"]).choices = [
            (value, label) for value, label in ActionStatus.choices if value in allowed
        ]


class ActionNoteForm(forms.Form):
    text = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "note")
        super().__init__(*args, **kwargs)


OVERDUE = "overdue"


class ActionFilterForm(forms.Form):
    party = forms.ChoiceField(
        label=_("Ansvarlig part"),
        required=False,
        choices=[("", _("Alle")), *Organisation.choices],
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Alle")), *ActionStatus.choices, (OVERDUE, _("Overskredet frist"))],
    )
    estate = forms.ChoiceField(label=_("Boligområde"), required=False)

    def __init__(self, *args: Any, estates: QuerySet[Estate], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["estate"]).choices = [
            ("", _("Alle")),
            *((str(estate.pk), estate.name) for estate in estates),
        ]

    def narrowing(self) -> dict[str, Any]:
        """The list's filters, as ``queries.action_list`` takes them (a filter the form
        does not accept is left out)."""
        data = self.cleaned_data if self.is_valid() else {}
        status = data.get("status") or ""
        estate = data.get("estate") or ""
        return {
            "party": data.get("party") or "",
            "status": "" if status == OVERDUE else status,
            "overdue": status == OVERDUE,
            "estate_id": int(estate) if estate.isdigit() else None,
        }
