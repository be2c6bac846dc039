"""Paper forms keyed in by staff: one small field per question, the batch kept and the next
sheet proposed, a sheet entered twice refused with the form kept, a double submission stored
once."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import World
from helhedsplan.surveys.models import Channel, Response, Wave
from helhedsplan.surveys.tests.helpers import a_questionnaire, a_wave

pytestmark = pytest.mark.django_db


def _open_wave(world: World) -> Wave:
    today = timezone.localdate()
    return a_wave(
        a_questionnaire(world.programme),
        world.vapnagaard,
        opens_on=today - datetime.timedelta(days=30),
        closes_on=today + datetime.timedelta(days=30),
    )


def _url(wave: Wave) -> str:
    return reverse("surveys:paper_entry", args=[wave.questionnaire.programme.slug, wave.pk])


def _sheet(wave: Wave, page, *, sheet: str, **answers: str) -> dict[str, str]:
    """The form as keyed: the page's fields, the sheet's number and the answers by position."""
    form = page.context["form"]
    data = {
        "batch": "B3",
        "sheet": sheet,
        "language": "da",
        "submission": str(form.initial["submission"]),
    }
    for question in wave.version.questions.all():
        data[f"q{question.pk}"] = answers.get(f"p{question.position}", "")
    return data


def test_staff_key_in_a_sheet_and_get_the_next_one_proposed(client, world: World) -> None:
    wave = _open_wave(world)
    client.force_login(world.user("staff"))

    first = client.get(_url(wave))
    assert first.status_code == 200
    # A new pile starts at the batch number.
    assert "autofocus" in str(first.context["form"]["batch"])
    data = _sheet(wave, first, sheet="12", p1="4", p2="2", p3="j", p4="Godt sted", p5="2")
    saved = client.post(_url(wave), data, follow=True)

    assert "Skema 12 i bunke B3 er gemt." in saved.content.decode()
    response = Response.objects.get()
    assert (response.channel, response.batch, response.sheet) == (Channel.PAPER, "B3", 12)
    assert [(a.question.position, a.value, a.text, a.agrees) for a in response.answers.all()] == [
        (1, 4, "", True),
        (2, 2, "", False),
        (3, 1, "", True),
        (4, None, "Godt sted", None),
        (5, 2, "", None),
    ]
    form = saved.context["form"]
    assert (form.initial["batch"], form.initial["sheet"]) == ("B3", 13)
    first_question = wave.version.questions.order_by("position").first()
    assert first_question is not None
    assert "autofocus" in str(form[f"q{first_question.pk}"])
    widget = str(form[f"q{first_question.pk}"])
    assert 'inputmode="numeric"' in widget and 'maxlength="1"' in widget


def test_empty_is_skipped_n_is_no_and_a_double_submission_counts_once(client, world: World) -> None:
    wave = _open_wave(world)
    client.force_login(world.user("staff"))
    data = _sheet(wave, client.get(_url(wave) + "?batch=B3"), sheet="1", p1="5", p3="n")

    client.post(_url(wave), data)
    again = client.post(_url(wave), data)

    assert again.status_code == 302
    response = Response.objects.get()
    assert [(a.question.position, a.value) for a in response.answers.all()] == [(1, 5), (3, 0)]


def test_a_sheet_entered_twice_is_refused_with_the_form_kept(client, world: World) -> None:
    wave = _open_wave(world)
    client.force_login(world.user("staff"))
    client.post(_url(wave), _sheet(wave, client.get(_url(wave)), sheet="7", p1="4"))

    page = client.get(_url(wave) + "?batch=B3")
    refused = client.post(_url(wave), _sheet(wave, page, sheet="7", p1="3", p2="5"))

    assert refused.status_code == 400
    assert "allerede registreret" in refused.content.decode()
    assert refused.context["form"]["sheet"].value() == "7"
    assert Response.objects.count() == 1


def test_a_key_that_is_no_answer_is_refused(client, world: World) -> None:
    wave = _open_wave(world)
    client.force_login(world.user("staff"))

    refused = client.post(_url(wave), _sheet(wave, client.get(_url(wave)), sheet="1", p1="7"))
    wrong_yes = client.post(_url(wave), _sheet(wave, client.get(_url(wave)), sheet="1", p3="x"))

    assert refused.status_code == wrong_yes.status_code == 400
    assert "Vælg et af svarene" in refused.content.decode()
    assert "1 for ja eller 0 for nej" in wrong_yes.content.decode()
    assert not Response.objects.exists()


def test_only_those_who_enter_answers_in_the_estate_key_in(client, world: World) -> None:
    wave = a_wave(a_questionnaire(world.programme), world.nojsomhed)
    # Staff work in Vapnagaard only; the board enters no answers.
    for name in ("staff", "board"):
        client.force_login(world.user(name))
        assert client.get(_url(wave)).status_code == 403
    client.force_login(world.user("secretariat_head"))
    assert client.get(_url(wave)).status_code == 200
