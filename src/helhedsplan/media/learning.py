"""A programme's own tone model, learnt from the tones its people confirmed or chose.

Every mention registered is a label: the tone the person chose, whether or not it was the
suggested one. A programme writes about the same estates, projects and outlets again and
again, and its people read some words their own way ("nedrivning" is neutral news in one
programme and bad news in another), which the general rules in ``tone`` cannot know. So
each programme gets a small linear model (logistic regression on word and character n-grams,
scikit-learn) trained on its own labels, and no other programme's.

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
    probabilities plus ``1 - weight`` times the rules' own, for each weight in ``WEIGHTS``,
    the best kept. Only with at least ``MIN_LABELS`` labels, every tone among them several
    times, and a blend that beats the rules out of sample does the suggestion blend the two.
    Otherwise the rules alone decide.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
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
# The blend weights tried on the held-out folds: the model's share, from 0 (rules alone) to 1.
WEIGHTS = tuple(step / 10 for step in range(11))
# Bumped when the stored parameters change shape, so an older row is retrained, not misread.
FORMAT = 1

TONES = list(Tone)

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


def evaluate(texts: Sequence[str], tones: Sequence[str]) -> Evaluation:
    """Cross-validate the model, the rules and their blend on the same labels. The folds
    keep every copy of a text together, so a repeated headline is never tested on itself."""
    labels = np.array(tones)
    groups = [text.casefold() for text in texts]
    folds = StratifiedGroupKFold(
        n_splits=min(FOLDS, *_distinct_texts(tones, texts).values()), shuffle=True, random_state=0
    )
    model = np.zeros((len(texts), len(TONES)))
    for train, test in folds.split(texts, labels, groups):
        predictor = Predictor(fit([texts[i] for i in train], labels[train].tolist()))
        model[test] = predictor.probabilities([texts[i] for i in test])
    rules = np.array([rules_probabilities(suggest_tone(text)) for text in texts])
    truth = np.array([TONES.index(Tone(tone)) for tone in tones])

    def accuracy(probabilities: np.ndarray) -> float:
        return float((probabilities.argmax(axis=1) == truth).mean())

    # Ties go to the smaller weight: the rules are kept unless the model adds something.
    scored = [(accuracy(w * model + (1 - w) * rules), -w) for w in WEIGHTS]
    best, negative_weight = max(scored)
    return Evaluation(
        labels=len(texts),
        model_accuracy=accuracy(model),
        rules_accuracy=accuracy(rules),
        blend_accuracy=best,
        weight=-negative_weight,
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
