"""Each role sees the navigation of its work, and nothing it may not open."""

from __future__ import annotations

import pytest
from django.urls import reverse

from conftest import World

EVERY_AREA = {
    "Helsingør Syd",
    "Delaftaler",
    "Rådgivning",
    "Indikatorer",
    "Arrangementer",
    "Presse",
    "Statistik",
    "Frivillige",
    "Beboerpuljer",
    # Issue 15: the questionnaires, for readers of the programme and those who collect answers.
    "Spørgeskemaer",
    # Issue 17: the governance records and the annual status report, for readers of the
    # programme.
    "Organisering",
    "Statusrapport",
}
# Those who keep the resident panels and their actions: the secretariat, the staff and the
# police; the partners see the actions assigned to their organisation, nothing else.
PANELS = "Beboerpaneler"
ACTIONS = "Handlinger"
EXPECTED = {
    "administrator": EVERY_AREA | {"Brugere", "Revisionsspor", "Persondata", PANELS, ACTIONS},
    "secretariat_head": EVERY_AREA | {"Persondata", PANELS, ACTIONS},
    "staff": EVERY_AREA | {PANELS, ACTIONS},
    "board": EVERY_AREA,
    "working_group": EVERY_AREA,
    # The police run the resident panel and see nothing else of the programme (issue 14).
    "police": {PANELS, ACTIONS},
    "partner": {ACTIONS},
    "police_partner": {ACTIONS},
    "outsider": {
        "Korsløkken",
        "Delaftaler",
        "Rådgivning",
        "Indikatorer",
        "Arrangementer",
        "Presse",
        "Statistik",
        "Frivillige",
        "Beboerpuljer",
        "Spørgeskemaer",
        "Organisering",
        "Statusrapport",
        "Mangler",
        PANELS,
        ACTIONS,
    },
}

# Issue 17, helper BG: the budget follow-up, for those who read it.
for _budget_reader in ("administrator", "secretariat_head", "board"):
    EXPECTED[_budget_reader] = EXPECTED[_budget_reader] | {"Budget"}
# Issue 17: what is missing in the running year, for those who register it.
for _registrar in ("administrator", "secretariat_head", "staff"):
    EXPECTED[_registrar] = EXPECTED[_registrar] | {"Mangler"}


@pytest.mark.parametrize("who", sorted(EXPECTED))
def test_the_navigation_fits_the_role(client, world: World, who: str) -> None:
    client.force_login(world.user(who))
    response = client.get(reverse("home"))
    labels = {str(item.label) for item in response.context["nav_items"]}
    assert labels == EXPECTED[who]


@pytest.mark.parametrize("who", sorted(EXPECTED))
def test_every_navigation_link_opens(client, world: World, who: str) -> None:
    client.force_login(world.user(who))
    for item in client.get(reverse("home")).context["nav_items"]:
        assert client.get(item.url).status_code == 200, f"{who}: {item.label} ({item.url})"
