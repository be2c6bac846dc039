"""A programme's own tone model: trained on its labels only, kept as JSON, blended into the
suggestion only when that beat the rules out of sample, retrained on the task runner."""

from __future__ import annotations

import datetime
import json
import os
import subprocess
import sys

from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from conftest import World
from helhedsplan.core.lists.services import list_entry_ensure
from helhedsplan.media import learning, services, tasks
from helhedsplan.media.models import Outlet, PressMention, Tone, ToneModel, ToneSource
from helhedsplan.media.tests.factories import a_mention
from helhedsplan.media.tone import suggest_tone
from helhedsplan.programmes.models import Programme

# This programme counts a demolition starting as good news: the long-awaited renewal. The
# rules read the word as no good news, so they get these wrong, the same way every time.
DEMOLITION = "Nedrivningen af blok {n} i Vapnagaard går i gang i {month}"
MONTHS = ["januar", "februar", "marts", "april", "maj", "juni", "august", "september"]
POSITIVE = "Stor succes med {what} i Vapnagaard"
NEUTRAL = "Beboermøde om {what} i Nøjsomhed"
NEGATIVE = "Hærværk mod {what} i Nøjsomhed"
THINGS = [
    "legepladsen",
    "sommerfesten",
    "lektiecaféen",
    "fritidsjobbene",
    "affaldssorteringen",
    "vaskeriet",
    "beboerhuset",
    "fodboldbanen",
    "cykelværkstedet",
    "nattevandringen",
    "køkkenhaven",
    "biblioteket",
]
UNSEEN_DEMOLITION = "Nedrivningen af blok 31 i Vapnagaard går i gang i oktober"


def _labels() -> list[tuple[str, Tone]]:
    """58 labels, every tone many times, the programme's own reading of demolitions among
    them."""
    demolitions = [
        (DEMOLITION.format(n=n, month=MONTHS[n % len(MONTHS)]), Tone.POSITIVE) for n in range(1, 23)
    ]
    return [
        *demolitions,
        *[(POSITIVE.format(what=what), Tone.POSITIVE) for what in THINGS],
        *[(NEUTRAL.format(what=what), Tone.NEUTRAL) for what in THINGS],
        *[(NEGATIVE.format(what=what), Tone.NEGATIVE) for what in THINGS],
    ]


def _register(world: World, labels: list[tuple[str, Tone]], **overrides) -> None:
    for headline, tone in labels:
        a_mention(world, headline=headline, tone=tone, **overrides)


def _other_programme(world: World) -> dict[str, object]:
    programme = world.other_programme
    outlet = list_entry_ensure(model=Outlet, programme=programme, name="Fyens Stiftstidende")
    return {"programme": programme, "outlet": outlet, "estates": list(programme.estates.all())}


def _waiting_retrains() -> list[int]:
    waiting = DBTaskResult.objects.filter(
        status=TaskResultStatus.READY, task_path=tasks.retrain_tone_model.module_path
    )
    return sorted(row.args_kwargs["kwargs"]["programme_id"] for row in waiting)


def test_the_rules_read_the_programmes_demolitions_otherwise() -> None:
    # The premise of the blending tests: the rules alone get these labels wrong.
    assert suggest_tone(UNSEEN_DEMOLITION).tone != Tone.POSITIVE


def test_training_stores_a_model_with_its_cross_validated_figures(world: World) -> None:
    _register(world, _labels())

    model = services.tone_model_train(programme=world.programme)

    assert model is not None
    stored = ToneModel.objects.get(programme=world.programme)
    assert stored.labels == len(_labels())
    assert stored.trained_at is not None
    for share in (stored.model_accuracy, stored.rules_accuracy, stored.blend_accuracy):
        assert 0 <= share <= 1
    # The rules miss every demolition; the blend does better, so it is used.
    assert stored.rules_accuracy < stored.blend_accuracy
    assert stored.blends and 0 < stored.weight <= 1


def test_the_model_is_plain_json_and_no_pickle(world: World) -> None:
    _register(world, _labels())
    services.tone_model_train(programme=world.programme)

    parameters = ToneModel.objects.values_list("parameters", flat=True).get()

    def plain(value: object) -> bool:
        if isinstance(value, dict):
            return all(isinstance(key, str) and plain(item) for key, item in value.items())
        if isinstance(value, list):
            return all(plain(item) for item in value)
        return isinstance(value, str | int | float)

    assert plain(parameters)
    assert json.loads(json.dumps(parameters)) == parameters
    assert "pickle" not in json.dumps(parameters)


def test_below_the_threshold_the_rules_alone_decide(world: World) -> None:
    labels = _labels()[: learning.MIN_LABELS - 1]
    _register(world, labels)

    assert services.tone_model_train(programme=world.programme) is None

    assert not ToneModel.objects.exists()
    suggestion = services.tone_suggestion(
        headline=UNSEEN_DEMOLITION, excerpt="", programme=world.programme
    )
    assert suggestion == suggest_tone(UNSEEN_DEMOLITION)


def test_a_programme_that_lost_its_labels_loses_its_model(world: World) -> None:
    _register(world, _labels())
    services.tone_model_train(programme=world.programme)
    for mention in PressMention.objects.all()[: len(_labels()) - learning.MIN_LABELS + 1]:
        services.mention_delete(mention=mention)

    assert services.tone_model_train(programme=world.programme) is None
    assert not ToneModel.objects.exists()


def test_above_the_threshold_the_blend_follows_the_programmes_own_reading(world: World) -> None:
    _register(world, _labels())
    services.tone_model_train(programme=world.programme)
    rules = suggest_tone(UNSEEN_DEMOLITION)

    suggestion = services.tone_suggestion(
        headline=UNSEEN_DEMOLITION, excerpt="", programme=world.programme
    )

    assert suggestion.tone == Tone.POSITIVE
    # The rules' words stay, and one more says the programme's choices weighed in.
    assert suggestion.reasons[: len(rules.reasons)] == rules.reasons
    assert suggestion.reasons[-1] == "indsatsens egne tidligere valg af tone vejede med"
    # Registering the mention stores the blended suggestion, which the person confirms.
    mention = a_mention(world, headline=UNSEEN_DEMOLITION, tone=Tone.POSITIVE)
    assert (mention.suggested_tone, mention.tone_source) == (Tone.POSITIVE, ToneSource.CONFIRMED)
    # Without a programme (or in another programme) the rules alone decide.
    assert services.tone_suggestion(headline=UNSEEN_DEMOLITION, excerpt="") == rules
    assert (
        services.tone_suggestion(
            headline=UNSEEN_DEMOLITION, excerpt="", programme=world.other_programme
        )
        == rules
    )


def test_a_programmes_model_never_uses_another_programmes_labels(world: World) -> None:
    _register(world, _labels())
    other = _other_programme(world)
    theirs = [
        (POSITIVE.format(what=what).replace("Vapnagaard", "Korsløkken"), Tone.POSITIVE)
        for what in THINGS
    ] + [
        (text.replace("Nøjsomhed", "Korsløkken"), tone)
        for text, tone in _labels()
        if tone != Tone.POSITIVE
    ]
    _register(world, theirs * 2, **other)

    model = services.tone_model_train(programme=world.other_programme)

    assert model is not None and model.labels == len(theirs) * 2
    words = model.parameters["features"][0]["vocabulary"]
    assert "korsløkken" in words
    assert not {"nedrivningen", "vapnagaard", "nøjsomhed"} & set(words)
    # Training one programme leaves the other's model alone.
    services.tone_model_train(programme=world.programme)
    model.refresh_from_db()
    assert model.labels == len(theirs) * 2


def test_registering_and_changing_tones_enqueue_one_retraining_per_programme(
    world: World,
) -> None:
    other = _other_programme(world)
    first = a_mention(world, headline=POSITIVE.format(what="legepladsen"))
    a_mention(world, headline=NEGATIVE.format(what="legepladsen"), tone=Tone.NEGATIVE)
    a_mention(world, headline=POSITIVE.format(what="vaskeriet"), **other)
    services.mention_update(
        mention=first,
        published_on=first.published_on,
        outlet=first.outlet,
        headline=first.headline,
        excerpt="",
        url="",
        estates=list(first.estates.all()),
        tone=Tone.NEUTRAL,
    )

    assert _waiting_retrains() == sorted([world.programme.pk, world.other_programme.pk])

    # Once the waiting one has started, a new label asks for another: it may have been missed.
    DBTaskResult.objects.update(status=TaskResultStatus.RUNNING)
    a_mention(world, headline=POSITIVE.format(what="sommerfesten"))
    assert _waiting_retrains() == [world.programme.pk]


def test_an_unchanged_tone_enqueues_no_retraining(world: World) -> None:
    mention = a_mention(world)
    DBTaskResult.objects.update(status=TaskResultStatus.SUCCESSFUL)

    services.mention_update(
        mention=mention,
        published_on=mention.published_on + datetime.timedelta(days=1),
        outlet=mention.outlet,
        headline=mention.headline,
        excerpt=mention.excerpt,
        url="https://example.org/omtale",
        estates=list(mention.estates.all()),
        tone=Tone(mention.tone),
    )

    assert _waiting_retrains() == []


def test_the_task_and_the_command_retrain(world: World) -> None:
    _register(world, _labels())

    assert tasks.retrain_tone_model.call(programme_id=world.programme.pk) == len(_labels())
    assert tasks.retrain_tone_model.call(programme_id=world.other_programme.pk) == 0
    trained = ToneModel.objects.get().trained_at
    call_command("retrain_tone_models", world.programme.slug, verbosity=0)
    assert ToneModel.objects.get().trained_at > trained


def test_the_page_shows_administrators_the_models_figures(world: World, client: Client) -> None:
    _register(world, _labels())
    model = services.tone_model_train(programme=world.programme)
    assert model is not None
    url = reverse("media:tone_accuracy", kwargs={"slug": world.programme.slug})

    client.force_login(world.user("administrator"))
    page = client.get(url).content.decode()

    assert "Indsatsens egen tonemodel" in page
    assert f"på {len(_labels())} omtaler" in page
    for share in (model.rules_percent, model.model_percent, model.blend_percent):
        assert f"{round(share)}\N{NO-BREAK SPACE}%" in page
    assert "så forslaget blander dem nu" in page

    client.force_login(world.user("staff"))
    assert client.get(url).status_code in (403, 404)


def test_the_page_says_when_there_is_no_model_yet(world: World, client: Client) -> None:
    a_mention(world)
    client.force_login(world.user("administrator"))

    page = client.get(
        reverse("media:tone_accuracy", kwargs={"slug": world.programme.slug})
    ).content.decode()

    assert f"mindst {learning.MIN_LABELS} omtaler" in page


def test_the_demo_trains_a_model_that_is_used(demo: Programme) -> None:
    model = ToneModel.objects.get(programme=demo)

    assert model.labels == PressMention.objects.filter(programme=demo).count()
    assert model.blends and model.blend_accuracy > model.rules_accuracy


def test_a_web_process_loads_scikit_learn_only_when_a_model_is_used() -> None:
    # scikit-learn and SciPy add some 100 MB to every process that imports them: a web
    # worker loads them only when it trains or uses a tone model, not with the project.
    code = (
        "import sys, django; django.setup(); import helhedsplan.urls; "
        "print(sorted(m for m in ('scipy', 'sklearn') if m in sys.modules))"
    )
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "helhedsplan.settings"}
    loaded = subprocess.run(
        [sys.executable, "-c", code], env=environment, capture_output=True, text=True, check=True
    )
    assert loaded.stdout.strip() == "[]", loaded.stderr
