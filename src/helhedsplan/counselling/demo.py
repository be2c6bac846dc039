"""Demo counselling for Helsingør Syd: opening hours, closures, the seed agreement's four years
of inquiries, and the follow-up agreement's from its first day up to now.

Deterministic (fixed random seeds) and idempotent: the seed agreement's years and the bookings
are skipped when the programme already has them; the follow-up's inquiries are topped up to
now. Inquiries are loaded with bulk_create, without history, as an import would.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Iterator

from django.contrib.auth import get_user_model
from django.utils import timezone

from helhedsplan.counselling import queries, services
from helhedsplan.counselling.models import (
    AgeBand,
    Booking,
    Channel,
    Closure,
    Gender,
    Inquiry,
    Method,
    OpeningHours,
    Referral,
    Topic,
    Weekday,
)
from helhedsplan.programmes.demo import DEMO_PROGRAMME, follow_up_period
from helhedsplan.programmes.models import Estate, Programme

SEED = 20180101
FIRST_DAY = datetime.date(2018, 1, 1)
LAST_DAY = datetime.date(2021, 12, 31)
WEEKLY_RANGE = (8, 14)
T = datetime.time

HOURS = {
    "Vapnagaard": [
        (Weekday.TUESDAY, T(13), T(17), "Beboerhuset"),
        (Weekday.THURSDAY, T(9), T(12), "Beboerhuset"),
    ],
    "Nøjsomhed": [
        (Weekday.WEDNESDAY, T(13), T(16), "Fælleshuset"),
        (Weekday.FRIDAY, T(9), T(11), "Fælleshuset"),
    ],
}
# Relative weights: what residents come with, and where each topic is usually bridged to
# (None: helped on the spot).
TOPIC_WEIGHTS = {
    "Boligstøtte": 12,
    "MitID/NemID": 10,
    "e-Boks og digital post": 10,
    "Oversættelse/læsning af breve": 14,
    "Forældreintra og skole": 6,
    "Jobsøgning": 8,
    "Læge og sundhed": 7,
    "Kost": 2,
    "Forældreskab": 4,
    "Ensomhed": 4,
    "Økonomi og gæld": 8,
    "Andet": 3,
}
BRIDGES = {
    "Boligstøtte": ["Borgerservice"],
    "MitID/NemID": ["Borgerservice"],
    "e-Boks og digital post": ["Borgerservice"],
    "Oversættelse/læsning af breve": ["Borgerservice", "Jobcenter", "Familieafdelingen"],
    "Forældreintra og skole": ["Skole"],
    "Jobsøgning": ["Jobcenter"],
    "Læge og sundhed": ["Læge", "Sundhedscentret"],
    "Kost": ["Sundhedscentret"],
    "Forældreskab": ["Familieafdelingen", "SSP"],
    "Ensomhed": ["SKP"],
    "Økonomi og gæld": ["Frivillighedscentrets gældsrådgivning"],
    "Andet": ["Andet"],
}
BRIDGED_SHARE = 0.55
CHANNEL_WEIGHTS = {
    Channel.DROP_IN: 60,
    Channel.BOOKED: 15,
    Channel.PHONE: 10,
    Channel.OTHER_ACTIVITY: 7,
    Channel.HOME_VISIT: 5,
    Channel.ACCOMPANIED: 3,
}
METHOD_WEIGHTS = {
    Method.CONVERSATION: 50,
    Method.SELF_SERVICE: 25,
    Method.CALL_ON_BEHALF: 15,
    Method.LETTER: 10,
}
NOTES = [
    "Kommer igen næste uge med brevet.",
    "Aftalt at følges til Borgerservice kl. 10.30.",
    "Har fået hjælp til ansøgning, ca. 1.200 kr. om måneden.",
    "Skal have svar inden 01.03.",
]
DEMO_BOOKINGS = ["A.", "Mona", "K.H."]


def _pick(rng: random.Random, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _closures(year: int) -> list[tuple[datetime.date, datetime.date, str]]:
    summer = datetime.date.fromisocalendar(year, 28, 1)
    return [
        (summer, summer + datetime.timedelta(days=20), "Sommerferie"),
        (datetime.date(year, 12, 22), datetime.date(year + 1, 1, 1), "Juleferie"),
    ]


def _ensure_schedule(estate: Estate, *, last_year: int) -> None:
    if not OpeningHours.objects.filter(estate=estate).exists():
        for weekday, starts, ends, place in HOURS.get(estate.name, []):
            services.opening_hours_add(
                estate=estate,
                weekday=weekday,
                starts=starts,
                ends=ends,
                place=place,
                valid_from=FIRST_DAY,
            )
    for year in range(FIRST_DAY.year, last_year + 1):
        for first_day, last_day, reason in _closures(year):
            if not Closure.objects.filter(estate=estate, starts=first_day, ends=last_day).exists():
                services.closure_add(estate=estate, starts=first_day, ends=last_day, reason=reason)


Row = tuple[Inquiry, list[Topic], list[Referral]]


def _week(
    rng: random.Random,
    sessions: list[queries.Session],
    topics: dict[str, Topic],
    referrals: dict[str, Referral],
    registrar,
) -> list[Row]:
    """One week's inquiries, spread over its sessions."""
    made = []
    for _n in range(rng.randint(*WEEKLY_RANGE) if sessions else 0):
        session = rng.choice(sessions)
        start, end = session.start_datetime(), session.end_datetime()
        minutes = rng.randrange(int((end - start).total_seconds() // 60))
        occurred_at = start + datetime.timedelta(minutes=minutes)
        chosen = list(
            dict.fromkeys(
                _pick(rng, TOPIC_WEIGHTS) for _t in range(rng.choices([1, 2, 3], [70, 25, 5])[0])
            )
        )
        bridged = (
            sorted({rng.choice(BRIDGES[name]) for name in chosen})
            if rng.random() < BRIDGED_SHARE
            else []
        )
        channel = _pick(rng, CHANNEL_WEIGHTS)
        if channel in {Channel.HOME_VISIT, Channel.ACCOMPANIED}:
            method = Method.HOME_VISIT if channel == Channel.HOME_VISIT else Method.ACCOMPANIED
        elif "Oversættelse/læsning af breve" in chosen:
            method = Method.LETTER
        else:
            method = _pick(rng, METHOD_WEIGHTS)
        inquiry = Inquiry(
            estate=session.estate,
            occurred_at=occurred_at,
            channel=channel,
            method=method,
            follow_up_needed=rng.random() < 0.2,
            interpreter_or_language_help=rng.random() < 0.15,
            duration_minutes=rng.randrange(10, 65, 5) if rng.random() < 0.7 else None,
            age_band=rng.choice(AgeBand.values) if rng.random() < 0.6 else "",
            gender=rng.choice(Gender.values) if rng.random() < 0.6 else "",
            note=rng.choice(NOTES) if rng.random() < 0.05 else "",
            registered_by=registrar,
            registered_at=occurred_at,
        )
        made.append((inquiry, [topics[name] for name in chosen], [referrals[n] for n in bridged]))
    return made


def _weeks(
    estate: Estate, first: datetime.date, last: datetime.date, *, until: datetime.date | None = None
) -> Iterator[tuple[datetime.date, list[queries.Session]]]:
    """Each week that touches ``first``-``last`` (up to the week of ``until``): its Monday and
    its sessions within ``first``-``last``. A week is always whole, so that its inquiries come
    out the same whichever of its days it is made on."""
    plan = queries.schedule(estate)
    monday = first - datetime.timedelta(days=first.weekday())
    while monday <= min(last, until or last):
        sessions = [
            s
            for s in plan.sessions_between(monday, monday + datetime.timedelta(days=6))
            if first <= s.day <= last
        ]
        yield monday, sessions
        monday += datetime.timedelta(weeks=1)


def _store(made: list[Row]) -> None:
    """Inquiries with their topics and bridges, in bulk, without history, as an import would."""
    created = Inquiry.objects.bulk_create([inquiry for inquiry, _t, _r in made], batch_size=500)
    Inquiry.topics.through.objects.bulk_create(
        [
            Inquiry.topics.through(inquiry_id=inquiry.pk, topic_id=topic.pk)
            for inquiry, (_i, chosen, _r) in zip(created, made, strict=True)
            for topic in chosen
        ],
        batch_size=1000,
    )
    Inquiry.bridged_to.through.objects.bulk_create(
        [
            Inquiry.bridged_to.through(inquiry_id=inquiry.pk, referral_id=referral.pk)
            for inquiry, (_i, _t, bridged) in zip(created, made, strict=True)
            for referral in bridged
        ],
        batch_size=1000,
    )


def _load_inquiries(
    programme: Programme,
    topics: dict[str, Topic],
    referrals: dict[str, Referral],
    registrar,
) -> None:
    """The seed agreement's four years, from one random stream."""
    if Inquiry.objects.filter(estate__programme=programme).exists():
        return
    rng = random.Random(SEED)
    _store(
        [
            row
            for estate in programme.estates.order_by("name")
            for _monday, sessions in _weeks(estate, FIRST_DAY, LAST_DAY)
            for row in _week(rng, sessions, topics, referrals, registrar)
        ]
    )


def _load_follow_up_inquiries(
    programme: Programme,
    topics: dict[str, Topic],
    referrals: dict[str, Referral],
    registrar,
) -> None:
    """The follow-up agreement's inquiries from its first day up to now. Each week has a random
    stream of its own, so a week comes out the same whichever day it is made on: a later run
    adds the inquiries since, and finds those it made before by estate and moment."""
    first, last = follow_up_period(programme)
    now = timezone.now()
    today = timezone.localtime(now).date()
    if today < first:
        return
    for estate in programme.estates.order_by("name"):
        made = set(
            Inquiry.objects.filter(
                estate=estate,
                occurred_at__gte=timezone.make_aware(
                    datetime.datetime.combine(first, datetime.time.min)
                ),
            ).values_list("occurred_at", flat=True)
        )
        _store(
            [
                row
                for monday, sessions in _weeks(estate, first, last, until=today)
                for row in _week(
                    random.Random(f"{SEED}:{estate.name}:{monday.isoformat()}"),
                    sessions,
                    topics,
                    referrals,
                    registrar,
                )
                if row[0].occurred_at <= now and row[0].occurred_at not in made
            ]
        )


def _load_bookings(programme: Programme, *, today: datetime.date) -> None:
    """A few bookings in the coming sessions, so the bookings page has something to show."""
    if Booking.objects.filter(estate__programme=programme).exists():
        return
    registrar = get_user_model().objects.filter(username="medarbejder").first()
    now = timezone.now()
    upcoming = [
        session
        for estate in programme.estates.order_by("name")
        for session in queries.schedule(estate).sessions_between(
            today, today + datetime.timedelta(weeks=4)
        )
        if session.start_datetime() > now
    ]
    for name, session in zip(DEMO_BOOKINGS, sorted(upcoming, key=lambda s: s.day), strict=False):
        services.booking_create(
            estate=session.estate,
            starts=session.start_datetime(),
            duration_minutes=30,
            name=name,
            by=registrar,
        )


def load_demo_data() -> None:
    programme = Programme.objects.get(name=DEMO_PROGRAMME)
    today = timezone.localdate()
    services.categories_ensure_defaults(programme=programme)
    for estate in programme.estates.all():
        _ensure_schedule(estate, last_year=max(LAST_DAY.year, today.year + 1))
    topics = {t.name: t for t in Topic.objects.filter(programme=programme)}
    referrals = {r.name: r for r in Referral.objects.filter(programme=programme)}
    registrar = get_user_model().objects.filter(username="medarbejder").first()
    _load_inquiries(programme, topics, referrals, registrar)
    _load_follow_up_inquiries(programme, topics, referrals, registrar)
    _load_bookings(programme, today=today)
    services.bookings_purge()
