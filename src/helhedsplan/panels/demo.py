"""The resident panels of Helsingør Syd: one per estate, with members of obviously invented
names (each on a consent under the programme's consent text), and meetings with the police
about every second month from 2018 to today in each estate. A few years fall one short of
P1's six, so the dashboard shows both outcomes. Idempotent: a panel, member or meeting that
exists is kept.

Part 2 adds a site plan per estate (drawn here with Pillow), concerns pinned on it at two
meetings a year and on a safety walk per estate, actions in every status for every party with
progress notes, the next two meetings planned, and a yearly evaluation for every year but
2020 (so P2 shows a year not met), one of them uploaded as a PDF.
"""

from __future__ import annotations

import datetime
import io
from functools import partial

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image, ImageDraw, ImageFont

from helhedsplan.accounts.models import Organisation
from helhedsplan.core.pdf import render_pdf
from helhedsplan.panels import queries, services
from helhedsplan.panels.forms import QUESTIONS
from helhedsplan.panels.models import (
    ActionStatus,
    Concern,
    ConcernCategory,
    Evaluation,
    Meeting,
    MeetingStatus,
    Member,
    Panel,
    SitePlan,
    TimeOfDay,
    Walk,
    WeekPattern,
)
from helhedsplan.panels.register import REGISTER
from helhedsplan.privacy import queries as privacy_queries
from helhedsplan.privacy import services as privacy_services
from helhedsplan.privacy.models import ConsentMethod
from helhedsplan.programmes.demo import DEMO_PROGRAMME
from helhedsplan.programmes.models import Estate, Programme

PURPOSE = (
    "Helhedsplanen registrerer beboerpanelets medlemmer for at kunne indkalde dem til møderne "
    "med politiet og føre referat af, hvem der deltog."
)
TEXT = (
    "Jeg giver samtykke til, at helhedsplanen registrerer mit navn, mine kontaktoplysninger, mit "
    "boligområde og de møder, jeg deltager i. Oplysningerne slettes 12 måneder efter, at jeg er "
    "udtrådt af panelet. Jeg kan til enhver tid trække mit samtykke tilbage."
)
FIRST_YEAR = 2018
# The months the panels meet in: every second month.
MONTHS = (1, 3, 5, 7, 9, 11)
# (estate, year) -> the month a year's meeting fell out: one short of P1's six.
SKIPPED = {("Vapnagaard", 2020): 5, ("Nøjsomhed", 2019): 7, ("Nøjsomhed", 2021): 3}
# Per estate: the panel's name, its first day and its members (name, phone or e-mail, joined,
# left).
PANELS = {
    "Vapnagaard": (
        "Beboerpanelet i Vapnagaard",
        [
            ("Tryg Trine", "11 33 55 01", datetime.date(2015, 3, 1), None),
            ("Vagtsom Viggo", "11 33 55 02", datetime.date(2015, 3, 1), None),
            ("Opmærksom Olga", "11 33 55 03", datetime.date(2016, 9, 1), None),
            ("Nabo Niels", "11 33 55 04", datetime.date(2017, 1, 15), datetime.date(2020, 6, 30)),
            ("Lygte Lise", "lygte.lise@example.org", datetime.date(2018, 2, 1), None),
            ("Hæk Henning", "11 33 55 06", datetime.date(2020, 9, 1), None),
        ],
    ),
    "Nøjsomhed": (
        "Beboerpanelet i Nøjsomhed",
        [
            ("Stille Stine", "11 44 66 01", datetime.date(2017, 9, 1), None),
            ("Årvågen Åge", "11 44 66 02", datetime.date(2017, 9, 1), None),
            ("Gadelampe Gerda", "gadelampe.gerda@example.org", datetime.date(2017, 9, 1), None),
            ("Cykel Carl", "11 44 66 04", datetime.date(2018, 3, 1), datetime.date(2021, 4, 30)),
            ("Tryghed Tove", "11 44 66 05", datetime.date(2021, 5, 1), None),
        ],
    ),
}
AGENDA = "1. Nyt fra politiet\n2. Beboernes oplevelser siden sidst\n3. Opfølgning\n4. Eventuelt"


def _consent_text(programme: Programme) -> None:
    if privacy_queries.consent_text_in_force(programme=programme, register=REGISTER.key):
        return
    privacy_services.consent_text_publish(
        programme=programme,
        register=REGISTER.key,
        purpose=PURPOSE,
        text=TEXT,
        published_by=get_user_model().objects.get(username="leder"),
    )


def load_demo_data() -> None:
    programme = Programme.objects.get(name=DEMO_PROGRAMME)
    users = get_user_model().objects
    staff = users.get(username="medarbejder")
    police = users.get(username="politi")
    _consent_text(programme)
    today = timezone.localdate()
    for estate in programme.estates.filter(name__in=PANELS):
        name, members = PANELS[estate.name]
        panel = Panel.objects.filter(programme=programme, name=name).first() or (
            services.panel_create(programme=programme, estate=estate, name=name)
        )
        for member_name, contact, joined_on, left_on in members:
            if Member.objects.filter(panel=panel, name=member_name).exists():
                continue
            member = services.member_register(
                panel=panel,
                estate=estate,
                name=member_name,
                phone="" if "@" in contact else contact,
                email=contact if "@" in contact else "",
                joined_on=joined_on,
                consent=privacy_services.ConsentGiven(
                    method=ConsentMethod.PAPER, given_on=joined_on
                ),
                registered_by=staff,
            )
            if left_on is not None:
                services.member_leave(member=member, left_on=left_on)
        for year in range(FIRST_YEAR, today.year + 1):
            for month in MONTHS:
                held_on = datetime.date(year, month, 8 + 6 * (estate.name == "Nøjsomhed"))
                if held_on > today or SKIPPED.get((estate.name, year)) == month:
                    continue
                found = Meeting.objects.filter(panel=panel, held_on=held_on).first()
                if found is not None and found.status == MeetingStatus.HELD:
                    continue
                present = list(queries.members_on(panel, held_on))[: 3 + month % 3]
                # A meeting planned before its day came is recorded as held, as staff would.
                write = (
                    partial(services.meeting_record_held, meeting=found)
                    if found is not None
                    else partial(services.meeting_create, panel=panel, created_by=police)
                )
                write(
                    details=services.MeetingDetails(
                        estate=estate,
                        held_on=held_on,
                        turnout=services.Turnout(
                            residents=len(present) + year % 3,
                            police=2,
                            staff=1,
                            municipality=(year + month) % 2,
                            housing=1,
                        ),
                        attendees=present,
                        agenda=AGENDA,
                        minutes=(
                            "Politiet orienterede om udviklingen i området. Beboerne nævnte "
                            "mørke stier og en hæk, der skjuler udsynet ved legepladsen."
                        ),
                    ),
                )
        _plan_ahead(panel, estate, staff, today)
    _part_two(programme, today)


# Site plans, concerns, actions, walks, planned meetings, evaluations ------------------------------
#
# Each through its service, as staff would enter it. The services date a note or a status
# change on the day it is written, so the actions' logs read as entered on the day the demo
# was loaded; their created and closed days are the demo's own.

# Per estate: the places on its site plan (a location in words, the pin in thousandths of the
# plan's width and height) and the plan's blocks (left, top, right, bottom, in thousandths).
PLACES = {
    "Vapnagaard": [
        ("Stien ved legepladsen", 420, 610),
        ("P-pladsen ved blok C", 780, 220),
        ("Tunnelen under Kirkevej", 120, 860),
        ("Buskene bag vaskeriet", 600, 380),
        ("Cykelkælderen i blok A", 230, 260),
        ("Boldbanen", 470, 800),
    ],
    "Nøjsomhed": [
        ("Gangstien mod stationen", 880, 500),
        ("Bænkene ved torvet", 500, 520),
        ("Opgangen i nr. 12", 300, 240),
        ("Hækken ved børnehaven", 650, 760),
        ("Indkørslen fra Nøjsomhedsvej", 90, 420),
        ("Skralderummet ved blok 3", 720, 230),
    ],
}
BLOCKS = [(150, 150, 350, 300), (650, 120, 900, 270), (150, 420, 330, 560), (700, 420, 880, 600)]
CATEGORIES = list(ConcernCategory)
# The months in which a meeting raises concerns.
CONCERN_MONTHS = (3, 9)
PARTIES = [
    Organisation.POLICE,
    Organisation.MUNICIPALITY,
    Organisation.HOUSING,
    Organisation.PROGRAMME,
]
DONE_ON_TIME, DONE_LATE, REJECTED, IN_PROGRESS, OVERDUE, OPEN = range(6)
WHAT = {
    ConcernCategory.LIGHTING: ("Lampen er gået, og stien er mørk om aftenen.", "Skift pæren"),
    ConcernCategory.PLANTING: ("Hækken skjuler udsynet.", "Klip hækken ned til 1 meter"),
    ConcernCategory.LITTER: ("Graffiti og knuste flasker.", "Fjern graffiti og ryd op"),
    ConcernCategory.HANGOUT: ("Unge samles sent og larmer.", "Gadeplansmedarbejdere kigger forbi"),
    ConcernCategory.TRAFFIC: ("Biler kører for stærkt.", "Sæt vejbump op"),
    ConcernCategory.BEHAVIOUR: ("Beboere bliver råbt efter.", "Politiet patruljerer om aftenen"),
    ConcernCategory.OTHER: ("Døren til cykelkælderen lukker ikke.", "Reparér døren"),
}
# The walks' follow-up meetings (half a year later) fall in years P1 already counts as met.
WALKS = {"Vapnagaard": datetime.date(2020, 9, 22), "Nøjsomhed": datetime.date(2019, 9, 17)}
SKIPPED_EVALUATION = 2020
UPLOADED_EVALUATION = 2021


def _site_plan(estate: Estate) -> SitePlan:
    """A simple plan of the estate: blocks of houses, paths, a green and labels (PNG)."""
    found = SitePlan.objects.filter(estate=estate).first()
    if found is not None:
        return found
    width, height = 1000, 700
    image = Image.new("RGB", (width, height), "#f4f1ea")
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=22)

    def box(left: int, top: int, right: int, bottom: int) -> tuple[int, int, int, int]:
        return (left * width // 1000, top * height // 1000, right * width // 1000,
                bottom * height // 1000)  # fmt: skip

    draw.rectangle(box(380, 330, 620, 700), fill="#b7d7a8")
    draw.text(box(430, 480, 0, 0)[:2], "Grønt område", fill="#2f5e1f", font=font)
    for path in ((0, 380, 1000, 380), (500, 0, 500, 1000), (0, 860, 1000, 860)):
        left, top, right, bottom = box(*path)
        draw.line((left, top, right, bottom), fill="#9a9a9a", width=14)
    for number, block in enumerate(BLOCKS):
        draw.rectangle(box(*block), fill="#d9a066", outline="#7a4b1f", width=3)
        left, top, _, _ = box(*block)
        draw.text((left + 10, top + 10), f"Blok {'ABCD'[number]}", fill="#3b2410", font=font)
    draw.text((20, 20), estate.name, fill="#222222", font=ImageFont.load_default(size=32))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return services.site_plan_upload(
        estate=estate,
        upload=SimpleUploadedFile("omraadekort.png", buffer.getvalue(), "image/png"),
        uploaded_by=None,
    )


def _owner(party: str, estate: Estate, users: dict[str, User | None]) -> User | None:
    """Who took the action on: the police officer and staff member of Vapnagaard there, the
    secretariat head for the programme in Nøjsomhed, the municipality's partner user if the
    demo has one; the housing organisation's actions wait for an owner."""
    vapnagaard = estate.name == "Vapnagaard"
    owners: dict[str, User | None] = {
        Organisation.POLICE: users["politi"] if vapnagaard else None,
        Organisation.MUNICIPALITY: users["kommune"],
        Organisation.HOUSING: None,
        Organisation.PROGRAMME: users["medarbejder"] if vapnagaard else users["leder"],
    }
    return owners[party]


def _action(
    concern: Concern, number: int, today: datetime.date, users: dict[str, User | None]
) -> None:
    """The concern's action: its party and course from its number, so every party has
    actions in every status; one that would close after today is still in progress."""
    party = PARTIES[number % len(PARTIES)]
    course = (number // len(PARTIES)) % 6
    created = concern.raised_on + datetime.timedelta(days=3)
    due = created + datetime.timedelta(days=45)
    closed = {
        DONE_ON_TIME: due - datetime.timedelta(days=10),
        DONE_LATE: due + datetime.timedelta(days=25),
        REJECTED: created + datetime.timedelta(days=14),
    }.get(course)
    if course == OPEN or (course == IN_PROGRESS and due < today):
        # Open and in progress, not yet due: set due in the weeks ahead.
        due = max(due, today + datetime.timedelta(days=21 + number % 20))
    if closed is not None and closed > today:
        course, closed = IN_PROGRESS, None
    status = {
        DONE_ON_TIME: ActionStatus.DONE,
        DONE_LATE: ActionStatus.DONE,
        REJECTED: ActionStatus.REJECTED,
        IN_PROGRESS: ActionStatus.IN_PROGRESS,
    }.get(course, ActionStatus.OPEN)
    staff = users["medarbejder"]
    assert staff is not None
    owner = _owner(party, concern.estate, users)
    action = services.action_create(
        concern=concern,
        details=services.ActionDetails(
            description=WHAT[ConcernCategory(concern.category)][1],
            party=party,
            owner=owner,
            due_on=due,
        ),
        created_by=staff,
        today=created,
    )
    services.action_add_note(action=action, text="Taget op på driftsmødet.", by=owner or staff)
    if status != ActionStatus.OPEN:
        if status == ActionStatus.DONE:
            services.action_set_status(
                action=action, status=ActionStatus.IN_PROGRESS, by=owner or staff, today=today
            )
        services.action_set_status(
            action=action,
            status=status,
            by=owner or staff,
            reason=(
                "Stedet ligger uden for boligorganisationens matrikel; sagen er sendt videre."
                if status == ActionStatus.REJECTED
                else ""
            ),
            closed_on=closed,
            today=today,
        )


def _concern(
    estate: Estate,
    number: int,
    created_by: User,
    *,
    meeting: Meeting | None = None,
    walk: Walk | None = None,
) -> Concern:
    """A concern pinned on the estate's site plan, raised at a meeting or found on a walk."""
    location, pin_x, pin_y = PLACES[estate.name][number % len(PLACES[estate.name])]
    category = CATEGORIES[number % len(CATEGORIES)]
    return services.concern_create(
        details=services.ConcernDetails(
            category=category,
            description=WHAT[category][0],
            location=location,
            time_of_day=list(TimeOfDay)[number % len(TimeOfDay)],
            week_pattern=list(WeekPattern)[number % len(WeekPattern)],
            pin_x=pin_x,
            pin_y=pin_y,
        ),
        created_by=created_by,
        meeting=meeting,
        walk=walk,
    )


def _plan_ahead(panel: Panel, estate: Estate, staff: User, today: datetime.date) -> None:
    """The panel's next two meetings, planned on the days it meets."""
    days = [
        datetime.date(year, month, 8 + 6 * (estate.name == "Nøjsomhed"))
        for year in (today.year, today.year + 1)
        for month in MONTHS
    ]
    for held_on in [day for day in days if day > today][:2]:
        if not Meeting.objects.filter(panel=panel, held_on=held_on).exists():
            services.meeting_plan(
                panel=panel, estate=estate, held_on=held_on, agenda=AGENDA, created_by=staff
            )


def _walk(
    panel: Panel, estate: Estate, users: dict[str, User | None], today: datetime.date
) -> None:
    """A safety walk with three pinned concerns, followed up at the meeting about six months
    later, whose agenda carries the walk's actions; held by now, it is recorded as held."""
    walked_on = WALKS[estate.name]
    if Walk.objects.filter(panel=panel, walked_on=walked_on).exists():
        return
    staff = users["medarbejder"]
    assert staff is not None
    walk = services.walk_create(
        panel=panel,
        details=services.WalkDetails(
            estate=estate,
            walked_on=walked_on,
            turnout=services.Turnout(residents=7, police=2, staff=2, municipality=1, housing=1),
            route="Fra torvet ad stierne rundt om blokkene og tilbage gennem tunnelen.",
        ),
        created_by=staff,
    )
    for number in range(3):
        concern = _concern(estate, number + 2, staff, walk=walk)
        _action(concern, 1 + number * 5, today, users)
    follow_up = walk.follow_up
    if follow_up is not None and follow_up.held_on <= today:
        services.meeting_record_held(
            meeting=follow_up,
            details=services.MeetingDetails(
                estate=estate,
                held_on=follow_up.held_on,
                turnout=services.Turnout(residents=6, police=2, staff=1, housing=1),
                attendees=[],
                agenda=follow_up.agenda,
                minutes="Handlingerne fra tryghedsvandringen blev gennemgået punkt for punkt.",
            ),
        )


def _evaluations(panel: Panel, police: User, today: datetime.date) -> None:
    """The panel's evaluation each November from 2018, written with the template, but one
    year uploaded as a PDF and 2020's missing."""
    for year in range(FIRST_YEAR, today.year + 1):
        evaluated_on = datetime.date(year, 11, 20)
        if year == SKIPPED_EVALUATION or evaluated_on > today:
            continue
        if Evaluation.objects.filter(panel=panel, year=year).exists():
            continue
        if year == UPLOADED_EVALUATION:
            html = (
                f"<h1>Evaluering af {panel.name} {year}</h1><p>Politiet og deltagerne finder "
                "panelet nyttigt: flere utrygheder er fulgt op end året før.</p>"
            )
            services.evaluation_upload(
                panel=panel,
                evaluated_on=evaluated_on,
                upload=SimpleUploadedFile(
                    f"evaluering-{year}.pdf", render_pdf(html), "application/pdf"
                ),
                summary="Evalueringen er skrevet af politiet og uploadet.",
                created_by=police,
            )
            continue
        services.evaluation_write(
            panel=panel,
            evaluated_on=evaluated_on,
            answers=[
                services.Answer(
                    audience=audience,
                    question=str(question),
                    answer="Godt, men opfølgningen på belysningen tog for lang tid.",
                )
                for audience, questions in QUESTIONS.items()
                for question in questions
            ],
            summary="Panelet er nyttigt; hurtigere opfølgning på handlingerne er næste års mål.",
            created_by=police,
        )


def _part_two(programme: Programme, today: datetime.date) -> None:
    users = get_user_model().objects
    known: dict[str, User | None] = {
        name: users.filter(username=name).first()
        for name in ("politi", "medarbejder", "leder", "kommune")
    }
    police = users.get(username="politi")
    number = 0
    for estate in programme.estates.filter(name__in=PANELS).order_by("name"):
        panel = Panel.objects.get(programme=programme, name=PANELS[estate.name][0])
        _site_plan(estate)
        meetings = panel.meetings.filter(
            status=MeetingStatus.HELD, held_on__month__in=CONCERN_MONTHS
        ).order_by("held_on")
        for meeting in meetings:
            number += 1
            if meeting.concerns.exists():
                continue
            concern = _concern(estate, number, police, meeting=meeting)
            _action(concern, number, today, known)
        _walk(panel, estate, known, today)
        _evaluations(panel, police, today)
