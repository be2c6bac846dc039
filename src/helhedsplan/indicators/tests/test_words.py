"""The indicators say what they count in Danish words, never in the codes the definitions hold."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from django.urls import reverse

from conftest import World, make_user
from helhedsplan.agreements.tests.factories import seed_agreement
from helhedsplan.events.models import EventType
from helhedsplan.events.services import event_types_ensure
from helhedsplan.indicators import presentation
from helhedsplan.indicators.models import Indicator
from helhedsplan.indicators.tests.helpers import an_indicator, indicator
from helhedsplan.programmes.models import Programme

# What the definitions hold and a page must never show: the sources' keys, filter names and
# coded values (a code is a word joined to another by "_"), Python's yes and no.
INTERNAL = re.compile(
    r"\b[a-z]+_[a-z_]+\b"
    r"|\b(?:held|planned|cancelled|cultural|external|programme|residents|youth|mixed)\b"
    r"|tone: positive|\b(?:surveys|volunteers|panel|events|media|counselling)\.[a-z]"
    r"|\b(?:questionnaire|age|True|False)\b|12-31"
)


class _Text(HTMLParser):
    """The text a person reads in the page's main part: no tags, attributes or scripts, and
    not the menu or footer (which name the signed-in user)."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._in_main = False
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self._in_main |= tag == "main"
        self._skipping += tag in {"script", "style"}

    def handle_endtag(self, tag: str) -> None:
        self._in_main &= tag != "main"
        self._skipping -= tag in {"script", "style"}

    def handle_data(self, data: str) -> None:
        if self._in_main and not self._skipping:
            self.parts.append(data)


def _read(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def test_every_demo_indicator_page_says_its_source_and_filters_in_words(
    client, demo: Programme
) -> None:
    client.force_login(make_user("reader", is_superuser=True))
    indicators = Indicator.objects.filter(agreement__programme=demo).order_by("code")
    codes = {}
    pages = {}
    for shown in indicators:
        url = reverse("indicators:detail", kwargs={"indicator_id": shown.pk})
        response = client.get(url)
        assert response.status_code == 200, shown.code
        text = _read(response.content.decode())
        pages[shown.code] = text
        found = sorted({match.group() for match in INTERNAL.finditer(text)})
        if found:
            codes[shown.code] = found

    assert len(pages) >= 18
    assert codes == {}
    assert "Kilde: Arrangementer; type: Temaaften; status: Afholdt" in pages["H3"]
    assert "Kilde: Presseomtaler; tone: Positiv; i lokalpressen: ja" in pages["O4"]
    assert "Nævner: Presseomtaler; i lokalpressen: ja" in pages["O4"]
    assert "arrangør: Forening eller organisation udefra" in pages["K4"]
    # H4 counts the answers agreeing to the questions linked to it, over all of them.
    assert "Kilde: Svar på spørgeskemaer; spørgsmål knyttet til: H4; enig: ja" in pages["H4"]
    assert "Nævner: Svar på spørgeskemaer; spørgsmål knyttet til: H4" in pages["H4"]
    assert (
        "Kilde: Frivillige, aktive på periodens sidste dag; "
        "alder: 15-30 år i det talte år (efter fødselsåret)" in pages["F1"]
    )


def test_a_filter_value_nobody_knows_is_named_as_unknown(world: World) -> None:
    words = presentation.filter_words("events.event", {"status": "postponed", "colour": "red"})

    assert words == [
        ("status", "»postponed« (ukendt værdi)"),
        ("filteret »colour«", "findes ikke i systemet endnu"),
    ]


def test_a_source_nobody_plans_is_named_by_its_key(world: World) -> None:
    assert presentation.source_name("garden.harvest") == (
        "en kilde, der ikke findes i systemet endnu (»garden.harvest«)"
    )


def test_an_event_type_reads_as_the_name_people_gave_it(world: World) -> None:
    event_types_ensure()
    EventType.objects.filter(code="theme_evening").update(name="Temaaften for forældre")

    assert presentation.filter_words("events.event", {"type": "theme_evening"}) == [
        ("type", "Temaaften for forældre")
    ]


def test_the_proposals_page_states_comparators_and_confidence_in_words(
    client, world: World
) -> None:
    agreement = seed_agreement(world.programme)
    an_indicator(world)
    client.force_login(world.user("secretariat_head"))

    response = client.get(reverse("indicators:proposals", kwargs={"agreement_id": agreement.pk}))

    text = _read(response.content.decode())
    assert response.status_code == 200
    assert "Sikkerhed" in text
    assert not INTERNAL.search(text), INTERNAL.findall(text)
    assert not re.search(r"\b(?:high|medium|low)\b|[<>]=?\s*\d", text)


def test_the_indicator_form_names_every_key_and_filter_in_words(client, world: World) -> None:
    event_types_ensure()
    h3 = indicator(
        world,
        "A1.3",
        code="H3",
        kind="count",
        source="events.event",
        source_filter={"type": "theme_evening", "status": "held"},
    )
    client.force_login(world.user("secretariat_head"))

    page = client.get(reverse("indicators:edit", kwargs={"indicator_id": h3.pk}))

    text = page.content.decode()
    assert "»events.event« (Arrangementer)" in text
    assert "»panel.meeting« (Møder i beboerpanelet)" in text
    assert "»took_place« (fandt sted" in text
    assert "Nu: Arrangementer; type: Temaaften; status: Afholdt." in text
