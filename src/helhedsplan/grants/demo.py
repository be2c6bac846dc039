"""Two resident grant pools of Helsingør Syd with applications at every stage of the cycle.

Vapnagaard's own pool decides at a monthly committee meeting; the joint pool for both estates
has a spring and an autumn round with deadlines. Between them: an application just received,
one under review with a question to the applicant, one on the next meeting's agenda, one
rejected, one approved and one partly approved waiting for their payout, one partly approved
and paid, one whose report back is overdue, activities held and reported back (they count for
F4 in their estates), cases closed with unspent money returned, and one whose activity was
cancelled.
The groups and people are invented; the dates follow the day the demo first ran, in the
follow-up agreement's years (last year and this), so the seed's figures stay as they are.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from enum import IntEnum

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from helhedsplan.core.pdf import render_pdf
from helhedsplan.grants import services
from helhedsplan.grants.models import (
    Application,
    Channel,
    CommitteeMeeting,
    Outcome,
    Pool,
    RoundKind,
)
from helhedsplan.grants.register import REGISTER
from helhedsplan.privacy import queries as privacy_queries
from helhedsplan.privacy import services as privacy_services
from helhedsplan.privacy.models import ConsentMethod
from helhedsplan.programmes.demo import DEMO_PROGRAMME
from helhedsplan.programmes.models import Estate, Programme

PURPOSE = (
    "Helhedsplanen gemmer kontaktpersonens navn og telefon eller e-mail for at kunne behandle "
    "ansøgningen til beboerpuljen, sende afgørelsen og følge op på afrapporteringen."
)
TEXT = (
    "Jeg giver samtykke til, at helhedsplanen gemmer mit navn og mine kontaktoplysninger med "
    "ansøgningen. De slettes 24 måneder efter, at den sidste af mine ansøgninger er afsluttet. "
    "Jeg kan til enhver tid trække mit samtykke tilbage."
)
GUIDELINES = (
    "Beboerpuljen støtter aktiviteter, som beboerne selv står for, og som samler naboer på "
    "tværs af alder og baggrund. Der kan søges op til 10.000 kr. pr. aktivitet. Alkohol, "
    "gaver til enkeltpersoner og faste lønudgifter støttes ikke. Efter aktiviteten sender I "
    "en kort afrapportering med antal deltagere, en evaluering og kvitteringer."
)


class Stage(IntEnum):
    """How far a demo application has come, in the order of the cycle."""

    RECEIVED = 1
    UNDER_REVIEW = 2
    PLACED = 3
    REJECTED = 4
    APPROVED = 5
    PAID = 6
    OVERDUE = 7
    REPORTED = 8
    CLOSED = 9
    CANCELLED = 10


@dataclass(frozen=True)
class DemoApplication:
    pool: str
    group: str
    contact: str
    activity: str
    estate: str
    # Days from today: when it was sent, and when the activity takes place.
    sent: int
    held: int
    lines: tuple[tuple[str, str], ...]
    stage: Stage
    mixed: bool = True
    granted: str = ""  # a partial grant's amount; the whole when empty
    phone: str = ""
    email: str = ""
    paper: bool = False
    participants: tuple[int, int] = (0, 0)
    returned: str = "0"


VAPNAGAARD_POOL = "Beboerpuljen i Vapnagaard"
JOINT_POOL = "Fælles beboerpulje for Nøjsomhed og Vapnagaard"

APPLICATIONS = [
    DemoApplication(
        VAPNAGAARD_POOL,
        "Forældregruppen i blok 3",
        "Fie Fastelavn",
        "Fastelavnsfest i gården",
        "Vapnagaard",
        sent=-2,
        held=75,
        lines=(("Tønder og slik", "1.200"), ("Præmier", "600"), ("Kaffe og boller", "450")),
        stage=Stage.RECEIVED,
        email="fie.fastelavn@example.org",
    ),
    DemoApplication(
        VAPNAGAARD_POOL,
        "Madklubben Vapnagaard",
        "Mads Madsen",
        "Fællesspisning i beboerhuset",
        "Vapnagaard",
        sent=-12,
        held=40,
        lines=(("Råvarer til fire aftener", "3.600"), ("Leje af service", "400")),
        stage=Stage.UNDER_REVIEW,
        phone="11 22 44 01",
    ),
    DemoApplication(
        VAPNAGAARD_POOL,
        "Cykelholdet",
        "Carl Cykel",
        "Cykelværksted for børn og voksne",
        "Vapnagaard",
        sent=-20,
        held=30,
        lines=(("Værktøj", "2.100"), ("Reservedele", "1.400")),
        stage=Stage.PLACED,
        email="carl.cykel@example.org",
    ),
    DemoApplication(
        VAPNAGAARD_POOL,
        "Vennerne fra opgang 12",
        "Vera Venneberg",
        "Udflugt til forlystelsespark for voksne",
        "Vapnagaard",
        sent=-70,
        held=-10,
        lines=(("Entré", "6.000"), ("Bus", "3.500")),
        stage=Stage.REJECTED,
        mixed=False,
        phone="11 22 44 02",
    ),
    DemoApplication(
        VAPNAGAARD_POOL,
        "Loppemarkedsgruppen",
        "Lone Loppe",
        "Loppemarked på pladsen",
        "Vapnagaard",
        sent=-45,
        held=20,
        lines=(("Leje af borde", "800"), ("Plakater", "350")),
        stage=Stage.APPROVED,
        email="lone.loppe@example.org",
    ),
    DemoApplication(
        VAPNAGAARD_POOL,
        "Sommerfestudvalget",
        "Søren Sommer",
        "Sommerfest for hele Vapnagaard",
        "Vapnagaard",
        sent=-120,
        held=-60,
        lines=(("Telt og borde", "4.000"), ("Mad", "4.500"), ("Musik", "1.500")),
        stage=Stage.REPORTED,
        granted="8.000",
        email="soeren.sommer@example.org",
        participants=(140, 25),
    ),
    DemoApplication(
        VAPNAGAARD_POOL,
        "Bankoklubben",
        "Bente Banko",
        "Bankoaften i beboerhuset",
        "Vapnagaard",
        sent=-110,
        held=-75,
        lines=(("Gevinster", "1.500"), ("Kaffe og kage", "500")),
        stage=Stage.OVERDUE,
        phone="11 22 44 03",
        email="bente.banko@example.org",
    ),
    DemoApplication(
        VAPNAGAARD_POOL,
        "Juletræsgruppen",
        "Jens Jul",
        "Juletræsfest",
        "Vapnagaard",
        sent=-380,
        held=-345,
        lines=(("Juletræ og pynt", "1.200"), ("Godteposer", "1.800"), ("Julemand", "500")),
        stage=Stage.CLOSED,
        email="jens.jul@example.org",
        participants=(95, 10),
        returned="350",
    ),
    DemoApplication(
        JOINT_POOL,
        "Havegruppen",
        "Hanne Have",
        "Fælles plantedag",
        "Nøjsomhed",
        sent=-150,
        held=-100,
        lines=(("Planter og løg", "2.600"), ("Muld", "900")),
        stage=Stage.CLOSED,
        phone="11 22 44 04",
        participants=(38, 4),
        paper=True,
    ),
    DemoApplication(
        JOINT_POOL,
        "Strikkeklubben",
        "Karen Kontakt",
        "Strikkecafé på tværs af opgangene",
        "Nøjsomhed",
        sent=-90,
        held=-30,
        lines=(("Garn", "1.000"), ("Kaffe og kage", "234,50")),
        stage=Stage.REPORTED,
        email="karen.kontakt@example.org",
        participants=(22, 3),
    ),
    DemoApplication(
        JOINT_POOL,
        "Ungeholdet i Nøjsomhed",
        "Ulla Ung",
        "Fodboldturnering for unge og forældre",
        "Nøjsomhed",
        sent=-60,
        held=25,
        lines=(("Bolde og overtrækstrøjer", "2.400"), ("Frugt og vand", "800")),
        stage=Stage.PAID,
        granted="2.500",
        phone="11 22 44 05",
    ),
    DemoApplication(
        JOINT_POOL,
        "Lektiecaféens frivillige",
        "Lise Lektie",
        "Lektiecafé med fælles aftensmad",
        "Nøjsomhed",
        sent=-30,
        held=15,
        lines=(("Mad til seks aftener", "2.400"), ("Materialer", "900")),
        stage=Stage.APPROVED,
        granted="2.400",
        email="lise.lektie@example.org",
    ),
    DemoApplication(
        JOINT_POOL,
        "Dansegruppen",
        "Dorthe Dans",
        "Danseaften med musik fra hele verden",
        "Nøjsomhed",
        sent=-100,
        held=-40,
        lines=(("Musik", "2.000"), ("Lokale", "1.000")),
        stage=Stage.CANCELLED,
        email="dorthe.dans@example.org",
    ),
]


def _when(today: datetime.date, days: int) -> datetime.datetime:
    moment = datetime.datetime.combine(today + datetime.timedelta(days=days), datetime.time(10))
    return timezone.make_aware(moment)


def _kroner(text: str) -> Decimal:
    return Decimal(text.replace(".", "").replace(",", "."))


def _pools(programme: Programme, head: User, today: datetime.date) -> dict[str, Pool]:
    vapnagaard = programme.estates.get(name="Vapnagaard")
    pools: dict[str, Pool] = {}
    for name, estate in ((VAPNAGAARD_POOL, vapnagaard), (JOINT_POOL, None)):
        pool = Pool.objects.filter(programme=programme, name=name).first()
        if pool is None:
            pool = services.pool_create(programme=programme, estate=estate, name=name)
            services.guideline_publish(
                pool=pool, text=GUIDELINES, pdf=_guidelines_pdf(name), published_by=head
            )
            for member, role in (
                ("Birthe Bestyrelse", "Formand for afdelingsbestyrelsen"),
                ("Omar Overblik", "Beboer"),
                ("Gitte Gårdmand", "Boligsocial medarbejder"),
            ):
                services.committee_member_add(pool=pool, name=member, role=role)
            _rounds(pool, estate is None, today)
            # Next year's too: an activity a few weeks ahead may fall in it.
            for year, amount in (
                (today.year - 1, "25.000"),
                (today.year, "30.000"),
                (today.year + 1, "30.000"),
            ):
                services.pool_frame_set(
                    pool=pool,
                    year=year,
                    amount=_kroner(amount) if estate else _kroner(amount) / 2,
                )
        pools[name] = pool
    return pools


def _guidelines_pdf(pool_name: str) -> SimpleUploadedFile:
    """The guidelines as the pool prints them for its poster board."""
    html = format_html("<h1>Retningslinjer for {}</h1><p>{}</p>", pool_name, GUIDELINES)
    return SimpleUploadedFile("retningslinjer.pdf", render_pdf(html), "application/pdf")


def _rounds(pool: Pool, deadlines: bool, today: datetime.date) -> None:
    first = datetime.date(today.year - 1, 1, 1)
    if not deadlines:
        services.round_create(
            pool=pool,
            name="Løbende ansøgning",
            kind=RoundKind.ROLLING,
            opens_on=first,
            deadline=None,
        )
        return
    for year in (today.year - 1, today.year):
        services.round_create(
            pool=pool,
            name=f"Forårsrunden {year}",
            kind=RoundKind.DEADLINE,
            opens_on=datetime.date(year, 1, 1),
            deadline=datetime.date(year, 4, 30),
        )
        services.round_create(
            pool=pool,
            name=f"Efterårsrunden {year}",
            kind=RoundKind.DEADLINE,
            opens_on=datetime.date(year, 6, 1),
            deadline=datetime.date(year, 10, 15),
        )


def _meeting(pool: Pool, on: datetime.date) -> CommitteeMeeting:
    found = CommitteeMeeting.objects.filter(pool=pool, held_on=on).first()
    return found or services.committee_meeting_add(pool=pool, held_on=on)


def _submit(
    demo: DemoApplication, pool: Pool, estates: dict[str, Estate], staff: User, today: datetime.date
) -> Application:
    sent = _when(today, demo.sent)
    lines = [services.LineInput(text, _kroner(amount)) for text, amount in demo.lines]
    return services.application_submit(
        pool=pool,
        details=services.ApplicationDetails(
            applicant_group=demo.group,
            estate=estates[demo.estate],
            activity=demo.activity,
            purpose=(
                f"{demo.activity}: at samle naboerne, så flere lærer hinanden at kende og "
                "får lyst til at være med igen."
            ),
            target_group="Alle beboere, børn som voksne" if demo.mixed else "Voksne beboere",
            partners="",
            starts_on=(sent + datetime.timedelta(days=demo.held - demo.sent)).date(),
            ends_on=None,
            amount_requested=sum((line.amount for line in lines), Decimal("0")),
            advertising="Opslag i opgangene og på Facebook-gruppen",
            help_wanted="Hjælp til at låne beboerhuset" if demo.paper else "",
            mixed_group=demo.mixed,
        ),
        contact=services.ContactDetails(name=demo.contact, phone=demo.phone, email=demo.email),
        consent=privacy_services.ConsentGiven(
            method=ConsentMethod.PAPER if demo.paper else ConsentMethod.ONLINE,
            given_on=sent.date(),
        ),
        lines=lines,
        attachments=[],
        channel=Channel.PAPER if demo.paper else Channel.ONLINE,
        entered_by=staff if demo.paper else None,
        now=sent,
    )


def _decide(
    demo: DemoApplication,
    application: Application,
    head: User,
    staff: User,
    today: datetime.date,
) -> None:
    reviewed = _when(today, demo.sent + 3)
    services.application_review(
        application=application,
        notes=(
            "Mangler et tilbud på lejen af service. Vi har spurgt ansøgeren."
            if demo.stage == Stage.UNDER_REVIEW
            else "Komplet. Aktiviteten passer til puljens formål."
        ),
        complete=demo.stage != Stage.UNDER_REVIEW,
        reviewed_by=staff,
        now=reviewed,
    )
    if demo.stage == Stage.UNDER_REVIEW:
        services.application_question(
            application=application,
            text="Kan I sende et tilbud på lejen af service? Så kan vi gøre ansøgningen færdig.",
            asked_by=staff,
            now=reviewed,
        )
        return
    # The committee meets a week after the review, or next month for what is still to decide.
    held_on = reviewed.date() + datetime.timedelta(days=7)
    if demo.stage == Stage.PLACED:
        held_on = today + datetime.timedelta(days=14)
    meeting = _meeting(application.pool, held_on)
    services.application_place(application=application, meeting=meeting)
    if demo.stage == Stage.PLACED:
        return
    if demo.stage == Stage.REJECTED:
        outcome, amount, reasons = (
            Outcome.REJECTED,
            None,
            "Puljen støtter ikke udflugter for en lille kreds; prøv en aktivitet i området.",
        )
    elif demo.granted:
        outcome, amount, reasons = (
            Outcome.PARTLY_APPROVED,
            _kroner(demo.granted),
            "Udvalget støtter aktiviteten, men ikke hele udgiften til musik.",
        )
    else:
        outcome, amount, reasons = Outcome.APPROVED, None, ""
    decision = services.decision_record(
        application=application,
        outcome=outcome,
        amount_granted=amount,
        meeting=meeting,
        conditions="Husk at nævne beboerpuljen på plakaten." if outcome != Outcome.REJECTED else "",
        reasons=reasons,
        report_due_on=None,
        decided_by=head,
        now=_when(today, (held_on - today).days),
    )
    if demo.stage == Stage.CANCELLED:
        services.application_close(
            application=application,
            returned=Decimal("0"),
            returned_on=None,
            note="Aktiviteten blev aflyst: gruppen kunne ikke låne lokalet. Intet er udbetalt.",
            closed_by=staff,
            now=_when(today, demo.held - 5),
        )
        return
    if demo.stage < Stage.PAID:
        return
    # The housing organisation pays a week after the meeting (never later than today).
    paid_on = min(today, held_on + datetime.timedelta(days=7))
    services.payout_record(
        application=application,
        paid_on=paid_on,
        amount=decision.amount_granted,
        voucher=f"K-{application.number:05d}",
        recorded_by=staff,
        now=_when(today, (paid_on - today).days),
    )
    if demo.stage < Stage.REPORTED:
        return
    residents, others = demo.participants
    services.report_back_record(
        application=application,
        participants_residents=residents,
        participants_non_residents=others,
        # A few residents run each activity: about one for every twenty who come.
        resident_volunteers=max(2, (residents + others) // 20),
        evaluation=(
            f"Der kom {residents + others}, også naboer, vi ikke kendte. Vi vil gerne gøre det "
            "igen næste år."
        ),
        receipts=[_receipt(demo)],
        photos=[],
        photo_consent=False,
        entered_by=staff,
        now=_when(today, demo.held + 5),
    )
    if demo.stage < Stage.CLOSED:
        return
    returned = _kroner(demo.returned)
    returned_on = today + datetime.timedelta(days=demo.held + 12)
    services.application_close(
        application=application,
        returned=returned,
        returned_on=returned_on if returned else None,
        note="Kvitteringerne er gennemgået." if not returned else "Overskud betalt tilbage.",
        closed_by=staff,
        now=_when(today, demo.held + 14),
    )


def _receipt(demo: DemoApplication) -> SimpleUploadedFile:
    """The group's receipts, one page listing the budget lines as bought."""
    rows = format_html_join("", "<tr><td>{}</td><td>{} kr.</td></tr>", demo.lines)
    html = format_html(
        "<h1>Kvitteringer: {}</h1><p>{}</p><table>{}</table>", demo.activity, demo.group, rows
    )
    return SimpleUploadedFile("kvitteringer.pdf", render_pdf(html), "application/pdf")


def load_demo_data() -> None:
    programme = Programme.objects.get(name=DEMO_PROGRAMME)
    users = get_user_model().objects
    head = users.get(username="leder")
    staff = users.get(username="medarbejder")
    if privacy_queries.consent_text_in_force(programme=programme, register=REGISTER.key) is None:
        privacy_services.consent_text_publish(
            programme=programme,
            register=REGISTER.key,
            purpose=PURPOSE,
            text=TEXT,
            published_by=head,
        )
    today = timezone.localdate()
    pools = _pools(programme, head, today)
    estates = {estate.name: estate for estate in programme.estates.all()}
    for demo in APPLICATIONS:
        pool = pools[demo.pool]
        if Application.objects.filter(pool=pool, activity=demo.activity).exists():
            continue
        application = _submit(demo, pool, estates, staff, today)
        if demo.stage > Stage.RECEIVED:
            _decide(demo, application, head, staff, today)
