"""The words a respondent reads around the questions: the scale's labels, the buttons and the
messages, in each language a version is asked in.

Danish and English come with the product (``DEFAULTS``); another language's phrases are
entered with its translation (``Language.phrases``). A phrase a language lacks is shown in
Danish, so a page never breaks while a translation is under way.
"""

from __future__ import annotations

from collections.abc import Mapping

# Every phrase, by key, with what it is for (shown to the translator).
PHRASES: dict[str, str] = {
    "scale_1": "The scale's first label: strongly disagree",
    "scale_2": "The scale's second label: disagree",
    "scale_3": "The scale's middle label: neither agree nor disagree",
    "scale_4": "The scale's fourth label: agree",
    "scale_5": "The scale's fifth label: strongly agree",
    "yes": "Yes",
    "no": "No",
    "choose_language": "The heading over the list of languages",
    "anonymous": "The promise that the answers are anonymous",
    "optional": "The hint that every question may be left out",
    "submit": "The button that sends the answers",
    "thanks": "The heading after the answers are sent",
    "thanks_text": "The text after the answers are sent",
    "closed": "The message when the wave is closed",
    "answered": "The message when the device has already answered",
    "errors": "The heading over the list of answers to correct",
    "paper_how": "The paper form: how to mark an answer",
    "paper_correct": "The paper form: how to correct a mark",
    "page": "The paper form: 'Page' before its number",
}

DEFAULTS: dict[str, dict[str, str]] = {
    "da": {
        "scale_1": "Helt uenig",
        "scale_2": "Uenig",
        "scale_3": "Hverken enig eller uenig",
        "scale_4": "Enig",
        "scale_5": "Helt enig",
        "yes": "Ja",
        "no": "Nej",
        "choose_language": "Vælg sprog",
        "anonymous": "Dine svar er anonyme. Vi gemmer ikke, hvem du er.",
        "optional": "Du kan springe de spørgsmål over, du ikke vil svare på.",
        "submit": "Send svarene",
        "thanks": "Tak for dine svar",
        "thanks_text": "Dine svar er gemt. De hjælper os med at gøre rådgivningen bedre.",
        "closed": "Spørgeskemaet er lukket for svar i denne runde.",
        "answered": "Der er allerede svaret fra denne enhed i denne runde. Tak for det!",
        "errors": "Ret venligst dette",
        "paper_how": "Sæt ét kryds i boksen ud for dit svar.",
        "paper_correct": "Forkert kryds? Udfyld boksen helt, og sæt kryds i en anden.",
        "page": "Side",
    },
    "en": {
        "scale_1": "Strongly disagree",
        "scale_2": "Disagree",
        "scale_3": "Neither agree nor disagree",
        "scale_4": "Agree",
        "scale_5": "Strongly agree",
        "yes": "Yes",
        "no": "No",
        "choose_language": "Choose language",
        "anonymous": "Your answers are anonymous. We do not keep who you are.",
        "optional": "You may skip any question you do not want to answer.",
        "submit": "Send the answers",
        "thanks": "Thank you for your answers",
        "thanks_text": "Your answers are saved. They help us make the counselling better.",
        "closed": "The questionnaire is closed for answers in this round.",
        "answered": "This device has already answered in this round. Thank you!",
        "errors": "Please correct this",
        "paper_how": "Put one cross in the box next to your answer.",
        "paper_correct": "Crossed the wrong box? Fill that box completely and cross another.",
        "page": "Page",
    },
}


def phrases_for(code: str, entered: Mapping[str, str]) -> dict[str, str]:
    """A language's phrases: those entered for it, else the product's for that language, else
    Danish."""
    own = DEFAULTS.get(code, {})
    return {
        key: (entered.get(key) or own.get(key) or DEFAULTS["da"][key]).strip() for key in PHRASES
    }
