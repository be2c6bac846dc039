from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command

from conftest import World
from helhedsplan.media import services
from helhedsplan.media.models import ToneModel
from helhedsplan.media.tests.test_tone_model import UNSEEN_DEMOLITION, _labels, _register
from helhedsplan.media.tone import suggest_tone


def _tone(text: str) -> dict:
    out = io.StringIO()
    call_command("tone", text, "--json", stdout=out)
    return json.loads(out.getvalue())


@pytest.mark.django_db
def test_tone_prints_tone_score_and_reasons() -> None:
    result = _tone("Knivstik og hærværk i Vapnagaard")
    # Which model weighed in is an added key: none here, no model is trained.
    assert set(result) == {"tone", "score", "reasons", "model_weighed_in"}
    assert result["model_weighed_in"] is None
    assert result["tone"] == "negative"
    assert result["score"] < 0
    assert any("hærværk" in reason for reason in result["reasons"])


@pytest.mark.django_db
def test_a_neutral_announcement_is_neutral() -> None:
    assert _tone("Beboermøde i Nøjsomhed tirsdag kl. 19")["tone"] == "neutral"


def test_with_a_programme_it_answers_as_the_register_form_with_the_blending_model(
    world: World,
) -> None:
    _register(world, _labels())
    services.tone_model_train(programme=world.programme)
    form = services.tone_suggestion(
        headline=UNSEEN_DEMOLITION, excerpt="", programme=world.programme
    )

    out = io.StringIO()
    call_command("tone", UNSEEN_DEMOLITION, "--programme", world.programme.slug, stdout=out)
    result = json.loads(out.getvalue())

    assert result["model_weighed_in"] == "programme"
    assert result["programme"] == world.programme.slug
    assert {key: result[key] for key in ("tone", "score", "reasons")} == form.as_json()
    assert result["tone"] == "positive" != suggest_tone(UNSEEN_DEMOLITION).tone
    assert result["reasons"][-1] == "indsatsens egne tidligere valg af tone vejede med"


def test_with_a_programme_without_a_model_the_rules_alone_answer(world: World) -> None:
    out = io.StringIO()
    call_command("tone", UNSEEN_DEMOLITION, "--programme", world.programme.slug, stdout=out)
    result = json.loads(out.getvalue())

    assert result["model_weighed_in"] is None
    assert {key: result[key] for key in ("tone", "score", "reasons")} == (
        suggest_tone(UNSEEN_DEMOLITION).as_json()
    )


def test_without_a_programme_the_general_model_answers_when_it_blends(world: World) -> None:
    services.tone_model_train_general()
    general = ToneModel.objects.get(programme=None)
    form = services.tone_suggestion(headline=UNSEEN_DEMOLITION, excerpt="")

    result = _tone(UNSEEN_DEMOLITION)

    assert {key: result[key] for key in ("tone", "score", "reasons")} == form.as_json()
    assert "programme" not in result
    if general.blends:
        assert result["model_weighed_in"] == "general"
        assert result["reasons"][-1] == "erfaringer fra mærkede overskrifter vejede med"
    else:
        assert result["model_weighed_in"] is None
        assert result == suggest_tone(UNSEEN_DEMOLITION).as_json() | {"model_weighed_in": None}


@pytest.mark.django_db
def test_an_unknown_programme_is_a_clear_error() -> None:
    with pytest.raises(CommandError, match="No programme with slug: ingen-sådan"):
        call_command("tone", "Fuldt hus i beboerhuset", "--programme", "ingen-sådan")
