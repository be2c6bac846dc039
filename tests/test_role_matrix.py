"""Every URL × every person → allowed or denied, as ``accounts.permissions`` says.

Each issue that adds pages adds its rows here. A row names the URL, how to build its
arguments from the test world, and the people who may use it; every other person must get
403, and an anonymous visitor is sent to the login page. The people are one per role, and
besides the staff member (and the police officer) a secretariat head limited to Vapnagaard:
rows with objects of Nøjsomhed alone show that estate limits bind them, rows with a joint
object show that what includes their estate stays theirs. A known object a person may not
change is refused with 403, never hidden as a 404 (``core.lookups.get_with_access``).

The writes (every POST address) have a table of their own below.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.db.models import Model
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticToken  # type: ignore[import-untyped]
from django_otp.plugins.otp_totp.models import TOTPDevice  # type: ignore[import-untyped]

from conftest import PEOPLE, World
from helhedsplan.accounts import services as account_services
from helhedsplan.accounts.models import ApiToken, ApiTokenScope, FeedToken, Membership
from helhedsplan.accounts.tests.two_factor_helpers import code_of, enrol
from helhedsplan.agreements import services as agreement_services
from helhedsplan.agreements.demo import SEED_FILE, seed_bytes
from helhedsplan.agreements.models import (
    Activity,
    Agreement,
    AgreementVersion,
    BudgetLine,
    StaffResource,
    SuccessCriterion,
)
from helhedsplan.agreements.tests.factories import seed_agreement
from helhedsplan.audit.models import Redaction
from helhedsplan.audit.services import redaction_kind
from helhedsplan.budget.models import BudgetEntry, StaffReport
from helhedsplan.budget.tests.helpers import spend_xlsx as budget_spend_xlsx
from helhedsplan.core.lists import services as list_services
from helhedsplan.core.models import StagedImport
from helhedsplan.counselling import services as counselling_services
from helhedsplan.counselling.models import Booking, Closure, Inquiry, OpeningHours
from helhedsplan.counselling.tests.helpers import register, staff_inquiry, topic
from helhedsplan.events import services as event_services
from helhedsplan.events.models import Event, EventType, EventTypeCode, Partner, Venue
from helhedsplan.events.tests.factories import an_event
from helhedsplan.governance import services as governance_services
from helhedsplan.governance.models import Body as GovernanceBody
from helhedsplan.governance.models import BodyMember as GovernanceMember
from helhedsplan.governance.models import Case as GovernanceCase
from helhedsplan.governance.models import Decision as GovernanceDecision
from helhedsplan.governance.models import GovernanceMeeting
from helhedsplan.governance.models import Proposal as GovernanceProposal
from helhedsplan.governance.tests import helpers as governance_helpers
from helhedsplan.grants import services as grant_services
from helhedsplan.grants.models import Application as GrantApplication
from helhedsplan.grants.models import (
    ApplicationContact,
    CommitteeMeeting,
    CommitteeMember,
    Guideline,
    Pool,
    PoolFrame,
    Report,
)
from helhedsplan.grants.models import Closing as GrantClosing
from helhedsplan.grants.models import Decision as GrantDecision
from helhedsplan.grants.models import Outcome as GrantOutcome
from helhedsplan.grants.models import Payout as GrantPayout
from helhedsplan.grants.models import Question as GrantQuestion
from helhedsplan.grants.models import Round as GrantRound
from helhedsplan.grants.models import Status as GrantStatus
from helhedsplan.grants.tests.helpers import PDF as GRANT_PDF
from helhedsplan.grants.tests.helpers import a_pool, an_application, paid_application
from helhedsplan.grants.tests.helpers import form_data as grant_form_data
from helhedsplan.grants.tests.helpers import upload as grant_upload
from helhedsplan.indicators.models import Indicator, IndicatorTarget, PeriodLock
from helhedsplan.indicators.tests.helpers import an_indicator
from helhedsplan.media.models import Outlet, PressMention
from helhedsplan.media.tests.factories import a_mention, an_outlet
from helhedsplan.panels import services as panel_services
from helhedsplan.panels.models import (
    ActionItem,
    ConcernPhoto,
    Evaluation,
    Meeting,
    Panel,
    ProgressNote,
    SitePlan,
    Walk,
)
from helhedsplan.panels.models import Concern as PanelConcern
from helhedsplan.panels.models import Member as PanelMember
from helhedsplan.panels.tests.helpers import PDF as PANEL_PDF
from helhedsplan.panels.tests.helpers import a_concern as a_panel_concern
from helhedsplan.panels.tests.helpers import a_concern_in, a_panel, a_site_plan, a_walk, an_action
from helhedsplan.panels.tests.helpers import a_meeting as a_panel_meeting
from helhedsplan.panels.tests.helpers import a_member as a_panel_member
from helhedsplan.panels.tests.helpers import consent_text as panel_consent_text
from helhedsplan.panels.tests.helpers import image as panel_image
from helhedsplan.panels.tests.helpers import upload as panel_upload
from helhedsplan.privacy.models import Consent, ConsentText, RetentionSetting
from helhedsplan.programmes.models import Estate
from helhedsplan.series.models import Observation, Series
from helhedsplan.series.tests.factories import a_figure_for_the_matrix, safety_series
from helhedsplan.surveys import queries as survey_queries
from helhedsplan.surveys import services as survey_services
from helhedsplan.surveys.models import Answer as SurveyAnswer
from helhedsplan.surveys.models import Language as SurveyLanguage
from helhedsplan.surveys.models import PageStatus as ScanPageStatus
from helhedsplan.surveys.models import Question as SurveyQuestion
from helhedsplan.surveys.models import Questionnaire as SurveyQuestionnaire
from helhedsplan.surveys.models import QuestionText as SurveyQuestionText
from helhedsplan.surveys.models import Response as SurveyResponse
from helhedsplan.surveys.models import ScanBatch, ScanMark, ScanPage, Wave
from helhedsplan.surveys.models import Version as SurveyVersion
from helhedsplan.surveys.models import Wave as SurveyWave
from helhedsplan.surveys.tests.helpers import (
    a_questionnaire,
    a_scanned_batch,
    a_wave,
    an_open_wave,
    answer_form_data,
)
from helhedsplan.surveys.tests.helpers import a_wave as a_survey_wave
from helhedsplan.volunteers import services as volunteer_services
from helhedsplan.volunteers.models import (
    Assignment,
    CertificatePolicy,
    CertificateTask,
    EventVolunteer,
    HourEntry,
    PersonalLink,
    Presence,
    Task,
    Volunteer,
    VolunteerCard,
    VolunteerCertificate,
)
from helhedsplan.volunteers.services import Cell
from helhedsplan.volunteers.tests.helpers import a_volunteer, consent_text

EVERYONE = PEOPLE
ADMINS = frozenset({"administrator", "superuser"})
# The secretariat: its heads (one of them limited to Vapnagaard) and the administrators.
SECRETARIAT = ADMINS | {"secretariat_head", "vapnagaard_head"}
# Those who register the programme's activities: the secretariat and the staff.
REGISTRARS = SECRETARIAT | {"staff"}
PROGRAMME_READERS = REGISTRARS | {"board", "working_group"}
# What belongs to Nøjsomhed alone is not for the people limited to Vapnagaard.
NOJSOMHED_REGISTRARS = REGISTRARS - {"staff", "vapnagaard_head"}
NOJSOMHED_SECRETARIAT = SECRETARIAT - {"vapnagaard_head"}
# The staff member of the other programme registers events there.
EVENT_REGISTRARS = REGISTRARS | {"outsider"}

IMPORTERS = SECRETARIAT
AGREEMENT_EDITORS = SECRETARIAT | {"working_group"}
INDICATOR_PROPOSERS = SECRETARIAT | {"working_group"}


def _agreement(world: World) -> Agreement:
    """The seed agreement, approved as version 1, with a draft version 2."""
    existing = Agreement.objects.filter(programme=world.programme).first()
    if existing is not None:
        return existing
    agreement = seed_agreement(world.programme)
    agreement_services.version_start_draft(agreement=agreement, user=world.user("staff"))
    return agreement


def _version_kwargs(world: World, number: int) -> dict:
    return {"agreement_id": _agreement(world).pk, "number": number}


# What belongs to Nøjsomhed (alone or jointly with Vapnagaard), registered by the unlimited
# secretariat head: the people limited to Vapnagaard may read what all may read, and change
# only what includes Vapnagaard.


def _event_in(world: World, *estates: Estate) -> Event:
    return event_services.event_create(
        programme=world.programme,
        type=EventType.objects.get(code=EventTypeCode.CULTURAL),
        title=" og ".join(estate.name for estate in estates) + " spiller teater",
        starts_at=timezone.make_aware(datetime.datetime(2019, 5, 18, 14)),
        estates=list(estates),
        created_by=world.user("secretariat_head"),
    )


def _nojsomhed_event(world: World) -> Event:
    return _event_in(world, world.nojsomhed)


def _joint_event(world: World) -> Event:
    return _event_in(world, world.nojsomhed, world.vapnagaard)


def _nojsomhed_mention(world: World, *also: Estate) -> PressMention:
    return a_mention(
        world,
        published_on=datetime.date(2019, 5, 20),
        headline="Nøjsomhed får ny legeplads",
        estates=[world.nojsomhed, *also],
        registered_by=world.user("secretariat_head"),
    )


def _nojsomhed_inquiry(world: World) -> Inquiry:
    return register(world.nojsomhed, ["Kost"], by=world.user("secretariat_head"))[0]


def _redactable_record(world: World) -> dict:
    """A deleted inquiry of Nøjsomhed whose history keeps a note: kwargs for its redaction
    (programme-wide, so a secretariat head limited to Vapnagaard may redact it too)."""
    inquiry = counselling_services.inquiry_register(
        estate=world.nojsomhed,
        by=world.user("secretariat_head"),
        topics=[topic(world.programme, "Kost")],
        bridged_to=[],
        note="Kom med sin nabo",
    )
    pk = inquiry.pk
    counselling_services.inquiry_delete(inquiry=inquiry, by=world.user("secretariat_head"))
    record = Inquiry.history.filter(id=pk, history_type="-").get()
    return {"kind": redaction_kind(Inquiry), "history_id": record.history_id}


NOJSOMHED_RESIDENT = "Birte N."


def _nojsomhed_booking(world: World) -> Booking:
    """A booking tomorrow in Nøjsomhed, whose counselling is open all that day."""
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    counselling_services.opening_hours_add(
        estate=world.nojsomhed,
        weekday=tomorrow.weekday(),
        starts=datetime.time(8),
        ends=datetime.time(20),
        place="Beboerhuset",
    )
    return counselling_services.booking_create(
        estate=world.nojsomhed,
        starts=timezone.make_aware(datetime.datetime.combine(tomorrow, datetime.time(12))),
        duration_minutes=30,
        name=NOJSOMHED_RESIDENT,
        by=world.user("secretariat_head"),
    )


# Volunteers (issue 12): named people, each of an estate or of none, seen only by those who
# keep the register in that estate; the counts are everyone's in the programme.
NOJSOMHED_VOLUNTEER = "Nora Nøjsomhedsfrivillig"
# Not the police (issue 14): they see the panel and nothing else of the programme.
VOLUNTEER_COUNTERS = PROGRAMME_READERS


def _volunteer(world: World, estate: Estate | None, name: str) -> Volunteer:
    found = Volunteer.objects.filter(programme=world.programme, name=name).first()
    return found or a_volunteer(
        world.programme, estate, by=world.user("secretariat_head"), name=name
    )


def _nojsomhed_volunteer(world: World) -> Volunteer:
    return _volunteer(world, world.nojsomhed, NOJSOMHED_VOLUNTEER)


def _volunteer_kwargs(
    estate: Callable[[World], Estate | None], name: str, *, register: bool = False
):
    def kwargs(world: World) -> dict:
        volunteer = _volunteer(world, estate(world), name)
        key = (
            {"register": "volunteers", "person_id": volunteer.pk}
            if register
            else {"volunteer_id": volunteer.pk}
        )
        return {"slug": world.programme.slug} | key

    return kwargs


_NOJSOMHED_VOLUNTEER = _volunteer_kwargs(lambda w: w.nojsomhed, NOJSOMHED_VOLUNTEER)
_VAPNAGAARD_VOLUNTEER = _volunteer_kwargs(lambda w: w.vapnagaard, "Vera Vapnagaardfrivillig")
_OUTSIDE_VOLUNTEER = _volunteer_kwargs(lambda w: None, "Otto Udefra")
_NOJSOMHED_PERSON = _volunteer_kwargs(lambda w: w.nojsomhed, NOJSOMHED_VOLUNTEER, register=True)


def _nojsomhed_card(world: World) -> VolunteerCard:
    volunteer = _nojsomhed_volunteer(world)
    return VolunteerCard.objects.filter(
        volunteer=volunteer, revoked_at__isnull=True
    ).first() or volunteer_services.card_issue(
        volunteer=volunteer,
        valid_until=datetime.date(2099, 12, 31),
        issued_by=world.user("secretariat_head"),
    )


def _with_nojsomhed_card(world: World) -> dict:
    _nojsomhed_card(world)
    return _NOJSOMHED_VOLUNTEER(world)


def _nojsomhed_card_token(world: World) -> dict:
    return {"token": _nojsomhed_card(world).token}


def _nojsomhed_link_token(world: World, **more: str) -> dict:
    """A new personal link of the Nøjsomhed volunteer (the token exists only when issued)."""
    issued = volunteer_services.personal_link_issue(
        volunteer=_nojsomhed_volunteer(world), issued_by=world.user("staff")
    )
    return {"token": issued.token, **more}


def _with_nojsomhed_link(world: World) -> dict:
    _nojsomhed_link_token(world)
    return _NOJSOMHED_VOLUNTEER(world)


_VAPNAGAARD_PERSON = _volunteer_kwargs(
    lambda w: w.vapnagaard, "Vera Vapnagaardfrivillig", register=True
)


# Volunteers' tasks (issue 12, part 2): a task belongs to one estate and is kept by those who
# keep that estate's volunteers; the Nøjsomhed task has the Nøjsomhed volunteer on it.
NOJSOMHED_TASK = "Nøjsomheds lektiecafé"


def _task(world: World, estate: Estate, name: str) -> Task:
    found = Task.objects.filter(programme=world.programme, name=name).first()
    if found is not None:
        return found
    task = volunteer_services.task_register(
        programme=world.programme,
        estate=estate,
        name=name,
        activity=None,
        event=None,
        started_on=datetime.date(2021, 1, 1),
    )
    if estate == world.nojsomhed:
        volunteer_services.task_assign(task=task, volunteer=_nojsomhed_volunteer(world))
    return task


def _task_kwargs(estate: Callable[[World], Estate], name: str, **more: object):
    def kwargs(world: World) -> dict:
        task = _task(world, estate(world), name)
        extra = {key: value(world) if callable(value) else value for key, value in more.items()}
        return {"slug": world.programme.slug, "task_id": task.pk} | extra

    return kwargs


_NOJSOMHED_TASK = _task_kwargs(lambda w: w.nojsomhed, NOJSOMHED_TASK)
_VAPNAGAARD_TASK = _task_kwargs(lambda w: w.vapnagaard, "Vapnagaards havedag")
_NOJSOMHED_WEEK = _task_kwargs(lambda w: w.nojsomhed, NOJSOMHED_TASK, year=2021, week=10)
_VAPNAGAARD_WEEK = _task_kwargs(lambda w: w.vapnagaard, "Vapnagaards havedag", year=2021, week=10)


def _with_nojsomhed_task(world: World) -> dict:
    _task(world, world.nojsomhed, NOJSOMHED_TASK)
    return {"slug": world.programme.slug}


# The certificate (issue 12, part 3): the Nøjsomhed volunteer has 24 hours on the Nøjsomhed
# task, and the rules name a secretariat head who has a name to sign with.
def _certifiable_nojsomhed_volunteer(world: World) -> dict:
    task = _task(world, world.nojsomhed, NOJSOMHED_TASK)
    volunteer = _nojsomhed_volunteer(world)
    HourEntry.objects.get_or_create(
        task=task, volunteer=volunteer, day=task.started_on, defaults={"hours": 24}
    )
    head = world.user("secretariat_head")
    head.first_name, head.last_name = "Hanne", "Leder"
    head.save()
    CertificatePolicy.objects.update_or_create(programme=world.programme, defaults={"signer": head})
    return _NOJSOMHED_VOLUNTEER(world)


def _nojsomhed_certificate(world: World) -> dict:
    kwargs = _certifiable_nojsomhed_volunteer(world)
    volunteer = _nojsomhed_volunteer(world)
    certificate = volunteer.certificates.first() or volunteer_services.certificate_issue(
        volunteer=volunteer, competences="Ansvar.", issued_by=world.user("secretariat_head")
    )
    return kwargs | {"certificate_id": certificate.pk, "language": "en"}


def _week_cell(world: World) -> dict:
    volunteer = _nojsomhed_volunteer(world)
    return {Cell(volunteer.pk, datetime.date(2021, 3, 9)).name: "1,5"}


def _due_nojsomhed_volunteer(world: World) -> str:
    """A volunteer of Nøjsomhed who withdrew their consent: on the review list."""
    volunteer = _nojsomhed_volunteer(world)
    if volunteer.consent.withdrawn_at is None:
        volunteer_services.volunteer_withdraw_consent(
            volunteer=volunteer, withdrawn_by=world.user("secretariat_head")
        )
    return volunteer.name


# Volunteer parties and events' helpers (issue 12, part 3): a party in Nøjsomhed with the
# Nøjsomhed volunteer invited; those who keep volunteers see and mark only their own, and
# setting the event's helper figure also takes changing the event.
NOJSOMHED_PARTY = "Frivilligfest i Nøjsomhed"


def _nojsomhed_party(world: World, *, helped: bool = False) -> Event:
    party = Event.objects.filter(title=NOJSOMHED_PARTY).first()
    if party is None:
        party = event_services.event_create(
            programme=world.programme,
            type=EventType.objects.get(code=EventTypeCode.OTHER),
            title=NOJSOMHED_PARTY,
            starts_at=timezone.make_aware(datetime.datetime(2019, 6, 14, 18)),
            estates=[world.nojsomhed],
            created_by=world.user("secretariat_head"),
        )
        volunteer_services.event_invite(
            event=party,
            volunteers=[_nojsomhed_volunteer(world)],
            invited_on=datetime.date(2019, 5, 1),
        )
    if helped:
        volunteer_services.event_attendance_save(
            event=party,
            marks={
                _nojsomhed_volunteer(world).pk: volunteer_services.Attendance(
                    presence=Presence.PRESENT, helped=True
                )
            },
        )
    return party


def _party_kwargs(world: World) -> dict:
    return {"slug": world.programme.slug, "event_id": _nojsomhed_party(world).pk}


def _helped_party_kwargs(world: World) -> dict:
    return {"slug": world.programme.slug, "event_id": _nojsomhed_party(world, helped=True).pk}


def _with_consent_text(world: World) -> dict:
    if not world.programme.consent_texts.exists():
        consent_text(world.programme, world.user("secretariat_head"))
    return {"slug": world.programme.slug}


# Resident grant pools (issue 13): a pool of the whole programme, one of Nøjsomhed alone, and
# an application from each estate whose contact person is named on the keepers' pages.
NOJSOMHED_APPLICANT = "Nanna Nøjsomhedsansøger"
GRANT_COUNTERS = PROGRAMME_READERS


def _grant_pool(world: World, estate: Estate | None = None) -> Pool:
    name = f"Beboerpuljen {estate.name}" if estate else "Beboerpuljen"
    pool = a_pool(world.programme, by=world.user("secretariat_head"), estate=estate, name=name)
    # A frame the decisions of the matrix fit in.
    PoolFrame.objects.get_or_create(pool=pool, year=2026, defaults={"amount": Decimal("100000")})
    return pool


def _grant_application(world: World, estate: Estate, name: str) -> GrantApplication:
    found = GrantApplication.objects.filter(contact__name=name).first()
    return found or an_application(_grant_pool(world), estate, name=name)


def _grant_pool_kwargs(estate: Callable[[World], Estate | None]) -> Callable[[World], dict]:
    return lambda w: {"slug": w.programme.slug, "pool_id": _grant_pool(w, estate(w)).pk}


def _grant_application_kwargs(
    estate: Callable[[World], Estate], name: str
) -> Callable[[World], dict]:
    return lambda w: {
        "slug": w.programme.slug,
        "application_id": _grant_application(w, estate(w), name).pk,
    }


def _grant_meeting(world: World, estate: Estate | None) -> CommitteeMeeting:
    pool = _grant_pool(world, estate)
    return CommitteeMeeting.objects.get_or_create(pool=pool, held_on=datetime.date(2026, 5, 12))[0]


def _grant_meeting_kwargs(estate: Callable[[World], Estate | None]) -> Callable[[World], dict]:
    def kwargs(world: World) -> dict:
        meeting = _grant_meeting(world, estate(world))
        return {"slug": world.programme.slug, "pool_id": meeting.pool_id, "meeting_id": meeting.pk}

    return kwargs


def _reviewed_grant_application_kwargs(
    estate: Callable[[World], Estate], name: str
) -> Callable[[World], dict]:
    """An application under review (ready for the committee's agenda)."""

    def kwargs(world: World) -> dict:
        application = _grant_application(world, estate(world), name)
        grant_services.application_review(
            application=application,
            notes="",
            complete=True,
            reviewed_by=world.user("secretariat_head"),
        )
        return {"slug": world.programme.slug, "application_id": application.pk}

    return kwargs


def _decided_grant_application_kwargs(world: World) -> dict:
    """A Nøjsomhed application the committee has approved (with its letter)."""
    kwargs = _reviewed_grant_application_kwargs(lambda w: w.nojsomhed, "Dorte Afgjortsen")(world)
    grant_services.decision_record(
        application=GrantApplication.objects.get(pk=kwargs["application_id"]),
        outcome=GrantOutcome.APPROVED,
        amount_granted=None,
        meeting=_grant_meeting(world, None),
        conditions="",
        reasons="",
        report_due_on=None,
        decided_by=world.user("secretariat_head"),
    )
    return kwargs


def _granted(world: World, estate: Estate, name: str) -> GrantApplication:
    """An application of the programme's pool the committee has approved (part 3)."""
    application = _grant_application(world, estate, name)
    if application.status == GrantStatus.RECEIVED:
        _reviewed_grant_application_kwargs(lambda w: estate, name)(world)
        grant_services.decision_record(
            application=application,
            outcome=GrantOutcome.APPROVED,
            amount_granted=None,
            meeting=_grant_meeting(world, None),
            conditions="",
            reasons="",
            report_due_on=None,
            decided_by=world.user("secretariat_head"),
        )
    return application


def _granted_kwargs(estate: Callable[[World], Estate], name: str) -> Callable[[World], dict]:
    return lambda w: {
        "slug": w.programme.slug,
        "application_id": _granted(w, estate(w), name).pk,
    }


def _grant_contact_kwargs(world: World) -> dict:
    application = _grant_application(world, world.nojsomhed, NOJSOMHED_APPLICANT)
    assert application.contact is not None
    return {"slug": world.programme.slug, "register": "grants", "person_id": application.contact.pk}


def _nojsomhed_applicant(world: World) -> str:
    return _grant_application(world, world.nojsomhed, NOJSOMHED_APPLICANT).contact.name


def _paid_grant_application(world: World, estate: Estate, name: str) -> GrantApplication:
    """An application of the estate that is paid, its report back overdue (due 01.07.2026)."""
    application = _grant_application(world, estate, name)
    if not GrantDecision.objects.filter(application=application).exists():
        paid_application(
            application, meeting=_grant_meeting(world, None), by=world.user("secretariat_head")
        )
    return application


def _paid_grant_kwargs(estate: Callable[[World], Estate], name: str) -> Callable[[World], dict]:
    return lambda w: {
        "slug": w.programme.slug,
        "application_id": _paid_grant_application(w, estate(w), name).pk,
    }


def _overdue_nojsomhed_reference(world: World) -> str:
    return _paid_grant_application(world, world.nojsomhed, "Olga Overskredet").reference


def _report_data(world: World) -> dict:
    return {
        "participants_residents": "9",
        "participants_non_residents": "2",
        "evaluation": "Godt fremmøde.",
        "receipts": [grant_upload(GRANT_PDF, "kvittering.pdf")],
    }


# The resident panels (issue 14): a panel of Nøjsomhed with a member and a meeting, a panel of
# Vapnagaard and a joint panel with a meeting held in Nøjsomhed. The staff, the police and the
# secretariat keep the panels of their estates; the board and working groups none.
PANEL_KEEPERS = REGISTRARS | {"police"}
NOJSOMHED_PANEL_KEEPERS = PANEL_KEEPERS - {"staff", "police", "vapnagaard_head"}
NOJSOMHED_PANEL_MEMBER = "Nille Nøjsomhedspanel"


def _panel(world: World, estate: Estate | None) -> Panel:
    name = f"Panelet i {estate.name}" if estate else "Det fælles panel"
    found = Panel.objects.filter(programme=world.programme, name=name).first()
    return found or a_panel(world.programme, estate, name)


def _panel_kwargs(estate: Callable[[World], Estate | None]) -> Callable[[World], dict]:
    return lambda w: {"slug": w.programme.slug, "panel_id": _panel(w, estate(w)).pk}


def _nojsomhed_panel_member(world: World) -> PanelMember:
    panel = _panel(world, world.nojsomhed)
    found = PanelMember.objects.filter(panel=panel).first()
    return found or a_panel_member(
        panel, by=world.user("secretariat_head"), name=NOJSOMHED_PANEL_MEMBER
    )


def _joint_panel_member_of_nojsomhed(world: World) -> str:
    """A member of the joint panel who lives in Nøjsomhed: named to Nøjsomhed's keepers only."""
    panel = _panel(world, None)
    if not PanelMember.objects.filter(panel=panel).exists():
        a_panel_member(
            panel, by=world.user("secretariat_head"), estate=world.nojsomhed, name="Fælles Frede"
        )
    return "Fælles Frede"


def _panel_member_kwargs(world: World) -> dict:
    member = _nojsomhed_panel_member(world)
    return {"slug": world.programme.slug, "panel_id": member.panel_id, "member_id": member.pk}


def _panel_person_kwargs(world: World) -> dict:
    member = _nojsomhed_panel_member(world)
    return {"slug": world.programme.slug, "register": "panels", "person_id": member.pk}


def _panel_meeting_kwargs(estate: Callable[[World], Estate | None]) -> Callable[[World], dict]:
    """A meeting held in Nøjsomhed, of the panel of ``estate`` (none: the joint panel)."""

    def kwargs(world: World) -> dict:
        panel = _panel(world, estate(world))
        meeting = Meeting.objects.filter(panel=panel).first() or a_panel_meeting(
            panel,
            datetime.date(2020, 3, 10),
            by=world.user("secretariat_head"),
            estate=world.nojsomhed,
        )
        return {"slug": world.programme.slug, "panel_id": panel.pk, "meeting_id": meeting.pk}

    return kwargs


def _with_panel_minutes(world: World) -> dict:
    kwargs = _panel_meeting_kwargs(lambda w: w.nojsomhed)(world)
    meeting = Meeting.objects.get(pk=kwargs["meeting_id"])
    if not meeting.minutes_file:
        panel_services.minutes_upload(meeting=meeting, upload=panel_upload(PANEL_PDF))
    return {"kind": "panel-minutes", "pk": meeting.pk}


def _panel_meeting_data(world: World, estate: Estate) -> dict:
    return {
        "held_on": "2020-05-12",
        "estate": str(estate.pk),
        "residents": "4",
        "police": "2",
        "staff": "1",
        "municipality": "0",
        "housing": "1",
        "agenda": "1. Nyt fra politiet",
        "minutes": "",
        "idempotency_key": "panel-meeting",
    }


def _panel_planned_kwargs(world: World) -> dict:
    """A meeting of Nøjsomhed's panel planned for a day now past, to be recorded as held."""
    panel = _panel(world, world.nojsomhed)
    meeting = Meeting.objects.filter(panel=panel, status="planned").first()
    if meeting is None:
        meeting = panel_services.meeting_plan(
            panel=panel,
            estate=world.nojsomhed,
            held_on=datetime.date(2021, 6, 10),
            agenda="1. Nyt fra politiet",
            created_by=world.user("secretariat_head"),
        )
    return {"slug": world.programme.slug, "panel_id": panel.pk, "meeting_id": meeting.pk}


def _panel_evaluation_data(world: World) -> dict:
    return {
        "evaluated_on": "2020-11-20",
        "police_1": "Vi har fået mere viden om området.",
        "summary": "Panelet er nyttigt.",
        "idempotency_key": "panel-evaluation",
    }


def _panel_member_data(world: World, estate: Estate) -> dict:
    panel_consent_text(world.programme, world.user("secretariat_head"))
    return {
        "name": "Nora Ny",
        "phone": "11223344",
        "estate": str(estate.pk),
        "joined_on": "2021-01-01",
        "idempotency_key": "panel-member",
        "consent-method": "paper",
        "consent-given_on": "2021-01-01",
    }


# The resident panels' site plans, concerns, photos and safety walks (issue 14, part 2): of
# Nøjsomhed, for its keepers only; a joint panel's concerns of Nøjsomhed named to them alone.
NOJSOMHED_CONCERN = "Gangtunnelen under Nøjsomhedsvej"


def _site_plan(world: World, estate: Estate) -> SitePlan:
    found = SitePlan.objects.filter(estate=estate).first()
    return found or a_site_plan(estate, by=world.user("secretariat_head"))


def _nojsomhed_concern(world: World) -> PanelConcern:
    """A concern raised at a meeting of Nøjsomhed's panel, pinned on Nøjsomhed's plan."""
    found = PanelConcern.objects.filter(location=NOJSOMHED_CONCERN).first()
    if found is not None:
        return found
    meeting = Meeting.objects.get(
        pk=_panel_meeting_kwargs(lambda w: w.nojsomhed)(world)["meeting_id"]
    )
    _site_plan(world, world.nojsomhed)
    return a_panel_concern(
        meeting=meeting,
        by=world.user("secretariat_head"),
        location=NOJSOMHED_CONCERN,
        pin_x=400,
        pin_y=600,
    )


def _nojsomhed_meeting_with_plan(world: World) -> dict:
    """A meeting of Nøjsomhed, whose concern form shows the plan to click on."""
    _site_plan(world, world.nojsomhed)
    return _panel_meeting_kwargs(lambda w: w.nojsomhed)(world)


def _nojsomhed_walk(world: World) -> Walk:
    panel = _panel(world, world.nojsomhed)
    found = Walk.objects.filter(panel=panel).first()
    return found or a_walk(panel, datetime.date(2020, 4, 1), by=world.user("secretariat_head"))


def _nojsomhed_walk_concern(world: World) -> PanelConcern:
    """A concern found on Nøjsomhed's walk, with a photo."""
    walk = _nojsomhed_walk(world)
    found = PanelConcern.objects.filter(walk=walk).first()
    if found is not None:
        return found
    concern = a_panel_concern(
        walk=walk, by=world.user("secretariat_head"), location="Bag garagerne"
    )
    panel_services.concern_photo_add(
        concern=concern, upload=panel_upload(panel_image("JPEG"), "foto.jpg"), uploaded_by=None
    )
    return concern


def _concern_kwargs(concern: Callable[[World], PanelConcern]) -> Callable[[World], dict]:
    return lambda w: {"slug": w.programme.slug, "concern_id": concern(w).pk}


def _nojsomhed_walk_kwargs(world: World) -> dict:
    walk = _nojsomhed_walk(world)
    return {"slug": world.programme.slug, "panel_id": walk.panel_id, "walk_id": walk.pk}


def _joint_concern_of_nojsomhed(world: World) -> str:
    """A concern raised at the joint panel's meeting in Nøjsomhed."""
    kwargs = _panel_meeting_kwargs(lambda w: None)(world)
    meeting = Meeting.objects.get(pk=kwargs["meeting_id"])
    if not meeting.concerns.exists():
        a_panel_concern(meeting=meeting, by=world.user("secretariat_head"), location="Fælles sti")
    return "Fælles sti"


def _nojsomhed_in_the_report(world: World) -> str:
    _nojsomhed_concern(world)
    return '<th scope="col">Nøjsomhed</th>'


def _photo_kwargs(world: World) -> dict:
    concern = _nojsomhed_walk_concern(world)
    photo = ConcernPhoto.objects.filter(concern=concern).first()
    assert photo is not None
    return {"slug": world.programme.slug, "concern_id": concern.pk, "photo_id": photo.pk}


def _panel_concern_data(world: World) -> dict:
    return {
        "category": "lighting",
        "description": "Lampen er gået.",
        "location": "Stien",
        "time_of_day": "",
        "week_pattern": "",
        "pin_x": "",
        "pin_y": "",
        "idempotency_key": "panel-concern",
    }


def _walk_data(world: World, estate: Estate) -> dict:
    return {
        "walked_on": "2020-04-01",
        "estate": str(estate.pk),
        "residents": "5",
        "police": "2",
        "staff": "1",
        "municipality": "1",
        "housing": "1",
        "route": "",
        "idempotency_key": "panel-walk",
    }


# The resident panel's actions (issue 14, part 2): a concern in each estate; an action of
# the municipality in Nøjsomhed and one of the police in Vapnagaard. Their keepers are the
# panels' keepers of the estate; a partner sees their organisation's actions only, and to
# them another organisation's does not exist (404).
ACTION_KEEPERS = PANEL_KEEPERS
NOJSOMHED_ACTION_KEEPERS = NOJSOMHED_PANEL_KEEPERS
PARTNERS = frozenset({"partner", "police_partner"})
POLICE_ACTION = "Patruljér ved stationen om aftenen"


def _action_concern(world: World, estate: Estate) -> PanelConcern:
    found = PanelConcern.objects.filter(programme=world.programme, estate=estate).first()
    return found or a_concern_in(world.programme, estate)


def _action(world: World, estate: Estate, party: str) -> ActionItem:
    found = ActionItem.objects.filter(estate=estate, party=party).first()
    description = POLICE_ACTION if party == "police" else "Skift pæren i lygten"
    return found or an_action(
        _action_concern(world, estate),
        by=world.user("secretariat_head"),
        party=party,
        description=description,
    )


def _municipality_action_kwargs(world: World) -> dict:
    """The municipality's action in Nøjsomhed."""
    action = _action(world, world.nojsomhed, "municipality")
    return {"slug": world.programme.slug, "action_id": action.pk}


def _police_action_kwargs(world: World) -> dict:
    """The police's action in Vapnagaard."""
    action = _action(world, world.vapnagaard, "police")
    return {"slug": world.programme.slug, "action_id": action.pk}


def _police_action_listed(world: World) -> str:
    _action(world, world.nojsomhed, "municipality")
    return _action(world, world.vapnagaard, "police").description


def _action_concern_kwargs(world: World) -> dict:
    return {
        "slug": world.programme.slug,
        "concern_id": _action_concern(world, world.nojsomhed).pk,
    }


@dataclass(frozen=True)
class Route:
    name: str
    allowed: frozenset[str]
    kwargs: Callable[[World], dict] = field(default=lambda world: {})
    # Tells apart the rows of one URL name, such as the lists, in the test ids.
    variant: str = ""
    # Personal data of Nøjsomhed on the page, which only ``sees`` (of the allowed) may read.
    secret: Callable[[World], str] | None = None
    sees: frozenset[str] = frozenset()
    # What the allowed get: the page, or for an address that only points on, a redirect.
    status: int = 200
    # A page for anyone, with no login (the volunteer card's check page): the anonymous
    # visitor gets it like everyone allowed.
    public: bool = False
    # Those to whom the object does not exist (404), not just refused: a partner, for the
    # action of another organisation.
    hidden: frozenset[str] = frozenset()

    @property
    def id(self) -> str:
        return f"{self.name}[{self.variant}]" if self.variant else self.name

    def url(self, world: World) -> str:
        return reverse(self.name, kwargs=self.kwargs(world))


def _global_list(kind: str) -> Route:
    return Route("lists:list", ADMINS, lambda w: {"kind": kind}, kind)


def _programme_list(kind: str) -> Route:
    return Route("lists:list", ADMINS, lambda w: {"kind": kind, "slug": w.programme.slug}, kind)


def _open_wave(world: World, estate: Estate | None = None) -> Wave:
    """Helper SP: the survey wave open today, in Vapnagaard unless told."""
    return an_open_wave(a_questionnaire(world.programme), estate or world.vapnagaard)


def _wave_poster_kwargs(estate: Callable[[World], Estate]) -> Callable[[World], dict]:
    return lambda w: {"slug": w.programme.slug, "wave_id": _open_wave(w, estate(w)).pk}


# Surveys, keyed-in paper and results (issue 15, helper SB): a wave of the counselling's
# questionnaire in each estate, open around today so paper may be keyed in; a free-text answer
# of Nøjsomhed that only those who collect Nøjsomhed's answers read on the results page.
NOJSOMHED_SURVEY_TEXT = "Nøjsomheds fritekstsvar"


def _survey_wave(world: World, estate: Estate) -> SurveyWave:
    questionnaire = a_questionnaire(world.programme)
    found = SurveyWave.objects.filter(questionnaire=questionnaire, estate=estate).first()
    if found:
        return found
    today = timezone.localdate()
    return a_wave(
        questionnaire,
        estate,
        opens_on=today - datetime.timedelta(days=30),
        closes_on=today + datetime.timedelta(days=30),
    )


def _open_survey_wave_kwargs(estate: Callable[[World], Estate]) -> Callable[[World], dict]:
    return lambda w: {"slug": w.programme.slug, "wave_id": _survey_wave(w, estate(w)).pk}


def _survey_results_kwargs(world: World) -> dict:
    return {"slug": world.programme.slug, "questionnaire_id": a_questionnaire(world.programme).pk}


def _nojsomhed_survey_text(world: World) -> str:
    wave = _survey_wave(world, world.nojsomhed)
    if not SurveyAnswer.objects.filter(text=NOJSOMHED_SURVEY_TEXT).exists():
        free_text = wave.version.questions.get(kind="text")
        survey_services.response_submit(
            wave=wave,
            channel="web",
            language="da",
            answers={free_text.pk: NOJSOMHED_SURVEY_TEXT},
            today=timezone.localdate(),
        )
    return NOJSOMHED_SURVEY_TEXT


def _paper_sheet(world: World, estate: Estate) -> dict:
    wave = _survey_wave(world, estate)
    first = wave.version.questions.get(position=1)
    return {
        "batch": "B1",
        "sheet": "1",
        "language": "da",
        "submission": "6f1c2b1e-9d7a-4c1e-8f55-2f3d1b0a9c11",
        f"q{first.pk}": "4",
    }


ROUTES = [
    Route("home", EVERYONE),
    Route("accounts:password_change", EVERYONE),
    Route("accounts:account", EVERYONE),
    Route("accounts:two_factor_setup", EVERYONE),
    Route("programmes:detail", PROGRAMME_READERS, lambda w: {"slug": w.programme.slug}),
    Route("accounts:user_list", ADMINS),
    Route("accounts:user_export", ADMINS, lambda w: {"fmt": "xlsx"}),
    Route("accounts:user_create", ADMINS),
    Route("accounts:user_detail", ADMINS, lambda w: {"user_id": w.user("staff").pk}),
    Route("audit:trail", ADMINS),
    Route("audit:sign_ins", ADMINS),
    Route("audit:redact", SECRETARIAT, lambda w: _redactable_record(w)),
    # Managed lists: administrators read the global lists (only a superuser changes them) and
    # keep their own programme's.
    Route("lists:index", ADMINS),
    *(_global_list(kind) for kind in ("event-types", "target-groups", "focus-areas")),
    *(_programme_list(kind) for kind in ("venues", "partners", "outlets", "topics", "referrals")),
    # Agreements
    Route("agreements:list", PROGRAMME_READERS | {"outsider"}),
    Route("agreements:export", PROGRAMME_READERS | {"outsider"}, lambda w: {"fmt": "csv"}),
    Route("agreements:import", IMPORTERS),
    Route("agreements:detail", PROGRAMME_READERS, lambda w: {"agreement_id": _agreement(w).pk}),
    Route("agreements:version", PROGRAMME_READERS, lambda w: _version_kwargs(w, 1)),
    Route("agreements:version_docx", PROGRAMME_READERS, lambda w: _version_kwargs(w, 1)),
    Route("agreements:diff", PROGRAMME_READERS, lambda w: {"agreement_id": _agreement(w).pk}),
    Route(
        "agreements:in_force",
        PROGRAMME_READERS,
        lambda w: {"agreement_id": _agreement(w).pk},
        status=302,
    ),
    Route("agreements:version_pdf", PROGRAMME_READERS, lambda w: _version_kwargs(w, 1)),
    Route("agreements:edit", AGREEMENT_EDITORS, lambda w: _version_kwargs(w, 2)),
    Route("agreements:edit_criteria", AGREEMENT_EDITORS, lambda w: _version_kwargs(w, 2)),
    Route(
        "agreements:edit_activity",
        AGREEMENT_EDITORS,
        lambda w: _version_kwargs(w, 2) | {"position": 0},
    ),
    Route("agreements:edit_staff", AGREEMENT_EDITORS, lambda w: _version_kwargs(w, 2)),
    Route("agreements:edit_budget", AGREEMENT_EDITORS, lambda w: _version_kwargs(w, 2)),
    # Events
    Route("events:list", PROGRAMME_READERS | {"outsider"}),
    Route("events:export", PROGRAMME_READERS | {"outsider"}, lambda w: {"fmt": "xlsx"}),
    Route(
        "events:create",
        EVENT_REGISTRARS,
    ),
    Route(
        "events:theme_evening_create",
        EVENT_REGISTRARS,
    ),
    Route("events:detail", PROGRAMME_READERS, lambda w: {"event_id": an_event(w).pk}),
    Route(
        "events:update",
        REGISTRARS,
        lambda w: {"event_id": an_event(w).pk},
    ),
    Route(
        "events:delete_confirm",
        REGISTRARS,
        lambda w: {"event_id": an_event(w).pk},
    ),
    Route("events:calendar", PROGRAMME_READERS, lambda w: {"estate_id": w.vapnagaard.pk}),
    Route("events:ical", PROGRAMME_READERS, lambda w: {"estate_id": w.vapnagaard.pk}),
    Route("events:theme_evenings", PROGRAMME_READERS, lambda w: {"slug": w.programme.slug}),
    Route(
        "counselling:inquiry_list",
        REGISTRARS,
        lambda w: {"slug": w.programme.slug},
    ),
    Route(
        "counselling:inquiry_export",
        REGISTRARS,
        lambda w: {"slug": w.programme.slug, "fmt": "csv"},
    ),
    Route(
        "counselling:inquiry_create",
        REGISTRARS,
        lambda w: {"slug": w.programme.slug},
    ),
    Route(
        "counselling:booking_list",
        REGISTRARS,
        lambda w: {"slug": w.programme.slug},
    ),
    Route("counselling:mapping", PROGRAMME_READERS, lambda w: {"slug": w.programme.slug}),
    Route("counselling:mapping_xlsx", PROGRAMME_READERS, lambda w: {"slug": w.programme.slug}),
    Route("counselling:mapping_pdf", PROGRAMME_READERS, lambda w: {"slug": w.programme.slug}),
    Route(
        "counselling:opening_hours",
        PROGRAMME_READERS,
        lambda w: {"slug": w.programme.slug, "estate_id": w.vapnagaard.pk},
    ),
    Route(
        "counselling:opening_hours_ical",
        PROGRAMME_READERS,
        lambda w: {"slug": w.programme.slug, "estate_id": w.vapnagaard.pk},
    ),
    # The test world's staff member registered the inquiry just now, so may correct it.
    Route(
        "counselling:inquiry_update",
        REGISTRARS,
        lambda w: {"slug": w.programme.slug, "inquiry_id": staff_inquiry(w).pk},
    ),
    # The test world's staff member registered the inquiry just now, so may correct it.
    Route(
        "counselling:inquiry_delete",
        REGISTRARS,
        lambda w: {"slug": w.programme.slug, "inquiry_id": staff_inquiry(w).pk},
    ),
    # Press
    Route("media:mention_list", PROGRAMME_READERS, lambda w: {"slug": w.programme.slug}),
    Route(
        "media:mention_export",
        PROGRAMME_READERS,
        lambda w: {"slug": w.programme.slug, "fmt": "xlsx"},
    ),
    Route(
        "media:mention_create",
        REGISTRARS,
        lambda w: {"slug": w.programme.slug},
    ),
    Route(
        "media:mention_detail",
        PROGRAMME_READERS,
        lambda w: {"slug": w.programme.slug, "mention_id": a_mention(w).pk},
    ),
    Route(
        "media:mention_update",
        REGISTRARS,
        lambda w: {"slug": w.programme.slug, "mention_id": a_mention(w).pk},
    ),
    Route(
        "media:mention_delete_confirm",
        REGISTRARS,
        lambda w: {"slug": w.programme.slug, "mention_id": a_mention(w).pk},
    ),
    Route("media:tone_accuracy", ADMINS, lambda w: {"slug": w.programme.slug}),
    # Volunteers: counts for everyone in the programme, names for those who keep the estate's.
    # The menu's addresses: the person's programme (or a choice); the outsider's is Korsløkken.
    Route("volunteers:index", VOLUNTEER_COUNTERS | {"outsider"}),
    Route("privacy:index", SECRETARIAT),
    Route(
        "volunteers:list",
        VOLUNTEER_COUNTERS,
        lambda w: {"slug": w.programme.slug},
        secret=lambda w: _nojsomhed_volunteer(w).name,
        sees=NOJSOMHED_REGISTRARS,
    ),
    Route(
        "volunteers:export",
        REGISTRARS,
        lambda w: {"slug": w.programme.slug, "fmt": "csv"},
        secret=lambda w: _nojsomhed_volunteer(w).name,
        sees=NOJSOMHED_REGISTRARS,
    ),
    Route("volunteers:create", REGISTRARS, _with_consent_text),
    Route("volunteers:detail", NOJSOMHED_REGISTRARS, _NOJSOMHED_VOLUNTEER, "nøjsomhed"),
    Route("volunteers:detail", REGISTRARS, _VAPNAGAARD_VOLUNTEER, "vapnagaard"),
    Route("volunteers:detail", REGISTRARS, _OUTSIDE_VOLUNTEER, "not a resident"),
    Route("volunteers:update", NOJSOMHED_REGISTRARS, _NOJSOMHED_VOLUNTEER, "nøjsomhed"),
    Route("volunteers:update", REGISTRARS, _VAPNAGAARD_VOLUNTEER, "vapnagaard"),
    Route("volunteers:card_pdf", NOJSOMHED_REGISTRARS, _with_nojsomhed_card, "nøjsomhed"),
    # Nobody's card in force in the test world: the sheet sends back to the list.
    Route("volunteers:card_sheet", REGISTRARS, lambda w: {"slug": w.programme.slug}, status=302),
    Route("volunteers:card_check", EVERYONE, _nojsomhed_card_token, public=True),
    # The volunteer's personal link: their own pages, with no login, for whoever has the link.
    Route("volunteers:me", EVERYONE, _nojsomhed_link_token, public=True),
    Route("volunteers:me_hours", EVERYONE, _nojsomhed_link_token, public=True),
    Route("volunteers:me_contact", EVERYONE, _nojsomhed_link_token, public=True),
    Route("volunteers:me_withdraw", EVERYONE, _nojsomhed_link_token, public=True),
    Route("volunteers:me_data", EVERYONE, _nojsomhed_link_token, public=True),
    # Nobody has a certificate in the test world: back to the overview.
    Route(
        "volunteers:me_certificate",
        EVERYONE,
        lambda w: _nojsomhed_link_token(w, language="da"),
        public=True,
        status=302,
    ),
    Route(
        "volunteers:task_list",
        REGISTRARS,
        _with_nojsomhed_task,
        secret=lambda w: NOJSOMHED_TASK,
        sees=NOJSOMHED_REGISTRARS,
    ),
    Route("volunteers:task_create", REGISTRARS, lambda w: {"slug": w.programme.slug}),
    Route("volunteers:task_detail", NOJSOMHED_REGISTRARS, _NOJSOMHED_TASK, "nøjsomhed"),
    Route("volunteers:task_detail", REGISTRARS, _VAPNAGAARD_TASK, "vapnagaard"),
    Route("volunteers:task_update", NOJSOMHED_REGISTRARS, _NOJSOMHED_TASK, "nøjsomhed"),
    Route("volunteers:task_update", REGISTRARS, _VAPNAGAARD_TASK, "vapnagaard"),
    Route("volunteers:week_sheet", NOJSOMHED_REGISTRARS, _NOJSOMHED_WEEK, "nøjsomhed"),
    Route("volunteers:week_sheet", REGISTRARS, _VAPNAGAARD_WEEK, "vapnagaard"),
    Route("volunteers:certificate_issue", NOJSOMHED_REGISTRARS, _certifiable_nojsomhed_volunteer),
    Route("volunteers:certificate_pdf", NOJSOMHED_REGISTRARS, _nojsomhed_certificate),
    Route("volunteers:certificate_rules", SECRETARIAT, lambda w: {"slug": w.programme.slug}),
    Route(
        "volunteers:event_invite",
        REGISTRARS,
        lambda w: {"slug": w.programme.slug, "event_id": _nojsomhed_event(w).pk},
        secret=lambda w: _nojsomhed_volunteer(w).name,
        sees=NOJSOMHED_REGISTRARS,
    ),
    Route(
        "volunteers:event_attendance",
        REGISTRARS,
        _party_kwargs,
        secret=lambda w: _nojsomhed_volunteer(w).name,
        sees=NOJSOMHED_REGISTRARS,
    ),
    # The event's page: its volunteers' section counts for all, names for their keepers.
    Route(
        "events:detail",
        PROGRAMME_READERS,
        lambda w: {"event_id": _nojsomhed_party(w).pk},
        "volunteers",
        secret=lambda w: _nojsomhed_volunteer(w).name,
        sees=NOJSOMHED_REGISTRARS,
    ),
    _programme_list("interests"),
    # The privacy lifecycle: the person's data for those who keep them; review, renewal and
    # erasure for the secretariat (of the person's estate).
    Route(
        "privacy:review",
        SECRETARIAT,
        lambda w: {"slug": w.programme.slug},
        secret=_due_nojsomhed_volunteer,
        sees=NOJSOMHED_SECRETARIAT,
    ),
    Route(
        "privacy:consent_text",
        SECRETARIAT,
        lambda w: {"slug": w.programme.slug, "register": "volunteers"},
    ),
    Route("privacy:person_json", NOJSOMHED_REGISTRARS, _NOJSOMHED_PERSON, "nøjsomhed"),
    Route("privacy:person_json", REGISTRARS, _VAPNAGAARD_PERSON, "vapnagaard"),
    Route("privacy:person_pdf", REGISTRARS, _VAPNAGAARD_PERSON, "vapnagaard"),
    Route("privacy:consent_renew", NOJSOMHED_SECRETARIAT, _NOJSOMHED_PERSON, "nøjsomhed"),
    Route("privacy:consent_renew", SECRETARIAT, _VAPNAGAARD_PERSON, "vapnagaard"),
    Route("privacy:person_erase_confirm", NOJSOMHED_SECRETARIAT, _NOJSOMHED_PERSON, "nøjsomhed"),
    Route("privacy:person_erase_confirm", SECRETARIAT, _VAPNAGAARD_PERSON, "vapnagaard"),
    # Resident grant pools: the public form for anyone, the counts for the programme (the
    # police included), the applications with their contact person for their estates' keepers.
    Route("grants:apply", EVERYONE, lambda w: {"link_key": _grant_pool(w).link_key}, public=True),
    # The receipt is of the application this browser sent: without one, nobody's.
    Route(
        "grants:receipt",
        EVERYONE,
        lambda w: {"link_key": _grant_pool(w).link_key},
        public=True,
        status=404,
    ),
    # The guidelines' PDF through the pool's link: none is published here, so nobody's.
    Route(
        "grants:guideline_pdf",
        EVERYONE,
        lambda w: {"link_key": _grant_pool(w).link_key},
        public=True,
        status=404,
    ),
    Route("grants:index", GRANT_COUNTERS | {"outsider"}),
    Route(
        "grants:pool_list",
        GRANT_COUNTERS,
        lambda w: {"slug": w.programme.slug},
        secret=_nojsomhed_applicant,
    ),
    # The pools' report per year (G3C): figures for every counter, no names.
    Route(
        "grants:report",
        GRANT_COUNTERS,
        lambda w: {"slug": w.programme.slug},
        secret=_nojsomhed_applicant,
    ),
    Route(
        "grants:report_export", GRANT_COUNTERS, lambda w: {"slug": w.programme.slug, "fmt": "xlsx"}
    ),
    Route(
        "grants:application_list",
        REGISTRARS,
        _grant_pool_kwargs(lambda w: None),
        "programme",
        secret=_nojsomhed_applicant,
        sees=NOJSOMHED_REGISTRARS,
    ),
    Route(
        "grants:application_list",
        NOJSOMHED_REGISTRARS,
        _grant_pool_kwargs(lambda w: w.nojsomhed),
        "nøjsomhed",
    ),
    Route("grants:application_create", REGISTRARS, _grant_pool_kwargs(lambda w: None)),
    Route("grants:pool_create", SECRETARIAT, lambda w: {"slug": w.programme.slug}),
    Route("grants:pool_settings", SECRETARIAT, _grant_pool_kwargs(lambda w: None), "programme"),
    Route(
        "grants:pool_settings",
        NOJSOMHED_SECRETARIAT,
        _grant_pool_kwargs(lambda w: w.nojsomhed),
        "nøjsomhed",
    ),
    Route("grants:pool_poster", REGISTRARS, _grant_pool_kwargs(lambda w: None)),
    Route("grants:meeting_agenda", REGISTRARS, _grant_meeting_kwargs(lambda w: None), "programme"),
    Route("grants:decision_letter", NOJSOMHED_REGISTRARS, _decided_grant_application_kwargs),
    Route(
        "grants:meeting_agenda",
        NOJSOMHED_REGISTRARS,
        _grant_meeting_kwargs(lambda w: w.nojsomhed),
        "nøjsomhed",
    ),
    Route(
        "grants:application_detail",
        NOJSOMHED_REGISTRARS,
        _grant_application_kwargs(lambda w: w.nojsomhed, NOJSOMHED_APPLICANT),
        "nøjsomhed",
    ),
    Route(
        "grants:application_detail",
        REGISTRARS,
        _grant_application_kwargs(lambda w: w.vapnagaard, "Vagn Vapnagaardansøger"),
        "vapnagaard",
    ),
    # The report back (a paid application's page shows its form) and the overdue reports,
    # of the estates a person keeps.
    Route(
        "grants:application_detail",
        NOJSOMHED_REGISTRARS,
        _paid_grant_kwargs(lambda w: w.nojsomhed, "Olga Overskredet"),
        "paid",
    ),
    Route(
        "grants:overdue_reports",
        REGISTRARS,
        lambda w: {"slug": w.programme.slug},
        secret=_overdue_nojsomhed_reference,
        sees=NOJSOMHED_REGISTRARS,
    ),
    Route("privacy:person_json", NOJSOMHED_REGISTRARS, _grant_contact_kwargs, "grant contact"),
    # The money: a pool's page shows the grants of the reader's estates, the others counted.
    Route(
        "grants:pool_money",
        REGISTRARS,
        _grant_pool_kwargs(lambda w: None),
        "programme",
        secret=lambda w: _granted(w, w.nojsomhed, "Dorte Afgjortsen").reference,
        sees=NOJSOMHED_REGISTRARS,
    ),
    Route(
        "grants:pool_money",
        NOJSOMHED_REGISTRARS,
        _grant_pool_kwargs(lambda w: w.nojsomhed),
        "nøjsomhed",
    ),
    Route(
        "grants:application_detail",
        REGISTRARS,
        _granted_kwargs(lambda w: w.vapnagaard, "Vagn Vapnagaardansøger"),
        "granted",
    ),
    Route(
        "privacy:consent_text",
        SECRETARIAT,
        lambda w: {"slug": w.programme.slug, "register": "grants"},
        "grants",
    ),
    Route(
        "events:kulturhus_import",
        EVENT_REGISTRARS,
    ),
    # External statistics: the secretariat keeps them, everyone else in the programme reads them.
    Route("series:list", PROGRAMME_READERS, lambda w: {"slug": w.programme.slug}),
    Route("series:export", PROGRAMME_READERS, lambda w: {"slug": w.programme.slug, "fmt": "csv"}),
    Route(
        "series:create",
        SECRETARIAT,
        lambda w: {"slug": w.programme.slug},
    ),
    Route(
        "series:import",
        SECRETARIAT,
        lambda w: {"slug": w.programme.slug},
    ),
    Route(
        "series:import_preview",
        SECRETARIAT,
        lambda w: {"slug": w.programme.slug},
    ),
    Route(
        "series:detail",
        PROGRAMME_READERS,
        lambda w: {"slug": w.programme.slug, "code": a_figure_for_the_matrix(w).series.code},
    ),
    Route(
        "series:update",
        SECRETARIAT,
        lambda w: {"slug": w.programme.slug, "code": safety_series(w).code},
    ),
    Route(
        "series:observation_create",
        SECRETARIAT,
        lambda w: {"slug": w.programme.slug, "code": safety_series(w).code},
    ),
    # Indicators
    Route("indicators:index", PROGRAMME_READERS | {"outsider"}),
    Route("indicators:dashboard", PROGRAMME_READERS, lambda w: {"agreement_id": _agreement(w).pk}),
    Route(
        "indicators:dashboard_export",
        PROGRAMME_READERS,
        lambda w: {"agreement_id": _agreement(w).pk, "fmt": "xlsx"},
    ),
    Route("indicators:years", PROGRAMME_READERS, lambda w: {"agreement_id": _agreement(w).pk}),
    Route(
        "indicators:detail",
        PROGRAMME_READERS,
        lambda w: {"indicator_id": an_indicator(w).pk},
    ),
    Route(
        "indicators:proposals",
        INDICATOR_PROPOSERS,
        lambda w: {"agreement_id": _agreement(w).pk},
    ),
    Route(
        "indicators:confirm",
        INDICATOR_PROPOSERS,
        lambda w: {"agreement_id": _agreement(w).pk, "key": "A3.1"},
    ),
    Route(
        "indicators:edit",
        SECRETARIAT,
        lambda w: {"indicator_id": an_indicator(w).pk},
    ),
    Route(
        "indicators:targets",
        SECRETARIAT,
        lambda w: {"indicator_id": an_indicator(w).pk},
    ),
    Route(
        "indicators:lock",
        frozenset({"board", "superuser"}),
        lambda w: {"agreement_id": _agreement(w).pk},
    ),
    # Estate limits: objects of Nøjsomhed alone, and joint ones that include Vapnagaard.
    Route(
        "events:detail",
        PROGRAMME_READERS,
        lambda w: {"event_id": _nojsomhed_event(w).pk},
        "nøjsomhed",
    ),
    Route(
        "events:update",
        NOJSOMHED_REGISTRARS,
        lambda w: {"event_id": _nojsomhed_event(w).pk},
        "nøjsomhed",
    ),
    Route("events:update", REGISTRARS, lambda w: {"event_id": _joint_event(w).pk}, "joint"),
    Route(
        "events:delete_confirm",
        NOJSOMHED_REGISTRARS,
        lambda w: {"event_id": _nojsomhed_event(w).pk},
        "nøjsomhed",
    ),
    Route(
        "media:mention_detail",
        PROGRAMME_READERS,
        lambda w: {"slug": w.programme.slug, "mention_id": _nojsomhed_mention(w).pk},
        "nøjsomhed",
    ),
    Route(
        "media:mention_update",
        NOJSOMHED_REGISTRARS,
        lambda w: {"slug": w.programme.slug, "mention_id": _nojsomhed_mention(w).pk},
        "nøjsomhed",
    ),
    Route(
        "media:mention_update",
        REGISTRARS,
        lambda w: {
            "slug": w.programme.slug,
            "mention_id": _nojsomhed_mention(w, w.vapnagaard).pk,
        },
        "joint",
    ),
    Route(
        "media:mention_delete_confirm",
        NOJSOMHED_REGISTRARS,
        lambda w: {"slug": w.programme.slug, "mention_id": _nojsomhed_mention(w).pk},
        "nøjsomhed",
    ),
    Route(
        "counselling:inquiry_update",
        NOJSOMHED_SECRETARIAT,
        lambda w: {"slug": w.programme.slug, "inquiry_id": _nojsomhed_inquiry(w).pk},
        "nøjsomhed",
    ),
    Route(
        "counselling:inquiry_delete",
        NOJSOMHED_SECRETARIAT,
        lambda w: {"slug": w.programme.slug, "inquiry_id": _nojsomhed_inquiry(w).pk},
        "nøjsomhed",
    ),
    Route(
        "counselling:inquiry_export",
        REGISTRARS,
        lambda w: {"slug": w.programme.slug, "fmt": "csv"},
        "nøjsomhed",
        secret=lambda w: _nojsomhed_inquiry(w).estate.name,
        sees=NOJSOMHED_REGISTRARS,
    ),
    Route(
        "counselling:booking_list",
        REGISTRARS,
        lambda w: {"slug": w.programme.slug},
        "nøjsomhed",
        secret=lambda w: _nojsomhed_booking(w).name,
        sees=NOJSOMHED_REGISTRARS,
    ),
    Route(
        "counselling:opening_hours",
        PROGRAMME_READERS,
        lambda w: {"slug": w.programme.slug, "estate_id": w.nojsomhed.pk},
        "nøjsomhed",
    ),
    # The resident panels: their keepers see the panels, members and meetings of their
    # estates; a joint panel is every keeper's, its meetings those of the estate held in.
    Route("panels:index", PANEL_KEEPERS | {"outsider"}),
    Route("panels:list", PANEL_KEEPERS, lambda w: {"slug": w.programme.slug}),
    Route("panels:create", PANEL_KEEPERS, lambda w: {"slug": w.programme.slug}),
    Route(
        "panels:detail", NOJSOMHED_PANEL_KEEPERS, _panel_kwargs(lambda w: w.nojsomhed), "nøjsomhed"
    ),
    Route("panels:detail", PANEL_KEEPERS, _panel_kwargs(lambda w: w.vapnagaard), "vapnagaard"),
    Route(
        "panels:detail",
        PANEL_KEEPERS,
        _panel_kwargs(lambda w: None),
        "joint",
        secret=_joint_panel_member_of_nojsomhed,
        sees=NOJSOMHED_PANEL_KEEPERS,
    ),
    Route("panels:update", NOJSOMHED_PANEL_KEEPERS, _panel_kwargs(lambda w: w.nojsomhed)),
    Route("panels:member_create", NOJSOMHED_PANEL_KEEPERS, _panel_kwargs(lambda w: w.nojsomhed)),
    Route("panels:member", NOJSOMHED_PANEL_KEEPERS, _panel_member_kwargs),
    Route("panels:meetings", NOJSOMHED_PANEL_KEEPERS, _panel_kwargs(lambda w: w.nojsomhed)),
    Route("panels:meeting_create", NOJSOMHED_PANEL_KEEPERS, _panel_kwargs(lambda w: w.nojsomhed)),
    Route("panels:meeting", NOJSOMHED_PANEL_KEEPERS, _panel_meeting_kwargs(lambda w: w.nojsomhed)),
    Route(
        "panels:meeting",
        NOJSOMHED_PANEL_KEEPERS,
        _panel_meeting_kwargs(lambda w: None),
        "joint panel, in nøjsomhed",
    ),
    Route(
        "panels:meeting_update",
        NOJSOMHED_PANEL_KEEPERS,
        _panel_meeting_kwargs(lambda w: w.nojsomhed),
    ),
    Route(
        "panels:minutes_upload",
        NOJSOMHED_PANEL_KEEPERS,
        _panel_meeting_kwargs(lambda w: w.nojsomhed),
    ),
    # Site plans, concerns with pins and photos, safety walks, the concerns chart.
    Route("panels:site_plans", PANEL_KEEPERS, lambda w: {"slug": w.programme.slug}),
    Route(
        "panels:site_plan",
        NOJSOMHED_PANEL_KEEPERS,
        lambda w: {"slug": w.programme.slug, "estate_id": _site_plan(w, w.nojsomhed).estate_id},
        "nøjsomhed",
    ),
    Route(
        "panels:site_plan",
        PANEL_KEEPERS,
        lambda w: {"slug": w.programme.slug, "estate_id": w.vapnagaard.pk},
        "vapnagaard",
    ),
    Route(
        "panels:meeting_concern_create",
        NOJSOMHED_PANEL_KEEPERS,
        _nojsomhed_meeting_with_plan,
    ),
    Route(
        "panels:concerns",
        PANEL_KEEPERS,
        _panel_kwargs(lambda w: None),
        "joint",
        secret=_joint_concern_of_nojsomhed,
        sees=NOJSOMHED_PANEL_KEEPERS,
    ),
    Route("panels:concerns", NOJSOMHED_PANEL_KEEPERS, _panel_kwargs(lambda w: w.nojsomhed)),
    Route(
        "panels:concern_report",
        PANEL_KEEPERS,
        lambda w: {"slug": w.programme.slug},
        secret=_nojsomhed_in_the_report,
        sees=NOJSOMHED_PANEL_KEEPERS,
    ),
    Route("panels:concern", NOJSOMHED_PANEL_KEEPERS, _concern_kwargs(_nojsomhed_concern), "pinned"),
    Route(
        "panels:concern",
        NOJSOMHED_PANEL_KEEPERS,
        _concern_kwargs(_nojsomhed_walk_concern),
        "walk, with a photo",
    ),
    Route("panels:concern_update", NOJSOMHED_PANEL_KEEPERS, _concern_kwargs(_nojsomhed_concern)),
    Route("panels:photo_add", NOJSOMHED_PANEL_KEEPERS, _concern_kwargs(_nojsomhed_walk_concern)),
    Route("panels:walk_create", NOJSOMHED_PANEL_KEEPERS, _panel_kwargs(lambda w: w.nojsomhed)),
    Route("panels:walk_create", PANEL_KEEPERS, _panel_kwargs(lambda w: None), "joint"),
    Route("panels:walk", NOJSOMHED_PANEL_KEEPERS, _nojsomhed_walk_kwargs),
    Route("panels:walk_concern_create", NOJSOMHED_PANEL_KEEPERS, _nojsomhed_walk_kwargs),
    Route("panels:meeting_plan", NOJSOMHED_PANEL_KEEPERS, _panel_kwargs(lambda w: w.nojsomhed)),
    Route("panels:meeting_plan_update", NOJSOMHED_PANEL_KEEPERS, _panel_planned_kwargs),
    Route("panels:meeting_record_held", NOJSOMHED_PANEL_KEEPERS, _panel_planned_kwargs),
    Route(
        "panels:meeting_pdf", NOJSOMHED_PANEL_KEEPERS, _panel_meeting_kwargs(lambda w: w.nojsomhed)
    ),
    Route("panels:evaluations", NOJSOMHED_PANEL_KEEPERS, _panel_kwargs(lambda w: w.nojsomhed)),
    Route("panels:evaluations", PANEL_KEEPERS, _panel_kwargs(lambda w: None), "joint"),
    Route("panels:evaluation_write", NOJSOMHED_PANEL_KEEPERS, _panel_kwargs(lambda w: w.nojsomhed)),
    Route(
        "panels:evaluation_upload", NOJSOMHED_PANEL_KEEPERS, _panel_kwargs(lambda w: w.nojsomhed)
    ),
    # The panel's actions: those of their estates for the keepers, their organisation's for
    # the partners.
    Route("panels:action_index", ACTION_KEEPERS | PARTNERS | {"outsider"}),
    Route(
        "panels:actions",
        ACTION_KEEPERS | PARTNERS,
        lambda w: {"slug": w.programme.slug},
        secret=_police_action_listed,
        sees=ACTION_KEEPERS | {"police_partner"},
    ),
    Route(
        "panels:action_report",
        ACTION_KEEPERS | PARTNERS,
        lambda w: {"slug": w.programme.slug},
    ),
    Route(
        "panels:action_export",
        ACTION_KEEPERS | PARTNERS,
        lambda w: {"slug": w.programme.slug},
    ),
    Route(
        "panels:action",
        NOJSOMHED_ACTION_KEEPERS | {"partner"},
        _municipality_action_kwargs,
        "municipality, nøjsomhed",
        hidden=frozenset({"police_partner"}),
    ),
    Route(
        "panels:action",
        ACTION_KEEPERS | {"police_partner"},
        _police_action_kwargs,
        "police, vapnagaard",
        hidden=frozenset({"partner"}),
    ),
    Route(
        "panels:action_update",
        NOJSOMHED_ACTION_KEEPERS,
        _municipality_action_kwargs,
        hidden=frozenset({"police_partner"}),
    ),
    Route("panels:action_create", NOJSOMHED_ACTION_KEEPERS, _action_concern_kwargs),
    Route("privacy:person_json", NOJSOMHED_PANEL_KEEPERS, _panel_person_kwargs, "panel member"),
    Route(
        "privacy:person_erase_confirm",
        NOJSOMHED_SECRETARIAT,
        _panel_person_kwargs,
        "panel member",
    ),
    # Surveys, the public side (helper SP): a wave's answer page, the tablet's, and their
    # thanks, for anyone with the link; the QR poster for those who collect the wave's answers.
    Route("surveys:answer", EVERYONE, lambda w: {"link_key": _open_wave(w).link_key}, public=True),
    Route("surveys:thanks", EVERYONE, lambda w: {"link_key": _open_wave(w).link_key}, public=True),
    Route("surveys:kiosk", EVERYONE, lambda w: {"kiosk_key": _open_wave(w).kiosk_key}, public=True),
    Route(
        "surveys:kiosk_thanks",
        EVERYONE,
        lambda w: {"kiosk_key": _open_wave(w).kiosk_key},
        public=True,
    ),
    Route("surveys:wave_poster", REGISTRARS, _wave_poster_kwargs(lambda w: w.vapnagaard)),
    Route(
        "surveys:wave_poster",
        NOJSOMHED_REGISTRARS,
        _wave_poster_kwargs(lambda w: w.nojsomhed),
        "nøjsomhed",
    ),
]


# Scanned batches (issue 15, helper SD): the batches are the programme's, for everyone who
# enters survey answers; a page's cut-outs and decisions only for those of its wave's estate,
# and a batch's import for those of every estate its forms are of. A batch of Nøjsomhed's
# wave shows its pages only to those who enter Nøjsomhed's answers.
def _scanned_batch(world: World, estate: Estate, *, unsure: bool = True) -> ScanBatch:
    """The estate's batch (made once: the accessibility test builds every URL on one world)."""
    number = f"S{estate.pk}{'' if unsure else 'R'}"
    found = ScanBatch.objects.filter(programme=world.programme, number=number).first()
    if found is not None:
        return found
    wave = a_survey_wave(a_questionnaire(world.programme), estate)
    return a_scanned_batch(wave, world.user("secretariat_head"), number=number, unsure=unsure)


def _scan_page_kwargs(estate: Callable[[World], Estate]) -> Callable[[World], dict]:
    def kwargs(world: World) -> dict:
        batch = _scanned_batch(world, estate(world))
        page = batch.pages.get(status=ScanPageStatus.REVIEW)
        return {
            "slug": world.programme.slug,
            "batch_id": batch.pk,
            "page_id": page.pk,
            "question_id": page.marks.order_by("question__position")[0].question_id,
        }

    return kwargs


def _scan_batch_kwargs(world: World) -> dict:
    return {"slug": world.programme.slug, "batch_id": _scanned_batch(world, world.nojsomhed).pk}


ROUTES += [
    Route("surveys:scan_batches", REGISTRARS, lambda w: {"slug": w.programme.slug}),
    Route("surveys:scan_upload", REGISTRARS, lambda w: {"slug": w.programme.slug}),
    # The paper form of a wave, for those who collect its estate's answers.
    Route(
        "surveys:paper_form",
        REGISTRARS,
        lambda w: _wave_poster_kwargs(lambda w: w.vapnagaard)(w) | {"language": "da"},
    ),
    Route(
        "surveys:paper_form",
        NOJSOMHED_REGISTRARS,
        lambda w: _wave_poster_kwargs(lambda w: w.nojsomhed)(w) | {"language": "en"},
        "nøjsomhed",
    ),
    Route(
        "surveys:scan_batch",
        REGISTRARS,
        _scan_batch_kwargs,
        secret=lambda w: "Nøjsomhed",
        sees=NOJSOMHED_REGISTRARS,
    ),
    Route("surveys:scan_review", REGISTRARS, _scan_batch_kwargs),
    Route(
        "surveys:scan_cutout",
        NOJSOMHED_REGISTRARS,
        _scan_page_kwargs(lambda w: w.nojsomhed),
        "nøjsomhed",
    ),
    Route(
        "surveys:scan_cutout",
        REGISTRARS,
        _scan_page_kwargs(lambda w: w.vapnagaard),
        "vapnagaard",
    ),
]


# The surveys' questionnaires, versions, translations and waves (issue 15, helper SA): the
# programme's readers see them; those who manage surveys in every estate write the
# questionnaires (not the head limited to Vapnagaard); waves are opened and changed by those
# who manage surveys in their estate.
SURVEY_READERS = PROGRAMME_READERS
SURVEY_WRITERS = ADMINS | {"secretariat_head"}


def _survey(world: World) -> SurveyQuestionnaire:
    return a_questionnaire(world.programme)


def _survey_kwargs(world: World) -> dict:
    return {"slug": world.programme.slug, "questionnaire_id": _survey(world).pk}


def _survey_version_kwargs(world: World) -> dict:
    return _survey_kwargs(world) | {"number": 1}


def _survey_question_kwargs(world: World) -> dict:
    question = survey_queries.latest_version(_survey(world)).questions.get(position=2)
    return {"slug": world.programme.slug, "question_id": question.pk}


def _survey_language_kwargs(world: World) -> dict:
    english = survey_queries.latest_version(_survey(world)).languages.get(code="en")
    return {"slug": world.programme.slug, "language_id": english.pk}


def _survey_wave_kwargs(estate: Callable[[World], Estate]) -> Callable[[World], dict]:
    def kwargs(world: World) -> dict:
        wave = SurveyWave.objects.filter(estate=estate(world)).first()
        wave = wave or a_survey_wave(_survey(world), estate(world))
        return {"slug": world.programme.slug, "wave_id": wave.pk}

    return kwargs


ROUTES += [
    Route("surveys:index", SURVEY_READERS | {"outsider"}),
    Route("surveys:list", SURVEY_READERS, lambda w: {"slug": w.programme.slug}),
    Route("surveys:questionnaire_create", SURVEY_WRITERS, lambda w: {"slug": w.programme.slug}),
    Route("surveys:questionnaire", SURVEY_READERS, _survey_kwargs),
    Route("surveys:version", SURVEY_READERS, _survey_version_kwargs),
    Route("surveys:question_create", SURVEY_WRITERS, _survey_version_kwargs),
    Route("surveys:question_update", SURVEY_WRITERS, _survey_question_kwargs),
    Route("surveys:language_create", SURVEY_WRITERS, _survey_version_kwargs),
    Route("surveys:translation", SURVEY_WRITERS, _survey_language_kwargs),
    Route("surveys:wave_create", SECRETARIAT, _survey_kwargs),
    Route("surveys:wave_quarters", SECRETARIAT, _survey_kwargs),
    Route("surveys:wave", SURVEY_READERS, _survey_wave_kwargs(lambda w: w.nojsomhed), "nøjsomhed"),
    Route(
        "surveys:wave_update",
        NOJSOMHED_SECRETARIAT,
        _survey_wave_kwargs(lambda w: w.nojsomhed),
        "nøjsomhed",
    ),
    Route(
        "surveys:wave_update",
        SECRETARIAT,
        _survey_wave_kwargs(lambda w: w.vapnagaard),
        "vapnagaard",
    ),
    # Surveys, keyed-in paper and results (issue 15, helper SB).
    Route(
        "surveys:paper_entry",
        NOJSOMHED_REGISTRARS,
        _open_survey_wave_kwargs(lambda w: w.nojsomhed),
        "nøjsomhed",
    ),
    Route(
        "surveys:paper_entry",
        REGISTRARS,
        _open_survey_wave_kwargs(lambda w: w.vapnagaard),
        "vapnagaard",
    ),
    Route(
        "surveys:results",
        PROGRAMME_READERS,
        _survey_results_kwargs,
        secret=_nojsomhed_survey_text,
        sees=NOJSOMHED_REGISTRARS,
    ),
    Route("surveys:results_export", PROGRAMME_READERS, _survey_results_kwargs),
]


# Governance records (issue 17, helper GV): the bodies, meetings and proposals are read by
# everyone who reads the programme and kept by the secretariat; the log's entry recorded by
# the staff member is theirs and the handlers' (the board's too), not the working group's.
GOVERNANCE_KEEPERS = SECRETARIAT
GOVERNANCE_PROPOSERS = SECRETARIAT | {"working_group"}
GOVERNANCE_HANDLERS = SECRETARIAT | {"board"}


def _governance_slug(world: World) -> dict:
    return {"slug": world.programme.slug}


def _governance_body_kwargs(world: World) -> dict:
    return _governance_slug(world) | {"body_id": governance_helpers.a_board(world.programme).pk}


def _governance_meeting(world: World) -> GovernanceMeeting:
    board = governance_helpers.a_board(world.programme)
    return board.meetings.first() or governance_services.meeting_record(
        body=board, held_on=datetime.date(2020, 3, 15)
    )


def _governance_meeting_kwargs(world: World) -> dict:
    return _governance_slug(world) | {"meeting_id": _governance_meeting(world).pk}


def _governance_member_kwargs(world: World) -> dict:
    board = governance_helpers.a_board(world.programme)
    member = board.members.first() or governance_services.member_add(
        body=board,
        role="chair",
        organisation="Helsingør Kommune",
        joined_on=datetime.date(2019, 1, 1),
    )
    return _governance_slug(world) | {"member_id": member.pk}


def _governance_case_kwargs(world: World) -> dict:
    case = GovernanceCase.objects.filter(programme=world.programme).first()
    case = case or governance_helpers.a_case(world.programme, by=world.user("staff"))
    return _governance_slug(world) | {"case_id": case.pk}


def _governance_proposal_kwargs(world: World) -> dict:
    proposal = governance_helpers.a_proposal(world.programme)
    return _governance_slug(world) | {"proposal_id": proposal.pk}


ROUTES += [
    Route("governance:index", PROGRAMME_READERS | {"outsider"}),
    Route("governance:programme", PROGRAMME_READERS, _governance_slug),
    Route("governance:body_create", GOVERNANCE_KEEPERS, _governance_slug),
    Route("governance:body", PROGRAMME_READERS, _governance_body_kwargs),
    Route("governance:meeting_create", GOVERNANCE_KEEPERS, _governance_body_kwargs),
    Route("governance:meeting", PROGRAMME_READERS, _governance_meeting_kwargs),
    Route("governance:meeting_update", GOVERNANCE_KEEPERS, _governance_meeting_kwargs),
    Route("governance:case_list", PROGRAMME_READERS, _governance_slug),
    Route("governance:case_create", PROGRAMME_READERS, _governance_slug),
    Route("governance:case", GOVERNANCE_HANDLERS | {"staff"}, _governance_case_kwargs),
    Route("governance:proposal_create", GOVERNANCE_PROPOSERS, _governance_slug),
    Route("governance:proposal", PROGRAMME_READERS, _governance_proposal_kwargs),
]


def _indicators_revise_kwargs(w: World) -> dict:
    """The draft version 2 rewords A1.3 (eight theme evenings, not six), whose indicator has
    no targets of version 2 yet."""
    from dataclasses import replace as _replace

    from helhedsplan.agreements.queries import document_of
    from helhedsplan.indicators import services as indicator_services

    the_agreement = _agreement(w)
    draft = the_agreement.versions.get(number=2)
    if draft.status == "draft" and "otte" not in draft.criteria.get(key="A1.3").text:
        document = document_of(draft)
        activities = list(document.activities)
        criteria = list(activities[0].success_criteria)
        criteria[2] = _replace(criteria[2], text="Afholdelse af otte temaaftner pr. år")
        activities[0] = _replace(activities[0], success_criteria=criteria)
        agreement_services.version_update(
            version=draft,
            document=_replace(document, activities=activities),
            estates=draft.estates.all(),
        )
    if not Indicator.objects.filter(agreement=the_agreement, criterion_key="A1.3").exists():
        indicator_services.indicator_create(
            agreement=the_agreement,
            criterion_key="A1.3",
            code="H3",
            name="Temaaftener",
            kind="count",
            source="events.event",
            period="year",
            per_area=False,
            direction="up",
            comparator=">=",
            targets=[indicator_services.TargetSpec(Decimal(6))],
        )
    return {"agreement_id": the_agreement.pk, "number": 2, "key": "A1.3"}


ROUTES += [
    Route(
        "indicators:revisions",
        SECRETARIAT,
        lambda w: {"agreement_id": _indicators_revise_kwargs(w)["agreement_id"]},
    ),
    Route("indicators:revise", SECRETARIAT, _indicators_revise_kwargs),
]


# The completeness cockpit (issue 17, helper CP): for those who may see what is missing.
COMPLETENESS_VIEWERS = REGISTRARS


def _completeness_slug(world: World) -> dict:
    return {"slug": world.programme.slug}


def _completeness_opt_outs(world: World) -> object:
    # Imported here, to keep this helper's lines in one block of the shared file.
    from helhedsplan.completeness.models import DigestOptOut

    return list(DigestOptOut.objects.order_by("pk").values())


ROUTES += [Route("completeness:cockpit", COMPLETENESS_VIEWERS, _completeness_slug)]


def _reports_kwargs(world: World) -> dict:
    from helhedsplan.indicators.tests.helpers import agreement as _reports_agreement

    _reports_agreement(world)
    return {"programme_id": world.programme.pk, "year": 2020}


def _reports_download_kwargs(world: World) -> dict:
    return _reports_kwargs(world) | {"fmt": "xlsx"}


# Everyone with a role that reads the status report somewhere, the other programme's staff too.
REPORTS_ANY_READER = PROGRAMME_READERS | {"outsider"}
ROUTES += [
    Route("reports:index", REPORTS_ANY_READER),
    Route("reports:report", PROGRAMME_READERS, _reports_kwargs),
    Route("reports:download", PROGRAMME_READERS, _reports_download_kwargs),
    Route("reports:texts", SECRETARIAT, _reports_kwargs),
]


# Budget follow-up (issue 17, helper BG): the board reads it, the secretariat keeps it.
BUDGET_READERS = SECRETARIAT | {"board"}
BUDGET_KEEPERS = SECRETARIAT


def _budget_kwargs(world: World) -> dict:
    return {"agreement_id": _agreement(world).pk}


def _budget_year_kwargs(world: World) -> dict:
    return _budget_kwargs(world) | {"year": 2019}


ROUTES += [
    Route("budget:list", BUDGET_READERS),
    Route("budget:detail", BUDGET_READERS, _budget_kwargs),
    Route("budget:export", BUDGET_READERS, _budget_kwargs),
    Route("budget:year", BUDGET_KEEPERS, _budget_year_kwargs),
    Route("budget:staff_year", BUDGET_KEEPERS, _budget_year_kwargs),
    Route("budget:import", BUDGET_KEEPERS, _budget_kwargs),
    Route("budget:template", BUDGET_KEEPERS, _budget_kwargs),
    Route("budget:import_preview", BUDGET_KEEPERS, _budget_kwargs),
]


# One test world per route, not per person: every request is a read, so the anonymous visitor
# and all ten people can ask in turn on the same world.
@pytest.mark.parametrize("route", ROUTES, ids=[r.id for r in ROUTES])
def test_role_matrix(client, world: World, route: Route) -> None:
    url = route.url(world)
    secret = route.secret(world) if route.secret else None
    wrong = []
    response = client.get(url)
    if route.public:
        if response.status_code != route.status:
            wrong.append(f"anonymous on {url}: {response.status_code}, expected {route.status}")
    elif response.status_code != 302 or not response.url.startswith(reverse("accounts:login")):
        wrong.append(f"anonymous on {url}: {response.status_code}, expected the login page")
    for who in sorted(EVERYONE):
        client.force_login(world.user(who))
        response = client.get(url)
        expected = route.status if who in route.allowed else 404 if who in route.hidden else 403
        if response.status_code != expected:
            wrong.append(f"{who} on {url}: {response.status_code}, expected {expected}")
        elif secret is not None and who in route.allowed:
            shown = secret in response.content.decode(errors="replace")
            if shown is not (who in route.sees):
                wrong.append(f"{who} on {url}: {secret!r} {'shown' if shown else 'hidden'}")
    assert not wrong, "\n".join(wrong)


# Writes ----------------------------------------------------------------------------------
#
# Every POST address × every person: an allowed write succeeds (a page or a redirect, not to
# the login page) and changes what ``state`` reads; a forbidden one is refused with 403 (404
# for a form that has nothing of the person's to act on) and changes nothing. A form that does
# offer the person some estates refuses another one as a wrong choice, with the form again
# (400): ``wrong_choice`` names who gets that. Each person writes in a savepoint that is
# rolled back, so all of them act on the same world, one world per write.


def _rows(*models: type[Model]) -> Callable[[World], object]:
    """What the write may change: every row of these models."""
    return lambda world: [list(model.objects.order_by("pk").values()) for model in models]


def _nothing(world: World) -> dict:
    return {}


@dataclass(frozen=True)
class Write:
    name: str
    allowed: frozenset[str]
    kwargs: Callable[[World], dict]
    state: Callable[[World], object]
    # The form, built for each request (a file can be sent once); ``prepare`` gets the
    # signed-in person's client, for a write that needs a step before it (an upload).
    data: Callable[[World], dict] = _nothing
    prepare: Callable[[Client, World], dict] | None = None
    variant: str = ""
    wrong_choice: frozenset[str] = frozenset()
    # Who may make the write elsewhere but have nothing of theirs waiting to confirm here:
    # they are sent back to the upload, and nothing changes.
    nothing_waiting: frozenset[str] = frozenset()
    query: Callable[[World], dict] = _nothing
    # A form for anyone, with no login (a grant pool's application form): the anonymous
    # visitor writes like everyone allowed.
    public: bool = False

    @property
    def id(self) -> str:
        return f"{self.name}[{self.variant}]" if self.variant else self.name


def _slug(world: World) -> dict:
    return {"slug": world.programme.slug}


def _no_submissions_counted(client: Client, world: World) -> dict:
    cache.clear()
    return {}


def _paper_application(world: World, estate: Estate) -> dict:
    data = grant_form_data(estate, **{"consent-given_on": "2026-03-01"})
    del data["consent-consent"]
    return data


def _volunteer_data(world: World, estate: Estate, **changes: str) -> dict:
    return {
        "name": "Nora Ny",
        "phone": "11223344",
        "estate": str(estate.pk),
        "birth_year": "1990",
        "kind": "club",
        "started_on": "2021-01-01",
        "consent-method": "in_person",
        "consent-given_on": "2021-01-01",
    } | changes


def _inquiry_data(world: World, estate: Estate) -> dict:
    return {
        "estate": estate.pk,
        "channel": "drop_in",
        "method": "conversation",
        "occurred_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "topics": [topic(world.programme, "Kost").pk],
    }


def _event_data(world: World, *estates: Estate, **changes: object) -> dict:
    return {
        "type": EventType.objects.get(code=EventTypeCode.CULTURAL).pk,
        "title": "Gadeteater på plænen",
        "date": "2019-05-18",
        "start_time": "14:00",
        "end_time": "16:00",
        "estates": [estate.pk for estate in estates],
        "organiser": "programme",
        "status": "planned",
        **changes,
    }


def _theme_evening_data(world: World, *estates: Estate) -> dict:
    return {
        "date": "12.03.2019",
        "start_time": "17:00",
        "estates": [estate.pk for estate in estates],
        "title": "Boligstøtte – sådan søger du",
        "participants_residents": "18",
        "participants_non_residents": "2",
    }


def _mention_saved(url: str, data: dict) -> Callable[[Client, World], dict]:
    """A mention is saved in two steps: the suggested tone is shown, then saved as chosen."""

    def prepare(client: Client, world: World) -> dict:
        shown = client.post(url, {**data, "action": "suggest"})
        form = shown.context["form"] if shown.context and "form" in shown.context else None
        return {**(form.data.dict() if form is not None else data), "action": "save"}

    return prepare


def _mention_data(world: World, *estates: Estate) -> dict:
    return {
        "published_on": "14.03.2019",
        "outlet": an_outlet(world).pk,
        "headline": "Nøjsomhed holder sommerfest",
        "excerpt": "",
        "url": "",
        "estates": [estate.pk for estate in estates],
    }


def _agreement_with_proposal(world: World) -> Agreement:
    agreement = _agreement(world)
    draft = agreement.versions.get(number=2)
    if draft.status == "draft":
        agreement_services.version_propose(version=draft, user=world.user("secretariat_head"))
    return agreement


def _series_upload(client: Client, world: World) -> dict:
    client.post(
        reverse("series:import", kwargs=_slug(world)),
        {"file": SimpleUploadedFile("tal.csv", SERIES_CSV.encode())},
    )
    return {}


def _agreement_upload(client: Client, world: World) -> dict:
    client.post(
        reverse("agreements:import"),
        {"programme": world.programme.pk, "file": SimpleUploadedFile(SEED_FILE, seed_bytes())},
    )
    return {"estates": [world.nojsomhed.pk, world.vapnagaard.pk]}


SERIES_CSV = "serie;boligområde;periode;værdi\ntryghed;Nøjsomhed;2016;59,2\n"
AGREEMENT_STATE = _rows(AgreementVersion, Agreement)
INQUIRY_STATE = _rows(Inquiry)
EVENT_STATE = _rows(Event)
MENTION_STATE = _rows(PressMention, PressMention.events.through)


def _nojsomhed_open_tomorrow(world: World) -> dict:
    """The counselling in Nøjsomhed open tomorrow (with a booking), for new bookings."""
    _nojsomhed_booking(world)
    return _slug(world)


def _lines(prefix: str, *lines: dict[str, str]) -> dict[str, str]:
    data = {f"{prefix}-TOTAL_FORMS": str(len(lines)), f"{prefix}-INITIAL_FORMS": "0"}
    for i, line in enumerate(lines):
        data |= {f"{prefix}-{i}-{name}": value for name, value in line.items()}
    return data


def _activity_edited(client: Client, world: World) -> dict:
    """The first activity's page as it is, with a new target group."""
    page = client.get(
        reverse("agreements:edit_activity", kwargs=_version_kwargs(world, 2) | {"position": 0})
    )
    if page.status_code != 200:
        return {}
    form, formset = page.context["form"], page.context["formset"]
    data = {f"activity-{name}": value for name, value in form.initial.items()}
    data |= {
        "activity-target_groups": "Alle beboere over 18 år",
        "criteria-TOTAL_FORMS": str(formset.total_form_count()),
        "criteria-INITIAL_FORMS": str(formset.initial_form_count()),
    }
    for i, initial in enumerate(formset.initial):
        data |= {
            f"criteria-{i}-text": initial["text"],
            f"criteria-{i}-data_source": initial["data_source"],
        }
    return data


def _indicator_edited(client: Client, world: World) -> dict:
    page = client.get(reverse("indicators:edit", kwargs={"indicator_id": an_indicator(world).pk}))
    if page.status_code != 200:
        return {}
    initial = page.context["form"].initial
    return {
        **{key: value for key, value in initial.items() if value is not None and key != "id"},
        "name": "Åbent hus i alle boligområder",
        "source_filter": '{"type": "open_house", "status": "held"}',
        "denominator_filter": "{}",
    }


def _kulturhus_upload(estate: Callable[[World], Estate]) -> Callable[[World], dict]:
    return lambda w: {
        "programme": w.programme.pk,
        "estate": estate(w).pk,
        "file": SimpleUploadedFile("kulturhus.ics", KULTURHUS_ICS),
    }


def _kulturhus_uploaded(client: Client, world: World) -> dict:
    client.post(
        reverse("events:kulturhus_import"), _kulturhus_upload(lambda w: w.vapnagaard)(world)
    )
    return {}


def _two_outlets(world: World) -> dict:
    """A programme's list of two outlets, the second retired: kwargs for the first."""
    first = an_outlet(world)
    list_services.list_entry_retire(
        entry=list_services.list_entry_create(
            model=Outlet, programme=world.programme, name="TV2 Lorry"
        )
    )
    return {"kind": "outlets", "slug": world.programme.slug, "entry_id": first.pk}


def _retired_outlet(world: World) -> dict:
    return _two_outlets(world) | {"entry_id": Outlet.objects.get(active=False).pk}


KULTURHUS_ICS = (
    Path(__file__).parents[1] / "src/helhedsplan/events/tests/data/kulturhus.ics"
).read_bytes()
USER_STATE = _rows(User, Membership)
TWO_FACTOR_STATE = _rows(TOTPDevice, StaticToken)


def _signed_in(client: Client) -> User | None:
    user_id = client.session.get("_auth_user_id")
    return User.objects.get(pk=user_id) if user_id else None


def _authenticator_started(client: Client, world: World) -> dict:
    """An authenticator set up up to its first code, which the form sends."""
    client.post(reverse("accounts:two_factor_start"))
    user = _signed_in(client)
    if user is None:
        return {}
    return {"code": code_of(TOTPDevice.objects.get(user=user, confirmed=False))}


def _enrolled(client: Client, field: str) -> dict:
    """The signed-in person with an authenticator, and one of their recovery codes in
    ``field``."""
    user = _signed_in(client)
    if user is None:
        return {}
    _device, codes = enrol(user)
    return {field: codes[0]}


def _versions(number: int) -> Callable[[World], dict]:
    return lambda w: _version_kwargs(w, number)


WRITES = [
    # Counselling: inquiries, opening hours and bookings of Nøjsomhed.
    Write(
        "counselling:inquiry_create",
        NOJSOMHED_REGISTRARS,
        _slug,
        INQUIRY_STATE,
        data=lambda w: _inquiry_data(w, w.nojsomhed),
        variant="nøjsomhed",
        wrong_choice=frozenset({"staff", "vapnagaard_head"}),
    ),
    Write(
        "counselling:inquiry_create",
        REGISTRARS,
        _slug,
        INQUIRY_STATE,
        data=lambda w: _inquiry_data(w, w.vapnagaard),
        variant="vapnagaard",
    ),
    Write(
        "counselling:inquiry_update",
        NOJSOMHED_SECRETARIAT,
        lambda w: _slug(w) | {"inquiry_id": _nojsomhed_inquiry(w).pk},
        _rows(Inquiry.topics.through),
        data=lambda w: (
            _inquiry_data(w, w.nojsomhed) | {"topics": [topic(w.programme, "Boligstøtte").pk]}
        ),
        variant="nøjsomhed",
    ),
    Write(
        "counselling:inquiry_update",
        REGISTRARS,
        lambda w: _slug(w) | {"inquiry_id": staff_inquiry(w).pk},
        _rows(Inquiry.topics.through),
        data=lambda w: (
            _inquiry_data(w, w.vapnagaard) | {"topics": [topic(w.programme, "Boligstøtte").pk]}
        ),
        variant="vapnagaard",
    ),
    Write(
        "counselling:inquiry_delete",
        NOJSOMHED_SECRETARIAT,
        lambda w: _slug(w) | {"inquiry_id": _nojsomhed_inquiry(w).pk},
        INQUIRY_STATE,
        variant="nøjsomhed",
    ),
    Write(
        "counselling:inquiry_delete",
        REGISTRARS,
        lambda w: _slug(w) | {"inquiry_id": staff_inquiry(w).pk},
        INQUIRY_STATE,
        variant="vapnagaard",
    ),
    Write(
        "counselling:opening_hours_add",
        NOJSOMHED_SECRETARIAT,
        lambda w: _slug(w) | {"estate_id": w.nojsomhed.pk},
        _rows(OpeningHours),
        data=lambda w: {
            "hours-weekday": "1",
            "hours-starts": "13:00",
            "hours-ends": "17:00",
            "hours-place": "Beboerhuset",
        },
        variant="nøjsomhed",
    ),
    Write(
        "counselling:opening_hours_add",
        SECRETARIAT,
        lambda w: _slug(w) | {"estate_id": w.vapnagaard.pk},
        _rows(OpeningHours),
        data=lambda w: {
            "hours-weekday": "1",
            "hours-starts": "13:00",
            "hours-ends": "17:00",
            "hours-place": "Beboerhuset",
        },
        variant="vapnagaard",
    ),
    Write(
        "counselling:opening_hours_delete",
        NOJSOMHED_SECRETARIAT,
        lambda w: (
            _slug(w)
            | {
                "estate_id": w.nojsomhed.pk,
                "hours_id": counselling_services.opening_hours_add(
                    estate=w.nojsomhed,
                    weekday=1,
                    starts=datetime.time(13),
                    ends=datetime.time(17),
                    place="Beboerhuset",
                ).pk,
            }
        ),
        _rows(OpeningHours),
        variant="nøjsomhed",
    ),
    Write(
        "counselling:closure_add",
        NOJSOMHED_SECRETARIAT,
        lambda w: _slug(w) | {"estate_id": w.nojsomhed.pk},
        _rows(Closure),
        data=lambda w: {
            "closure-starts": "2030-07-01",
            "closure-ends": "2030-07-31",
            "closure-reason": "Sommerferie",
        },
        variant="nøjsomhed",
    ),
    Write(
        "counselling:closure_delete",
        NOJSOMHED_SECRETARIAT,
        lambda w: (
            _slug(w)
            | {
                "estate_id": w.nojsomhed.pk,
                "closure_id": counselling_services.closure_add(
                    estate=w.nojsomhed,
                    starts=datetime.date(2030, 7, 1),
                    ends=datetime.date(2030, 7, 31),
                    reason="Sommerferie",
                ).pk,
            }
        ),
        _rows(Closure),
        variant="nøjsomhed",
    ),
    Write(
        "counselling:booking_create",
        NOJSOMHED_REGISTRARS,
        _nojsomhed_open_tomorrow,
        _rows(Booking),
        data=lambda w: {
            "estate": w.nojsomhed.pk,
            "day": (timezone.localdate() + datetime.timedelta(days=1)).isoformat(),
            "time": "14:00",
            "duration_minutes": "30",
            "name": "Karen",
        },
        variant="nøjsomhed",
        wrong_choice=frozenset({"staff", "vapnagaard_head"}),
    ),
    Write(
        "counselling:booking_cancel",
        NOJSOMHED_REGISTRARS,
        lambda w: _slug(w) | {"booking_id": _nojsomhed_booking(w).pk},
        _rows(Booking),
        variant="nøjsomhed",
    ),
    # Events: those of Nøjsomhed alone are not for the people limited to Vapnagaard; a joint
    # event with Vapnagaard is theirs.
    Write(
        "events:create",
        NOJSOMHED_REGISTRARS,
        _nothing,
        EVENT_STATE,
        data=lambda w: _event_data(w, w.nojsomhed),
        query=lambda w: {"programme": w.programme.pk},
        variant="nøjsomhed",
        wrong_choice=frozenset({"staff", "vapnagaard_head"}),
    ),
    Write(
        "events:theme_evening_create",
        NOJSOMHED_REGISTRARS,
        _nothing,
        EVENT_STATE,
        data=lambda w: _theme_evening_data(w, w.nojsomhed),
        query=lambda w: {"programme": w.programme.pk},
        variant="nøjsomhed",
        wrong_choice=frozenset({"staff", "vapnagaard_head"}),
    ),
    Write(
        "events:update",
        NOJSOMHED_REGISTRARS,
        lambda w: {"event_id": _nojsomhed_event(w).pk},
        EVENT_STATE,
        data=lambda w: _event_data(w, w.nojsomhed, title="Nyt navn"),
        variant="nøjsomhed",
    ),
    Write(
        "events:update",
        REGISTRARS,
        lambda w: {"event_id": _joint_event(w).pk},
        EVENT_STATE,
        data=lambda w: _event_data(w, w.nojsomhed, w.vapnagaard, title="Nyt navn"),
        variant="joint",
    ),
    Write(
        "events:mark_held",
        NOJSOMHED_REGISTRARS,
        lambda w: {"event_id": _nojsomhed_event(w).pk},
        EVENT_STATE,
        data=lambda w: {
            "held-participants_residents": "21",
            "held-participants_non_residents": "4",
        },
        variant="nøjsomhed",
    ),
    Write(
        "events:cancel",
        NOJSOMHED_REGISTRARS,
        lambda w: {"event_id": _nojsomhed_event(w).pk},
        EVENT_STATE,
        variant="nøjsomhed",
    ),
    Write(
        "events:delete",
        NOJSOMHED_REGISTRARS,
        lambda w: {"event_id": _nojsomhed_event(w).pk},
        EVENT_STATE,
        variant="nøjsomhed",
    ),
    Write(
        "events:delete",
        REGISTRARS,
        lambda w: {"event_id": _joint_event(w).pk},
        EVENT_STATE,
        variant="joint",
    ),
    # Press
    Write(
        "media:mention_create",
        NOJSOMHED_REGISTRARS,
        _slug,
        MENTION_STATE,
        prepare=lambda client, w: _mention_saved(
            reverse("media:mention_create", kwargs=_slug(w)), _mention_data(w, w.nojsomhed)
        )(client, w),
        variant="nøjsomhed",
        wrong_choice=frozenset({"staff", "vapnagaard_head"}),
    ),
    Write(
        "media:mention_update",
        NOJSOMHED_REGISTRARS,
        lambda w: _slug(w) | {"mention_id": _nojsomhed_mention(w).pk},
        MENTION_STATE,
        prepare=lambda client, w: _mention_saved(
            reverse(
                "media:mention_update",
                kwargs=_slug(w) | {"mention_id": PressMention.objects.get().pk},
            ),
            _mention_data(w, w.nojsomhed),
        )(client, w),
        variant="nøjsomhed",
    ),
    Write(
        "media:mention_delete",
        NOJSOMHED_REGISTRARS,
        lambda w: _slug(w) | {"mention_id": _nojsomhed_mention(w).pk},
        MENTION_STATE,
        variant="nøjsomhed",
    ),
    Write(
        "media:mention_delete",
        REGISTRARS,
        lambda w: _slug(w) | {"mention_id": _nojsomhed_mention(w, w.vapnagaard).pk},
        MENTION_STATE,
        variant="joint",
    ),
    Write(
        "media:mention_link_event",
        NOJSOMHED_REGISTRARS,
        lambda w: _slug(w) | {"mention_id": _nojsomhed_mention(w).pk},
        MENTION_STATE,
        data=lambda w: {"link-event": _nojsomhed_event(w).pk},
        variant="nøjsomhed",
    ),
    Write(
        "media:event_link_mention",
        NOJSOMHED_REGISTRARS,
        lambda w: _slug(w) | {"event_id": _nojsomhed_event(w).pk},
        MENTION_STATE,
        data=lambda w: {"press-mention": _nojsomhed_mention(w).pk},
        variant="nøjsomhed",
    ),
    Write(
        "media:mention_unlink_event",
        NOJSOMHED_REGISTRARS,
        lambda w: (
            _slug(w)
            | {
                "mention_id": a_mention(
                    w,
                    headline="Teater i Nøjsomhed",
                    estates=[w.nojsomhed],
                    events=[_nojsomhed_event(w)],
                ).pk,
                "event_id": Event.objects.get().pk,
            }
        ),
        MENTION_STATE,
        variant="nøjsomhed",
    ),
    # External statistics: the secretariat's, for the whole programme.
    Write(
        "series:create",
        SECRETARIAT,
        _slug,
        _rows(Series),
        data=lambda w: {
            "name": "Trygge beboere",
            "code": "tryghed",
            "unit": "percent",
            "source": "Politiets Tryghedsindeks",
            "higher_is_better": "on",
            "granularity": "year",
        },
    ),
    Write(
        "series:update",
        SECRETARIAT,
        lambda w: _slug(w) | {"code": safety_series(w).code},
        _rows(Series),
        data=lambda w: {
            "name": "Tryghed i området",
            "code": "tryghed",
            "unit": "percent",
            "source": "Politiets Tryghedsindeks",
            "higher_is_better": "on",
            "granularity": "year",
        },
    ),
    Write(
        "series:observation_create",
        SECRETARIAT,
        lambda w: _slug(w) | {"code": safety_series(w).code},
        _rows(Observation),
        data=lambda w: {"where": str(w.nojsomhed.pk), "period": "2016", "value": "59,2"},
    ),
    Write(
        "series:observation_delete",
        SECRETARIAT,
        lambda w: _slug(w) | {"code": "tryghed", "observation_id": a_figure_for_the_matrix(w).pk},
        _rows(Observation),
    ),
    Write(
        "series:import",
        SECRETARIAT,
        lambda w: safety_series(w) and _slug(w),
        _rows(StagedImport),
        data=lambda w: {"file": SimpleUploadedFile("tal.csv", SERIES_CSV.encode())},
    ),
    Write(
        "series:import_confirm",
        SECRETARIAT,
        lambda w: safety_series(w) and _slug(w),
        _rows(Observation),
        prepare=_series_upload,
    ),
    # Indicators: the working groups propose, the secretariat defines, the board closes years.
    Write(
        "indicators:confirm",
        INDICATOR_PROPOSERS,
        lambda w: {"agreement_id": _agreement(w).pk, "key": "A3.1"},
        _rows(Indicator),
        data=lambda w: {
            "code": "K1",
            "name": "Kulturelle arrangementer",
            "kind": "count",
            "source": "events.event",
            "source_filter": '{"type": "cultural", "status": "held"}',
            "denominator_filter": "{}",
            "period": "year",
            "comparator": ">=",
            "direction": "up",
            "unit": "count",
            "reference": "target",
            "target": "4",
        },
    ),
    Write(
        "indicators:lock",
        frozenset({"board", "superuser"}),
        lambda w: {"agreement_id": _agreement(w).pk},
        _rows(PeriodLock),
        data=lambda w: {"year": "2019"},
    ),
    # Agreements: the secretariat imports, the secretariat and the working groups edit and
    # propose, the board approves.
    Write(
        "agreements:import",
        IMPORTERS,
        _nothing,
        _rows(StagedImport),
        data=lambda w: {
            "programme": w.programme.pk,
            "file": SimpleUploadedFile(SEED_FILE, seed_bytes()),
        },
    ),
    Write(
        "agreements:import_confirm", IMPORTERS, _nothing, AGREEMENT_STATE, prepare=_agreement_upload
    ),
    Write(
        "agreements:draft_start",
        AGREEMENT_EDITORS,
        lambda w: {"agreement_id": _agreement(w).pk},
        AGREEMENT_STATE,
        prepare=lambda client, w: (
            agreement_services.version_discard(version=AgreementVersion.objects.get(number=2))
            and {}
        ),
    ),
    Write("agreements:activity_add", AGREEMENT_EDITORS, _versions(2), _rows(Activity)),
    Write(
        "agreements:activity_remove",
        AGREEMENT_EDITORS,
        lambda w: _version_kwargs(w, 2) | {"position": 0},
        _rows(Activity),
    ),
    Write("agreements:propose", AGREEMENT_EDITORS, _versions(2), AGREEMENT_STATE),
    Write(
        "agreements:withdraw",
        AGREEMENT_EDITORS,
        lambda w: _agreement_with_proposal(w) and _version_kwargs(w, 2),
        AGREEMENT_STATE,
    ),
    Write(
        "agreements:approve",
        frozenset({"board", "superuser"}),
        lambda w: _agreement_with_proposal(w) and _version_kwargs(w, 2),
        AGREEMENT_STATE,
        data=lambda w: {"in_force_from": "01.01.2020"},
    ),
    Write("agreements:discard", AGREEMENT_EDITORS, _versions(2), AGREEMENT_STATE),
    Write(
        "agreements:edit",
        AGREEMENT_EDITORS,
        _versions(2),
        AGREEMENT_STATE,
        data=lambda w: {"title": "Ny titel", "estates": [w.nojsomhed.pk, w.vapnagaard.pk]},
    ),
    Write(
        "agreements:edit_staff",
        AGREEMENT_EDITORS,
        _versions(2),
        _rows(StaffResource),
        data=lambda w: _lines(
            "staff",
            {"role": "Projektleder", "count": "1", "hours": "37", "per": "week", "employer": "Os"},
        ),
    ),
    Write(
        "agreements:edit_budget",
        AGREEMENT_EDITORS,
        _versions(2),
        _rows(BudgetLine),
        data=lambda w: _lines("budget", {"organisation": "Kommunen", "amount": "1500000"}),
    ),
    Write(
        "agreements:edit_criteria",
        AGREEMENT_EDITORS,
        _versions(2),
        _rows(SuccessCriterion),
        data=lambda w: _lines("criteria", {"text": "Trygheden stiger.", "data_source": ""}),
    ),
    Write(
        "agreements:edit_activity",
        AGREEMENT_EDITORS,
        lambda w: _version_kwargs(w, 2) | {"position": 0},
        _rows(Activity),
        prepare=_activity_edited,
    ),
    Write(
        "indicators:edit",
        SECRETARIAT,
        lambda w: {"indicator_id": an_indicator(w).pk},
        _rows(Indicator),
        prepare=_indicator_edited,
    ),
    Write(
        "indicators:targets",
        SECRETARIAT,
        lambda w: {"indicator_id": an_indicator(w).pk},
        _rows(IndicatorTarget),
        data=lambda w: {
            **_lines("targets", {"estate": str(w.vapnagaard.pk), "year": "2020", "value": "3"}),
            **_lines("baselines"),
        },
    ),
    # Kulturhus Syd's calendar: imported into an estate of the person's.
    Write(
        "events:kulturhus_import",
        NOJSOMHED_REGISTRARS,
        _nothing,
        _rows(StagedImport),
        data=_kulturhus_upload(lambda w: w.nojsomhed),
        variant="nøjsomhed",
        wrong_choice=frozenset({"staff", "vapnagaard_head", "outsider"}),
    ),
    Write(
        "events:kulturhus_confirm",
        REGISTRARS,
        _nothing,
        EVENT_STATE,
        prepare=_kulturhus_uploaded,
        variant="vapnagaard",
        nothing_waiting=frozenset({"outsider"}),
    ),
    # Users, by the administrators of their programme.
    Write(
        "accounts:user_create",
        ADMINS,
        _nothing,
        USER_STATE,
        data=lambda w: {
            "user-username": "ny",
            "user-password1": "et-langt-kodeord-42",
            "user-password2": "et-langt-kodeord-42",
            "role-programme": str(w.programme.pk),
            "role-role": "staff",
        },
    ),
    Write(
        "accounts:user_update",
        ADMINS,
        lambda w: {"user_id": w.user("staff").pk},
        USER_STATE,
        data=lambda w: {"details-first_name": "Mette"},
    ),
    Write(
        "accounts:user_deactivate",
        ADMINS,
        lambda w: {"user_id": w.user("staff").pk},
        USER_STATE,
    ),
    Write(
        "accounts:user_activate",
        ADMINS,
        lambda w: {"user_id": account_services.user_create(username="tidligere", password=None).pk},
        USER_STATE,
        prepare=lambda client, w: (
            account_services.user_set_active(
                user=User.objects.get(username="tidligere"), active=False
            )
            and {}
        ),
    ),
    Write(
        "accounts:membership_grant",
        ADMINS,
        lambda w: {"user_id": w.user("staff").pk},
        USER_STATE,
        data=lambda w: {
            "role-programme": str(w.programme.pk),
            "role-role": "board",
            "role-estates": [str(w.nojsomhed.pk)],
        },
    ),
    Write(
        "accounts:membership_revoke",
        ADMINS,
        lambda w: {
            "user_id": w.user("staff").pk,
            "membership_id": w.user("staff").memberships.get().pk,
        },
        USER_STATE,
    ),
    # Everyone's own calendar addresses.
    Write("accounts:feed_token_create", EVERYONE, _nothing, _rows(FeedToken)),
    Write(
        "accounts:feed_token_revoke",
        EVERYONE,
        _nothing,
        _rows(FeedToken),
        prepare=lambda client, w: client.post(reverse("accounts:feed_token_create")) and {},
    ),
    # Everyone's own second factor.
    Write("accounts:two_factor_start", EVERYONE, _nothing, TWO_FACTOR_STATE),
    Write(
        "accounts:two_factor_confirm",
        EVERYONE,
        _nothing,
        TWO_FACTOR_STATE,
        prepare=_authenticator_started,
    ),
    Write(
        "accounts:recovery_codes_regenerate",
        EVERYONE,
        _nothing,
        TWO_FACTOR_STATE,
        prepare=lambda client, w: _enrolled(client, "recovery-code"),
    ),
    Write(
        "accounts:two_factor_disable",
        EVERYONE,
        _nothing,
        TWO_FACTOR_STATE,
        prepare=lambda client, w: _enrolled(client, "disable-code"),
    ),
    # Resident grant pools: anyone applies through the public form (each person here from a
    # fresh count of the address's submissions); staff enter paper applications for their
    # estates.
    Write(
        "grants:apply",
        EVERYONE,
        lambda w: {"link_key": _grant_pool(w).link_key},
        _rows(GrantApplication, ApplicationContact),
        data=lambda w: grant_form_data(w.vapnagaard),
        prepare=_no_submissions_counted,
        public=True,
    ),
    Write(
        "grants:application_create",
        REGISTRARS,
        _grant_pool_kwargs(lambda w: None),
        _rows(GrantApplication, ApplicationContact, Consent),
        data=lambda w: _paper_application(w, w.vapnagaard),
        variant="vapnagaard",
    ),
    Write(
        "grants:application_create",
        NOJSOMHED_REGISTRARS,
        _grant_pool_kwargs(lambda w: None),
        _rows(GrantApplication, ApplicationContact, Consent),
        data=lambda w: _paper_application(w, w.nojsomhed),
        variant="nøjsomhed",
        wrong_choice=frozenset({"staff", "vapnagaard_head"}),
    ),
    Write(
        "grants:pool_create",
        SECRETARIAT,
        _slug,
        _rows(Pool),
        data=lambda w: {"name": "Vapnagaards pulje", "estate": w.vapnagaard.pk},
        variant="vapnagaard",
    ),
    Write(
        "grants:pool_create",
        NOJSOMHED_SECRETARIAT,
        _slug,
        _rows(Pool),
        data=lambda w: {"name": "Nøjsomheds pulje", "estate": w.nojsomhed.pk},
        variant="nøjsomhed",
        wrong_choice=frozenset({"vapnagaard_head"}),
    ),
    *(
        Write(
            f"grants:{name}",
            NOJSOMHED_SECRETARIAT,
            _grant_pool_kwargs(lambda w: w.nojsomhed),
            _rows(*models),
            data=data,
        )
        for name, models, data in [
            ("pool_open", (Pool,), lambda w: {"is_open": "no"}),
            ("frame_set", (PoolFrame,), lambda w: {"year": "2026", "amount": "10.000"}),
            ("guideline_publish", (Guideline,), lambda w: {"text": "Retningslinjer."}),
            (
                "round_create",
                (GrantRound,),
                lambda w: {"name": "Løbende", "kind": "rolling", "opens_on": "2026-01-01"},
            ),
            ("member_add", (CommitteeMember,), lambda w: {"name": "Bente", "role": "Formand"}),
            ("meeting_add", (CommitteeMeeting,), lambda w: {"held_on": "2026-03-15"}),
        ]
    ),
    Write(
        "grants:application_review",
        NOJSOMHED_REGISTRARS,
        _grant_application_kwargs(lambda w: w.nojsomhed, NOJSOMHED_APPLICANT),
        _rows(GrantApplication),
        data=lambda w: {"notes": "Mangler et tilbud.", "complete": "no"},
        variant="nøjsomhed",
    ),
    Write(
        "grants:application_review",
        REGISTRARS,
        _grant_application_kwargs(lambda w: w.vapnagaard, "Vagn Vapnagaardansøger"),
        _rows(GrantApplication),
        data=lambda w: {"notes": "Komplet.", "complete": "yes"},
        variant="vapnagaard",
    ),
    Write(
        "grants:application_question",
        NOJSOMHED_REGISTRARS,
        _grant_application_kwargs(lambda w: w.nojsomhed, NOJSOMHED_APPLICANT),
        _rows(GrantQuestion),
        data=lambda w: {"text": "Har I et tilbud?"},
        variant="nøjsomhed",
    ),
    Write(
        "grants:contact_withdraw",
        NOJSOMHED_REGISTRARS,
        _grant_application_kwargs(lambda w: w.nojsomhed, NOJSOMHED_APPLICANT),
        _rows(Consent),
        variant="nøjsomhed",
    ),
    Write(
        "grants:application_place",
        NOJSOMHED_REGISTRARS,
        _reviewed_grant_application_kwargs(lambda w: w.nojsomhed, NOJSOMHED_APPLICANT),
        _rows(GrantApplication),
        data=lambda w: {"meeting": _grant_meeting(w, None).pk},
        variant="nøjsomhed",
    ),
    Write(
        "grants:application_place",
        REGISTRARS,
        _reviewed_grant_application_kwargs(lambda w: w.vapnagaard, "Vagn Vapnagaardansøger"),
        _rows(GrantApplication),
        data=lambda w: {"meeting": _grant_meeting(w, None).pk},
        variant="vapnagaard",
    ),
    Write(
        "grants:application_decide",
        NOJSOMHED_REGISTRARS,
        _reviewed_grant_application_kwargs(lambda w: w.nojsomhed, NOJSOMHED_APPLICANT),
        _rows(GrantApplication, GrantDecision),
        data=lambda w: {"outcome": "approved", "meeting": _grant_meeting(w, None).pk},
        variant="nøjsomhed",
    ),
    Write(
        "grants:application_decide",
        REGISTRARS,
        _reviewed_grant_application_kwargs(lambda w: w.vapnagaard, "Vagn Vapnagaardansøger"),
        _rows(GrantApplication, GrantDecision),
        data=lambda w: {"outcome": "approved", "meeting": _grant_meeting(w, None).pk},
        variant="vapnagaard",
    ),
    # The payout and the closing of a grant, by its estate's keepers.
    *(
        Write(
            f"grants:{name}",
            allowed,
            _granted_kwargs(estate, applicant),
            _rows(GrantApplication, *models),
            data=data,
            variant=variant,
        )
        for name, models, data in [
            (
                "payout_record",
                (GrantPayout,),
                lambda w: {"paid_on": "2026-06-02", "amount": "100"},
            ),
            ("application_close", (GrantClosing,), lambda w: {"note": "Aktiviteten blev aflyst."}),
        ]
        for allowed, estate, applicant, variant in [
            (NOJSOMHED_REGISTRARS, lambda w: w.nojsomhed, NOJSOMHED_APPLICANT, "nøjsomhed"),
            (REGISTRARS, lambda w: w.vapnagaard, "Vagn Vapnagaardansøger", "vapnagaard"),
        ]
    ),
    Write(
        "grants:report_back",
        NOJSOMHED_REGISTRARS,
        _paid_grant_kwargs(lambda w: w.nojsomhed, "Olga Overskredet"),
        _rows(GrantApplication, Report),
        data=_report_data,
        variant="nøjsomhed",
    ),
    Write(
        "grants:report_back",
        REGISTRARS,
        _paid_grant_kwargs(lambda w: w.vapnagaard, "Vagn Vapnagaardansøger"),
        _rows(GrantApplication, Report),
        data=_report_data,
        variant="vapnagaard",
    ),
    # Volunteers and the privacy lifecycle.
    Write(
        "volunteers:create",
        REGISTRARS,
        _with_consent_text,
        _rows(Volunteer, Consent),
        data=lambda w: _volunteer_data(w, w.vapnagaard),
        variant="vapnagaard",
    ),
    Write(
        "volunteers:create",
        NOJSOMHED_REGISTRARS,
        _with_consent_text,
        _rows(Volunteer, Consent),
        data=lambda w: _volunteer_data(w, w.nojsomhed),
        variant="nøjsomhed",
        wrong_choice=frozenset({"staff", "vapnagaard_head"}),
    ),
    Write(
        "volunteers:update",
        NOJSOMHED_REGISTRARS,
        _NOJSOMHED_VOLUNTEER,
        _rows(Volunteer),
        data=lambda w: _volunteer_data(w, w.nojsomhed, name="Nora Ny"),
    ),
    Write(
        "volunteers:end",
        NOJSOMHED_REGISTRARS,
        _NOJSOMHED_VOLUNTEER,
        _rows(Volunteer),
        data=lambda w: {"end-ended_on": "2021-06-30"},
    ),
    Write("volunteers:withdraw", NOJSOMHED_REGISTRARS, _NOJSOMHED_VOLUNTEER, _rows(Consent)),
    Write(
        "volunteers:card_issue",
        NOJSOMHED_REGISTRARS,
        _NOJSOMHED_VOLUNTEER,
        _rows(VolunteerCard),
        data=lambda w: {"card-valid_until": "2099-12-31"},
    ),
    Write(
        "volunteers:card_revoke", NOJSOMHED_REGISTRARS, _with_nojsomhed_card, _rows(VolunteerCard)
    ),
    Write(
        "volunteers:personal_link_issue",
        NOJSOMHED_REGISTRARS,
        _NOJSOMHED_VOLUNTEER,
        _rows(PersonalLink),
    ),
    Write(
        "volunteers:personal_link_revoke",
        NOJSOMHED_REGISTRARS,
        _with_nojsomhed_link,
        _rows(PersonalLink),
    ),
    Write(
        "volunteers:certificate_issue",
        NOJSOMHED_REGISTRARS,
        _certifiable_nojsomhed_volunteer,
        _rows(VolunteerCertificate, CertificateTask),
        data=lambda w: {"certificate-competences": "Ansvar og samarbejde."},
    ),
    Write(
        "volunteers:certificate_rules",
        SECRETARIAT,
        _slug,
        _rows(CertificatePolicy),
        data=lambda w: {"minimum_hours": "12,5", "signer": ""},
    ),
    Write(
        "volunteers:task_create",
        REGISTRARS,
        _slug,
        _rows(Task),
        data=lambda w: {"name": "Havedag", "estate": w.vapnagaard.pk, "started_on": "2021-05-01"},
        variant="vapnagaard",
    ),
    Write(
        "volunteers:task_create",
        NOJSOMHED_REGISTRARS,
        _slug,
        _rows(Task),
        data=lambda w: {"name": "Havedag", "estate": w.nojsomhed.pk, "started_on": "2021-05-01"},
        variant="nøjsomhed",
        wrong_choice=frozenset({"staff", "vapnagaard_head"}),
    ),
    Write(
        "volunteers:task_update",
        NOJSOMHED_REGISTRARS,
        _NOJSOMHED_TASK,
        _rows(Task),
        data=lambda w: {"name": "Nyt navn", "started_on": "2021-01-01"},
    ),
    Write(
        "volunteers:task_end",
        NOJSOMHED_REGISTRARS,
        _NOJSOMHED_TASK,
        _rows(Task),
        data=lambda w: {"end-ended_on": "2021-06-30"},
    ),
    Write(
        "volunteers:task_assign",
        NOJSOMHED_REGISTRARS,
        _NOJSOMHED_TASK,
        _rows(Assignment),
        data=lambda w: {"volunteer": _volunteer(w, None, "Otto Udefra").pk},
    ),
    Write(
        "volunteers:task_unassign",
        NOJSOMHED_REGISTRARS,
        _task_kwargs(
            lambda w: w.nojsomhed, NOJSOMHED_TASK, volunteer_id=lambda w: _nojsomhed_volunteer(w).pk
        ),
        _rows(Assignment),
    ),
    Write(
        "volunteers:week_sheet",
        NOJSOMHED_REGISTRARS,
        _NOJSOMHED_WEEK,
        _rows(HourEntry),
        data=_week_cell,
    ),
    Write(
        "volunteers:event_invite",
        NOJSOMHED_REGISTRARS,
        lambda w: {"slug": w.programme.slug, "event_id": _nojsomhed_event(w).pk},
        _rows(EventVolunteer),
        data=lambda w: {
            "volunteers": [_nojsomhed_volunteer(w).pk],
            "invited_on": "01.05.2019",
        },
        wrong_choice=frozenset({"staff", "vapnagaard_head"}),
    ),
    Write(
        "volunteers:event_attendance",
        NOJSOMHED_REGISTRARS,
        _party_kwargs,
        _rows(EventVolunteer),
        data=lambda w: {
            f"v{_nojsomhed_volunteer(w).pk}": "present",
            f"v{_nojsomhed_volunteer(w).pk}-helped": "on",
        },
    ),
    Write(
        "volunteers:event_helper_figure",
        NOJSOMHED_REGISTRARS,
        _helped_party_kwargs,
        _rows(Event),
    ),
    Write(
        "privacy:consent_text",
        SECRETARIAT,
        lambda w: {"slug": w.programme.slug, "register": "volunteers"},
        _rows(ConsentText),
        data=lambda w: {"purpose": "Formålet", "text": "Teksten"},
    ),
    Write(
        "privacy:retention",
        SECRETARIAT,
        lambda w: {"slug": w.programme.slug, "register": "volunteers"},
        _rows(RetentionSetting),
        data=lambda w: {"volunteers-months": "6"},
    ),
    Write(
        "privacy:consent_renew",
        NOJSOMHED_SECRETARIAT,
        _NOJSOMHED_PERSON,
        _rows(Consent),
        data=lambda w: {
            "consent-method": "online",
            "consent-given_on": datetime.date.today().isoformat(),
        },
    ),
    Write("privacy:person_erase", NOJSOMHED_SECRETARIAT, _NOJSOMHED_PERSON, _rows(Volunteer)),
    Write(
        "privacy:person_erase",
        SECRETARIAT,
        _VAPNAGAARD_PERSON,
        _rows(Volunteer),
        variant="vapnagaard",
    ),
    # A programme's lists, kept by its administrators.
    Write(
        "lists:create",
        ADMINS,
        lambda w: {"kind": "outlets", "slug": w.programme.slug},
        _rows(Outlet),
        data=lambda w: {"new-name": "Kanal Helsingør", "new-kind": "local_press"},
    ),
    Write(
        "lists:rename",
        ADMINS,
        _two_outlets,
        _rows(Outlet),
        prepare=lambda client, w: {
            f"entry-{an_outlet(w).pk}-name": "Helsingør Dagblad (net)",
            f"entry-{an_outlet(w).pk}-kind": "local_press",
        },
    ),
    Write(
        "audit:redact",
        SECRETARIAT,
        _redactable_record,
        _rows(Redaction),
        data=lambda w: {"texts": ["note"], "reason": "Navn i noten"},
    ),
    Write("lists:retire", ADMINS, _two_outlets, _rows(Outlet)),
    Write("lists:restore", ADMINS, _retired_outlet, _rows(Outlet)),
    Write("lists:move", ADMINS, _two_outlets, _rows(Outlet), data=lambda w: {"direction": "down"}),
    # The resident panels
    Write(
        "panels:create",
        PANEL_KEEPERS,
        _slug,
        _rows(Panel),
        data=lambda w: {
            "name": "Nyt panel",
            "estate": str(w.vapnagaard.pk),
            "idempotency_key": "p",
        },
        variant="vapnagaard",
    ),
    Write(
        "panels:create",
        NOJSOMHED_PANEL_KEEPERS,
        _slug,
        _rows(Panel),
        data=lambda w: {"name": "Nyt panel", "estate": str(w.nojsomhed.pk), "idempotency_key": "p"},
        variant="nøjsomhed",
        wrong_choice=frozenset({"staff", "police", "vapnagaard_head"}),
    ),
    Write(
        "panels:update",
        NOJSOMHED_PANEL_KEEPERS,
        _panel_kwargs(lambda w: w.nojsomhed),
        _rows(Panel),
        data=lambda w: {"name": "Tryghedspanelet", "active": "on"},
    ),
    Write(
        "panels:member_create",
        NOJSOMHED_PANEL_KEEPERS,
        _panel_kwargs(lambda w: w.nojsomhed),
        _rows(PanelMember, Consent),
        data=lambda w: _panel_member_data(w, w.nojsomhed),
    ),
    Write(
        "panels:member_create",
        PANEL_KEEPERS,
        _panel_kwargs(lambda w: None),
        _rows(PanelMember, Consent),
        data=lambda w: _panel_member_data(w, w.vapnagaard),
        variant="joint",
    ),
    Write(
        "panels:member_leave",
        NOJSOMHED_PANEL_KEEPERS,
        _panel_member_kwargs,
        _rows(PanelMember),
        data=lambda w: {"leave-left_on": "2021-06-30"},
    ),
    Write(
        "panels:meeting_create",
        NOJSOMHED_PANEL_KEEPERS,
        _panel_kwargs(lambda w: w.nojsomhed),
        _rows(Meeting),
        data=lambda w: _panel_meeting_data(w, w.nojsomhed),
    ),
    Write(
        "panels:meeting_create",
        PANEL_KEEPERS,
        _panel_kwargs(lambda w: None),
        _rows(Meeting),
        data=lambda w: _panel_meeting_data(w, w.vapnagaard),
        variant="joint, in vapnagaard",
    ),
    Write(
        "panels:meeting_update",
        NOJSOMHED_PANEL_KEEPERS,
        _panel_meeting_kwargs(lambda w: w.nojsomhed),
        _rows(Meeting),
        data=lambda w: _panel_meeting_data(w, w.nojsomhed),
    ),
    Write(
        "panels:minutes_upload",
        NOJSOMHED_PANEL_KEEPERS,
        _panel_meeting_kwargs(lambda w: w.nojsomhed),
        _rows(Meeting),
        data=lambda w: {"file": panel_upload(PANEL_PDF)},
    ),
    # The panel's actions
    Write(
        "panels:action_create",
        NOJSOMHED_ACTION_KEEPERS,
        _action_concern_kwargs,
        _rows(ActionItem),
        data=lambda w: {
            "description": "Klip hækken",
            "party": "housing",
            "owner": "",
            "due_on": "2099-01-31",
            "idempotency_key": "action",
        },
    ),
    Write(
        "panels:action_update",
        NOJSOMHED_ACTION_KEEPERS,
        _municipality_action_kwargs,
        _rows(ActionItem),
        data=lambda w: {
            "description": "Skift lygten helt",
            "party": "municipality",
            "owner": "",
            "due_on": "2099-01-31",
        },
    ),
    Write(
        "panels:action_status",
        NOJSOMHED_ACTION_KEEPERS | {"partner"},
        _municipality_action_kwargs,
        _rows(ActionItem, ProgressNote),
        data=lambda w: {"status-status": "done"},
        variant="municipality, nøjsomhed",
    ),
    Write(
        "panels:action_status",
        ACTION_KEEPERS | {"police_partner"},
        _police_action_kwargs,
        _rows(ActionItem, ProgressNote),
        data=lambda w: {"status-status": "in_progress"},
        variant="police, vapnagaard",
    ),
    Write(
        "panels:action_note",
        NOJSOMHED_ACTION_KEEPERS | {"partner"},
        _municipality_action_kwargs,
        _rows(ProgressNote),
        data=lambda w: {"note-text": "Elektrikeren kommer torsdag."},
    ),
    Write(
        "panels:meeting_plan",
        NOJSOMHED_PANEL_KEEPERS,
        _panel_kwargs(lambda w: w.nojsomhed),
        _rows(Meeting),
        data=lambda w: {
            "held_on": "2030-05-12",
            "estate": str(w.nojsomhed.pk),
            "agenda": "1. Lys",
            "idempotency_key": "panel-plan",
        },
    ),
    Write(
        "panels:meeting_plan",
        NOJSOMHED_PANEL_KEEPERS,
        _panel_kwargs(lambda w: None),
        _rows(Meeting),
        data=lambda w: {
            "held_on": "2030-05-12",
            "estate": str(w.nojsomhed.pk),
            "agenda": "1. Lys",
            "idempotency_key": "panel-plan",
        },
        variant="joint, in nøjsomhed",
        wrong_choice=frozenset({"staff", "police", "vapnagaard_head"}),
    ),
    Write(
        "panels:meeting_plan_update",
        NOJSOMHED_PANEL_KEEPERS,
        _panel_planned_kwargs,
        _rows(Meeting),
        data=lambda w: {"held_on": "2021-06-11", "estate": str(w.nojsomhed.pk), "agenda": "1."},
    ),
    Write(
        "panels:meeting_record_held",
        NOJSOMHED_PANEL_KEEPERS,
        _panel_planned_kwargs,
        _rows(Meeting),
        data=lambda w: _panel_meeting_data(w, w.nojsomhed) | {"held_on": "2021-06-10"},
    ),
    Write(
        "panels:evaluation_write",
        NOJSOMHED_PANEL_KEEPERS,
        _panel_kwargs(lambda w: w.nojsomhed),
        _rows(Evaluation),
        data=_panel_evaluation_data,
    ),
    Write(
        "panels:evaluation_write",
        PANEL_KEEPERS,
        _panel_kwargs(lambda w: None),
        _rows(Evaluation),
        data=_panel_evaluation_data,
        variant="joint",
    ),
    Write(
        "panels:evaluation_upload",
        NOJSOMHED_PANEL_KEEPERS,
        _panel_kwargs(lambda w: w.nojsomhed),
        _rows(Evaluation),
        data=lambda w: {
            "evaluated_on": "2020-11-20",
            "file": panel_upload(PANEL_PDF, "evaluering.pdf"),
            "idempotency_key": "panel-evaluation-file",
        },
    ),
    # Site plans, concerns with pins and photos, safety walks.
    Write(
        "panels:site_plan_upload",
        NOJSOMHED_PANEL_KEEPERS,
        lambda w: {"slug": w.programme.slug, "estate_id": w.nojsomhed.pk},
        _rows(SitePlan),
        data=lambda w: {
            "image": panel_upload(panel_image("PNG"), "kort.png"),
            "idempotency_key": "plan-nojsomhed",
        },
        variant="nøjsomhed",
    ),
    Write(
        "panels:site_plan_upload",
        PANEL_KEEPERS,
        lambda w: {"slug": w.programme.slug, "estate_id": w.vapnagaard.pk},
        _rows(SitePlan),
        data=lambda w: {
            "image": panel_upload(panel_image("JPEG"), "kort.jpg"),
            "idempotency_key": "plan-vapnagaard",
        },
        variant="vapnagaard",
    ),
    Write(
        "panels:meeting_concern_create",
        NOJSOMHED_PANEL_KEEPERS,
        _panel_meeting_kwargs(lambda w: w.nojsomhed),
        _rows(PanelConcern),
        data=_panel_concern_data,
    ),
    Write(
        "panels:concern_update",
        NOJSOMHED_PANEL_KEEPERS,
        _concern_kwargs(_nojsomhed_concern),
        _rows(PanelConcern),
        data=_panel_concern_data,
    ),
    Write(
        "panels:photo_add",
        NOJSOMHED_PANEL_KEEPERS,
        _concern_kwargs(_nojsomhed_walk_concern),
        _rows(ConcernPhoto),
        data=lambda w: {
            "image": panel_upload(panel_image("JPEG"), "foto.jpg"),
            "idempotency_key": "photo",
        },
    ),
    Write("panels:photo_delete", NOJSOMHED_PANEL_KEEPERS, _photo_kwargs, _rows(ConcernPhoto)),
    Write(
        "panels:walk_create",
        NOJSOMHED_PANEL_KEEPERS,
        _panel_kwargs(lambda w: w.nojsomhed),
        _rows(Walk, Meeting),
        data=lambda w: _walk_data(w, w.nojsomhed),
    ),
    Write(
        "panels:walk_create",
        PANEL_KEEPERS,
        _panel_kwargs(lambda w: None),
        _rows(Walk, Meeting),
        data=lambda w: _walk_data(w, w.vapnagaard),
        variant="joint, in vapnagaard",
    ),
    Write(
        "panels:walk_concern_create",
        NOJSOMHED_PANEL_KEEPERS,
        _nojsomhed_walk_kwargs,
        _rows(PanelConcern),
        data=_panel_concern_data,
    ),
    Write(
        "privacy:person_erase",
        NOJSOMHED_SECRETARIAT,
        _panel_person_kwargs,
        _rows(PanelMember),
        variant="panel member",
    ),
    # Surveys, the public side (helper SP): anyone with the link answers, on the web and on
    # the office's tablet (each write starts with nothing counted by the rate limits).
    Write(
        "surveys:answer",
        EVERYONE,
        lambda w: {"link_key": _open_wave(w).link_key},
        _rows(SurveyResponse, SurveyAnswer),
        data=lambda w: answer_form_data(_open_wave(w)),
        prepare=_no_submissions_counted,
        public=True,
    ),
    Write(
        "surveys:kiosk",
        EVERYONE,
        lambda w: {"kiosk_key": _open_wave(w).kiosk_key},
        _rows(SurveyResponse, SurveyAnswer),
        data=lambda w: answer_form_data(_open_wave(w)),
        prepare=_no_submissions_counted,
        public=True,
    ),
]


# Scanned batches (issue 15, helper SD): a decision on a page of Nøjsomhed's wave, and the
# import of a batch of its forms, for those who enter Nøjsomhed's answers.
def _ready_batch_kwargs(world: World) -> dict:
    batch = _scanned_batch(world, world.nojsomhed, unsure=False)
    return {"slug": world.programme.slug, "batch_id": batch.pk}


def _scan_decision(world: World) -> dict:
    page = ScanPage.objects.get(status=ScanPageStatus.REVIEW)
    question = page.marks.order_by("question__position")[0].question_id
    return {f"p{page.pk}-q{question}-value": "3"}


WRITES += [
    Write(
        "surveys:scan_decide",
        NOJSOMHED_REGISTRARS,
        _scan_page_kwargs(lambda w: w.nojsomhed),
        _rows(ScanMark, ScanPage),
        data=_scan_decision,
    ),
    Write(
        "surveys:scan_import",
        NOJSOMHED_REGISTRARS,
        _ready_batch_kwargs,
        _rows(SurveyResponse, ScanBatch),
    ),
]


# The surveys' questionnaires, versions, translations and waves (issue 15, helper SA).
def _survey_wave_data(world: World, estate: Estate) -> dict:
    return {
        "estate": str(estate.pk),
        "opens_on": "2021-01-01",
        "closes_on": "2021-03-31",
        "target": "20",
        "idempotency_key": "survey-wave",
    }


def _survey_quarters_data(world: World, estate: Estate) -> dict:
    return {
        "estate": str(estate.pk),
        "year": "2022",
        "target": "10",
        "idempotency_key": "survey-quarters",
    }


SURVEY_QUESTION = {"kind": "scale", "text": "Jeg fik et godt råd.", "indicator": "H4"}
SURVEY_STATE = _rows(SurveyQuestionnaire, SurveyVersion, SurveyQuestion, SurveyLanguage)
WRITES += [
    Write(
        "surveys:questionnaire_create",
        SURVEY_WRITERS,
        _slug,
        SURVEY_STATE,
        data=lambda w: {"title": "Frivillige", "slug": "frivillige", "idempotency_key": "q"},
    ),
    Write("surveys:version_create", SURVEY_WRITERS, _survey_kwargs, SURVEY_STATE),
    Write(
        "surveys:question_create",
        SURVEY_WRITERS,
        _survey_version_kwargs,
        SURVEY_STATE,
        data=lambda w: SURVEY_QUESTION | {"idempotency_key": "question"},
    ),
    Write(
        "surveys:question_update",
        SURVEY_WRITERS,
        _survey_question_kwargs,
        SURVEY_STATE,
        data=lambda w: SURVEY_QUESTION,
    ),
    Write("surveys:question_remove", SURVEY_WRITERS, _survey_question_kwargs, SURVEY_STATE),
    Write(
        "surveys:question_move",
        SURVEY_WRITERS,
        _survey_question_kwargs,
        SURVEY_STATE,
        data=lambda w: {"direction": "up"},
    ),
    Write(
        "surveys:language_create",
        SURVEY_WRITERS,
        _survey_version_kwargs,
        SURVEY_STATE,
        data=lambda w: {
            "code": "ar",
            "name": "العربية",
            "right_to_left": "on",
            "title": "الاستشارة",
            "idempotency_key": "language",
        },
    ),
    Write(
        "surveys:translation",
        SURVEY_WRITERS,
        _survey_language_kwargs,
        _rows(SurveyLanguage, SurveyQuestionText),
        data=lambda w: {"name": "English", "title": "Everyday counselling", "introduction": ""},
    ),
    Write(
        "surveys:wave_create",
        NOJSOMHED_SECRETARIAT,
        _survey_kwargs,
        _rows(SurveyWave),
        data=lambda w: _survey_wave_data(w, w.nojsomhed),
        variant="nøjsomhed",
        wrong_choice=frozenset({"vapnagaard_head"}),
    ),
    Write(
        "surveys:wave_create",
        SECRETARIAT,
        _survey_kwargs,
        _rows(SurveyWave),
        data=lambda w: _survey_wave_data(w, w.vapnagaard),
        variant="vapnagaard",
    ),
    Write(
        "surveys:wave_quarters",
        NOJSOMHED_SECRETARIAT,
        _survey_kwargs,
        _rows(SurveyWave),
        data=lambda w: _survey_quarters_data(w, w.nojsomhed),
        variant="nøjsomhed",
        wrong_choice=frozenset({"vapnagaard_head"}),
    ),
    Write(
        "surveys:wave_update",
        NOJSOMHED_SECRETARIAT,
        _survey_wave_kwargs(lambda w: w.nojsomhed),
        _rows(SurveyWave),
        data=lambda w: {"opens_on": "2021-01-01", "closes_on": "2021-04-30", "target": "30"},
        variant="nøjsomhed",
    ),
    # Surveys: a paper form keyed in (issue 15, helper SB).
    Write(
        "surveys:paper_entry",
        NOJSOMHED_REGISTRARS,
        _open_survey_wave_kwargs(lambda w: w.nojsomhed),
        _rows(SurveyResponse, SurveyAnswer),
        data=lambda w: _paper_sheet(w, w.nojsomhed),
        variant="nøjsomhed",
    ),
    Write(
        "surveys:paper_entry",
        REGISTRARS,
        _open_survey_wave_kwargs(lambda w: w.vapnagaard),
        _rows(SurveyResponse, SurveyAnswer),
        data=lambda w: _paper_sheet(w, w.vapnagaard),
        variant="vapnagaard",
    ),
]


# Governance records (issue 17, helper GV).
GOVERNANCE_STATE = _rows(GovernanceBody, GovernanceMember, GovernanceMeeting, GovernanceDecision)
GOVERNANCE_CASES = _rows(GovernanceCase)
GOVERNANCE_PROPOSALS = _rows(GovernanceProposal, AgreementVersion)
WRITES += [
    Write(
        "governance:body_create",
        GOVERNANCE_KEEPERS,
        _governance_slug,
        GOVERNANCE_STATE,
        data=lambda w: {"kind": "follow_up", "name": "Følgegruppen", "idempotency_key": "gv-b"},
    ),
    Write(
        "governance:member_add",
        GOVERNANCE_KEEPERS,
        _governance_body_kwargs,
        GOVERNANCE_STATE,
        data=lambda w: {
            "role": "member",
            "organisation": "Kulturhus Syd",
            "joined_on": "2019-01-01",
            "idempotency_key": "gv-m",
        },
    ),
    Write(
        "governance:member_leave",
        GOVERNANCE_KEEPERS,
        _governance_member_kwargs,
        GOVERNANCE_STATE,
        data=lambda w: {"left_on": "2020-12-31"},
    ),
    Write(
        "governance:meeting_create",
        GOVERNANCE_KEEPERS,
        _governance_body_kwargs,
        GOVERNANCE_STATE,
        data=lambda w: {"held_on": "2020-06-01", "agenda": "1. Status", "idempotency_key": "gv-mt"},
    ),
    Write(
        "governance:meeting_update",
        GOVERNANCE_KEEPERS,
        _governance_meeting_kwargs,
        GOVERNANCE_STATE,
        data=lambda w: {"held_on": "2020-03-16", "agenda": "1. Status", "minutes": "Referat."},
    ),
    Write(
        "governance:decision_add",
        GOVERNANCE_KEEPERS,
        _governance_meeting_kwargs,
        GOVERNANCE_STATE,
        data=lambda w: {"decision-text": "Status taget til efterretning."},
    ),
    Write(
        "governance:case_create",
        PROGRAMME_READERS,
        _governance_slug,
        GOVERNANCE_CASES,
        data=lambda w: {
            "kind": "notification",
            "title": "Manglende tal",
            "summary": "Deltagertal blev ikke indberettet.",
            "raised_by_party": "Sekretariatet",
            "raised_on": "2021-03-01",
            "idempotency_key": "gv-c",
        },
    ),
    Write(
        "governance:case_take_up",
        GOVERNANCE_HANDLERS,
        _governance_case_kwargs,
        GOVERNANCE_CASES,
        data=lambda w: {"on": "2021-03-02"},
    ),
    Write(
        "governance:case_escalate",
        GOVERNANCE_HANDLERS,
        _governance_case_kwargs,
        GOVERNANCE_CASES,
        data=lambda w: {"on": "2021-03-02"},
    ),
    Write(
        "governance:case_resolve",
        GOVERNANCE_HANDLERS,
        _governance_case_kwargs,
        GOVERNANCE_CASES,
        data=lambda w: {"resolve-resolution": "Aftalt.", "resolve-on": "2021-04-01"},
    ),
    Write(
        "governance:proposal_create",
        GOVERNANCE_PROPOSERS,
        _governance_slug,
        GOVERNANCE_PROPOSALS,
        data=lambda w: {
            "body": governance_helpers.a_working_group(w.programme).pk,
            "agreement": governance_helpers.an_agreement(w.programme).pk,
            "title": "Aftenåbning",
            "text": "Rådgivning om aftenen.",
            "proposed_on": "2021-04-05",
            "idempotency_key": "gv-p",
        },
    ),
    Write(
        "governance:proposal_draft",
        GOVERNANCE_PROPOSERS,
        _governance_proposal_kwargs,
        GOVERNANCE_PROPOSALS,
    ),
    Write(
        "governance:proposal_decline",
        GOVERNANCE_KEEPERS,
        _governance_proposal_kwargs,
        GOVERNANCE_PROPOSALS,
        data=lambda w: {"decline_reason": "Ikke i denne periode."},
    ),
]


# The completeness cockpit: stopping the weekly digest (issue 17, helper CP).
WRITES += [
    Write(
        "completeness:digest",
        COMPLETENESS_VIEWERS,
        _completeness_slug,
        _completeness_opt_outs,
        data=lambda w: {"send": "0"},
    ),
]


def _reports_draft_kwargs(world: World) -> dict:
    from helhedsplan.reports import services as report_services

    kwargs = _reports_kwargs(world)
    report_services.report_texts_save(
        programme=world.programme,
        agreement=None,
        year=2020,
        texts={},
        user=world.user("secretariat_head"),
    )
    return kwargs


def _reports_state(world: World) -> object:
    from helhedsplan.reports.models import StatusReport

    return list(StatusReport.objects.order_by("pk").values())


WRITES += [
    Write("reports:texts", SECRETARIAT, _reports_kwargs, _reports_state),
    Write(
        "reports:approve",
        SECRETARIAT,
        _reports_draft_kwargs,
        _reports_state,
        data=lambda w: {"version": 1},
    ),
]


# Budget follow-up (issue 17, helper BG): the secretariat enters and imports.
def _budget_spend_file() -> SimpleUploadedFile:
    return SimpleUploadedFile(
        "forbrug.xlsx", budget_spend_xlsx([["Landsbyggefonden", 2019, "95.000,50"]])
    )


def _budget_upload(client: Client, world: World) -> dict:
    client.post(
        reverse("budget:import", kwargs=_budget_kwargs(world)), {"file": _budget_spend_file()}
    )
    return {}


WRITES += [
    Write(
        "budget:year",
        BUDGET_KEEPERS,
        _budget_year_kwargs,
        _rows(BudgetEntry),
        data=lambda w: {"planned_0": "110000", "spent_0": "95000,50"},
    ),
    Write(
        "budget:staff_year",
        BUDGET_KEEPERS,
        _budget_year_kwargs,
        _rows(StaffReport),
        data=lambda w: {"hours_0": "1500"},
    ),
    Write(
        "budget:import",
        BUDGET_KEEPERS,
        _budget_kwargs,
        _rows(StagedImport),
        data=lambda w: {"file": _budget_spend_file()},
    ),
    Write(
        "budget:import_confirm",
        BUDGET_KEEPERS,
        _budget_kwargs,
        _rows(BudgetEntry),
        prepare=_budget_upload,
    ),
]


@pytest.mark.parametrize("write", WRITES, ids=[w.id for w in WRITES])
def test_write_matrix(client, world: World, write: Write) -> None:
    url = reverse(write.name, kwargs=write.kwargs(world))
    if query := write.query(world):
        url = f"{url}?{urlencode(query)}"
    wrong = []
    for who in [None, *sorted(EVERYONE)]:
        with transaction.atomic():
            if who is None:
                client.logout()
            else:
                client.force_login(world.user(who))
            data = write.data(world)
            if write.prepare is not None:
                data |= write.prepare(client, world)
            before = write.state(world)
            response = client.post(url, data)
            changed = write.state(world) != before
            transaction.set_rollback(True)
        status = response.status_code
        if who is None and write.public:
            ok = status in {200, 302} and changed
        elif who is None:
            if status != 302 or not response.url.startswith(reverse("accounts:login")):
                wrong.append(f"anonymous on {url}: {status}, expected the login page")
            ok = not changed
        elif who in write.allowed:
            ok = status in {200, 302} and changed
            if status == 302 and response.url.startswith(reverse("accounts:login")):
                ok = False
        else:
            refusal = {400} if who in write.wrong_choice else {403, 404}
            if who in write.nothing_waiting:
                refusal = {302}
            ok = status in refusal and not changed
        if not ok:
            wrong.append(f"{who} on {url}: {status}, {'changed' if changed else 'unchanged'}")
    assert not wrong, "\n".join(wrong)


# The API (/api/v1/) ----------------------------------------------------------------------
#
# Every operation × every person, each with a token that names every programme and may
# write: the person's own rules decide what the token opens, as on the pages. An allowed read
# answers 200 (with Nøjsomhed's inquiries only for those who see them on the page); a refused
# one 403; without a token 401. An allowed write answers 200 or 201 and changes what
# ``state`` reads; a refused one 403, or 422 where the person may write but not in that
# estate (``wrong_choice``), and changes nothing.


def _api_bearer(world: World, who: str) -> dict[str, str]:
    """A read-write token of ``who`` for every programme (made directly: the service lets a
    person name only the programmes they read, and this proves the rules hold even so)."""
    secret = f"hp_matrix_{who}"
    token = ApiToken.objects.create(
        user=world.user(who),
        name="Matrix",
        digest=FeedToken.digest_of(secret),
        scope=ApiTokenScope.READ_WRITE,
        expires_at=timezone.now() + datetime.timedelta(days=1),
    )
    token.programmes.set([world.programme, world.other_programme])
    return {"Authorization": f"Bearer {secret}"}


@dataclass(frozen=True)
class ApiRoute:
    path: Callable[[World], str]
    allowed: frozenset[str]
    variant: str
    secret: Callable[[World], str] | None = None
    sees: frozenset[str] = frozenset()


def _api(world: World, rest: str = "") -> str:
    return f"/api/v1/programmes/{world.programme.slug}{rest}"


API_ROUTES = [
    ApiRoute(lambda w: "/api/v1/programmes", EVERYONE, "programmes"),
    ApiRoute(lambda w: _api(w), PROGRAMME_READERS, "programme"),
    ApiRoute(lambda w: _api(w, "/estates"), PROGRAMME_READERS, "estates"),
    ApiRoute(lambda w: _api(w, "/agreements"), PROGRAMME_READERS, "agreements"),
    ApiRoute(
        lambda w: _api(w, f"/agreements/{_agreement(w).pk}/versions/1"),
        PROGRAMME_READERS,
        "version",
    ),
    ApiRoute(
        lambda w: _api(w, f"/agreements/{_agreement(w).pk}/indicators"),
        PROGRAMME_READERS,
        "indicators",
    ),
    ApiRoute(lambda w: _api(w, "/status?year=2019"), PROGRAMME_READERS, "status"),
    ApiRoute(lambda w: _api(w, "/events"), PROGRAMME_READERS, "events"),
    ApiRoute(lambda w: _api(w, f"/events/{_nojsomhed_event(w).pk}"), PROGRAMME_READERS, "event"),
    ApiRoute(lambda w: _api(w, "/press"), PROGRAMME_READERS, "press"),
    ApiRoute(lambda w: _api(w, f"/press/{_nojsomhed_mention(w).pk}"), PROGRAMME_READERS, "mention"),
    ApiRoute(lambda w: _api(w, "/outlets"), REGISTRARS, "outlets"),
    ApiRoute(lambda w: _api(w, "/press/tone-suggestion?headline=Sommerfest"), REGISTRARS, "tone"),
    ApiRoute(lambda w: _api(w, "/venues"), REGISTRARS, "venues"),
    ApiRoute(lambda w: _api(w, "/partners"), REGISTRARS, "partners"),
    ApiRoute(lambda w: _api(w, "/series"), PROGRAMME_READERS, "series"),
    ApiRoute(
        lambda w: _api(w, f"/series/{safety_series(w).code}/observations"),
        PROGRAMME_READERS,
        "observations",
    ),
    ApiRoute(lambda w: _api(w, "/counselling/mapping?year=2019"), PROGRAMME_READERS, "mapping"),
    ApiRoute(lambda w: _api(w, "/counselling/categories"), REGISTRARS, "categories"),
    ApiRoute(
        lambda w: _api(w, "/inquiries"),
        REGISTRARS,
        "inquiries",
        secret=lambda w: f'"id": {_nojsomhed_inquiry(w).pk},',
        sees=NOJSOMHED_REGISTRARS,
    ),
    # Volunteers: counts for everyone who may count them, the people for their keepers.
    ApiRoute(lambda w: _api(w, "/volunteers/counts"), VOLUNTEER_COUNTERS, "volunteer-counts"),
    ApiRoute(
        lambda w: _api(w, "/volunteers"),
        REGISTRARS,
        "volunteers",
        secret=lambda w: f'"id": {_nojsomhed_volunteer(w).pk},',
        sees=NOJSOMHED_REGISTRARS,
    ),
    ApiRoute(
        lambda w: _api(w, f"/volunteers/{_nojsomhed_volunteer(w).pk}"),
        NOJSOMHED_REGISTRARS,
        "volunteer-nøjsomhed",
    ),
    ApiRoute(
        lambda w: _api(w, f"/volunteers/{_volunteer(w, w.vapnagaard, 'Vera V.').pk}"),
        REGISTRARS,
        "volunteer-vapnagaard",
    ),
    # Grant pools: the pools and the figures for those who count them, the applications for
    # their estates' keepers.
    ApiRoute(lambda w: _api(w, "/grants/pools"), GRANT_COUNTERS, "grant-pools"),
    ApiRoute(lambda w: _api(w, "/grants/report?year=2026"), GRANT_COUNTERS, "grant-report"),
    ApiRoute(
        lambda w: _api(w, "/grants/applications"),
        REGISTRARS,
        "grant-applications",
        secret=lambda w: _grant_application(w, w.nojsomhed, NOJSOMHED_APPLICANT).reference,
        sees=NOJSOMHED_REGISTRARS,
    ),
    # Surveys (issue 15, helper SB): questionnaires, waves and results, never free text.
    ApiRoute(lambda w: _api(w, "/surveys"), PROGRAMME_READERS, "surveys"),
    ApiRoute(
        lambda w: _api(w, f"/surveys/{a_questionnaire(w.programme).pk}/waves"),
        PROGRAMME_READERS,
        "survey-waves",
    ),
    ApiRoute(
        lambda w: _api(w, f"/surveys/{a_questionnaire(w.programme).pk}/results"),
        PROGRAMME_READERS,
        "survey-results",
        secret=_nojsomhed_survey_text,
        sees=frozenset(),
    ),
]


@pytest.mark.parametrize("route", API_ROUTES, ids=[r.variant for r in API_ROUTES])
def test_api_role_matrix(client, world: World, route: ApiRoute) -> None:
    path = route.path(world)
    secret = route.secret(world) if route.secret else None
    wrong = []
    if (status := client.get(path).status_code) != 401:
        wrong.append(f"anonymous on {path}: {status}, expected 401")
    for who in sorted(EVERYONE):
        response = client.get(path, headers=_api_bearer(world, who))
        expected = 200 if who in route.allowed else 403
        if response.status_code != expected:
            wrong.append(f"{who} on {path}: {response.status_code}, expected {expected}")
        elif secret is not None and who in route.allowed:
            shown = secret in response.content.decode()
            if shown is not (who in route.sees):
                wrong.append(f"{who} on {path}: {secret!r} {'shown' if shown else 'hidden'}")
    assert not wrong, "\n".join(wrong)


@dataclass(frozen=True)
class ApiWrite:
    path: Callable[[World], str]
    allowed: frozenset[str]
    state: Callable[[World], object]
    body: Callable[[World], dict]
    variant: str
    wrong_choice: frozenset[str] = frozenset()
    method: str = "post"


def _api_inquiry(world: World, estate: Estate) -> dict:
    return {"estate": estate.pk, "topics": [topic(world.programme, "Kost").pk]}


def _api_event(world: World, estate: Estate) -> dict:
    return {
        "type": "cultural",
        "title": "Teater",
        "starts_at": "2019-05-18T14:00:00+02:00",
        "estates": [estate.pk],
    }


HELD = {"participants_residents": 12, "participants_non_residents": 3}


def _api_event_at_venue(world: World) -> dict:
    venue = list_services.list_entry_ensure(
        model=Venue, programme=world.programme, name="Beboerhuset"
    )
    partner = list_services.list_entry_ensure(
        model=Partner, programme=world.programme, name="Biblioteket"
    )
    return _api_event(world, world.vapnagaard) | {"venue": venue.pk, "partners": [partner.pk]}


def _api_mention(world: World, *estates: Estate) -> dict:
    return {
        "published_on": "2019-03-14",
        "outlet": an_outlet(world).pk,
        "headline": "Nøjsomhed holder sommerfest",
        "estates": [estate.pk for estate in estates],
    }


API_WRITES = [
    ApiWrite(
        lambda w: _api(w, "/inquiries"),
        REGISTRARS,
        INQUIRY_STATE,
        lambda w: _api_inquiry(w, w.vapnagaard),
        "inquiry",
    ),
    ApiWrite(
        lambda w: _api(w, "/inquiries"),
        NOJSOMHED_REGISTRARS,
        INQUIRY_STATE,
        lambda w: _api_inquiry(w, w.nojsomhed),
        "inquiry-nøjsomhed",
        wrong_choice=frozenset({"staff", "vapnagaard_head"}),
    ),
    ApiWrite(
        lambda w: _api(w, "/events"),
        REGISTRARS,
        EVENT_STATE,
        lambda w: _api_event(w, w.vapnagaard),
        "event",
    ),
    ApiWrite(
        lambda w: _api(w, "/events"),
        NOJSOMHED_REGISTRARS,
        EVENT_STATE,
        lambda w: _api_event(w, w.nojsomhed),
        "event-nøjsomhed",
        wrong_choice=frozenset({"staff", "vapnagaard_head"}),
    ),
    ApiWrite(
        lambda w: _api(w, f"/events/{an_event(w).pk}/held"),
        REGISTRARS,
        EVENT_STATE,
        lambda w: HELD,
        "held",
    ),
    ApiWrite(
        lambda w: _api(w, f"/events/{_nojsomhed_event(w).pk}/held"),
        NOJSOMHED_REGISTRARS,
        EVENT_STATE,
        lambda w: HELD,
        "held-nøjsomhed",
    ),
    ApiWrite(
        lambda w: _api(w, "/events"),
        REGISTRARS,
        _rows(Event, Event.partners.through),
        _api_event_at_venue,
        "event-venue",
    ),
    ApiWrite(
        lambda w: _api(w, "/press"),
        REGISTRARS,
        MENTION_STATE,
        lambda w: _api_mention(w, w.vapnagaard),
        "mention",
    ),
    ApiWrite(
        lambda w: _api(w, "/press"),
        NOJSOMHED_REGISTRARS,
        MENTION_STATE,
        lambda w: _api_mention(w, w.nojsomhed),
        "mention-nøjsomhed",
        wrong_choice=frozenset({"staff", "vapnagaard_head"}),
    ),
    ApiWrite(
        lambda w: _api(w, f"/press/{_nojsomhed_mention(w).pk}"),
        NOJSOMHED_REGISTRARS,
        MENTION_STATE,
        lambda w: {"headline": "Nøjsomhed får to legepladser"},
        "mention-change-nøjsomhed",
        method="patch",
    ),
    ApiWrite(
        lambda w: _api(w, f"/press/{_nojsomhed_mention(w, w.vapnagaard).pk}"),
        REGISTRARS,
        MENTION_STATE,
        lambda w: {"tone": "negative"},
        "mention-change-joint",
        method="patch",
    ),
    ApiWrite(
        lambda w: _api(w, f"/press/{_nojsomhed_mention(w).pk}"),
        NOJSOMHED_REGISTRARS,
        MENTION_STATE,
        lambda w: {},
        "mention-delete-nøjsomhed",
        method="delete",
    ),
    ApiWrite(
        lambda w: _api(w, f"/press/{_nojsomhed_mention(w).pk}/events"),
        NOJSOMHED_REGISTRARS,
        MENTION_STATE,
        lambda w: {"event": _nojsomhed_event(w).pk},
        "mention-link-nøjsomhed",
    ),
    ApiWrite(
        lambda w: _api(
            w,
            f"/press/{a_mention(w, estates=[w.nojsomhed], events=[_nojsomhed_event(w)]).pk}"
            f"/events/{Event.objects.get().pk}",
        ),
        NOJSOMHED_REGISTRARS,
        MENTION_STATE,
        lambda w: {},
        "mention-unlink-nøjsomhed",
        method="delete",
    ),
    ApiWrite(
        lambda w: _api(w, f"/series/{safety_series(w).code}/observations"),
        SECRETARIAT,
        _rows(Observation),
        lambda w: {"where": str(w.nojsomhed.pk), "period": "2016", "value": 59.2},
        "observation",
    ),
]


@pytest.mark.parametrize("write", API_WRITES, ids=[w.variant for w in API_WRITES])
def test_api_write_matrix(client, world: World, write: ApiWrite) -> None:
    path = write.path(world)
    wrong = []
    for who in [None, *sorted(EVERYONE)]:
        with transaction.atomic():
            headers = _api_bearer(world, who) if who else {}
            before = write.state(world)
            response = getattr(client, write.method)(
                path,
                json.dumps(write.body(world)),
                content_type="application/json",
                headers=headers,
            )
            changed = write.state(world) != before
            transaction.set_rollback(True)
        status = response.status_code
        if who is None:
            ok = status == 401 and not changed
        elif who in write.allowed:
            ok = status in {200, 201} and changed
        else:
            ok = status == (422 if who in write.wrong_choice else 403) and not changed
        if not ok:
            wrong.append(f"{who} on {path}: {status}, {'changed' if changed else 'unchanged'}")
    assert not wrong, "\n".join(wrong)
