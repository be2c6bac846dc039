"""A revision of the agreement changes the targets from the day it comes into force: version 2
asks for eight theme evenings from 2021 where version 1 asked for six, so 2020 is judged
against six and 2021 against eight, and every page says which version judged the year."""

from __future__ import annotations

import datetime
import io
import json
from dataclasses import replace
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from conftest import World
from helhedsplan.agreements import services as agreement_services
from helhedsplan.agreements.models import AgreementVersion
from helhedsplan.agreements.queries import document_of
from helhedsplan.events.models import EventTypeCode
from helhedsplan.indicators import queries, services
from helhedsplan.indicators.models import Indicator, Outcome
from helhedsplan.indicators.services import TargetSpec
from helhedsplan.indicators.tests.helpers import agreement, event, indicator, local, results

AFTER = datetime.date(2030, 1, 1)
SIX, EIGHT = "Afholdelse af seks temaaftner pr. år", "Afholdelse af otte temaaftner pr. år"


def _h3(world: World) -> Indicator:
    """Six theme evenings held in 2020 and six in 2021; the seed asks for six a year."""
    for year in (2020, 2021):
        for month in range(1, 7):
            event(world, EventTypeCode.THEME_EVENING, local(year, month, 4, 17), [world.nojsomhed])
    return indicator(
        world,
        "A1.3",
        code="H3",
        kind="count",
        source="events.event",
        source_filter={"type": "theme_evening", "status": "held"},
        per_area=False,
        targets=[TargetSpec(Decimal(6))],
    )


def _revision_draft(world: World) -> AgreementVersion:
    """Version 2 as a proposal: "seks temaaftner" becomes "otte"."""
    board = world.user("board")
    draft = agreement_services.version_start_draft(agreement=agreement(world), user=board)
    document = document_of(draft)
    activities = list(document.activities)
    criteria = [replace(c, text=c.text.replace(SIX, EIGHT)) for c in activities[0].success_criteria]
    activities[0] = replace(activities[0], success_criteria=criteria)
    agreement_services.version_update(
        version=draft,
        document=replace(document, activities=activities),
        estates=draft.estates.all(),
    )
    return agreement_services.version_propose(version=draft, user=board)


def _approve(world: World, draft: AgreementVersion) -> AgreementVersion:
    return agreement_services.proposal_approve(
        version=draft,
        user=world.user("board"),
        note="Bestyrelsens beslutning",
        in_force_from=datetime.date(2021, 1, 1),
    )


def _revised(world: World) -> tuple[Indicator, AgreementVersion]:
    h3 = _h3(world)
    draft = _revision_draft(world)
    services.indicator_revise(indicator=h3, version=draft, targets=[TargetSpec(Decimal(8))])
    return h3, _approve(world, draft)


def test_2020_is_judged_against_six_and_2021_against_eight(world: World) -> None:
    _h3, version = _revised(world)

    found = results(world, today=AFTER, years=[2020, 2021])
    first, second = found[("H3", None, 2020)], found[("H3", None, 2021)]

    assert (first.value, first.target, first.status) == (6.0, 6.0, Outcome.MET)
    assert (second.value, second.target, second.status) == (6.0, 8.0, Outcome.NOT_MET)
    assert first.version is not None and first.version.number == 1
    assert second.version == version
    assert queries.version_for_year(agreement(world), 2020, today=AFTER) == first.version
    assert queries.version_for_year(agreement(world), 2021, today=AFTER) == version


def test_targets_confirmed_for_a_proposal_count_only_once_it_is_approved(world: World) -> None:
    h3 = _h3(world)
    draft = _revision_draft(world)
    services.indicator_revise(indicator=h3, version=draft, targets=[TargetSpec(Decimal(8))])

    before = results(world, today=AFTER, years=[2021])[("H3", None, 2021)]
    _approve(world, draft)
    after = results(world, today=AFTER, years=[2021])[("H3", None, 2021)]

    assert (before.target, before.status) == (6.0, Outcome.MET)
    assert (after.target, after.status) == (8.0, Outcome.NOT_MET)


def test_a_version_without_targets_of_its_own_keeps_the_earlier_ones(world: World) -> None:
    _h3(world)
    _approve(world, _revision_draft(world))

    found = results(world, today=AFTER, years=[2021])[("H3", None, 2021)]

    assert found.version is not None
    assert (found.target, found.status, found.version.number) == (6.0, Outcome.MET, 2)


def test_the_first_version_keeps_its_targets_when_the_targets_page_saves(world: World) -> None:
    h3, version = _revised(world)

    services.indicator_targets_set(indicator=h3, targets=[TargetSpec(Decimal(5))], baselines=[])

    found = results(world, today=AFTER, years=[2020, 2021])
    assert (found[("H3", None, 2020)].target, found[("H3", None, 2021)].target) == (6.0, 5.0)
    assert h3.targets.filter(version=version).get().value == 5


def test_the_first_version_cannot_be_revised(world: World) -> None:
    h3 = _h3(world)
    first = queries.first_approved_version(agreement(world))
    assert first is not None

    with pytest.raises(ValidationError):
        services.indicator_revise(indicator=h3, version=first, targets=[TargetSpec(Decimal(8))])


def test_the_pages_say_which_version_judged_the_year(client, world: World) -> None:
    h3, _version = _revised(world)
    client.force_login(world.user("board"))
    url = reverse("indicators:dashboard", kwargs={"agreement_id": agreement(world).pk})

    page_2020 = client.get(url + "?year=2020").content.decode()
    page_2021 = client.get(url + "?year=2021").content.decode()
    detail = client.get(reverse("indicators:detail", kwargs={"indicator_id": h3.pk})).content

    assert "vurderet efter version 1" in page_2020
    assert "6 af 6 — nået" in page_2020 and "seks temaaftner" in page_2020
    assert "vurderet efter version 2 fra 01.01.2021" in page_2021
    assert "6 af 8 — ikke nået" in page_2021 and "otte temaaftner" in page_2021
    assert "version 2" not in page_2020
    text = detail.decode()
    assert "2020: vurderet efter version 1" in text
    assert "2021: vurderet efter version 2 fra 01.01.2021" in text


def test_the_status_json_and_the_spreadsheet_name_the_version(client, world: World) -> None:
    _revised(world)
    out = io.StringIO()

    call_command(
        "status", "--programme", world.programme.name, "--year", "2021", "--json", stdout=out
    )
    lines = [line for line in json.loads(out.getvalue()) if line["criterion"] == "H3"]
    client.force_login(world.user("board"))
    url = reverse(
        "indicators:dashboard_export",
        kwargs={"agreement_id": agreement(world).pk, "fmt": "csv"},
    )
    sheet = client.get(url + "?year=2020").content.decode("utf-8-sig")

    assert [(line["version"], line["version_in_force_from"]) for line in lines] == [
        (2, "2021-01-01")
    ]
    assert lines[0]["target"] == 8
    assert "Vurderet efter" in sheet and "vurderet efter version 1" in sheet


def test_the_reworded_criterion_is_proposed_beside_the_old_and_confirmed_for_the_version(
    client, world: World
) -> None:
    h3 = _h3(world)
    draft = _revision_draft(world)
    client.force_login(world.user("secretariat_head"))
    the_agreement = agreement(world)
    listing = reverse("indicators:revisions", kwargs={"agreement_id": the_agreement.pk})
    url = reverse(
        "indicators:revise",
        kwargs={"agreement_id": the_agreement.pk, "number": draft.number, "key": "A1.3"},
    )

    page = client.get(listing).content.decode()
    form = client.get(url)
    response = client.post(url, {"value": "8"})

    assert "seks temaaftner" in page and "otte temaaftner" in page
    assert form.context["form"]["value"].value() == Decimal(8)
    assert response.status_code == 302
    assert h3.targets.get(version=draft).value == 8
    assert queries.revisions(the_agreement) == []
    assert client.get(url).status_code == 404
