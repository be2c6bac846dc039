from __future__ import annotations

import hashlib

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from helhedsplan.events.forms import DATE_INPUTS, DATE_WIDGET
from helhedsplan.events.models import Event
from helhedsplan.media import queries
from helhedsplan.media.models import Outlet, OutletKind, PressMention, Tone
from helhedsplan.media.services import mention_text
from helhedsplan.programmes.models import Estate, Programme


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's ``ValidationError`` on the form, next to the fields it concerns."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, messages in error.message_dict.items():
        form.add_error(field if field in form.fields else None, messages)


def text_fingerprint(*, headline: str, excerpt: str) -> str:
    """Names the text a shown suggestion was made for, so that saving can tell whether the
    person has seen the suggestion for the text they save."""
    text = mention_text(headline=headline, excerpt=excerpt)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def event_label(event: Event) -> str:
    day = date_format(timezone.localtime(event.starts_at), "SHORT_DATE_FORMAT")
    return f"{day} · {event.title}"


class MentionForm(forms.Form):
    """A mention's details. The tone is asked for only once the suggestion has been shown
    (``with_tone``), so that the person sees it before choosing."""

    published_on = forms.DateField(
        label=_("Udgivet"),
        widget=DATE_WIDGET,
        input_formats=DATE_INPUTS,
        help_text=_("Dagen, omtalen blev bragt, fx 31.12.2021."),
    )
    outlet = forms.ModelChoiceField(
        label=_("Medie"),
        queryset=Outlet.objects.none(),
        empty_label=_("Vælg medie"),
        help_text=_("Listen vedligeholdes af administratoren."),
    )
    headline = forms.CharField(label=_("Overskrift"), max_length=300)
    excerpt = forms.CharField(
        label=_("Uddrag"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("Indledningen eller de vigtigste sætninger. Tonen foreslås også ud fra dem."),
    )
    url = forms.URLField(
        label=_("Link"),
        max_length=500,
        required=False,
        assume_scheme="https",
        validators=[URLValidator(schemes=["http", "https"])],
        help_text=_("Adressen på artiklen, hvis den findes på nettet (http eller https)."),
    )
    estates = forms.ModelMultipleChoiceField(
        label=_("Boligområder"),
        queryset=Estate.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("De boligområder, omtalen handler om."),
        error_messages={"required": _("Vælg mindst ét boligområde.")},
    )
    event = forms.ModelChoiceField(
        label=_("Arrangement"),
        queryset=Event.objects.none(),
        required=False,
        empty_label=_("Intet arrangement"),
        help_text=_("Det arrangement, omtalen dækker, hvis den dækker et. Flere kan tilknyttes."),
    )
    tone = forms.ChoiceField(
        label=_("Tone"),
        choices=Tone.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "Det foreslåede er valgt på forhånd. Vælg en anden, hvis forslaget er forkert."
        ),
        error_messages={"required": _("Vælg omtalens tone.")},
    )
    suggested_for = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(
        self,
        *args,
        programme: Programme,
        mention: PressMention | None = None,
        with_tone: bool,
        **kwargs,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.programme = programme
        self.fields["outlet"].queryset = queries.outlets_for_choice(
            programme=programme, keep=mention.outlet if mention else None
        )
        self.fields["estates"].queryset = programme.estates.all()
        if mention is None:
            event_field = self.fields["event"]
            event_field.queryset = queries.events_for_new_mention(programme=programme)
            event_field.label_from_instance = event_label
        else:
            # A saved mention's events are linked and unlinked on its own page.
            del self.fields["event"]
        if not with_tone:
            del self.fields["tone"]

    def fingerprint(self) -> str:
        data = self.cleaned_data
        return text_fingerprint(headline=data["headline"], excerpt=data["excerpt"])

    def mention_details(self) -> dict:
        """The cleaned fields, named as the mention services name them."""
        data = self.cleaned_data
        return {
            "published_on": data["published_on"],
            "outlet": data["outlet"],
            "headline": data["headline"],
            "excerpt": data["excerpt"],
            "url": data["url"],
            "estates": data["estates"],
            "tone": Tone(data["tone"]),
        }

    @staticmethod
    def initial_for(mention: PressMention) -> dict:
        return {
            "published_on": mention.published_on,
            "outlet": mention.outlet,
            "headline": mention.headline,
            "excerpt": mention.excerpt,
            "url": mention.url,
            "estates": list(mention.estates.all()),
            "tone": mention.tone,
            "suggested_for": text_fingerprint(headline=mention.headline, excerpt=mention.excerpt),
        }


class MentionFilterForm(forms.Form):
    """The list's filters. A value that is not among the choices is reported, not obeyed."""

    year = forms.TypedChoiceField(label=_("År"), coerce=int, required=False, empty_value=None)
    outlet = forms.ModelChoiceField(
        label=_("Medie"), queryset=Outlet.objects.none(), required=False, empty_label=_("Alle")
    )
    tone = forms.ChoiceField(
        label=_("Tone"), choices=[("", _("Alle")), *Tone.choices], required=False
    )
    estate = forms.ModelChoiceField(
        label=_("Boligområde"),
        queryset=Estate.objects.none(),
        required=False,
        empty_label=_("Alle"),
    )

    def __init__(self, *args, programme: Programme, years: list[int], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("Alle")), *((str(y), str(y)) for y in years)]
        self.fields["outlet"].queryset = Outlet.objects.filter(programme=programme)
        self.fields["estate"].queryset = programme.estates.all()


class EventLinkForm(forms.Form):
    event = forms.ModelChoiceField(
        label=_("Arrangement"),
        queryset=Event.objects.none(),
        empty_label=_("Vælg arrangement"),
        help_text=_("Indsatsens arrangementer, de nyeste først."),
    )

    def __init__(self, *args, mention: PressMention, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["event"].queryset = queries.events_to_link(mention=mention)
        self.fields["event"].label_from_instance = event_label


def mention_label(mention: PressMention) -> str:
    day = date_format(mention.published_on, "SHORT_DATE_FORMAT")
    return f"{day} · {mention.outlet.name}: {mention.headline}"


class MentionLinkForm(forms.Form):
    mention = forms.ModelChoiceField(
        label=_("Presseomtale"),
        queryset=PressMention.objects.none(),
        empty_label=_("Vælg presseomtale"),
        help_text=_("Omtaler fra en måned før til tre måneder efter arrangementet."),
    )

    def __init__(self, *args, event: Event, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["mention"].queryset = queries.mentions_to_link(event=event)
        self.fields["mention"].label_from_instance = mention_label


class OutletForm(forms.Form):
    name = forms.CharField(label=_("Navn"), max_length=200)
    kind = forms.ChoiceField(
        label=_("Slags"),
        choices=OutletKind.choices,
        initial=OutletKind.LOCAL_PRESS,
        help_text=_("Kun lokalaviser tæller med i målet om mindst 60 % positive omtaler."),
    )
