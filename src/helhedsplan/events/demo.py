"""Events in Helsingør Syd: the seed agreement's four years, the follow-up agreement's from its
first day up to now, and a few in the coming weeks.

The figures follow the seed agreement's success criteria closely enough to show every status:
about six theme evenings a year but only three in 2020 (corona); four or more cultural events
a year in Vapnagaard and two in Nøjsomhed, with 2020 one short in Vapnagaard; an open house in
each estate every year; resident-driven activities, youth initiatives with Ungdomsskolen and
network meetings; and events at Kulturhus Syd by associations from outside, more each year,
imported from the house's booking calendar and counted for K4 without anyone marking them held.
Youth initiatives are for the young (target group ``youth``, criterion F2), resident-driven
activities for a mixed group (``mixed``, F4); resident-driven activities, open houses and
cultural events record how many resident volunteers helped.
The follow-up's years ask what the criteria ask, with one more outside association a year.
The past comes from fixed seeds, so every demo looks the same on the same day; the coming
events are placed relative to the day the demo first ran, so the calendars have something in
them.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field, replace

from django.utils import timezone

from helhedsplan.core.lists.services import list_entry_ensure
from helhedsplan.events import kulturhus, services
from helhedsplan.events.models import (
    BookingSource,
    Event,
    EventStatus,
    EventType,
    EventTypeCode,
    Organiser,
    Partner,
    TargetGroup,
    TargetGroupCode,
    Venue,
)
from helhedsplan.programmes.demo import DEMO_PROGRAMME, follow_up_period
from helhedsplan.programmes.models import Estate, Programme

SEED = 2018
# The volunteer counts are drawn from a stream of their own, so that adding them left every
# other figure the main seed gives exactly as it was.
VOLUNTEERS_SEED = 2019
YEARS = range(2018, 2022)
NOJSOMHED, VAPNAGAARD = "Nøjsomhed", "Vapnagaard"
BOTH = (NOJSOMHED, VAPNAGAARD)

KULTURHUS, FAELLESHUSET, BEBOERHUSET = (
    "Kulturhus Syd",
    "Fælleshuset i Nøjsomhed",
    "Beboerhuset på Vapnagaard",
)
VENUES = [KULTURHUS, FAELLESHUSET, BEBOERHUSET]
HOME_VENUE = {NOJSOMHED: FAELLESHUSET, VAPNAGAARD: BEBOERHUSET}

TEATER, BILLEDSKOLEN, UNGDOMSSKOLEN, FRIVILLIGHEDSCENTERET = (
    "Helsingør Teater",
    "Billedskolen",
    "Ungdomsskolen",
    "Frivillighedscenteret",
)
BORGERSERVICE, SUNDHEDSCENTRET, JOBCENTER = "Borgerservice", "Sundhedscentret", "Jobcenter"
PARTNERS = [
    TEATER,
    BILLEDSKOLEN,
    KULTURHUS,
    UNGDOMSSKOLEN,
    FRIVILLIGHEDSCENTERET,
    BORGERSERVICE,
    SUNDHEDSCENTRET,
    JOBCENTER,
]

THEME_EVENING_TOPICS = [
    ("Boligstøtte – sådan søger du", [BORGERSERVICE]),
    ("MitID: kom godt i gang", [BORGERSERVICE]),
    ("e-Boks og digital post fra det offentlige", [BORGERSERVICE]),
    ("Sund kost på et lille budget", [SUNDHEDSCENTRET]),
    ("Forældreskab: når barnet starter i skole", [SUNDHEDSCENTRET]),
    ("Jobsøgning og CV", [JOBCENTER]),
    ("Ensomhed – og hvor man kan finde fællesskab", [FRIVILLIGHEDSCENTERET]),
    ("Forældre-intra: sådan følger du med i skolen", []),
    ("Gæld og budget med Frivillighedscenterets gældsrådgivning", [FRIVILLIGHEDSCENTERET]),
    ("Sundhed og motion i hverdagen", [SUNDHEDSCENTRET]),
    ("Pension og efterløn – hvad skal jeg vide?", [BORGERSERVICE]),
    ("Søvn og skærmtid for børn", [SUNDHEDSCENTRET]),
    ("Fra ledig til job: virksomhedspraktik", [JOBCENTER]),
    ("Din læge og sundhedsvæsenet", [SUNDHEDSCENTRET]),
]
THEME_EVENINGS_PER_YEAR = {2018: 6, 2019: 7, 2020: 3, 2021: 6}

CULTURAL_TITLES = [
    ("Gadeteater på plænen", [TEATER, KULTURHUS]),
    ("Billedværksted for børn og forældre", [BILLEDSKOLEN]),
    ("Fernisering: beboernes billeder", [BILLEDSKOLEN, KULTURHUS]),
    ("Teaterworkshop for hele familien", [TEATER]),
    ("Fortælleaften", [KULTURHUS]),
    ("Sommerkoncert", [KULTURHUS]),
    ("Maskeværksted til fastelavn", [BILLEDSKOLEN]),
    ("Dukketeater for de mindste", [TEATER]),
]
# Held cultural events per estate and year; Vapnagaard's 2020 street theatre was cancelled.
CULTURAL_PER_YEAR = {
    VAPNAGAARD: {2018: 5, 2019: 4, 2020: 3, 2021: 4},
    NOJSOMHED: {2018: 2, 2019: 2, 2020: 2, 2021: 2},
}
# What the criterion (K1) asks for each year, and what the later years hold.
CULTURAL_TARGETS = {VAPNAGAARD: 4, NOJSOMHED: 2}

RESIDENT_ACTIVITIES = [
    "Fællesspisning",
    "Loppemarked",
    "Strikkecafé",
    "Sommerfest",
    "Julehygge",
    "Fastelavnsfest",
    "Grillaften",
    "Kaffeklub for seniorer",
]
YOUTH_INITIATIVES = [
    "Unge frivillige holder lektiecafé",
    "Unge arrangerer sommerfest for børnene",
    "Unge hjælpere til åbent hus",
    "Graffitiværksted ved de unge frivillige",
    "Unge frivillige holder spilleaften",
]
YOUTH_PER_YEAR = {2018: 2, 2019: 3, 2020: 1, 2021: 2}
NETWORK_MEETINGS_PER_YEAR = {2018: 3, 2019: 3, 2020: 2, 2021: 3}

OUTSIDE_ASSOCIATIONS = [
    ("Helsingør Skakklub", "Skakturnering for alle"),
    ("Foreningen Nordisk Folkedans", "Folkedansaften"),
    ("Syrisk-Dansk Kulturforening", "Kulturaften med syrisk musik"),
    ("Helsingør Harmonikaklub", "Harmonikakoncert"),
    ("FOF Helsingør", "Foredrag om Helsingørs historie"),
    ("Danske Seniorer Helsingør", "Banko"),
    ("Kor 92", "Korkoncert"),
    ("Helsingør Filmklub", "Filmaften"),
]
OUTSIDE_PER_YEAR = {2018: 2, 2019: 3, 2020: 4, 2021: 6}

TARGET_GROUPS = {
    EventTypeCode.YOUTH_INITIATIVE: [TargetGroupCode.YOUTH],
    EventTypeCode.RESIDENT_ACTIVITY: [TargetGroupCode.MIXED],
}
# How many resident volunteers help at a held event of these types, at least and at most.
VOLUNTEERS = {
    EventTypeCode.RESIDENT_ACTIVITY: (2, 8),
    EventTypeCode.OPEN_HOUSE: (6, 15),
    EventTypeCode.CULTURAL: (1, 5),
}


@dataclass
class Plan:
    code: EventTypeCode
    title: str
    starts_at: datetime.datetime
    hours: int
    estates: tuple[str, ...]
    partners: list[str] = field(default_factory=list)
    venue: str | None = None
    organiser: Organiser = Organiser.PROGRAMME
    organiser_name: str = ""
    status: EventStatus = EventStatus.HELD
    # Ranges the participant counts are drawn from: residents, then everyone else.
    residents: tuple[int, int] = (10, 30)
    others: tuple[int, int] = (0, 5)
    notes: str = ""


def _moment(
    rng: random.Random, year: int, month: int, hour: int, *, weekdays: range = range(7)
) -> datetime.datetime:
    days = [day for day in range(1, 29) if datetime.date(year, month, day).weekday() in weekdays]
    day = rng.choice(days)
    return timezone.make_aware(datetime.datetime(year, month, day, hour))


def _past_plans(rng: random.Random) -> list[Plan]:
    """The seed agreement's four years, from one random stream."""
    return [plan for year in YEARS for plan in _year_plans(rng, year)]


def _outside_per_year(year: int) -> int:
    # After the seed agreement, one more outside association a year from 2024 on, as long as
    # there are associations to come.
    return OUTSIDE_PER_YEAR.get(year, min(year - 2019, len(OUTSIDE_ASSOCIATIONS)))


def _year_plans(rng: random.Random, year: int) -> list[Plan]:
    """A year's events. The seed agreement's years have their figures; a later year has what
    the criteria ask for, which ``rng`` places in the year."""
    plans: list[Plan] = []
    evenings = range(0, 4)  # Monday to Thursday
    count = THEME_EVENINGS_PER_YEAR.get(year, 6)
    months = sorted(rng.sample([1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 12], count))
    if year == 2020:
        months = [1, 2, 10]
    topics = rng.sample(THEME_EVENING_TOPICS, count)
    places = [(VAPNAGAARD,), (NOJSOMHED,), BOTH]
    for index, (month, (topic, partners)) in enumerate(zip(months, topics, strict=True)):
        estates = places[index % 3]
        plans.append(
            Plan(
                EventTypeCode.THEME_EVENING,
                topic,
                _moment(rng, year, month, 17, weekdays=evenings),
                2,
                estates,
                partners,
                HOME_VENUE[estates[0]] if len(estates) == 1 else KULTURHUS,
                residents=(6, 28),
                others=(0, 3),
            )
        )

    for estate, per_year in CULTURAL_PER_YEAR.items():
        held = per_year.get(year, CULTURAL_TARGETS[estate])
        shows = rng.sample(CULTURAL_TITLES, held)
        months = sorted(rng.sample([2, 3, 4, 5, 6, 8, 9, 10, 11], held))
        for month, (title, partners) in zip(months, shows, strict=True):
            plans.append(
                Plan(
                    EventTypeCode.CULTURAL,
                    title,
                    _moment(rng, year, month, 14),
                    2,
                    (estate,),
                    partners,
                    KULTURHUS if estate == VAPNAGAARD else FAELLESHUSET,
                    residents=(25, 90),
                    others=(10, 45),
                )
            )
    if year == 2020:
        plans.append(
            Plan(
                EventTypeCode.CULTURAL,
                "Gadeteaterfestival",
                timezone.make_aware(datetime.datetime(2020, 4, 18, 13)),
                4,
                (VAPNAGAARD,),
                [TEATER, KULTURHUS],
                KULTURHUS,
                status=EventStatus.CANCELLED,
                notes="Aflyst på grund af corona-restriktionerne.",
            )
        )

    for estate, month in ((VAPNAGAARD, 6), (NOJSOMHED, 8)):
        plans.append(
            Plan(
                EventTypeCode.OPEN_HOUSE,
                f"Åbent hus i {estate}",
                _moment(rng, year, month, 12, weekdays=range(5, 6)),
                5,
                (estate,),
                [],
                HOME_VENUE[estate],
                Organiser.RESIDENTS,
                residents=(60, 180),
                others=(15, 50),
            )
        )

    for estate in BOTH:
        held = 3 if (year, estate) == (2020, NOJSOMHED) else 4 + rng.randint(0, 1)
        titles = rng.sample(RESIDENT_ACTIVITIES, held)
        months = sorted(rng.sample([1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 12], held))
        for month, title in zip(months, titles, strict=True):
            plans.append(
                Plan(
                    EventTypeCode.RESIDENT_ACTIVITY,
                    title,
                    _moment(rng, year, month, 15),
                    3,
                    (estate,),
                    [],
                    HOME_VENUE[estate],
                    Organiser.RESIDENTS,
                    residents=(12, 60),
                    others=(0, 8),
                )
            )
    if year == 2020:
        plans.append(
            Plan(
                EventTypeCode.RESIDENT_ACTIVITY,
                "Fællesspisning",
                timezone.make_aware(datetime.datetime(2020, 3, 19, 17)),
                3,
                (NOJSOMHED,),
                [],
                FAELLESHUSET,
                Organiser.RESIDENTS,
                status=EventStatus.CANCELLED,
                notes="Aflyst på grund af corona-restriktionerne.",
            )
        )

    titles = rng.sample(YOUTH_INITIATIVES, YOUTH_PER_YEAR.get(year, 2))
    months = sorted(rng.sample([3, 4, 5, 6, 8, 9, 10], YOUTH_PER_YEAR.get(year, 2)))
    for month, title in zip(months, titles, strict=True):
        plans.append(
            Plan(
                EventTypeCode.YOUTH_INITIATIVE,
                title,
                _moment(rng, year, month, 16, weekdays=evenings),
                2,
                rng.choice([(VAPNAGAARD,), (NOJSOMHED,), BOTH]),
                [UNGDOMSSKOLEN],
                residents=(8, 30),
                others=(2, 10),
            )
        )

    months = sorted(rng.sample([2, 3, 5, 9, 10, 11], NETWORK_MEETINGS_PER_YEAR.get(year, 3)))
    for month in months:
        plans.append(
            Plan(
                EventTypeCode.NETWORK_MEETING,
                "Netværksmøde for frivillige",
                _moment(rng, year, month, 18, weekdays=evenings),
                2,
                BOTH,
                [FRIVILLIGHEDSCENTERET],
                BEBOERHUSET,
                residents=(10, 25),
                others=(2, 6),
            )
        )

    guests = rng.sample(OUTSIDE_ASSOCIATIONS, _outside_per_year(year))
    months = sorted(rng.sample(range(1, 13), _outside_per_year(year)))
    for month, (association, title) in zip(months, guests, strict=True):
        plans.append(
            Plan(
                EventTypeCode.OTHER,
                title,
                _moment(rng, year, month, 19),
                2,
                (VAPNAGAARD,),
                [KULTURHUS],
                KULTURHUS,
                Organiser.EXTERNAL,
                association,
                residents=(15, 60),
                others=(15, 60),
            )
        )
    return plans


def _coming_plans(today: datetime.date) -> list[Plan]:
    def at(days: int, hour: int) -> datetime.datetime:
        day = today + datetime.timedelta(days=days)
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))

    planned = EventStatus.PLANNED
    return [
        Plan(
            EventTypeCode.THEME_EVENING,
            "Digital post og e-Boks",
            at(5, 17),
            2,
            BOTH,
            [BORGERSERVICE],
            KULTURHUS,
            status=planned,
        ),
        Plan(
            EventTypeCode.CULTURAL,
            "Juleværksted med Billedskolen",
            at(9, 14),
            3,
            (VAPNAGAARD,),
            [BILLEDSKOLEN, KULTURHUS],
            KULTURHUS,
            status=planned,
        ),
        Plan(
            EventTypeCode.RESIDENT_ACTIVITY,
            "Julehygge i Fælleshuset",
            at(12, 15),
            3,
            (NOJSOMHED,),
            [],
            FAELLESHUSET,
            Organiser.RESIDENTS,
            status=planned,
        ),
        Plan(
            EventTypeCode.NETWORK_MEETING,
            "Netværksmøde for frivillige",
            at(16, 18),
            2,
            BOTH,
            [FRIVILLIGHEDSCENTERET],
            BEBOERHUSET,
            status=planned,
        ),
        Plan(
            EventTypeCode.THEME_EVENING,
            "Ensomhed i julen – hvor kan man gå hen?",
            at(20, 17),
            2,
            (NOJSOMHED,),
            [FRIVILLIGHEDSCENTERET],
            FAELLESHUSET,
            status=planned,
        ),
        Plan(
            EventTypeCode.CULTURAL,
            "Børneteater i Fælleshuset",
            at(26, 14),
            2,
            (NOJSOMHED,),
            [TEATER],
            FAELLESHUSET,
            status=planned,
        ),
        Plan(
            EventTypeCode.OTHER,
            "Nytårskoncert",
            at(33, 19),
            2,
            (VAPNAGAARD,),
            [KULTURHUS],
            KULTURHUS,
            Organiser.EXTERNAL,
            "Helsingør Harmonikaklub",
            status=planned,
        ),
        Plan(
            EventTypeCode.YOUTH_INITIATIVE,
            "Unge frivillige holder spilleaften",
            at(37, 16),
            2,
            BOTH,
            [UNGDOMSSKOLEN],
            BEBOERHUSET,
            status=planned,
        ),
    ]


@dataclass(frozen=True)
class _Demo:
    """The programme's lists and the random streams every planned event is made from."""

    rng: random.Random
    volunteers_rng: random.Random
    programme: Programme
    types: dict[str, EventType]
    target_groups: dict[str, TargetGroup]
    estates: dict[str, Estate]
    venues: dict[str, Venue]
    partners: dict[str, Partner]


def _create(plan: Plan, demo: _Demo) -> Event:
    held = plan.status == EventStatus.HELD
    volunteers = VOLUNTEERS.get(plan.code)
    return services.event_create(
        programme=demo.programme,
        type=demo.types[plan.code],
        title=plan.title,
        starts_at=plan.starts_at,
        ends_at=plan.starts_at + datetime.timedelta(hours=plan.hours),
        estates=[demo.estates[name] for name in plan.estates],
        venue=demo.venues[plan.venue] if plan.venue else None,
        organiser=plan.organiser,
        organiser_name=plan.organiser_name,
        partners=[demo.partners[name] for name in plan.partners],
        target_groups=[demo.target_groups[code] for code in TARGET_GROUPS.get(plan.code, [])],
        status=plan.status,
        participants_residents=demo.rng.randint(*plan.residents) if held else None,
        participants_non_residents=demo.rng.randint(*plan.others) if held else None,
        resident_volunteers=(
            demo.volunteers_rng.randint(*volunteers) if held and volunteers else None
        ),
        notes=plan.notes,
        created_by=None,
    )


def _from_the_calendar(plan: Plan) -> bool:
    """Whether the event is an outside association's booking in Kulturhus Syd's calendar."""
    return plan.venue == KULTURHUS and plan.organiser == Organiser.EXTERNAL


def _booking(plan: Plan, key: str, position: int) -> kulturhus.Booking:
    key = f"ics:demo-{key}@kulturhussyd.dk"
    return kulturhus.Booking(
        source=BookingSource.ICS,
        key=key,
        series=key,
        occurrence=None,
        position=position,
        title=plan.title,
        starts_at=plan.starts_at,
        ends_at=plan.starts_at + datetime.timedelta(hours=plan.hours),
        organiser_name=plan.organiser_name,
        room="Store sal",
        cancelled=False,
    )


def _load_seed_years(demo: _Demo) -> None:
    """The seed agreement's four years and the coming weeks, from one random stream."""
    bookings: list[kulturhus.Booking] = []
    for plan in _past_plans(demo.rng) + _coming_plans(timezone.localdate()):
        if not _from_the_calendar(plan):
            _create(plan, demo)
            continue
        bookings.append(_booking(plan, str(len(bookings) + 1), len(bookings) + 1))
        if plan.status == EventStatus.HELD:
            # These bookings were once registered by hand with participant counts; the counts
            # are still drawn, so every other event keeps the figures it has always had.
            demo.rng.randint(*plan.residents)
            demo.rng.randint(*plan.others)
    services.kulturhus_import(
        programme=demo.programme,
        bookings=bookings,
        estate=demo.estates[VAPNAGAARD],
        created_by=None,
    )


def _load_follow_up(demo: _Demo) -> None:
    """The follow-up agreement's events, held, from its first day up to now, and Kulturhus
    Syd's calendar from the year before it (K4 compares each year with the one before) to the
    end of the running year. A year's events have a random stream of their own and each
    event's counts another, so an event comes out the same whichever day it is made on: a
    later run adds the events since, and finds those it made before by title and start. The
    calendar is imported whole each time, and an import finds its bookings again by key."""
    first, last = follow_up_period(demo.programme)
    now = timezone.now()
    today = timezone.localtime(now).date()
    if today < first:
        return
    made = set(
        Event.objects.filter(
            programme=demo.programme,
            starts_at__gte=timezone.make_aware(datetime.datetime.combine(first, datetime.time())),
        ).values_list("title", "starts_at")
    )
    bookings: list[kulturhus.Booking] = []
    for year in range(first.year - 1, min(today.year, last.year) + 1):
        plans = _year_plans(random.Random(f"{SEED}:{year}"), year)
        calendar = [plan for plan in plans if _from_the_calendar(plan)]
        bookings += [
            _booking(plan, f"{year}-{number}", len(bookings) + number)
            for number, plan in enumerate(calendar, start=1)
        ]
        if year < first.year:
            continue
        for plan in plans:
            ended = plan.starts_at + datetime.timedelta(hours=plan.hours) <= now
            if _from_the_calendar(plan) or not ended or (plan.title, plan.starts_at) in made:
                continue
            seed = f"{SEED}:{plan.title}:{plan.starts_at.isoformat()}"
            _create(
                plan,
                replace(
                    demo,
                    rng=random.Random(seed),
                    volunteers_rng=random.Random(f"{VOLUNTEERS_SEED}:{seed}"),
                ),
            )
    services.kulturhus_import(
        programme=demo.programme,
        bookings=bookings,
        estate=demo.estates[VAPNAGAARD],
        created_by=None,
    )


def load_demo_data() -> None:
    programme = Programme.objects.get(name=DEMO_PROGRAMME)
    services.event_types_ensure()
    services.target_groups_ensure()
    demo = _Demo(
        rng=random.Random(SEED),
        volunteers_rng=random.Random(VOLUNTEERS_SEED),
        programme=programme,
        types={t.code: t for t in EventType.objects.all()},
        target_groups={g.code: g for g in TargetGroup.objects.all()},
        estates={e.name: e for e in programme.estates.all()},
        venues={
            name: list_entry_ensure(model=Venue, programme=programme, name=name) for name in VENUES
        },
        partners={
            name: list_entry_ensure(model=Partner, programme=programme, name=name)
            for name in PARTNERS
        },
    )
    # The coming events move with the calendar, so a second run on another day would not find
    # them again by date: the programme's having events at all is what marks them as loaded.
    if not Event.objects.filter(programme=programme).exists():
        _load_seed_years(demo)
    _load_follow_up(demo)
