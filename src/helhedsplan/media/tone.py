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
    vocabulary, kept as data in ``tone_words.toml`` beside this module: the domain supplement
    with its events that imply a verdict, the things with their polarity, the negators,
    scalers, direction, contrast and concession words, the meeting words of topics, and the
    inflectional endings and abbreviations. Of
    ``afinn`` only the data file is read: the package's 2016 Python code is never imported (it
    has an invalid escape sequence that warns on import and will stop compiling in a future
    Python).

How a text is scored
    The text is cut into sentences (a full stop after a number or an abbreviation such as
    "Gl." or "kl." does not end one) and clauses (punctuation, "men", "trods", "selv om"). A
    capitalised word inside a clause is a name ("Fredensborg Amtsavis", a person called
    Brand) and is skipped. Every other word is lower-cased and looked up in the merged
    lexicon: first as written, then with a common Danish inflectional ending removed
    ("utrygheden" -> "utryghed", "trygge" -> "tryg"), then as a compound, because Danish
    glues words together. The head (last part) of a compound decides, so "bandekonflikt"
    scores as "konflikt"; a known first part alone counts a quarter ("tryghedsvandring" ->
    "tryghed"), since it often only names the subject.

    The rules read the headline, not only its words:

    * a topic is not a verdict: from a meeting, theme evening, course or information word
      over "om" to the end of the clause, words are not scored ("Temaaften om ensomhed"),
      up to a verb stating an outcome ("... samlede 80 beboere", "... har hjulpet"); a clause
      that begins with a call to readers or a how-to ("Send dit bedste billede", "Sådan
      taler du med din teenager om hash") is a notice too, and so is opening or a pause in
      supply at a stated time ("Tilmeldingen åbner 1. maj"); a question asks and does not
      tell, so the clause ending in "?" is not scored ("Fællesmøde: Skal blok 3 rives
      ned?");
    * a thing (burglaries, rent, residents in work, applicants, members) has a polarity but
      is news only when it changes or is absent, so "Huslejen i Vapnagaard" is neutral;
    * a direction word ("falder", "færre", "kortere", "halveret" / "stiger", "flere",
      "fordoblet") acts on the nearest sentiment word or thing on either side, and on a word
      of the same sign right after it ("Færre unge sigtet for kriminalitet"): a fall in a
      bad thing is good news, a fall in a good thing bad news ("Beskæftigelsen er
      halveret"); "uændret" says there is no news. Few where more were hoped for ("kun tre",
      "alt for få") lowers what it reaches, and is bad news on its own;
    * a negator ("ikke", "ingen", "uden", "ikke længere" ...) flips and damps the sentiment
      words and things in the next three words, and the word right before it, since Danish
      puts "ikke" after the finite verb ("klager ikke"); a negated direction flips it back
      ("trygheden er ikke steget"), and a word of the same sign right after a negated one is
      negated with it ("ikke længere på listen over udsatte boligområder"). "Ikke" after
      the verb also reaches the subject before
      the verb: with nothing to act on after it, it negates the subject ("Rygterne om
      lukning passer ikke"); when it negates what follows, the subject goes with it
      ("Bandekonflikten har ikke ramt Mjølnerparken" is good news). "Ingen" with a verb
      ("Ingen ville", "Ingen kom") negates the rest of its clause, "ingen af de unge" what
      follows the people it names. Needing or missing is not having ("mangler lærere",
      "brug for madhjælp"), and the prefix u- turns a good word ("uvelkomne"). A negator
      with nothing to act on is absence, bad news in itself ("Familierne kan ikke få
      genhusning", "Ingen ville stille op"), unless the clause says it is only not yet or
      not now ("endnu", "i august"): a practical notice. "Ingen" or "ikke én" before a
      second negator negates it: "Ikke én elev står uden uddannelsesplan" and "Ingen
      familier mangler længere en plads" are good news;
    * an intensifier or dampener ("meget", "stor", "lidt", "efter") scales the next word;
    * after a contrast the main clause decides: what precedes "men", or follows "trods" /
      "selv om" in its clause, is conceded and counts a quarter, the main clause one and a
      half times. When the main clause has no sentiment word of its own, the contrast
      still says it goes against the conceded one, which then counts turned ("Skolen var
      lukningstruet, men har nu rekordmange elever"). Without a clause break, "trods"
      concedes only its noun phrase ("Trods strejke i busserne mødte over hundrede op").
      Conceded weather is background and not scored ("Selv om vejret er godt, holdes
      mødet inde");
    * events that imply a verdict (a shop closing, the police called out, a sell-out, a
      waiting list, a championship) are vocabulary like any other word.

    The excerpt, on the line after the headline (``services.mention_text``), is read with
    the same rules and counts a little less, so that the headline leads; beside a headline
    with nothing to say it counts fully, unless that headline announces a meeting or course:
    then the excerpt describes its topic and is not scored either.

    The contributions are summed; a score within ``NEUTRAL_BAND`` of zero is neutral, so the
    first part of a compound alone seldom tips an announcement, while one plain word does:
    on headlines written apart from the code, a neutral outcome was right when nothing
    pointed either way, and mostly wrong when a mild word did. Each contribution becomes a
    reason in Danish: the words involved, then what the rules made of them ("negation",
    "faldende", "før men", "hovedsætning", "vendt af men", "fravær", "dobbelt negation",
    "få", "uddrag") and the signed value.
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

# A score whose absolute value is at most this is neutral. A single mild word (+-1) decides:
# on the issue 16 sets a wider band (1.0) turned more news into neutral than it kept
# announcements neutral; meeting and invitation words are scored 0 instead.
NEUTRAL_BAND = 0.5

# Multipliers of the general rules, on AFINN's -5..+5 scale.
_NEGATION = -0.75  # flipped but damped: "ikke tryg" is milder than "utryg"
_DECREASE = -0.75  # "færre indbrud" is good news, but less than "tryghed" is
_INCREASE = 1.25
_BEFORE_CONTRAST = 0.25
_AFTER_CONTRAST = 1.5
# A conceded clause whose main clause has no sentiment word of its own is turned: the
# contrast says the main clause goes against it.
_TURNED = -0.75
# "Ingen ville stille op", nobody doing what was hoped for, when nothing else is negated.
_NOBODY = -2.0
# Something not happening, when the negator acts on no valued word: "kan ikke få genhusning".
_ABSENCE = -1.5
# "Kun to af 40 stole var besat": few of something, where more were hoped for.
_FEW = -1.5
_COMPOUND_MODIFIER = 0.25
# The excerpt under a headline (``services.mention_text`` puts it on the next line) counts
# a little less than the headline, which leads, or fully when the headline says nothing.
# Only a little: on the issue 16 sets the excerpt often carries the verdict.
_EXCERPT = 0.9
_EXCERPT_ALONE = 1.0

# How far a negator reaches forward, a scaler forward, and a direction word either way.
_NEGATION_SCOPE = 3
_SCALER_SCOPE = 2
_SHIFT_SCOPE = 6
# How far after the word a direction word acts on, another of the same sign is changed too.
_SHIFT_PHRASE = 3
# How far after a meeting or course word its "om" may come: "Generalforsamling i
# beboerforeningen med punkt om hærværk".
_TOPIC_REACH = 6
# How many words after it a "trods" reaches when no clause break ends its noun phrase.
_CONCESSION_REACH = 2

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
    THING = "thing"  # a good or bad thing: news only when it changes or is absent
    NEGATOR = "negator"
    NOBODY = "nobody"  # "ingen ville": negates the rest of its clause, or is bad news itself
    PARTITIVE = "partitive"  # "ingen af de unge": as NOBODY, after the subject it names
    SCALER = "scaler"  # scales the next sentiment word
    SHIFT = "shift"  # scales the nearest sentiment word on either side
    CONTRAST = "contrast"  # "men": what follows is the main clause
    CONCESSION = "concession"  # "trods", "selv om": the rest of the clause is conceded
    WEATHER = "weather"  # "vejret", "regn": background when conceded
    PENDING = "pending"  # "endnu", "i august": what does not happen is only not yet or not now


# The kinds that carry a value of their own, and those that negate.
_VALUED = (_Kind.WORD, _Kind.THING)
_NEGATING = (_Kind.NEGATOR, _Kind.NOBODY, _Kind.PARTITIVE)


class _Entry(NamedTuple):
    kind: _Kind
    value: float


class _Vocabulary(NamedTuple):
    """The contents of the vocabulary file. A key or word of several words is a phrase."""

    words: dict[str, float]
    things: dict[str, float]
    negators: list[str]
    quantifiers: frozenset[str]
    after_verb: frozenset[str]
    nobody: list[str]
    partitive: list[str]
    pending: list[str]
    schedule: frozenset[str]
    scalers: dict[str, float]
    decrease: list[str]
    few: frozenset[str]
    increase: list[str]
    unchanged: list[str]
    contrast: list[str]
    concession: list[str]
    concession_prepositions: list[str]
    events: tuple[str, ...]
    calls: frozenset[str]
    weather: frozenset[str]
    topic_markers: frozenset[str]
    not_topic: frozenset[str]
    outcomes: frozenset[str]
    endings: tuple[str, ...]
    linking: tuple[str, ...]
    abbreviations: frozenset[str]


@cache
def _vocabulary() -> _Vocabulary:
    with Path(__file__).with_name(_VOCABULARY_FILE).open("rb") as file:
        data = tomllib.load(file)
    return _Vocabulary(
        words={text: float(value) for text, value in data["words"].items()},
        things={text: float(value) for text, value in data["things"].items()},
        negators=list(data["negators"]["words"]),
        after_verb=frozenset(data["negators"]["after_verb"]),
        quantifiers=frozenset(data["negators"]["quantifiers"]),
        partitive=list(data["negators"]["partitive"]),
        pending=list(data["negators"]["pending"]),
        schedule=frozenset(data["negators"]["schedule"]),
        nobody=[
            f"{subject} {verb}"
            for subject in data["negators"]["nobody"]
            for verb in data["negators"]["nobody_verbs"]
        ],
        scalers={word: float(factor) for word, factor in data["scalers"].items()},
        decrease=list(data["directions"]["decrease"]),
        increase=list(data["directions"]["increase"]),
        few=frozenset(data["directions"]["few"]),
        unchanged=list(data["directions"]["unchanged"]),
        contrast=list(data["contrast"]["words"]),
        concession=list(data["contrast"]["concession"]),
        concession_prepositions=list(data["contrast"]["concession_prepositions"]),
        events=tuple(data["topic"]["events"]),
        calls=frozenset(data["topic"]["calls"]),
        weather=frozenset(data["topic"]["weather"]),
        topic_markers=frozenset(data["topic"]["markers"]),
        not_topic=frozenset(data["topic"]["not_after_marker"]),
        outcomes=frozenset(data["topic"]["outcomes"]),
        endings=tuple(data["inflection"]["endings"]),
        linking=tuple(data["inflection"]["linking"]),
        abbreviations=frozenset(data["inflection"]["abbreviations"]),
    )


_SENTENCE_BREAK = re.compile(r"[.!?\n]+")
_LAST_WORD = re.compile(r"(\w+)\W*$")
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
    # Later sources win: the domain supplement and the things over AFINN, the rule words
    # over all of them.
    vocabulary = _vocabulary()
    for text, score in vocabulary.words.items():
        entries[tuple(text.split())] = _Entry(_Kind.WORD, score)
    for text, score in vocabulary.things.items():
        entries[tuple(text.split())] = _Entry(_Kind.THING, score)
    for text, factor in vocabulary.scalers.items():
        entries[tuple(text.split())] = _Entry(_Kind.SCALER, factor)
    for text in vocabulary.negators:
        entries[tuple(text.split())] = _Entry(_Kind.NEGATOR, _NEGATION)
    for text in vocabulary.pending:
        entries[tuple(text.split())] = _Entry(_Kind.PENDING, 0.0)
    for text in vocabulary.weather:
        entries[tuple(text.split())] = _Entry(_Kind.WEATHER, 0.0)
    for text in vocabulary.nobody:
        entries[tuple(text.split())] = _Entry(_Kind.NOBODY, _NOBODY)
    for text in vocabulary.partitive:
        entries[tuple(text.split())] = _Entry(_Kind.PARTITIVE, _NOBODY)
    for text in (*vocabulary.decrease, *vocabulary.few):
        entries[tuple(text.split())] = _Entry(_Kind.SHIFT, _DECREASE)
    for text in vocabulary.increase:
        entries[tuple(text.split())] = _Entry(_Kind.SHIFT, _INCREASE)
    for text in vocabulary.unchanged:
        entries[tuple(text.split())] = _Entry(_Kind.SHIFT, 0.0)
    for text in vocabulary.contrast:
        entries[tuple(text.split())] = _Entry(_Kind.CONTRAST, 0.0)
    # A concession by preposition (value 1) has a short reach, one by conjunction (0) not.
    for text in vocabulary.concession:
        entries[tuple(text.split())] = _Entry(_Kind.CONCESSION, 0.0)
    for text in vocabulary.concession_prepositions:
        entries[tuple(text.split())] = _Entry(_Kind.CONCESSION, 1.0)

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
        if entry is not None and entry.kind in _VALUED and len(candidate) >= _MIN_MODIFIER:
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
    # The prefix u- turns a good word: "uvelkomne", "uholdbar".
    if word.startswith("u") and len(word) > _MIN_STEM + 1:
        unprefixed = _lookup(word[1:])
        if unprefixed is not None and unprefixed[1].kind is _Kind.WORD and unprefixed[1].value > 0:
            entry = _Entry(_Kind.WORD, unprefixed[1].value * _NEGATION)
            return (_Part(f"ikke {unprefixed[0]}", entry, 1.0),)
    if len(word) < _MIN_COMPOUND:
        return ()
    # Longest known head first: the head of a Danish compound carries its meaning.
    for split in range(_MIN_MODIFIER - 1, len(word) - _MIN_HEAD + 1):
        head = _lookup(word[split:])
        if (
            head is None
            or len(head[0]) < _MIN_HEAD
            or head[1].kind not in (_Kind.WORD, _Kind.THING, _Kind.SHIFT)
        ):
            continue
        if head[1].kind in _VALUED:
            return (_Part(head[0], head[1], 1.0),)
        # A direction head ("kriminalitets-fald", "indbruds-bølge") acts on the first part.
        modifier = _lookup_modifier(word[:split])
        if modifier is None:
            continue
        return (_Part(modifier[0], modifier[1], 1.0), _Part(head[0], head[1], 1.0))
    # A sentiment word as first part only names the subject, so it counts a quarter; a thing as
    # first part ("midlertidig" is not "midler") says nothing without a direction.
    for split in range(len(word) - _MIN_HEAD + 1, _MIN_MODIFIER - 1, -1):
        modifier = _lookup_modifier(word[:split])
        if modifier is not None and modifier[1].kind is _Kind.WORD:
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


def _topic(words: list[str]) -> range:
    """The words naming the subject of a meeting, course or evening in a clause: from the
    event word ("temaaften", "kursus", "orienterer") over "om" to the end of the clause, or
    to a verb stating what came of it ("Temaaften om gæld har hjulpet ..."). What a meeting
    is about is not a verdict on the estate, so these words are not scored."""
    vocabulary = _vocabulary()
    # "Send dit bedste billede", "Kom og fortæl": a call to readers is a notice.
    if words and (words[0] in vocabulary.calls or " ".join(words[:2]) in vocabulary.calls):
        return range(len(words))

    event: int | None = None
    for index, word in enumerate(words):
        following = words[index + 1] if index + 1 < len(words) else ""
        if word.endswith(vocabulary.events) and (event is None or index - event > _TOPIC_REACH):
            event = index
        elif (
            event is not None
            and (
                word in vocabulary.topic_markers
                or f"{word} {following}" in vocabulary.topic_markers
            )
            and index - event <= _TOPIC_REACH
            and following not in vocabulary.not_topic
        ):
            end = next(
                (
                    later
                    for later in range(index + 1, len(words))
                    if words[later] in vocabulary.outcomes
                ),
                len(words),
            )
            return range(event, end)
    return range(0)


def _items(written: list[str]) -> Iterator[_Item]:
    lexicon = _lexicon()
    words = [word.lower() for word in written]
    topic = _topic(words)
    # Names do not count in the distances the rules reach over: "Flere unge i Gl. Bakkegård
    # er uden job" has "flere" as close to "uden job" as "Flere unge i byen er uden job".
    names = 0
    index = 0
    while index < len(words):
        word = words[index]
        if _is_name(written[index], index):
            names += 1
            index += 1
            continue
        if index in topic:
            index += 1
            continue
        for phrase, entry in lexicon.phrases.get(word, ()):
            if tuple(words[index : index + len(phrase)]) == phrase:
                # A rule phrase ("ikke længere") acts from its last word, a valued phrase is
                # reached at its first ("ingen fra kommunen mødte op").
                last = index + len(phrase) - 1
                position = (index if entry.kind in _VALUED else last) - names
                yield _Item(" ".join(phrase), " ".join(phrase), entry, 1.0, position)
                index = last + 1
                break
        else:
            for part in _analyse(word):
                yield _Item(word, part.key, part.entry, part.weight, index - names)
            index += 1


class _Segment(NamedTuple):
    items: list[_Item]
    conceded: bool  # before "men", or after "trods" / "selv om" in its clause


def _segments(sentence: str) -> tuple[list[_Segment], _Item | None]:
    """The clauses of a sentence, each marked as conceded or not, and the first contrast or
    concession word. "X, men Y": X is conceded; "Trods X: Y" and "Selv om X, Y": X is."""
    segments: list[_Segment] = []
    marker: _Item | None = None
    chunks = _CLAUSE_BREAK.split(sentence)
    for number, chunk in enumerate(chunks):
        current: list[_Item] = []
        conceded = False
        # "Trods strejke i busserne mødte over hundrede op": without a clause break after
        # it, a concession by preposition covers only its noun phrase: a few words, up to
        # its first valued word.
        short = number + 1 == len(chunks)
        for item in _items(_WORD.findall(chunk)):
            if (
                short
                and conceded
                and marker is not None
                and marker.entry.value
                and (
                    item.position - marker.position > _CONCESSION_REACH
                    or any(other.entry.kind in _VALUED for other in current)
                )
            ):
                segments.append(_Segment(current, conceded))
                current, conceded = [], False
            if item.entry.kind is _Kind.CONTRAST:
                segments.append(_Segment(current, conceded))
                segments = [_Segment(segment.items, True) for segment in segments]
                current, conceded = [], False
                marker = marker or item
            elif item.entry.kind is _Kind.CONCESSION:
                segments.append(_Segment(current, conceded))
                current, conceded = [], True
                marker = item
            else:
                current.append(item)
        segments.append(_Segment(current, conceded))
    return segments, marker


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


def _reaches(negator: _Item, item: _Item) -> bool:
    """Whether a negator acts on an item: shortly before it, or -- as Danish puts "ikke"
    after the finite verb ("klager ikke", "stiger ikke") -- right after it; "ingen ville"
    acts on the rest of its clause, "ingen af de unge" on what follows its subject."""
    distance = item.position - negator.position
    if negator.entry.kind is _Kind.NOBODY:
        return distance > 0
    if negator.entry.kind is _Kind.PARTITIVE:
        return distance > 1
    return 0 < distance <= _NEGATION_SCOPE or (
        distance == -1 and negator.key in _vocabulary().after_verb
    )


def _score_clause(clause: list[_Item]) -> Iterator[_Contribution]:
    # Words scored 0 ("kunne", "besat") are known to say nothing and are no target.
    valued = [item for item in clause if item.entry.kind in _VALUED and item.entry.value]
    # Each direction word acts on its nearest valued word, preferring the one after it.
    shifts: dict[_Item, list[_Item]] = {}
    for shift in clause:
        if shift.entry.kind is not _Kind.SHIFT:
            continue
        candidates = [
            item for item in valued if abs(item.position - shift.position) <= _SHIFT_SCOPE
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
            # A word of the same kind right after the target is part of what changes:
            # "Færre unge sigtet for kriminalitet", "Færre deltager i fællesspisningen".
            for item in valued:
                if (
                    0 < item.position - target.position <= _SHIFT_PHRASE
                    and (item.entry.value > 0) == (target.entry.value > 0)
                    and item not in shifts
                ):
                    shifts[item] = [shift]
        elif shift.key in _vocabulary().few:
            # "Kun to af 40 stole var besat": few, with nothing named to be few of.
            yield _Contribution(shift.surface, _FEW, ("få",))
    negators = [item for item in clause if item.entry.kind in _NEGATING]
    quantifiers = _vocabulary().quantifiers
    # Negating the word or its direction ("er ikke steget") flips the result once. "Ingen"
    # before another negator negates that one: "Ingen familier mangler længere en plads".
    negated: dict[_Item, _Item] = {}
    doubly: dict[_Item, tuple[_Item, _Item]] = {}
    for item in valued:
        reaching = [
            negator
            for negator in negators
            if any(_reaches(negator, other) for other in (item, *shifts.get(item, [])))
        ]
        if not reaching:
            continue
        last = reaching[-1]
        first = next(
            (
                negator
                for negator in negators
                if negator.key in quantifiers and _reaches(negator, last)
            ),
            None,
        )
        if first is not None and last.key not in quantifiers:
            doubly[item] = (first, last)
        else:
            negated[item] = reaching[0]
    # What is negated takes a word of the same sign right after it along: "ikke længere på
    # listen over udsatte boligområder".
    for item, phrase_negator in list(negated.items()):
        for other in valued:
            if (
                0 < other.position - item.position <= _SHIFT_PHRASE
                and (other.entry.value > 0) == (item.entry.value > 0)
                and other not in negated
                and other not in doubly
            ):
                negated[other] = phrase_negator
    # A negator after the verb with nothing to act on negates the subject before it
    # ("Rygterne om lukning passer ikke"); one that negates what follows the verb takes the
    # subject with it: "Bandekonflikten har ikke ramt Mjølnerparken" is one good piece of
    # news, not a bad subject and a good predicate.
    after_verb = _vocabulary().after_verb
    subjects: dict[_Item, _Item] = {}
    for verb_negator in negators:
        if verb_negator.key not in after_verb:
            continue
        idle = verb_negator not in negated.values()
        for item in valued:
            if item not in negated and item.position < verb_negator.position:
                subjects[item] = verb_negator
                if idle:
                    negated[item] = verb_negator

    # Negators that acted on a valued word, and those that turned bad news into good.
    acting: set[_Item] = {negator for pair in doubly.values() for negator in pair}
    relieving: set[_Item] = set(acting)
    pending = any(item.entry.kind is _Kind.PENDING for item in clause)
    for item in valued:
        item_shifts = shifts.get(item, [])
        # A compound's first part that changes is the news: "tryghedsindekset falder".
        value = item.entry.value * (1.0 if item_shifts else item.weight)
        notes: list[str] = []
        modifiers: list[_Item] = []
        negator = negated.get(item)
        if negator is None and item in subjects:
            continue
        if pending and item.key in _vocabulary().schedule:
            # "Kontoret åbner igen 4. august", "Fjernvarmen afbrydes tirsdag": opening hours.
            continue
        if negator is not None and pending and (item.entry.kind is _Kind.THING or value > 0):
            # "Beboerhuset er ikke åbent 2. påskedag", "Ingen fællesspisning i uge 7": a
            # practical notice, not news.
            acting.add(negator)
            continue
        if item in doubly:
            notes.append("dobbelt negation")
            modifiers.extend(doubly[item])
        if negator is not None:
            value *= _NEGATION
            notes.append("negation")
            modifiers.append(negator)
            acting.add(negator)
            if item.entry.value < 0:
                relieving.add(negator)
        elif item.entry.kind is _Kind.THING and not item_shifts:
            # A thing that neither changes nor is absent is a subject, not news.
            continue
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
    # "Ingen ville stille op", "Familierne kan ikke få genhusning": nobody doing something,
    # or something not happening, is bad news in itself unless it is a bad thing that fails.
    # Two of them cancel: "Ikke én elev står uden uddannelsesplan" is good news.
    absent = [
        item
        for item in negators
        if (item.entry.kind is not _Kind.NEGATOR and item not in relieving)
        or (item.entry.kind is _Kind.NEGATOR and item not in acting and not pending)
    ]
    if len(absent) > 1 and (
        absent[0].entry.kind is not _Kind.NEGATOR or absent[0].key in _vocabulary().quantifiers
    ):
        label = " … ".join(item.surface for item in absent)
        yield _Contribution(label, -_ABSENCE, ("dobbelt negation",))
        return
    for item in absent:
        yield _Contribution(
            item.surface,
            _ABSENCE if item.entry.kind is _Kind.NEGATOR else item.entry.value,
            ("fravær",),
        )


def _score_sentence(sentence: str) -> Iterator[_Contribution]:
    segments, marker = _segments(sentence)
    scored = [
        (list(_score_clause(segment.items)), segment.conceded)
        for segment in segments
        # "Selv om vejret er godt, holdes mødet inde": conceded weather is background.
        if not (
            segment.conceded and any(item.entry.kind is _Kind.WEATHER for item in segment.items)
        )
    ]
    if marker is None:
        for contributions, _conceded in scored:
            yield from contributions
        return
    if marker.entry.kind is _Kind.CONTRAST:
        before, after = f"før {marker.surface}", f"efter {marker.surface}"
    else:
        before, after = "indrømmelse", "hovedsætning"
    main = any(contributions for contributions, conceded in scored if not conceded)
    for contributions, conceded in scored:
        for contribution in contributions:
            if not conceded:
                factor, note = _AFTER_CONTRAST, after
            elif main:
                factor, note = _BEFORE_CONTRAST, before
            else:
                # "Skolen var lukningstruet, men har nu rekordmange elever": a main clause
                # without sentiment words still turns against what was conceded.
                factor, note = _TURNED, f"vendt af {marker.surface}"
            yield contribution._replace(
                value=contribution.value * factor, notes=(*contribution.notes, note)
            )


def _sentences(text: str) -> Iterator[str]:
    """The sentences of a text. A full stop after a number or an abbreviation ("9. klasse",
    "Gl. Bakkegård", "kl. 22") does not end a sentence."""
    abbreviations = _vocabulary().abbreviations
    start = 0
    for match in _SENTENCE_BREAK.finditer(text):
        if match.group() == ".":
            last = _LAST_WORD.search(text, start, match.start())
            if last is not None and (last[1].isdigit() or last[1].lower() in abbreviations):
                continue
        sentence = text[start : match.start()]
        if "?" in match.group():
            # "Fællesmøde om boligområdet: Skal blok 3 rives ned?": the question asks, it
            # does not tell; what comes before its clause still counts.
            breaks = list(_CLAUSE_BREAK.finditer(sentence))
            sentence = sentence[: breaks[-1].start()] if breaks else ""
        yield sentence
        start = match.end()
    yield text[start:]


def _signed(value: float) -> str:
    # A typographic minus sign (U+2212), as staff read the reasons in the interface.
    number = f"{abs(value):.2f}".rstrip("0").rstrip(".")
    return f"{'+' if value > 0 else chr(0x2212)}{number}"


def _reason(contribution: _Contribution) -> str:
    return f"{contribution.label} ({', '.join((*contribution.notes, _signed(contribution.value)))})"


def _is_notice(text: str) -> bool:
    """Whether a text announces a meeting, course or the like without an outcome."""
    for sentence in _sentences(text):
        for chunk in _CLAUSE_BREAK.split(sentence):
            words = [word.lower() for word in _WORD.findall(chunk)]
            topic = _topic(words)
            if topic and topic.stop == len(words):
                return True
    return False


def _score_text(text: str) -> list[_Contribution]:
    return [
        contribution for sentence in _sentences(text) for contribution in _score_sentence(sentence)
    ]


def suggest_tone(text: str) -> ToneSuggestion:
    """Suggest the tone of a Danish headline, optionally followed by an excerpt."""
    headline, _break, excerpt = text.strip().partition("\n")
    contributions = _score_text(headline)
    # The excerpt is read with the same rules, but the headline leads: it is what the paper
    # chose to say. An excerpt beside a silent headline is all there is to go by, unless the
    # headline announces a meeting or course: then the excerpt describes its topic.
    if contributions or not _is_notice(headline):
        weight = _EXCERPT if contributions else _EXCERPT_ALONE
        contributions += [
            contribution._replace(
                value=contribution.value * weight, notes=(*contribution.notes, "uddrag")
            )
            for contribution in _score_text(excerpt)
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
