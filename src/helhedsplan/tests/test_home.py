"""Each person's home page starts their work: a part per role, only what they may do."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import World
from helhedsplan.accounts import services as account_services
from helhedsplan.accounts.models import Role
from helhedsplan.agreements import services as agreement_services
from helhedsplan.agreements.models import AgreementVersion
from helhedsplan.core import services as core_services
from helhedsplan.core.models import StagedImport
from helhedsplan.counselling import services as counselling_services
from helhedsplan.counselling.tests.helpers import register
from helhedsplan.events import services as event_services
from helhedsplan.events.models import Event, EventStatus, EventType, EventTypeCode
from helhedsplan.indicators import services as indicator_services
from helhedsplan.indicators.services import TargetSpec
from helhedsplan.indicators.tests.helpers import agreement, event, indicator, local
from helhedsplan.media.tests.factories import a_mention
from helhedsplan.programmes.models import Programme
from helhedsplan.series import services as series_services
from helhedsplan.series import staged_import as series_import

# A Wednesday in the middle of the seed agreement's period (2018-2021).
TODAY = datetime.date(2019, 6, 12)
NOW = local(2019, 6, 12, 12)

pytestmark = pytest.mark.usefixtures("_frozen")


@pytest.fixture
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def _home(client, user) -> str:
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return response.content.decode()


def _text(html: str) -> str:
    """The page's words without tags, with single spaces."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _gaps(page: str) -> str:
    """The gaps in the data, as the page lists them."""
    found = re.search(r'<dl class="home-gaps">.*?</dl>', page, re.S)
    assert found is not None
    return found.group()


def _k1(world: World):
    """K1 in 2019 by mid-June: one of Vapnagaard's four cultural events (at risk) and one of
    Nøjsomhed's two (on track)."""
    k1 = indicator(
        world,
        "A3.1",
        code="K1",
        name="Kulturelle arrangementer",
        kind="count",
        source="events.event",
        source_filter={"type": EventTypeCode.CULTURAL, "status": EventStatus.HELD},
        targets=[TargetSpec(Decimal(4), world.vapnagaard), TargetSpec(Decimal(2), world.nojsomhed)],
    )
    event(world, EventTypeCode.CULTURAL, local(2019, 2, 4, 14), [world.vapnagaard])
    event(world, EventTypeCode.CULTURAL, local(2019, 3, 4, 14), [world.nojsomhed])
    return k1


def _planned_event(
    world: World, title: str, at: datetime.datetime, estates: list | None = None
) -> Event:
    """A theme evening the staff member registered, still planned."""
    event_services.event_types_ensure()
    return event_services.event_create(
        programme=world.programme,
        type=EventType.objects.get(code=EventTypeCode.THEME_EVENING),
        title=title,
        starts_at=at,
        estates=estates or [world.vapnagaard],
        created_by=world.user("staff"),
    )


def _staged(world: World, owner: str, programme: Programme, name: str) -> StagedImport:
    """An upload of a figure of the programme's safety index, waiting for its owner."""
    series_services.series_ensure(
        programme=programme,
        code="tryghed",
        name="Trygge beboere",
        unit="percent",
        source="Politiets Tryghedsindeks",
        granularity="year",
    )
    estate = programme.estates.first()
    assert estate is not None
    content = f"serie;boligområde;periode;værdi\ntryghed;{estate.name};2016;59,2\n"
    return core_services.staged_import_stage(
        owner=world.user(owner),
        kind=series_import.KIND,
        upload=SimpleUploadedFile(name, content.encode()),
        target={"programme": programme.pk},
    )


def _proposed_version(world: World) -> AgreementVersion:
    draft = agreement_services.version_start_draft(
        agreement=agreement(world), user=world.user("secretariat_head")
    )
    return agreement_services.version_propose(version=draft, user=world.user("secretariat_head"))


# The field worker ------------------------------------------------------------------------


def test_a_field_worker_starts_with_big_buttons_for_what_they_register(
    client, world: World
) -> None:
    page = _home(client, world.user("staff"))

    buttons = re.findall(r'<a class="button home-action" href="([^"]+)">([^<]+)</a>', page)
    assert buttons == [
        (
            reverse("counselling:inquiry_create", kwargs={"slug": world.programme.slug}),
            "Ny henvendelse",
        ),
        (f"{reverse('events:create')}?programme={world.programme.pk}", "Nyt arrangement"),
        (reverse("media:mention_create", kwargs={"slug": world.programme.slug}), "Ny presseomtale"),
    ]
    # The board's and the secretariat's business is not theirs.
    assert "Versioner, der venter på bestyrelsen" not in page
    assert "Importer, der venter" not in page
    assert "på et øjeblik" not in page


def test_nobody_else_gets_the_registration_buttons(client, world: World) -> None:
    for name in ("board", "working_group", "police", "secretariat_head"):
        assert "home-action" not in _home(client, world.user(name)), name


def test_a_field_worker_sees_today_s_opening_hours_of_their_estates_with_closures(
    client, world: World
) -> None:
    wednesday = TODAY.weekday()
    counselling_services.opening_hours_add(
        estate=world.vapnagaard,
        weekday=wednesday,
        starts=datetime.time(13),
        ends=datetime.time(17),
        place="Beboerhuset",
    )
    counselling_services.opening_hours_add(
        estate=world.nojsomhed,
        weekday=wednesday,
        starts=datetime.time(9),
        ends=datetime.time(11),
        place="Nøjsomhed Café",
    )

    page = _text(_home(client, world.user("staff")))

    assert "Åben rådgivning i dag" in page
    assert "Vapnagaard: 13.00–17.00, Beboerhuset" in page
    # Staff work in Vapnagaard only.
    assert "Nøjsomhed Café" not in page

    counselling_services.closure_add(
        estate=world.vapnagaard,
        starts=TODAY,
        ends=TODAY + datetime.timedelta(days=3),
        reason="Personaledag",
    )
    page = _text(_home(client, world.user("staff")))

    assert "Vapnagaard: Lukket (Personaledag) til og med 15.06.2019." in page
    assert "Næste gang: onsdag 19.06.2019, 13.00–17.00, Beboerhuset" in page


def test_a_field_worker_sees_their_own_last_registrations_with_correct_while_allowed(
    client, world: World
) -> None:
    staff = world.user("staff")
    register(world.vapnagaard, ["Boligstøtte"], by=staff, at=local(2019, 6, 12, 10))
    with time_machine.travel(local(2019, 6, 10, 10), tick=False):
        old = register(world.vapnagaard, ["Jobsøgning"], by=staff)[0]
    register(world.vapnagaard, ["Kost"], by=world.user("secretariat_head"))
    theirs = _planned_event(world, "Fællesspisning", local(2019, 6, 20, 17))
    mention = a_mention(world, headline="Fællesspisning samlede 80")

    page = _home(client, staff)
    text = _text(page)

    assert "Vapnagaard: Boligstøtte" in text
    assert "Vapnagaard: Jobsøgning" in text
    assert "Kost" not in text  # registered by someone else
    assert "Fællesspisning" in text
    assert "Fællesspisning samlede 80 (Helsingør Dagblad)" in text
    # The inquiry two days old is past its 24 hours; events and mentions stay correctable.
    corrections = re.findall(r'href="([^"]+)">Ret<', page)
    inquiry_urls = [url for url in corrections if "/counselling/" in url]
    assert len(inquiry_urls) == 1
    assert (
        reverse(
            "counselling:inquiry_update",
            kwargs={"slug": world.programme.slug, "inquiry_id": old.pk},
        )
        not in corrections
    )
    assert reverse("events:update", kwargs={"event_id": theirs.pk}) in corrections
    assert (
        reverse(
            "media:mention_update", kwargs={"slug": world.programme.slug, "mention_id": mention.pk}
        )
        in corrections
    )


def test_a_field_worker_without_registrations_is_told_so(client, world: World) -> None:
    assert "Du har ikke registreret noget endnu." in _home(client, world.user("staff"))


def test_the_gaps_in_a_field_worker_s_data_are_counted_and_defined(client, world: World) -> None:
    # Past events still planned: one in their estate, one only in the other.
    forgotten = _planned_event(world, "Glemt fællesspisning", local(2019, 6, 1, 17))
    _planned_event(world, "Nøjsomheds loppemarked", local(2019, 6, 2, 10), [world.nojsomhed])
    _planned_event(world, "Kommende temaaften", local(2019, 6, 20, 17))
    # Counselling open every Wednesday in Vapnagaard; inquiries in the last two weeks only.
    counselling_services.opening_hours_add(
        estate=world.vapnagaard,
        weekday=2,
        starts=datetime.time(13),
        ends=datetime.time(17),
        place="Beboerhuset",
    )
    register(world.vapnagaard, ["Kost"], at=local(2019, 6, 5, 14))
    register(world.vapnagaard, ["Kost"], at=local(2019, 5, 29, 14))
    counselling_services.closure_add(
        estate=world.vapnagaard,
        starts=datetime.date(2019, 5, 20),
        ends=datetime.date(2019, 5, 26),
        reason="Renovering",
    )
    # A cultural event held this year without press, and one with.
    uncovered = event(
        world, EventTypeCode.CULTURAL, local(2019, 4, 4, 14), [world.vapnagaard], title="Teater"
    )
    covered = event(
        world, EventTypeCode.CULTURAL, local(2019, 5, 4, 14), [world.vapnagaard], title="Koncert"
    )
    a_mention(world, events=[covered])

    whole = _home(client, world.user("staff"))
    page = _gaps(whole)
    text = _text(page)

    assert "Huller i data fra dine boligområder" in _text(whole)
    assert "1 Overståede arrangementer siden 01.01.2018, der stadig står som planlagt" in text
    assert forgotten.get_absolute_url() in page
    assert "Nøjsomheds loppemarked" not in text
    assert "Et arrangement tæller først med i målene" in text
    # Of the eight weeks before this one, two had inquiries and one was closed.
    assert "5 Uger med åben rådgivning uden registrerede henvendelser" in text
    assert "Vapnagaard, uge 22 (27.05.2019–02.06.2019)" not in text
    assert "Vapnagaard, uge 20 (13.05.2019–19.05.2019)" in text
    assert "og 1 mere" not in text  # five listed, none left over
    assert "1 Afholdte kulturelle arrangementer siden 01.01.2018 uden presseomtale" in text
    assert uncovered.get_absolute_url() in page
    assert covered.get_absolute_url() not in page


# The secretariat head --------------------------------------------------------------------


def test_a_secretariat_head_sees_what_is_at_risk_waiting_and_missing(client, world: World) -> None:
    k1 = _k1(world)
    version = _proposed_version(world)
    head = world.user("secretariat_head")
    theirs = _staged(world, "secretariat_head", world.programme, "tryghed.csv")
    elsewhere = _staged(world, "outsider", world.other_programme, "korsløkken.csv")

    page = _home(client, head)
    text = _text(page)

    assert "I risiko eller ikke nået i 2019: Tryghed og trivsel" in text
    detail = reverse("indicators:detail", kwargs={"indicator_id": k1.pk}) + "?year=2019"
    assert detail in page
    assert "K1 Kulturelle arrangementer Vapnagaard 1 af 4 — i risiko" in text
    assert "Nøjsomhed 1 af 2" not in text  # on track
    assert "Versioner, der venter på bestyrelsen" in text
    assert version.get_absolute_url() in page
    assert "Gennemse og godkend" not in text  # the board's button
    assert "tryghed.csv" in text
    assert reverse("series:import_preview", kwargs={"slug": world.programme.slug}) in page
    assert elsewhere.original_name not in text
    assert theirs.original_name in text
    assert "Huller i data" in text
    assert "home-action" not in page


def test_an_upload_waits_for_its_owner_alone(client, world: World) -> None:
    _staged(world, "staff", world.programme, "klager.csv")

    page = _home(client, world.user("secretariat_head"))

    assert "klager.csv" in page
    assert "Uploadet af staff" in page
    assert "Se og bekræft" not in page


# The board -------------------------------------------------------------------------------


def test_a_board_member_sees_the_year_at_a_glance_versions_to_approve_and_restatements(
    client, world: World
) -> None:
    k1 = _k1(world)
    event(world, EventTypeCode.CULTURAL, local(2018, 3, 4, 14), [world.vapnagaard])
    the_agreement = agreement(world)
    indicator_services.period_lock(agreement=the_agreement, year=2018, today=TODAY)
    # Registered after the board closed 2018.
    event(world, EventTypeCode.CULTURAL, local(2018, 9, 4, 14), [world.vapnagaard])
    version = _proposed_version(world)

    page = _home(client, world.user("board"))
    text = _text(page)

    assert "2019 på et øjeblik: Tryghed og trivsel" in text
    assert "I risiko 1" in text
    assert "På vej 1" in text
    dashboard = reverse("indicators:dashboard", kwargs={"agreement_id": the_agreement.pk})
    assert f"{dashboard}?year=2019" in page
    assert re.search(
        rf'<a class="button" href="{re.escape(version.get_absolute_url())}">Gennemse og godkend',
        page,
    )
    assert "Tal fra afsluttede år, der er rettet siden" in text
    assert "K1 Kulturelle arrangementer, 2018" in text
    assert "Før: 1 af 4 — ikke nået. Nu: 2 af 4 — ikke nået." in text
    assert reverse("indicators:detail", kwargs={"indicator_id": k1.pk}) + "?year=2018" in page
    assert "home-action" not in page
    assert "Importer, der venter" not in text


def test_a_board_member_with_nothing_restated_is_told_so(client, world: World) -> None:
    _k1(world)

    text = _text(_home(client, world.user("board")))

    assert "Ingen tal fra afsluttede år er rettet" in text
    assert "Ingen versioner venter på bestyrelsen." in text


# The working group -----------------------------------------------------------------------


def test_a_working_group_member_sees_the_activities_criteria_and_what_they_may_propose(
    client, world: World
) -> None:
    k1 = _k1(world)
    the_agreement = agreement(world)

    page = _home(client, world.user("working_group"))
    text = _text(page)

    assert "Aktiviteterne" in text
    assert "Kulturelle arrangementer" in text  # the activity
    assert reverse("indicators:detail", kwargs={"indicator_id": k1.pk}) + "?year=2019" in page
    assert "Vapnagaard 1 af 4 — i risiko" in text
    assert "Nøjsomhed 1 af 2 — på vej" in text
    assert "Ikke målbar endnu" in text  # criteria without an indicator yet
    assert "Det kan du foreslå" in text
    assert the_agreement.get_absolute_url() in page
    assert "home-action" not in page
    assert "Importer, der venter" not in text


def test_a_working_group_member_continues_an_open_draft(client, world: World) -> None:
    _k1(world)
    draft = agreement_services.version_start_draft(
        agreement=agreement(world), user=world.user("working_group")
    )

    page = _home(client, world.user("working_group"))

    edit = reverse(
        "agreements:edit", kwargs={"agreement_id": draft.agreement_id, "number": draft.number}
    )
    assert edit in page
    assert f"Ret kladden til version {draft.number}" in page


# The police ------------------------------------------------------------------------------


def test_the_police_are_told_what_will_be_here_and_see_nothing_else(client, world: World) -> None:
    _k1(world)
    _proposed_version(world)

    page = _home(client, world.user("police"))
    text = _text(page)

    assert "Beboerpanelet" in text
    assert "Her kommer beboerpanelet med politiet" in text
    for other in ("Registrér", "Indsatsen", "Bestyrelsen", "Aktiviteterne", "Huller i data"):
        assert other not in text
    assert "/indicators/" not in page
    assert "/agreements/" not in page


# Several roles ---------------------------------------------------------------------------


def test_several_roles_see_each_part_and_shared_things_once(client, world: World) -> None:
    staff = world.user("staff")
    for role in (Role.SECRETARIAT_HEAD, Role.BOARD):
        account_services.membership_grant(
            user=staff, programme=world.programme, role=role, estates=[world.vapnagaard]
        )
    _k1(world)
    version = _proposed_version(world)

    page = _home(client, staff)
    text = _text(page)

    for part in ("Registrér", "Indsatsen", "Bestyrelsen"):
        assert f">{part}</h3>" in page
    assert text.count("Versioner, der venter på bestyrelsen") == 1
    assert page.count(version.get_absolute_url()) == 1
    assert text.count("Overståede arrangementer siden") == 1
    assert "Medarbejder (Vapnagaard)" in text


def test_a_person_in_two_programmes_sees_a_section_for_each(client, world: World) -> None:
    staff = world.user("staff")
    account_services.membership_grant(user=staff, programme=world.other_programme, role=Role.STAFF)

    page = _home(client, staff)

    assert world.programme.name in page
    assert world.other_programme.name in page
    assert (
        reverse("counselling:inquiry_create", kwargs={"slug": world.other_programme.slug}) in page
    )


def test_a_person_without_a_role_is_told_whom_to_ask(client, world: World) -> None:
    from conftest import make_user

    page = _home(client, make_user("ny"))

    assert "Du har endnu ingen rolle i en indsats" in page


# The number of queries -------------------------------------------------------------------


def _more_data(world: World, label: str, days: range) -> None:
    """Registrations of every kind the home pages read, more than any of them lists."""
    staff = world.user("staff")
    for day in days:
        _planned_event(world, f"Glemt {label} {day}", local(2019, 5, day, 17))
        register(world.vapnagaard, ["Kost"], by=staff, at=local(2019, 5, day, 14))
        a_mention(world, headline=f"Omtale {label} {day}")
        event(world, EventTypeCode.CULTURAL, local(2019, 4, day, 14), [world.vapnagaard])


def test_the_home_page_s_queries_do_not_grow_with_the_data(client, world: World) -> None:
    _k1(world)
    _proposed_version(world)
    _more_data(world, "først", range(1, 10))
    for name in ("staff", "secretariat_head", "board", "working_group", "police"):
        client.force_login(world.user(name))
        client.get(reverse("home"))  # the session settles
        with CaptureQueriesContext(connection) as before:
            client.get(reverse("home"))
        _more_data(world, name, range(10, 20))
        with CaptureQueriesContext(connection) as after:
            client.get(reverse("home"))

        assert len(after) == len(before), name
