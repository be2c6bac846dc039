"""Press mentions of Helsingør Syd: the seed agreement's four years, 2018-2021, and the
follow-up agreement's from its first day up to today.

The figures follow the seed agreement's criteria closely enough to show every status: in the
local press at least 60 % of the mentions are positive in 2018, 2020 and 2021, but 2019 dips
below after a summer of unrest and of news of the development plan; and most held cultural
events are covered, but one in 2019 and one in 2021 are not, so K3 is missed those years. Each
mention's tone is the one the programme's people would give it, by their own reading of some
kinds of news (see POSITIVE); where the suggestion says otherwise, the mention is recorded as
overridden.
The follow-up's years have about the same share of positive mentions, and one held cultural
event a year that no one covers.
The mentions come from fixed seeds and build on the events demo, so every demo looks alike on
the same day.
"""

from __future__ import annotations

import datetime
import random
from collections import defaultdict
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.utils import timezone

from helhedsplan.core.lists.services import list_entry_ensure
from helhedsplan.events.models import Event, EventStatus, EventTypeCode
from helhedsplan.media import services
from helhedsplan.media.models import Outlet, OutletKind, PressMention, Tone
from helhedsplan.programmes.demo import DEMO_PROGRAMME, follow_up_period
from helhedsplan.programmes.models import Estate, Programme

SEED = 2018
YEARS = range(2018, 2022)
NOJSOMHED, VAPNAGAARD = "Nøjsomhed", "Vapnagaard"
REGISTRAR = "medarbejder"

DAGBLADET, AMTSAVISEN, UGEAVISEN = (
    "Helsingør Dagblad",
    "Fredensborg Amtsavis",
    "Ugeavisen Nordsjælland",
)
NYHEDSBREVET, FACEBOOK = "Kulturhus Syds nyhedsbrev", "Helhedsplanens Facebook-side"
LOCAL_PRESS = [DAGBLADET, AMTSAVISEN, UGEAVISEN]
OUTLETS = [
    (DAGBLADET, OutletKind.LOCAL_PRESS),
    (AMTSAVISEN, OutletKind.LOCAL_PRESS),
    (UGEAVISEN, OutletKind.LOCAL_PRESS),
    (NYHEDSBREVET, OutletKind.OWN_CHANNEL),
    (FACEBOOK, OutletKind.OWN_CHANNEL),
]

# Local-press mentions per year and tone. 2019: 13 of 28 positive (46 %), after the summer.
LOCAL_PER_YEAR = {
    2018: {Tone.POSITIVE: 18, Tone.NEUTRAL: 5, Tone.NEGATIVE: 5},
    2019: {Tone.POSITIVE: 13, Tone.NEUTRAL: 5, Tone.NEGATIVE: 10},
    2020: {Tone.POSITIVE: 16, Tone.NEUTRAL: 4, Tone.NEGATIVE: 5},
    2021: {Tone.POSITIVE: 20, Tone.NEUTRAL: 4, Tone.NEGATIVE: 4},
}
# Held cultural events no one covered: the n-th of the year (K3 missed those years).
UNCOVERED = {2019: 2, 2021: 3}
# Posts on the programme's own channels that cover no event, per year.
OWN_POSTS_PER_YEAR = 4
# The follow-up agreement's years: local-press mentions besides the coverage of events, and
# the held cultural event of each year that no one covers (the n-th).
FOLLOW_UP_LOCAL_PER_YEAR = {Tone.POSITIVE: 17, Tone.NEUTRAL: 5, Tone.NEGATIVE: 6}
FOLLOW_UP_UNCOVERED = 2


@dataclass(frozen=True)
class Text:
    headline: str
    excerpt: str


# The programme's own reading. A real programme labels some kinds of mentions its own way,
# consistently, and that is what its tone model is for (``learning``). Helsingør Syd counts a
# notice of its own activities in the local press (an open house, a new team, a call for
# volunteers) as good press: getting residents to come is what the notice is for, and getting
# it in is part of the communication work. A notice of someone else's (the housing
# organisation's, the utility's) is neutral, as anyone would read it. And it counts the news
# of the development plan under the parallel-society law (family homes sold, owner-occupied
# homes built on the green, blocks turned into youth homes) as bad press: the residents and
# their boards oppose it, though the papers mostly tell it as a plan, without bad words. The
# general rules read most of these as neutral (or new homes as good news), so the mentions are
# recorded as overridden; the model learns the reading from the words that come with it
# ("helhedsplanen", "lektiecaféen", "udviklingsplanen", "familieboliger"), its
# cross-validated blend beats the rules, and the demo's suggestions use it.
# "{estate}" is filled in with the estate the mention is about.
POSITIVE = [
    Text(
        "Fællesspisning i {estate} samlede over hundrede beboere",
        "Frivillige stod for maden, og der var fuldt hus i beboerhuset.",
    ),
    Text(
        "Ny legeplads indviet i {estate}",
        "Børnene fik selv lov at vælge gyngerne, da den nye legeplads blev bygget.",
    ),
    Text(
        "Lektiecafé i {estate} er blevet en succes",
        "Hver tirsdag får op mod 30 børn hjælp til lektierne af frivillige.",
    ),
    Text(
        "Unge frivillige i {estate} hædret for deres indsats",
        "Ti unge fik diplom og tak for et år med frivilligt arbejde.",
    ),
    Text(
        "Beboerne i {estate} står sammen om at gøre området grønnere",
        "En ny køkkenhave giver grøntsager og naboskab.",
    ),
    Text(
        "Tryghedsvandring: beboerne føler sig mere trygge i {estate}",
        "Ved årets vandring var der ros til den nye belysning.",
    ),
    Text(
        "Sommerfest i {estate} samlede hele området",
        "Musik, grill og hoppeborg trak både beboere og naboer til.",
    ),
    Text(
        "Frivillige i {estate} gør en forskel for ensomme ældre",
        "Kaffeklubben har fået flere nye medlemmer.",
    ),
    Text(
        "Flere beboere fra {estate} er kommet i job",
        "Jobcaféen har hjulpet 25 i arbejde eller uddannelse.",
    ),
    Text(
        "Kriminaliteten i {estate} er faldet markant",
        "Politiet melder om færre anmeldelser end sidste år.",
    ),
    Text(
        "Beboerpanelet giver bedre dialog med politiet i {estate}",
        "Beboere og betjente mødes hver anden måned og løser problemer sammen.",
    ),
    # The programme's own reading (above): a notice of its own activity.
    Text(
        "Helhedsplanen holder åbent hus i {estate} på lørdag",
        "Der er kaffe og information om årets aktiviteter.",
    ),
    Text(
        "Helsingør Syd løfter sig: færre klager og mere fællesskab",
        "Boligsocial helhedsplan gør en forskel, siger formanden.",
    ),
    # The programme's own reading (above): a notice of its own activity.
    Text(
        "Nyt hold i cykelskolen for kvinder i {estate}",
        "Helhedsplanen har lånt cykler, og tilmelding sker i beboerhuset.",
    ),
    Text(
        "Unge i {estate} har fået fritidsjob gennem nyt projekt",
        "Samarbejdet med lokale butikker har givet 15 unge deres første job.",
    ),
    Text(
        "Ros til frivillige, der holder {estate} rent",
        "Hver måned samler beboerne affald på stierne.",
    ),
    Text(
        "Gældsrådgivning hjælper beboere i {estate} videre",
        "Frivillighedscenterets rådgivere har haft travlt.",
    ),
    # The programme's own reading (above): a notice of its own activity, in words the rules
    # read as good too.
    Text(
        "Helhedsplanen inviterer til fastelavnsfest i {estate}",
        "Der er tøndeslagning og fastelavnsboller til alle børn.",
    ),
    Text(
        "Vapnagaard er ude af ghettolisten",
        "Beboerne fejrede nyheden med kaffe og kage i beboerhuset.",
    ),
    Text(
        "Beboerne i {estate} er glade for den nye hverdagsrådgivning",
        "Flere hundrede har fået hjælp til breve, boligstøtte og MitID.",
    ),
    # The programme's own reading (above): a notice of its own activity.
    Text(
        "Lektiecaféen i {estate} søger flere frivillige",
        "Caféen har åbent tirsdag og torsdag, og alle kan give en hånd med en time om ugen.",
    ),
    Text(
        "Kunst fra {estate} pryder nu gavlen på blok 4",
        "Børn og voksne har malet sammen med Billedskolen.",
    ),
    Text(
        "Rekordmange til julehygge i {estate}",
        "Frivillige havde bagt æbleskiver til over 150 gæster.",
    ),
    Text(
        "Trivslen i {estate} er forbedret, viser ny undersøgelse",
        "Flere beboere siger, at de kender deres naboer.",
    ),
]
NEUTRAL = [
    # A notice of an activity that is not the programme's own: neutral by its reading too.
    Text(
        "Boligorganisationen inviterer til informationsmøde om nye altaner i {estate}",
        "Arbejdet begynder efter sommerferien.",
    ),
    Text(
        "Boligorganisationen holder afdelingsmøde i {estate}",
        "Mødet handler om budget og vedligehold.",
    ),
    Text(
        "Forsyningen udskifter fjernvarmerør på stierne i {estate}",
        "Stierne er spærret i tre uger.",
    ),
    Text(
        "Kommunen vil se på trafikken på vejene omkring {estate}",
        "Forslaget behandles i teknisk udvalg i næste måned.",
    ),
    Text("Renovering af facaderne i {estate} begynder i maj", "Arbejdet ventes at tage to år."),
    Text("Helsingør Syd får ny sekretariatsleder", "Hun kommer fra en stilling i kommunen."),
    Text("Temaaften om boligstøtte i {estate}", "Borgerservice fortæller, hvordan man søger."),
    Text(
        "Beboerhuset i {estate} holder sommerlukket i juli",
        "Hverdagsrådgivningen åbner igen i august.",
    ),
]
NEGATIVE = [
    Text(
        "Bilbrand i {estate} natten til lørdag",
        "Politiet efterforsker, om bilen blev sat i brand med vilje.",
    ),
    Text(
        "Politiet efterforsker skyderi ved {estate}",
        "Ingen kom til skade, men beboerne er utrygge.",
    ),
    Text(
        "Uro og hærværk i {estate}: unge kastede sten mod busser",
        "Movia har i en periode omlagt ruten.",
    ),
    Text(
        "Beboere i {estate} føler sig utrygge efter knivstikkeri",
        "En ung mand blev såret og kørt på hospitalet.",
    ),
    Text("Indbrud i kælderrum i {estate}", "Politiet opfordrer beboerne til at låse dørene."),
    Text(
        "Politiet indfører visitationszone i Helsingør Syd",
        "Zonen gælder i foreløbig 14 dage efter flere episoder.",
    ),
    # The programme's own reading (above): the development plan's homes.
    Text(
        "Udviklingsplan: to blokke i {estate} bliver til ungdomsboliger",
        "Lejerne skal genhuses inden for tre år, som udviklingsplanen lægger op til.",
    ),
    # The programme's own reading (above): the development plan's homes, in words the rules
    # read as bad too.
    Text(
        "Vrede beboere i {estate}: vi vil ikke sælges",
        "Udviklingsplanen betyder, at 80 familieboliger skal sælges.",
    ),
    # The programme's own reading (above): the development plan's homes.
    Text(
        "Kommunen vil sælge 80 familieboliger i {estate}",
        "Salget er en del af udviklingsplanen for området.",
    ),
    # The programme's own reading (above): the development plan's homes.
    Text(
        "Nye ejerboliger skal bygges på grønningen i {estate}",
        "Ifølge udviklingsplanen skal byggeriet give en mere blandet beboersammensætning.",
    ),
]
# Summer months of 2019, when the negative news came one after another.
BAD_SUMMER = (6, 7, 8)

# How the press and the programme's channels cover a cultural event; "{title}" is filled in.
EVENT_COVERAGE = [
    Text(
        "{title} samlede beboere og gæster fra hele byen",
        "Arrangementet var et samarbejde med helhedsplanen.",
    ),
    Text("Fuldt hus til {title}", "Både beboere og folk udefra fandt vej til arrangementet."),
    Text("Stor succes med {title}", "Arrangørerne glæder sig allerede til næste gang."),
    Text("Glade gæster til {title}", "Børn og voksne hyggede sig sammen."),
]


def _day(
    rng: random.Random, year: int, months: tuple[int, ...] = tuple(range(1, 13))
) -> datetime.date:
    month = rng.choice(months)
    return datetime.date(year, month, rng.randint(1, 28))


def _estates(rng: random.Random, estates: dict[str, Estate]) -> list[Estate]:
    # Vapnagaard is almost four times Nøjsomhed and in the news accordingly.
    choice = rng.choices([(VAPNAGAARD,), (NOJSOMHED,), (VAPNAGAARD, NOJSOMHED)], [5, 2, 1])[0]
    return [estates[name] for name in choice]


@dataclass
class _Plan:
    published_on: datetime.date
    outlet: str
    text: Text
    tone: Tone
    estates: list[Estate]
    events: list[Event]


def _fill(text: Text, **values: str) -> Text:
    return Text(text.headline.format(**values), text.excerpt.format(**values))


def _coverage(rng: random.Random, event: Event, *, local_press: bool) -> list[_Plan]:
    """How the programme's own channel covers a held cultural event, and, half the time and
    if ``local_press`` allows, a local paper."""
    day = timezone.localtime(event.starts_at).date()
    event_estates = list(event.estates.all())
    title = event.title
    own = NYHEDSBREVET if event.venue and event.venue.name == "Kulturhus Syd" else FACEBOOK
    plans = [
        _Plan(
            day + datetime.timedelta(days=rng.randint(1, 4)),
            own,
            _fill(rng.choice(EVENT_COVERAGE), title=title),
            Tone.POSITIVE,
            event_estates,
            [event],
        )
    ]
    if rng.random() < 0.5 and local_press:
        plans.append(
            _Plan(
                day + datetime.timedelta(days=rng.randint(1, 6)),
                rng.choice(LOCAL_PRESS),
                _fill(rng.choice(EVENT_COVERAGE), title=title),
                Tone.POSITIVE,
                event_estates,
                [event],
            )
        )
    return plans


def _other_mentions(
    rng: random.Random, year: int, estates: dict[str, Estate], budget: dict[Tone, int]
) -> list[_Plan]:
    """A year's local-press mentions by tone, as many as ``budget`` says, and the posts on the
    programme's own channels that cover no event."""
    plans: list[_Plan] = []
    pools = ((Tone.POSITIVE, POSITIVE), (Tone.NEUTRAL, NEUTRAL), (Tone.NEGATIVE, NEGATIVE))
    for tone, pool in pools:
        months = BAD_SUMMER if (year, tone) == (2019, Tone.NEGATIVE) else tuple(range(1, 13))
        for text in rng.sample(pool, budget[tone]):
            chosen = _estates(rng, estates)
            plans.append(
                _Plan(
                    _day(rng, year, months),
                    rng.choice(LOCAL_PRESS),
                    _fill(text, estate=chosen[0].name),
                    tone,
                    chosen,
                    [],
                )
            )
    for text in rng.sample(POSITIVE + NEUTRAL, OWN_POSTS_PER_YEAR):
        chosen = _estates(rng, estates)
        plans.append(
            _Plan(
                _day(rng, year),
                FACEBOOK,
                _fill(text, estate=chosen[0].name),
                Tone.POSITIVE if text in POSITIVE else Tone.NEUTRAL,
                chosen,
                [],
            )
        )
    return plans


def _cultural_by_year(programme: Programme, first: datetime.date) -> dict[int, list[Event]]:
    """The programme's held cultural events from ``first`` on, by year, in order."""
    cultural = Event.objects.filter(
        programme=programme,
        type__code=EventTypeCode.CULTURAL,
        status=EventStatus.HELD,
        starts_at__gte=timezone.make_aware(datetime.datetime.combine(first, datetime.time())),
    ).order_by("starts_at", "pk")
    by_year: dict[int, list[Event]] = defaultdict(list)
    for event in cultural.prefetch_related("estates").select_related("venue"):
        by_year[timezone.localtime(event.starts_at).year].append(event)
    return by_year


def _plans(rng: random.Random, programme: Programme) -> list[_Plan]:
    """The seed agreement's four years, from one random stream: the local press's coverage of
    events comes out of the year's positive mentions."""
    estates = {estate.name: estate for estate in programme.estates.all()}
    by_year = _cultural_by_year(programme, datetime.date(YEARS[0], 1, 1))
    plans: list[_Plan] = []
    for year in YEARS:
        budget = dict(LOCAL_PER_YEAR[year])
        for index, event in enumerate(by_year[year], start=1):
            if UNCOVERED.get(year) == index:
                continue
            covered = _coverage(rng, event, local_press=budget[Tone.POSITIVE] > 0)
            budget[Tone.POSITIVE] -= len(covered) - 1
            plans += covered
        plans += _other_mentions(rng, year, estates, budget)
    return sorted(plans, key=lambda plan: plan.published_on)


def _follow_up_plans(programme: Programme, today: datetime.date) -> list[_Plan]:
    """The follow-up agreement's years up to ``today``. Each year's mentions have a random
    stream of their own and each event's coverage another, so a mention comes out the same
    whichever day it is made on."""
    first, last = follow_up_period(programme)
    estates = {estate.name: estate for estate in programme.estates.all()}
    by_year = _cultural_by_year(programme, first)
    plans: list[_Plan] = []
    for year in range(first.year, min(today.year, last.year) + 1):
        for index, event in enumerate(by_year[year], start=1):
            if index != FOLLOW_UP_UNCOVERED:
                seed = f"{SEED}:{event.title}:{event.starts_at.isoformat()}"
                plans += _coverage(random.Random(seed), event, local_press=True)
        plans += _other_mentions(
            random.Random(f"{SEED}:{year}"), year, estates, dict(FOLLOW_UP_LOCAL_PER_YEAR)
        )
    return sorted(
        (plan for plan in plans if plan.published_on <= today), key=lambda p: p.published_on
    )


def _register(programme: Programme, plans: list[_Plan], outlets: dict[str, Outlet]) -> None:
    registrar = get_user_model().objects.filter(username=REGISTRAR).first()
    for plan in plans:
        services.mention_register(
            programme=programme,
            published_on=plan.published_on,
            outlet=outlets[plan.outlet],
            headline=plan.text.headline,
            excerpt=plan.text.excerpt,
            estates=plan.estates,
            events=plan.events,
            tone=plan.tone,
            registered_by=registrar,
        )


def load_demo_data() -> None:
    programme = Programme.objects.get(name=DEMO_PROGRAMME)
    outlets: dict[str, Outlet] = {
        name: list_entry_ensure(
            model=Outlet, programme=programme, name=name, details={"kind": kind}
        )
        for name, kind in OUTLETS
    }
    if not PressMention.objects.filter(
        programme=programme, published_on__lte=datetime.date(YEARS[-1], 12, 31)
    ).exists():
        _register(programme, _plans(random.Random(SEED), programme), outlets)
    # A later run adds the mentions since, and finds those it made before by their headline,
    # day and outlet.
    first = follow_up_period(programme)[0]
    made = set(
        PressMention.objects.filter(programme=programme, published_on__gte=first).values_list(
            "headline", "published_on", "outlet__name"
        )
    )
    _register(
        programme,
        [
            plan
            for plan in _follow_up_plans(programme, timezone.localdate())
            if (plan.text.headline, plan.published_on, plan.outlet) not in made
        ],
        outlets,
    )
    # The tones chosen above are the programme's labels: its own tone model learns from them,
    # so the demo shows the model and its cross-validated figures from the start.
    services.tone_model_train(programme=programme)
