"""Tests for the offline tone suggestion of Danish local-press mentions.

The labelled headlines in ``data/`` were written and labelled by hand: ``headlines.csv`` was
used while tuning the rules and lexicon, ``headlines_holdout.csv`` was written after the rules
were frozen and has never been tuned against, so its agreement estimates unseen headlines.
Issue 16 brought a larger set of headlines with excerpts, written apart from the code and
sorted by the kind of reading they need (topic, negation, contrast, change, implicit, plain).
It was first split into a development and a frozen part; both are now development data, the
corpus the product ships and the general tone model learns from (``media/tone_labels.csv``,
``learning.labelled_headlines``). A fresh set written apart from the repository,
``data/tone_frozen.csv`` once it is in place, judges the suggestion as the form gives it
without a programme's own model (``bench/tone_accuracy.py`` prints both, per kind).
"""

from __future__ import annotations

import csv
import json
import math
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from helhedsplan.media import learning, services
from helhedsplan.media.services import mention_text
from helhedsplan.media.tone import NEUTRAL_BAND, Tone, ToneSuggestion, suggest_tone

DATA = Path(__file__).parent / "data"
FROZEN = DATA / "tone_frozen.csv"
# Issue 16's goal is 0.85 on unseen headlines. The rules alone reach it on the corpus they
# were tuned on (0.909) and are held to it there. The frozen set (310 headlines written apart
# from the code and never read while tuning) is held to the goal by the suggestion the form
# gives without a programme model: the rules blended with the general model (0.868; the rules
# alone give 0.829).
DEV_BAR = 0.85
FROZEN_BAR = 0.85


def _labelled(name: str) -> list[tuple[str, Tone]]:
    with (DATA / name).open(encoding="utf-8", newline="") as handle:
        return [(row["text"], Tone(row["tone"])) for row in csv.DictReader(handle)]


def _agreement(rows: list[tuple[str, Tone]]) -> float:
    return sum(suggest_tone(text).tone == tone for text, tone in rows) / len(rows)


def _disagreements(rows: list[tuple[str, Tone]]) -> list[str]:
    return [
        f"{text!r}: labelled {tone}, suggested {suggestion.tone} {suggestion.reasons}"
        for text, tone in rows
        if (suggestion := suggest_tone(text)).tone != tone
    ]


@pytest.mark.parametrize(
    ("name", "minimum_rows", "bar"),
    [("headlines.csv", 60, 0.75), ("headlines_holdout.csv", 30, 0.65)],
)
def test_agreement_with_hand_labels(name: str, minimum_rows: int, bar: float) -> None:
    rows = _labelled(name)
    agreement = _agreement(rows)
    # Shown with `pytest -s`; the figure is also in the failure message.
    print(f"\n{name}: agreement {agreement:.1%} on {len(rows)} headlines")
    assert len(rows) >= minimum_rows
    assert agreement >= bar, (agreement, _disagreements(rows))


def _mentions(path: Path | None = None) -> list[tuple[str, Tone]]:
    """Headline and excerpt joined as the press form joins them, with the label."""
    return [
        (mention_text(headline=row.headline, excerpt=row.excerpt), row.tone)
        for row in learning.labelled_headlines(path)
    ]


def test_agreement_with_the_corpus() -> None:
    rows = _mentions()
    agreement = _agreement(rows)
    print(f"\ntone_labels.csv: agreement {agreement:.1%} on {len(rows)} mentions")
    assert len(rows) >= 500
    assert agreement >= DEV_BAR, _disagreements(rows)


@pytest.mark.django_db
def test_the_suggestion_meets_the_goal_on_the_frozen_set() -> None:
    # The suggestion as the form gives it without a programme's own model: the rules blended
    # with the general model, trained on the corpus alone, when that blends.
    services.tone_model_train_general()
    rows = _mentions(FROZEN)
    agreement = sum(
        services.tone_suggestion(headline=text, excerpt="").tone == tone for text, tone in rows
    ) / len(rows)
    print(f"\ntone_frozen.csv: agreement {agreement:.1%} on {len(rows)} mentions")
    assert len(rows) >= 100
    # Only the share is reported, so the held-out rows stay unseen by tuning.
    assert agreement >= FROZEN_BAR, agreement


def test_the_corpus_shares_no_headline_with_the_older_sets() -> None:
    older = {
        text.casefold()
        for name in ("headlines.csv", "headlines_holdout.csv")
        for text, _ in _labelled(name)
    }
    headlines = {row.headline.casefold() for row in learning.labelled_headlines()}
    assert not headlines & older


@pytest.mark.parametrize("name", ["headlines.csv", "headlines_holdout.csv"])
def test_labelled_sets_are_roughly_balanced(name: str) -> None:
    counts = Counter(tone for _, tone in _labelled(name))
    total = sum(counts.values())
    assert set(counts) == set(Tone)
    assert all(count / total >= 0.25 for count in counts.values()), counts


@pytest.mark.parametrize(
    ("plain", "negated"),
    [
        ("Beboerne føler sig trygge", "Beboerne føler sig ikke trygge"),
        ("Uro i Vapnagaard i nytårsnatten", "Ingen uro i Vapnagaard i nytårsnatten"),
        ("Beboere føler sig utrygge", "Beboere føler sig ikke længere utrygge"),
        ("Nytår med brande i Nøjsomhed", "Nytår uden brande i Nøjsomhed"),
        ("Beboerne klager over støj", "Beboerne klager ikke over støj"),
    ],
)
def test_negation_flips_the_tone(plain: str, negated: str) -> None:
    before, after = suggest_tone(plain), suggest_tone(negated)
    assert Tone.NEUTRAL not in (before.tone, after.tone)
    assert before.tone != after.tone
    assert any("negation" in reason for reason in after.reasons)


def test_negated_direction_word_flips_back() -> None:
    assert suggest_tone("Trygheden stiger i Nøjsomhed").tone == Tone.POSITIVE
    assert suggest_tone("Trygheden er ikke steget i Nøjsomhed").tone == Tone.NEGATIVE
    assert suggest_tone("Kriminaliteten stiger ikke").tone == Tone.POSITIVE


@pytest.mark.parametrize(
    "text",
    [
        "Skud i Vapnagaard",
        "Skyderi ved indkøbscenteret",
        "Knivstik i Nøjsomhed",
        "Razzia i Vapnagaard",
        "Politiet indfører visitationszone",
        "Bandekonflikten blusser op igen",
        "Hærværk på legepladsen",
        "Brand i kælderen",
        "Ildspåsættelse i opgang",
        "To anholdt i Nøjsomhed",
        "Uro ved stationen",
        "Utryghed blandt beboerne",
        "Vapnagaard kommer på ghettolisten",
        "Minister kalder området en hård ghetto",
    ],
)
def test_crime_and_unrest_words_are_negative(text: str) -> None:
    assert suggest_tone(text).tone == Tone.NEGATIVE


@pytest.mark.parametrize(
    "text",
    [
        "Fællesspisning i beboerhuset",
        "Festival i Helsingør Syd",
        "Frivillige hjælper med lektier",
        "Indvielse af den nye legeplads",
        "Stor succes for sommerferieaktiviteterne",
        "Trygheden stiger i Vapnagaard",
        "Færre indbrud i Nøjsomhed",
        "Kriminalitetsfald i Helsingør Syd",
        "Vapnagaard er ude af ghettolisten",
    ],
)
def test_community_news_is_positive(text: str) -> None:
    assert suggest_tone(text).tone == Tone.POSITIVE


@pytest.mark.parametrize(
    "text",
    [
        "Beboermøde i Vapnagaard om helhedsplanen på tirsdag",
        "Renoveringen af Nøjsomhed går i gang til foråret",
        "Boligselskabet holder afdelingsmøde den 12. marts",
        "Ny statistik for Helsingør Syd offentliggøres i næste uge",
        "Informationsmøde om fjernvarme i Vapnagaard",
        "Boligselskabet udskifter vinduer i blok C",
        "Nu kan du søge støtte fra beboerpuljen",
    ],
)
def test_neutral_announcements_are_neutral(text: str) -> None:
    assert suggest_tone(text).tone == Tone.NEUTRAL


def test_direction_words_act_on_the_nearest_sentiment_word() -> None:
    assert suggest_tone("Flere indbrud i Nøjsomhed").tone == Tone.NEGATIVE
    assert suggest_tone("Utrygheden falder i Nøjsomhed").tone == Tone.POSITIVE
    assert suggest_tone("Utrygheden stiger i Nøjsomhed").tone == Tone.NEGATIVE


def test_contrast_weighs_what_follows_men() -> None:
    assert suggest_tone("Beboerne er trygge, men bekymrede").tone == Tone.NEGATIVE
    assert suggest_tone("Beboerne er bekymrede, men trygge").tone == Tone.POSITIVE


@pytest.mark.parametrize(
    ("announcement", "outcome"),
    [
        (
            "Temaaften om vold i hjemmet i beboerhuset",
            "Temaaften om vold i hjemmet samlede 80 beboere",
        ),
        ("Kursus om gæld i beboerhuset", "Kursus om gæld har hjulpet 30 familier ud af gælden"),
        (
            "Informationsmøde om nedrivningen af blok 3",
            "Informationsmøde om nedrivningen trak fuldt hus",
        ),
    ],
)
def test_a_meeting_on_a_hard_topic_is_neutral_unless_an_outcome_is_stated(
    announcement: str, outcome: str
) -> None:
    assert suggest_tone(announcement) == ToneSuggestion(Tone.NEUTRAL, 0.0, [])
    assert suggest_tone(outcome).tone == Tone.POSITIVE


def test_a_meeting_on_a_good_topic_is_neutral_too() -> None:
    assert suggest_tone("Fællesspisning med tema om trivsel").tone == Tone.NEUTRAL
    assert suggest_tone("Dialogmøde om tryghed i Vapnagaard").tone == Tone.NEUTRAL
    # "om aftenen" tells when, not what about.
    assert suggest_tone("Foredrag med hærværk om aftenen").tone == Tone.NEGATIVE


@pytest.mark.parametrize(
    ("plain", "negated"),
    [
        ("Flere hærværksanmeldelser i Vapnagaard", "Ikke flere hærværksanmeldelser i Vapnagaard"),
        ("Mange ville stille op til bestyrelsen", "Ingen ville stille op til bestyrelsen"),
        ("Lektiecaféen får penge til at fortsætte", "Lektiecaféen får ikke penge til at fortsætte"),
        ("Flere ansøgere til ungdomsboligerne", "Ingen ansøgere til ungdomsboligerne"),
        ("Beboerne kom til skade ved branden", "Ingen kom til skade ved branden"),
    ],
)
def test_negation_and_absence_reverse_a_thing(plain: str, negated: str) -> None:
    assert suggest_tone(plain).tone != suggest_tone(negated).tone
    reasons = suggest_tone(negated).reasons
    assert any("negation" in reason or "fravær" in reason for reason in reasons), reasons


def test_absence_is_bad_news_but_not_a_practical_notice() -> None:
    assert suggest_tone("Ingen ville stille op til bestyrelsen").reasons == [
        "ingen ville (fravær, \u22122)"
    ]
    assert suggest_tone("Familierne kan ikke få genhusning").tone == Tone.NEGATIVE
    assert suggest_tone("Beboerbladet udkommer ikke i juli").tone == Tone.NEUTRAL
    assert suggest_tone("Afstemningen er endnu ikke afgjort").tone == Tone.NEUTRAL


@pytest.mark.parametrize(
    ("text", "tone"),
    [
        ("Selv om indbruddene er faldet, er beboerne stadig utrygge", Tone.NEGATIVE),
        ("Selv om beboerne er utrygge, er indbruddene faldet", Tone.POSITIVE),
        ("Trods regn: 200 beboere kom til sommerfesten", Tone.POSITIVE),
        ("Trods løfter: Elevatorerne står stadig stille", Tone.NEGATIVE),
        ("Trods protester fældes træerne", Tone.NEGATIVE),
        ("Flot renovering, men huslejen stiger", Tone.NEGATIVE),
        # A main clause without a sentiment word still goes against what was conceded.
        ("Det var svært i starten, men nu spiller klubben hver aften", Tone.POSITIVE),
        ("Flot ny legeplads, men børnene må ikke bruge den", Tone.NEGATIVE),
    ],
)
def test_after_a_contrast_the_main_clause_decides(text: str, tone: Tone) -> None:
    assert suggest_tone(text).tone == tone


def test_a_conceded_clause_is_named_in_the_reasons() -> None:
    assert suggest_tone("Trods regn: 200 beboere kom til sommerfesten").reasons == [
        "sommerfesten (fest, hovedsætning, +3)"
    ]
    assert suggest_tone("Det var svært i starten, men nu spiller klubben hver aften").reasons == [
        "svært (vendt af men, +1.5)"
    ]


@pytest.mark.parametrize(
    ("good", "bad"),
    [
        ("Ledigheden er halveret i Nøjsomhed", "Beskæftigelsen er halveret i Nøjsomhed"),
        ("Huslejen falder igen", "Huslejen stiger igen"),
        ("Flere beboere i arbejde", "Færre beboere i arbejde"),
        ("Foreningen har fordoblet sit medlemstal", "Antallet af indbrud er fordoblet"),
        ("Flere ansøgere til boligerne", "Antallet af ansøgere falder"),
        ("Færre udsættelser i Vapnagaard", "Dobbelt så mange udsættelser i Vapnagaard"),
    ],
)
def test_a_change_decides_together_with_the_thing_that_changes(good: str, bad: str) -> None:
    assert (suggest_tone(good).tone, suggest_tone(bad).tone) == (Tone.POSITIVE, Tone.NEGATIVE)


def test_a_thing_that_does_not_change_is_only_a_subject() -> None:
    for text in ("Huslejen i Vapnagaard", "Beskæftigelsen i Nøjsomhed", "Antallet af ansøgere"):
        assert suggest_tone(text) == ToneSuggestion(Tone.NEUTRAL, 0.0, []), text


@pytest.mark.parametrize(
    ("text", "tone"),
    [
        ("Købmanden drejer nøglen om", Tone.NEGATIVE),
        ("Politiet rykkede ud til Vapnagaard i nat", Tone.NEGATIVE),
        ("Elevatorerne er ude af drift igen", Tone.NEGATIVE),
        ("Beboerhuset er lukket", Tone.NEGATIVE),
        ("Alle billetter til koncerten er revet væk", Tone.POSITIVE),
        ("Der er venteliste til nyttehaverne", Tone.POSITIVE),
        ("Pigerne fra Nøjsomhed vandt DM i fodbold", Tone.POSITIVE),
        ("Ny købmand åbner på torvet", Tone.POSITIVE),
    ],
)
def test_events_that_imply_a_verdict(text: str, tone: Tone) -> None:
    assert suggest_tone(text).tone == tone


def test_a_full_stop_after_an_abbreviation_or_number_does_not_end_the_sentence() -> None:
    # "Bakkegård" stays a name inside the sentence, so it is not read as the word "gård",
    # and "flere" still reaches "uden job" in the same sentence.
    assert suggest_tone("Flere i Gl. Bakkegård er uden job").reasons == [
        "flere … uden job (stigende, \u22122.5)"
    ]


def test_capitalised_names_inside_a_sentence_are_not_scored() -> None:
    assert suggest_tone("Brand i Nøjsomhed").tone == Tone.NEGATIVE
    named = suggest_tone("Borgmester Mette Brand besøger Nøjsomhed")
    assert (named.tone, named.score, named.reasons) == (Tone.NEUTRAL, 0.0, [])


def test_reasons_name_the_deciding_words_with_their_contribution() -> None:
    assert suggest_tone("Hærværk mod børnehave i Vapnagaard").reasons == ["hærværk (\u22123)"]
    assert suggest_tone("Ikke trygt at gå hjem om aftenen").reasons == [
        "ikke trygt (negation, \u22121.5)"
    ]
    compound = suggest_tone("Bandekonflikten blusser op")
    assert compound.reasons == ["bandekonflikten (bandekonflikt, \u22123)"]


def test_reasons_put_the_strongest_contribution_first() -> None:
    reasons = suggest_tone("Stor succes med sommerfestival. Lidt uro om natten").reasons
    assert reasons[0].startswith("stor succes")
    assert any(reason.startswith("lidt uro") for reason in reasons)


def test_the_danish_word_list_from_the_afinn_package_is_used() -> None:
    # Neither word is in the domain supplement: they come from AFINN-da-32.txt.
    assert suggest_tone("Fantastisk").tone == Tone.POSITIVE
    assert suggest_tone("Katastrofe").tone == Tone.NEGATIVE


@pytest.mark.parametrize("text", ["", "   ", "\n\n", "12. marts 2025", "!!!"])
def test_empty_text_is_neutral_with_score_zero(text: str) -> None:
    suggestion = suggest_tone(text)
    assert suggestion == ToneSuggestion(tone=Tone.NEUTRAL, score=0.0, reasons=[])
    assert suggestion.as_json() == {"tone": "neutral", "score": 0.0, "reasons": []}


def test_as_json_is_plain_json() -> None:
    suggestion = suggest_tone("Ingen uro i Vapnagaard i nytårsnatten")
    payload = suggestion.as_json()
    assert payload == {"tone": "positive", "score": 1.5, "reasons": ["ingen uro (negation, +1.5)"]}
    assert json.loads(json.dumps(payload)) == payload
    assert Tone.POSITIVE == "positive"


def _assert_valid(suggestion: ToneSuggestion) -> None:
    assert suggestion.tone in set(Tone)
    assert isinstance(suggestion.score, float)
    assert math.isfinite(suggestion.score)
    assert all(isinstance(reason, str) for reason in suggestion.reasons)
    assert (suggestion.tone == Tone.NEUTRAL) == (abs(suggestion.score) <= NEUTRAL_BAND)
    json.dumps(suggestion.as_json())


@given(st.text())
def test_arbitrary_text_never_raises_and_gives_a_valid_tone(text: str) -> None:
    _assert_valid(suggest_tone(text))


# Rule words, lexicon words, compounds and punctuation in any order, to exercise the
# interactions of negation, scaling, direction words and contrast.
_VOCABULARY = [
    "ikke",
    "ingen",
    "uden",
    "men",
    "meget",
    "lidt",
    "trods",
    "færre",
    "flere",
    "stiger",
    "falder",
    "ude af",
    "uro",
    "tryg",
    "utrygheden",
    "bandekonflikten",
    "kriminalitetsfald",
    "tryghedsvandring",
    "fællesspisning",
    "hård ghetto",
    "Vapnagaard",
    "Brand",
    ",",
    ":",
    ".",
    "–",
    "\n",
]


@given(st.lists(st.sampled_from(_VOCABULARY), max_size=40))
def test_any_mix_of_rule_words_gives_a_valid_tone(words: list[str]) -> None:
    _assert_valid(suggest_tone(" ".join(words)))


# Issue 16, the rules made to generalise: each rule with a pair of named examples.


@pytest.mark.parametrize(
    ("plain", "negated"),
    [
        # Negated after its verb, the subject before the verb is negated with it.
        ("Rygterne om nedskæringer passer", "Rygterne om nedskæringer passer ikke"),
        ("Bandekonflikten har ramt Mjølnerparken", "Bandekonflikten har ikke ramt Mjølnerparken"),
        ("Festen blev aflyst", "Festen blev ikke aflyst"),
    ],
)
def test_a_subject_is_negated_after_its_verb(plain: str, negated: str) -> None:
    assert (suggest_tone(plain).tone, suggest_tone(negated).tone) == (
        Tone.NEGATIVE,
        Tone.POSITIVE,
    )
    assert any("negation" in reason for reason in suggest_tone(negated).reasons)


def test_two_absences_after_none_cancel_but_two_plain_absences_do_not() -> None:
    double = suggest_tone("Ikke én elev står uden uddannelsesplan")
    assert (double.tone, double.reasons) == (
        Tone.POSITIVE,
        ["ikke én … uden (dobbelt negation, +1.5)"],
    )
    assert suggest_tone("Uden tolk forstår de ældre ikke brevene").tone == Tone.NEGATIVE


@pytest.mark.parametrize(
    ("text", "tone"),
    [
        # "Ingen af de unge": the people named are not negated, what they did is.
        ("Ingen af de unge fik læreplads", Tone.NEGATIVE),
        ("Alle de unge fik læreplads", Tone.POSITIVE),
        ("Ingen af deltagerne er igen på kontanthjælp", Tone.POSITIVE),
        # Needing or missing something is not having it.
        ("Skolen mangler lærere", Tone.NEGATIVE),
        ("Skolen får flere lærere", Tone.POSITIVE),
        ("Flere familier har brug for madhjælp", Tone.NEGATIVE),
        # A negated infinitive is not a negated verb before it.
        ("Mange frygter ikke at kunne blive boende", Tone.NEGATIVE),
        # The prefix u- turns a good word.
        ("Nye beboere føler sig velkomne", Tone.POSITIVE),
        ("Nye beboere føler sig uvelkomne", Tone.NEGATIVE),
        ("Eleverne ligger ikke længere under landsgennemsnittet", Tone.POSITIVE),
    ],
)
def test_negation_kinds_seen_in_local_press(text: str, tone: Tone) -> None:
    assert suggest_tone(text).tone == tone


@pytest.mark.parametrize(
    ("text", "tone"),
    [
        ("Huslejen stiger", Tone.NEGATIVE),
        ("Huslejen er uændret", Tone.NEUTRAL),
        ("Kortere ventetid hos beboerrådgiveren", Tone.POSITIVE),
        ("Kortere åbningstid på biblioteket", Tone.NEGATIVE),
        ("Uroen er ovre", Tone.POSITIVE),
        ("Uroen er ikke ovre", Tone.NEGATIVE),
        # A word of the same sign right after the one that changes changes with it.
        ("Færre unge sigtet for kriminalitet", Tone.POSITIVE),
        ("Færre deltager i fællesspisningen", Tone.NEGATIVE),
        # What people take part in is a thing that can grow or shrink.
        ("Flere drenge går til fodbold", Tone.POSITIVE),
        ("Færre piger går til sport", Tone.NEGATIVE),
        ("Flere søger bolig i Vollsmose", Tone.POSITIVE),
        # Few where more were hoped for.
        ("Over hundrede beboere mødte op", Tone.POSITIVE),
        ("Kun tre beboere mødte op", Tone.NEGATIVE),
    ],
)
def test_changes_and_quantities(text: str, tone: Tone) -> None:
    assert suggest_tone(text).tone == tone


def test_few_is_bad_news_on_its_own() -> None:
    assert suggest_tone("Kun to af 40 stole var besat").reasons == ["kun to (få, \u22121.5)"]


@pytest.mark.parametrize(
    ("notice", "news"),
    [
        ("Send dit bedste billede af Solbakken", "Det bedste billede af Solbakken"),
        ("Sådan taler du med din teenager om hash", "Teenagere handler med hash"),
        ("Tilmeldingen til sommerlejren åbner 1. maj", "Ny købmand åbner på torvet"),
        ("Der er ingen fællesspisning i uge 7", "Der er ingen fællesspisning længere"),
        ("Beboerrådgiveren inviterer til samtale om gæld", "Flere familier har gæld"),
    ],
)
def test_notices_are_neutral_and_the_same_words_as_news_are_not(notice: str, news: str) -> None:
    assert suggest_tone(notice).tone == Tone.NEUTRAL
    assert suggest_tone(news).tone != Tone.NEUTRAL


@pytest.mark.parametrize(
    ("text", "tone"),
    [
        # Crime and police.
        ("Tre lejligheder ransaget i nat", Tone.NEGATIVE),
        ("Skud affyret mod opgang", Tone.NEGATIVE),
        # Decline, closing and doing without.
        ("Klubben må lukke", Tone.NEGATIVE),
        ("Lægen holder sidste konsultation", Tone.NEGATIVE),
        ("Børnene må undvære klubben", Tone.NEGATIVE),
        # Arriving, achieving and being recognised.
        ("Jobcentret flytter ind på torvet", Tone.POSITIVE),
        ("Pigerne sejrede i finalen", Tone.POSITIVE),
        ("Landsholdsspiller besøger sin gamle klub", Tone.POSITIVE),
    ],
)
def test_classes_of_events_without_sentiment_words(text: str, tone: Tone) -> None:
    assert suggest_tone(text).tone == tone


def test_a_single_plain_word_decides_but_meeting_words_say_nothing() -> None:
    assert suggest_tone("Unge bygger app til beboerne").tone == Tone.POSITIVE
    assert suggest_tone("Bestyrelsen mødes med kommunen") == ToneSuggestion(Tone.NEUTRAL, 0.0, [])


def test_the_excerpt_is_read_with_the_same_rules_and_the_headline_leads() -> None:
    silent = suggest_tone(
        mention_text(headline="Nyt fra Vollsmose", excerpt="Politiet rykkede ud efter knivstik")
    )
    assert silent.tone == Tone.NEGATIVE
    assert all("uddrag" in reason for reason in silent.reasons)
    # Equally strong words: the headline's counts more than the excerpt's.
    both = suggest_tone(mention_text(headline="Beboerne er trygge", excerpt="Beboerne er utrygge"))
    assert both.score > 0
    assert both.reasons[1].startswith("utrygge (utryg, uddrag, ")


def test_a_question_asks_and_does_not_tell() -> None:
    question = "Fællesmøde om fremtidens boligområde: Skal blok 3 rives ned?"
    assert suggest_tone(question) == ToneSuggestion(Tone.NEUTRAL, 0.0, [])
    # What comes before the question's clause still counts.
    assert suggest_tone("Knivstik i Vollsmose: Hvad gør politiet?").tone == Tone.NEGATIVE


def test_conceded_weather_is_background() -> None:
    weather = suggest_tone("Selv om vejret er godt, holdes mødet inde i beboerhuset")
    assert weather == ToneSuggestion(Tone.NEUTRAL, 0.0, [])
    mood = suggest_tone("Selv om stemningen er god, holdes mødet inde i beboerhuset")
    assert mood.tone == Tone.NEGATIVE


def test_the_excerpt_of_a_meeting_notice_describes_its_topic() -> None:
    excerpt = "Kommunen inviterer beboerne til at fortælle, hvor de føler sig utrygge."
    notice = suggest_tone(mention_text(headline="Borgermøde om utryghed", excerpt=excerpt))
    assert notice == ToneSuggestion(Tone.NEUTRAL, 0.0, [])
    news = suggest_tone(mention_text(headline="Nyt fra Vollsmose", excerpt=excerpt))
    assert news.tone == Tone.NEGATIVE


@pytest.mark.parametrize(
    ("plain", "negated"),
    [
        # "Ingen" before a second negator negates that one.
        (
            "Flere familier mangler en plads i vuggestuen",
            "Ingen familier mangler længere en plads i vuggestuen",
        ),
        # What is negated takes a word of the same sign right after it along.
        (
            "Vollsmose kommer på listen over udsatte boligområder",
            "Vollsmose er ikke længere på listen over udsatte boligområder",
        ),
    ],
)
def test_negation_reaches_a_second_negator_and_the_rest_of_a_phrase(
    plain: str, negated: str
) -> None:
    assert (suggest_tone(plain).tone, suggest_tone(negated).tone) == (
        Tone.NEGATIVE,
        Tone.POSITIVE,
    )


def test_a_price_is_a_thing_and_a_prize_a_good_word() -> None:
    assert suggest_tone("Prisen på fjernvarme stiger").tone == Tone.NEGATIVE
    assert suggest_tone("Prisen på fjernvarme falder").tone == Tone.POSITIVE
    assert suggest_tone("Ildsjæl fra Vollsmose får pris").tone == Tone.POSITIVE
