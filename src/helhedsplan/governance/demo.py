"""The demo's governance: Helsingør Syd's board, follow-up group and the working groups of
two of the seed's activities, their members by role and organisation, meetings from 2018 to
2021 and in the running year with numbered decisions (one approving the agreement's version
2), the log's entries in each status, and proposals, one of which became version 2."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import User
from django.utils import timezone

from helhedsplan.agreements.models import Agreement, AgreementVersion, VersionStatus
from helhedsplan.governance import services
from helhedsplan.governance.models import Body, BodyKind, CaseKind, MemberRole
from helhedsplan.programmes.demo import DEMO_PROGRAMME
from helhedsplan.programmes.models import Programme

BOARD = "Bestyrelsen for Helsingør Syd"
FOLLOW_UP = "Følgegruppen for Tryghed og trivsel"
# The seed's activities as it names them.
COUNSELLING = "Hverdagsrådgivning – vi hjælper jer videre"
CULTURE = "Kulturelle arrangementer"
YEARS = (2018, 2019, 2020, 2021)


def _user(username: str) -> User | None:
    return User.objects.filter(username=username).first()


def _bodies(programme: Programme, agreement: Agreement | None) -> dict[str, Body]:
    start = datetime.date(2018, 1, 1)
    made = {
        "board": services.body_create(programme=programme, kind=BodyKind.BOARD, name=BOARD),
        "follow_up": services.body_create(
            programme=programme, kind=BodyKind.FOLLOW_UP, name=FOLLOW_UP, agreement=agreement
        ),
        "counselling": services.body_create(
            programme=programme,
            kind=BodyKind.WORKING_GROUP,
            name="Faglig arbejdsgruppe – Hverdagsrådgivning",
            agreement=agreement,
            activity_name=COUNSELLING,
        ),
        "culture": services.body_create(
            programme=programme,
            kind=BodyKind.WORKING_GROUP,
            name="Faglig arbejdsgruppe – Kulturelle arrangementer",
            agreement=agreement,
            activity_name=CULTURE,
        ),
    }
    members = {
        "board": [
            (MemberRole.CHAIR, "Boligselskabet Nøjsomhed", _user("bestyrelse")),
            (MemberRole.VICE_CHAIR, "Vapnagaard Boligforening", None),
            (MemberRole.MEMBER, "Helsingør Kommune", None),
            (MemberRole.MEMBER, "Nordsjællands Politi", None),
            (MemberRole.SECRETARY, "Sekretariatet for Helsingør Syd", _user("leder")),
        ],
        "follow_up": [
            (MemberRole.CHAIR, "Helsingør Kommune", None),
            (MemberRole.MEMBER, "Boligselskabet Nøjsomhed", None),
            (MemberRole.MEMBER, "Vapnagaard Boligforening", None),
            (MemberRole.SECRETARY, "Sekretariatet for Helsingør Syd", _user("leder")),
        ],
        "counselling": [
            (MemberRole.CHAIR, "Sekretariatet for Helsingør Syd", _user("medarbejder")),
            (MemberRole.MEMBER, "Helsingør Kommune, Jobcenter", None),
            (MemberRole.MEMBER, "Boligselskabet Nøjsomhed", None),
        ],
        "culture": [
            (MemberRole.CHAIR, "Kulturhus Syd", _user("arbejdsgruppe")),
            (MemberRole.MEMBER, "Helsingør Teater", None),
            (MemberRole.MEMBER, "Billedskolen", None),
            (MemberRole.MEMBER, "Beboerrepræsentant, Nøjsomhed", None),
            (MemberRole.MEMBER, "Beboerrepræsentant, Vapnagaard", None),
        ],
    }
    for key, rows in members.items():
        for role, organisation, user in rows:
            services.member_add(
                body=made[key], role=role, organisation=organisation, joined_on=start, user=user
            )
    # A member who left: the members are followed over time, not only as they are today.
    services.member_leave(
        member=services.member_add(
            body=made["board"],
            role=MemberRole.OBSERVER,
            organisation="Landsbyggefonden",
            joined_on=start,
        ),
        left_on=datetime.date(2019, 12, 31),
    )
    return made


def _meetings(bodies: dict[str, Body], version_2: AgreementVersion | None, year: int) -> None:
    leader = _user("leder")
    for held in (*YEARS, year):
        board = services.meeting_record(
            body=bodies["board"],
            held_on=datetime.date(held, 3, 15),
            agenda="1. Status på delaftalen\n2. Økonomi\n3. Eventuelt",
            minutes="Sekretariatet gennemgik status for årets aktiviteter.",
            user=leader,
        )
        services.decision_add(meeting=board, text="Bestyrelsen tog status til efterretning.")
        services.decision_add(meeting=board, text="Årsregnskabet blev godkendt.")
        autumn = services.meeting_record(
            body=bodies["board"],
            held_on=datetime.date(held, 11, 20),
            agenda="1. Årets resultater\n2. Næste års plan",
            user=leader,
        )
        services.decision_add(meeting=autumn, text="Næste års aktivitetsplan blev vedtaget.")
        follow_up = services.meeting_record(
            body=bodies["follow_up"],
            held_on=datetime.date(held, 6, 10),
            agenda="1. Indikatorer\n2. Samarbejdet mellem parterne",
            minutes="Følgegruppen drøftede indikatorerne og samarbejdet.",
            user=leader,
        )
        services.decision_add(meeting=follow_up, text="Følgegruppen anbefaler uændret praksis.")
        for key, month in (("counselling", 4), ("culture", 9)):
            services.meeting_record(
                body=bodies[key],
                held_on=datetime.date(held, month, 5),
                agenda="1. Erfaringer\n2. Forslag til justeringer",
                user=leader,
            )
    if version_2 is not None and version_2.in_force_from is not None:
        approving = services.meeting_record(
            body=bodies["board"],
            held_on=version_2.in_force_from - datetime.timedelta(days=30),
            agenda="1. Den opfølgende delaftale",
            minutes="Bestyrelsen behandlede den opfølgende delaftale.",
            user=leader,
        )
        services.decision_add(
            meeting=approving,
            text="Bestyrelsen godkendte version 2 af delaftalen.",
            agreement_version=version_2,
        )


def _cases(programme: Programme, agreement: Agreement | None) -> None:
    estates = list(programme.estates.order_by("name"))
    estate = estates[0] if estates else None
    recorder = _user("medarbejder")
    services.case_raise(
        programme=programme,
        kind=CaseKind.NOTIFICATION,
        title="Forsinket tilbagemelding fra boligselskabet",
        summary="Boligselskabet har ikke meldt tilbage om lokaler til lektiecaféen.",
        raised_by_party="Sekretariatet for Helsingør Syd",
        raised_on=datetime.date(2021, 10, 4),
        agreement=agreement,
        estate=estate,
        user=recorder,
    )
    with_head = services.case_raise(
        programme=programme,
        kind=CaseKind.CONFLICT,
        title="Uenighed om åbningstider i beboerhuset",
        summary="Parterne er uenige om, hvem der betaler for aftenåbningen.",
        raised_by_party="Kulturhus Syd",
        raised_on=datetime.date(2021, 5, 3),
        agreement=agreement,
        estate=estate,
        user=recorder,
    )
    services.case_take_up(case=with_head, on=datetime.date(2021, 5, 10))
    with_board = services.case_raise(
        programme=programme,
        kind=CaseKind.CONFLICT,
        title="Fordeling af timer til hverdagsrådgivningen",
        summary="Kommunen og boligselskabet er uenige om fordelingen af rådgivningstimer.",
        raised_by_party="Helsingør Kommune",
        raised_on=datetime.date(2020, 9, 1),
        agreement=agreement,
        user=recorder,
    )
    services.case_escalate(case=with_board, on=datetime.date(2020, 9, 14))
    resolved = services.case_raise(
        programme=programme,
        kind=CaseKind.NOTIFICATION,
        title="Manglende indberetning af deltagertal",
        summary="Deltagertal for to arrangementer blev ikke indberettet til tiden.",
        raised_by_party="Sekretariatet for Helsingør Syd",
        raised_on=datetime.date(2019, 2, 11),
        agreement=agreement,
        user=recorder,
    )
    services.case_take_up(case=resolved, on=datetime.date(2019, 2, 12))
    services.case_resolve(
        case=resolved,
        resolution="Tallene blev indberettet, og rutinen er skrevet ind i årshjulet.",
        on=datetime.date(2019, 3, 1),
    )


def _proposals(
    bodies: dict[str, Body], agreement: Agreement | None, revision: AgreementVersion | None
) -> None:
    if agreement is None:
        return
    author = _user("arbejdsgruppe")
    drafted = services.proposal_record(
        body=bodies["culture"],
        agreement=agreement,
        title="Flere temaaftener om året",
        text="Arbejdsgruppen foreslår otte temaaftener om året i stedet for seks.",
        proposed_on=datetime.date(2020, 9, 5),
        user=author,
    )
    services.proposal_record(
        body=bodies["counselling"],
        agreement=agreement,
        title="Rådgivning om aftenen én gang om ugen",
        text="Arbejdsgruppen foreslår en ugentlig aftenåbning af hverdagsrådgivningen.",
        proposed_on=datetime.date(2021, 4, 5),
        user=author,
    )
    declined = services.proposal_record(
        body=bodies["follow_up"],
        agreement=agreement,
        title="Beboerpanelet mødes hver måned",
        text="Følgegruppen foreslog månedlige møder i beboerpanelet.",
        proposed_on=datetime.date(2019, 6, 10),
        user=author,
    )
    services.proposal_decline(
        proposal=declined, reason="Panelet mødes allerede efter behov; ingen ændring."
    )
    # Eight theme evenings a year became version 2 of the agreement, in force from 2021 (the
    # agreements' demo); the proposal is linked to it, leaving no draft open in the demo.
    starter = _user("leder")
    if starter is not None and revision is not None:
        services.proposal_draft_start(proposal=drafted, user=starter, draft=revision)


def load_demo_data() -> list[str]:
    programme = Programme.objects.get(name=DEMO_PROGRAMME)
    if Body.objects.filter(programme=programme).exists():
        return []
    agreement = (
        Agreement.objects.filter(programme=programme, focus_area__name="Tryghed og trivsel")
        .order_by("pk")
        .first()
    )
    version_2 = (
        agreement.versions.filter(number=2, status=VersionStatus.APPROVED).first()
        if agreement
        else None
    )
    bodies = _bodies(programme, agreement)
    _meetings(bodies, version_2, timezone.localdate().year)
    _cases(programme, agreement)
    _proposals(bodies, agreement, version_2)
    return []
