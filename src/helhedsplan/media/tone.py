"""Suggest the tone of a Danish local-press mention of the estates, fully offline.

A mention (headline plus optional excerpt) gets a suggested tone -- positive, neutral or
negative -- with a score and the words that decided it. A person confirms or overrides the
suggestion; it only saves typing and makes the programme's "at least 60 % positive mentions"
indicator cheap to keep up to date.

Why the ``afinn`` package (``afinn==0.1``)
    It is the lightest option that ships a Danish sentiment lexicon inside a PyPI package: a
    pure-Python distribution of about 50 kB with no dependencies, holding ``AFINN-da-32.txt``,
    about 3,500 Danish words and phrases scored -5..+5 by Finn Årup Nielsen (DTU), a widely
    used Danish word list (ODbL). ``sentida`` ships a similar lexicon but pulls in pandas,
    numpy and nltk; ``sentm`` pulls in spaCy, pandas and ipykernel; ``hisia`` needs
    scikit-learn; ``danlp`` and DaCy download models at run time, which cannot work here.
    AFINN itself has no negation handling and knows little about housing-estate news, so this
    module adds those rules on top of the word list. The words the rules act on are
    vocabulary, kept as data in ``tone_words.toml`` beside this module: the domain supplement,
    the negators, scalers, direction and contrast words, and the inflectional endings. Of
    ``afinn`` only the data file is read: the package's 2016 Python code is never imported (it
    has an invalid escape sequence that warns on import and will stop compiling in a future
    Python).

How a text is scored
    The text is cut into sentences and clauses (punctuation and "men"). A capitalised word
    inside a clause is a name ("Fredensborg Amtsavis", a person called Brand) and is skipped.
    Every other word is lower-cased and looked up in the merged lexicon: first as written,
    then with a common Danish inflectional ending removed ("utrygheden" -> "utryghed",
    "trygge" -> "tryg"), then as a compound, because Danish glues words together. The head
    (last part) of a compound decides, so "bandekonflikt" scores as "konflikt"; a known first
    part alone counts half ("tryghedsvandring" -> "tryghed"), since it often only names the
    subject. Within a clause:

    * a negator ("ikke", "ingen", "aldrig", "uden" ...) flips and damps the sentiment words in
      the next three words ("ingen uro" is good news, "ikke tryg" bad news), and the word
      right before it, since Danish puts "ikke" after the finite verb ("klager ikke");
    * an intensifier or dampener ("meget", "stor", "lidt", "trods", "efter" ...) scales the
      next sentiment word;
    * a direction word ("falder", "færre", "ude af", "forebygge" / "stiger", "flere") flips or
      strengthens the nearest sentiment word on either side, so "kriminaliteten er faldet"
      and "færre indbrud" are good news and "utrygheden stiger" is bad news; a negated
      direction flips it back ("trygheden er ikke steget");
    * in a sentence with "men", what comes before it counts half and what follows counts
      one and a half times, as the reader weighs the second half.

    The contributions are summed; a score within ``NEUTRAL_BAND`` of zero is neutral, so one
    mild word cannot tip an announcement.
"""

from __future__ import annotations

import enum
import re
import tomllib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib.util import find_spec
from pathlib import Path
from typing import NamedTuple

from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["NEUTRAL_BAND", "Tone", "ToneSuggestion", "suggest_tone"]

# A score whose absolute value is at most this is neutral: a single mild AFINN word (+-1)
# or a half-weighted compound part must not decide the tone of an announcement on its own.
NEUTRAL_BAND = 1.0

# Multipliers of the general rules, on AFINN's -5..+5 scale.
_NEGATION = -0.75  # flipped but damped: "ikke tryg" is milder than "utryg"
_DECREASE = -0.75  # "færre indbrud" is good news, but less than "tryghed" is
_INCREASE = 1.25
_BEFORE_CONTRAST = 0.5
_AFTER_CONTRAST = 1.5
_COMPOUND_MODIFIER = 0.5

# How far a negator reaches forward, a scaler forward, and a direction word either way.
_NEGATION_SCOPE = 3
_SCALER_SCOPE = 2
_SHIFT_SCOPE = 5

# A compound part must be this long to be matched, so short lexicon words ("ond", "ros",
# "top") are not found by accident inside unrelated longer words and place names.
_MIN_COMPOUND = 7
_MIN_HEAD = 4
_MIN_MODIFIER = 4
# An ending is removed only if the stem keeps at least this many letters.
_MIN_STEM = 3

# The words the rules work with: a file beside this module, with comments on each list.
_VOCABULARY_FILE = "tone_words.toml"


class Tone(models.TextChoices):
    """The tone of a press mention: what the suggester answers and what people choose. It is
    defined here rather than in ``models`` so that the suggester needs no app registry."""

    POSITIVE = "positive", _("Positiv")
    NEUTRAL = "neutral", _("Neutral")
    NEGATIVE = "negative", _("Negativ")


@dataclass(frozen=True, slots=True)
class ToneSuggestion:
    tone: Tone
    score: float
    reasons: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, object]:
        return {"tone": self.tone.value, "score": self.score, "reasons": list(self.reasons)}


class _Kind(enum.Enum):
    WORD = "word"  # carries a sentiment value
    NEGATOR = "negator"
    SCALER = "scaler"  # scales the next sentiment word
    SHIFT = "shift"  # scales the nearest sentiment word on either side
    CONTRAST = "contrast"


class _Entry(NamedTuple):
    kind: _Kind
    value: float


class _Vocabulary(NamedTuple):
    """The contents of the vocabulary file. A key or word of several words is a phrase."""

    words: dict[str, float]
    negators: list[str]
    scalers: dict[str, float]
    decrease: list[str]
    increase: list[str]
    contrast: list[str]
    endings: tuple[str, ...]
    linking: tuple[str, ...]


@cache
def _vocabulary() -> _Vocabulary:
    with Path(__file__).with_name(_VOCABULARY_FILE).open("rb") as file:
        data = tomllib.load(file)
    return _Vocabulary(
        words={text: float(value) for text, value in data["words"].items()},
        negators=list(data["negators"]["words"]),
        scalers={word: float(factor) for word, factor in data["scalers"].items()},
        decrease=list(data["directions"]["decrease"]),
        increase=list(data["directions"]["increase"]),
        contrast=list(data["contrast"]["words"]),
        endings=tuple(data["inflection"]["endings"]),
        linking=tuple(data["inflection"]["linking"]),
    )


_SENTENCE_BREAK = re.compile(r"[.!?\n]+")
# En and em dash (written as escapes) separate clauses as a colon does.
_CLAUSE_BREAK = re.compile(r"[,;:()\[\]\"«»“”„\u2013\u2014]+|\s-\s")
_WORD = re.compile(r"[^\W\d_]+")


class _Lexicon(NamedTuple):
    words: dict[str, _Entry]
    # First word -> phrases starting with it, longest first.
    phrases: dict[str, list[tuple[tuple[str, ...], _Entry]]]


def _afinn_path() -> Path:
    # find_spec locates the package without running its __init__ (see the module docstring).
    spec = find_spec("afinn")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("the afinn package, which ships the Danish word list, is missing")
    return Path(next(iter(spec.submodule_search_locations))) / "data" / "AFINN-da-32.txt"


def _read_afinn(path: Path) -> Iterator[tuple[str, float]]:
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            word, _tab, score = line.rstrip("\n").rpartition("\t")
            if word:
                yield word, float(score)


@cache
def _lexicon() -> _Lexicon:
    entries: dict[tuple[str, ...], _Entry] = {}
    for text, score in _read_afinn(_afinn_path()):
        entries[tuple(text.split())] = _Entry(_Kind.WORD, score)
    # Later sources win: the domain supplement over AFINN, the rule words over both.
    vocabulary = _vocabulary()
    for text, score in vocabulary.words.items():
        entries[tuple(text.split())] = _Entry(_Kind.WORD, score)
    for text, factor in vocabulary.scalers.items():
        entries[tuple(text.split())] = _Entry(_Kind.SCALER, factor)
    for text in vocabulary.negators:
        entries[tuple(text.split())] = _Entry(_Kind.NEGATOR, _NEGATION)
    for text in vocabulary.decrease:
        entries[tuple(text.split())] = _Entry(_Kind.SHIFT, _DECREASE)
    for text in vocabulary.increase:
        entries[tuple(text.split())] = _Entry(_Kind.SHIFT, _INCREASE)
    for text in vocabulary.contrast:
        entries[tuple(text.split())] = _Entry(_Kind.CONTRAST, 0.0)

    words: dict[str, _Entry] = {}
    phrases: dict[str, list[tuple[tuple[str, ...], _Entry]]] = {}
    for key, entry in entries.items():
        if len(key) == 1:
            words[key[0]] = entry
        else:
            phrases.setdefault(key[0], []).append((key, entry))
    for candidates in phrases.values():
        candidates.sort(key=lambda candidate: len(candidate[0]), reverse=True)
    return _Lexicon(words, phrases)


def _stems(word: str) -> Iterator[str]:
    for suffix in _vocabulary().endings:
        if word.endswith(suffix) and len(word) - len(suffix) >= _MIN_STEM:
            stem = word[: -len(suffix)]
            yield stem
            # "utrygge" -> "utrygg" -> "utryg": Danish doubles a final consonant before -e.
            if stem[-1] == stem[-2] and stem[-1] not in "aeiouyæøå":
                yield stem[:-1]


def _lookup(word: str) -> tuple[str, _Entry] | None:
    words = _lexicon().words
    entry = words.get(word)
    if entry is not None:
        return word, entry
    for stem in _stems(word):
        entry = words.get(stem)
        if entry is not None:
            return stem, entry
    return None


def _lookup_modifier(part: str) -> tuple[str, _Entry] | None:
    words = _lexicon().words
    candidates = [part] + [part[:-1] for link in _vocabulary().linking if part.endswith(link)]
    for candidate in candidates:
        entry = words.get(candidate)
        if entry is not None and entry.kind is _Kind.WORD and len(candidate) >= _MIN_MODIFIER:
            return candidate, entry
    return None


class _Part(NamedTuple):
    key: str
    entry: _Entry
    weight: float


@lru_cache(maxsize=65536)
def _analyse(word: str) -> tuple[_Part, ...]:
    """The lexicon parts of one written word: itself, a stem, or parts of a compound."""
    found = _lookup(word)
    if found is not None:
        return (_Part(found[0], found[1], 1.0),)
    if len(word) < _MIN_COMPOUND:
        return ()
    # Longest known head first: the head of a Danish compound carries its meaning.
    for split in range(_MIN_MODIFIER - 1, len(word) - _MIN_HEAD + 1):
        head = _lookup(word[split:])
        if (
            head is None
            or len(head[0]) < _MIN_HEAD
            or head[1].kind not in (_Kind.WORD, _Kind.SHIFT)
        ):
            continue
        if head[1].kind is _Kind.WORD:
            return (_Part(head[0], head[1], 1.0),)
        # A direction head ("kriminalitets-fald", "indbruds-bølge") acts on the first part.
        modifier = _lookup_modifier(word[:split])
        if modifier is None:
            continue
        return (_Part(modifier[0], modifier[1], 1.0), _Part(head[0], head[1], 1.0))
    for split in range(len(word) - _MIN_HEAD + 1, _MIN_MODIFIER - 1, -1):
        modifier = _lookup_modifier(word[:split])
        if modifier is not None:
            return (_Part(modifier[0], modifier[1], _COMPOUND_MODIFIER),)
    return ()


class _Item(NamedTuple):
    """A lexicon match in a clause, at the position of its first written word."""

    surface: str
    key: str
    entry: _Entry
    weight: float
    position: int


class _Contribution(NamedTuple):
    label: str
    value: float
    notes: tuple[str, ...]


def _is_name(word: str, index: int) -> bool:
    # Danish capitalises only names and the first word of a sentence or clause, so a
    # capitalised word elsewhere is a place, person or newspaper ("Fredensborg", "Brand").
    return index > 0 and word[0].isupper() and not word.isupper()


def _items(written: list[str]) -> Iterator[_Item]:
    lexicon = _lexicon()
    words = [word.lower() for word in written]
    index = 0
    while index < len(words):
        word = words[index]
        if _is_name(written[index], index):
            index += 1
            continue
        for phrase, entry in lexicon.phrases.get(word, ()):
            if tuple(words[index : index + len(phrase)]) == phrase:
                yield _Item(" ".join(phrase), " ".join(phrase), entry, 1.0, index)
                index += len(phrase)
                break
        else:
            for part in _analyse(word):
                yield _Item(word, part.key, part.entry, part.weight, index)
            index += 1


def _clauses(sentence: str) -> Iterator[list[_Item]]:
    """The items of each clause; a contrast word ends its clause and is kept as its own."""
    for chunk in _CLAUSE_BREAK.split(sentence):
        clause: list[_Item] = []
        for item in _items(_WORD.findall(chunk)):
            if item.entry.kind is _Kind.CONTRAST:
                yield clause
                yield [item]
                clause = []
            else:
                clause.append(item)
        yield clause


def _label(modifiers: Iterable[_Item], item: _Item) -> str:
    involved = sorted({*modifiers, item}, key=lambda part: part.position)
    words: list[str] = []
    previous: int | None = None
    for part in involved:
        if previous is not None and part.position > previous + 1:
            words.append("…")
        if not words or words[-1] != part.surface:
            words.append(part.surface)
        previous = part.position
    return " ".join(words)


def _negator(item: _Item, clause: list[_Item]) -> _Item | None:
    """The negator acting on an item: shortly before it, or -- as Danish puts "ikke" after
    the finite verb ("klager ikke", "stiger ikke") -- right after it."""
    for other in clause:
        if other.entry.kind is _Kind.NEGATOR and (
            0 < item.position - other.position <= _NEGATION_SCOPE
            or other.position == item.position + 1
        ):
            return other
    return None


def _score_clause(clause: list[_Item]) -> Iterator[_Contribution]:
    sentiment = [item for item in clause if item.entry.kind is _Kind.WORD]
    # Each direction word acts on its nearest sentiment word, preferring the one after it.
    shifts: dict[_Item, list[_Item]] = {}
    for shift in clause:
        if shift.entry.kind is not _Kind.SHIFT:
            continue
        candidates = [
            item for item in sentiment if abs(item.position - shift.position) <= _SHIFT_SCOPE
        ]
        if candidates:
            target = min(
                candidates,
                key=lambda item: (
                    abs(item.position - shift.position),
                    item.position < shift.position,
                ),
            )
            shifts.setdefault(target, []).append(shift)

    for item in sentiment:
        value = item.entry.value * item.weight
        notes: list[str] = []
        modifiers: list[_Item] = []
        item_shifts = shifts.get(item, [])
        # Negating the word or its direction ("er ikke steget") flips the result once.
        negator = next(
            (
                found
                for other in (item, *item_shifts)
                if (found := _negator(other, clause)) is not None
            ),
            None,
        )
        if negator is not None:
            value *= _NEGATION
            notes.append("negation")
            modifiers.append(negator)
        scaler = next(
            (
                other
                for other in reversed(clause)
                if other.entry.kind is _Kind.SCALER
                and 0 < item.position - other.position <= _SCALER_SCOPE
            ),
            None,
        )
        if scaler is not None:
            value *= scaler.entry.value
            notes.append("forstærket" if scaler.entry.value > 1 else "dæmpet")
            modifiers.append(scaler)
        for shift in item_shifts:
            value *= shift.entry.value
            notes.append("faldende" if shift.entry.value < 0 else "stigende")
            modifiers.append(shift)
        if item.key != item.surface:
            notes.insert(0, item.key)
        if value:
            yield _Contribution(_label(modifiers, item), value, tuple(notes))


def _score_sentence(sentence: str) -> Iterator[_Contribution]:
    clauses = list(_clauses(sentence))
    contrast = next(
        (
            index
            for index, clause in enumerate(clauses)
            if clause and clause[0].entry.kind is _Kind.CONTRAST
        ),
        None,
    )
    for index, clause in enumerate(clauses):
        for contribution in _score_clause(clause):
            if contrast is None:
                yield contribution
            elif index < contrast:
                yield contribution._replace(
                    value=contribution.value * _BEFORE_CONTRAST,
                    notes=(*contribution.notes, "før men"),
                )
            else:
                yield contribution._replace(
                    value=contribution.value * _AFTER_CONTRAST,
                    notes=(*contribution.notes, "efter men"),
                )


def _signed(value: float) -> str:
    # A typographic minus sign (U+2212), as staff read the reasons in the interface.
    number = f"{abs(value):.2f}".rstrip("0").rstrip(".")
    return f"{'+' if value > 0 else chr(0x2212)}{number}"


def _reason(contribution: _Contribution) -> str:
    return f"{contribution.label} ({', '.join((*contribution.notes, _signed(contribution.value)))})"


def suggest_tone(text: str) -> ToneSuggestion:
    """Suggest the tone of a Danish headline, optionally followed by an excerpt."""
    contributions = [
        contribution
        for sentence in _SENTENCE_BREAK.split(text)
        for contribution in _score_sentence(sentence)
    ]
    # Adding 0.0 turns an empty sum (int 0) and a rounded -0.0 into a plain 0.0.
    score = round(sum(contribution.value for contribution in contributions), 2) + 0.0
    if score > NEUTRAL_BAND:
        tone = Tone.POSITIVE
    elif score < -NEUTRAL_BAND:
        tone = Tone.NEGATIVE
    else:
        tone = Tone.NEUTRAL
    # The strongest contributions first: they are what a reviewer needs to check.
    ranked = sorted(contributions, key=lambda contribution: -abs(contribution.value))
    return ToneSuggestion(tone=tone, score=score, reasons=[_reason(c) for c in ranked])
