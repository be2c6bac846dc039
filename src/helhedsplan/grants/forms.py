"""Parsing of the grant pools' forms: the application (public and paper), its budget lines
as a formset, its attachments, and the list's status filter."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.forms import formset_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from helhedsplan.core import idempotency
from helhedsplan.grants.models import (
    EVALUATION_MAX_CHARS,
    MOST_ATTACHMENTS,
    MOST_PHOTOS,
    MOST_RECEIPTS,
    CommitteeMeeting,
    Outcome,
    RoundKind,
    Status,
)
from helhedsplan.grants.money import input_kroner, parse_kroner
from helhedsplan.grants.services import ApplicationDetails, ContactDetails, LineInput
from helhedsplan.privacy.forms import DATE_INPUTS, DATE_WIDGET
from helhedsplan.privacy.models import ConsentMethod
from helhedsplan.privacy.services import ConsentGiven
from helhedsplan.programmes.models import Estate

# The longest text a long field takes (purpose, advertising, help wanted).
LONG_TEXT = 3000
# Budget lines a form takes at most, and shows at first.
MOST_LINES = 20
FIRST_LINES = 3


class KronerField(forms.CharField):
    """An amount in kroner as Danes write it: ``1.234,50``, ``1234,5`` or ``1234``."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 20)
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})
        )
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        return input_kroner(value) if isinstance(value, Decimal) else value

    def clean(self, value: Any) -> Decimal | None:
        text = super().clean(value)
        if not text:
            return None
        amount = parse_kroner(text)
        if amount is None:
            raise ValidationError(
                _("Skriv beløbet i kroner, fx 1.234,50."), code="amount_not_understood"
            )
        if amount > Decimal("9999999999.99"):
            raise ValidationError(_("Beløbet er for stort."), code="amount_too_large")
        return amount


class _Estate(forms.ModelChoiceField):
    def label_from_instance(self, obj: Estate) -> str:
        return obj.name


class ApplicationForm(forms.Form):
    """The application, as a resident fills it in on a phone, or staff from paper."""

    applicant_group = forms.CharField(
        label=_("Hvem søger?"),
        max_length=200,
        help_text=_("Navnet på gruppen, klubben eller foreningen."),
    )
    contact_name = forms.CharField(label=_("Kontaktpersonens navn"), max_length=200)
    contact_phone = forms.CharField(
        label=_("Telefon"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    contact_email = forms.EmailField(
        label=_("E-mail"),
        max_length=254,
        required=False,
        help_text=_("Vi sender kvitteringen hertil."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    estate = _Estate(label=_("Boligområde"), queryset=Estate.objects.none(), empty_label=None)
    activity = forms.CharField(label=_("Aktivitet"), max_length=200)
    purpose = forms.CharField(
        label=_("Hvad er formålet?"),
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    target_group = forms.CharField(label=_("Hvem er aktiviteten for?"), max_length=500)
    # Not required: a form sent without an answer (an older page, a paper form left blank)
    # says no (``details``).
    mixed_group = forms.TypedChoiceField(
        label=_("Samler aktiviteten beboere på tværs af etnicitet og generationer?"),
        choices=[("yes", _("Ja")), ("no", _("Nej"))],
        coerce=lambda value: value == "yes",
        required=False,
        initial="no",
        widget=forms.RadioSelect,
    )
    partners = forms.CharField(
        label=_("Samarbejdspartnere (valgfrit)"), max_length=500, required=False
    )
    starts_on = forms.DateField(label=_("Dato"), widget=DATE_WIDGET, input_formats=DATE_INPUTS)
    ends_on = forms.DateField(
        label=_("Slutdato, hvis aktiviteten varer flere dage (valgfrit)"),
        required=False,
        widget=DATE_WIDGET,
        input_formats=DATE_INPUTS,
    )
    amount_requested = KronerField(
        label=_("Ansøgt beløb i kroner"),
        help_text=_("Fx 1.234,50. Budgetlinjerne skal give det samme."),
    )
    advertising = forms.CharField(
        label=_("Hvordan fortæller I om aktiviteten? (valgfrit)"),
        max_length=LONG_TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    help_wanted = forms.CharField(
        label=_("Hvad vil I gerne have hjælp til fra medarbejderne? (valgfrit)"),
        max_length=LONG_TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, estates: QuerySet[Estate], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        estate_field = self.fields["estate"]
        assert isinstance(estate_field, forms.ModelChoiceField)
        estate_field.queryset = estates

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        no_way_to_reach = (
            not data.get("contact_phone", "").strip() and not data.get("contact_email", "").strip()
        )
        if no_way_to_reach and "contact_phone" not in self.errors:
            self.add_error(
                "contact_phone",
                _("Skriv et telefonnummer eller en e-mailadresse (eller begge)."),
            )
        return data

    def details(self) -> ApplicationDetails:
        data = self.cleaned_data
        return ApplicationDetails(
            applicant_group=data["applicant_group"],
            estate=data["estate"],
            activity=data["activity"],
            purpose=data["purpose"],
            target_group=data["target_group"],
            # Unanswered is the empty text: no.
            mixed_group=bool(data["mixed_group"]),
            partners=data["partners"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            amount_requested=data["amount_requested"],
            advertising=data["advertising"],
            help_wanted=data["help_wanted"],
        )

    def contact(self) -> ContactDetails:
        data = self.cleaned_data
        return ContactDetails(
            name=data["contact_name"], phone=data["contact_phone"], email=data["contact_email"]
        )


class HoneypotForm(forms.Form):
    """A field people never see (the page hides it) and robots fill in: a submission with it
    filled in is refused whole."""

    # The honeypot: hidden from people by the style sheet, filled in by robots.
    website = forms.CharField(
        label=_("Lad dette felt være tomt"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def is_spam(self) -> bool:
        return bool(self.data.get("website", ""))


class BudgetLineForm(forms.Form):
    description = forms.CharField(label=_("Udgift"), max_length=200, required=False)
    amount = KronerField(label=_("Beløb i kroner"), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        half = bool(data.get("description", "").strip()) != (data.get("amount") is not None)
        if half and not self.errors:
            raise ValidationError(
                _("En budgetlinje skal have både en tekst og et beløb."), code="half_line"
            )
        return data


BudgetLineFormSet = formset_factory(
    BudgetLineForm, extra=0, max_num=MOST_LINES, absolute_max=MOST_LINES, validate_max=True
)


def budget_lines(formset: Any) -> list[LineInput]:
    """The filled-in lines of a valid formset, in their order."""
    return [
        LineInput(description=form.cleaned_data["description"], amount=form.cleaned_data["amount"])
        for form in formset.forms
        if form.cleaned_data.get("description", "").strip()
    ]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class AttachmentsField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        return [super(AttachmentsField, self).clean(item, initial) for item in files]


class AttachmentsForm(forms.Form):
    attachments = AttachmentsField(
        label=_("Bilag (valgfrit)"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,application/pdf,image/*"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # In the language of the request, not of the import.
        self.fields["attachments"].help_text = _(
            "Fx et tilbud eller en plakat: PDF, JPEG eller PNG, højst 10 MB hver og højst "
            "%(count)s filer."
        ) % {"count": MOST_ATTACHMENTS}


class OnlineConsentForm(forms.Form):
    """The applicant's own consent, given on the form."""

    consent = forms.BooleanField(
        label=_("Jeg giver samtykke til, at mine oplysninger behandles som beskrevet ovenfor.")
    )

    def given(self) -> ConsentGiven:
        return ConsentGiven(method=ConsentMethod.ONLINE, given_on=timezone.localdate())


class PaperConsentForm(forms.Form):
    """The consent the contact person signed on the paper application."""

    given_on = forms.DateField(
        label=_("Dato for samtykket på papir"), widget=DATE_WIDGET, input_formats=DATE_INPUTS
    )
    scan = forms.FileField(
        label=_("Scanning af den underskrevne ansøgning (valgfri)"),
        required=False,
        help_text=_("PDF, JPEG eller PNG, højst 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )

    def given(self) -> ConsentGiven:
        return ConsentGiven(
            method=ConsentMethod.PAPER,
            given_on=self.cleaned_data["given_on"],
            scan=self.cleaned_data["scan"] or None,
        )


class StatusFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Alle")), *Status.choices],
    )


class ReviewForm(forms.Form):
    notes = forms.CharField(
        label=_("Noter fra behandlingen"),
        required=False,
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    complete = forms.TypedChoiceField(
        label=_("Er ansøgningen komplet?"),
        choices=[("yes", _("Ja, den er komplet")), ("no", _("Nej, der mangler noget"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )

    @staticmethod
    def initial_for(application: Any) -> dict[str, Any]:
        complete = {True: "yes", False: "no"}.get(application.complete)
        return {"notes": application.review_notes, "complete": complete}


class QuestionForm(forms.Form):
    """A question to the applicant during the review."""

    text = forms.CharField(
        label=_("Spørgsmål til ansøgeren"),
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Sendes pr. e-mail til kontaktpersonen, hvis der er en adresse."),
    )
    idempotency_key = idempotency.key_field()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Its own ids: the page has several forms.
        kwargs.setdefault("auto_id", "id_question_%s")
        super().__init__(*args, **kwargs)


class PoolForm(forms.Form):
    name = forms.CharField(label=_("Puljens navn"), max_length=200)
    estate = _Estate(
        label=_("Boligområde"),
        queryset=Estate.objects.none(),
        required=False,
        empty_label=_("Alle indsatsens boligområder"),
    )

    def __init__(self, *args: Any, estates: QuerySet[Estate], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        estate_field = self.fields["estate"]
        assert isinstance(estate_field, forms.ModelChoiceField)
        estate_field.queryset = estates


class OpenForm(forms.Form):
    is_open = forms.TypedChoiceField(
        label=_("Tager puljen imod ansøgninger?"),
        choices=[("yes", _("Ja, åben")), ("no", _("Nej, lukket"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )


class FrameForm(forms.Form):
    year = forms.IntegerField(label=_("År"), min_value=2000, max_value=2100)
    amount = KronerField(label=_("Ramme i kroner"))


class GuidelineForm(forms.Form):
    text = forms.CharField(
        label=_("Retningslinjer"), max_length=20000, widget=forms.Textarea(attrs={"rows": 6})
    )
    pdf = forms.FileField(
        label=_("PDF (valgfri)"),
        required=False,
        help_text=_("Højst 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,application/pdf"}),
    )


class RoundForm(forms.Form):
    name = forms.CharField(label=_("Rundens navn"), max_length=200)
    kind = forms.ChoiceField(label=_("Slags"), choices=RoundKind.choices, widget=forms.RadioSelect)
    opens_on = forms.DateField(label=_("Åbner"), widget=DATE_WIDGET, input_formats=DATE_INPUTS)
    deadline = forms.DateField(
        label=_("Ansøgningsfrist (kun med frist)"),
        required=False,
        widget=DATE_WIDGET,
        input_formats=DATE_INPUTS,
    )


class MemberForm(forms.Form):
    name = forms.CharField(label=_("Medlemmets navn"), max_length=200)
    role = forms.CharField(label=_("Rolle i udvalget"), max_length=200)


class MeetingForm(forms.Form):
    held_on = forms.DateField(
        label=_("Dato for udvalgsmødet"), widget=DATE_WIDGET, input_formats=DATE_INPUTS
    )


class _Meeting(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.held_on:%d.%m.%Y}"


class PlaceForm(forms.Form):
    """The committee meeting an application goes before; empty takes it off the agenda."""

    meeting = _Meeting(
        label=_("Udvalgsmøde"),
        queryset=CommitteeMeeting.objects.none(),
        required=False,
        empty_label=_("Ikke på et møde"),
    )

    def __init__(self, *args: Any, pool: Any, **kwargs: Any) -> None:
        # Its own ids: the decision form on the same page has a meeting field too.
        kwargs.setdefault("auto_id", "id_place_%s")
        super().__init__(*args, **kwargs)
        meeting = self.fields["meeting"]
        assert isinstance(meeting, forms.ModelChoiceField)
        meeting.queryset = CommitteeMeeting.objects.filter(pool=pool).order_by("held_on")


class DecisionForm(forms.Form):
    """The committee's decision, as staff record it after the meeting."""

    outcome = forms.ChoiceField(
        label=_("Afgørelse"), choices=Outcome.choices, widget=forms.RadioSelect
    )
    amount_granted = KronerField(
        label=_("Bevilget beløb"),
        required=False,
        help_text=_("Kun ved delvis bevilling: en fuld bevilling er det ansøgte beløb."),
    )
    meeting = _Meeting(label=_("Udvalgsmøde"), queryset=CommitteeMeeting.objects.none())
    conditions = forms.CharField(
        label=_("Betingelser"),
        required=False,
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    reasons = forms.CharField(
        label=_("Begrundelse"),
        required=False,
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Skal udfyldes ved delvis bevilling og afslag."),
    )
    report_due_on = forms.DateField(
        label=_("Frist for afrapportering"),
        required=False,
        widget=DATE_WIDGET,
        input_formats=DATE_INPUTS,
        help_text=_("Tom: 30 dage efter aktivitetens sidste dag."),
    )
    idempotency_key = idempotency.key_field()

    def __init__(self, *args: Any, pool: Any, override: bool = False, **kwargs: Any) -> None:
        """``override``: the form offers a grant beyond the frame (part 3), to those who may
        give it once a grant goes beyond."""
        super().__init__(*args, **kwargs)
        if override:
            self.fields["override_reason"] = forms.CharField(
                label=_("Begrundelse for at bevilge ud over rammen"),
                required=False,
                max_length=LONG_TEXT,
                widget=forms.Textarea(attrs={"rows": 3}),
                help_text=_(
                    "Kun sekretariatslederen: udfyldt giver den bevillingen, selv om rammen "
                    "overskrides. Begrundelsen gemmes med afgørelsen."
                ),
            )
        meeting = self.fields["meeting"]
        assert isinstance(meeting, forms.ModelChoiceField)
        meeting.queryset = CommitteeMeeting.objects.filter(
            pool=pool, held_on__lte=timezone.localdate()
        ).order_by("-held_on")


# Part 3 (G3C): the report's year ------------------------------------------------------------


class ReportYearForm(forms.Form):
    """The report's year, of the years with figures (``queries.report_years``)."""

    year = forms.TypedChoiceField(label=_("År"), coerce=int)

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        year_field = self.fields["year"]
        assert isinstance(year_field, forms.TypedChoiceField)
        year_field.choices = [(year, str(year)) for year in years]


# Part 3 B: the report back -----------------------------------------------------------------

# More participants than this is a typing error, not an activity of a resident grant.
MOST_PARTICIPANTS = 100_000


class ReportForm(forms.Form):
    """The group's report back, as staff enter it from what the group hands in."""

    participants_residents = forms.IntegerField(
        label=_("Deltagere, der bor i boligområdet"), min_value=0, max_value=MOST_PARTICIPANTS
    )
    participants_non_residents = forms.IntegerField(
        label=_("Deltagere, der ikke bor i boligområdet"),
        min_value=0,
        max_value=MOST_PARTICIPANTS,
    )
    resident_volunteers = forms.IntegerField(
        label=_("Beboere, der hjalp med at holde aktiviteten (valgfrit)"),
        min_value=0,
        max_value=MOST_PARTICIPANTS,
        required=False,
    )
    evaluation = forms.CharField(
        label=_("Kort evaluering"),
        max_length=EVALUATION_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    receipts = AttachmentsField(
        label=_("Kvitteringer"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,application/pdf,image/*"}),
    )
    photos = AttachmentsField(
        label=_("Billeder (valgfrit)"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": ".jpg,.jpeg,.png,image/jpeg,image/png"}),
    )
    photo_consent = forms.BooleanField(
        label=_(
            "De personer, der kan genkendes på billederne, har sagt ja til, at indsatsen må "
            "bruge dem."
        ),
        required=False,
        help_text=_("Skal krydses af, når der er billeder med."),
    )
    idempotency_key = idempotency.key_field()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The caps in the help texts, in the language of the request (not of the import).
        self.fields["evaluation"].help_text = _("Hvordan gik det? Højst %(count)s tegn.") % {
            "count": EVALUATION_MAX_CHARS
        }
        self.fields["receipts"].help_text = _(
            "Mindst én: PDF, JPEG eller PNG, højst 10 MB hver og højst %(count)s filer."
        ) % {"count": MOST_RECEIPTS}
        self.fields["photos"].help_text = _(
            "JPEG eller PNG, højst 10 MB hver og højst %(count)s filer."
        ) % {"count": MOST_PHOTOS}


# Part 3: the payout and the closing ----------------------------------------------------------


class PayoutForm(forms.Form):
    """The payout of a grant, as staff record it once the housing organisation has paid."""

    paid_on = forms.DateField(
        label=_("Udbetalt den"), widget=DATE_WIDGET, input_formats=DATE_INPUTS
    )
    amount = KronerField(label=_("Udbetalt beløb"))
    voucher = forms.CharField(
        label=_("Bilagsnummer (valgfrit)"),
        max_length=30,
        required=False,
        help_text=_("Boligorganisationens bilagsnummer for udbetalingen."),
    )
    idempotency_key = idempotency.key_field()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Its own ids: the page has several forms.
        kwargs.setdefault("auto_id", "id_payout_%s")
        super().__init__(*args, **kwargs)


class CloseForm(forms.Form):
    """The closing of a grant, with the money paid back, if any."""

    returned = KronerField(
        label=_("Betalt tilbage"),
        required=False,
        help_text=_("Tomt: intet. Det, der ikke er udbetalt, går tilbage til rammen."),
    )
    returned_on = forms.DateField(
        label=_("Betalt tilbage den"),
        required=False,
        widget=DATE_WIDGET,
        input_formats=DATE_INPUTS,
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Skal udfyldes, når bevillingen afsluttes uden afrapportering."),
    )
    idempotency_key = idempotency.key_field()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "id_close_%s")
        super().__init__(*args, **kwargs)

    def clean_returned(self) -> Decimal:
        return self.cleaned_data["returned"] or Decimal("0")


class MoneyYearForm(forms.Form):
    """The year a pool's money page shows."""

    year = forms.TypedChoiceField(label=_("År"), coerce=int, choices=[])

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        year = self.fields["year"]
        assert isinstance(year, forms.TypedChoiceField)
        year.choices = [(str(value), str(value)) for value in years]
