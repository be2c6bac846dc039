"""Everyday counselling (Hverdagsrådgivning): opening hours, anonymous inquiries, bookings.

An inquiry records what a resident needed and where they were bridged to, never who they
are: there is no field for a name, CPR number, address, phone or e-mail, and the free-text
note is checked by ``helhedsplan.core.anonymous_text``. A booking holds a first name or
initials and an optional phone number only until its day has passed.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.conf import settings
from django.contrib.auth.models import User
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from helhedsplan.audit.history import HistoricalRecordsWithLeanLinks
from helhedsplan.core.lists.models import ProgrammeListEntry
from helhedsplan.programmes.models import Estate


class Weekday(models.IntegerChoices):
    # Python's date.weekday() numbering, so a date maps to its schedule without translation.
    MONDAY = 0, _("mandag")
    TUESDAY = 1, _("tirsdag")
    WEDNESDAY = 2, _("onsdag")
    THURSDAY = 3, _("torsdag")
    FRIDAY = 4, _("fredag")
    SATURDAY = 5, _("lørdag")
    SUNDAY = 6, _("søndag")


class Channel(models.TextChoices):
    DROP_IN = "drop_in", _("Åben rådgivning")
    BOOKED = "booked", _("Booket tid")
    PHONE = "phone", _("Telefon")
    HOME_VISIT = "home_visit", _("Hjemmebesøg")
    OTHER_ACTIVITY = "other_activity", _("Mødt under anden aktivitet")
    ACCOMPANIED = "accompanied", _("Ledsagelse")


class Method(models.TextChoices):
    CONVERSATION = "conversation", _("Samtale")
    LETTER = "letter", _("Brev læst/oversat")
    CALL_ON_BEHALF = "call_on_behalf", _("Telefonopkald på borgerens vegne")
    ACCOMPANIED = "accompanied", _("Fulgt til kontor")
    HOME_VISIT = "home_visit", _("Hjemmebesøg")
    SELF_SERVICE = "self_service", _("Hjælp til selvbetjening")


class AgeBand(models.TextChoices):
    UNDER_25 = "under_25", _("Under 25 år")
    FROM_25 = "25_39", _("25-39 år")
    FROM_40 = "40_59", _("40-59 år")
    FROM_60 = "60_plus", _("60 år og derover")


class Gender(models.TextChoices):
    WOMAN = "woman", _("Kvinde")
    MAN = "man", _("Mand")
    OTHER = "other", _("Andet")


class OpeningHours(models.Model):
    """One weekly session of the counselling in an estate, e.g. Tuesday 13-17 in Beboerhuset.

    ``valid_from``/``valid_until`` let the schedule change without rewriting which weeks
    were open in the past.
    """

    estate = models.ForeignKey(
        Estate,
        on_delete=models.PROTECT,
        related_name="counselling_hours",
        verbose_name=_("boligområde"),
    )
    weekday = models.PositiveSmallIntegerField(_("ugedag"), choices=Weekday.choices)
    starts = models.TimeField(_("fra"))
    ends = models.TimeField(_("til"))
    place = models.CharField(_("sted"), max_length=120)
    valid_from = models.DateField(_("gælder fra"), null=True, blank=True)
    valid_until = models.DateField(_("gælder til"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["estate", "weekday", "starts"]
        verbose_name = _("åbningstid")
        verbose_name_plural = _("åbningstider")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends__gt=F("starts")), name="opening_hours_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True)
                | Q(valid_until__isnull=True)
                | Q(valid_until__gte=F("valid_from")),
                name="opening_hours_validity_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.estate}: {self.get_weekday_display()} {self.starts:%H.%M}-{self.ends:%H.%M}"

    def applies_on(self, day: datetime.date) -> bool:
        return (
            day.weekday() == self.weekday
            and (self.valid_from is None or self.valid_from <= day)
            and (self.valid_until is None or day <= self.valid_until)
        )


class Closure(models.Model):
    """Days on which the counselling in an estate is closed, e.g. the summer holiday."""

    estate = models.ForeignKey(
        Estate,
        on_delete=models.PROTECT,
        related_name="counselling_closures",
        verbose_name=_("boligområde"),
    )
    starts = models.DateField(_("lukket fra"))
    ends = models.DateField(_("lukket til og med"))
    reason = models.CharField(_("årsag"), max_length=120)

    history = HistoricalRecords()

    class Meta:
        ordering = ["estate", "starts"]
        verbose_name = _("lukkeperiode")
        verbose_name_plural = _("lukkeperioder")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends__gte=F("starts")), name="closure_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.estate}: {self.reason} ({self.starts:%d.%m.%Y}-{self.ends:%d.%m.%Y})"

    def covers(self, day: datetime.date) -> bool:
        return self.starts <= day <= self.ends


class Topic(ProgrammeListEntry):
    """What a resident needed help with (boligstøtte, MitID, …)."""

    history = HistoricalRecords()

    class Meta(ProgrammeListEntry.Meta):
        verbose_name = _("emne")
        verbose_name_plural = _("emner")


class Referral(ProgrammeListEntry):
    """A place the counselling bridges residents to (Borgerservice, Jobcenter, …)."""

    history = HistoricalRecords()

    class Meta(ProgrammeListEntry.Meta):
        verbose_name = _("brobygning til")
        verbose_name_plural = _("brobygning til")


class InquiryHistoricalRecords(HistoricalRecordsWithLeanLinks):
    """An inquiry's history, copying the link rows a service has just inserted (the
    inquiry's ``_history_links``, by field name) instead of reading them back: two
    statements fewer on every registration, each a round trip on PostgreSQL. The same rows
    are stored; without links given, they are read."""

    def create_historical_record_m2ms(self, history_instance, instance) -> None:
        links = getattr(instance, "_history_links", None)
        if links is None:
            super().create_historical_record_m2ms(history_instance, instance)
            return
        for field in history_instance._history_m2m_fields:
            history_model = self.m2m_models[field]
            columns = [f.attname for f in getattr(instance, field.name).through._meta.fields]
            history_model.objects.bulk_create(
                history_model(history=history_instance, **{c: getattr(link, c) for c in columns})
                for link in links[field.name]
            )


# Kept by name so that services can write one history record after the many-to-many
# fields are set, instead of one per field change.
INQUIRY_HISTORY = InquiryHistoricalRecords(m2m_fields=["topics", "bridged_to"])


class Inquiry(models.Model):
    """One resident helped once. Anonymous by design: nothing here says who they are."""

    estate = models.ForeignKey(
        Estate, on_delete=models.PROTECT, related_name="inquiries", verbose_name=_("boligområde")
    )
    occurred_at = models.DateTimeField(_("tidspunkt"), default=timezone.now, db_index=True)
    channel = models.CharField(
        _("kanal"), max_length=20, choices=Channel.choices, default=Channel.DROP_IN
    )
    topics = models.ManyToManyField(Topic, related_name="inquiries", verbose_name=_("emner"))
    bridged_to = models.ManyToManyField(
        Referral, blank=True, related_name="inquiries", verbose_name=_("brobygget til")
    )
    method = models.CharField(
        _("metode"), max_length=20, choices=Method.choices, default=Method.CONVERSATION
    )
    follow_up_needed = models.BooleanField(_("opfølgning nødvendig"), default=False)
    interpreter_or_language_help = models.BooleanField(_("tolk eller sproghjælp"), default=False)
    duration_minutes = models.PositiveSmallIntegerField(
        _("varighed i minutter"), null=True, blank=True
    )
    age_band = models.CharField(_("alder"), max_length=10, choices=AgeBand.choices, blank=True)
    gender = models.CharField(_("køn"), max_length=10, choices=Gender.choices, blank=True)
    note = models.CharField(_("kort note"), max_length=300, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registreret af"),
    )
    registered_at = models.DateTimeField(_("registreret"), default=timezone.now)

    history = INQUIRY_HISTORY
    # Set by the services for django-simple-history, which reads them when it saves: whether
    # to write no record now, and who made the change it records next.
    skip_history_when_saving: bool
    _history_user: User | None
    # Set by the services while they write the history record of a new inquiry: the link rows
    # just inserted, by field name (``InquiryHistoricalRecords``).
    _history_links: dict[str, Sequence[models.Model]]

    class Meta:
        ordering = ["-occurred_at", "-pk"]
        verbose_name = _("henvendelse")
        verbose_name_plural = _("henvendelser")
        indexes = [models.Index(fields=["estate", "occurred_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_minutes__isnull=True) | Q(duration_minutes__gt=0),
                name="inquiry_duration_positive",
            )
        ]

    def __str__(self) -> str:
        local = timezone.localtime(self.occurred_at)
        return f"{self.estate} {local:%d.%m.%Y %H.%M}"


class Booking(models.Model):
    """A booked slot in the counselling. The personal part (first name or initials, phone)
    is blanked by ``services.bookings_purge`` once the day has passed; the row stays as an
    anonymous count."""

    estate = models.ForeignKey(
        Estate, on_delete=models.PROTECT, related_name="bookings", verbose_name=_("boligområde")
    )
    starts = models.DateTimeField(_("tidspunkt"), db_index=True)
    duration_minutes = models.PositiveSmallIntegerField(_("varighed i minutter"), default=30)
    name = models.CharField(_("fornavn eller initialer"), max_length=30, blank=True)
    phone = models.CharField(_("telefon til påmindelse"), max_length=20, blank=True)
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("booket af"),
    )
    purged_at = models.DateTimeField(_("personoplysninger slettet"), null=True, blank=True)

    # The audit trail must not keep what the purge deletes.
    history = HistoricalRecords(excluded_fields=["name", "phone"])
    # Set by the services for django-simple-history: who made the change it records next.
    _history_user: User | None

    class Meta:
        ordering = ["starts"]
        verbose_name = _("booking")
        verbose_name_plural = _("bookinger")
        constraints = [
            models.CheckConstraint(
                condition=Q(purged_at__isnull=True) | (Q(name="") & Q(phone="")),
                name="booking_purged_is_blank",
            ),
            models.CheckConstraint(
                condition=Q(duration_minutes__gt=0), name="booking_duration_positive"
            ),
        ]

    def __str__(self) -> str:
        local = timezone.localtime(self.starts)
        return f"{self.estate} {local:%d.%m.%Y %H.%M}"

    @property
    def ends(self) -> datetime.datetime:
        return self.starts + datetime.timedelta(minutes=self.duration_minutes)
