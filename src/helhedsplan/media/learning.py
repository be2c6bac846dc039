"""Tone models: a programme's own, learnt from the tones its people confirmed or chose, and
a general one, learnt from the labelled headlines the product ships.

Every mention registered is a label: the tone the person chose, whether or not it was the
suggested one. A programme writes about the same estates, projects and outlets again and
again, and its people read some words their own way ("nedrivning" is neutral news in one
programme and bad news in another), which the general rules in ``tone`` cannot know. So
each programme gets a small linear model (logistic regression on word and character n-grams,
scikit-learn) trained on its own labels, and no other programme's.

The general model
    A programme has no labels of its own at first, and the ``tone`` command and the API may
    ask without a programme. For them the same kind of model is trained on
    ``tone_labels.csv`` (:func:`labelled_headlines`): several hundred local-press headlines,
    written and labelled by hand apart from the code, of the kinds the rules find hard (a
    topic that is no verdict, negation, contrast, a change in a thing, news without news
    words). It is cross-validated and blends by the same rule as a programme's model.

Why scikit-learn (``scikit-learn==1.9.1``)
    Its TF-IDF vectorisers and logistic regression are the standard, well-tested pieces for
    a small text classifier, train in well under a second on a few thousand headlines, and
    run offline. Only the fitted numbers are kept: the vocabularies, the IDF weights and the
    coefficients, as JSON in ``ToneModel.parameters``. Nothing is pickled, so nothing read
    from the database is ever run as code; the predictor is rebuilt from those numbers.

When the model has a say
    The model is cross-validated on the programme's labels (stratified folds that keep a
    repeated headline in one fold, so a text is never tested on itself), and so are the
    rules, on the same labels, and so is their blend: ``weight`` times the model's class
    probabilities plus ``1 - weight`` times the rules' own. The weight is one of
    ``WEIGHTS``, and choosing it is part of what is tested: inside each fold, an inner
    cross-validation of the training part alone picks it, and the fold's test part scores
    the blend with that weight (nested cross-validation). Picking the best weight on the very
    folds it is scored on would flatter the blend: with eleven tries one does better than
    the rules by chance, even when the model knows nothing. The weight stored with the model
    is picked the same way on all the labels. Only with at least ``MIN_LABELS`` labels,
    every tone among them several times, and a blend that beats the rules out of sample does
    the suggestion blend the two. Otherwise the rules alone decide.
"""

from __future__ import annotations

import csv
import datetime
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from scipy.sparse import hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedGroupKFold
from threadpoolctl import threadpool_limits

from helhedsplan.media.models import ToneModel
from helhedsplan.media.tone import NEUTRAL_BAND, Tone, ToneSuggestion, suggest_tone

# The model blends in only with this many labels, every tone among them.
MIN_LABELS = ToneModel.MIN_LABELS
# A tone needs this many different texts for the folds to hold it in every fold's test set.
MIN_TEXTS_PER_TONE = 3
# Training is bounded: the newest labels only, and capped n-gram vocabularies.
MAX_LABELS = 5000
MAX_WORD_FEATURES = 5000
MAX_CHAR_FEATURES = 15000
FOLDS = 5
# The inner folds that pick the blend weight inside each outer fold's training part. A
# training is FOLDS × (INNER_FOLDS + 1) fits and one on all the labels, 21 small fits: about
# two seconds on the demo's 224 labels.
INNER_FOLDS = 3
# The blend weights tried on the held-out folds: the model's share, from 0 (rules alone) to 1.
WEIGHTS = tuple(step / 10 for step in range(11))
# Bumped when the stored parameters change shape, so an older row is retrained, not misread.
FORMAT = 1

TONES = list(Tone)

# The labelled headlines the general model learns from; they ship with the product.
LABELLED_HEADLINES = Path(__file__).with_name("tone_labels.csv")

_WORDS = {"analyzer": "word", "ngram_range": (1, 2), "lowercase": True, "sublinear_tf": True}
_CHARS = {"analyzer": "char_wb", "ngram_range": (2, 5), "lowercase": True, "sublinear_tf": True}


@dataclass(frozen=True)
class Evaluation:
    """Cross-validated figures of the model, the rules and their blend on the same labels."""

    labels: int
    model_accuracy: float
    rules_accuracy: float
    blend_accuracy: float
    weight: float

    @property
    def blends(self) -> bool:
        # The blend is what the suggestion would use, so it is the blend that must beat the
        # rules: a model weaker than the rules alone can still correct their unsure cases.
        return self.blend_accuracy > self.rules_accuracy


@dataclass(frozen=True)
class LabelledHeadline:
    """A headline with its optional excerpt, the tone a careful reader gives it, and the kind
    of reading it needs (topic, negation, contrast, change, implicit, plain)."""

    headline: str
    excerpt: str
    tone: Tone
    kind: str


def labelled_headlines(path: Path | None = None) -> list[LabelledHeadline]:
    """The labelled headlines of ``path`` (columns ``text,excerpt,tone,kind``), by default
    those the general model learns from."""
    with (path or LABELLED_HEADLINES).open(encoding="utf-8", newline="") as handle:
        return [
            LabelledHeadline(
                headline=row["text"],
                excerpt=row["excerpt"],
                tone=Tone(row["tone"]),
                kind=row["kind"],
            )
            for row in csv.DictReader(handle)
        ]


def trainable(tones: Sequence[str], texts: Sequence[str]) -> bool:
    """Whether the labels are enough to train and cross-validate a model."""
    distinct = _distinct_texts(tones, texts)
    return len(tones) >= MIN_LABELS and all(
        distinct[tone] >= MIN_TEXTS_PER_TONE for tone in Tone.values
    )


def _distinct_texts(tones: Sequence[str], texts: Sequence[str]) -> Counter[str]:
    """Per tone, how many different texts have it; the folds keep copies of a text together
    (case aside), so these are what they can spread."""
    pairs = {(tone, text.casefold()) for tone, text in zip(tones, texts, strict=True)}
    return Counter(tone for tone, _text in pairs)


class Predictor:
    """A fitted model, from its stored JSON parameters: class probabilities in ``TONES``
    order."""

    def __init__(self, parameters: dict[str, Any]) -> None:
        self._vectorisers = [
            _vectoriser(settings, vocabulary=part["vocabulary"], idf=part["idf"])
            for settings, part in zip((_WORDS, _CHARS), parameters["features"], strict=True)
        ]
        self._coef = np.array(parameters["coef"], dtype=float)
        self._intercept = np.array(parameters["intercept"], dtype=float)
        self._order = [parameters["classes"].index(tone) for tone in Tone.values]

    def probabilities(self, texts: Sequence[str]) -> np.ndarray:
        features = hstack([vectoriser.transform(texts) for vectoriser in self._vectorisers])
        logits = features @ self._coef.T + self._intercept
        logits -= logits.max(axis=1, keepdims=True)
        exp = np.exp(logits)
        return (exp / exp.sum(axis=1, keepdims=True))[:, self._order]


def _vectoriser(
    settings: dict[str, Any], *, vocabulary: dict[str, int] | None = None, idf: Any = None
) -> TfidfVectorizer:
    if vocabulary is None:
        limit = MAX_WORD_FEATURES if settings is _WORDS else MAX_CHAR_FEATURES
        return TfidfVectorizer(**settings, max_features=limit)
    vectoriser = TfidfVectorizer(**settings, vocabulary=vocabulary)
    vectoriser.idf_ = np.array(idf, dtype=float)
    return vectoriser


def fit(texts: Sequence[str], tones: Sequence[str]) -> dict[str, Any]:
    """Train on ``texts`` labelled ``tones``; the fitted numbers as JSON-ready parameters."""
    vectorisers = [_vectoriser(_WORDS), _vectoriser(_CHARS)]
    features = hstack([vectoriser.fit_transform(texts) for vectoriser in vectorisers]).tocsr()
    classifier = LogisticRegression(C=3.0, max_iter=1000, class_weight="balanced")
    # One thread: the solver's BLAS threads only fight each other (and the web processes)
    # on a problem this small, which made training ten times slower on a busy machine.
    with threadpool_limits(limits=1):
        classifier.fit(features, list(tones))
    return {
        "format": FORMAT,
        "classes": [str(tone) for tone in classifier.classes_],
        "features": [
            {
                "vocabulary": {term: int(index) for term, index in v.vocabulary_.items()},
                "idf": [round(float(value), 6) for value in v.idf_],
            }
            for v in vectorisers
        ],
        "coef": [[round(float(value), 6) for value in row] for row in classifier.coef_],
        "intercept": [round(float(value), 6) for value in classifier.intercept_],
    }


def rules_probabilities(suggestion: ToneSuggestion) -> np.ndarray:
    """The rules' suggestion as probabilities in ``TONES`` order: the more clearly the score
    clears (or stays inside) the neutral band, the surer; the rules' tone always leads."""
    margin = abs(abs(suggestion.score) - NEUTRAL_BAND)
    logits = np.zeros(len(TONES))
    logits[TONES.index(suggestion.tone)] = 0.5 + margin
    exp = np.exp(logits)
    return exp / exp.sum()


def blend(rules: np.ndarray, model: np.ndarray, weight: float) -> Tone:
    mixed = weight * model + (1 - weight) * rules
    return TONES[int(np.argmax(mixed))]


def _out_of_fold(
    texts: Sequence[str], tones: Sequence[str], folds: int
) -> tuple[np.ndarray, list[tuple[np.ndarray, np.ndarray]]] | None:
    """The model's class probabilities for every text, each from a model trained on the
    folds that do not hold it, and the folds; ``None`` when some tone has too few different
    texts for two folds. Every copy of a text stays in one fold, so a repeated headline is
    never tested on itself."""
    distinct = _distinct_texts(tones, texts)
    n_splits = min(folds, *(distinct[tone] for tone in Tone.values))
    if n_splits < 2:
        return None
    labels = np.array(tones)
    splitter = StratifiedGroupKFold(n_splits=n_splits, shuffle=True, random_state=0)
    splits = list(splitter.split(texts, labels, [text.casefold() for text in texts]))
    model = np.zeros((len(texts), len(TONES)))
    for train, test in splits:
        predictor = Predictor(fit([texts[i] for i in train], labels[train].tolist()))
        model[test] = predictor.probabilities([texts[i] for i in test])
    return model, splits


def _best_weight(model: np.ndarray, rules: np.ndarray, truth: np.ndarray) -> float:
    """The weight of ``WEIGHTS`` whose blend of out-of-fold probabilities is right most
    often; ties go to the smaller weight, so the rules are kept unless the model adds."""
    scored = [(_accuracy(w * model + (1 - w) * rules, truth), -w) for w in WEIGHTS]
    return -max(scored)[1]


def _accuracy(probabilities: np.ndarray, truth: np.ndarray) -> float:
    return float((probabilities.argmax(axis=1) == truth).mean())


def evaluate(texts: Sequence[str], tones: Sequence[str]) -> Evaluation:
    """Cross-validate the model, the rules and their blend on the same labels, the blend's
    weight chosen inside each fold from its training part alone (nested); and the weight
    for the model trained on all the labels, chosen on all their out-of-fold figures."""
    found = _out_of_fold(texts, tones, FOLDS)
    if found is None:
        raise ValueError("too few different texts of some tone to cross-validate")
    model, splits = found
    rules = np.array([rules_probabilities(suggest_tone(text)) for text in texts])
    truth = np.array([TONES.index(Tone(tone)) for tone in tones])
    blended = np.zeros_like(model)
    for train, test in splits:
        inner = _out_of_fold([texts[i] for i in train], [tones[i] for i in train], INNER_FOLDS)
        # A training part too small to split again gives the model no say in its fold.
        weight = _best_weight(inner[0], rules[train], truth[train]) if inner else 0.0
        blended[test] = weight * model[test] + (1 - weight) * rules[test]
    return Evaluation(
        labels=len(texts),
        model_accuracy=_accuracy(model, truth),
        rules_accuracy=_accuracy(rules, truth),
        blend_accuracy=_accuracy(blended, truth),
        weight=_best_weight(model, rules, truth),
    )


_cache: dict[int, tuple[datetime.datetime, Predictor]] = {}


def predictor(*, key: int, version: datetime.datetime, load: Any) -> Predictor:
    """The predictor of model row ``key`` as trained at ``version``, rebuilt from its
    parameters (``load()``) once per process and kept until the row is retrained."""
    cached = _cache.get(key)
    if cached is None or cached[0] != version:
        cached = (version, Predictor(load()))
        _cache[key] = cached
    return cached[1]
