"""Reads of press mentions: lists, the yearly positive share (O4), event coverage (K3) and how
often the suggested tone agreed with the one people chose."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from helhedsplan.accounts.access import User
from helhedsplan.core.exports import Column
from helhedsplan.core.search import matching
from helhedsplan.events.models import Event, EventStatus, EventTypeCode
from helhedsplan.events.queries import SEARCHED_FIELDS as EVENT_SEARCHED_FIELDS
from helhedsplan.media.models import Outlet, OutletKind, PressMention, Tone, ToneModel
from helhedsplan.programmes.models import Estate, Programme

# Criterion O4: at least this share of the local-press mentions is positive.
POSITIVE_TARGET = 0.6
# Mentions offered for linking to an event: published this long before it to this long after.
LINK_BEFORE = datetime.timedelta(days=30)
LINK_AFTER = datetime.timedelta(days=90)


# What the search box of the list looks in.
SEARCHED_FIELDS = ("headline", "excerpt", "url", "outlet__name")


def mentions_with_details(mentions: QuerySet[PressMention] | None = None) -> QuerySet[PressMention]:
    mentions = PressMention.objects.all() if mentions is None else mentions
    return mentions.select_related("outlet", "programme").prefetch_related("estates", "events")


def mention_list(
    *,
    programme: Programme,
    year: int | None = None,
    outlet: Outlet | None = None,
    tone: Tone | None = None,
    estate: Estate | None = None,
    search: str = "",
) -> QuerySet[PressMention]:
    """The programme's mentions, newest first, narrowed by whichever filters are given;
    ``search`` looks in the headline, excerpt, link and outlet."""
    mentions = PressMention.objects.filter(programme=programme).filter(
        matching(search, SEARCHED_FIELDS)
    )
    if year is not None:
        mentions = mentions.filter(published_on__year=year)
    if outlet is not None:
        mentions = mentions.filter(outlet=outlet)
    if tone is not None:
        mentions = mentions.filter(tone=tone)
    if estate is not None:
        mentions = mentions.filter(estates=estate)
    return mentions_with_details(mentions).order_by("-published_on", "-pk")


# The list's export: what the list shows and what a mention's page shows besides.
EXPORT_COLUMNS: list[Column[PressMention]] = [
    Column(_("Udgivet"), lambda m: m.published_on, 11),
    Column(_("Medie"), lambda m: m.outlet.name, 20),
    Column(_("Overskrift"), lambda m: m.headline, 48),
    Column(_("Tone"), lambda m: m.get_tone_display(), 10),
    Column(_("Foreslået tone"), lambda m: m.get_suggested_tone_display(), 10),
    Column(_("Boligområder"), lambda m: [estate.name for estate in m.estates.all()], 20),
    Column(_("Arrangementer"), lambda m: [event.title for event in m.events.all()], 32),
    Column(_("Link"), lambda m: m.url, 32),
    Column(_("Uddrag"), lambda m: m.excerpt, 48),
]


def mention_years(*, programme: Programme) -> list[int]:
    """The years in which the programme has mentions, newest first."""
    days = PressMention.objects.filter(programme=programme).dates(
        "published_on", "year", order="DESC"
    )
    return [day.year for day in days]


def local_press_mentions(*, programme: Programme) -> QuerySet[PressMention]:
    """The mentions criterion O4 is about: those in the local press, not in own channels."""
    return PressMention.objects.filter(programme=programme, outlet__kind=OutletKind.LOCAL_PRESS)


@dataclass(frozen=True)
class YearShare:
    year: int
    total: int
    positive: int

    @property
    def share(self) -> float:
        return self.positive / self.total if self.total else 0.0

    @property
    def percent(self) -> float:
        return 100 * self.share

    @property
    def met(self) -> bool:
        return self.share >= POSITIVE_TARGET


def positive_share_per_year(*, programme: Programme) -> list[YearShare]:
    """Per year, newest first: the local-press mentions and how many of them are positive."""
    rows = (
        local_press_mentions(programme=programme)
        .annotate(year=ExtractYear("published_on"))
        .values("year")
        .annotate(total=Count("pk"), positive=Count("pk", filter=Q(tone=Tone.POSITIVE)))
        .order_by("-year")
    )
    return [YearShare(row["year"], row["total"], row["positive"]) for row in rows]


def event_mentions(*, event: Event) -> QuerySet[PressMention]:
    return event.press_mentions.select_related("outlet", "programme").order_by("published_on")


def mentions_to_link(*, event: Event) -> QuerySet[PressMention]:
    """The programme's mentions from around the event that do not cover it yet."""
    day = event.starts_at.date()
    return (
        PressMention.objects.filter(
            programme_id=event.programme_id,
            published_on__gte=day - LINK_BEFORE,
            published_on__lte=day + LINK_AFTER,
        )
        .exclude(events=event)
        .select_related("outlet")
        .order_by("published_on", "pk")
    )


def events_to_link(*, mention: PressMention) -> QuerySet[Event]:
    """The programme's events a mention may cover and does not yet, the nearest first in
    time: cancelled events are left out, as nothing took place to cover."""
    return (
        Event.objects.filter(programme_id=mention.programme_id)
        .exclude(status=EventStatus.CANCELLED)
        .exclude(press_mentions=mention)
        .order_by("-starts_at", "pk")
    )


def _coverable_events(programme: Programme) -> QuerySet[Event]:
    """The programme's events a mention may cover: not the cancelled, where nothing took
    place to cover."""
    return Event.objects.filter(programme=programme).exclude(status=EventStatus.CANCELLED)


def events_for_new_mention(
    *,
    programme: Programme,
    year: int | None = None,
    search: str = "",
    keep: Event | None = None,
) -> QuerySet[Event]:
    """The events a new mention may cover, newest first, narrowed to ``year`` (in Danish
    time) and to those ``search`` finds as the events list finds them; ``keep``, the event
    already chosen, stays whatever the narrowing."""
    narrowed = matching(search, EVENT_SEARCHED_FIELDS)
    if year is not None:
        start = timezone.make_aware(datetime.datetime(year, 1, 1))
        narrowed &= Q(starts_at__gte=start, starts_at__lt=start.replace(year=year + 1))
    if keep is not None:
        narrowed |= Q(pk=keep.pk)
    return _coverable_events(programme).filter(narrowed).order_by("-starts_at", "pk")


def event_years_for_new_mention(*, programme: Programme) -> list[int]:
    """The years (in Danish time) of the events a new mention may cover, newest first."""
    starts = _coverable_events(programme).datetimes("starts_at", "year", order="DESC")
    return [start.year for start in starts]


def outlets_for_choice(*, programme: Programme, keep: Outlet | None = None) -> QuerySet[Outlet]:
    """The outlets a new mention may name, plus ``keep``, the outlet a mention already has."""
    keep_id = keep.pk if keep else None
    return Outlet.objects.filter(programme=programme).filter(Q(active=True) | Q(pk=keep_id))


@dataclass(frozen=True)
class ToneAgreement:
    tone: Tone
    total: int
    agreed: int

    @property
    def percent(self) -> float | None:
        return 100 * self.agreed / self.total if self.total else None


@dataclass(frozen=True)
class ToneAccuracy:
    total: int
    agreed: int
    # Per chosen tone: how many mentions had it and how often the suggestion said the same.
    per_tone: list[ToneAgreement]
    # rows[chosen][suggested] = count, in the order of ``Tone``.
    matrix: list[tuple[Tone, list[int]]]

    @property
    def percent(self) -> float | None:
        return 100 * self.agreed / self.total if self.total else None


def tone_accuracy(*, programme: Programme) -> ToneAccuracy:
    """How often the suggested tone was the one people chose, overall and per tone, and the
    confusion table of chosen against suggested tone."""
    mentions = PressMention.objects.filter(programme=programme)
    cells = {
        (row["tone"], row["suggested_tone"]): row["count"]
        for row in mentions.values("tone", "suggested_tone").annotate(count=Count("pk"))
    }
    tones = list(Tone)
    matrix = [
        (chosen, [cells.get((chosen, suggested), 0) for suggested in tones]) for chosen in tones
    ]
    per_tone = [
        ToneAgreement(chosen, sum(row), cells.get((chosen, chosen), 0)) for chosen, row in matrix
    ]
    return ToneAccuracy(
        total=sum(cells.values()),
        agreed=sum(agreement.agreed for agreement in per_tone),
        per_tone=per_tone,
        matrix=matrix,
    )


def mentions_registered_by(*, user: User, programme: Programme, limit: int) -> list[PressMention]:
    """The mentions ``user`` registered last in the programme, the newest registration first."""
    found = PressMention.objects.filter(programme=programme, registered_by_id=user.pk)
    found = found.select_related("outlet", "programme").prefetch_related("estates")
    return list(found.order_by("-created_at", "-pk")[:limit])


def cultural_events_without_mention(
    *, programme: Programme, estates: Sequence[Estate], first: datetime.date, last: datetime.date
) -> QuerySet[Event]:
    """The cultural events held from ``first`` to ``last`` in any of ``estates`` that no
    registered mention covers, the latest first: criterion K3 asks that the press covers
    every one, so each is a mention not registered yet or coverage still to be sought."""
    start, end = (
        timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
        for day in (first, last + datetime.timedelta(days=1))
    )
    return (
        Event.objects.filter(
            programme=programme,
            type__code=EventTypeCode.CULTURAL,
            status=EventStatus.HELD,
            starts_at__gte=start,
            starts_at__lt=end,
            estates__in=estates,
            press_mentions__isnull=True,
        )
        .distinct()
        .order_by("-starts_at", "pk")
    )


def tone_model(*, programme: Programme | None) -> ToneModel | None:
    """The programme's tone model and its figures, without the fitted numbers; with
    ``programme=None``, the general one."""
    return ToneModel.objects.filter(programme=programme).defer("parameters").first()
