"""The surveys in the API: questionnaires, waves with their answers so far, and the results
with small counts hidden as on the page; read-only, no free text."""

from __future__ import annotations

import datetime

import pytest
from django.core.cache import cache
from django.test import Client

from conftest import World
from helhedsplan.api.tests.helpers import a_token, bearer
from helhedsplan.surveys import services
from helhedsplan.surveys.tests.helpers import a_questionnaire, a_response, a_wave

pytestmark = pytest.mark.django_db
Q1 = (datetime.date(2021, 1, 1), datetime.date(2021, 3, 31))


@pytest.fixture(autouse=True)
def _fresh_throttle() -> None:
    cache.clear()


def test_the_results_are_read_with_small_counts_hidden(client: Client, world: World) -> None:
    questionnaire = a_questionnaire(world.programme)
    vapnagaard = a_wave(questionnaire, world.vapnagaard, opens_on=Q1[0], closes_on=Q1[1])
    nojsomhed = a_wave(questionnaire, world.nojsomhed, opens_on=Q1[0], closes_on=Q1[1])
    # Vapnagaard: 5 answers, 3 agree; Nøjsomhed: 2 answers (hidden), and a free text.
    for value in (4, 5, 4, 2, 1):
        a_response(vapnagaard, value, on=Q1[0])
    free_text = nojsomhed.version.questions.get(position=4)
    for value in (5, 5):
        a_response(nojsomhed, value, on=Q1[0])
    services.response_submit(
        wave=nojsomhed,
        channel="web",
        language="da",
        answers={free_text.pk: "Hemmelig bemærkning"},
        today=Q1[0],
    )
    headers = bearer(a_token(world.user("board")))
    base = f"/api/v1/programmes/{world.programme.slug}/surveys"

    listed = client.get(base, headers=headers).json()
    waves = client.get(f"{base}/{questionnaire.pk}/waves", headers=headers).json()
    response = client.get(f"{base}/{questionnaire.pk}/results?year=2021", headers=headers)

    assert [q["slug"] for q in listed["items"]] == ["hverdagsraadgivning"]
    assert {(w["estate"], w["answers"]) for w in waves["items"]} == {
        (world.vapnagaard.pk, 5),
        (world.nojsomhed.pk, 3),
    }
    body = response.json()
    assert (body["year"], body["suppression_limit"]) == (2021, 5)
    first = "Jeg fik den hjælp, jeg havde brug for."
    rows = {(r["question"], r["estate"], r["quarter"]): r for r in body["rows"]}
    # All estates: 7 answers, 5 agree (4 5 4 and 5 5).
    shown = rows[(first, None, 1)]
    assert (shown["answers"], shown["share"], shown["suppressed"]) == (7, 71.4, False)
    hidden = rows[(first, world.nojsomhed.pk, 1)]
    assert (hidden["answers"], hidden["share"], hidden["suppressed"]) == (None, None, True)
    # All estates (7) less Vapnagaard (5) would give Nøjsomhed's 2 back: Vapnagaard is hidden.
    assert rows[(first, world.vapnagaard.pk, 1)]["suppressed"] is True
    assert "Hemmelig" not in response.content.decode()


def test_the_surveys_are_read_only_and_need_the_programme(client: Client, world: World) -> None:
    questionnaire = a_questionnaire(world.programme)
    base = f"/api/v1/programmes/{world.programme.slug}/surveys"
    outsider = bearer(a_token(world.user("outsider"), world.other_programme))

    assert client.get(base, headers=outsider).status_code in (403, 404)
    writer = bearer(a_token(world.user("secretariat_head")))
    assert client.post(base, headers=writer).status_code == 405
    assert (
        client.get(f"{base}/{questionnaire.pk}/results?estate=999999", headers=writer).status_code
        == 404
    )
