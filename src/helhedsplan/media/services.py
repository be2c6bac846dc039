"""State changes of press mentions. The outlets are kept through ``core.lists.services``.

Every function validates before it writes and raises ``ValidationError`` keyed by model field,
so a form can show each message next to the field it concerns.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Literal

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from helhedsplan.events.models import Event
from helhedsplan.media.models import Outlet, PressMention, Tone, ToneModel, ToneSource
from helhedsplan.media.tone import ToneSuggestion, suggest_tone
from helhedsplan.programmes.models import Estate, Programme


def mention_text(*, headline: str, excerpt: str) -> str:
    """The text a mention's tone is suggested from. The line break keeps the headline its own
    sentence, so its words are not read as one clause with the excerpt's first words."""
    return f"{headline.strip()}\n{excerpt.strip()}".strip()


def tone_suggestion(
    *, headline: str, excerpt: str, programme: Programme | None = None
) -> ToneSuggestion:
    """The tone the system suggests for a mention, as the register form shows it before
    saving and as the services store it: the rules' (``tone``), blended with a tone model
    (``learning``) that did better than the rules out of sample: ``programme``'s own when it
    does, else the general one trained on the labelled headlines the product ships. Without
    either, the rules alone."""
    return tone_suggestion_weighed(headline=headline, excerpt=excerpt, programme=programme)[0]


# Which tone model weighed in on a suggestion: the programme's own or the general one.
WeighedIn = Literal["programme", "general"]


def tone_suggestion_weighed(
    *, headline: str, excerpt: str, programme: Programme | None = None
) -> tuple[ToneSuggestion, WeighedIn | None]:
    """:func:`tone_suggestion`, and which tone model weighed in (``None``: the rules alone)."""
    text = mention_text(headline=headline, excerpt=excerpt)
    rules = suggest_tone(text)
    # One query for both: the programme's own model sorts before the general one (NULL last).
    candidates = ToneModel.objects.filter(blends=True).filter(
        Q(programme__isnull=True) | Q(programme=programme)
        if programme is not None
        else Q(programme__isnull=True)
    )
    found = (
        candidates.order_by(F("programme").asc(nulls_last=True))
        .values_list("pk", "trained_at", "weight", "programme")
        .first()
    )
    if found is None:
        return rules, None
    from helhedsplan.media import learning  # imported when used: see tone_model_train

    pk, trained_at, weight, owner = found
    model = learning.predictor(
        key=pk,
        version=trained_at,
        load=lambda: ToneModel.objects.values_list("parameters", flat=True).get(pk=pk),
    )
    tone = learning.blend(
        learning.rules_probabilities(rules), model.probabilities([text])[0], weight
    )
    reason = (
        _("indsatsens egne tidligere valg af tone vejede med")
        if owner is not None
        else _("erfaringer fra mærkede overskrifter vejede med")
    )
    blended = ToneSuggestion(tone=tone, score=rules.score, reasons=[*rules.reasons, reason])
    return blended, "programme" if owner is not None else "general"


def tone_model_train(*, programme: Programme) -> ToneModel | None:
    """Train ``programme``'s tone model on its newest labelled mentions (at most
    ``learning.MAX_LABELS``), its own and no other programme's, and store it with its
    cross-validated figures. With too few labels for that, no model: the rules alone.

    Training takes seconds, so it runs outside a transaction (on SQLite an open write
    transaction would hold every other writer back); the row is written in one statement."""
    # Imported where a model is trained or used: scikit-learn, SciPy and NumPy add some
    # 100 MB to a process, which a web worker of a programme without a model need not carry.
    from helhedsplan.media import learning

    labelled = (
        PressMention.objects.filter(programme=programme)
        .order_by("-created_at", "-pk")
        .values_list("headline", "excerpt", "tone")[: learning.MAX_LABELS]
    )
    texts = [mention_text(headline=headline, excerpt=excerpt) for headline, excerpt, _t in labelled]
    tones = [tone for _h, _e, tone in labelled]
    return _train(programme=programme, texts=texts, tones=tones)


def tone_model_train_general() -> ToneModel | None:
    """Train the general tone model, the one without a programme, on the labelled headlines
    the product ships (``learning.labelled_headlines``), and store it with its
    cross-validated figures; it blends by the same rule as a programme's. The same labels
    give the same model: the folds and the solver are deterministic. Like
    :func:`tone_model_train`, outside a transaction (some seconds: see ``learning``)."""
    from helhedsplan.media import learning  # imported when used: see tone_model_train

    labelled = learning.labelled_headlines()
    texts = [mention_text(headline=row.headline, excerpt=row.excerpt) for row in labelled]
    return _train(programme=None, texts=texts, tones=[str(row.tone) for row in labelled])


def _train(*, programme: Programme | None, texts: list[str], tones: list[str]) -> ToneModel | None:
    """Cross-validate and fit a model on the labels and keep it as ``programme``'s row (the
    general one without); with too few labels, remove the row: the rules alone decide."""
    from helhedsplan.media import learning

    if not learning.trainable(tones, texts):
        ToneModel.objects.filter(programme=programme).delete()
        return None
    evaluation = learning.evaluate(texts, tones)
    model, _created = ToneModel.objects.update_or_create(
        programme=programme,
        defaults={
            "trained_at": timezone.now(),
            "labels": evaluation.labels,
            "model_accuracy": evaluation.model_accuracy,
            "rules_accuracy": evaluation.rules_accuracy,
            "blend_accuracy": evaluation.blend_accuracy,
            "weight": evaluation.weight,
            "blends": evaluation.blends,
            "parameters": learning.fit(texts, tones),
        },
    )
    return model


def _request_retraining(programme: Programme) -> None:
    """Enqueue a retraining of ``programme``'s tone model unless one is already waiting, so
    a burst of registrations trains once. One that is running may have missed this label,
    so only waiting ones count. The programme's row is locked first, so two registrations
    at once cannot both find none waiting."""
    # Imported here: the task module imports this one to call its services.
    from helhedsplan.media import tasks

    Programme.objects.select_for_update().filter(pk=programme.pk).exists()
    waiting = DBTaskResult.objects.filter(
        status=TaskResultStatus.READY,
        task_path=tasks.retrain_tone_model.module_path,
        args_kwargs__kwargs__programme_id=programme.pk,
    )
    if not waiting.exists():
        tasks.retrain_tone_model.enqueue(programme_id=programme.pk)


def _apply_suggestion(mention: PressMention, suggestion: ToneSuggestion) -> None:
    mention.suggested_tone = suggestion.tone
    mention.suggestion_score = suggestion.score
    mention.suggestion_reasons = list(suggestion.reasons)


def _record_choice(mention: PressMention, tone: Tone) -> None:
    mention.tone = tone
    mention.tone_source = (
        ToneSource.CONFIRMED if tone == mention.suggested_tone else ToneSource.OVERRIDDEN
    )


def _check_mention(
    *,
    mention: PressMention,
    previous: PressMention | None,
    estates: list[Estate],
    events: list[Event],
) -> None:
    errors: dict[str, list[ValidationError]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(ValidationError(message))

    programme_id = mention.programme_id
    if not estates:
        add("estates", _("Vælg mindst ét boligområde."))
    elif any(estate.programme_id != programme_id for estate in estates):
        add("estates", _("Boligområderne skal høre til omtalens indsats."))
    if any(event.programme_id != programme_id for event in events):
        add("events", _("Arrangementerne skal høre til omtalens indsats."))
    if mention.outlet_id is not None:
        if mention.outlet.programme_id != programme_id:
            add("outlet", _("Mediet skal høre til omtalens indsats."))
        elif not mention.outlet.active and (
            previous is None or previous.outlet_id != mention.outlet_id
        ):
            add("outlet", _("Mediet er ikke længere i brug."))
    try:
        mention.full_clean(validate_constraints=False)
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def mention_register(
    *,
    programme: Programme,
    published_on: datetime.date,
    outlet: Outlet,
    headline: str,
    estates: Iterable[Estate],
    tone: Tone,
    registered_by: User | None,
    excerpt: str = "",
    url: str = "",
    events: Iterable[Event] = (),
) -> PressMention:
    """Register a mention with the tone the person chose, next to the tone the system
    suggests from its words, and whether the two agree."""
    estates, events = list(estates), list(events)
    mention = PressMention(
        programme=programme,
        published_on=published_on,
        outlet=outlet,
        headline=headline.strip(),
        excerpt=excerpt.strip(),
        url=url.strip(),
        registered_by=registered_by,
    )
    _apply_suggestion(
        mention, tone_suggestion(headline=headline, excerpt=excerpt, programme=programme)
    )
    _record_choice(mention, tone)
    _check_mention(mention=mention, previous=None, estates=estates, events=events)
    mention.save()
    mention.estates.set(estates)
    mention.events.set(events)
    _request_retraining(programme)
    return mention


@transaction.atomic
def mention_update(
    *,
    mention: PressMention,
    published_on: datetime.date,
    outlet: Outlet,
    headline: str,
    excerpt: str,
    url: str,
    estates: Iterable[Estate],
    tone: Tone,
) -> PressMention:
    """Replace a mention's details. A changed headline or excerpt gets a new suggestion, and
    the chosen tone is compared with that. Linked events are changed by their own functions."""
    estates = list(estates)
    previous = PressMention.objects.select_related("outlet").get(pk=mention.pk)
    mention.published_on = published_on
    mention.outlet = outlet
    mention.headline = headline.strip()
    mention.excerpt = excerpt.strip()
    mention.url = url.strip()
    relabelled = (mention.headline, mention.excerpt, tone) != (
        previous.headline,
        previous.excerpt,
        previous.tone,
    )
    if (mention.headline, mention.excerpt) != (previous.headline, previous.excerpt):
        _apply_suggestion(
            mention,
            tone_suggestion(headline=headline, excerpt=excerpt, programme=mention.programme),
        )
    _record_choice(mention, tone)
    _check_mention(
        mention=mention, previous=previous, estates=estates, events=list(mention.events.all())
    )
    mention.save()
    mention.estates.set(estates)
    if relabelled:
        _request_retraining(mention.programme)
    return mention


@transaction.atomic
def mention_delete(*, mention: PressMention) -> None:
    """Delete a mention registered by mistake; the audit trail keeps what it was. Its label
    goes too, so the programme's tone model is retrained."""
    mention.delete()
    _request_retraining(mention.programme)


@transaction.atomic
def mention_link_event(*, mention: PressMention, event: Event) -> PressMention:
    """Record that the mention covers the event. Linking it again changes nothing."""
    if event.programme_id != mention.programme_id:
        raise ValidationError(
            {"events": _("Arrangementet skal høre til samme indsats som omtalen.")}
        )
    mention.events.add(event)
    return mention


@transaction.atomic
def mention_unlink_event(*, mention: PressMention, event: Event) -> PressMention:
    mention.events.remove(event)
    return mention
