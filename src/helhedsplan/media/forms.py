from __future__ import annotations

import datetime
import hashlib
from typing import Any, cast

from django import forms
from django.core.validators import URLValidator
from django.db.models import QuerySet
from django.http import QueryDict
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from helhedsplan.core import idempotency
from helhedsplan.core.forms import search_field
from helhedsplan.core.lists.forms import ListEntryForm
from helhedsplan.events.forms import DATE_INPUTS, DATE_WIDGET
from helhedsplan.events.models import Event
from helhedsplan.media import queries
from helhedsplan.media.models import Outlet, OutletKind, PressMention, Tone
from helhedsplan.media.services import mention_text, tone_suggestion
from helhedsplan.media.tone import ToneSuggestion
from helhedsplan.programmes.models import Estate, Programme


def text_fingerprint(*, headline: str, excerpt: str) -> str:
    """Names the text a shown suggestion was made for, so that saving can tell whether the
    person has seen the suggestion for the text they save."""
    text = mention_text(headline=headline, excerpt=excerpt)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


class EventChoiceField(forms.ModelChoiceField):
    """An event, shown with its day: several events may share a title."""

    def label_from_instance(self, obj: Event) -> str:
        day = date_format(timezone.localtime(obj.starts_at), "SHORT_DATE_FORMAT")
        return f"{day} · {obj.title}"


class MentionForm(forms.Form):
    """A mention's details. The tone is asked for only once the suggestion has been shown
    (``with_tone``), so that the person sees it before choosing."""

    # A new mention saved again after its answer was lost is stored once (core/idempotency);
    # the key is carried from the suggestion step to the save.
    idempotency_key = idempotency.key_field()
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
    event = EventChoiceField(
        label=_("Arrangement"),
        queryset=Event.objects.none(),
        required=False,
        empty_label=_("Intet arrangement"),
        help_text=_("Det arrangement, omtalen dækker, hvis den dækker et. Flere kan tilknyttes."),
    )
    tone = forms.TypedChoiceField(
        label=_("Tone"),
        choices=Tone.choices,
        coerce=Tone,
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
        events: QuerySet[Event] | None = None,
        with_tone: bool,
        **kwargs,
    ) -> None:
        """``events``: the events a new mention's menu offers (``EventFinderForm`` narrows
        them); every event it may cover when not given."""
        super().__init__(*args, **kwargs)
        self.programme = programme
        self.mention = mention
        self.events = events
        outlet = cast(forms.ModelChoiceField, self.fields["outlet"])
        outlet.queryset = queries.outlets_for_choice(
            programme=programme, keep=mention.outlet if mention else None
        )
        estates = cast(forms.ModelMultipleChoiceField, self.fields["estates"])
        estates.queryset = programme.estates.all()
        if mention is None:
            event = cast(EventChoiceField, self.fields["event"])
            event.queryset = (
                queries.events_for_new_mention(programme=programme) if events is None else events
            )
        else:
            # A saved mention's events are linked and unlinked on its own page.
            del self.fields["event"]
        if not with_tone:
            del self.fields["tone"]

    def fingerprint(self) -> str:
        data = self.cleaned_data
        return text_fingerprint(headline=data["headline"], excerpt=data["excerpt"])

    def suggestion(self) -> ToneSuggestion | None:
        """The tone suggested for the text as typed, once its headline is valid."""
        headline = self.cleaned_data.get("headline")
        if not headline:
            return None
        return tone_suggestion(
            headline=headline,
            excerpt=self.cleaned_data.get("excerpt", ""),
            programme=self.programme,
        )

    def suggestion_shown(self) -> bool:
        """Whether the person has seen the suggestion for the text they send."""
        return self.cleaned_data["suggested_for"] == self.fingerprint()

    def with_suggestion(self, suggestion: ToneSuggestion) -> MentionForm:
        """The form as sent, with the suggested tone chosen and the text it was made for
        noted, so that the person sees it and may change it before saving."""
        data = cast(QueryDict, self.data).copy()
        data["tone"] = suggestion.tone.value
        data["suggested_for"] = self.fingerprint()
        return MentionForm(
            data, programme=self.programme, mention=self.mention, events=self.events, with_tone=True
        )

    def mention_details(self) -> dict[str, Any]:
        """The cleaned fields, named as the mention services name them."""
        data = self.cleaned_data
        return {
            "published_on": data["published_on"],
            "outlet": data["outlet"],
            "headline": data["headline"],
            "excerpt": data["excerpt"],
            "url": data["url"],
            "estates": data["estates"],
            "tone": data["tone"],
        }

    def registration_details(self) -> dict[str, Any]:
        """The details of a new mention, with the event it covers if one was chosen."""
        event = self.cleaned_data.get("event")
        return {**self.mention_details(), "events": [event] if event else []}

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

    q = search_field(_("Ord fra overskrift, uddrag, link eller medie."))
    year = forms.TypedChoiceField(label=_("År"), coerce=int, required=False, empty_value=None)
    outlet = forms.ModelChoiceField(
        label=_("Medie"), queryset=Outlet.objects.none(), required=False, empty_label=_("Alle")
    )
    tone = forms.TypedChoiceField(
        label=_("Tone"),
        choices=[("", _("Alle")), *Tone.choices],
        coerce=Tone,
        required=False,
        empty_value=None,
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
        year.choices = [("", _("Alle")), *((str(y), str(y)) for y in years)]
        outlet = cast(forms.ModelChoiceField, self.fields["outlet"])
        outlet.queryset = Outlet.objects.filter(programme=programme)
        estate = cast(forms.ModelChoiceField, self.fields["estate"])
        estate.queryset = programme.estates.all()


class InitialEventForm(forms.Form):
    """``?event=`` on the page of a new mention: the event it starts out covering, when it is
    registered from the event's page; or the event chosen in the posted form. Anything else
    is ignored."""

    event = forms.ModelChoiceField(queryset=Event.objects.none(), required=False)

    def __init__(self, *args, programme: Programme, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        event = cast(forms.ModelChoiceField, self.fields["event"])
        event.queryset = queries.events_for_new_mention(programme=programme)

    def chosen(self) -> Event | None:
        return self.cleaned_data["event"] if self.is_valid() else None


class EventFinderForm(forms.Form):
    """``?events-year=…&events-q=…`` on the page of a new mention: narrows its menu of events,
    which would otherwise hold every event of every year. Until a year is asked for, it is the
    chosen event's year, else the running year, else the latest with events; "" is all years.
    The mention's form is posted to the page's address, so the narrowing stays while the
    person fills it in."""

    prefix = "events"
    year = forms.TypedChoiceField(
        label=_("Arrangementernes år"), coerce=int, required=False, empty_value=None
    )
    q = search_field(_("Ord fra arrangementets titel, type, sted eller noter."))

    def __init__(
        self,
        data: QueryDict,
        *,
        years: list[int],
        chosen: Event | None,
        today: datetime.date,
    ) -> None:
        default = _default_event_year(years, chosen, today)
        if self.add_prefix("year") not in data and default is not None:
            data = data.copy()
            data[self.add_prefix("year")] = str(default)
        super().__init__(data)
        year = cast(forms.TypedChoiceField, self.fields["year"])
        year.choices = [("", _("Alle år")), *((str(y), str(y)) for y in years)]

    def narrowing(self) -> dict[str, Any]:
        """``events_for_new_mention``'s year and search; a value that is not valid narrows
        nothing, and the form shows why."""
        self.is_valid()
        return {"year": self.cleaned_data.get("year"), "search": self.cleaned_data.get("q") or ""}


def _default_event_year(years: list[int], chosen: Event | None, today: datetime.date) -> int | None:
    if chosen is not None:
        return timezone.localtime(chosen.starts_at).year
    if today.year in years:
        return today.year
    return years[0] if years else None


class EventLinkForm(forms.Form):
    event = EventChoiceField(
        label=_("Arrangement"),
        queryset=Event.objects.none(),
        empty_label=_("Vælg arrangement"),
        help_text=_("Indsatsens arrangementer, de nyeste først."),
    )

    def __init__(self, *args, mention: PressMention, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        event = cast(EventChoiceField, self.fields["event"])
        event.queryset = queries.events_to_link(mention=mention)


class MentionChoiceField(forms.ModelChoiceField):
    """A mention, shown with its day and outlet: headlines are often alike."""

    def label_from_instance(self, obj: PressMention) -> str:
        day = date_format(obj.published_on, "SHORT_DATE_FORMAT")
        return f"{day} · {obj.outlet.name}: {obj.headline}"


class MentionLinkForm(forms.Form):
    mention = MentionChoiceField(
        label=_("Presseomtale"),
        queryset=PressMention.objects.none(),
        empty_label=_("Vælg presseomtale"),
        help_text=_("Omtaler fra en måned før til tre måneder efter arrangementet."),
    )

    def __init__(
        self, *args, event: Event, estates: QuerySet[Estate] | None = None, **kwargs
    ) -> None:
        """``estates``: offer only the mentions of these (the person's own); the view refuses
        a posted mention the person may not change."""
        super().__init__(*args, **kwargs)
        self.mentions = queries.mentions_to_link(event=event)
        if estates is not None:
            self.mentions = self.mentions.filter(estates__in=estates).distinct()
        mention = cast(MentionChoiceField, self.fields["mention"])
        mention.queryset = self.mentions


class OutletForm(ListEntryForm):
    """An outlet's name and kind; the kind may change later, and its mentions follow."""

    kind = forms.TypedChoiceField(
        label=_("Slags"),
        choices=OutletKind.choices,
        coerce=OutletKind,
        initial=OutletKind.LOCAL_PRESS,
        help_text=_("Kun lokalaviser tæller med i målet om mindst 60 % positive omtaler."),
    )
